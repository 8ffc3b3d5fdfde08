#include "service/extract/markup_filter.h"

#include <gtest/gtest.h>

#include <initializer_list>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "service/extract/charset.h"
#include "service/extract/readers.h"
#include "tests/test_util.h"

namespace govreport::extract {
namespace {

using govreport::testing::ReadFileOrDie;
using govreport::testing::SourcePath;

// The filtered page alone (the texts here are too short for placeholders,
// except where a test says otherwise).
std::string Lean(absl::string_view html) { return StripUnreadMarkup(html).html; }

// The filtered page with its placeholders replaced by their runs.
std::string Expanded(const LeanPage& lean) {
  std::string out;
  ForEachTextPiece(lean.html, lean.text_runs,
                   [&out](absl::string_view piece) { out.append(piece.data(), piece.size()); });
  return out;
}

// Pages the filter must copy as they are.
void ExpectKept(std::initializer_list<const char*> pages) {
  for (const char* page : pages) EXPECT_EQ(Lean(page), page);
}

// U+F0000 + index in UTF-8.
std::string Placeholder(int index) {
  const uint32_t cp = 0xF0000 + static_cast<uint32_t>(index);
  return {static_cast<char>(0xF0 | (cp >> 18)), static_cast<char>(0x80 | ((cp >> 12) & 0x3F)),
          static_cast<char>(0x80 | ((cp >> 6) & 0x3F)), static_cast<char>(0x80 | (cp & 0x3F))};
}

TEST(MarkupFilterTest, DropsEveryAttributeButTheSpans) {
  EXPECT_EQ(Lean("<p class=MsoNormal style='text-indent:24pt'><span lang=EN-US>1</span></p>"
                 "<td width=\"50%\" ROWSPAN=22 nowrap style=\"border:solid\" colspan='2'>x</td>"
                 "<br/><img src=\"a.png\" />"),
            "<p>1</p><td ROWSPAN=22 colspan='2'>x</td><br/><img/>");
  EXPECT_EQ(Lean("<td rowspan=2 class=x />"), "<td rowspan=2 />");
}

TEST(MarkupFilterTest, TakesOutInlineElementsThatHoldOnlyTextInAContainer) {
  // Word's cell markup, nested inline elements, several in a row, any case.
  EXPECT_EQ(Lean("<td><p class=x><span lang=EN-US>1<o:p></o:p></span></p></td>"
                 "<p><B>a</B> <font face=x><i>b</i>c</font><SPAN>d</span></p>"),
            "<td>1</td><p>a bcd</p>");
  // Kept: under <body> or <head> (text there would open an implied <p>), with
  // markup inside (a <br>, a comment, a mismatched end tag), self-closed, or
  // after a comment until the next container.
  ExpectKept({
      "<body><span>a</span>",
      "<head><b>a</b>",
      "<span>a</span>",
      "<p><span>a<br>b</span>",
      "<p><b><i>a</b></i>",
      "<p><span/>a",
      // Text with '<' or '&' on either side: joined, it could become
      // markup or an entity.
      "<td>a</<o:p></o:p>td>",
      "<p>a<<b>b</b>",
      "<p>&amp<span>;</span>",
      "<p><span>a&</span>lt;",
  });
}

TEST(MarkupFilterTest, TakesOutABlockThatIsACellsOnlyContent) {
  // Word's cells, empty ones included, any case, blanks around the block.
  EXPECT_EQ(Lean("<td>\n <p align=center>&nbsp;</p>\n</td><TH><DIV>x</DIV></Th >"
                 "<td><p><span>1</span></p></td>"),
            "<td>\n &nbsp;\n<TH>x<td>1</td>");
  // Kept: other content in the cell, markup in the block, another cell's end
  // tag, a block other than <p> or <div>, a self-closed block.
  ExpectKept({
      "<td>a<p>b</p></td>",
      "<td><p>a</p>b</td>",
      "<td><p>a</p><p>b</p></td>",
      "<td><p>a<br>b</p></td>",
      "<td><p>a</p></th>",
      "<td><p>a</p></tdx>",
      "<td><h1>a</h1></td>",
      "<td><p/>a</td>",
      "<td><p>a</p>",
  });
}

TEST(MarkupFilterTest, TakesOutBlanksBeforeCellsAndRows) {
  EXPECT_EQ(Lean("<table>\n<tr>\n  <td>a</td>\r\n\t<th>b</th>\n</tr>\n</table>"),
            "<table><tr><td>a<th>b</th>\n</tr>\n</table>");
  // Kept: text that is not blank, and "</" that starts no end tag (libxml2
  // skips it).
  ExpectKept({"<p>a <td>b", "<p>a</ <td>b", "&nbsp;<tr>"});
}

TEST(MarkupFilterTest, TakesOutCellEndTagsBeforeTheNextCell) {
  // The next cell's start tag closes a cell that holds only text, blanks
  // between them included, any case, once inline elements and a block alone
  // in the cell are taken out.
  EXPECT_EQ(Lean("<tr><td>a</td><td>b</td></tr><td>c</Th ><TH>d</Th >\n <td x=1>e</td>"),
            "<tr><td>a<td>b</td></tr><td>c</Th ><TH>d<td>e</td>");
  EXPECT_EQ(Lean("<td><p class=x><span>1</span></p></td>\n<td>&nbsp;2</td><th>3</th>"),
            "<td>1<td>&nbsp;2<th>3</th>");
  // Kept: markup left in the cell, an end tag before anything but a cell's
  // start tag, an end tag that names another cell, a name that only starts
  // like a cell's.
  ExpectKept({
      "<td>a<br>b</td><td>c",
      "<td><a>x</a></td><td>c",
      "<td><p>a</p><p>b</p></td><td>c",
      "<td>a</td></tr>",
      "<td>a</td>b<td>c",
      "<th>a</td><td>c",
      "<td>a</th><td>c",
      "<td>a</td><tdx>c",
      "<td>a</td><tr><td>c",
      "<td>a < b</td><td>c",
  });
  // Decided on what follows in the page: a comment there keeps the end tag,
  // though the comment itself is taken out.
  EXPECT_EQ(Lean("<td>a</td><!-- c --><td>c"), "<td>a</td><td>c");
}

TEST(MarkupFilterTest, TakesOutRowEndTagsBeforeTheNextRow) {
  // The next row's start tag closes a cell that holds only text and the row
  // it stands in: the cell's and the row's end tags go, and the blanks
  // around them.
  EXPECT_EQ(
      Lean("<table><tr><td>a</td><td>b</td>\n</tr>\n<tr>\n<TH>c</TH></TR > <tr><td>d</td></tr>"
           "</table>"),
      "<table><tr><td>a<td>b<tr><TH>c<tr><td>d</td></tr></table>");
  // Kept: a cell that is not a row's child (right in a table, after text or
  // a comment in the row, in a nested table's cell), markup in the cell, a
  // row end before anything but a row's start tag, a name that only starts
  // like a row's.
  ExpectKept({
      "<table><td>a</td></tr><tr>",
      "<tr>x<td>a</td></tr><tr>",
      "<tr><td>a<br>b</td></tr><tr>",
      "<tr><td>a</td></tr></table>",
      "<tr><td>a</td></tr>x<tr>",
      "<tr><td>a</td></tr1><tr>",
      "<tr><td>a</td></tr><tr1>",
      "<tr/><td>a</td></tr><tr>",
  });
  EXPECT_EQ(Lean("<tr><!-- c --><td>a</td></tr><tr>"), "<tr><td>a</td></tr><tr>");
}

TEST(MarkupFilterTest, KeepsMetaWhole) {
  const std::string meta = "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gbk\">";
  EXPECT_EQ(Lean(meta + "<p style=x>a"), meta + "<p>a");
}

TEST(MarkupFilterTest, DropsScriptTextCommentsAndDeclarations) {
  // Markup inside script text, a comment, a DOCTYPE literal or a processing
  // instruction is not a tag; the tags after each are. The reader reads none
  // of them, so script and style text, comments and processing instructions
  // leave the copy (the script and style elements stay). A DOCTYPE stays:
  // after one in the middle of a page libxml2 reads "</" as text.
  EXPECT_EQ(Lean("<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0//EN\" \"x.dtd\"><p a=1>"
                 "<script type=\"text/javascript\">document.write('<p style=\"x\">')</script>"
                 "<p a=2><style>td {color:red}</style><!-- <p style=\"c\"> --!><p a=3>"
                 "<?xml:namespace prefix = o ns = \"urn:x\" /><o:p class=x></o:p>"),
            "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0//EN\" \"x.dtd\"><p><script></script>"
            "<p><style></style><p><o:p></o:p>");
  // Their two sides join: the text before may not hold a '<' or '&' that
  // the text after could complete ("&amp" + ";" is an entity).
  EXPECT_EQ(Lean("<p>a<!-- c -->b<p>&amp<!-- c -->;<p>a<<!---->b"),
            "<p>ab<p>&amp<!-- c -->;<p>a<<!---->b");
  // Script text that starts with "</" libxml2 reads as an end tag first.
  EXPECT_EQ(Lean("<script></p>x</script>"), "<script></p>x</script>");
}

TEST(MarkupFilterTest, HandsTextRunsOverByPlaceholder) {
  const std::string sentence = "主动公开政府信息13912条";
  const std::string page = "<title>年度报告标题</title><p class=x>\n  " + sentence +
                           "</p><td><span>" + sentence + "</span></td>";
  const LeanPage lean = StripUnreadMarkup(page);  // its runs are views into `page`
  EXPECT_EQ(lean.html, "<title>" + Placeholder(0) + "</title><p>\n  " + Placeholder(1) +
                           "</p><td>" + Placeholder(2) + "</td>");
  ASSERT_EQ(lean.text_runs.size(), 3u);
  EXPECT_EQ(lean.text_runs[0], "年度报告标题");
  EXPECT_EQ(lean.text_runs[1], sentence);  // the leading blanks stay in the copy
  EXPECT_EQ(lean.text_runs[2], sentence);
  EXPECT_EQ(Expanded(lean),
            "<title>年度报告标题</title><p>\n  " + sentence + "</p><td>" + sentence + "</td>");
  // Not runs: text short enough to be cheaper as it is, text with an
  // entity, text after a '<' that starts no markup, text before the first
  // token (libxml2 skips a byte order mark there), script text, text with a
  // character libxml2 drops (U+FFFE).
  for (const std::string& page : {
           std::string("<p>1234567"),
           std::string("<p>政府信息&nbsp;公开"),
           std::string("<p>a < b 政府信息公开"),
           std::string("政府信息公开年度报告<p>"),
           std::string("<script>var a = '政府信息公开';</script>"),
           std::string("<p>政府信息\xEF\xBF\xBE公开"),
       }) {
    const LeanPage kept = StripUnreadMarkup(page);
    EXPECT_TRUE(kept.text_runs.empty()) << page;
    EXPECT_EQ(Expanded(kept), kept.html) << page;
  }
  // A page with a character of the placeholders' range of its own has none.
  const std::string own = "<p>政府信息公开" + Placeholder(0) + "<p>年度报告标题";
  const LeanPage without = StripUnreadMarkup(own);
  EXPECT_TRUE(without.text_runs.empty());
  EXPECT_EQ(without.html, own);
}

TEST(MarkupFilterTest, TextPiecesReplaceOnlyKnownPlaceholders) {
  const std::vector<absl::string_view> runs = {"甲乙丙", "丁戊"};
  std::vector<std::string> pieces;
  const std::string text = absl::StrCat("a", Placeholder(1), Placeholder(0), "b", Placeholder(7));
  ForEachTextPiece(text, runs, [&pieces](absl::string_view piece) { pieces.emplace_back(piece); });
  // Index 7 names no run: it stays as it is.
  EXPECT_EQ(pieces,
            (std::vector<std::string>{"a", "丁戊", "甲乙丙", absl::StrCat("b", Placeholder(7))}));
  pieces.clear();
  ForEachTextPiece(text, {}, [&pieces](absl::string_view piece) { pieces.emplace_back(piece); });
  EXPECT_EQ(pieces, std::vector<std::string>{text});
}

TEST(MarkupFilterTest, CopiesTheRestUnchangedAtMarkupItCannotTokenize) {
  // An attribute name libxml2 would skip in its own way.
  EXPECT_EQ(Lean("<p a=1>x<p =b c=2>y<p d=3>"), "<p>x<p =b c=2>y<p d=3>");
  // A quote that never closes.
  EXPECT_EQ(Lean("<p a=1>x<p b=\"2>y<p d=3>"), "<p>x<p b=\"2>y<p d=3>");
  // A DOCTYPE whose literal holds the first '>'.
  EXPECT_EQ(Lean("<!DOCTYPE html PUBLIC \"a>b\"><p d=3>"), "<!DOCTYPE html PUBLIC \"a>b\"><p d=3>");
  // "</scriptx>" ends libxml2's script text without ending the element.
  EXPECT_EQ(Lean("<p a=1><script>x</scriptx><p d=3></script>"),
            "<p><script>x</scriptx><p d=3></script>");
  // Script text that starts with "</": libxml2 reads markup in it.
  EXPECT_EQ(Lean("<p a=1><script></p>x</script><p d=3>"), "<p><script></p>x</script><p d=3>");
}

TEST(MarkupFilterTest, LeavesPagesWithControlBytesUnchanged) {
  const std::string page = std::string("<p a=1>x\x01<p b=2>", 15);
  EXPECT_EQ(Lean(page), page);
}

// The property the filter exists under: the reader sees the same document.
void ExpectSameDocument(const std::string& html) {
  EXPECT_EQ(ReadHtml(html, HtmlInput::kLean), ReadHtml(html, HtmlInput::kAsIs)) << html;
}

TEST(MarkupFilterTest, ReaderSeesTheSameDocumentOnEdgeCases) {
  for (const char* html : {
           "<p>a<!-- x --!> y --> z</p>",
           "<p>a<![if !supportLists]>b<![endif]>c</p>",
           "<p>a</ p>b</p><p>a</p x=\"<b t='>'>\">c",
           "<p>a<!-->b-->c<p>x<_a t=\"1\">y",
           "<p>a<!doctype>c<p>a</>b<p>a</3>b",
           "<p a=>b<p a = \"1\" >c<p a=x/>d<p a='x\"'>e",
           "<script>a</SCRIPT >c<style/>d<i style=x>e</i>",
           "<table><tr><TD ROWSPAN=2 nowrap Style=\"x\">a</td><td colspan=2 rowspan=1>b</td></tr>"
           "<tr><td rowspan=2 rowspan=3 class=c>c</td></tr></table>",
           "<title class=t>t</title><p>a<?x y=\"a>b\">c<?>d",
           // Inline elements: where libxml2's implied elements and auto-closing
           // depend on them, they stay; where they are taken out the text must
           // land in the same blocks.
           "<html><span> a</span><p>b",
           "<head><title>t</title><b>x</b></head><p><b>y<p>z</b>w",
           "<p><b>a<div>b</b>c</p>d",
           "<td><span>1</span><td><font>2<o:p></o:p></font></td>",
           "<table><tr><td><p><span>1 </span><span>0</span></p></td><td><a>x</a></td></tr></table>",
           "<p><a>x<a>y</a>z</a>",
           "<a><p><a>x<a>y</a>z</a>w",
           "<h1><span>title</span></h1><li><u>a</u>&nbsp;<em>b</em></li><div><strong>c</strong>",
           "<td>a</<o:p></o:p>td><td>b</td>",
           "<p>a<<b>b</b><p>&amp<span>;</span><p><span>a&</span>lt;",
           // Blocks alone in cells and blanks before cells, wherever the cell
           // stands: in a table, nested in another cell, in running text, in
           // the title, under <head>.
           "<table> <tr> <td> <p> a </p> </td>\n<td><div>b&amp;c</div></td> </tr> </table>",
           "<table><tr><td>x <table><tr>\n<td>\n<p>y</p>\n</td> <td><p>z</p></td></tr></table> w"
           "</td></tr></table>",
           "<p>a <td> <p>b</p> </td> c<tr> <th><div> d </div></th>e",
           "<title>t <td><p>u</p></td> v</title><head> <td><p>x</p></td>",
           "<td><p>a</p> </td><td><p><b>b</b></p></td><td><p><span>c</span>d</p></td>",
           "<td><p>a</td><td><p>b<p>c</p></td><td><div>d<p>e</p></div></td>",
           "<table><tr><td><p>&amp</p></td><td><p>&#12</p> </td><td><p>a<</p></td></tr></table>",
           // Cell end tags taken out before the next cell: in nested tables,
           // after blocks and inline elements, next to cells whose end tags
           // stay, at the end of the page.
           "<table><tr><td>a</td><td><table><tr><td>b</td>\n<td>c</td></tr></table></td>"
           "<td>d</td></tr></table>",
           "<table><tr><td><p><b>a</b></p></td><td><div>b</div> </td> <th>c</th><td>d</td>",
           "<td>a<p>b</td><td>c</td><td><span>d</span>e</td><td>f</td><td>g",
           "<th>a</td><td>b</th><th>c</TH><TD>d</td><td",
           // Row end tags taken out before the next row: where the cell's
           // parent is the row, and where it is not (a cell right in a table,
           // in a paragraph, in a nested table; text or a comment before it).
           "<table><tr><td>a</td>\n</tr>\n<tr><td><p>b</p></td> </tr> <tr><th>c</th></tr></table>",
           "<table><td>a</td></tr><tr><td>b</td></tr><tr>x<td>c</td></tr><tr><td>d</td></tr>",
           "<tr><td><table><tr><td>a</td></tr><tr><td>b</td></tr></table></td></tr><tr><td>c",
           "<p><td>a</td></tr><tr>b<div><tr><td>c</td></tr><tr><td>d</td></tr></div>e",
           "<tr><!-- x --><td>a</td></tr><tr><td><b>b</b></td></tr><tr><td>c</td></TR><TR>",
           "<tr><td><div><td>a</td></tr><tr>b</td></tr><tr><span><td>c</td></tr><tr>d",
           // An end tag that closes no cell (the row's start tag closed it)
           // leaves the row's state unknown (fuzzer finding: the next cell
           // was taken for the row's child and its row end tag dropped).
           "<table><tr><td>．<tr><d>嘅</td><td></td></tr><tr><td",
           "<p>x<td>a</td><td>b</td>y<li>c</td><td>d",
           // A DOCTYPE in the middle of a page: libxml2 reads the "</" after it
           // as text (fuzzer finding).
           "文字 4 0 <!doctype html PUBLIC \"-//W3C//DTD\" "
           "\"x\"></th>政府信息公开年度报告<!DOCTYPE x>"
           "<!DOCTYPE y>政府信息公开",
           // Text runs by placeholder, where libxml2 implies elements around
           // text, skips blanks, or reads text next to dropped markup.
           "主动公开政府信息13912条<p>主动公开政府信息13912条",
           "<!DOCTYPE html>\n  主动公开政府信息13912条<html><head>  年度报告标题  "
           "<title>年度报告标题",
           "<html>\n主动公开政府信息<!-- c -->13912条<body>\n<!-- c -->\n<p>年度报告标题",
           "<table><tr><td>  共收到申请2件  </td><td>\n<p>\n  "
           "按时办结24件\n</p>\n</td></tr></table>",
           "<p>政府信息&nbsp;公开年度报告</p><p>年度报告<span>标题</span>政府信息</p>",
           "<p>政府信息<script>document.write('<p>x')</script>公开年度报告<style></p>x</style>",
           "<p>年度报告\xEF\xBF\xBF标题政府信息</p><p>a < 年度报告标题政府</p>",
           "<head><script>var a = 1;</script></head><noscript><script>x</script></noscript>",
           // An unquoted value before a dropped attribute and "/>" (fuzzer
           // finding: the copy read the value as "a/" and left <e> open).
           // The reader reads decoded, valid UTF-8 (the fuzzer's input had a
           // lone 0xE9 here, which decoding turns into a character).
           "<head><e rowspan=a h/>\xC3\xA9",
           "<table><tr><td colspan=2 class=x/>1<td rowspan=3 nowrap />2</table>",
           // Script text that starts with an end tag: libxml2 ends the script
           // there, and the "</script>" in the attribute after it is no end
           // tag (fuzzer finding: the copy ran the script to it).
           "2<script></p><p l=\"</script>\xEF\xBF\xBD\">\xEF\xBF\xBD<d",
       }) {
    ExpectSameDocument(html);
  }
}

// libxml2 nests every inline element the filter takes out in itself and in
// the others; <a> it does not (a start tag closes an open <a>), which is why
// <a> stays. Each name in every nesting must read the same either way.
TEST(MarkupFilterTest, ReaderSeesTheSameDocumentAroundEachInlineElement) {
  const std::vector<std::string> names = {"span", "font",   "b",   "i", "u",
                                          "em",   "strong", "o:p", "a"};
  for (const std::string& n : names) {
    for (const std::string& m : names) {
      const std::string open_n = "<" + n + ">", close_n = "</" + n + ">";
      const std::string open_m = "<" + m + ">", close_m = "</" + m + ">";
      ExpectSameDocument("<" + n + "><p>" + open_m + "x" + open_n + "y" + close_n + "z" + close_m +
                         "w</p><p>v");
      ExpectSameDocument("<td>" + open_n + "1" + open_m + "2" + close_m + close_n + "</td>" +
                         open_n + "<td>3" + close_n + "4");
    }
  }
}

TEST(MarkupFilterTest, ReaderSeesTheSameDocumentOnThePages) {
  for (const char* page :
       {"samples/2017_stat_table_dahe_water.html", "samples/2019_format2019_dahe_water.html",
        "samples/2021_format2021_dahe_water.html",
        "tests/data/mojibake_gbk_2019_dahe_water.html"}) {
    const std::string html = DecodeToUtf8(ReadFileOrDie(SourcePath(page)), "").utf8;
    ExpectSameDocument(html);
    const LeanPage lean = StripUnreadMarkup(html);
    EXPECT_LT(lean.html.size(), html.size()) << page;
    EXPECT_FALSE(lean.text_runs.empty()) << page;
  }
}

}  // namespace
}  // namespace govreport::extract
