// TEXT_TABLE_MISMATCH, CHANNEL_EXCEEDS_TOTAL, DUPLICATE_METRIC_CONFLICT.
#include "gtest/gtest.h"
#include "service/validate/validator.h"
#include "tests/test_util.h"

namespace govreport::validate {
namespace {

using govreport::testing::MakeExtraction;
using govreport::testing::RulesFired;
using govreport::v1::RuleCheck;

extract::Figure Fig(const std::string& key, double value, const std::string& raw) {
  extract::Figure f;
  f.key = key;
  f.value = value;
  f.raw = raw;
  return f;
}

bool Fired(const extract::Extraction& ex, const std::string& rule) {
  auto rules = RulesFired(ex.result);
  return std::find(rules.begin(), rules.end(), rule) != rules.end();
}

TEST(TextTableMismatchTest, ProseDiffersFromTable) {
  auto ex = MakeExtraction("stat_table_2008", 2017, {{"meetings.count", 0}});
  ex.table_figures.push_back(Fig("meetings.count", 0, "0"));
  ex.prose_figures.push_back(Fig("meetings.count", 4, "召开政府信息公开会议4次"));
  Validate(&ex);
  ASSERT_TRUE(Fired(ex, "TEXT_TABLE_MISMATCH"));
  EXPECT_EQ(ex.result.findings(0).severity(), govreport::v1::ERROR);
  EXPECT_EQ(ex.result.findings(0).found(), "4");
  EXPECT_EQ(ex.result.findings(0).expected(), "0");
}

TEST(TextTableMismatchTest, RestatedTableTotalIsAWarningAndAgreementPasses) {
  auto ex = MakeExtraction("format_2019", 2019, {});
  ex.table_figures.push_back(Fig("t3.new.total", 221, "221"));
  ex.prose_figures.push_back(Fig("t3.new.total", 41, "收到依申请公开信息41条"));
  Validate(&ex);
  ASSERT_TRUE(Fired(ex, "TEXT_TABLE_MISMATCH"));
  EXPECT_EQ(ex.result.findings(0).severity(), govreport::v1::WARNING);

  auto ok = MakeExtraction("format_2019", 2019, {});
  ok.table_figures.push_back(Fig("t3.new.total", 221, "221"));
  ok.prose_figures.push_back(Fig("t3.new.total", 221, "收到申请221件"));
  Validate(&ok);
  EXPECT_FALSE(Fired(ok, "TEXT_TABLE_MISMATCH"));
  auto none = MakeExtraction("format_2019", 2019, {});
  Validate(&none);
  EXPECT_FALSE(Fired(none, "TEXT_TABLE_MISMATCH"));
}

TEST(TextTableMismatchTest, ProseFigureFiledUnderASiblingRow) {
  auto ex = MakeExtraction("stat_table_2008", 2017, {{"proactive.channel.other", 273}});
  ex.table_figures.push_back(Fig("proactive.channel.other", 273, "273"));
  ex.prose_figures.push_back(Fig("proactive.channel.wechat", 273, "政务微信公开政府信息数273条"));
  Validate(&ex);
  ASSERT_TRUE(Fired(ex, "TEXT_TABLE_MISMATCH"));
  EXPECT_EQ(ex.result.findings(0).severity(), govreport::v1::WARNING);
  EXPECT_EQ(ex.result.findings(0).metric_keys_size(), 2);
}

TEST(ChannelExceedsTotalTest, SumAboveTotal) {
  auto ex = MakeExtraction("stat_table_2008", 2017,
                           {{"proactive.total", 815},
                            {"proactive.channel.website", 815},
                            {"proactive.channel.other", 273}});
  Validate(&ex);
  EXPECT_TRUE(Fired(ex, "CHANNEL_EXCEEDS_TOTAL"));
  auto ok = MakeExtraction("narrative", 2018,
                           {{"proactive.total", 13912},
                            {"proactive.channel.website", 4344},
                            {"proactive.channel.other", 7877}});
  Validate(&ok);
  EXPECT_FALSE(Fired(ok, "CHANNEL_EXCEEDS_TOTAL"));
  auto na = MakeExtraction("narrative", 2018, {{"proactive.channel.website", 4344}});
  Validate(&na);
  EXPECT_FALSE(Fired(na, "CHANNEL_EXCEEDS_TOTAL"));
}

TEST(DuplicateMetricConflictTest, TwoDifferentProseValues) {
  auto ex = MakeExtraction("narrative", 2018, {});
  ex.prose_figures.push_back(Fig("proactive.total", 75, "主动公开政府信息75条"));
  ex.prose_figures.push_back(Fig("proactive.total", 57, "主动公开政府信息57条"));
  Validate(&ex);
  EXPECT_TRUE(Fired(ex, "DUPLICATE_METRIC_CONFLICT"));
  auto same = MakeExtraction("narrative", 2018, {});
  same.prose_figures.push_back(Fig("request.completed", 31, "办结三十一件"));
  same.prose_figures.push_back(Fig("request.completed", 31, "办结31件"));
  Validate(&same);
  EXPECT_FALSE(Fired(same, "DUPLICATE_METRIC_CONFLICT"));
}

}  // namespace
}  // namespace govreport::validate
