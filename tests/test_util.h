#ifndef GOVREPORT_TESTS_TEST_UTIL_H_
#define GOVREPORT_TESTS_TEST_UTIL_H_

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "service/extract/extractor.h"
#include "service/validate/validator.h"

namespace govreport::testing {

inline std::string SourcePath(const std::string& relative) {
  return std::string(GOVREPORT_SOURCE_DIR) + "/" + relative;
}

inline std::string ReadFileOrDie(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// An extraction with the given merged metrics, for rule tests.
inline extract::Extraction MakeExtraction(const std::string& template_name, int year,
                                          const std::map<std::string, double>& values) {
  extract::Extraction ex;
  ex.template_name = template_name;
  ex.metadata.year = year;
  ex.result.mutable_report()->set_template_(template_name);
  ex.result.mutable_report()->set_year(year);
  uint32_t offset = 0;
  for (const auto& [key, value] : values) {
    auto* m = ex.result.add_metrics();
    m->set_key(key);
    if (key == "fees.collected" || key == "org.budget" || key == "t2.fees.amount") {
      m->set_decimal_value(value);
    } else {
      m->set_int_value(static_cast<int64_t>(value));
    }
    m->mutable_span()->set_start(offset);
    m->mutable_span()->set_end(offset + 2);
    offset += 3;
  }
  return ex;
}

// The metric value of `key` in a result, or -1 when absent.
inline double MetricValue(const govreport::v1::DocumentResult& result, const std::string& key) {
  for (const auto& m : result.metrics()) {
    if (m.key() != key) continue;
    if (m.has_int_value()) return static_cast<double>(m.int_value());
    if (m.has_decimal_value()) return m.decimal_value();
  }
  return -1;
}

inline std::string MetricText(const govreport::v1::DocumentResult& result, const std::string& key) {
  for (const auto& m : result.metrics()) {
    if (m.key() == key) return m.text_value();
  }
  return "";
}

inline std::vector<std::string> RulesFired(const govreport::v1::DocumentResult& result) {
  std::vector<std::string> rules;
  for (const auto& f : result.findings()) rules.push_back(f.rule());
  return rules;
}

// Extracts and validates a text document; the rule IDs that fired.
inline std::vector<std::string> RulesFiredOn(const std::string& text) {
  auto ex = extract::Extract(text, "text/plain", "");
  EXPECT_TRUE(ex.ok()) << ex.status();
  if (!ex.ok()) return {};
  validate::Validate(&*ex);
  return RulesFired(ex->result);
}

}  // namespace govreport::testing

#endif  // GOVREPORT_TESTS_TEST_UTIL_H_
