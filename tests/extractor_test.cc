#include "service/extract/extractor.h"

#include "gtest/gtest.h"
#include "tests/test_util.h"

namespace govreport::extract {
namespace {

using govreport::testing::MetricText;
using govreport::testing::MetricValue;
using govreport::testing::ReadFileOrDie;
using govreport::testing::SourcePath;

TEST(ExtractorTest, RejectsEmptyBinaryAndUnsupported) {
  EXPECT_TRUE(absl::IsInvalidArgument(Extract("", "text/plain", "").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(Extract("  \n ", "text/plain", "").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(
      Extract(std::string("PK\x03\x04\0\0", 6), "text/plain", "").status()));
  EXPECT_TRUE(absl::IsInvalidArgument(Extract("%PDF-1.7", "application/pdf", "").status()));
  ExtractOptions small;
  small.max_bytes = 4;
  EXPECT_TRUE(absl::IsInvalidArgument(Extract("12345", "text/plain", "", small).status()));
}

TEST(ExtractorTest, SampleStatTableInGbkHtml) {
  auto ex = Extract(ReadFileOrDie(SourcePath("samples/2017_stat_table_dahe_water.html")),
                    "text/html", "");
  ASSERT_TRUE(ex.ok()) << ex.status();
  EXPECT_EQ(ex->result.charset(), "GB18030");
  EXPECT_EQ(ex->template_name, "stat_table_2008");
  EXPECT_EQ(MetricText(ex->result, "meta.agency"), "大河市水务局");
  EXPECT_EQ(MetricValue(ex->result, "proactive.total"), 1520);
  EXPECT_EQ(MetricValue(ex->result, "proactive.channel.weibo"), -1) << "blank cell is absent";
  EXPECT_DOUBLE_EQ(MetricValue(ex->result, "org.budget"), 2.5);
}

TEST(ExtractorTest, SampleLayoutTextTables) {
  auto ex = Extract(ReadFileOrDie(SourcePath("samples/2022_format2021_dahe_water_layout.txt")),
                    "text/plain", "");
  ASSERT_TRUE(ex.ok()) << ex.status();
  EXPECT_EQ(ex->template_name, "format_2021");
  EXPECT_EQ(MetricValue(ex->result, "t2.licensing.decisions"), 5830);
  EXPECT_DOUBLE_EQ(MetricValue(ex->result, "t2.fees.amount"), 198.2);
  EXPECT_EQ(MetricValue(ex->result, "t4.review.total"), 4);
  EXPECT_EQ(MetricText(ex->result, "meta.period_end"), "2022-11-30");
  EXPECT_GT(MetricValue(ex->result, "t3.new.total"), 0);
}

TEST(ExtractorTest, EveryMetricHasEvidenceInsideTheText) {
  auto ex = Extract(ReadFileOrDie(SourcePath("samples/2019_format2019_dahe_water.html")),
                    "text/html", "");
  ASSERT_TRUE(ex.ok());
  const std::string& text = ex->result.text();
  for (const auto& m : ex->result.metrics()) {
    if (m.key() == "meta.template") continue;
    EXPECT_LE(m.span().start(), m.span().end()) << m.key();
    EXPECT_LE(m.span().end(), text.size()) << m.key();
    if (m.source() == govreport::v1::Metric::TABLE) {
      std::string cell = text.substr(m.span().start(), m.span().end() - m.span().start());
      EXPECT_FALSE(cell.empty()) << m.key();
    }
  }
}

}  // namespace
}  // namespace govreport::extract
