#ifndef GOVREPORT_SERVICE_EXTRACT_EXTRACTOR_H_
#define GOVREPORT_SERVICE_EXTRACT_EXTRACTOR_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "govreport/v1/report.pb.h"
#include "service/extract/figures.h"
#include "service/extract/metadata.h"
#include "service/extract/sniff.h"
#include "service/extract/tables.h"

namespace govreport::extract {

// Everything the extractor read from one document. `result` is what clients
// see; the rest keeps prose and table figures apart (before they are merged
// into one metric per key) so that validation can compare them.
struct Extraction {
  govreport::v1::DocumentResult result;
  Metadata metadata;
  std::string template_name;
  TableSignals tables;
  std::vector<Figure> table_figures;
  std::vector<Figure> prose_figures;
  std::vector<Breakdown> breakdowns;
  std::vector<UnreadableTable> unreadable;
  // Headings of any level (一、 （一） 1.) in reading order, for MISSING_SECTION.
  std::vector<std::string> headings;
};

struct ExtractOptions {
  // Documents larger than this are rejected (the server sets its own limit).
  size_t max_bytes = 32u << 20;
};

// Bytes in, result out: decodes, reads structure, tables, prose and metadata.
// The format is sniffed from the bytes (HTML, plain text, PDF, .docx);
// content_type, the declared type, only breaks a tie between HTML and text.
// Fails with INVALID_ARGUMENT, saying why, for empty, damaged, encrypted,
// image-only or unsupported input.
absl::StatusOr<Extraction> Extract(absl::string_view bytes, absl::string_view content_type,
                                   absl::string_view declared_charset,
                                   const ExtractOptions& options = {});

// "Text/HTML; charset=GBK" -> "text/html": lower case, parameters dropped.
std::string NormalizeContentType(absl::string_view content_type);

// The content type for a file name: .htm/.html -> text/html, .pdf, .docx,
// else text/plain.
std::string ContentTypeForPath(absl::string_view path);

}  // namespace govreport::extract

#endif  // GOVREPORT_SERVICE_EXTRACT_EXTRACTOR_H_
