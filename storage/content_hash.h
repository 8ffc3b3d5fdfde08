#ifndef GOVREPORT_STORAGE_CONTENT_HASH_H_
#define GOVREPORT_STORAGE_CONTENT_HASH_H_

#include <string>

#include "absl/strings/string_view.h"

namespace govreport::storage {

// Lower-case hex SHA-256 of `bytes`: the identity of a document's content.
std::string Sha256Hex(absl::string_view bytes);

}  // namespace govreport::storage

#endif  // GOVREPORT_STORAGE_CONTENT_HASH_H_
