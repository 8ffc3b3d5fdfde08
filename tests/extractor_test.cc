#include "service/extract/extractor.h"

#include <map>
#include <string>

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
  EXPECT_TRUE(
      absl::IsInvalidArgument(Extract(std::string("ab\0cd", 5), "text/plain", "").status()));
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

// Every metric as key -> value text, evidence aside.
std::map<std::string, std::string> Values(const govreport::v1::DocumentResult& result) {
  std::map<std::string, std::string> values;
  for (const auto& m : result.metrics()) {
    switch (m.value_case()) {
      case govreport::v1::Metric::kIntValue:
        values[m.key()] = std::to_string(m.int_value());
        break;
      case govreport::v1::Metric::kDecimalValue:
        values[m.key()] = std::to_string(m.decimal_value());
        break;
      default:
        values[m.key()] = m.text_value();
    }
  }
  return values;
}

TEST(ExtractorTest, OneReportReadsTheSameFromHtmlPdfAndDocx) {
  // tests/data holds LibreOffice renderings of this sample
  // (scripts/render_test_documents.sh).
  auto html = Extract(ReadFileOrDie(SourcePath("samples/2021_format2021_dahe_water.html")),
                      "text/html", "");
  auto pdf =
      Extract(ReadFileOrDie(SourcePath("tests/data/dahe_water_2021.pdf")), "application/pdf", "");
  auto docx = Extract(ReadFileOrDie(SourcePath("tests/data/dahe_water_2021.docx")),
                      std::string(kDocxContentType), "");
  ASSERT_TRUE(html.ok()) << html.status();
  ASSERT_TRUE(pdf.ok()) << pdf.status();
  ASSERT_TRUE(docx.ok()) << docx.status();
  EXPECT_GT(html->result.metrics_size(), 150);
  EXPECT_EQ(Values(pdf->result), Values(html->result));
  EXPECT_EQ(Values(docx->result), Values(html->result));
  EXPECT_EQ(pdf->result.content_type(), "application/pdf");
  EXPECT_EQ(docx->result.content_type(), kDocxContentType);
  EXPECT_EQ(html->result.content_type(), "text/html");
}

TEST(ExtractorTest, PdfMetricsCarryTheirPage) {
  auto pdf = Extract(ReadFileOrDie(SourcePath("tests/data/dahe_water_2021.pdf")), "", "");
  ASSERT_TRUE(pdf.ok()) << pdf.status();
  EXPECT_EQ(pdf->result.pages(), 5);
  const std::string& text = pdf->result.text();
  for (const auto& m : pdf->result.metrics()) {
    if (m.span().end() == 0) continue;  // meta.template has no evidence
    ASSERT_GE(m.page(), 1) << m.key();
    ASSERT_LE(m.page(), 5) << m.key();
    // The page is the one the evidence lies on: as many form feeds before it.
    int feeds = 0;
    for (size_t i = 0; i < m.span().start(); ++i) feeds += text[i] == '\f';
    EXPECT_EQ(m.page(), feeds + 1) << m.key();
  }
  // The first figures of table 三 are on a later page than the title.
  int title_page = 0, t3_page = 0;
  for (const auto& m : pdf->result.metrics()) {
    if (m.key() == "meta.agency") title_page = m.page();
    if (m.key() == "t3.new.total") t3_page = m.page();
  }
  // (LibreOffice puts the page's search form alone on page 1.)
  EXPECT_GE(title_page, 1);
  EXPECT_GT(t3_page, title_page);
}

TEST(ExtractorTest, MislabelledDocumentsAreReadAsWhatTheyAre) {
  // A PDF sent as text/html and a .docx sent as application/octet-stream.
  auto pdf =
      Extract(ReadFileOrDie(SourcePath("tests/data/dahe_water_2021.pdf")), "text/html", "gbk");
  ASSERT_TRUE(pdf.ok()) << pdf.status();
  EXPECT_EQ(pdf->result.content_type(), "application/pdf");
  EXPECT_EQ(MetricValue(pdf->result, "t3.new.total"), 61);
  auto docx = Extract(ReadFileOrDie(SourcePath("tests/data/dahe_water_2021.docx")),
                      "application/octet-stream", "");
  ASSERT_TRUE(docx.ok()) << docx.status();
  EXPECT_EQ(docx->result.content_type(), kDocxContentType);
  EXPECT_EQ(MetricValue(docx->result, "t3.new.total"), 61);
}

}  // namespace
}  // namespace govreport::extract
