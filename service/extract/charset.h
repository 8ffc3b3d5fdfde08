#ifndef GOVREPORT_SERVICE_EXTRACT_CHARSET_H_
#define GOVREPORT_SERVICE_EXTRACT_CHARSET_H_

#include <string>
#include <string_view>

#include "absl/strings/string_view.h"

namespace govreport::extract {

struct DecodedText {
  std::string utf8;     // decoded text, BOM stripped
  std::string charset;  // "UTF-8" or "GB18030"
  int invalid_bytes = 0;
  // Of those, characters an earlier wrong decoding had already lost (see
  // DecodeToUtf8): damage done before the crawl, not undecodable bytes.
  int lost_to_mojibake = 0;
};

// Decodes crawled bytes to UTF-8. Valid UTF-8 is UTF-8 whatever is declared
// (a wrong "gb2312" label must not produce mojibake); otherwise UTF-8 and
// GB18030 (the superset of every GB* charset) are both tried and the one with
// fewer undecodable bytes wins, the declaration (`declared_charset`, or a
// <meta> in the page) breaking a tie. Text that shows mojibake (UTF-8 once
// decoded as GB18030 or windows-1252 and saved again) is turned back into
// what it said; characters that wrong decoding dropped stay lost. Never fails;
// undecodable bytes become U+FFFD and are counted.
DecodedText DecodeToUtf8(absl::string_view bytes, absl::string_view declared_charset);

// The charset named in a <meta charset> / http-equiv declaration within the
// first few KiB of an HTML document, lower-cased; empty if none.
std::string SniffMetaCharset(absl::string_view bytes);

// True if `bytes` is entirely well-formed UTF-8.
bool IsValidUtf8(absl::string_view bytes);

}  // namespace govreport::extract

#endif  // GOVREPORT_SERVICE_EXTRACT_CHARSET_H_
