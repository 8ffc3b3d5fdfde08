#ifndef GOVREPORT_SERVICE_EXTRACT_ATTRIBUTE_FILTER_H_
#define GOVREPORT_SERVICE_EXTRACT_ATTRIBUTE_FILTER_H_

#include <string>

#include "absl/strings/string_view.h"

namespace govreport::extract {

// The only attributes the HTML reader reads (on table cells); the filter keeps
// them. A reader that needs another attribute must add it here.
inline constexpr absl::string_view kRowspanAttribute = "rowspan";
inline constexpr absl::string_view kColspanAttribute = "colspan";

// Copies an HTML page without the start-tag attributes the reader never looks
// at: every attribute but those above, except on <meta>. Word-exported
// pages are mostly style= and class= bytes, and libxml2 reads attribute values
// a character at a time, so this halves the parser's work.
//
// The copy must parse into the same elements and text as the page. The filter
// follows libxml2's HTML tokenizer (recovery mode) for the markup real pages
// use: start and end tags, comments, DOCTYPE, processing instructions, script
// and style text. At the first markup it cannot tokenize exactly as libxml2
// does (an unterminated quote, a malformed attribute name...) it copies the
// rest of the page unchanged, and a page with control bytes stays whole.
std::string StripUnreadAttributes(absl::string_view html);

}  // namespace govreport::extract

#endif  // GOVREPORT_SERVICE_EXTRACT_ATTRIBUTE_FILTER_H_
