#ifndef GOVREPORT_SERVICE_EXTRACT_METRIC_CATALOG_H_
#define GOVREPORT_SERVICE_EXTRACT_METRIC_CATALOG_H_

#include <string_view>
#include <vector>

#include "absl/strings/string_view.h"

namespace govreport::extract {

struct MetricSpec {
  absl::string_view key;
  absl::string_view type;        // int, decimal, string, date
  absl::string_view unit;        // 条, 件, 万元, ...
  absl::string_view applies_to;  // "any" or comma-separated templates
  absl::string_view label_zh;
};

// All metric keys in metrics.tsv order.
const std::vector<MetricSpec>& MetricCatalog();

// The spec of `key` (an element of MetricCatalog()), or nullptr if it is not a
// catalog key.
const MetricSpec* FindMetric(absl::string_view key);

// True if `key` is reported for documents of `template_name`.
bool MetricAppliesTo(const MetricSpec& spec, absl::string_view template_name);

}  // namespace govreport::extract

#endif  // GOVREPORT_SERVICE_EXTRACT_METRIC_CATALOG_H_
