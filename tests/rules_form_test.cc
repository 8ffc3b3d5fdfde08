// MISSING_SECTION, MISSING_TABLE, SECTION_ORDER, MALFORMED_NUMBER, UNREADABLE_TABLE,
// checked on whole documents written for the test.
#include "gtest/gtest.h"
#include "service/extract/extractor.h"
#include "service/validate/validator.h"
#include "tests/test_util.h"

namespace govreport::validate {
namespace {

std::vector<std::string> Check(const std::string& text) {
  return govreport::testing::RulesFiredOn(text);
}

int Count(const std::vector<std::string>& rules, const std::string& rule) {
  return static_cast<int>(std::count(rules.begin(), rules.end(), rule));
}

const char kComplete2016[] =
    "某县2016年政府信息公开工作年度报告\n一、主动公开政府信息情况\n2016年,"
    "我县主动公开政府信息12条。\n"
    "二、依申请公开情况\n未收到申请。\n三、收费及减免情况\n未收费。\n四、行政复议和行政诉讼情况\n未"
    "发生。\n"
    "五、存在的主要问题及改进情况\n有不足。\n";

TEST(MissingSectionTest, Era2008) {
  EXPECT_EQ(Count(Check(kComplete2016), "MISSING_SECTION"), 0);
  std::string text =
      "某县2016年政府信息公开工作年度报告\n一、主动公开政府信息情况\n2016年,"
      "我县主动公开政府信息12条。\n";
  EXPECT_EQ(Count(Check(text), "MISSING_SECTION"), 4);  // all but 主动公开
}

TEST(MissingSectionTest, Era2019NeedsOtherMatters) {
  std::string text =
      "某局2020年政府信息公开工作年度报告\n一、总体情况\n二、主动公开政府信息情况\n三、收到和处理政"
      "府信息公开申请情况\n"
      "四、政府信息公开行政复议、行政诉讼情况\n五、存在的主要问题及改进情况\n";
  auto rules = Check(text);
  EXPECT_EQ(Count(rules, "MISSING_SECTION"), 1);
  EXPECT_EQ(Count(Check(text + "六、其他需要报告的事项\n无。\n"), "MISSING_SECTION"), 0);
}

TEST(MissingTableTest, From2020Only) {
  EXPECT_EQ(Count(Check("某市2023年政府信息公开工作年度报告\n一、总体情况\n2023年,"
                        "我市主动公开政府信息5条。\n"),
                  "MISSING_TABLE"),
            1);
  EXPECT_EQ(Count(Check(kComplete2016), "MISSING_TABLE"), 0);
}

TEST(SectionOrderTest, SkippedAndRepeatedNumbers) {
  EXPECT_EQ(Count(Check(kComplete2016), "SECTION_ORDER"), 0);
  EXPECT_EQ(Count(Check("一、总体情况\n二、主动公开\n五、存在问题\n"), "SECTION_ORDER"), 1);
  EXPECT_EQ(Count(Check("一、总体情况\n一、主动公开\n二、存在问题\n"), "SECTION_ORDER"), 1);
}

TEST(MalformedNumberTest, SplitDigitsAreInfo) {
  std::string text =
      "一、本年新收政府信息公开申请数量 |\n1 0 |\n1 |\n0 |\n0 |\n0 |\n0 |\n1 1 "
      "|\n||\n二、上年结转政府信息公开申请数量 |\n"
      "0 |\n0 |\n0 |\n0 |\n0 |\n0 |\n0 |\n||\n三、本年度办理结果 |\n(一)予以公开 |\n1 |\n1 |\n0 "
      "|\n0 |\n0 |\n0 |\n2 |\n";
  auto ex = extract::Extract(text, "text/plain", "");
  ASSERT_TRUE(ex.ok());
  Validate(&*ex);
  int malformed = 0;
  for (const auto& f : ex->result.findings()) {
    if (f.rule() != "MALFORMED_NUMBER") continue;
    ++malformed;
    EXPECT_EQ(f.severity(), govreport::v1::INFO);
    EXPECT_TRUE(f.found() == "1 0" || f.found() == "1 1") << f.found();
  }
  EXPECT_EQ(malformed, 2);
}

TEST(MalformedNumberTest, CleanCellsPass) {
  std::string text =
      "一、本年新收政府信息公开申请数量 |\n10 |\n1 |\n0 |\n0 |\n0 |\n0 |\n11 |\n||\n";
  EXPECT_EQ(Count(Check(text), "MALFORMED_NUMBER"), 0);
}

TEST(UnreadableTableTest, AlignedTablePasses) {
  std::string text =
      "一、本年新收政府信息公开申请数量 |\n10 |\n1 |\n0 |\n0 |\n0 |\n0 |\n11 "
      "|\n||\n二、上年结转政府信息公开申请数量 |\n"
      "0 |\n0 |\n0 |\n0 |\n0 |\n0 |\n0 |\n||\n三、本年度办理结果 |\n(一)予以公开 |\n1 |\n1 |\n0 "
      "|\n0 |\n0 |\n0 |\n2 |\n";
  EXPECT_EQ(Count(Check(text), "UNREADABLE_TABLE"), 0);
}

TEST(UnreadableTableTest, MisalignedRowsAreReported) {
  std::string text =
      "第二十条第(一)项 |\n信息内容 |\n本年制发件数 |\n本年废止件数 |\n现行有效件数 |\n|\n规章 "
      "|\n0 |\n0 |\n0 |\n|\n"
      "一、本年新收政府信息公开申请数量 |\n1 |\n2 |\n||\n二、上年结转政府信息公开申请数量 |\n0 "
      "|\n||\n";
  EXPECT_GE(Count(Check(text), "UNREADABLE_TABLE"), 1);
}

}  // namespace
}  // namespace govreport::validate
