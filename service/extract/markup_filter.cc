#include "service/extract/markup_filter.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <optional>
#include <utility>
#include <vector>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "service/extract/normalize.h"

namespace govreport::extract {
namespace {

// libxml2 reads at most this many characters of a name and starts the next
// token after them; the filter leaves such tags to libxml2 instead.
constexpr size_t kMaxNameLength = 99;

// Text runs shorter than this stay in the copy: a placeholder is one 4-byte
// character for libxml2, no cheaper than a few ASCII digits.
constexpr size_t kMinTextRunBytes = 8;
// libxml2 hands text over in pieces of 1000 bytes and decides for each whether
// it is blank; a run whose leading blanks could fill a piece stays in the copy.
constexpr size_t kMaxLeadingBlanks = 512;
// Placeholders run up to U+FFFFD.
constexpr size_t kMaxTextRuns = 0xFFFE;

bool HasPlaceholderRange(absl::string_view text) {
  for (size_t at = FindByte(text, '\xF3'); at != absl::string_view::npos;
       at = FindByte(text, '\xF3', at + 1)) {
    if (PlaceholderIndexAt(text, at) != SIZE_MAX) return true;
  }
  return false;
}

void EncodePlaceholder(size_t index, char* utf8) {
  const uint32_t cp = kFirstPlaceholder + static_cast<uint32_t>(index);
  utf8[0] = static_cast<char>(0xF0 | (cp >> 18));
  utf8[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
  utf8[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
  utf8[3] = static_cast<char>(0x80 | (cp & 0x3F));
}

// U+FFFE and U+FFFF (EF BF BE, EF BF BF): libxml2 drops them from text.
bool HasNonCharacter(absl::string_view text) {
  for (size_t at = FindByte(text, '\xBF', 1); at != absl::string_view::npos && at + 1 < text.size();
       at = FindByte(text, '\xBF', at + 1)) {
    const unsigned char next = static_cast<unsigned char>(text[at + 1]);
    if (text[at - 1] == '\xEF' && (next == 0xBE || next == 0xBF)) return true;
  }
  return false;
}

// Byte classes, one table lookup each: the filter tests every byte of every
// tag and attribute name.
enum ByteClass : uint8_t { kNameByte = 1, kBlankByte = 2 };
constexpr std::array<uint8_t, 256> kByteClasses = [] {
  std::array<uint8_t, 256> classes{};
  for (int c = 0; c < 256; ++c) {
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == ':' ||
        c == '-' || c == '_' || c == '.') {
      classes[c] |= kNameByte;
    }
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') classes[c] |= kBlankByte;
  }
  return classes;
}();

bool IsNameChar(char c) { return kByteClasses[static_cast<unsigned char>(c)] & kNameByte; }

bool IsBlank(char c) { return kByteClasses[static_cast<unsigned char>(c)] & kBlankByte; }

bool IsLetter(char c) { return absl::ascii_isalpha(static_cast<unsigned char>(c)); }

// Control bytes other than tab and line ends make libxml2 report errors and
// recover in ways the filter does not model (a NUL even ends some of its
// loops); real pages do not contain them.
bool HasControlBytes(absl::string_view text) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  size_t i = 0;
#ifdef __SSE2__
  // Sixteen bytes at a time: c < 0x20 is min(c, 0x1F) == c, unsigned.
  const __m128i below_space = _mm_set1_epi8(0x1F);
  const __m128i tab = _mm_set1_epi8('\t');
  const __m128i newline = _mm_set1_epi8('\n');
  const __m128i carriage_return = _mm_set1_epi8('\r');
  for (; i + 16 <= text.size(); i += 16) {
    const __m128i c = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes + i));
    const __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(c, below_space), c);
    const __m128i allowed =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(c, tab), _mm_cmpeq_epi8(c, newline)),
                     _mm_cmpeq_epi8(c, carriage_return));
    if (_mm_movemask_epi8(_mm_andnot_si128(allowed, control)) != 0) return true;
  }
#endif
  for (; i < text.size(); ++i) {
    const unsigned char c = bytes[i];
    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') return true;
  }
  return false;
}

// Case-insensitive test of a tag or attribute name against a lower-case one;
// the length check first, as most names differ in it. (Inline: it runs for
// every tag, and the names are a few bytes.)
bool IsName(absl::string_view name, absl::string_view lower) {
  if (name.size() != lower.size()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    if (absl::ascii_tolower(static_cast<unsigned char>(name[i])) != lower[i]) return false;
  }
  return true;
}

bool IsReadAttribute(absl::string_view name) {
  return IsName(name, kRowspanAttribute) || IsName(name, kColspanAttribute);
}

// Inline elements the reader reads through: their text is read as if the tags
// were not there. libxml2's start-close table lets their start tags close only
// <head>, so under a container, or one another, they close nothing. (Not <a>:
// its start tag closes an open <a>, so the elements open would no longer be
// the ones the filter counts.)
bool IsTransparentInline(absl::string_view name) {
  switch (name.size()) {
    case 1:
      return IsName(name, "b") || IsName(name, "i") || IsName(name, "u");
    case 2:
      return IsName(name, "em");
    case 3:
      return IsName(name, "o:p");
    case 4:
      return IsName(name, "span") || IsName(name, "font");
    case 6:
      return IsName(name, "strong");
    default:
      return false;
  }
}

// Elements that stay libxml2's current node after their start tag, until
// markup ends them: text does not close them, nor do the inline elements
// above, and they are neither <html> nor <head> (under which text would imply
// a paragraph).
bool IsContainer(absl::string_view name) {
  switch (name.size()) {
    case 1:
      return IsName(name, "p");
    case 2:
      return IsName(name, "td") || IsName(name, "th") || IsName(name, "li") ||
             (absl::ascii_tolower(static_cast<unsigned char>(name[0])) == 'h' && name[1] >= '1' &&
              name[1] <= '6');
    case 3:
      return IsName(name, "div");
    default:
      return false;
  }
}

bool IsCell(absl::string_view name) { return IsName(name, "td") || IsName(name, "th"); }

// Blocks that, alone in a cell, the reader reads as the cell's text.
bool IsCellBlock(absl::string_view name) { return IsName(name, "p") || IsName(name, "div"); }

class Filter {
 public:
  explicit Filter(absl::string_view html) : in_(html), runs_enabled_(!HasPlaceholderRange(html)) {}

  LeanPage Run() {
    out_.reserve(in_.size());
    // No run before the first token: libxml2 skips a byte order mark there.
    size_t run_begin = absl::string_view::npos;
    while (true) {
      const size_t lt = Find('<', pos_);
      if (lt == absl::string_view::npos || lt + 1 >= in_.size()) {
        stops_push_parser_ |= lt != absl::string_view::npos;
        break;
      }
      // libxml2's text ends at every '<'.
      if (run_begin != absl::string_view::npos) NoteTextRun(run_begin, lt);
      const char next = data_[lt + 1];
      if (!element_opened_ || html_closed_) NotePushParserStop(lt, next);
      bool understood = true;
      if (IsLetter(next)) {
        understood = StartTag(lt);
      } else if (next == '/') {
        understood = EndTag(lt);
      } else if (next == '!' || next == '?') {
        // libxml2's pull parser reads an end tag right after a DOCTYPE among
        // the elements as text; its push parser reads it as an end tag.
        stops_push_parser_ |=
            element_opened_ && absl::StartsWithIgnoreCase(in_.substr(lt + 2), "doctype");
        pending_.clear();
        block_.reset();
        cell_open_ = absl::string_view::npos;
        in_container_ = false;
        row_current_ = false;
        understood = next == '!' ? Declaration(lt) : ProcessingInstruction(lt);
      } else {
        pos_ = lt + 1;  // a '<' that starts no markup is text
        row_current_ = false;
      }
      if (!understood) return Finish(/*tokenized=*/false);
      // A run starts right after a markup token; not after a '<' read as
      // text, nor in script or style text (RawText moves pos_ past the token).
      run_begin = token_end_ == pos_ ? pos_ : absl::string_view::npos;
    }
    stops_push_parser_ |= html_closed_ && !IsBlankRun(pos_, in_.size());
    return Finish(/*tokenized=*/true);
  }

 private:
  // Copies the rest of the page as it is.
  LeanPage Finish(bool tokenized) {
    Write(copied_, in_.size());
    return {std::move(out_), std::move(runs_), tokenized && !stops_push_parser_};
  }

  // Notes, for the markup token at `lt` (`next` its second byte), whether
  // libxml2's push parser stops there: at an end tag while no element is
  // open, at anything after </html>. Text opens an element (libxml2 implies
  // <html><body><p> around it), blanks do not; so does a start tag.
  void NotePushParserStop(size_t lt, char next) {
    if (html_closed_) {
      stops_push_parser_ = true;
      return;
    }
    element_opened_ = !IsBlankRun(pos_, lt) || IsLetter(next);
    stops_push_parser_ |= !element_opened_ && next == '/';
  }

  size_t Find(char c, size_t from) const {
    // Markup runs tag into tag ("</span></p></td>"): the byte itself first,
    // before a memchr call for it.
    if (from < in_.size() && data_[from] == c) return from;
    return FindByte(in_, c, from);
  }

  // Copies the input [begin, end), each noted text run in it as its
  // placeholder. Writes end at token boundaries, so a run is inside or out.
  void Write(size_t begin, size_t end) {
    if (begin == end) return;
    while (next_run_ < runs_.size() && runs_[next_run_].data() < data_ + end) {
      const size_t run_begin = static_cast<size_t>(runs_[next_run_].data() - data_);
      if (run_begin >= begin) {  // (a run is never skipped: defensive)
        out_.append(data_ + begin, run_begin - begin);
        char placeholder[kPlaceholderBytes];
        EncodePlaceholder(next_run_, placeholder);
        out_.append(placeholder, kPlaceholderBytes);
        begin = run_begin + runs_[next_run_].size();
      }
      ++next_run_;
    }
    out_.append(data_ + begin, end - begin);
  }

  // Notes the text [begin, end) as a run when libxml2 reads it as one piece
  // of text, as is, and a placeholder is shorter.
  void NoteTextRun(size_t begin, size_t end) {
    if (!runs_enabled_ || runs_.size() >= kMaxTextRuns) return;
    const size_t text = SkipBlanks(begin);
    if (text >= end || end - text < kMinTextRunBytes || text - begin > kMaxLeadingBlanks) return;
    const absl::string_view run = in_.substr(text, end - text);
    if (FindByte(run, '&') != absl::string_view::npos || HasNonCharacter(run)) return;
    runs_.push_back(run);
  }

  // True if the input [begin, end) has no '<' or '&'. Taking a tag out joins
  // the text on its two sides, and text with a '<' or '&' can join into
  // markup or an entity ("</" + "<o:p></o:p>" + "td>" becomes "</td>").
  bool IsPlainText(size_t begin, size_t end) const {
    const absl::string_view text = in_.substr(begin, end - begin);
    return FindByte(text, '<') == absl::string_view::npos &&
           FindByte(text, '&') == absl::string_view::npos;
  }

  bool IsBlankRun(size_t begin, size_t end) const {
    for (size_t p = begin; p < end; ++p) {
      if (!IsBlank(data_[p])) return false;
    }
    return true;
  }

  // True if blanks and then the end tag of `cell` (lower case; "</td" and a
  // character that ends the name) follow position p.
  bool CellEndsAt(size_t p, absl::string_view cell) const {
    p = SkipBlanks(p);
    const size_t name_begin = p + 2;
    return name_begin + cell.size() < in_.size() && data_[p] == '<' && data_[p + 1] == '/' &&
           IsName(in_.substr(name_begin, cell.size()), cell) &&
           !IsNameChar(data_[name_begin + cell.size()]);
  }

  size_t NameEnd(size_t p) const {
    while (p < in_.size() && IsNameChar(data_[p])) ++p;
    return p;
  }

  size_t SkipBlanks(size_t p) const {
    while (p < in_.size() && IsBlank(data_[p])) ++p;
    return p;
  }

  // `<name attr="value" attr=value attr ...>` or `.../>`.
  bool StartTag(size_t lt) {
    const size_t name_begin = lt + 1;
    const size_t name_end = NameEnd(name_begin);
    if (name_end - name_begin > kMaxNameLength) return false;
    const absl::string_view name = in_.substr(name_begin, name_end - name_begin);
    // Before a start tag, libxml2's pull parser looks the name up without a
    // '.' and what follows it, for whether it closes the current element; its
    // push parser looks up the whole name.
    stops_push_parser_ |= std::find(name.begin(), name.end(), '.') != name.end();
    const bool keep_all = IsName(name, "meta");  // libxml2 reads its charset
    kept_.clear();
    bool dropped = false;
    size_t p = name_end;
    size_t close = 0;
    while (true) {
      p = SkipBlanks(p);
      if (p >= in_.size()) return false;
      if (data_[p] == '>') {
        close = p;
        break;
      }
      if (data_[p] == '/' && p + 1 < in_.size() && data_[p + 1] == '>') {
        close = p;
        break;
      }
      if (!IsLetter(data_[p])) return false;  // libxml2 skips a bad attribute its own way
      const size_t attr_begin = p;
      const size_t attr_name_end = NameEnd(p);
      if (attr_name_end - attr_begin > kMaxNameLength) return false;
      size_t attr_end = attr_name_end;
      p = SkipBlanks(attr_name_end);
      if (p < in_.size() && data_[p] == '=') {
        p = SkipBlanks(p + 1);
        if (p >= in_.size()) return false;
        if (data_[p] == '"' || data_[p] == '\'') {
          const size_t quote = Find(data_[p], p + 1);
          if (quote == absl::string_view::npos) return false;
          p = quote + 1;
        } else {
          while (p < in_.size() && !IsBlank(data_[p]) && data_[p] != '>') ++p;
        }
        attr_end = p;
      }
      if (keep_all || IsReadAttribute(in_.substr(attr_begin, attr_name_end - attr_begin))) {
        kept_.emplace_back(attr_begin, attr_end);
      } else {
        dropped = true;
      }
    }
    const size_t tag_end = close + (data_[close] == '>' ? 1 : 2);
    const bool self_closed = data_[close] == '/';
    pos_ = tag_end;
    const size_t token_before = std::exchange(token_end_, tag_end);
    const size_t cell_open = std::exchange(cell_open_, absl::string_view::npos);
    const bool row_was_current = std::exchange(row_current_, false);
    const size_t text_begin = std::exchange(text_begin_, tag_end);
    if (!self_closed && in_container_ && IsTransparentInline(name) && IsPlainText(text_begin, lt)) {
      // Written now, so that it can be taken out again if only text comes
      // before its end tag.
      pending_.push_back({WriteRemovableTag(lt, name_end, close, tag_end, dropped), name});
      return true;
    }
    pending_.clear();
    block_.reset();
    in_container_ = !self_closed && IsContainer(name);
    row_current_ = !self_closed && IsName(name, "tr");
    // Only blanks since the last token, before a cell or a row.
    const bool blanks_before = (IsCell(name) || IsName(name, "tr")) && IsBlankRun(token_before, lt);
    if (blanks_before) {
      // Blanks before a cell or row: every reader context ends its text at
      // these start tags and trims it, and whitespace implies no element.
      WriteUpTo(token_before);
      copied_ = lt;
    }
    if (!self_closed && IsCell(name)) {
      cell_open_ = tag_end;
      open_cell_ = IsName(name, "td") ? "td" : "th";
      cell_in_row_ = row_was_current && blanks_before;
    }
    if (!self_closed && IsCellBlock(name) && cell_open != absl::string_view::npos &&
        IsBlankRun(cell_open, lt)) {
      // A <p> or <div> opening a cell: written now, so that it can be taken
      // out again if only text stands in it and only blanks after it.
      block_ =
          PendingBlock{WriteRemovableTag(lt, name_end, close, tag_end, dropped), name, open_cell_};
      return true;
    }
    if (dropped) WriteTag(name_end, close, tag_end, dropped);
    if (cell_open_ != absl::string_view::npos) {
      WriteUpTo(tag_end);
      cell_mark_ = out_.size();
    }
    if (!self_closed && (IsName(name, "script") || IsName(name, "style"))) {
      if (!RawText(name)) return false;
      // Text that starts with "</" libxml2's pull parser reads as markup
      // (an end tag first, and the element may end there), its push parser as
      // text: the filter follows neither.
      if (absl::StartsWith(in_.substr(tag_end, pos_ - tag_end), "</")) return false;
      // The reader drops script and style text, and libxml2 reads it a
      // character at a time: the copy leaves it out.
      WriteUpTo(tag_end);
      copied_ = pos_;
      return true;
    }
    return true;
  }

  // Writes the input up to `end` and goes on copying from there.
  void WriteUpTo(size_t end) {
    Write(copied_, end);
    copied_ = end;
  }

  // Where a start tag stands in out_.
  struct OutRange {
    size_t begin;
    size_t end;
  };

  // Writes the start tag at `lt` so that TakeOutElement can erase it again.
  OutRange WriteRemovableTag(size_t lt, size_t name_end, size_t close, size_t tag_end,
                             bool dropped) {
    WriteUpTo(lt);
    const size_t begin = out_.size();
    WriteTag(name_end, close, tag_end, dropped);
    return {begin, out_.size()};
  }

  // Takes an element out of the copy: its start tag, written at `start_tag`,
  // and its end tag, which runs from `lt` to pos_.
  void TakeOutElement(OutRange start_tag, size_t lt) {
    WriteUpTo(lt);
    out_.erase(start_tag.begin, start_tag.end - start_tag.begin);
    copied_ = pos_;
    text_begin_ = pos_;
  }

  // Writes the start tag that ends at `tag_end` (the input before it included),
  // with only the kept attributes when some were dropped.
  void WriteTag(size_t name_end, size_t close, size_t tag_end, bool dropped) {
    if (!dropped) {
      Write(copied_, tag_end);
    } else {
      Write(copied_, name_end);
      for (const auto& [begin, end] : kept_) {
        out_.push_back(' ');
        Write(begin, end);
      }
      // A blank before "/>": an unquoted value that ran into a dropped
      // attribute would otherwise run into the '/' ("rowspan=a h/>" must not
      // become "rowspan=a/>", which libxml2 reads as the value "a/" on an
      // element left open).
      if (data_[close] == '/' && !kept_.empty()) out_.push_back(' ');
      Write(close, tag_end);
    }
    copied_ = tag_end;
  }

  // A script or style element's text is not markup: libxml2 (recovering)
  // reads it up to the first "</" followed by the element's name.
  bool RawText(absl::string_view name) {
    size_t p = pos_;
    while (true) {
      const size_t lt = in_.find("</", p);
      if (lt == absl::string_view::npos) return false;
      const size_t name_begin = lt + 2;
      if (absl::StartsWithIgnoreCase(in_.substr(name_begin), name)) {
        // "</scriptx>" ends the text for libxml2 but not the element.
        if (NameEnd(name_begin) != name_begin + name.size()) return false;
        pos_ = lt;
        return true;
      }
      p = name_begin;
    }
  }

  // `</name>`; libxml2 skips whatever else stands before the first '>'.
  // "</" before anything but a name is text without the "</".
  bool EndTag(size_t lt) {
    const size_t name_begin = lt + 2;
    if (name_begin >= in_.size()) return false;
    if (!IsLetter(data_[name_begin])) {
      if (IsNameChar(data_[name_begin])) return false;
      pos_ = name_begin;
      return true;
    }
    const size_t name_end = NameEnd(name_begin);
    if (name_end - name_begin > kMaxNameLength) return false;
    const size_t gt = Find('>', name_end);
    if (gt == absl::string_view::npos) return false;
    pos_ = gt + 1;
    token_end_ = pos_;
    cell_open_ = absl::string_view::npos;
    row_current_ = false;
    const absl::string_view name = in_.substr(name_begin, name_end - name_begin);
    html_closed_ |= IsName(name, "html");
    if (!pending_.empty() && name.size() == pending_.back().name.size() &&
        absl::EqualsIgnoreCase(name, pending_.back().name) && IsPlainText(text_begin_, lt)) {
      // Only text since the start tag: libxml2 would open and close the
      // element around it, and the reader reads the text the same without.
      TakeOutElement(pending_.back().start_tag, lt);
      pending_.pop_back();
      return true;
    }
    if (block_.has_value() && name.size() == block_->name.size() &&
        absl::EqualsIgnoreCase(name, block_->name) && CellEndsAt(pos_, block_->cell)) {
      WriteUpTo(lt);
      if (out_.find('<', block_->start_tag.end) == std::string::npos) {
        // The cell holds only this block, and the block no markup: libxml2
        // would open and close it inside the cell, and the reader reads a
        // block alone in a cell as the cell's text (trimmed either way).
        TakeOutElement(block_->start_tag, lt);
      }
    }
    if (cell_mark_ != absl::string_view::npos && IsName(name, open_cell_)) {
      WriteUpTo(lt);
      // Nothing but text in the copy since the cell's start tag: the cell is
      // libxml2's current node, and the next cell's start tag closes it as
      // this end tag would, with the same events; an end tag costs libxml2
      // a name lookup and a search of its open elements. The next row's start
      // tag closes the cell and its row likewise, where the row is the cell's
      // parent: the row's end tag and the blanks around it go too.
      const bool only_text = out_.find('<', cell_mark_) == std::string::npos;
      const size_t row_end =
          only_text && cell_in_row_ ? RowEndBeforeNextRow(pos_) : absl::string_view::npos;
      // (With markup in the cell, the end tag may close another element or
      // none: what is current after it is not known.)
      if (only_text && CellStartsAt(pos_)) {
        copied_ = pos_;
        row_current_ = cell_in_row_;
      } else if (row_end != absl::string_view::npos) {
        copied_ = pos_ = token_end_ = row_end;
      } else {
        row_current_ = only_text && cell_in_row_;
      }
      cell_mark_ = absl::string_view::npos;
    }
    block_.reset();
    pending_.clear();
    in_container_ = false;
    return true;
  }

  // True if the tag name at p is one of `lower_names` (two letters each: td,
  // th, tr), in any case.
  bool TwoLetterNameAt(size_t p, std::initializer_list<absl::string_view> lower_names) const {
    if (p + 2 >= in_.size() || IsNameChar(data_[p + 2])) return false;
    const absl::string_view name = in_.substr(p, 2);
    return std::any_of(lower_names.begin(), lower_names.end(),
                       [name](absl::string_view lower) { return IsName(name, lower); });
  }

  // True if blanks and then a <td> or <th> start tag follow position p.
  bool CellStartsAt(size_t p) const {
    p = SkipBlanks(p);
    return p < in_.size() && data_[p] == '<' && TwoLetterNameAt(p + 1, {"td", "th"});
  }

  // Where a </tr> that follows position p after blanks ends, when blanks and
  // a <tr> start tag follow it; else npos.
  size_t RowEndBeforeNextRow(size_t p) const {
    p = SkipBlanks(p);
    if (p + 1 >= in_.size() || data_[p] != '<' || data_[p + 1] != '/' ||
        !TwoLetterNameAt(p + 2, {"tr"})) {
      return absl::string_view::npos;
    }
    const size_t gt = Find('>', p + 4);
    if (gt == absl::string_view::npos) return absl::string_view::npos;
    const size_t next = SkipBlanks(gt + 1);
    const bool row_follows =
        next < in_.size() && data_[next] == '<' && TwoLetterNameAt(next + 1, {"tr"});
    return row_follows ? gt + 1 : absl::string_view::npos;
  }

  // Comments end at the first "-->" or "--!>". A DOCTYPE ends at the first
  // '>' when its quoted literals (which may hold a '>') close before it. libxml2
  // reads "<!" before anything else as text.
  bool Declaration(size_t lt) {
    const absl::string_view rest = in_.substr(lt);
    if (absl::StartsWith(rest, "<!--")) {
      size_t p = lt + 4;
      while (true) {
        const size_t dashes = in_.find("--", p);
        if (dashes == absl::string_view::npos) return false;
        const absl::string_view after = in_.substr(dashes + 2);
        if (absl::StartsWith(after, ">") || absl::StartsWith(after, "!>")) {
          DropToken(lt, dashes + 2 + (after[0] == '>' ? 1 : 2));
          return true;
        }
        p = dashes + 1;
      }
    }
    if (absl::StartsWithIgnoreCase(rest.substr(2), "DOCTYPE")) {
      const size_t gt = Find('>', lt);
      if (gt == absl::string_view::npos) return false;
      for (size_t p = lt; p < gt; ++p) {
        if (data_[p] != '"' && data_[p] != '\'') continue;
        const size_t quote = Find(data_[p], p + 1);
        if (quote == absl::string_view::npos || quote > gt) return false;
        p = quote;
      }
      // Kept: libxml2 reads what follows a DOCTYPE in the middle of a page in
      // the same step, where "</" is text, so taking one out can change what
      // the next tag is.
      pos_ = gt + 1;
      token_end_ = pos_;
      return true;
    }
    pos_ = lt + 1;
    return true;
  }

  // `<?target ...>` ends at the first '>' (HTML has no "?>" rule).
  bool ProcessingInstruction(size_t lt) {
    if (lt + 2 >= in_.size() || !IsLetter(data_[lt + 2])) return false;
    const size_t gt = Find('>', lt + 2);
    if (gt == absl::string_view::npos) return false;
    DropToken(lt, gt + 1);
    return true;
  }

  // Moves past a comment or processing instruction [lt, end), which the
  // reader has no handler for, and leaves it out of the copy (libxml2 reads
  // their bytes one at a time) unless the text before it holds a '<' or '&'
  // that the text after it could complete. The text on its two sides joins,
  // and the reader reads text the same in one piece or two.
  void DropToken(size_t lt, size_t end) {
    pos_ = end;
    if (IsPlainText(token_end_, lt)) {
      WriteUpTo(lt);
      copied_ = end;
    }
    token_end_ = end;
  }

  const absl::string_view in_;
  const char* const data_ = in_.data();  // in_[i] without abseil's bounds assertion
  const bool runs_enabled_;              // the page has no placeholder of its own
  std::vector<absl::string_view> runs_;  // text runs noted, in page order
  size_t next_run_ = 0;                  // the first run not yet written
  size_t pos_ = 0;                       // where scanning goes on
  size_t copied_ = 0;                    // data_[0, copied_) has been written to out_
  std::string out_;
  std::vector<std::pair<size_t, size_t>> kept_;  // attributes of the current tag
  // Whether libxml2's current node is a container (IsContainer) or an inline
  // element opened under one with only text since.
  bool in_container_ = false;
  // Where the text since the last start tag or taken-out end tag begins.
  size_t text_begin_ = 0;
  // The transparent inline start tags open under that container, innermost
  // last, and where they were written to out_.
  struct PendingInline {
    OutRange start_tag;
    absl::string_view name;
  };
  std::vector<PendingInline> pending_;
  // Where the last markup token (tag, comment, declaration) ends.
  size_t token_end_ = 0;
  // For LeanPage::fit_for_push: whether libxml2 has an element open (every
  // element then sits in <html>, so only </html> closes them all), whether an
  // </html> was seen, and whether the push parser would stop early.
  bool element_opened_ = false;
  bool html_closed_ = false;
  bool stops_push_parser_ = false;
  // Where the last token ends if it was a td or th start tag (open_cell_ its
  // name), else npos.
  size_t cell_open_ = absl::string_view::npos;
  absl::string_view open_cell_;
  // A <p> or <div> start tag right inside a cell, as written to out_, while
  // it may still be taken out.
  struct PendingBlock {
    OutRange start_tag;
    absl::string_view name;
    absl::string_view cell;  // "td" or "th"
  };
  std::optional<PendingBlock> block_;
  // Where the copy of the open cell's content begins in out_, from its start
  // tag to the next tag, else npos.
  size_t cell_mark_ = absl::string_view::npos;
  // Whether libxml2's current node is a <tr> (right after its start tag, or
  // after a cell of it closed), and whether the open cell's parent is one.
  bool row_current_ = false;
  bool cell_in_row_ = false;
};

}  // namespace

LeanPage StripUnreadMarkup(absl::string_view html) {
  if (HasControlBytes(html)) return {std::string(html), {}};
  return Filter(html).Run();
}

}  // namespace govreport::extract
