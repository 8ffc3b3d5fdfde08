#ifndef GOVREPORT_SERVICE_EXTRACT_SNIFF_H_
#define GOVREPORT_SERVICE_EXTRACT_SNIFF_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace govreport::extract {

// The formats the extractor reads.
enum class Format { kHtml, kText, kPdf, kDocx };

inline constexpr absl::string_view kDocxContentType =
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

// The MIME type of a format ("text/html", "application/pdf", ...).
absl::string_view ContentTypeOf(Format format);

// What the bytes are, from their magic numbers and structure; the declared
// type (normalised, may be empty or wrong) only decides between HTML and
// plain text when the bytes leave it open. Fails with INVALID_ARGUMENT,
// naming what was found, for bytes of a kind the extractor cannot read
// (images, legacy .doc, other archives, binary data).
absl::StatusOr<Format> SniffFormat(absl::string_view bytes, absl::string_view declared_type);

}  // namespace govreport::extract

#endif  // GOVREPORT_SERVICE_EXTRACT_SNIFF_H_
