#include "service/extract/tables.h"

#include <map>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "service/extract/readers.h"

namespace govreport::extract {
namespace {

std::map<std::string, double> Values(const TableFigures& t) {
  std::map<std::string, double> out;
  for (const Figure& f : t.figures) out.emplace(f.key, f.value);
  return out;
}

// A 2021-format table 三 in cell-per-line form with every value distinct.
std::string Table3Flat(bool include_2021_rows) {
  const char* labels[] = {"一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量",
                          "(一)予以公开", "(二)部分公开(区分处理的,只计这一情形,不计其他情形)",
                          "1.属于国家秘密"};
  std::string text =
      "三、收到和处理政府信息公开申请情况\n(本列数据的勾稽关系为:第一项加第二项之和,"
      "等于第三项加第四项之和) |\n";
  int v = 1;
  for (const char* label : labels) {
    text += absl::StrCat(label, " |\n");
    for (int c = 0; c < 7; ++c) text += absl::StrCat(v++, " |\n");
    text += "||\n";
  }
  if (include_2021_rows) {
    text += "(六)其他处理 |\n1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请 |\n";
    for (int c = 0; c < 7; ++c) text += absl::StrCat(100 + c, " |\n");
  }
  return text;
}

// A grid as HTML rows and as cell-per-line text.
struct RenderedGrid {
  std::string html_rows;
  std::string flat;
};
RenderedGrid Render(const std::vector<std::vector<std::string>>& grid) {
  RenderedGrid out;
  for (const auto& row : grid) {
    out.html_rows += "<tr>";
    for (const std::string& cell : row) {
      out.html_rows += "<td>" + cell + "</td>";
      out.flat += cell + " |\n";
    }
    out.html_rows += "</tr>";
    out.flat += "||\n";
  }
  return out;
}

TEST(TablesTest, TemplateFromStructureNotYear) {
  Document d2021 = ReadText(Table3Flat(true));
  EXPECT_EQ(DecideTemplate(DetectTables(d2021)), "format_2021");
  Document d2019 = ReadText(
      "第二十条第(一)项 |\n信息内容 |\n本年新制作数量 |\n本年新公开数量 |\n对外公开总数量 |\n");
  EXPECT_EQ(DecideTemplate(DetectTables(d2019)), "format_2019");
  Document stat = ReadText("| 统 计 指 标 | 单位 | 统计数 |\n| （一）收到申请数 | 件 | 3 |\n");
  EXPECT_EQ(DecideTemplate(DetectTables(stat)), "stat_table_2008");
  EXPECT_EQ(DecideTemplate(DetectTables(ReadText("2018年，我区主动公开政府信息12条。"))),
            "narrative");
}

TEST(TablesTest, Table3CellsMapByRowLabelAndColumn) {
  auto values = Values(ReadTables(ReadText(Table3Flat(true)), "format_2021"));
  EXPECT_EQ(values["t3.new.natural"], 1);
  EXPECT_EQ(values["t3.new.total"], 7);
  EXPECT_EQ(values["t3.carried_over.natural"], 8);
  EXPECT_EQ(values["t3.granted.commercial"], 16);
  EXPECT_EQ(values["t3.denied.state_secret.total"], 35);
  EXPECT_EQ(values["t3.other.no_correction.natural"], 100);
}

TEST(TablesTest, Table3HtmlWithRowspans) {
  std::string html =
      "<table><tr><td "
      "colspan=3>一、本年新收政府信息公开申请数量</td><td>5</td><td>1</td><td>0</td><td>0</"
      "td><td>0</td>"
      "<td>0</td><td>6</td></tr>"
      "<tr><td rowspan=2>三、本年度办理结果</td><td "
      "colspan=2>（一）予以公开</td><td>4</td><td></td><td>0</td><td>0</td>"
      "<td>0</td><td>0</td><td>4</td></tr>"
      "<tr><td "
      "colspan=2>（七）总计</td><td>5</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>6</"
      "td></tr>"
      "</table>";
  auto values = Values(ReadTables(ReadHtml(html), "format_2019"));
  EXPECT_EQ(values["t3.new.total"], 6);
  EXPECT_EQ(values["t3.granted.natural"], 4);
  EXPECT_EQ(values.count("t3.granted.commercial"), 0u) << "a blank cell is absent, not zero";
  EXPECT_EQ(values["t3.processed.total"], 6);
}

TEST(TablesTest, Table4FifteenNumbersInOrder) {
  std::string text = "四、政府信息公开行政复议、行政诉讼情况\n行政复议 |\n行政诉讼 |\n结果维持 |\n";
  for (int i = 1; i <= 15; ++i) text += absl::StrCat(i, " |\n");
  text = Table3Flat(false) + text;
  auto values = Values(ReadTables(ReadText(text), "format_2019"));
  EXPECT_EQ(values["t4.review.maintained"], 1);
  EXPECT_EQ(values["t4.review.total"], 5);
  EXPECT_EQ(values["t4.litigation_after_review.total"], 15);
}

TEST(TablesTest, Table4WithoutTotalColumnsReadsTheOtherTwelve) {
  std::string text = "四、政府信息公开行政复议、行政诉讼情况\n行政复议 |\n行政诉讼 |\n";
  for (int group = 0; group < 3; ++group) {
    text += "结果维持 |\n结果纠正 |\n其他结果 |\n尚未审结 |\n";
  }
  for (int i = 1; i <= 12; ++i) text += absl::StrCat(i, " |\n");
  auto values = Values(ReadTables(ReadText(Table3Flat(false) + text), "format_2019"));
  EXPECT_EQ(values["t4.review.pending"], 4);
  EXPECT_EQ(values["t4.litigation_direct.maintained"], 5);
  EXPECT_EQ(values["t4.litigation_after_review.pending"], 12);
  EXPECT_EQ(values.count("t4.review.total"), 0u);
  // With 总计 in the header, twelve figures are too few to place.
  std::string with_totals = text;
  with_totals.insert(with_totals.find("结果维持"), "总计 |\n");
  TableFigures t = ReadTables(ReadText(Table3Flat(false) + with_totals), "format_2019");
  EXPECT_EQ(Values(t).count("t4.review.pending"), 0u);
  EXPECT_FALSE(t.unreadable.empty());
}

// A table 三 in HTML with the given applicant header cells and one value per
// header cell in each of three rows (row r, column c holds 10 * r + c).
std::string Table3Html(const std::vector<std::string>& columns) {
  std::string html = "<table><tr><td colspan=3 rowspan=2>申请人情况</td>";
  for (const std::string& c : columns) html += "<td>" + c + "</td>";
  html += "</tr><tr>";
  for (size_t c = 0; c < columns.size(); ++c) html += "<td></td>";
  html += "</tr>";
  const char* rows[] = {"一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量",
                        "（一）予以公开"};
  for (int r = 0; r < 3; ++r) {
    html += absl::StrCat("<tr><td colspan=3>", rows[r], "</td>");
    for (size_t c = 0; c < columns.size(); ++c) html += absl::StrCat("<td>", 10 * r + c, "</td>");
    html += "</tr>";
  }
  return html + "</table>";
}

TEST(TablesTest, Table3ColumnsFollowTheHeaderWhenSomeAreMissing) {
  // No 总计 column: the six others keep their keys, and no total is made up.
  auto values = Values(ReadTables(ReadHtml(Table3Html({"自然人", "商业企业", "科研机构",
                                                       "社会公益组织", "法律服务机构", "其他"})),
                                  "format_2021"));
  EXPECT_EQ(values["t3.new.natural"], 0);
  EXPECT_EQ(values["t3.carried_over.other_org"], 15);
  EXPECT_EQ(values["t3.granted.legal"], 24);
  EXPECT_EQ(values.count("t3.new.total"), 0u);
  // 法人或其他组织 as one merged column: it has no key; the others keep theirs.
  TableFigures merged =
      ReadTables(ReadHtml(Table3Html({"自然人", "法人或其他组织", "总计"})), "format_2021");
  values = Values(merged);
  EXPECT_EQ(values["t3.carried_over.natural"], 10);
  EXPECT_EQ(values["t3.carried_over.total"], 12);
  EXPECT_EQ(values.count("t3.carried_over.other_org"), 0u);
  EXPECT_TRUE(merged.unreadable.empty());
}

TEST(TablesTest, TransposedTable3IsReadTurnedBackOrRefused) {
  // Applicants down the side, outcomes across the top.
  const std::vector<std::vector<std::string>> grid = {
      {"申请人情况", "一、本年新收政府信息公开申请数量", "二、上年结转政府信息公开申请数量",
       "（一）予以公开", "（七）总计"},
      {"自然人", "5", "0", "4", "4"},
      {"商业企业", "1", "0", "1", "1"},
      {"其他", "2", "0", "2", "2"},
      {"总计", "8", "0", "7", "7"}};
  const RenderedGrid rendered = Render(grid);
  // A grid is turned back and read by its labels.
  TableFigures t = ReadTables(ReadHtml("<table>" + rendered.html_rows + "</table>"), "format_2021");
  auto values = Values(t);
  EXPECT_EQ(values["t3.new.natural"], 5);
  EXPECT_EQ(values["t3.new.commercial"], 1);
  EXPECT_EQ(values["t3.new.other_org"], 2);
  EXPECT_EQ(values["t3.new.total"], 8);
  EXPECT_EQ(values["t3.granted.natural"], 4);
  EXPECT_EQ(values["t3.processed.total"], 7);
  EXPECT_TRUE(t.unreadable.empty());
  // Flattened text has no grid to turn: refused, not misread.
  t = ReadTables(ReadText(rendered.flat), "format_2021");
  for (const Figure& f : t.figures) EXPECT_FALSE(absl::StartsWith(f.key, "t3.")) << f.key;
  ASSERT_EQ(t.unreadable.size(), 1u);
  EXPECT_EQ(t.unreadable[0].table, "表三");
}

TEST(TablesTest, TransposedTable2IsReadTurnedBackOrRefused) {
  // Items across the top, the caption's columns down the side, in the first
  // sub-table; the second sub-table is as the format prints it.
  const std::vector<std::vector<std::string>> grid = {{"信息内容", "规章", "行政规范性文件"},
                                                      {"本年制发件数", "2", "8"},
                                                      {"本年废止件数", "0", "3"},
                                                      {"现行有效件数", "15", "41"}};
  const RenderedGrid rendered = Render(grid);
  const std::string second =
      "<tr><td colspan=3>第二十条第（五）项</td></tr><tr><td>信息内容</td>"
      "<td colspan=2>本年处理决定数量</td></tr><tr><td>行政许可</td><td colspan=2>5310</td></tr>";
  TableFigures t = ReadTables(ReadHtml("<table><tr><td colspan=3>第二十条第（一）项</td></tr>" +
                                       rendered.html_rows + second + "</table>"),
                              "format_2021");
  auto values = Values(t);
  EXPECT_EQ(values["t2.regulation.made"], 2);
  EXPECT_EQ(values["t2.regulation.repealed"], 0);
  EXPECT_EQ(values["t2.regulation.in_force"], 15);
  EXPECT_EQ(values["t2.normative.made"], 8);
  EXPECT_EQ(values["t2.normative.repealed"], 3);
  EXPECT_EQ(values["t2.normative.in_force"], 41);
  EXPECT_EQ(values["t2.licensing.decisions"], 5310);
  EXPECT_TRUE(t.unreadable.empty());
  // Flattened text has no grid to turn: refused, not misread.
  t = ReadTables(ReadText("第二十条第（一）项 |\n" + rendered.flat), "format_2021");
  for (const Figure& f : t.figures) EXPECT_FALSE(absl::StartsWith(f.key, "t2.")) << f.key;
  ASSERT_EQ(t.unreadable.size(), 1u);
  EXPECT_EQ(t.unreadable[0].table, "表二");
}

TEST(TablesTest, Table2SignedDeltasAndHeaderFallback) {
  // Headers broken as "本年新" (seed 002): columns fall back to the format's order.
  std::string text =
      "第二十条第(一)项 |\n信息内容 |\n本年新 |\n本年新 |\n对外公开总数量 |\n|\n规章 |\n8 |\n4 "
      "|\n7 |\n|\n"
      "第二十条第(五)项 |\n信息内容 |\n上一年项目数量 |\n本年增/减 |\n处理决定数量 |\n|\n行政许可 "
      "|\n612 |\n减37 |\n127962 |\n|\n";
  auto values = Values(ReadTables(ReadText(text), "format_2019"));
  EXPECT_EQ(values["t2.regulation.made"], 8);
  EXPECT_EQ(values["t2.regulation.published"], 4);
  EXPECT_EQ(values["t2.regulation.total_published"], 7);
  EXPECT_EQ(values["t2.licensing.delta"], -37);
  EXPECT_EQ(values["t2.licensing.decisions"], 127962);
}

TEST(TablesTest, GarbledCellInAGridLosesOnlyItsOwnValue) {
  // "减12" damaged to "出12" (mojibake) or qualified ("约12"): that column is
  // unreadable, the row's other columns keep their place.
  const std::string html =
      "<table><tr><td colspan=4>第二十条第（五）项</td></tr>"
      "<tr><td>信息内容</td><td>上一年项目数量</td><td>本年增/减</td><td>处理决定数量</td></tr>"
      "<tr><td>行政许可</td><td>212</td><td>出12</td><td>5310</td></tr>"
      "<tr><td>其他对外管理服务事项</td><td>35</td><td>约3</td><td>880</td></tr></table>";
  TableFigures t = ReadTables(ReadHtml(html), "format_2019");
  auto values = Values(t);
  EXPECT_EQ(values["t2.licensing.prev_items"], 212);
  EXPECT_EQ(values["t2.licensing.decisions"], 5310);
  EXPECT_EQ(values.count("t2.licensing.delta"), 0u);
  EXPECT_EQ(values["t2.other_services.prev_items"], 35);
  EXPECT_EQ(values["t2.other_services.decisions"], 880);
  EXPECT_EQ(values.count("t2.other_services.delta"), 0u);
  EXPECT_TRUE(t.unreadable.empty());
}

TEST(TablesTest, Table2InterleavedTwoLineHeadersFromPdfText) {
  // pdftotext -layout prints each header cell over two lines, interleaved.
  std::string text =
      "              第二十条第（五）项\n\n  信息内容      上一年        本年        处理决定\n"
      "              项目数量      增/减       数量\n\n  行政许可      612        减37        "
      "127962\n";
  auto values = Values(ReadTables(ReadText(text), "format_2019"));
  EXPECT_EQ(values["t2.licensing.prev_items"], 612);
  EXPECT_EQ(values["t2.licensing.delta"], -37);
  EXPECT_EQ(values["t2.licensing.decisions"], 127962);
}

TEST(TablesTest, StatTableRowsWordedAsOtherYearsWordThem) {
  std::string text =
      "| 统计指标 | 单位 | 统计数 |\n| 一、主动公开情况 |  |  |\n"
      "| （一）主动公开政府信息条数 | 条 | 815 |\n| 2.政府门户网站公开政府信息数 | 条 | 700 |\n"
      "| 3.微博公开政府信息数 | 条 | 12 |\n| 三、依申请公开情况 |  |  |\n"
      "| （一）受理申请数 | 件 | 9 |\n| （三）答复申请数 | 件 | 8 |\n"
      "| 四、行政复议案件数 | 件 | 3 |\n| 五、行政诉讼案件数 | 件 | 2 |\n"
      "| 六、投诉举报数量 | 件 | 1 |\n| 七、依申请公开收取费用 | 元 | 400 |\n";
  auto values = Values(ReadTables(ReadText(text), "stat_table_2008"));
  EXPECT_EQ(values["proactive.total"], 815);
  EXPECT_EQ(values["proactive.channel.website"], 700);
  EXPECT_EQ(values["proactive.channel.weibo"], 12);
  EXPECT_EQ(values["request.received"], 9);
  EXPECT_EQ(values["request.replies"], 8);
  EXPECT_EQ(values["review.total"], 3);
  EXPECT_EQ(values["litigation.total"], 2);
  EXPECT_EQ(values["complaints.total"], 1);
  EXPECT_DOUBLE_EQ(values["fees.collected"], 0.04);
}

TEST(TablesTest, StatTableMapsByBlockNotLabelAlone) {
  std::string text =
      "| 统计指标 | 单位 | 统计数 |\n| 四、行政复议数量 | 件 | 3 |\n| （二）被依法纠错数 | 件 | 1 "
      "|\n"
      "| 五、行政诉讼数量 | 件 | 2 |\n| （二）被依法纠错数 | 件 | 0 |\n| "
      "七、依申请公开信息收取的费用 | 元 | 400 |\n";
  auto values = Values(ReadTables(ReadText(text), "stat_table_2008"));
  EXPECT_EQ(values["review.total"], 3);
  EXPECT_EQ(values["review.corrected"], 1);
  EXPECT_EQ(values["litigation.total"], 2);
  EXPECT_EQ(values["litigation.corrected"], 0);
  EXPECT_DOUBLE_EQ(values["fees.collected"], 0.04);
}

TEST(TablesTest, StatTableBlocksOpenWithoutOrdinals) {
  // The same rows with their ordinals left out: a row naming a block opens
  // it; rows numbered below the top level still never do.
  std::string text =
      "| 统计指标 | 单位 | 统计数 |\n| 依申请公开情况 | | |\n| 收到申请数 | 件 | 17 |\n"
      "| 当面申请数 | 件 | 4 |\n| 行政复议数量 | 件 | 3 |\n| 被依法纠错数 | 件 | 1 |\n"
      "| 行政诉讼数量 | 件 | 2 |\n| 被依法纠错数 | 件 | 0 |\n";
  auto values = Values(ReadTables(ReadText(text), "stat_table_2008"));
  EXPECT_EQ(values["request.received"], 17);
  EXPECT_EQ(values["request.received.in_person"], 4);
  EXPECT_EQ(values["review.total"], 3);
  EXPECT_EQ(values["review.corrected"], 1);
  EXPECT_EQ(values["litigation.total"], 2);
  EXPECT_EQ(values["litigation.corrected"], 0);
}

TEST(TablesTest, MisalignedTable3IsUnreadable) {
  std::string text =
      "一、本年新收政府信息公开申请数量 |\n1 |\n2 |\n||\n二、上年结转政府信息公开申请数量 |\n0 "
      "|\n||\n";
  TableFigures t = ReadTables(ReadText(text), "format_2021");
  EXPECT_FALSE(t.unreadable.empty());
  EXPECT_EQ(Values(t).count("t3.new.total"), 0u);
}

}  // namespace
}  // namespace govreport::extract
