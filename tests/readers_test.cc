#include "service/extract/readers.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gtest/gtest.h"
#include "service/extract/normalize.h"

namespace govreport::extract {
namespace {

std::vector<const Item*> Rows(const Document& doc) {
  std::vector<const Item*> rows;
  for (const Item& item : doc.items) {
    if (item.kind == Item::Kind::kRow) rows.push_back(&item);
  }
  return rows;
}

TEST(NormalizeTest, FoldsFullWidthAndDropsSpacesBesideIdeographs) {
  NormText n = NormalizeLine("统 计 指 标（一）１２３　件");
  EXPECT_EQ(n.text, "统计指标(一)123件");
  // Every character maps to where it starts in the source, the end to the
  // source's end: folded characters (（, １, 　) shift the rest.
  const std::vector<std::pair<size_t, uint32_t>> starts = {{0, 0},   {3, 4},   {6, 8},   {9, 12},
                                                           {12, 15}, {13, 18}, {16, 21}, {17, 24},
                                                           {18, 27}, {19, 30}, {20, 36}, {23, 39}};
  for (auto [at, source] : starts) EXPECT_EQ(n.origin.SourceOf(at), source) << at;
  EXPECT_EQ(NormalizeLine("ab", 100).origin.SourceOf(2), 102u) << "base is added";
  EXPECT_EQ(NormalizeLine("1 0").text, "1 0");
  // PDF text layers space figures off from ideographs; Chinese has no such spaces.
  EXPECT_EQ(NormalizeLine("自 2021 年 1 月 1 日起").text, "自2021年1月1日起");
  EXPECT_EQ(NormalizeLine("see page 3").text, "see page 3");
  EXPECT_EQ(NormalizeLine("a\u200Bb").text, "ab");
  EXPECT_EQ(CountOccurrences("<p>a</p><b>b</b>", "</"), 2u);
  EXPECT_EQ(CountOccurrences("aaaa", "aa"), 2u);  // without overlaps
  EXPECT_EQ(CountOccurrences("abc", "x"), 0u);
  for (const char* line : {"统 计 指 标（一）１２３　件", "1 0", "a\u200Bb", " \t x \n"}) {
    EXPECT_EQ(NormalizeText(line), NormalizeLine(line).text) << line;
  }
}

// Characters that fold to themselves are copied a run at a time: a folded
// one at every place in a long line must cut the run there, and a broken
// sequence must read as it reads alone.
TEST(NormalizeTest, LongRunsFoldAroundEveryPlace) {
  std::string run;
  while (run.size() < 70) run += "统计指标abc年度报告123";
  for (size_t at = 0; at <= run.size(); at += run[at] < 0 ? 3 : 1) {
    const std::string line = run.substr(0, at) + "（" + run.substr(at);
    const NormText n = NormalizeLine(line);
    ASSERT_EQ(n.text, run.substr(0, at) + "(" + run.substr(at)) << at;
    EXPECT_EQ(n.origin.SourceOf(at), at) << at;
    EXPECT_EQ(n.origin.SourceOf(at + 1), at + 3) << at;
    EXPECT_EQ(n.origin.SourceOf(n.text.size()), line.size()) << at;
    EXPECT_EQ(NormalizeText(line), n.text) << at;
  }
  // Broken sequences among long runs: cut short, or bytes that continue
  // nothing.
  for (const std::string broken : {"\xE7\xBB",
                                   "\xE7"
                                   "a\xBB",
                                   "\xBB\xBB\xE4", "\xE9\xE9\xE9"}) {
    EXPECT_EQ(NormalizeText(run + broken), NormalizeText(run) + NormalizeText(broken));
    EXPECT_EQ(NormalizeText(run + broken + run),
              NormalizeText(run) + NormalizeText(broken) + NormalizeText(run));
  }
}

TEST(NormalizeTest, ChineseOrdinals) {
  for (const char* numeral : {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"}) {
    EXPECT_EQ(LeadingChineseNumeralCharacter(numeral), 3u) << numeral;
  }
  for (const char* other : {"", "1", "零", "百", "两", "\xE4", "\xE4\xB8"}) {
    EXPECT_EQ(LeadingChineseNumeralCharacter(other), 0u) << other;
  }
  EXPECT_EQ(LeadingChineseOrdinal("三、主动公开"), "三");
  EXPECT_EQ(LeadingChineseOrdinal("二十一、其他"), "二十一");
  EXPECT_EQ(LeadingChineseOrdinal("二十条"), "");
  EXPECT_EQ(LeadingChineseOrdinal("、"), "");
  EXPECT_EQ(LeadingChineseOrdinal("零、"), "");
}

// FindText tests 64 and then 32 starts at a time (with AVX2), then 16, then
// the last ones in one block ending at the last start (or one by one in a
// text too short for it): every placement of every needle length, across
// block edges and up to the last byte, must agree with string_view::find.
TEST(NormalizeTest, FindTextAgreesWithFindAtEveryPlacement) {
  const std::string filler = "统计指标年度报告";  // lead bytes that repeat every three bytes
  for (size_t needle_size : {1u, 2u, 3u, 6u, 15u, 16u, 17u, 40u}) {
    std::string needle;
    for (size_t i = 0; i < needle_size; ++i) needle.push_back(static_cast<char>('a' + i % 26));
    for (size_t text_size = 0; text_size <= 200; ++text_size) {
      std::string base;
      while (base.size() < text_size) base += filler;
      base.resize(text_size);
      for (size_t at = 0; at + needle_size <= text_size; ++at) {
        std::string text = base;
        text.replace(at, needle_size, needle);
        for (size_t from : {size_t{0}, at, at + 1, text_size}) {
          ASSERT_EQ(FindText(text, needle, from), absl::string_view(text).find(needle, from))
              << "needle " << needle_size << " text " << text_size << " at " << at << " from "
              << from;
        }
      }
      // Only the first and last bytes agree: the middle still has to match.
      if (needle_size >= 3 && text_size >= needle_size) {
        std::string decoy = base;
        decoy[0] = needle.front();
        decoy[needle_size - 1] = needle.back();
        EXPECT_EQ(FindText(decoy, needle), absl::string_view::npos);
      }
    }
  }
  // CountOccurrences scans the same way and skips the overlapping candidates.
  EXPECT_EQ(CountOccurrences(std::string(41, 'a'), "aa"), 20u);
  std::string page;
  for (int i = 0; i < 37; ++i) page += "<td>统计</td>";
  EXPECT_EQ(CountOccurrences(page, "</"), 37u);
  EXPECT_EQ(FindText("abc", ""), 0u);
  EXPECT_EQ(FindText("abc", "", 3), 3u);
  EXPECT_EQ(FindText("abc", "c", 4), absl::string_view::npos);
  EXPECT_TRUE(ContainsText("主动公开政府信息13912条", "政府信息"));
  EXPECT_FALSE(ContainsText("主动公开政府信息", "依申请"));
}

// MultiFinder reports every occurrence of every needle, overlapping ones and
// needles sharing a first character included, as a search per needle would.
TEST(NormalizeTest, MultiFinderFindsWhatFindTextFinds) {
  const std::vector<std::string> needles = {"政府",  "政府网站", "政府门户网站",     "政务",   "a",
                                            "ab",    "abc",      "统计指标年度报告", "指标年", "。",
                                            "ICP备", "报告报"};
  MultiFinder finder;
  std::vector<int> ids;
  for (const std::string& n : needles) ids.push_back(finder.Add(n));
  EXPECT_EQ(finder.Add("政府"), ids[0]) << "the same text keeps its id";
  EXPECT_EQ(finder.Add(""), -1);
  EXPECT_EQ(finder.Add("\x80\x80\x80"), -1) << "a continuation byte cannot start a character";
  const std::string text = "ab政府门户网站。政务abc统计指标年度报告报告报,ICP备政府网站政府a";
  // Every prefix: the finder reads sixteen bytes at a time while eight more
  // follow, then byte by byte, so each needle ends up on every side of that.
  for (size_t size = 0; size <= text.size(); ++size) {
    const absl::string_view prefix = absl::string_view(text).substr(0, size);
    std::vector<std::pair<size_t, int>> found;
    finder.ForEachMatch(prefix, [&](int id, size_t at) {
      found.emplace_back(at, id);
      return true;
    });
    std::vector<std::pair<size_t, int>> expected;
    for (size_t k = 0; k < needles.size(); ++k) {
      for (size_t at = FindText(prefix, needles[k]); at != absl::string_view::npos;
           at = FindText(prefix, needles[k], at + 1)) {
        expected.emplace_back(at, ids[k]);
      }
    }
    std::sort(found.begin(), found.end());
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(found, expected) << "prefix of " << size << " bytes";
  }
  EXPECT_TRUE(finder.ContainsAny("……政务……"));
  EXPECT_FALSE(finder.ContainsAny("主动公开信息"));
  EXPECT_FALSE(finder.ContainsAny(""));
  size_t calls = 0;
  finder.ForEachMatch(text, [&](int, size_t) { return ++calls < 3; });
  EXPECT_EQ(calls, 3u) << "stops when told";
}

TEST(HtmlReaderTest, RowspanLabelsEveryRowItCovers) {
  Document doc = ReadHtml(
      "<table><tr><td rowspan=\"3\">三、本年度办理结果</td><td>（一）予以公开</td><td>5</td></tr>"
      "<tr><td>（二）部分公开</td><td>1</td></tr><tr><td>（七）总计</td><td>6</td></tr></table>");
  auto rows = Rows(doc);
  ASSERT_EQ(rows.size(), 3u);
  for (const Item* row : rows) {
    ASSERT_EQ(row->cells.size(), 3u);
    EXPECT_EQ(row->cells[0].text, "三、本年度办理结果");  // spans share the label
    EXPECT_TRUE(row->positional);
  }
  EXPECT_EQ(rows[2]->cells[2].text, "6");
  // The cell's span points at its text in the decoded document text.
  const Cell& c = rows[1]->cells[2];
  EXPECT_EQ(doc.text.substr(c.span.begin, c.span.end - c.span.begin), "1");
}

TEST(HtmlReaderTest, ColspanExpandsAndBlankCellsStay) {
  Document doc = ReadHtml(
      "<table><tr><td "
      "colspan=\"2\">（七）总计</td><td></td><td>&nbsp;</td><td>3</td></tr></table>");
  auto rows = Rows(doc);
  ASSERT_EQ(rows.size(), 1u);
  ASSERT_EQ(rows[0]->cells.size(), 5u);
  EXPECT_EQ(rows[0]->cells[0].text, "(七)总计");
  EXPECT_EQ(rows[0]->cells[1].text, "(七)总计");
  EXPECT_EQ(rows[0]->cells[2].text, "");
  EXPECT_EQ(rows[0]->cells[3].text, "");
  EXPECT_EQ(rows[0]->cells[4].text, "3");
}

TEST(HtmlReaderTest, DeclaredCharsetNeverReDecodesTheUtf8Text) {
  // The reader is handed text already decoded to UTF-8; the page's own
  // declaration (often GBK, and often wrong) must not decode it again.
  for (const char* head :
       {"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">",
        "<meta charset=\"gbk\">", "<meta charset=\"iso-8859-1\">", ""}) {
    Document doc = ReadHtml(
        absl::StrCat("<html><head>", head, "</head><body><p>主动公开政府信息13912条。</p></body>"));
    ASSERT_EQ(doc.items.size(), 1u) << head;
    EXPECT_EQ(doc.items[0].norm.text, "主动公开政府信息13912条。") << head;
  }
  // Non-ASCII text first, no markup at all.
  Document bare = ReadHtml("年报正文。");
  ASSERT_EQ(bare.items.size(), 1u);
  EXPECT_EQ(bare.items[0].norm.text, "年报正文。");
  // A NUL among the first four bytes: libxml2 would guess UTF-16 or UCS-4
  // from them and decode the whole page so ("\0<\0?" reads as UTF-16). The
  // reader keeps it UTF-8, where libxml2 ends the text at the NUL.
  for (absl::string_view lead : {absl::string_view("<\0\0\0", 4), absl::string_view("\0<\0?", 4),
                                 absl::string_view("<\0?\0", 4)}) {
    Document doc = ReadHtml(absl::StrCat(lead, "<p>年报正文。</p>"));
    for (const Item& item : doc.items) EXPECT_EQ(item.norm.text, "<");
  }
}

TEST(HtmlReaderTest, ChromeLinesAreMarkedAndScriptsDropped) {
  Document doc = ReadHtml(
      "<div>发布时间：2019-03-05 20:27:00 浏览次数：12</div><script>var x = "
      "1;</script><p>正文第一段。</p>"
      "<div>分享到：微信</div>");
  ASSERT_EQ(doc.items.size(), 3u);
  EXPECT_TRUE(doc.items[0].chrome);
  EXPECT_FALSE(doc.items[1].chrome);
  EXPECT_TRUE(doc.items[2].chrome);
  EXPECT_EQ(doc.text.find("var x"), std::string::npos);
}

// The markers mark a line up to 300 bytes long; 发布时间/发布日期 and the
// 来源:/索引号 openers only a line shorter than 200 bytes.
TEST(HtmlReaderTest, ChromeMarkersByLineLength) {
  std::string filler;  // 216 bytes of body text
  for (int i = 0; i < 18; ++i) filler += "正文内容";
  EXPECT_TRUE(IsChromeLine("分享到:微信"));
  EXPECT_TRUE(IsChromeLine("发布日期:2019-03-05"));
  EXPECT_TRUE(IsChromeLine("本文发布时间:2019-03-05"));
  EXPECT_TRUE(IsChromeLine("来源:区政府办"));
  EXPECT_TRUE(IsChromeLine("索引号:0001-2019-00012"));
  EXPECT_TRUE(IsChromeLine(filler + "二维码"));
  EXPECT_FALSE(IsChromeLine(filler + "发布时间"));
  EXPECT_FALSE(IsChromeLine("来源:" + filler));
  EXPECT_FALSE(IsChromeLine(filler + filler + "二维码"));
  EXPECT_FALSE(IsChromeLine("正文第一段。"));
}

TEST(HtmlReaderTest, BreadcrumbTrailIsChromeWhateverLeadsIt) {
  // A mojibake repair can turn 当前位置： into 当前位置，; the trail from 首页 is
  // still navigation, and its 政府信息公开年报 is not the report's title.
  Document doc = ReadHtml(
      "<div>当前位置，<a href=\"/\">首页</a> &gt; <a>政务公开</a> &gt; "
      "<a>政府信息公开年报</a></div><p>正文第一段。</p>");
  ASSERT_EQ(doc.items.size(), 2u);
  EXPECT_TRUE(doc.items[0].chrome);
  EXPECT_FALSE(doc.items[1].chrome);
}

TEST(HtmlReaderTest, MessyPagesNestDeepAndAreReadToTheEnd) {
  // Every paragraph leaves a <font> open: 1,200 levels deep by the end. A tree
  // builder stops at 256 and loses the rest of the report.
  std::string html = "<html><body>";
  for (int i = 0; i < 600; ++i) html += absl::StrCat("<p><font>第", i, "段");
  Document doc = ReadHtml(html);
  ASSERT_EQ(doc.items.size(), 600u);
  EXPECT_EQ(doc.items.back().norm.text, "第599段");
}

TEST(HtmlReaderTest, StrayEndTagsAndTextAfterTheDocumentAreRead) {
  // Pages saved from a CMS may open with the end tags of a template's
  // elements, or go on after </html>. libxml2's push parser reads nothing
  // after an end tag that leaves no element open; the reader reads on (with
  // the pull parser, when the push parser stops early).
  for (const char* page :
       {"</div><p>主动公开政府信息13912条。</p>",
        "<!DOCTYPE html></div></td><p>主动公开政府信息13912条。</p>",
        "<html><body><p>前文</p></body></html><p>主动公开政府信息13912条。</p>"}) {
    Document doc = ReadHtml(page);
    ASSERT_FALSE(doc.items.empty()) << page;
    EXPECT_EQ(doc.items.back().norm.text, "主动公开政府信息13912条。") << page;
  }
}

TEST(HtmlReaderTest, PagesThePushParserStopsOnReadAsThePullParserReadsThem) {
  // The lean page goes to libxml2's push parser, the page as it is (kAsIs) to
  // its pull parser. Where the two parsers part (the push parser stops at an
  // end tag that leaves no element open or at markup unfinished at the end,
  // reads an unclosed <script> to the end of the page, and reads a misplaced
  // DOCTYPE's next end tag and a tag name with a '.' its own way), the reader
  // must still read what the pull parser reads.
  for (const char* page : {
           "</div><p>主动公开政府信息13912条。</p>",
           "<!DOCTYPE html><!-- x --></td><p>主动公开政府信息13912条。</p>",
           "<html><body><p>前文</p></body></html><p>主动公开政府信息13912条。</p>",
           "<html><body><p>前文</p></body></html>\n<script>var a;</script>\n<div>页脚</div>",
           "<p>前文</p><script>var a = '</div>';<p>主动公开政府信息13912条。</p>",
           "<p>前文</p><style>p {}</p><table><tr><td>收到申请</td><td>2</td></tr></table>",
           "<table><tr><td>收到申请</td><td>2</td></tr></table><",
           "<table><tr><td>收到申请</td><td>2</td></tr></table><!-- cut",
           "<p>前文<!DOCTYPE html></p><p>主动公开政府信息13912条。</p>",
           "<p>前文<div.x>主动公开政府信息13912条。</p><p>后文</p>",
       }) {
    const Document as_is = ReadHtml(page, HtmlInput::kAsIs);
    ASSERT_FALSE(as_is.items.empty()) << page;
    EXPECT_TRUE(ReadHtml(page) == as_is) << page;
  }
}

TEST(HtmlReaderTest, BrokenMarkupAtTheEndLosesNoText) {
  // A page cut off by the crawl keeps every paragraph and cell before the cut.
  for (const char* tail : {"<", "<!", "<!DOCTYPE", "<!--", "<td", "</td", "<p class=\"x"}) {
    Document doc = ReadHtml(absl::StrCat(
        "<p>主动公开政府信息13912条。</p><table><tr><td>收到申请</td><td>2</td>", tail));
    ASSERT_GE(doc.items.size(), 2u) << tail;
    EXPECT_EQ(doc.items[0].norm.text, "主动公开政府信息13912条。") << tail;
    ASSERT_GE(doc.items[1].cells.size(), 2u) << tail;  // "<td" opens a third
    EXPECT_EQ(doc.items[1].cells[1].text, "2") << tail;
  }
}

TEST(HtmlReaderTest, DeepNestingStopsTheParseAndKeepsWhatCameBefore) {
  // libxml2 scans its open elements for every end tag: deep nesting followed
  // by stray end tags would take quadratic time. The parse stops at a depth
  // the page's end tags allow; what was read, the open table included, is
  // kept.
  std::string html = "<p>前文</p><table><tr><td>格</td><td>";
  for (int i = 0; i < 100000; ++i) html += "<span>";
  html += "深";
  for (int i = 0; i < 100000; ++i) html += "</div>";
  Document doc = ReadHtml(html);
  ASSERT_EQ(doc.items.size(), 2u);
  EXPECT_EQ(doc.items[0].norm.text, "前文");
  ASSERT_EQ(doc.items[1].cells.size(), 2u);
  EXPECT_EQ(doc.items[1].cells[0].text, "格");
  EXPECT_EQ(doc.text.find("深"), std::string::npos);
}

TEST(HtmlReaderTest, EventsBecomeBlocksCellsAndTitle) {
  Document doc = ReadHtml(
      "<html><head><title>某局 年报</title><style>p{}</style></head><body>"
      "<p>第一段<b>加粗</b><br>第二段<p>第三段"
      "<table><caption>表外文字</caption><tr><td>标签<br>换行<td>外<table><tr><td>内1<td>内2"
      "</table><script>x()</script></tr>行外<tr><th>合计<td>7</table>后文</body></html>");
  EXPECT_EQ(doc.html_title, "某局年报");
  std::vector<std::string> paragraphs;
  for (const Item& item : doc.items) {
    if (item.kind == Item::Kind::kParagraph) paragraphs.push_back(item.norm.text);
  }
  // <br> and block elements end paragraphs; text inside inline elements joins them.
  EXPECT_EQ(paragraphs, (std::vector<std::string>{"第一段加粗", "第二段", "第三段", "后文"}));
  auto rows = Rows(doc);
  ASSERT_EQ(rows.size(), 2u);
  ASSERT_EQ(rows[0]->cells.size(), 2u);
  EXPECT_EQ(rows[0]->cells[0].text, "标签换行");
  EXPECT_EQ(rows[0]->cells[1].text, "外内1内2");  // a nested table is its cell's text
  ASSERT_EQ(rows[1]->cells.size(), 2u);
  EXPECT_EQ(rows[1]->cells[0].text, "合计");
  EXPECT_EQ(rows[1]->cells[1].value.value, 7);
  // Text in the table's structure but in no cell, and scripts, are not read.
  EXPECT_EQ(doc.text.find("表外"), std::string::npos);
  EXPECT_EQ(doc.text.find("行外"), std::string::npos);
  EXPECT_EQ(doc.text.find("x()"), std::string::npos);
}

// Inside a cell a block or line break is one space, whatever whitespace the
// page lays out around it; the document text shows the cell that way.
TEST(HtmlReaderTest, BreaksInsideACellAreOneSpace) {
  Document doc = ReadHtml(
      "<table><tr><td>\n  <p>a b </p>\n  <p>\n c</p>\n</td>"
      "<td>x<br> \n y<div> </div>z</td><td><p>1</p></td></tr></table>");
  auto rows = Rows(doc);
  ASSERT_EQ(rows.size(), 1u);
  ASSERT_EQ(rows[0]->cells.size(), 3u);
  EXPECT_EQ(doc.text, "a b c | x y z | 1\n");
  EXPECT_EQ(rows[0]->cells[2].value.value, 1);
}

// Line breaks and tabs inside a block are layout: the document text holds a
// space for each, wherever it falls against the sixteen-byte blocks the
// replacement tests at a time.
TEST(HtmlReaderTest, BreaksInsideABlockAreSpacesInTheText) {
  const std::string sentence = "本机关主动公开政府信息13912条，其中规范性文件5件。";
  for (size_t at = 1; at < sentence.size(); ++at) {
    for (const char* brk : {"\n", "\t", "\r\n"}) {
      std::string paragraph = sentence;
      paragraph.insert(at, brk);
      std::string expected = paragraph;
      for (char& c : expected) {
        if (c == '\n' || c == '\t' || c == '\r') c = ' ';
      }
      const Document doc = ReadHtml("<p>" + paragraph + "</p>");
      EXPECT_EQ(doc.text, expected + "\n") << at;
    }
  }
}

// A cell outside any table still ends the running text before and after it.
TEST(HtmlReaderTest, StrayCellsBreakTheRunningText) {
  std::vector<std::string> paragraphs;
  for (const Item& item : ReadHtml("<p>前文<td>单元格</td>后文").items) {
    if (item.kind == Item::Kind::kParagraph) paragraphs.push_back(item.norm.text);
  }
  EXPECT_EQ(paragraphs, (std::vector<std::string>{"前文", "单元格", "后文"}));
}

TEST(TextReaderTest, CellPerLineRows) {
  Document doc =
      ReadText("一、本年新收政府信息公开申请数量 |\n203 |\n17 |\n221 |\n||\n二、上年结转 |\n0 |\n");
  auto rows = Rows(doc);
  ASSERT_EQ(rows.size(), 2u);
  ASSERT_EQ(rows[0]->cells.size(), 4u);
  EXPECT_EQ(rows[0]->cells[3].text, "221");
  EXPECT_EQ(rows[1]->cells[0].text, "二、上年结转");
}

TEST(TextReaderTest, PipeRowsJoinSpilledCells) {
  Document doc = ReadText(
      "| 统计指标 | 单位 | 统计数 |\n| （一）收到申请数 | 件 | 17 |\n| 1.属于已主动公开范围数 | 件 "
      "| \n\t\t\t | \n");
  auto rows = Rows(doc);
  ASSERT_EQ(rows.size(), 3u);
  ASSERT_EQ(rows[2]->cells.size(), 3u);
  EXPECT_EQ(rows[2]->cells[0].text, "1.属于已主动公开范围数");
  EXPECT_EQ(rows[2]->cells[2].text, "");
}

TEST(TextReaderTest, InlinePipeRowsAreOneRowPerLine) {
  // domain.md §3.3 form 3: a row per line; a one-cell caption row looks like
  // a cell-per-line cell but the next line does not continue it.
  Document doc = ReadText(
      "第二十条第(一)项 |\n信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数 |\n规章 |\n"
      "规范性文件 | 0 | 28 | 9 |\n");
  auto rows = Rows(doc);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[0]->cells.size(), 1u);
  EXPECT_EQ(rows[1]->cells.size(), 4u);
  EXPECT_EQ(rows[2]->cells.size(), 1u);
  ASSERT_EQ(rows[3]->cells.size(), 4u);
  EXPECT_EQ(rows[3]->cells[0].text, "规范性文件");
  EXPECT_EQ(rows[3]->cells[3].text, "9");
}

TEST(TextReaderTest, PipeRowShortOfPipesStopsAtASectionHeading) {
  Document doc = ReadText(
      "| 信息内容 | 本年处理决定数量 |\n| 行政许可 | 1621 |\n| 第二十条第(八)项 |\n"
      "三、收到和处理政府信息公开申请情况\n| 自然人 | 商业企业 |\n");
  auto rows = Rows(doc);
  ASSERT_EQ(rows.size(), 4u);
  EXPECT_EQ(rows[2]->cells.size(), 1u);
  bool heading = false;
  for (const Item& item : doc.items) {
    heading |= item.kind == Item::Kind::kParagraph &&
               item.norm.text == "三、收到和处理政府信息公开申请情况";
  }
  EXPECT_TRUE(heading);
}

TEST(TextReaderTest, LayoutColumnsAndPageFurniture) {
  Document doc = ReadText(
      "  一、本年新收政府信息公开申请数量      43   7   0    0    0    0   50\n\n                  "
      "         — 2 —\n"
      "      1.本机关不掌握相关政府信息    13   2   0    0    0    0   15\n");
  auto rows = Rows(doc);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0]->cells.size(), 8u);
  EXPECT_EQ(rows[0]->cells.back().text, "50");
  for (const Item& item : doc.items) {
    if (item.kind == Item::Kind::kParagraph) {
      EXPECT_EQ(item.norm.text.find("2 —"), std::string::npos);
    }
  }
}

TEST(TextReaderTest, PageFurnitureHoldsNoOtherIdeograph) {
  // Page numbers in their forms are dropped; a line that opens like one but
  // goes on with other words (a numbered heading, a date) is text.
  Document doc = ReadText(
      "第 3 页 共 8 页\n— 4 —\n第５页\n"
      "1.主动公开情况\n2020年主动公开5条\n第三条规定\n共收到申请5件\n");
  std::vector<std::string> paragraphs;
  for (const Item& item : doc.items) {
    if (item.kind == Item::Kind::kParagraph) paragraphs.push_back(item.norm.text);
  }
  ASSERT_FALSE(paragraphs.empty());
  const std::string text = absl::StrJoin(paragraphs, "\n");
  for (const char* furniture : {"第3页", "4 —", "第5页"}) {
    EXPECT_EQ(text.find(furniture), std::string::npos) << furniture << " in " << text;
  }
  for (const char* kept : {"1.主动公开情况", "2020年主动公开5条", "第三条规定", "共收到申请5件"}) {
    EXPECT_NE(text.find(kept), std::string::npos) << kept << " not in " << text;
  }
}

TEST(TextReaderTest, LayoutPlaceholdersAreMarksNotLabelFragments) {
  // Marks stand for "not applicable" in a column; a lone ideograph at the end
  // of a line is a vertically printed label, so that line is text.
  Document doc = ReadText("  （五）行政处罚      ―     ×     —     /\n  本年共办理    无\n");
  auto rows = Rows(doc);
  ASSERT_EQ(rows.size(), 1u);
  ASSERT_EQ(rows[0]->cells.size(), 5u);
  EXPECT_EQ(rows[0]->cells[0].text, "(五)行政处罚");
  for (size_t i = 1; i < 5; ++i) {
    EXPECT_EQ(rows[0]->cells[i].value.state, CellState::kPlaceholder) << rows[0]->cells[i].text;
  }
}

TEST(TextReaderTest, WrappedLinesJoinIntoOneParagraph) {
  Document doc = ReadText("    我局共收到政府信息公开申请50\n件，已办结47件。\n");
  ASSERT_EQ(doc.items.size(), 1u);
  EXPECT_EQ(doc.items[0].norm.text, "我局共收到政府信息公开申请50件,已办结47件。");
}

TEST(TextReaderTest, LinesOfMoreCellsThanARowHoldAreNotRows) {
  // One line of kMaxRowCells + 1 figures is text, not a row of that many
  // cells (a 10 MB line of them took 1.2 GB as a row); kMaxRowCells is a row.
  auto figures = [](size_t n) {
    std::string line = "合计";
    for (size_t i = 0; i < n; ++i) line += "  7";
    return line + "\n";
  };
  Document text = ReadText(figures(kMaxRowCells + 1));
  ASSERT_EQ(text.items.size(), 1u);
  EXPECT_EQ(text.items[0].kind, Item::Kind::kParagraph);
  Document row = ReadText(figures(kMaxRowCells - 1));  // the label is a cell too
  ASSERT_EQ(Rows(row).size(), 1u);
  EXPECT_EQ(Rows(row)[0]->cells.size(), kMaxRowCells);

  std::string pipes = "|";
  for (size_t i = 0; i <= kMaxRowCells; ++i) pipes += " 7 |";
  Document long_pipe_row = ReadText(pipes + "\n");
  EXPECT_TRUE(Rows(long_pipe_row).empty());
}

TEST(TextReaderTest, CellPerLineRowsEndAtARowsBound) {
  std::string lines = "收到申请 |\n";
  for (size_t i = 0; i < 2 * kMaxRowCells; ++i) lines += "3 |\n";
  Document doc = ReadText(lines);
  auto rows = Rows(doc);
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0]->cells.size(), kMaxRowCells);
  EXPECT_EQ(rows[2]->cells.size(), 1u);
}

TEST(DocumentTest, MoreCellsThanTheBoundStopTheReaders) {
  // Cell lines: rows of kMaxRowCells cells, kMaxCells + 1 cells in all.
  std::string lines;
  for (size_t i = 0; i <= kMaxCells; ++i) {
    lines += "3 |\n";
  }
  Document text = ReadText(lines);
  EXPECT_TRUE(text.over_limit);
  EXPECT_LE(text.cells, kMaxCells);

  // An HTML table's cells are bounded before the table ends; the parse stops.
  std::string html = "<table><tr>";
  for (size_t i = 0; i <= kMaxCells; ++i) html += "<td>1";
  html += "</table><p>后文</p>";
  Document page = ReadHtml(html);
  EXPECT_TRUE(page.over_limit);
  EXPECT_LE(page.cells, kMaxCells);
  EXPECT_EQ(page.text.find("后文"), std::string::npos);
}

TEST(TextReaderTest, CrlfIsNormalised) {
  Document doc = ReadText("第一行。\r\n第二行。\r\n");
  EXPECT_EQ(doc.text.find('\r'), std::string::npos);
  EXPECT_EQ(doc.items.size(), 2u);
}

}  // namespace
}  // namespace govreport::extract
