#include "service/extract/docx.h"

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <zip.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "service/extract/readers.h"

namespace govreport::extract {
namespace {

constexpr char kWordNs[] = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
constexpr int kMaxDepth = 200;

struct ZipCloser {
  void operator()(zip_t* z) const { zip_discard(z); }
};
struct XmlDocFree {
  void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};

// One member of the package, read whole but never more than `limit` bytes.
absl::StatusOr<std::string> ReadMember(zip_t* zip, const char* name, size_t limit) {
  zip_int64_t index = zip_name_locate(zip, name, 0);
  if (index < 0) return absl::NotFoundError(absl::StrCat("no ", name, " in the package"));
  std::unique_ptr<zip_file_t, decltype(&zip_fclose)> file(zip_fopen_index(zip, index, 0),
                                                          &zip_fclose);
  if (file == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat("damaged or encrypted .docx: ", name,
                                                   " cannot be read (", zip_strerror(zip), ")"));
  }
  std::string out;
  char buffer[64 * 1024];
  while (true) {
    zip_int64_t n = zip_fread(file.get(), buffer, sizeof buffer);
    if (n < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("damaged .docx: ", name, " does not decompress"));
    }
    if (n == 0) break;
    out.append(buffer, static_cast<size_t>(n));
    if (out.size() > limit) {
      return absl::InvalidArgumentError(
          absl::StrCat("the .docx ", name, " decompresses to more than ", limit, " bytes"));
    }
  }
  return out;
}

bool IsWord(const xmlNode* node, const char* name) {
  return node->type == XML_ELEMENT_NODE && node->ns != nullptr &&
         std::strcmp(reinterpret_cast<const char*>(node->ns->href), kWordNs) == 0 &&
         std::strcmp(reinterpret_cast<const char*>(node->name), name) == 0;
}

const xmlNode* WordChild(const xmlNode* node, const char* name) {
  for (const xmlNode* c = node->children; c != nullptr; c = c->next) {
    if (IsWord(c, name)) return c;
  }
  return nullptr;
}

// w:val of a property element; `fallback` if the element or attribute is absent.
std::string WordVal(const xmlNode* node, const std::string& fallback) {
  if (node == nullptr) return fallback;
  xmlChar* value = xmlGetNsProp(node, reinterpret_cast<const xmlChar*>("val"),
                                reinterpret_cast<const xmlChar*>(kWordNs));
  if (value == nullptr) return fallback;
  std::string out(reinterpret_cast<const char*>(value));
  xmlFree(value);
  return out;
}

int IntVal(const xmlNode* node) {
  int v = std::atoi(WordVal(node, "1").c_str());
  return std::clamp(v, 1, kMaxSpan);
}

// A table cell as the grid sees it before vertical merges are resolved.
struct WordCell {
  std::string text;
  size_t column = 0;  // first grid column
  int colspan = 1;
  enum class Merge { kNone, kRestart, kContinue } merge = Merge::kNone;
};

class DocxBuilder {
 public:
  explicit DocxBuilder(Document* doc) : writer_(doc) {}

  // Body-level content: paragraphs, tables, and containers (w:sdt, w:customXml)
  // that hold them.
  void Blocks(const xmlNode* node, int depth) {
    if (depth > kMaxDepth) return;
    for (; node != nullptr; node = node->next) {
      if (node->type != XML_ELEMENT_NODE) continue;
      if (IsWord(node, "p")) {
        std::vector<std::string> lines(1);
        ParagraphText(node->children, depth + 1, &lines);
        for (const std::string& line : lines) writer_.AddParagraph(line);
      } else if (IsWord(node, "tbl")) {
        Table(node, depth + 1);
      } else {
        Blocks(node->children, depth + 1);
      }
    }
  }

 private:
  // Run text of a paragraph; a w:br starts a new line, as <br> does in HTML.
  static void ParagraphText(const xmlNode* node, int depth, std::vector<std::string>* lines) {
    if (depth > kMaxDepth) return;
    for (; node != nullptr; node = node->next) {
      if (node->type != XML_ELEMENT_NODE) continue;
      if (IsWord(node, "t")) {
        xmlChar* text = xmlNodeGetContent(node);
        if (text != nullptr) {
          lines->back().append(reinterpret_cast<const char*>(text));
          xmlFree(text);
        }
      } else if (IsWord(node, "tab")) {
        lines->back().push_back(' ');
      } else if (IsWord(node, "br") || IsWord(node, "cr")) {
        lines->emplace_back();
      } else if (IsWord(node, "noBreakHyphen")) {
        lines->back().push_back('-');
      } else if (IsWord(node, "delText") || IsWord(node, "instrText") || IsWord(node, "del") ||
                 IsWord(node, "pPr") || IsWord(node, "rPr")) {
        // Deleted revisions, field codes and formatting are not text.
      } else if (IsWord(node, "p")) {
        // A paragraph nested in a text box or cell runs into its container.
        lines->back().push_back(' ');
        ParagraphText(node->children, depth + 1, lines);
      } else {
        ParagraphText(node->children, depth + 1, lines);
      }
    }
  }

  static std::string CellText(const xmlNode* tc, int depth) {
    std::vector<std::string> lines(1);
    ParagraphText(tc->children, depth + 1, &lines);
    std::string out;
    for (const std::string& line : lines) {
      if (!out.empty()) out.push_back(' ');
      out.append(line);
    }
    return out;
  }

  void Table(const xmlNode* tbl, int depth) {
    std::vector<std::vector<WordCell>> rows;
    for (const xmlNode* tr = tbl->children; tr != nullptr; tr = tr->next) {
      if (!IsWord(tr, "tr")) continue;
      std::vector<WordCell> row;
      size_t column = 0;
      if (const xmlNode* trPr = WordChild(tr, "trPr")) {
        if (const xmlNode* before = WordChild(trPr, "gridBefore")) {
          column = static_cast<size_t>(IntVal(before));
          row.push_back({"", 0, static_cast<int>(column), WordCell::Merge::kNone});
        }
      }
      for (const xmlNode* tc = tr->children; tc != nullptr; tc = tc->next) {
        if (!IsWord(tc, "tc")) continue;
        WordCell cell;
        cell.column = column;
        if (const xmlNode* tcPr = WordChild(tc, "tcPr")) {
          cell.colspan = IntVal(WordChild(tcPr, "gridSpan"));
          if (const xmlNode* vmerge = WordChild(tcPr, "vMerge")) {
            cell.merge = WordVal(vmerge, "continue") == "restart" ? WordCell::Merge::kRestart
                                                                  : WordCell::Merge::kContinue;
          }
        }
        cell.text = CellText(tc, depth + 1);
        column += static_cast<size_t>(cell.colspan);
        row.push_back(std::move(cell));
      }
      rows.push_back(std::move(row));
    }
    // vMerge to rowspan: a restart cell spans the continue cells below it in
    // its grid column; those are then covered, not listed.
    std::vector<std::vector<SourceCell>> source(rows.size());
    for (size_t r = 0; r < rows.size(); ++r) {
      for (const WordCell& cell : rows[r]) {
        if (cell.merge == WordCell::Merge::kContinue && r > 0 && Covered(rows, r, cell.column)) {
          continue;
        }
        int rowspan = 1;
        if (cell.merge == WordCell::Merge::kRestart) {
          while (r + rowspan < rows.size() && ContinuesAt(rows[r + rowspan], cell.column)) {
            ++rowspan;
          }
        }
        source[r].push_back({cell.text, rowspan, cell.colspan});
      }
    }
    writer_.AddTable(source);
  }

  static bool ContinuesAt(const std::vector<WordCell>& row, size_t column) {
    for (const WordCell& c : row) {
      if (c.column == column) return c.merge == WordCell::Merge::kContinue;
    }
    return false;
  }

  // A continue cell whose column has a restart above it through continues.
  static bool Covered(const std::vector<std::vector<WordCell>>& rows, size_t r, size_t column) {
    for (size_t up = r; up-- > 0;) {
      const WordCell* above = nullptr;
      for (const WordCell& c : rows[up]) {
        if (c.column == column) above = &c;
      }
      if (above == nullptr || above->merge == WordCell::Merge::kNone) return false;
      if (above->merge == WordCell::Merge::kRestart) return true;
    }
    return false;
  }

  BlockWriter writer_;
};

std::unique_ptr<xmlDoc, XmlDocFree> ParseXml(const std::string& xml, const char* name) {
  // No entity substitution and no network: a package cannot pull in files.
  return std::unique_ptr<xmlDoc, XmlDocFree>(
      xmlReadMemory(xml.data(), static_cast<int>(xml.size()), name, nullptr,
                    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING));
}

// dc:title of docProps/core.xml, or empty.
std::string CoreTitle(zip_t* zip) {
  auto xml = ReadMember(zip, "docProps/core.xml", 1u << 20);
  if (!xml.ok()) return "";
  auto doc = ParseXml(*xml, "core.xml");
  if (doc == nullptr) return "";
  const xmlNode* root = xmlDocGetRootElement(doc.get());
  for (const xmlNode* c = root != nullptr ? root->children : nullptr; c != nullptr; c = c->next) {
    if (c->type == XML_ELEMENT_NODE &&
        std::strcmp(reinterpret_cast<const char*>(c->name), "title") == 0) {
      xmlChar* text = xmlNodeGetContent(c);
      std::string out = text != nullptr ? reinterpret_cast<const char*>(text) : "";
      xmlFree(text);
      return out;
    }
  }
  return "";
}

}  // namespace

absl::StatusOr<Document> ReadDocx(absl::string_view bytes, const DocxLimits& limits) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (source == nullptr) {
    zip_error_fini(&error);
    return absl::InvalidArgumentError("damaged .docx: not a readable ZIP package");
  }
  std::unique_ptr<zip_t, ZipCloser> zip(zip_open_from_source(source, ZIP_RDONLY, &error));
  if (zip == nullptr) {
    zip_source_free(source);
    std::string reason = zip_error_strerror(&error);
    zip_error_fini(&error);
    return absl::InvalidArgumentError(
        absl::StrCat("damaged or truncated .docx: not a readable ZIP package (", reason, ")"));
  }
  zip_error_fini(&error);
  auto xml = ReadMember(zip.get(), "word/document.xml", limits.max_xml_bytes);
  if (!xml.ok()) {
    if (absl::IsNotFound(xml.status())) {
      return absl::InvalidArgumentError("not a Word .docx: the package has no word/document.xml");
    }
    return xml.status();
  }
  auto tree = ParseXml(*xml, "document.xml");
  const xmlNode* root = tree != nullptr ? xmlDocGetRootElement(tree.get()) : nullptr;
  const xmlNode* body = root != nullptr ? WordChild(root, "body") : nullptr;
  if (body == nullptr) {
    return absl::InvalidArgumentError("damaged .docx: word/document.xml has no document body");
  }
  Document doc;
  doc.html_title = NormalizeText(CoreTitle(zip.get()));
  DocxBuilder builder(&doc);
  builder.Blocks(body->children, 0);
  return doc;
}

}  // namespace govreport::extract
