#ifndef GOVREPORT_SERVICE_EXTRACT_MIRROR_H_
#define GOVREPORT_SERVICE_EXTRACT_MIRROR_H_

#include <string>

namespace govreport::extract {

// Mirror and hijacked copies of report pages (domain.md §3.1) rewrite the
// text: converted to traditional characters, or with pinyin inserted after
// characters ("公(gōng)開"). Undoes both in `utf8` (decoded text) so the copy
// reads like the report it copies, and returns a note of what was undone for
// the reviewer ("" if the text shows neither): such a copy is low-trust.
std::string UndoMirrorRewrites(std::string* utf8);

}  // namespace govreport::extract

#endif  // GOVREPORT_SERVICE_EXTRACT_MIRROR_H_
