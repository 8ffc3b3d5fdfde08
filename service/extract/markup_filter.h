#ifndef GOVREPORT_SERVICE_EXTRACT_MARKUP_FILTER_H_
#define GOVREPORT_SERVICE_EXTRACT_MARKUP_FILTER_H_

#include <string>

#include "absl/strings/string_view.h"

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
std::string StripUnreadMarkup(absl::string_view html);

}  // namespace govreport::extract

#endif  // GOVREPORT_SERVICE_EXTRACT_MARKUP_FILTER_H_
