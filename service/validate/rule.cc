#include "service/validate/rule.h"

#include <cmath>

#include "service/extract/numbers.h"

namespace govreport::validate {

RuleContext::RuleContext(const extract::Extraction& ex) : ex_(ex) {
  for (const auto& m : ex.result.metrics()) {
    if (values_.count(m.key())) continue;
    Value v;
    if (m.has_int_value()) {
      v.value = static_cast<double>(m.int_value());
    } else if (m.has_decimal_value()) {
      v.value = m.decimal_value();
    } else {
      continue;
    }
    v.span = m.span();
    v.raw = m.raw();
    values_.emplace(m.key(), std::move(v));
  }
}

const Value* RuleContext::Get(absl::string_view key) const {
  auto it = values_.find(key);
  return it == values_.end() ? nullptr : &it->second;
}

const std::vector<std::unique_ptr<Rule>>& Rules() {
  static const auto* rules = [] {
    auto* r = new std::vector<std::unique_ptr<Rule>>();
    AddArithmeticRules(r);
    AddConsistencyRules(r);
    AddFormRules(r);
    AddTimeRules(r);
    AddCrossDocumentRules(r);
    return r;
  }();
  return *rules;
}

Finding MakeFinding(const RuleInfo& info, std::string message) {
  Finding f;
  f.set_rule(info.id);
  f.set_severity(info.severity);
  f.set_message(std::move(message));
  return f;
}

void AddEvidence(const RuleContext& ctx, absl::string_view key, Finding* f) {
  f->add_metric_keys(std::string(key));
  if (const Value* v = ctx.Get(key)) *f->add_evidence() = v->span;
}

std::string Num(double v) { return extract::FormatNumber(v); }

std::string SeverityName(Severity s) {
  switch (s) {
    case govreport::v1::ERROR:
      return "error";
    case govreport::v1::WARNING:
      return "warning";
    case govreport::v1::INFO:
      return "info";
    default:
      return "unspecified";
  }
}

IdentityResult CheckIdentity(const RuleContext& ctx, absl::string_view total,
                             const std::vector<std::string>& parts) {
  IdentityResult r;
  const Value* t = ctx.Get(total);
  if (t == nullptr) return r;
  int present = 0;
  for (const std::string& p : parts) {
    if (const Value* v = ctx.Get(p)) {
      r.sum += v->value;
      ++present;
    } else {
      r.blank_parts.push_back(p);
    }
  }
  if (present == 0) return r;
  r.assessable = true;
  r.total = t->value;
  r.holds = std::fabs(r.total - r.sum) < 1e-6;
  return r;
}

}  // namespace govreport::validate
