#ifndef GOVREPORT_SERVICE_EXTRACT_MARKUP_FILTER_H_
#define GOVREPORT_SERVICE_EXTRACT_MARKUP_FILTER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "service/extract/normalize.h"

namespace govreport::extract {

// The only attributes the HTML reader reads (on table cells); the filter keeps
// them. A reader that needs another attribute must add it here.
inline constexpr absl::string_view kRowspanAttribute = "rowspan";
inline constexpr absl::string_view kColspanAttribute = "colspan";

// Copies an HTML page without the markup the reader never looks at:
// - start-tag attributes, all but those above (and all of <meta>'s kept).
//   Word-exported pages are mostly style= and class= bytes, and libxml2 reads
//   attribute values a character at a time, so this halves the parser's work.
// - inline elements the reader reads through (<span>, <font>, <b>, <o:p>...)
//   where they hold only text and stand directly in a container (<p>, <td>,
//   <div>...): "<td><p><span>12<o:p></o:p></span></p></td>" becomes
//   "<td><p>12</p></td>". Not where the text beside their tags holds a '<'
//   or '&', which the join could turn into markup or an entity. Every tag
//   costs libxml2 its start-close table lookups and name-stack comparisons
//   whether the reader needs it or not.
// - a <p> or <div> that is a cell's only content and holds no markup:
//   "<td>\n<p>&nbsp;</p>\n</td>" becomes "<td>\n&nbsp;\n</td>". The reader
//   reads a break inside a cell as one space and trims the cell, so the text
//   is the same; libxml2 opens and closes the block inside the cell.
// - blanks right before a <td>, <th> or <tr> start tag: whitespace never
//   implies an element in libxml2, and every reader context ends or trims its
//   text at these tags.
// - a cell's end tag right before the next cell's start tag, where the cell
//   holds only text in the copy: "<td>1</td><td>2</td>" becomes
//   "<td>1<td>2</td>". The cell is libxml2's current node, and the start tag
//   closes it with the same events. Before the row's end tag and the next
//   row's start tag, where the row is the cell's parent, both end tags go
//   ("<tr><td>1</td>\n</tr>\n<tr>" becomes "<tr><td>1<tr>"); a </tr> alone
//   would cost libxml2 more than the tags (it reports the cell as a mismatch).
//
// The copy must read into the same Document as the page (the fuzzer checks
// it), except where the page nests deeper than the reader's bound
// (Document::nesting_cut): with fewer elements open, the copy stops later.
// The filter follows libxml2's HTML tokenizer (recovery mode) for the markup
// real pages use: start and end tags, comments, DOCTYPE, processing
// instructions, script and style text. At the first markup it cannot tokenize
// exactly as libxml2 does (an unterminated quote, a malformed attribute
// name...) it copies the rest of the page unchanged, and a page with control
// bytes stays whole.
//
// It also hands libxml2 the page's sentences by reference. libxml2 reads text
// a character at a time (some 150 instructions for each Chinese character),
// and the reader only copies it on. So a run of text between two markup tokens
// that libxml2 reads as one piece of text (no entity, no '<', no character it
// drops, not inside <script> or <style>) stands in the copy as one
// placeholder character, U+F0000 + the run's index in `text_runs`, after the
// run's leading blanks (which libxml2 skips in some places). The text reads
// the same wherever it lands: a run is never blank, and neither is its
// placeholder. A page with a character of that range of its own
// (Supplementary Private Use Area-A) is copied without placeholders.
inline constexpr uint32_t kFirstPlaceholder = 0xF0000;
inline constexpr size_t kPlaceholderBytes = 4;

// The run index of the placeholder at text[at] (UTF-8 F3 B0..BF xx xx), or
// SIZE_MAX where none starts.
inline size_t PlaceholderIndexAt(absl::string_view text, size_t at) {
  const auto* b = reinterpret_cast<const unsigned char*>(text.data() + at);
  if (at + kPlaceholderBytes > text.size() || b[0] != 0xF3 || (b[1] & 0xF0) != 0xB0) {
    return SIZE_MAX;
  }
  return ((b[1] & 0x0Fu) << 12 | (b[2] & 0x3Fu) << 6 | (b[3] & 0x3Fu));
}

struct LeanPage {
  std::string html;
  std::vector<absl::string_view> text_runs;  // views into the page
  // True when the filter tokenized the whole page (no rest copied unread, no
  // control bytes, so every script and style in `html` is closed and none of
  // their texts starts with "</") and saw nothing that libxml2's push parser
  // reads otherwise than its pull parser: an end tag before the first element
  // or anything after </html> (the push parser stops there), a last bare '<',
  // a DOCTYPE among the elements, a tag name with a '.'.
  bool fit_for_push = false;
};
LeanPage StripUnreadMarkup(absl::string_view html);

// Hands `text`, as libxml2 reports it from a LeanPage's html, to `piece` in
// pieces, each placeholder replaced by its run; the pieces joined are the
// page's text. (A template: the reader calls it for every piece of text.)
template <typename Piece>
void ForEachTextPiece(absl::string_view text, absl::Span<const absl::string_view> text_runs,
                      Piece piece) {
  size_t from = 0;
  if (!text_runs.empty()) {
    for (size_t at = FindByte(text, '\xF3'); at != absl::string_view::npos;
         at = FindByte(text, '\xF3', at + 1)) {
      const size_t index = PlaceholderIndexAt(text, at);
      if (index >= text_runs.size()) continue;
      if (at > from) piece(text.substr(from, at - from));
      piece(text_runs[index]);
      from = at + kPlaceholderBytes;
      at = from - 1;
    }
  }
  if (from < text.size()) piece(text.substr(from));
}

}  // namespace govreport::extract

#endif  // GOVREPORT_SERVICE_EXTRACT_MARKUP_FILTER_H_
