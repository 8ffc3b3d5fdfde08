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
  // More table cells than any report holds (Document::Add's bound).
  std::string cells;
  for (size_t i = 0; i <= kMaxCells; ++i) cells += "3 |\n";
  const auto over = Extract(cells, "text/plain", "");
  ASSERT_TRUE(absl::IsInvalidArgument(over.status()));
  EXPECT_NE(over.status().message().find("table cells"), absl::string_view::npos);
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

TEST(ExtractorTest, MirrorCopiesAndMojibakeReadLikeTheReportTheyCopy) {
  const std::string report =
      "大河市水务局2018年政府信息公开工作年度报告\n"
      "一、主动公开政府信息情况\n2018年，本机关主动公开政府信息1200条。\n"
      "二、依申请公开情况\n全年共收到政府信息公开申请21件，按时办结20件。\n";
  auto simplified = Extract(report, "text/plain", "");
  ASSERT_TRUE(simplified.ok()) << simplified.status();
  ASSERT_EQ(MetricValue(simplified->result, "proactive.total"), 1200);
  ASSERT_EQ(MetricValue(simplified->result, "request.received"), 21);
  EXPECT_EQ(simplified->result.mirror_copy(), "");

  // The same report as a mirror site rewrote it (traditional characters,
  // pinyin after some) and as a crawler misread it (UTF-8 as ISO-8859-1).
  const std::string mirrored =
      "大河市水務局2018年政(zhèng)府信息公(gōng)開工作年度報(bào)告\n"
      "一、主(zhǔ)動公開政府信息情況\n2018年，本機(jī)關主動公開政府信息1200條。\n"
      "二、依申請公開情況\n全年共收到政府信息公開申請21件，按時辦結20件。\n";
  std::string mojibake;
  for (unsigned char byte : report) {
    mojibake += byte < 0x80 ? std::string(1, static_cast<char>(byte))
                            : std::string({static_cast<char>(0xC0 | (byte >> 6)),
                                           static_cast<char>(0x80 | (byte & 0x3F))});
  }
  for (const std::string& copy : {mirrored, mojibake}) {
    auto ex = Extract(copy, "text/plain", "");
    ASSERT_TRUE(ex.ok()) << ex.status();
    EXPECT_EQ(MetricValue(ex->result, "proactive.total"), 1200) << copy;
    EXPECT_EQ(MetricValue(ex->result, "request.received"), 21) << copy;
    EXPECT_EQ(MetricValue(ex->result, "request.completed.on_time"),
              MetricValue(simplified->result, "request.completed.on_time"));
    EXPECT_EQ(MetricText(ex->result, "meta.agency"), MetricText(simplified->result, "meta.agency"));
  }
  EXPECT_EQ(Extract(mirrored, "text/plain", "")->result.mirror_copy(),
            "5 pinyin annotations removed; traditional characters converted to simplified");
  EXPECT_EQ(Extract(mojibake, "text/plain", "")->result.charset(),
            "UTF-8 (mojibake of UTF-8 read as windows-1252, undone)");
}

// key -> value and unit as printed (not the raw text or span), for comparing
// two extractions.
std::map<std::string, std::string> MetricMap(const v1::DocumentResult& result) {
  std::map<std::string, std::string> out;
  for (v1::Metric m : result.metrics()) {
    m.clear_raw();
    m.clear_span();
    out[m.key()] = m.ShortDebugString();
  }
  return out;
}

TEST(ExtractorTest, DamagedCopiesOfSamplesReadLikeTheSamples) {
  // tests/data holds a sample as a mirror rewrote it (traditional characters
  // and pinyin) and one as GBK mojibake (scripts/perturbation_gate.py made
  // both). The mirror copy loses nothing; the mojibake loses some figures
  // with the characters beside them, but reads no figure wrong.
  auto sample = Extract(ReadFileOrDie(SourcePath("samples/2016_narrative_qingchuan.txt")), "", "");
  auto mirror = Extract(ReadFileOrDie(SourcePath("tests/data/mirror_2016_qingchuan.txt")), "", "");
  ASSERT_TRUE(sample.ok() && mirror.ok());
  EXPECT_EQ(MetricMap(mirror->result), MetricMap(sample->result));
  EXPECT_NE(mirror->result.mirror_copy(), "");

  sample = Extract(ReadFileOrDie(SourcePath("samples/2019_format2019_dahe_water.html")), "", "");
  auto mojibake =
      Extract(ReadFileOrDie(SourcePath("tests/data/mojibake_gbk_2019_dahe_water.html")), "", "");
  ASSERT_TRUE(sample.ok() && mojibake.ok());
  const auto expected = MetricMap(sample->result);
  const auto read = MetricMap(mojibake->result);
  for (const auto& [key, metric] : read) {
    ASSERT_TRUE(expected.contains(key)) << key;
    EXPECT_EQ(metric, expected.at(key));
  }
  EXPECT_GE(read.size() * 100, expected.size() * 90) << read.size() << " of " << expected.size();
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
