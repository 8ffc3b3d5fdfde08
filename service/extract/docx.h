#ifndef GOVREPORT_SERVICE_EXTRACT_DOCX_H_
#define GOVREPORT_SERVICE_EXTRACT_DOCX_H_

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "service/extract/document.h"

namespace govreport::extract {

struct DocxLimits {
  // Uncompressed size of word/document.xml: a zip bomb stops here.
  size_t max_xml_bytes = 64u << 20;
};

// Reads a Word .docx package (libzip + libxml2): body paragraphs in reading
// order and tables with merged cells (gridSpan, vMerge) expanded, through the
// same BlockWriter as HTML. The title comes from docProps/core.xml. Fails
// with INVALID_ARGUMENT for a damaged or encrypted package.
absl::StatusOr<Document> ReadDocx(absl::string_view bytes, const DocxLimits& limits = {});

}  // namespace govreport::extract

#endif  // GOVREPORT_SERVICE_EXTRACT_DOCX_H_
