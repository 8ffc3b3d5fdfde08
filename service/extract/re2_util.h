#ifndef GOVREPORT_SERVICE_EXTRACT_RE2_UTIL_H_
#define GOVREPORT_SERVICE_EXTRACT_RE2_UTIL_H_

#include <re2/re2.h>

#include "absl/strings/string_view.h"

namespace govreport::extract {

// Debian's abseil and RE2 each have their own string view type; these bridge
// the two without copying.
inline re2::StringPiece ToPiece(absl::string_view s) {
  return re2::StringPiece(s.data(), s.size());
}
inline absl::string_view ToView(const re2::StringPiece& s) {
  return absl::string_view(s.data(), s.size());
}

}  // namespace govreport::extract

#endif  // GOVREPORT_SERVICE_EXTRACT_RE2_UTIL_H_
