#include "service/extract/readers.h"

#include <libxml/HTMLparser.h>
#include <libxml/parserInternals.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "absl/container/flat_hash_map.h"
#include "absl/container/inlined_vector.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "service/extract/markup_filter.h"
#include "service/extract/normalize.h"
#include "service/extract/numbers.h"

namespace govreport::extract {
namespace {

// How deep a page may nest before the parse stops. libxml2 scans its stack of
// open elements for every end tag, so deep nesting with many end tags costs
// depth × end tags. Messy pages nest deep for real (every paragraph leaving a
// <font> open), so the bound is what a budget of stack steps allows for this
// page's end tags, and never below libxml2's own tree limit of 256.
constexpr size_t kMinDepthBound = 256;
size_t MaxDepth(absl::string_view html) {
  constexpr size_t kStackStepBudget = 50'000'000;  // about 0.1 s
  constexpr size_t kCeiling = 1 << 20;
  const size_t end_tags = CountOccurrences(html, "</");
  return std::clamp(kStackStepBudget / std::max<size_t>(end_tags, 1), kMinDepthBound, kCeiling);
}

constexpr absl::string_view kChromeMarkers[] = {
    "浏览次数", "浏览量", "阅读次数", "点击数", "字体:", "字号:", "文字大小", "背景色", "分享到",
    "打印本页", "关闭窗口", "扫一扫", "二维码", "主办单位", "承办:", "ICP备", "公网安备",
    "网站标识码", "技术支持", "网站地图", "您当前的位置", "当前位置:", "责任编辑", "上一篇",
    "下一篇", "文件下载", "政策咨询", "标签:", "如果您对该政策文件有疑问", "【打印", "[打印",
    "收藏本页", "阅读:", "的位置:",
    // A breadcrumb trail, whatever punctuation leads it.
    "首页>"};

// A standalone report title line: names the report, no sentence punctuation.
bool LooksLikeTitleLine(absl::string_view norm) {
  return norm.size() < 150 && ContainsText(norm, "报告") &&
         (ContainsText(norm, "信息公开") || ContainsText(norm, "政务公开")) &&
         !ContainsText(norm, "。") && !ContainsText(norm, ",") && !ContainsText(norm, "《");
}

// "2019年3月5日", "2019-03-05": a date line (signature or CMS timestamp).
bool StartsWithDate(absl::string_view norm) {
  size_t digits = 0;
  while (digits < norm.size() && norm[digits] >= '0' && norm[digits] <= '9') ++digits;
  if (digits != 4) return false;
  absl::string_view rest = norm.substr(4);
  return absl::StartsWith(rest, "年") || absl::StartsWith(rest, "-") ||
         absl::StartsWith(rest, ".") || absl::StartsWith(rest, "/");
}

bool IsHeadingStart(absl::string_view norm) {
  if (!LeadingChineseOrdinal(norm).empty()) return true;
  if (absl::StartsWith(norm, "(") && norm.size() > 3) {
    size_t close = norm.find(')');
    return close != absl::string_view::npos && close < 12;
  }
  return false;
}

// ---------------------------------------------------------------- HTML ---
// libxml2's HTML parser, driven through its SAX interface: the events are
// routed straight into blocks, with no tree built and walked. Measured against
// gumbo and against libxml2 building a DOM in bench/html_parser_bench.cc.

// What a tag means to the reader. libxml2 lower-cases HTML tag names.
enum class Tag : uint8_t {
  kOther,
  kBlock,
  kSkipped,
  kHead,
  kTitle,
  kTable,
  kSection,
  kRow,
  kCell,
  kBr
};

// Tags not listed are read through (kOther); the markup filter takes some of
// them out of pages before parsing (IsTransparentInline) and relies on that.
Tag TagOf(absl::string_view name) {
  static const auto* tags = new absl::flat_hash_map<absl::string_view, Tag>{
      {"p", Tag::kBlock},          {"div", Tag::kBlock},
      {"h1", Tag::kBlock},         {"h2", Tag::kBlock},
      {"h3", Tag::kBlock},         {"h4", Tag::kBlock},
      {"h5", Tag::kBlock},         {"h6", Tag::kBlock},
      {"li", Tag::kBlock},         {"ul", Tag::kBlock},
      {"ol", Tag::kBlock},         {"dl", Tag::kBlock},
      {"dt", Tag::kBlock},         {"dd", Tag::kBlock},
      {"section", Tag::kBlock},    {"article", Tag::kBlock},
      {"header", Tag::kBlock},     {"footer", Tag::kBlock},
      {"nav", Tag::kBlock},        {"aside", Tag::kBlock},
      {"center", Tag::kBlock},     {"form", Tag::kBlock},
      {"blockquote", Tag::kBlock}, {"pre", Tag::kBlock},
      {"hr", Tag::kBlock},         {"body", Tag::kBlock},
      {"address", Tag::kBlock},    {"figure", Tag::kBlock},
      {"main", Tag::kBlock},       {"script", Tag::kSkipped},
      {"style", Tag::kSkipped},    {"noscript", Tag::kSkipped},
      {"template", Tag::kSkipped}, {"iframe", Tag::kSkipped},
      {"head", Tag::kHead},        {"title", Tag::kTitle},
      {"table", Tag::kTable},      {"tbody", Tag::kSection},
      {"thead", Tag::kSection},    {"tfoot", Tag::kSection},
      {"tr", Tag::kRow},           {"td", Tag::kCell},
      {"th", Tag::kCell},          {"br", Tag::kBr}};
  auto it = tags->find(name);
  return it == tags->end() ? Tag::kOther : it->second;
}

int SpanAttribute(const xmlChar** attributes, absl::string_view name) {
  for (const xmlChar** a = attributes; a != nullptr && a[0] != nullptr; a += 2) {
    if (name == reinterpret_cast<const char*>(a[0])) {
      return a[1] == nullptr ? 1 : std::atoi(reinterpret_cast<const char*>(a[1]));
    }
  }
  return 1;
}

// Turns the parser's element and text events into blocks. Running text is
// cut into paragraphs at block elements, cells and <br>; a <table>'s cells
// (td/th of its tr rows, directly or through tbody/thead/tfoot) become a grid,
// and anything nested in a cell, tables included, is that cell's text, with
// each break in it one space (the markup filter relies on that). Text
// directly inside table structure (outside cells), in <head> other than its
// <title>, and in scripts, styles and frames is dropped.
class HtmlStream {
 public:
  // `page`: the page as it came, whose end tags set the depth bound.
  HtmlStream(Document* doc, absl::string_view page) : writer_(doc), doc_(doc), page_(page) {}

  // False when the page nests deeper than MaxDepth(page), or holds more than
  // the document's bounds (Document::Add): the parse stops there.
  bool Start(const xmlChar* raw_name, const xmlChar** attributes) {
    if (frames_.size() >= max_depth_) {
      // Counting the end tags takes a scan of the whole page, which only the
      // rare page nesting past the least bound needs.
      if (!depth_bound_counted_) {
        max_depth_ = MaxDepth(page_);
        depth_bound_counted_ = true;
      }
      if (frames_.size() >= max_depth_) {
        doc_->nesting_cut = true;
        stopped_ = true;
        return false;
      }
    }
    if (doc_->over_limit) {
      stopped_ = true;
      return false;
    }
    StartElement(raw_name, attributes);
    return true;
  }

  // Whether Start asked the parser to stop.
  bool stopped() const { return stopped_; }

  void End() {
    if (frames_.empty()) return;
    const Context closed = frames_.back();
    frames_.pop_back();
    const Context parent = frames_.empty() ? Context::kBody : frames_.back();
    switch (closed) {
      case Context::kBodyBlock:
        Flush();
        break;
      case Context::kInnerBlock:
        inner_break_ = true;
        break;
      case Context::kTitle:
        doc_->html_title = NormalizeText(title_);
        break;
      case Context::kTable:
        if (parent != Context::kTable) writer_.AddTable(table_);
        break;
      default:
        break;
    }
  }

  // Text as libxml2 reports it: with the lean page's placeholders in it.
  void Text(absl::string_view text) {
    switch (frames_.empty() ? Context::kBody : frames_.back()) {
      case Context::kBody:
      case Context::kBodyBlock:
        ForEachTextPiece(text, text_runs_, [this](absl::string_view piece) {
          line_.append(piece.data(), piece.size());
        });
        break;
      case Context::kTitle:
      case Context::kInner:
      case Context::kInnerBlock:
        ForEachTextPiece(text, text_runs_, [this](absl::string_view piece) { AppendInner(piece); });
        break;
      default:
        break;
    }
  }

  // The runs the lean page's placeholders stand for.
  void SetTextRuns(absl::Span<const absl::string_view> runs) { text_runs_ = runs; }

  // Closes what a stopped parse left open, so its text is not lost.
  void Finish() {
    while (!frames_.empty()) End();
    Flush();
  }

 private:
  // Where the text inside an open element goes.
  enum class Context : uint8_t {
    kBody,        // running text
    kBodyBlock,   // running text; the paragraph ends with the element
    kHead,        // dropped, except a <title> child
    kTitle,       // the page title; inner text
    kTable,       // table structure: only rows count
    kRow,         // a row: only cells count
    kInner,       // inner text of a cell or the title: one line, no blocks
    kInnerBlock,  // inner text, spaced off at both ends
    kDropped,
  };

  void StartElement(const xmlChar* raw_name, const xmlChar** attributes) {
    const Context context = frames_.empty() ? Context::kBody : frames_.back();
    const Tag tag = CachedTagOf(raw_name);
    switch (context) {
      case Context::kDropped:
        frames_.push_back(Context::kDropped);
        return;
      case Context::kHead:
        frames_.push_back(tag == Tag::kTitle ? StartTitle() : Context::kDropped);
        return;
      case Context::kTable:
        if (tag == Tag::kRow) {
          table_.emplace_back();
          frames_.push_back(Context::kRow);
        } else {
          frames_.push_back(tag == Tag::kSection ? Context::kTable : Context::kDropped);
        }
        return;
      case Context::kRow:
        if (tag == Tag::kCell) {
          // A table's cells are held until it ends: bounded here, before
          // Document::Add would see them.
          if (++table_cells_ > kMaxCells) doc_->over_limit = true;
          table_.back().push_back({std::string(), SpanAttribute(attributes, kRowspanAttribute),
                                   SpanAttribute(attributes, kColspanAttribute)});
          StartInner(&table_.back().back().text);
          frames_.push_back(Context::kInner);
        } else {
          frames_.push_back(Context::kDropped);
        }
        return;
      case Context::kTitle:
      case Context::kInner:
      case Context::kInnerBlock:
        if (tag == Tag::kSkipped || tag == Tag::kHead) {
          frames_.push_back(Context::kDropped);
        } else if (tag == Tag::kBr) {
          inner_break_ = true;
          frames_.push_back(Context::kInner);
        } else if (tag == Tag::kBlock || tag == Tag::kCell || tag == Tag::kRow) {
          inner_break_ = true;
          frames_.push_back(Context::kInnerBlock);
        } else {
          frames_.push_back(Context::kInner);
        }
        return;
      case Context::kBody:
      case Context::kBodyBlock:
        break;
    }
    switch (tag) {
      case Tag::kTitle:
        frames_.push_back(StartTitle());
        return;
      case Tag::kSkipped:
        frames_.push_back(Context::kDropped);
        return;
      case Tag::kHead:
        frames_.push_back(Context::kHead);
        return;
      case Tag::kTable:
        Flush();
        table_.clear();
        table_cells_ = 0;
        frames_.push_back(Context::kTable);
        return;
      case Tag::kBr:
        Flush();
        frames_.push_back(Context::kBody);
        return;
      case Tag::kBlock:
      case Tag::kRow:  // a stray <tr> or cell outside any table still breaks the text
      case Tag::kCell:
        Flush();
        frames_.push_back(Context::kBodyBlock);
        return;
      default:
        frames_.push_back(Context::kBody);
        return;
    }
  }

  // Text inside a cell or the title is one line: a block or line break in it
  // is one space, whatever whitespace stands beside it (so the text does not
  // depend on how the page lays its markup out).
  void AppendInner(absl::string_view text) {
    if (inner_break_) {
      text = absl::StripLeadingAsciiWhitespace(text);
      if (text.empty()) return;
      while (!inner_->empty() && absl::ascii_isspace(static_cast<unsigned char>(inner_->back()))) {
        inner_->pop_back();
      }
      if (!inner_->empty()) inner_->push_back(' ');
      inner_break_ = false;
    }
    inner_->append(text.data(), text.size());
  }

  void Flush() {
    if (line_.empty()) return;
    writer_.AddParagraph(line_);
    line_.clear();
  }

  Context StartTitle() {
    title_.clear();
    StartInner(&title_);
    return Context::kTitle;
  }

  // Inner text from here on goes to `text` (a new cell's, or the title).
  void StartInner(std::string* text) {
    inner_ = text;
    inner_break_ = false;
  }

  BlockWriter writer_;
  Document* doc_;
  const absl::string_view page_;
  size_t max_depth_ = kMinDepthBound;  // MaxDepth(page_) once counted
  bool depth_bound_counted_ = false;
  std::vector<Context> frames_;  // one per open element
  std::string line_;
  std::string title_;
  std::vector<std::vector<SourceCell>> table_;
  size_t table_cells_ = 0;
  std::string* inner_ = nullptr;  // the open cell's text or title_
  bool inner_break_ = false;      // a break is due before the next inner text
  absl::Span<const absl::string_view> text_runs_;

  // libxml2 hands over names from its parser's dictionary (and constants for
  // implied elements), so within a parse one pointer is always one name: each
  // is looked up once, not hashed again for every element.
  Tag CachedTagOf(const xmlChar* name) {
    TagCacheEntry& entry = tag_cache_[(reinterpret_cast<uintptr_t>(name) >> 3) % kTagCacheSize];
    if (entry.name != name) entry = {name, TagOf(reinterpret_cast<const char*>(name))};
    return entry.tag;
  }
  struct TagCacheEntry {
    const xmlChar* name = nullptr;
    Tag tag = Tag::kOther;
  };
  static constexpr size_t kTagCacheSize = 64;
  std::array<TagCacheEntry, kTagCacheSize> tag_cache_{};
  bool stopped_ = false;
};

// The stream a parser's event handlers feed (ReadHtml keeps it in _private).
HtmlStream* StreamOf(void* parser) {
  return static_cast<HtmlStream*>(static_cast<htmlParserCtxtPtr>(parser)->_private);
}

// ---------------------------------------------------------------- text ---

enum class LineKind { kBlank, kFurniture, kRowBreak, kPipeRow, kCellLine, kText };

// The dashes page numbers are printed between ("— 3 —", "- 3 -").
bool IsDash(uint32_t cp) {
  return cp == '-' || cp == 0x2014 || cp == 0x2013 || cp == 0x2015 || cp == 0xFF0D;
}

bool IsPageFurniture(absl::string_view t) {
  // "— 3 —", "- 3 -", "第3页 共8页", "第 3 页"
  std::string s = StripSpaces(t);
  if (s.empty()) return false;
  size_t pos = 0;
  bool digits = false, dashes = false;
  std::string core;
  while (pos < s.size()) {
    size_t start = pos;
    uint32_t cp = NextCodePoint(s, &pos);
    if (cp >= '0' && cp <= '9') {
      digits = true;
    } else if (IsDash(cp)) {
      dashes = true;
    } else {
      core.append(s.substr(start, pos - start));
    }
  }
  if (digits && dashes && core.empty()) return true;
  return digits && (core == "第页" || core == "第页共页" || core == "页" || core == "共页第页");
}

// The ideographs page furniture holds besides digits and dashes.
constexpr std::u32string_view kPageFurnitureWords = U"第页共";

// True if `line` holds an ideograph (U+4E00..U+9FFF, three UTF-8 bytes from
// E4 B8 80 to E9 BF BF) not in `allowed`. Normalisation folds other
// characters into that range but none out of it, so the raw line answers for
// the normalised one.
bool HasIdeographBesides(absl::string_view line, std::u32string_view allowed) {
  for (size_t at = 0; at + 3 <= line.size(); ++at) {
    const auto lead = static_cast<unsigned char>(line[at]);
    if (lead < 0xE4 || lead > 0xE9) continue;
    const uint32_t cp = CheckedThreeByteCodePoint(line.substr(at));
    if (cp >= 0x4E00 && allowed.find(cp) == std::u32string_view::npos) return true;
  }
  return false;
}

// Page furniture opens with a digit, a dash, 第, 页 or 共.
bool OpensLikePageFurniture(absl::string_view line) {
  const auto opens_furniture = [](uint32_t cp) {
    return (cp >= '0' && cp <= '9') || IsDash(cp) || cp == U'第' || cp == U'页' || cp == U'共';
  };
  // Normalisation leaves ideographs and ASCII letters as they are, so a line
  // that opens with one is decided without normalising its head.
  size_t raw_pos = 0;
  const uint32_t raw_first = line.empty() ? 0 : NextCodePoint(line, &raw_pos);
  if ((raw_first >= 0x4E00 && raw_first <= 0x9FFF) ||
      (raw_first < 0x80 && absl::ascii_isalpha(static_cast<unsigned char>(raw_first)))) {
    return opens_furniture(raw_first);
  }
  const std::string head = NormalizeText(Utf8Prefix(line, 16));
  if (head.empty()) return true;  // only spaces so far: decide on the whole line
  size_t pos = 0;
  return opens_furniture(NextCodePoint(head, &pos));
}

// Whether `line` may be page furniture: it opens like it and holds no other
// ideograph. Nearly every line fails this on its first character or on the
// first ideograph of its text (a numbered heading, a date), so it is checked
// before the whole line is normalised.
bool MayBePageFurniture(absl::string_view line) {
  return OpensLikePageFurniture(line) && !HasIdeographBesides(line, kPageFurnitureWords);
}

LineKind Classify(absl::string_view line) {
  absl::string_view t = absl::StripAsciiWhitespace(line);
  if (t.empty()) return LineKind::kBlank;
  if (std::all_of(t.begin(), t.end(), [](char c) { return c == '|' || c == ' ' || c == '\t'; })) {
    return LineKind::kRowBreak;
  }
  if (t.front() == '|') return LineKind::kPipeRow;
  if (t.back() == '|') return LineKind::kCellLine;
  if (MayBePageFurniture(t) && IsPageFurniture(NormalizeText(t))) return LineKind::kFurniture;
  return LineKind::kText;
}

struct Line {
  absl::string_view text;
  uint32_t offset;
  LineKind kind;
};

// Splits `segment` (which starts at document offset `base`) on '|' into cells.
// `keep_blank` keeps empty cells (pipe rows); otherwise they are dropped. A
// segment of more than kMaxRowCells cells is no row and yields none.
void SplitPipes(absl::string_view segment, uint32_t base, bool keep_blank, std::vector<Cell>* out,
                bool drop_first_and_last) {
  absl::InlinedVector<std::pair<size_t, size_t>, 16> pieces;
  for (size_t start = 0;;) {
    // Not a row (kMaxRowCells, with the blank ends of "| a | b |").
    if (pieces.size() == kMaxRowCells + 2) return;
    const size_t bar = std::min(FindByte(segment, '|', start), segment.size());
    pieces.push_back({start, bar});
    if (bar == segment.size()) break;
    start = bar + 1;
  }
  size_t first = 0, last = pieces.size();
  if (drop_first_and_last) {
    if (!pieces.empty() && absl::StripAsciiWhitespace(
                               segment.substr(pieces[0].first, pieces[0].second - pieces[0].first))
                               .empty()) {
      first = 1;
    }
    if (last > first &&
        absl::StripAsciiWhitespace(segment.substr(pieces[last - 1].first,
                                                  pieces[last - 1].second - pieces[last - 1].first))
            .empty()) {
      --last;
    }
  }
  out->reserve(out->size() + (last - first));
  for (size_t k = first; k < last; ++k) {
    absl::string_view raw = segment.substr(pieces[k].first, pieces[k].second - pieces[k].first);
    size_t lead = 0;
    while (lead < raw.size() && absl::ascii_isspace(static_cast<unsigned char>(raw[lead]))) ++lead;
    absl::string_view trimmed = absl::StripAsciiWhitespace(raw);
    Cell cell;
    cell.SetText(NormalizeText(trimmed));
    if (cell.text.empty() && !keep_blank) continue;
    cell.span.begin = base + static_cast<uint32_t>(pieces[k].first + lead);
    cell.span.end = cell.span.begin + static_cast<uint32_t>(trimmed.size());
    out->push_back(std::move(cell));
  }
}

// A table label: at most 12 characters, no digits or sentence punctuation.
bool IsShortLabel(absl::string_view raw) {
  std::string label = StripSpaces(NormalizeText(raw));
  if (label.empty()) return false;
  size_t pos = 0;
  int chars = 0;
  while (pos < label.size()) {
    uint32_t cp = NextCodePoint(label, &pos);
    if ((cp >= '0' && cp <= '9') || cp == ',' || cp == '.' || cp == ';' || cp == ':' ||
        cp == 0x3002 || cp == 0x3001) {
      return false;
    }
    ++chars;
  }
  return chars <= 12;
}

// Tries to read a whitespace-column row: a label, two or more spaces, then
// numeric tokens; or a line of two or more numbers only (at most kMaxRowCells
// tokens: a longer line is text).
bool ReadLayoutRow(const Line& line, Item* item) {
  absl::string_view t = line.text;
  // A row has a label and a value, or two values: two tokens at least.
  const auto is_blank = [](char c) { return c == ' ' || c == '\t'; };
  const auto first_end =
      std::find_if(std::find_if_not(t.begin(), t.end(), is_blank), t.end(), is_blank);
  if (std::find_if_not(first_end, t.end(), is_blank) == t.end()) return false;
  // Whether a token is a value; `normalized` gets its normalised text once it
  // is normalised.
  const auto is_value = [](absl::string_view raw, std::string* normalized) {
    // A value has a digit or is a short placeholder; a long run of prose
    // (the usual last token of a text line) is rejected before normalising.
    if (raw.size() > 64 && !std::any_of(raw.begin(), raw.end(), absl::ascii_isdigit) &&
        !ContainsText(raw, "\xEF\xBC")) {
      return false;
    }
    *normalized = NormalizeText(raw);
    // Whitespace columns carry figures in digits, and placeholders that are
    // marks ("/", "—", "―", "×"); a lone 三 or 无 there is a fragment of a
    // label printed vertically, not a value.
    const bool digits = std::any_of(normalized->begin(), normalized->end(), absl::ascii_isdigit);
    const bool mark = !digits && !ContainsCjk(*normalized);
    if (!digits && !mark) return false;
    const CellState s = ParseCell(*normalized).state;
    return (s == CellState::kNumber && digits) || (s == CellState::kPlaceholder && mark);
  };
  // Most lines are prose: when the last token is no value (and, not opening
  // with a digit, cannot join a 增/减 before it), there is no row to split.
  const auto last_char = std::find_if_not(t.rbegin(), t.rend(), is_blank);
  const char* const last_end = last_char.base();
  const char* const last_begin = std::find_if(last_char, t.rend(), is_blank).base();
  const absl::string_view last(last_begin, static_cast<size_t>(last_end - last_begin));
  std::string last_normalized;
  if (!absl::ascii_isdigit(static_cast<unsigned char>(last.front())) &&
      !is_value(last, &last_normalized)) {
    return false;
  }
  struct Token {
    size_t begin, end;
    size_t gap;  // spaces before
  };
  absl::InlinedVector<Token, 16> tokens;
  size_t i = 0;
  while (i < t.size()) {
    size_t gap = 0;
    while (i < t.size() && is_blank(t[i])) {
      ++i;
      ++gap;
    }
    if (i >= t.size()) break;
    if (tokens.size() == kMaxRowCells) return false;
    size_t b = i;
    while (i < t.size() && !is_blank(t[i])) ++i;
    tokens.push_back({b, i, gap});
  }
  // "增 22" / "减 3" in a change column is one signed figure.
  for (size_t k = 0; k + 1 < tokens.size(); ++k) {
    absl::string_view word = t.substr(tokens[k].begin, tokens[k].end - tokens[k].begin);
    if ((word == "增" || word == "减") && tokens[k + 1].gap <= 1 &&
        absl::ascii_isdigit(static_cast<unsigned char>(t[tokens[k + 1].begin]))) {
      tokens[k].end = tokens[k + 1].end;
      tokens.erase(tokens.begin() + static_cast<std::ptrdiff_t>(k) + 1);
    }
  }
  // Values are read from the right until a token is not one; each token's
  // normalised text is kept for its cell.
  absl::InlinedVector<std::string, 16> normalized(tokens.size());
  size_t first_value = tokens.size();
  while (first_value > 0) {
    const Token& tok = tokens[first_value - 1];
    if (!is_value(t.substr(tok.begin, tok.end - tok.begin), &normalized[first_value - 1])) break;
    --first_value;
  }
  size_t n_values = tokens.size() - first_value;
  if (n_values == 0) return false;
  if (first_value == 0 && n_values < 2) return false;
  // A label runs into its values with a single space where the label column
  // is narrow (PDFs rendered by office suites). Accept that for a row of
  // several values, or for one value after a short label with no sentence
  // in it; otherwise a wrapped prose line ending in a figure is text.
  if (first_value > 0 && tokens[first_value].gap < 2 && n_values < 3 &&
      !IsShortLabel(t.substr(tokens[0].begin, tokens[first_value - 1].end - tokens[0].begin))) {
    return false;
  }
  item->kind = Item::Kind::kRow;
  item->cells.reserve((first_value > 0 ? 1 : 0) + n_values);
  if (first_value > 0) {
    size_t lb = tokens[0].begin, le = tokens[first_value - 1].end;
    Cell label;
    label.SetText(NormalizeText(t.substr(lb, le - lb)));
    label.value.state = CellState::kText;  // left of the figures: a label, even "无" or "三"
    label.span = {line.offset + static_cast<uint32_t>(lb), line.offset + static_cast<uint32_t>(le)};
    item->cells.push_back(std::move(label));
  }
  for (size_t k = first_value; k < tokens.size(); ++k) {
    Cell c;
    c.SetText(std::move(normalized[k]));
    c.span = {line.offset + static_cast<uint32_t>(tokens[k].begin),
              line.offset + static_cast<uint32_t>(tokens[k].end)};
    c.tight_gap = k > first_value && tokens[k].gap == 1;
    item->cells.push_back(std::move(c));
  }
  item->span = {item->cells.front().span.begin, item->cells.back().span.end};
  return true;
}

size_t CountPipes(absl::string_view s) { return std::count(s.begin(), s.end(), '|'); }

class TextBuilder {
 public:
  TextBuilder(Document* doc, std::vector<Line> lines) : doc_(doc), lines_(std::move(lines)) {}

  void Build() {
    size_t width_pipes = PipeRowWidth();
    for (size_t i = 0; i < lines_.size(); ++i) {
      const Line& line = lines_[i];
      switch (line.kind) {
        case LineKind::kBlank:
          blank_since_text_ = true;
          break;
        case LineKind::kFurniture:
          break;
        case LineKind::kRowBreak:
          EndParagraph();
          FlushCellRow();
          break;
        case LineKind::kPipeRow: {
          EndParagraph();
          FlushCellRow();
          // Join continuation lines until the row has its pipes.
          size_t end = i;
          uint32_t begin_off = line.offset;
          uint32_t end_off = line.offset + static_cast<uint32_t>(line.text.size());
          while (CountPipes(doc_->text.substr(begin_off, end_off - begin_off)) < width_pipes &&
                 end + 1 < lines_.size() && lines_[end + 1].kind != LineKind::kBlank &&
                 !(lines_[end + 1].kind == LineKind::kPipeRow &&
                   absl::StripAsciiWhitespace(lines_[end + 1].text).size() > 1 &&
                   StartsNewPipeRow(lines_[end + 1].text)) &&
                 !StartsSection(lines_[end + 1])) {
            ++end;
            end_off = lines_[end].offset + static_cast<uint32_t>(lines_[end].text.size());
          }
          Item item;
          item.kind = Item::Kind::kRow;
          item.positional = true;
          SplitPipes(absl::string_view(doc_->text).substr(begin_off, end_off - begin_off),
                     begin_off,
                     /*keep_blank=*/true, &item.cells, /*drop_first_and_last=*/true);
          if (!item.cells.empty()) {
            item.span = {begin_off, end_off};
            doc_->Add(std::move(item));
          }
          i = end;
          break;
        }
        case LineKind::kCellLine: {
          EndParagraph();
          std::vector<Cell> cells;
          SplitPipes(line.text, line.offset, /*keep_blank=*/false, &cells,
                     /*drop_first_and_last=*/false);
          // A whole row on one line ("规章 | 0 | 0 | 0 |", the inline form):
          // it neither continues the row before nor is continued.
          if (CountPipes(line.text) > 1) {
            FlushCellRow();
            cell_row_ = std::move(cells);
            FlushCellRow();
            break;
          }
          for (Cell& c : cells) {
            bool value = c.IsValue();
            if ((!value && cell_row_has_values_) || cell_row_.size() == kMaxRowCells) {
              FlushCellRow();
            }
            cell_row_.push_back(std::move(c));
            cell_row_has_values_ |= value;
          }
          break;
        }
        case LineKind::kText: {
          FlushCellRow();
          Item row;
          if (ReadLayoutRow(line, &row) || ReadLoneFigure(line, &row)) {
            EndParagraph();
            doc_->Add(std::move(row));
          } else {
            AddTextLine(line);
          }
          blank_since_text_ = false;
          break;
        }
      }
    }
    EndParagraph();
    FlushCellRow();
  }

 private:
  // A section heading at the start of a line ("三、收到和处理…") after a row
  // short of pipes (a one-cell caption row) ends it: spilled cell text is
  // indented or closed by a pipe.
  static bool StartsSection(const Line& line) {
    return line.kind == LineKind::kText && !line.text.empty() && line.text[0] != ' ' &&
           line.text[0] != '\t' && !LeadingChineseOrdinal(line.text).empty() &&
           line.text.find('|') == absl::string_view::npos;
  }

  // A pipe row that starts a new row has a label right after its first pipe;
  // a continuation line starts with the pipe that closes a spilled cell.
  static bool StartsNewPipeRow(absl::string_view text) {
    absl::string_view t = absl::StripAsciiWhitespace(text);
    return t.size() > 1 && t.front() == '|' && CountPipes(t) >= 2 &&
           !absl::StripAsciiWhitespace(t.substr(1, t.find('|', 1) - 1)).empty();
  }

  // The number of pipes a complete pipe row has: the most common count among
  // pipe rows that start and end on one line.
  size_t PipeRowWidth() const {
    std::map<size_t, int> counts;
    for (const Line& l : lines_) {
      absl::string_view t = absl::StripAsciiWhitespace(l.text);
      if (l.kind == LineKind::kPipeRow && t.size() > 2 && t.back() == '|') ++counts[CountPipes(t)];
    }
    size_t best = 2;
    int best_n = 0;
    for (auto [pipes, n] : counts) {
      if (n > best_n) {
        best = pipes;
        best_n = n;
      }
    }
    return best;
  }

  void FlushCellRow() {
    if (cell_row_.empty()) return;
    Item item;
    item.kind = Item::Kind::kRow;
    item.cells = std::move(cell_row_);
    item.span = {item.cells.front().span.begin, item.cells.back().span.end};
    doc_->Add(std::move(item));
    cell_row_.clear();
    cell_row_has_values_ = false;
  }

  // A figure alone on an indented line, right under a label line that is
  // not a sentence: a one-column row whose label wrapped around it
  // ("行政事业性收" / "4987" / "费").
  bool ReadLoneFigure(const Line& line, Item* item) const {
    absl::string_view t = absl::StripAsciiWhitespace(line.text);
    if (Indent(line.text) < 4 || t.empty() || t.size() > 24 || !last_short_ ||
        paragraph_.text.empty() || EndsSentence(paragraph_.text) ||
        !std::all_of(t.begin(), t.end(), [](char c) {
          return absl::ascii_isdigit(static_cast<unsigned char>(c)) || c == '.' || c == ',';
        })) {
      return false;
    }
    Cell cell;
    cell.SetText(std::string(t));
    if (cell.value.state != CellState::kNumber) return false;
    cell.span = {line.offset + static_cast<uint32_t>(t.data() - line.text.data()),
                 line.offset + static_cast<uint32_t>(t.data() - line.text.data() + t.size())};
    item->kind = Item::Kind::kRow;
    item->span = cell.span;
    item->cells.push_back(std::move(cell));
    return true;
  }

  static size_t Indent(absl::string_view s) {
    size_t n = 0;
    while (n < s.size() && (s[n] == ' ' || s[n] == '\t')) ++n;
    return n;
  }

  static bool EndsSentence(absl::string_view norm) {
    for (absl::string_view end : {"。", ";", "!", "?", ":", "；", "！", "？", "："}) {
      if (absl::EndsWith(norm, end)) return true;
    }
    return false;
  }

  void AddTextLine(const Line& line) {
    absl::string_view trimmed = absl::StripAsciiWhitespace(line.text);
    uint32_t base = line.offset + static_cast<uint32_t>(trimmed.data() - line.text.data());
    NormText norm = NormalizeLine(trimmed, base);
    size_t indent = Indent(line.text);
    bool heading = IsHeadingStart(norm.text);
    bool is_chrome = IsChromeLine(norm.text);
    // A short tail with no heading marker continues a wrapped line (a title
    // wrapped as "…工作年" / "度报告"); dates and titles stand alone.
    bool title = LooksLikeTitleLine(norm.text);
    bool dated = StartsWithDate(norm.text) && norm.text.size() <= 24;
    bool short_tail = norm.text.size() <= 18 && !heading && !dated && !paragraph_.text.empty() &&
                      !EndsSentence(paragraph_.text) && !last_was_title_;
    bool start_new =
        paragraph_.text.empty() || heading || is_chrome || last_was_chrome_ || last_was_heading_ ||
        title || last_was_title_ || dated || last_was_dated_ || EndsSentence(paragraph_.text) ||
        (!short_tail && (indent >= last_indent_ + 2 || (blank_since_text_ && last_short_)));
    if (start_new) EndParagraph();
    ++paragraph_lines_;
    if (paragraph_.text.empty()) {
      paragraph_ = std::move(norm);
      paragraph_span_ = {base, base + static_cast<uint32_t>(trimmed.size())};
    } else {
      paragraph_.origin.Append(norm.origin, paragraph_.text.size());
      paragraph_.text.append(norm.text);
      paragraph_span_.end = base + static_cast<uint32_t>(trimmed.size());
    }
    last_indent_ = indent;
    last_was_heading_ = heading && norm.text.size() <= 90 && !EndsSentence(norm.text);
    last_was_chrome_ = is_chrome;
    last_was_title_ = title;
    last_was_dated_ = dated;
    last_short_ = trimmed.size() < 60;
  }

  void EndParagraph() {
    if (paragraph_.text.empty()) return;
    Item item;
    item.kind = Item::Kind::kParagraph;
    item.norm = std::move(paragraph_);
    item.span = paragraph_span_;
    // A one-line paragraph was classified as its line was added.
    item.chrome = paragraph_lines_ == 1 ? last_was_chrome_ : IsChromeLine(item.norm.text);
    doc_->Add(std::move(item));
    paragraph_ = NormText{};
    paragraph_lines_ = 0;
  }

  Document* doc_;
  std::vector<Line> lines_;
  std::vector<Cell> cell_row_;
  bool cell_row_has_values_ = false;
  NormText paragraph_;
  TextSpan paragraph_span_;
  size_t paragraph_lines_ = 0;
  size_t last_indent_ = 0;
  bool last_was_heading_ = false;
  bool last_was_chrome_ = false;
  bool last_was_title_ = false;
  bool last_was_dated_ = false;
  bool last_short_ = false;
  bool blank_since_text_ = false;
};

// Appends a block's text on one line: line breaks and tabs inside a
// paragraph or a cell are layout, written to the document text as spaces
// (normalisation folds them to spaces too, so offsets agree).
void AppendOneLine(absl::string_view text, std::string* out) {
  const size_t from = out->size();
  out->append(text.data(), text.size());
  char* const appended = out->data() + from;
  const auto is_break = [](char c) { return c == '\n' || c == '\r' || c == '\t'; };
  size_t i = 0;
#ifdef __SSE2__
  // Sixteen bytes at a time: most blocks hold no break and are only tested.
  const __m128i newline = _mm_set1_epi8('\n');
  const __m128i carriage_return = _mm_set1_epi8('\r');
  const __m128i tab = _mm_set1_epi8('\t');
  const __m128i space = _mm_set1_epi8(' ');
  for (; i + 16 <= text.size(); i += 16) {
    auto* block = reinterpret_cast<__m128i*>(appended + i);
    const __m128i bytes = _mm_loadu_si128(block);
    const __m128i breaks = _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(bytes, newline), _mm_cmpeq_epi8(bytes, carriage_return)),
        _mm_cmpeq_epi8(bytes, tab));
    if (_mm_movemask_epi8(breaks) == 0) continue;
    _mm_storeu_si128(block,
                     _mm_or_si128(_mm_andnot_si128(breaks, bytes), _mm_and_si128(breaks, space)));
  }
#endif
  std::replace_if(appended + i, appended + text.size(), is_break, ' ');
}

}  // namespace

BlockWriter::BlockWriter(Document* doc) : doc_(doc) {}

void BlockWriter::AddParagraph(absl::string_view text) {
  absl::string_view trimmed = absl::StripAsciiWhitespace(text);
  uint32_t base = static_cast<uint32_t>(doc_->text.size());
  NormText norm = NormalizeLine(trimmed, base);
  if (norm.text.empty()) return;
  AppendOneLine(trimmed, &doc_->text);
  doc_->text.push_back('\n');
  Item item;
  item.kind = Item::Kind::kParagraph;
  item.norm = std::move(norm);
  item.span = {base, base + static_cast<uint32_t>(trimmed.size())};
  item.chrome = IsChromeLine(item.norm.text);
  doc_->Add(std::move(item));
}

void BlockWriter::AddTable(const std::vector<std::vector<SourceCell>>& rows) {
  // Cells in source order, each written once into the text ("a | b" per row);
  // rows[r][i] becomes cells[first[r] + i].
  std::vector<Cell> cells;
  size_t source_cells = 0;
  for (const auto& row : rows) source_cells += row.size();
  cells.reserve(source_cells);
  std::vector<size_t> first(rows.size());
  for (size_t r = 0; r < rows.size(); ++r) {
    first[r] = cells.size();
    for (const SourceCell& sc : rows[r]) {
      absl::string_view trimmed = absl::StripAsciiWhitespace(sc.text);
      if (cells.size() > first[r]) doc_->text.append(" | ");
      uint32_t begin = static_cast<uint32_t>(doc_->text.size());
      AppendOneLine(trimmed, &doc_->text);
      Cell cell;
      cell.SetText(NormalizeText(trimmed));
      cell.span = {begin, static_cast<uint32_t>(doc_->text.size())};
      cells.push_back(std::move(cell));
    }
    if (cells.size() > first[r]) doc_->text.push_back('\n');
  }
  // Expand spans into the grid: grid[r][c] is the index of the source cell
  // covering it, or -1. A cell is copied into each position it covers but the
  // last, where it is moved.
  std::vector<std::vector<int>> grid(rows.size());
  std::vector<int> uses(cells.size(), 0);
  size_t cells_total = 0;
  // Spans expand only up to the document's bound (kMaxCells, kMaxSpan): past
  // it the document is rejected anyway.
  for (size_t r = 0; r < rows.size() && cells_total <= kMaxCells; ++r) {
    size_t col = 0;
    for (size_t i = 0; i < rows[r].size(); ++i) {
      const int rowspan = std::clamp(rows[r][i].rowspan, 1, kMaxSpan);
      const int colspan = std::clamp(rows[r][i].colspan, 1, kMaxSpan);
      const int index = static_cast<int>(first[r] + i);
      while (col < grid[r].size() && grid[r][col] >= 0) ++col;
      for (int dr = 0; dr < rowspan && r + dr < rows.size(); ++dr) {
        auto& row = grid[r + dr];
        if (row.size() < col + colspan) row.resize(col + colspan, -1);
        for (int dc = 0; dc < colspan; ++dc) {
          if (row[col + dc] < 0) {
            row[col + dc] = index;
            ++uses[index];
          }
        }
        cells_total += colspan;
      }
      col += colspan;
      if (cells_total > kMaxCells) break;
    }
  }
  for (const auto& grid_row : grid) {
    if (grid_row.empty()) continue;
    Item item;
    item.kind = Item::Kind::kRow;
    item.positional = true;
    item.cells.reserve(grid_row.size());
    for (int index : grid_row) {
      if (index < 0) {
        item.cells.emplace_back();
      } else {
        item.cells.push_back(--uses[index] == 0 ? std::move(cells[index]) : cells[index]);
      }
    }
    item.span = {item.cells.front().span.begin, item.cells.back().span.end};
    doc_->Add(std::move(item));
  }
}

bool IsChromeLine(absl::string_view norm) {
  // Chrome is short; a long paragraph that mentions 二维码 is still text.
  if (norm.size() > 300) return false;
  // Short metadata lines ("发布时间:2019-03-05 来源:…") are chrome by these
  // markers; any line by the others.
  static constexpr absl::string_view kShortLineMarkers[] = {"发布时间", "发布日期"};
  static constexpr size_t kShortLine = 200;
  // Every marker in one pass over the line, not one per marker; the ids the
  // short-line markers got are kept apart.
  struct Markers {
    MultiFinder finder;
    std::vector<int> short_line_ids;
  };
  static const Markers* const markers = [] {
    auto* m = new Markers;
    for (absl::string_view marker : kChromeMarkers) m->finder.Add(marker);
    for (absl::string_view marker : kShortLineMarkers) {
      m->short_line_ids.push_back(m->finder.Add(marker));
    }
    return m;
  }();
  bool chrome = false;
  markers->finder.ForEachMatch(norm, [&](int id, size_t) {
    chrome = norm.size() < kShortLine ||
             std::find(markers->short_line_ids.begin(), markers->short_line_ids.end(), id) ==
                 markers->short_line_ids.end();
    return !chrome;
  });
  if (chrome) return true;
  return norm.size() < kShortLine &&
         (absl::StartsWith(norm, "来源:") || absl::StartsWith(norm, "信息来源:") ||
          absl::StartsWith(norm, "发布机构:") || absl::StartsWith(norm, "索引号"));
}

namespace {

// Feeds one parse of `html` by libxml2 to `stream`. The pull parser
// (htmlParseDocument) reads any page. The push parser (the page as one final
// htmlParseChunk) reads the same events with less work a tag: no copy of the
// open element's name on every tag, one start-close lookup instead of two
// (about 4% of extraction's instructions, 3% of its time). But it parts from
// the pull parser on some pages: it stops for good at an end tag that leaves
// no element open (stray end tags before the first element, anything after
// </html>) and at markup unfinished at the end of the input (a last bare '<',
// an unclosed comment); it reads an unclosed <script> to the end of the page,
// where the pull parser ends it at the next end tag; it reads an end tag
// right after a DOCTYPE among the elements, which the pull parser reads as
// text; it closes elements otherwise at a tag name with a '.'; and it reads
// script text that starts with "</" as text, where the pull parser reads an
// end tag first. So the caller pushes only the pages the markup filter found
// fit (LeanPage::fit_for_push), and this returns false when the push parser
// stopped before the end of the page all the same (the stream did not ask it
// to): its events are then incomplete.
bool ParseHtml(absl::string_view html, bool push, HtmlStream* stream) {
  htmlSAXHandler handler{};
  handler.startElement = [](void* ctx, const xmlChar* name, const xmlChar** attributes) {
    if (!StreamOf(ctx)->Start(name, attributes)) xmlStopParser(static_cast<xmlParserCtxtPtr>(ctx));
  };
  handler.endElement = [](void* ctx, const xmlChar*) { StreamOf(ctx)->End(); };
  handler.characters = [](void* ctx, const xmlChar* text, int size) {
    StreamOf(ctx)->Text(
        absl::string_view(reinterpret_cast<const char*>(text), static_cast<size_t>(size)));
  };
  constexpr int kOptions = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                           HTML_PARSE_NONET | HTML_PARSE_IGNORE_ENC;
  const int size = static_cast<int>(html.size());
  if (push) {
    // Named UTF-8 at creation, the page is read as it is, with no converter.
    htmlParserCtxtPtr parser =
        htmlCreatePushParserCtxt(&handler, nullptr, nullptr, 0, nullptr, XML_CHAR_ENCODING_UTF8);
    if (parser == nullptr) return false;
    parser->_private = stream;
    htmlCtxtUseOptions(parser, kOptions);
    htmlParseChunk(parser, html.data(), size, /*terminate=*/1);
    const bool whole = parser->input == nullptr || parser->input->cur >= parser->input->end;
    htmlFreeParserCtxt(parser);
    return whole || stream->stopped();
  }
  // The text is already UTF-8, libxml2's own encoding. Parsing it as such,
  // with no encoding named, spares a UTF-8 to UTF-8 conversion of the whole
  // page; IGNORE_ENC keeps a <meta charset> in the page from re-decoding it.
  // (htmlCtxtReadMemory would reset the context's charset to "unknown" and
  // guess one at the first non-ASCII byte.) libxml2 still reads the first
  // four bytes for a byte order mark; where they hold a NUL (its UTF-16 and
  // UCS-4 guesses), the page goes through the UTF-8 converter instead.
  const bool nul_in_lead = html.substr(0, 4).find('\0') != absl::string_view::npos;
  htmlParserCtxtPtr parser = htmlCreateMemoryParserCtxt(html.data(), size);
  if (parser == nullptr) return true;
  *parser->sax = handler;
  parser->_private = stream;
  htmlCtxtUseOptions(parser, kOptions);
  if (nul_in_lead) xmlSwitchToEncoding(parser, xmlFindCharEncodingHandler("UTF-8"));
  parser->charset = XML_CHAR_ENCODING_UTF8;
  htmlParseDocument(parser);
  htmlFreeParserCtxt(parser);
  return true;
}

}  // namespace

Document ReadHtml(absl::string_view utf8_html, HtmlInput input) {
  Document doc;
  if (utf8_html.size() > static_cast<size_t>(INT32_MAX)) return doc;
  LeanPage lean;
  absl::string_view parsed = utf8_html;
  if (input == HtmlInput::kLean) {
    lean = StripUnreadMarkup(utf8_html);
    parsed = lean.html;
  }
  // Reads the page into `doc` afresh; false when the push parser stopped early.
  const auto read = [&](bool push) {
    doc = Document();
    HtmlStream stream(&doc, utf8_html);
    stream.SetTextRuns(lean.text_runs);
    const bool whole = ParseHtml(parsed, push, &stream);
    stream.Finish();
    return whole;
  };
  // Not fit for the push parser, or it stopped early all the same: read
  // (again) with the pull parser.
  if (!lean.fit_for_push || !read(/*push=*/true)) read(/*push=*/false);
  return doc;
}

Document ReadText(absl::string_view utf8_text) {
  Document doc;
  doc.text.reserve(utf8_text.size());
  // Normalise line ends (CRLF, CR) so offsets address one clean text.
  for (size_t from = 0; from < utf8_text.size();) {
    size_t cr = FindByte(utf8_text, '\r', from);
    if (cr == absl::string_view::npos) cr = utf8_text.size();
    doc.text.append(utf8_text.data() + from, cr - from);
    if (cr == utf8_text.size()) break;
    doc.text.push_back('\n');
    from = cr + 1;
    if (from < utf8_text.size() && utf8_text[from] == '\n') ++from;
  }
  std::vector<Line> lines;
  size_t start = 0;
  absl::string_view text = doc.text;
  while (start <= text.size()) {
    size_t end = FindByte(text, '\n', start);
    if (end == absl::string_view::npos) end = text.size();
    absl::string_view line = text.substr(start, end - start);
    lines.push_back({line, static_cast<uint32_t>(start), Classify(line)});
    if (end == text.size()) break;
    start = end + 1;
  }
  TextBuilder builder(&doc, std::move(lines));
  builder.Build();
  return doc;
}

}  // namespace govreport::extract
