// PERIOD_INCOMPLETE, LATE_PUBLICATION, YEAR_MISMATCH, METADATA_MISSING.
#include "gtest/gtest.h"
#include "service/extract/extractor.h"
#include "service/validate/validator.h"
#include "tests/test_util.h"

namespace govreport::validate {
namespace {

std::vector<std::string> Check(const std::string& text) {
  return govreport::testing::RulesFiredOn(text);
}

bool Has(const std::vector<std::string>& rules, const std::string& rule) {
  return std::find(rules.begin(), rules.end(), rule) != rules.end();
}

TEST(PeriodIncompleteTest, EarlyCutOff) {
  EXPECT_TRUE(Has(Check("某市2017年政府信息公开工作年度报告\n本报告统计数据时限为2017年1月1日至2017"
                        "年11月30日。\n"),
                  "PERIOD_INCOMPLETE"));
  EXPECT_FALSE(Has(Check("某市2017年政府信息公开工作年度报告\n本报告统计数据时限为2017年1月1日至201"
                         "7年12月31日。\n"),
                   "PERIOD_INCOMPLETE"));
}

TEST(LatePublicationTest, DeadlineDependsOnEraAndPublisher) {
  // A department's 2023 report is due 31 January 2024.
  EXPECT_TRUE(Has(Check("无为县审计局2023年度政府信息公开工作年度报告\n发布时间:2024-02-14\n"),
                  "LATE_PUBLICATION"));
  // A whole-government report is due 31 March.
  EXPECT_FALSE(Has(Check("无为县人民政府2023年度政府信息公开工作年度报告\n发布时间:2024-02-14\n"),
                   "LATE_PUBLICATION"));
  // Before 2019 every body had until 31 March.
  EXPECT_FALSE(
      Has(Check("某局2017年政府信息公开工作年度报告\n发布时间:2018-03-30\n"), "LATE_PUBLICATION"));
  EXPECT_TRUE(
      Has(Check("某局2017年政府信息公开工作年度报告\n发布时间:2018-04-02\n"), "LATE_PUBLICATION"));
  // Townships have no national deadline: not assessable, so no finding.
  EXPECT_FALSE(Has(Check("桃川镇人民政府2020年政府信息公开工作年度报告\n发布时间:2021-05-01\n"),
                   "LATE_PUBLICATION"));
}

TEST(YearMismatchTest, TitleAgainstPeriod) {
  EXPECT_TRUE(Has(Check("某市2019年政府信息公开工作年度报告\n本报告统计数据时限为2018年1月1日至2018"
                        "年12月31日。\n"),
                  "YEAR_MISMATCH"));
  EXPECT_FALSE(Has(Check("某市2019年政府信息公开工作年度报告\n本报告统计数据时限为2019年1月1日至201"
                         "9年12月31日。\n"),
                   "YEAR_MISMATCH"));
}

TEST(YearMismatchTest, BodyStatementsOfAnotherYear) {
  EXPECT_TRUE(Has(Check("某县2019年政府信息公开工作年度报告\n2018年,"
                        "我县主动公开政府信息12条。\n2018年,我县收到申请3件。\n"),
                  "YEAR_MISMATCH"));
  // Next-year plans are not statements about the report's year.
  EXPECT_FALSE(Has(Check("某县2019年政府信息公开工作年度报告\n2019年,"
                         "我县主动公开政府信息12条。\n2020年,我县将加强培训。\n"
                         "2020年,我县将完善制度。\n"),
                   "YEAR_MISMATCH"));
}

TEST(MetadataMissingTest, NoAgencyNoYear) {
  EXPECT_TRUE(Has(Check("一、总体情况\n本机关认真落实条例要求。\n"), "METADATA_MISSING"));
  EXPECT_FALSE(
      Has(Check("某市人民政府2019年政府信息公开工作年度报告\n一、总体情况\n"), "METADATA_MISSING"));
}

}  // namespace
}  // namespace govreport::validate
