#ifndef GOVREPORT_SERVICE_EXTRACT_READERS_H_
#define GOVREPORT_SERVICE_EXTRACT_READERS_H_

#include <string_view>

#include "absl/strings/string_view.h"
#include "service/extract/document.h"

namespace govreport::extract {

// Parses HTML (already decoded to UTF-8) with libxml2's HTML parser: text blocks in reading
// order, every <table> as a grid with rowspan/colspan expanded.
Document ReadHtml(absl::string_view utf8_html);

// Reads plain text: running text joined into paragraphs, and tables in any of
// the flattened forms (cell per line ending in " |", "| a | b |" pipe rows,
// whitespace-aligned columns from pdftotext -layout) as rows.
Document ReadText(absl::string_view utf8_text);

// True for page chrome lines (发布时间/浏览次数/字体 lines, share widgets,
// QR-code and footer text); exposed for tests.
bool IsChromeLine(absl::string_view normalized_line);

}  // namespace govreport::extract

#endif  // GOVREPORT_SERVICE_EXTRACT_READERS_H_
