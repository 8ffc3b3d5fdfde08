#include "service/extract/metadata.h"

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "service/extract/readers.h"

namespace govreport::extract {
namespace {

TEST(MetadataTest, TitleAgencyTakesTheFullestFormTheBodyWrites) {
  Document doc = ReadText(
      "明原区2020年度政府信息公开工作年度报告\n"
      "现向社会公布宜峰市明原区人民政府2020年政府信息公开工作年度报告。\n");
  Metadata md = ReadMetadata(doc, "format_2021");
  EXPECT_EQ(md.agency.value, "宜峰市明原区人民政府");
  EXPECT_EQ(md.agency_source, "title");
  EXPECT_EQ(md.year, 2020);
}

TEST(MetadataTest, SpamBeforeAndSiteAfterTheTitleAreNotTheAgency) {
  // Hijacked copies prepend spam (domain.md §3.1); CMSs append the site.
  for (const std::string spam :
       {"澳门新葡京娱乐场官网-", "太阳城集团|", "真人百家乐_", "【最新】足球彩票网址大全 "}) {
    Document doc = ReadText(spam +
                            "江门市司法局2019年政府信息公开工作年度报告_江门市人民政府网\n"
                            "一、总体情况\n2019年，江门市司法局主动公开政府信息120条。\n");
    Metadata md = ReadMetadata(doc, "format_2019");
    EXPECT_EQ(md.agency.value, "江门市司法局") << spam;
    EXPECT_EQ(md.year, 2019) << spam;
  }
}

TEST(MetadataTest, ParentPlaceBeforeTheAgencyStaysThoughTheBodyOmitsIt) {
  Document doc = ReadText(
      "柏坝市溪洲区人民政府办公室2017年度政府信息公开工作年度报告\n"
      "溪洲区人民政府办公室认真贯彻《条例》。\n");
  EXPECT_EQ(ReadMetadata(doc, "narrative").agency.value, "柏坝市溪洲区人民政府办公室");
}

TEST(MetadataTest, TitleFormsStartingOrEndingWithGuanyuAndChineseDigitYears) {
  for (const std::string title : {"关于江门市司法局2019年政府信息公开工作年度报告",
                                  "江门市司法局关于2019年政府信息公开工作的年度报告",
                                  "江门市司法局二〇一九年政府信息公开工作年度报告"}) {
    Metadata md = ReadMetadata(ReadText(title + "\n一、总体情况\n正文。\n"), "format_2019");
    EXPECT_EQ(md.agency.value, "江门市司法局") << title;
    EXPECT_EQ(md.year, 2019) << title;
  }
}

TEST(MetadataTest, IndexBlockDateComesBeforeTheSignatureDate) {
  // domain.md §4.4: a date line, then 发文日期/成文日期 in the index block,
  // then the signature.
  const std::string index_block =
      "<table><tr><td>索引号：</td><td>11340000/2019-00012</td><td>发布机构：</td>"
      "<td>江门市司法局</td></tr><tr><td>发文日期：</td><td>2020-01-20</td><td>文号：</td>"
      "<td></td></tr></table>";
  const std::string body =
      "<h1>江门市司法局2019年政府信息公开工作年度报告</h1><p>正文。</p>"
      "<p>江门市司法局</p><p>2020年1月15日</p>";
  Metadata md = ReadMetadata(ReadHtml("<body>" + index_block + body + "</body>"), "format_2019");
  EXPECT_EQ(md.publish_date.value, "2020-01-20");
  md = ReadMetadata(ReadHtml("<body><p>发布时间：2020-01-22</p>" + index_block + body + "</body>"),
                    "format_2019");
  EXPECT_EQ(md.publish_date.value, "2020-01-22");
  md = ReadMetadata(ReadHtml("<body>" + body + "</body>"), "format_2019");
  EXPECT_EQ(md.publish_date.value, "2020-01-15");
}

TEST(MetadataTest, WrappedTitleAndSignatureDate) {
  Document doc = ReadText(
      "安庆市人民政府2023年度政府信息公开工作年\n             度报告\n\n    一、总体情况\n"
      "    正文。\n                         安庆市人民政府\n                    2024年2月14日\n");
  Metadata md = ReadMetadata(doc, "format_2021");
  EXPECT_EQ(md.agency.value, "安庆市人民政府");
  EXPECT_EQ(md.year, 2023);
  EXPECT_EQ(md.publish_date.value, "2024-02-14");
}

TEST(MetadataTest, DateLinesOpenWithTheirDate) {
  // A short line that holds a date but does not open with it is no signature.
  Metadata md = ReadMetadata(
      ReadText("某县2019年度政府信息公开工作年度报告\n正文。\n更新于2020年3月5日\n"), "narrative");
  EXPECT_FALSE(md.publish_date.present());
  // CMS lines near the top that open with their timestamp, in Arabic or
  // Chinese digits.
  for (const char* line : {"2020-03-06 09:00 浏览量:12", "二〇二〇年三月六日 浏览次数:12"}) {
    md = ReadMetadata(ReadHtml(absl::StrCat("<body><p>", line,
                                            "</p><h1>某县2019年度政府信息公开工作年度报告</h1>"
                                            "<p>正文。</p></body>")),
                      "narrative");
    EXPECT_EQ(md.publish_date.value, "2020-03-06") << line;
  }
}

TEST(MetadataTest, PublishDateLinePreferredOverSignature) {
  Document doc = ReadText(
      "贡井区2018年度政府信息公开工作年度报告\n来源:贡井区人民政府类别:政府信息公开年报发布时间:"
      "2019-03-05 20:27:00阅读:\n"
      "正文。\n贡井区人民政府\n2019年2月28日\n");
  Metadata md = ReadMetadata(doc, "narrative");
  EXPECT_EQ(md.publish_date.value, "2019-03-05");
}

TEST(MetadataTest, PeriodWithEndWithoutYear) {
  Document doc = ReadText(
      "X局2018年度政府信息公开工作年度报告\n本年度报告中所列数据的统计期限从2018年1月1日到12月31日"
      "止。\n");
  Metadata md = ReadMetadata(doc, "narrative");
  EXPECT_EQ(md.period_start.value, "2018-01-01");
  EXPECT_EQ(md.period_end.value, "2018-12-31");
}

TEST(MetadataTest, EarlyCutOffEndsOnLastDayOfMonth) {
  Document doc = ReadText("资兴市2017年度政府信息公开工作报告\n本报告统计数据截至2017年11月底。\n");
  Metadata md = ReadMetadata(doc, "narrative");
  EXPECT_EQ(md.period_end.value, "2017-11-30");
  EXPECT_FALSE(md.period_start.present());
}

TEST(MetadataTest, NoTitleYearFromDocumentNumbersWithinTemplateYears) {
  Document doc = ReadText(
      "一、总体情况\n我办制定下发了《通知》(句政办发〔2018〕12号)和《意见》("
      "句政办发〔2019〕31号、〔2019〕40号)。\n");
  Metadata md = ReadMetadata(doc, "format_2019");
  EXPECT_EQ(md.year, 2019);
  EXPECT_EQ(md.year_source, "document_numbers");
  EXPECT_FALSE(md.agency.present());
}

TEST(MetadataTest, ParseDateForms) {
  EXPECT_EQ(ParseDate("2019-03-05 20:27:00"), "2019-03-05");
  EXPECT_EQ(ParseDate("2019年2月28日"), "2019-02-28");
  EXPECT_EQ(ParseDate("2019.2.28"), "2019-02-28");
  EXPECT_EQ(ParseDate("二〇一九年二月二十八日"), "2019-02-28");
  EXPECT_EQ(ParseDate("no date"), "");
}

}  // namespace
}  // namespace govreport::extract
