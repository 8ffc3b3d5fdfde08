#ifndef GOVREPORT_SERVICE_EXTRACT_PDF_H_
#define GOVREPORT_SERVICE_EXTRACT_PDF_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace govreport::extract {

// The text layer of a PDF in physical layout, as `pdftotext -layout` prints
// it (each page ends with a form feed), so the text reader reads both.
struct PdfText {
  std::string utf8;
  // Byte offset in `utf8` where each page starts; page_starts[i] is page i+1.
  std::vector<uint32_t> page_starts;
};

struct PdfLimits {
  int max_pages = 2000;
  size_t max_text_bytes = 64u << 20;
};

// Reads the text layer with poppler. Fails with INVALID_ARGUMENT and a reason
// for a malformed or truncated file, a password-protected one, and a scanned
// PDF without a text layer.
absl::StatusOr<PdfText> ReadPdfText(absl::string_view bytes, const PdfLimits& limits = {});

// The 1-based page holding byte `offset` of the text (0 if there are no pages).
int PageAt(const std::vector<uint32_t>& page_starts, uint32_t offset);

}  // namespace govreport::extract

#endif  // GOVREPORT_SERVICE_EXTRACT_PDF_H_
