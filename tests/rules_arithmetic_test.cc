// T3_BALANCE, T3_RESULT_SUM, T3_COLUMN_SUM, T4_SUM, STAT_SUM, REQUEST_FLOW.
#include <map>
#include <string>

#include "gtest/gtest.h"
#include "service/validate/rule.h"
#include "service/validate/validator.h"
#include "tests/test_util.h"

namespace govreport::validate {
namespace {

using govreport::testing::MakeExtraction;
using govreport::v1::RuleCheck;

int Count(const extract::Extraction& ex, const std::string& rule) {
  int n = 0;
  for (const auto& f : ex.result.findings()) n += f.rule() == rule;
  return n;
}

RuleCheck::Outcome Outcome(const extract::Extraction& ex, const std::string& rule) {
  for (const auto& c : ex.result.summary().checks()) {
    if (c.rule() == rule) return c.outcome();
  }
  return RuleCheck::OUTCOME_UNSPECIFIED;
}

extract::Extraction ValidateValues(const std::string& tmpl, std::map<std::string, double> values) {
  auto ex = MakeExtraction(tmpl, 2020, values);
  Validate(&ex);
  return ex;
}

TEST(T3BalanceTest, FailsPerColumnWithFiguresInMessage) {
  auto ex = ValidateValues("format_2019", {{"t3.new.natural", 203},
                                           {"t3.carried_over.natural", 0},
                                           {"t3.processed.natural", 183},
                                           {"t3.carried_forward.natural", 14}});
  ASSERT_EQ(Count(ex, "T3_BALANCE"), 1);
  const auto& f = ex.result.findings(0);
  EXPECT_EQ(f.message(),
            "表三“自然人”列：本年新收203 + 上年结转0 = 203，但办理结果总计183 + 结转下年度14 = "
            "197，相差6。");
  EXPECT_EQ(f.metric_keys_size(), 4);
  EXPECT_EQ(f.severity(), govreport::v1::ERROR);
}

TEST(T3BalanceTest, PassesAndNotAssessable) {
  EXPECT_EQ(Outcome(ValidateValues("format_2021", {{"t3.new.total", 10},
                                                   {"t3.processed.total", 9},
                                                   {"t3.carried_forward.total", 1}}),
                    "T3_BALANCE"),
            RuleCheck::PASSED);
  EXPECT_EQ(Outcome(ValidateValues("format_2021", {{"t3.new.total", 10}}), "T3_BALANCE"),
            RuleCheck::NOT_ASSESSABLE);
}

TEST(T3ResultSumTest, FailsAndPasses) {
  std::map<std::string, double> v = {
      {"t3.granted.total", 5}, {"t3.partial.total", 1}, {"t3.processed.total", 8}};
  EXPECT_EQ(Count(ValidateValues("format_2019", v), "T3_RESULT_SUM"), 1);
  v["t3.other.total"] = 2;
  EXPECT_EQ(Outcome(ValidateValues("format_2019", v), "T3_RESULT_SUM"), RuleCheck::PASSED);
  // 2021: （六） is three rows; the 2019 single row does not count.
  v.erase("t3.other.total");
  v["t3.other.misc.total"] = 2;
  EXPECT_EQ(Outcome(ValidateValues("format_2021", v), "T3_RESULT_SUM"), RuleCheck::PASSED);
}

TEST(T3ColumnSumTest, RowTotalAgainstColumns) {
  std::map<std::string, double> v = {
      {"t3.new.natural", 9}, {"t3.new.commercial", 2}, {"t3.new.total", 12}};
  EXPECT_EQ(Count(ValidateValues("format_2021", v), "T3_COLUMN_SUM"), 1);
  v["t3.new.total"] = 11;
  EXPECT_EQ(Outcome(ValidateValues("format_2021", v), "T3_COLUMN_SUM"), RuleCheck::PASSED);
  EXPECT_EQ(Outcome(ValidateValues("format_2021", {}), "T3_COLUMN_SUM"), RuleCheck::NOT_ASSESSABLE);
}

TEST(T4SumTest, Blocks) {
  std::map<std::string, double> v = {{"t4.review.maintained", 0},
                                     {"t4.review.corrected", 2},
                                     {"t4.review.other", 1},
                                     {"t4.review.pending", 3},
                                     {"t4.review.total", 7}};
  EXPECT_EQ(Count(ValidateValues("format_2019", v), "T4_SUM"), 1);
  v["t4.review.total"] = 6;
  EXPECT_EQ(Outcome(ValidateValues("format_2019", v), "T4_SUM"), RuleCheck::PASSED);
  EXPECT_EQ(Outcome(ValidateValues("narrative", v), "T4_SUM"), RuleCheck::NOT_ASSESSABLE);
}

TEST(StatSumTest, NarrativeBreakdownReadsMissingPartsAsZero) {
  auto ex = ValidateValues("narrative", {{"request.received", 6},
                                         {"request.received.in_person", 2},
                                         {"request.received.online", 3},
                                         {"request.received.letter", 3}});
  ASSERT_EQ(Count(ex, "STAT_SUM"), 1);
  EXPECT_NE(ex.result.findings(0).message().find("空白项1个按0计"), std::string::npos);
}

TEST(StatSumTest, StatTableNeedsEveryPart) {
  std::map<std::string, double> v = {{"org.staff", 4}, {"org.staff.full_time", 2}};
  EXPECT_EQ(Outcome(ValidateValues("stat_table_2008", v), "STAT_SUM"), RuleCheck::NOT_ASSESSABLE);
  v["org.staff.part_time"] = 2;
  EXPECT_EQ(Outcome(ValidateValues("stat_table_2008", v), "STAT_SUM"), RuleCheck::PASSED);
  v["org.staff.part_time"] = 3;
  EXPECT_EQ(Count(ValidateValues("stat_table_2008", v), "STAT_SUM"), 1);
}

TEST(RequestFlowTest, CompletedMoreThanReceived) {
  auto ex = ValidateValues("narrative", {{"request.received", 2},
                                         {"request.completed.on_time", 24},
                                         {"request.completed.extended", 5}});
  ASSERT_EQ(Count(ex, "REQUEST_FLOW"), 1);
  EXPECT_NE(ex.result.findings(0).message().find("办结29件"), std::string::npos);
  EXPECT_EQ(
      Outcome(ValidateValues("narrative", {{"request.received", 5}, {"request.completed", 5}}),
              "REQUEST_FLOW"),
      RuleCheck::PASSED);
  EXPECT_EQ(Outcome(ValidateValues("narrative", {{"request.completed", 5}}), "REQUEST_FLOW"),
            RuleCheck::NOT_ASSESSABLE);
}

TEST(SummaryTest, CountsEveryRuleOnce) {
  auto ex = ValidateValues("format_2021", {});
  const auto& s = ex.result.summary();
  EXPECT_EQ(s.passed() + s.failed() + s.not_assessable(), s.checks_size());
  EXPECT_EQ(static_cast<size_t>(s.checks_size()), Rules().size());
}

}  // namespace
}  // namespace govreport::validate
