#ifndef GOVREPORT_SERVICE_EXTRACT_METADATA_H_
#define GOVREPORT_SERVICE_EXTRACT_METADATA_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "service/extract/document.h"

namespace govreport::extract {

// A value found in the text with the span it came from.
struct Located {
  std::string value;
  TextSpan span;
  std::string raw;  // the line or phrase it was read from
  bool present() const { return !value.empty(); }
};

// Document metadata (domain.md §4).
struct Metadata {
  Located title;
  Located agency;
  // Where the agency came from: "title", "body", "signature", "source", or
  // "" when unknown. Anything but the title counts as inferred.
  std::string agency_source;
  int year = 0;
  TextSpan year_span;
  std::string year_source;  // "title", "period", "body", "document_numbers", "publish_date"
  int title_year = 0;
  int period_year = 0;
  // Years of the body's statements about its own year ("2018年,我区主动公开…").
  std::vector<int> body_years;
  Located publish_date;  // YYYY-MM-DD
  Located period_start;  // YYYY-MM-DD
  Located period_end;    // YYYY-MM-DD
};

// `template_name` narrows the weakest year clue (document-number years) to
// the years the template was in use.
Metadata ReadMetadata(const Document& doc, absl::string_view template_name);

// Parses a date written as 2019-03-05, 2019年3月5日, 2019.3.5, 2019/03/05 or
// 二〇一九年二月二十八日 at the start of `text`; "" if none.
std::string ParseDate(absl::string_view text);

}  // namespace govreport::extract

#endif  // GOVREPORT_SERVICE_EXTRACT_METADATA_H_
