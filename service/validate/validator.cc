#include "service/validate/validator.h"

#include "service/validate/rule.h"

namespace govreport::validate {

void Validate(extract::Extraction* ex) {
  RuleContext ctx(*ex);
  auto* summary = ex->result.mutable_summary();
  summary->Clear();
  ex->result.clear_findings();
  std::vector<Finding> findings;
  for (const auto& rule : Rules()) {
    RuleCheck::Outcome outcome = rule->Check(ctx, &findings);
    auto* check = summary->add_checks();
    check->set_rule(rule->info().id);
    check->set_outcome(outcome);
    switch (outcome) {
      case RuleCheck::PASSED:
        summary->set_passed(summary->passed() + 1);
        break;
      case RuleCheck::FAILED:
        summary->set_failed(summary->failed() + 1);
        break;
      default:
        summary->set_not_assessable(summary->not_assessable() + 1);
        break;
    }
  }
  for (Finding& f : findings) *ex->result.add_findings() = std::move(f);
}

}  // namespace govreport::validate
