#ifndef GOVREPORT_SERVICE_EXTRACT_READERS_H_
#define GOVREPORT_SERVICE_EXTRACT_READERS_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/string_view.h"
#include "service/extract/document.h"

namespace govreport::extract {

// The largest rowspan/colspan honoured; beyond it a span is hostile input.
inline constexpr int kMaxSpan = 500;

// One table cell as a source format states it, before spans are expanded.
struct SourceCell {
  std::string text;  // raw cell text (not yet normalised)
  int rowspan = 1;
  int colspan = 1;
};

// Appends blocks in reading order to a Document: paragraphs of running text
// and tables whose spanning cells are expanded into a grid (a label cell
// spanning 22 rows labels each of them). The HTML and DOCX readers both write
// through it, so their tables reach the mappers in one form.
class BlockWriter {
 public:
  explicit BlockWriter(Document* doc);
  // Newlines and tabs become spaces; blank paragraphs are dropped.
  void AddParagraph(absl::string_view text);
  // rows[r] lists the cells that start in row r, left to right; cells covered
  // by a span from an earlier row or column are not listed.
  void AddTable(const std::vector<std::vector<SourceCell>>& rows);

 private:
  Document* doc_;
};

// What ReadHtml hands to libxml2. kLean strips the markup the reader never
// reads first (StripUnreadMarkup), which more than halves the parse; kAsIs is
// the page unchanged, kept so tests and the fuzzer can check both read the
// same.
enum class HtmlInput { kLean, kAsIs };

// Parses HTML (already decoded to valid UTF-8, as DecodeToUtf8 returns it: libxml2's push and
// pull parsers recover from invalid bytes differently) with libxml2's HTML parser: text blocks
// in reading order, every <table> as a grid with rowspan/colspan expanded.
Document ReadHtml(absl::string_view utf8_html, HtmlInput input = HtmlInput::kLean);

// Reads plain text: running text joined into paragraphs, and tables in any of
// the flattened forms (cell per line ending in " |", "| a | b |" pipe rows,
// whitespace-aligned columns from pdftotext -layout) as rows.
Document ReadText(absl::string_view utf8_text);

// True for page chrome lines (发布时间/浏览次数/字体 lines, share widgets,
// QR-code and footer text); exposed for tests.
bool IsChromeLine(absl::string_view normalized_line);

}  // namespace govreport::extract

#endif  // GOVREPORT_SERVICE_EXTRACT_READERS_H_
