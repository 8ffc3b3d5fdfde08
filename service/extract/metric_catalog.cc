#include "service/extract/metric_catalog.h"

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_split.h"

namespace govreport::extract {

const std::vector<MetricSpec>& MetricCatalog() {
  static const auto* catalog = new std::vector<MetricSpec>{
#include "service/extract/metric_catalog_data.inc"
  };
  return *catalog;
}

const MetricSpec* FindMetric(absl::string_view key) {
  static const auto* index = [] {
    auto* m = new absl::flat_hash_map<absl::string_view, const MetricSpec*>();
    for (const MetricSpec& spec : MetricCatalog()) (*m)[spec.key] = &spec;
    return m;
  }();
  auto it = index->find(key);
  return it == index->end() ? nullptr : it->second;
}

bool MetricAppliesTo(const MetricSpec& spec, absl::string_view template_name) {
  if (spec.applies_to == "any") return true;
  for (absl::string_view t : absl::StrSplit(spec.applies_to, ',')) {
    if (t == template_name) return true;
  }
  return false;
}

}  // namespace govreport::extract
