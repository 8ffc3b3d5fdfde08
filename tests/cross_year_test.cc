// CARRY_OVER_MISMATCH, YOY_CLAIM_MISMATCH, ITEM_COUNT_DRIFT on results built here.
#include "service/validate/cross_year.h"

#include <map>

#include "gtest/gtest.h"
#include "service/validate/validator.h"
#include "tests/test_util.h"

namespace govreport::validate {
namespace {

using govreport::v1::DocumentResult;
using govreport::v1::RuleCheck;

DocumentResult Year(int year, const std::map<std::string, double>& values) {
  auto ex = govreport::testing::MakeExtraction("format_2019", year, values);
  Validate(&ex);  // fills the summary with every rule
  return ex.result;
}

const govreport::v1::Finding* First(const DocumentResult& r, const std::string& rule) {
  for (const auto& f : r.findings()) {
    if (f.rule() == rule) return &f;
  }
  return nullptr;
}

int Count(const DocumentResult& r, const std::string& rule) {
  int n = 0;
  for (const auto& f : r.findings()) n += f.rule() == rule;
  return n;
}

RuleCheck::Outcome Outcome(const DocumentResult& r, const std::string& rule) {
  for (const auto& c : r.summary().checks()) {
    if (c.rule() == rule) return c.outcome();
  }
  return RuleCheck::OUTCOME_UNSPECIFIED;
}

TEST(CarryOverTest, FailsPassesAndNeedsThePreviousYear) {
  DocumentResult y2019 = Year(2019, {{"t3.carried_forward.total", 14}});
  DocumentResult y2020 = Year(2020, {{"t3.carried_over.total", 12}});
  ApplyCrossYearRules(&y2019, &y2020);
  ASSERT_EQ(Count(y2020, "CARRY_OVER_MISMATCH"), 1);
  const auto* f = First(y2020, "CARRY_OVER_MISMATCH");
  EXPECT_EQ(f->message(), "本年“上年结转”12件，但2019年度报告“结转下年度继续办理”为14件。");
  EXPECT_EQ(f->severity(), govreport::v1::ERROR);

  DocumentResult ok = Year(2020, {{"t3.carried_over.total", 14}});
  ApplyCrossYearRules(&y2019, &ok);
  EXPECT_EQ(Outcome(ok, "CARRY_OVER_MISMATCH"), RuleCheck::PASSED);

  DocumentResult alone = Year(2020, {{"t3.carried_over.total", 12}});
  ApplyCrossYearRules(nullptr, &alone);
  EXPECT_EQ(Outcome(alone, "CARRY_OVER_MISMATCH"), RuleCheck::NOT_ASSESSABLE);
}

TEST(ItemCountDriftTest, PreviousItemsPlusDeltaMustMeetNextYear) {
  DocumentResult y2019 =
      Year(2019, {{"t2.licensing.prev_items", 612}, {"t2.licensing.delta", -37}});
  DocumentResult drift = Year(2020, {{"t2.licensing.prev_items", 580}});
  ApplyCrossYearRules(&y2019, &drift);
  EXPECT_EQ(Count(drift, "ITEM_COUNT_DRIFT"), 1);
  DocumentResult ok = Year(2020, {{"t2.licensing.prev_items", 575}});
  ApplyCrossYearRules(&y2019, &ok);
  EXPECT_EQ(Outcome(ok, "ITEM_COUNT_DRIFT"), RuleCheck::PASSED);
  DocumentResult none = Year(2020, {});
  ApplyCrossYearRules(&y2019, &none);
  EXPECT_EQ(Outcome(none, "ITEM_COUNT_DRIFT"), RuleCheck::NOT_ASSESSABLE);
}

TEST(YoyClaimTest, ClaimWithinRoundingPassesOtherwiseFails) {
  DocumentResult y2019 = Year(2019, {{"proactive.total", 1000}});
  DocumentResult y2020 = Year(2020, {{"proactive.total", 1163}});
  auto* claim = y2020.add_claims();
  claim->set_metric_key("proactive.total");
  claim->set_ratio(1.16);
  claim->set_tolerance(0.005);
  claim->set_raw("同比增长16%");
  ApplyCrossYearRules(&y2019, &y2020);
  EXPECT_EQ(Outcome(y2020, "YOY_CLAIM_MISMATCH"), RuleCheck::PASSED) << "16.3% rounds to 16%";

  DocumentResult wrong = Year(2020, {{"proactive.total", 1120}});
  *wrong.add_claims() = *claim;
  ApplyCrossYearRules(&y2019, &wrong);
  EXPECT_EQ(Count(wrong, "YOY_CLAIM_MISMATCH"), 1);

  DocumentResult unclaimed = Year(2020, {{"proactive.total", 1120}});
  ApplyCrossYearRules(&y2019, &unclaimed);
  EXPECT_EQ(Outcome(unclaimed, "YOY_CLAIM_MISMATCH"), RuleCheck::NOT_ASSESSABLE);
}

TEST(CrossYearTest, ReapplyingReplacesInsteadOfAdding) {
  DocumentResult y2019 = Year(2019, {{"t3.carried_forward.total", 14}});
  DocumentResult y2020 = Year(2020, {{"t3.carried_over.total", 12}});
  ApplyCrossYearRules(&y2019, &y2020);
  ApplyCrossYearRules(&y2019, &y2020);
  EXPECT_EQ(Count(y2020, "CARRY_OVER_MISMATCH"), 1);
  const auto& s = y2020.summary();
  EXPECT_EQ(s.passed() + s.failed() + s.not_assessable(), s.checks_size());
}

}  // namespace
}  // namespace govreport::validate
