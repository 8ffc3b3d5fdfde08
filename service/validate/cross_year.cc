#include "service/validate/cross_year.h"

#include <cmath>
#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "service/validate/rule.h"

namespace govreport::validate {
namespace {

using govreport::v1::DocumentResult;

constexpr const char* kCarryOver = "CARRY_OVER_MISMATCH";
constexpr const char* kYoyClaim = "YOY_CLAIM_MISMATCH";
constexpr const char* kItemDrift = "ITEM_COUNT_DRIFT";

struct Known {
  double value;
  govreport::v1::Span span;
};

std::map<std::string, Known> Values(const DocumentResult& r) {
  std::map<std::string, Known> out;
  for (const auto& m : r.metrics()) {
    if (m.has_int_value())
      out.emplace(m.key(), Known{static_cast<double>(m.int_value()), m.span()});
    if (m.has_decimal_value()) out.emplace(m.key(), Known{m.decimal_value(), m.span()});
  }
  return out;
}

const RuleInfo& Info(const std::string& id) {
  for (const auto& rule : Rules()) {
    if (rule->info().id == id) return rule->info();
  }
  static const RuleInfo* missing = new RuleInfo{id, govreport::v1::WARNING, "", "", ""};
  return *missing;
}

using Outcome = RuleCheck::Outcome;

Outcome CarryOver(const std::map<std::string, Known>& prev, const std::map<std::string, Known>& cur,
                  int prev_year, std::vector<Finding>* out) {
  auto over = cur.find("t3.carried_over.total");
  auto fwd = prev.find("t3.carried_forward.total");
  if (over == cur.end() || fwd == prev.end()) return RuleCheck::NOT_ASSESSABLE;
  if (over->second.value == fwd->second.value) return RuleCheck::PASSED;
  Finding f =
      MakeFinding(Info(kCarryOver),
                  absl::StrCat("本年“上年结转”", Num(over->second.value), "件，但", prev_year,
                               "年度报告“结转下年度继续办理”为", Num(fwd->second.value), "件。"));
  f.set_expected(Num(fwd->second.value));
  f.set_found(Num(over->second.value));
  f.add_metric_keys("t3.carried_over.total");
  f.add_metric_keys("t3.carried_forward.total");
  *f.add_evidence() = over->second.span;
  out->push_back(std::move(f));
  return RuleCheck::FAILED;
}

Outcome ItemDrift(const std::map<std::string, Known>& prev, const std::map<std::string, Known>& cur,
                  int prev_year, std::vector<Finding>* out) {
  static const std::pair<const char*, const char*> kRows[] = {
      {"licensing", "行政许可"},
      {"other_services", "其他对外管理服务事项"},
      {"punishment", "行政处罚"},
      {"coercion", "行政强制"},
      {"fees", "行政事业性收费"}};
  bool assessed = false, failed = false;
  for (const auto& [stem, label] : kRows) {
    auto p_items = prev.find(absl::StrCat("t2.", stem, ".prev_items"));
    auto p_delta = prev.find(absl::StrCat("t2.", stem, ".delta"));
    auto c_items = cur.find(absl::StrCat("t2.", stem, ".prev_items"));
    if (p_items == prev.end() || p_delta == prev.end() || c_items == cur.end()) continue;
    assessed = true;
    double expected = p_items->second.value + p_delta->second.value;
    if (expected == c_items->second.value) continue;
    failed = true;
    Finding f = MakeFinding(
        Info(kItemDrift),
        absl::StrCat(label, "：", prev_year, "年报告上一年项目数量", Num(p_items->second.value),
                     " + 本年增/减", Num(p_delta->second.value), " = ", Num(expected),
                     "，但本年报告上一年项目数量为", Num(c_items->second.value), "。"));
    f.set_expected(Num(expected));
    f.set_found(Num(c_items->second.value));
    f.add_metric_keys(absl::StrCat("t2.", stem, ".prev_items"));
    f.add_metric_keys(absl::StrCat("t2.", stem, ".delta"));
    *f.add_evidence() = c_items->second.span;
    out->push_back(std::move(f));
  }
  if (!assessed) return RuleCheck::NOT_ASSESSABLE;
  return failed ? RuleCheck::FAILED : RuleCheck::PASSED;
}

Outcome YoyClaims(const DocumentResult& current, const std::map<std::string, Known>& prev,
                  const std::map<std::string, Known>& cur, int prev_year,
                  std::vector<Finding>* out) {
  bool assessed = false, failed = false;
  for (const auto& claim : current.claims()) {
    if (claim.base_year() != 0 && claim.base_year() != prev_year) continue;
    auto before = prev.find(claim.metric_key());
    auto now = cur.find(claim.metric_key());
    if (before == prev.end() || now == cur.end() || before->second.value == 0) continue;
    assessed = true;
    double actual = now->second.value / before->second.value;
    if (std::fabs(actual - claim.ratio()) <= claim.tolerance() + 1e-9) continue;
    failed = true;
    Finding f = MakeFinding(
        Info(kYoyClaim), absl::StrCat("正文称“", claim.raw(), "”，但按", prev_year, "年度报告的",
                                      Num(before->second.value), "和本年", Num(now->second.value),
                                      "计算，实际为", absl::StrFormat("%.1f%%", (actual - 1) * 100),
                                      "（", absl::StrFormat("%.2f", actual), "倍）。"));
    f.set_expected(absl::StrFormat("%.4f", actual));
    f.set_found(absl::StrFormat("%.4f", claim.ratio()));
    f.add_metric_keys(claim.metric_key());
    *f.add_evidence() = claim.span();
    *f.add_evidence() = now->second.span;
    out->push_back(std::move(f));
  }
  if (!assessed) return RuleCheck::NOT_ASSESSABLE;
  return failed ? RuleCheck::FAILED : RuleCheck::PASSED;
}

}  // namespace

bool IsCrossYearRule(const std::string& rule) {
  return rule == kCarryOver || rule == kYoyClaim || rule == kItemDrift;
}

void ApplyCrossYearRules(const DocumentResult* previous, DocumentResult* current) {
  // Drop this family's earlier findings.
  auto* findings = current->mutable_findings();
  for (int i = findings->size() - 1; i >= 0; --i) {
    if (IsCrossYearRule(findings->Get(i).rule())) findings->DeleteSubrange(i, 1);
  }
  std::map<std::string, Outcome> outcome = {{kCarryOver, RuleCheck::NOT_ASSESSABLE},
                                            {kYoyClaim, RuleCheck::NOT_ASSESSABLE},
                                            {kItemDrift, RuleCheck::NOT_ASSESSABLE}};
  if (previous != nullptr) {
    auto prev = Values(*previous);
    auto cur = Values(*current);
    int prev_year = previous->report().year();
    std::vector<Finding> out;
    outcome[kCarryOver] = CarryOver(prev, cur, prev_year, &out);
    outcome[kItemDrift] = ItemDrift(prev, cur, prev_year, &out);
    outcome[kYoyClaim] = YoyClaims(*current, prev, cur, prev_year, &out);
    for (Finding& f : out) *current->add_findings() = std::move(f);
  }
  auto* summary = current->mutable_summary();
  int passed = 0, failed = 0, not_assessable = 0;
  for (auto& check : *summary->mutable_checks()) {
    auto it = outcome.find(check.rule());
    if (it != outcome.end()) check.set_outcome(it->second);
    switch (check.outcome()) {
      case RuleCheck::PASSED:
        ++passed;
        break;
      case RuleCheck::FAILED:
        ++failed;
        break;
      default:
        ++not_assessable;
    }
  }
  summary->set_passed(passed);
  summary->set_failed(failed);
  summary->set_not_assessable(not_assessable);
}

}  // namespace govreport::validate
