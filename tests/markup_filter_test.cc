#include "service/extract/markup_filter.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "service/extract/charset.h"
#include "service/extract/readers.h"
#include "tests/test_util.h"

namespace govreport::extract {
namespace {

using govreport::testing::ReadFileOrDie;
using govreport::testing::SourcePath;

TEST(MarkupFilterTest, DropsEveryAttributeButTheSpans) {
  EXPECT_EQ(StripUnreadMarkup(
                "<p class=MsoNormal style='text-indent:24pt'><span lang=EN-US>1</span></p>"
                "<td width=\"50%\" ROWSPAN=22 nowrap style=\"border:solid\" colspan='2'>x</td>"
                "<br/><img src=\"a.png\" />"),
            "<p>1</p><td ROWSPAN=22 colspan='2'>x</td><br/><img/>");
}

TEST(MarkupFilterTest, TakesOutInlineElementsThatHoldOnlyTextInAContainer) {
  // Word's cell markup, nested inline elements, several in a row, any case.
  EXPECT_EQ(StripUnreadMarkup("<td><p class=x><span lang=EN-US>1<o:p></o:p></span></p></td>"
                              "<p><B>a</B> <font face=x><i>b</i>c</font><SPAN>d</span></p>"),
            "<td>1</td><p>a bcd</p>");
  // Kept: under <body> or <head> (text there would open an implied <p>), with
  // markup inside (a <br>, a comment, a mismatched end tag), self-closed, or
  // after a comment until the next container.
  for (const char* kept : {
           "<body><span>a</span>",
           "<head><b>a</b>",
           "<span>a</span>",
           "<p><span>a<br>b</span>",
           "<p><span>a<!-- c -->b</span>",
           "<p><b><i>a</b></i>",
           "<p><span/>a",
           "<p>a<!-- c --><span>b</span>",
           // Text with '<' or '&' on either side: joined, it could become
           // markup or an entity.
           "<td>a</<o:p></o:p>td>",
           "<p>a<<b>b</b>",
           "<p>&amp<span>;</span>",
           "<p><span>a&</span>lt;",
       }) {
    EXPECT_EQ(StripUnreadMarkup(kept), kept);
  }
}

TEST(MarkupFilterTest, TakesOutABlockThatIsACellsOnlyContent) {
  // Word's cells, empty ones included, any case, blanks around the block.
  EXPECT_EQ(StripUnreadMarkup("<td>\n <p align=center>&nbsp;</p>\n</td><TH><DIV>x</DIV></Th >"
                              "<td><p><span>1</span></p></td>"),
            "<td>\n &nbsp;\n</td><TH>x</Th ><td>1</td>");
  // Kept: other content in the cell, markup in the block, another cell's end
  // tag, a block other than <p> or <div>, a self-closed block.
  for (const char* kept : {
           "<td>a<p>b</p></td>",
           "<td><p>a</p>b</td>",
           "<td><p>a</p><p>b</p></td>",
           "<td><p>a<br>b</p></td>",
           "<td><p>a<!-- c --></p></td>",
           "<td><p>a</p></th>",
           "<td><p>a</p></tdx>",
           "<td><h1>a</h1></td>",
           "<td><p/>a</td>",
           "<td><p>a</p>",
       }) {
    EXPECT_EQ(StripUnreadMarkup(kept), kept);
  }
}

TEST(MarkupFilterTest, TakesOutBlanksBeforeCellsAndRows) {
  EXPECT_EQ(StripUnreadMarkup("<table>\n<tr>\n  <td>a</td>\r\n\t<th>b</th>\n</tr>\n</table>"),
            "<table><tr><td>a</td><th>b</th>\n</tr>\n</table>");
  // Kept: text that is not blank, and "</" that starts no end tag (libxml2
  // skips it).
  for (const char* kept : {"<p>a <td>b", "<p>a</ <td>b", "&nbsp;<tr>"}) {
    EXPECT_EQ(StripUnreadMarkup(kept), kept);
  }
}

TEST(MarkupFilterTest, KeepsMetaWhole) {
  const std::string meta = "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gbk\">";
  EXPECT_EQ(StripUnreadMarkup(meta + "<p style=x>a"), meta + "<p>a");
}

TEST(MarkupFilterTest, LeavesScriptStyleCommentsAndDeclarationsAlone) {
  // Markup inside script text, a comment, a DOCTYPE literal or a processing
  // instruction is not a tag; the tags after each are.
  EXPECT_EQ(StripUnreadMarkup(
                "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0//EN\" \"x.dtd\"><p a=1>"
                "<script type=\"text/javascript\">document.write('<p style=\"x\">')</script>"
                "<p a=2><style>td {color:red}</style><!-- <p style=\"c\"> --!><p a=3>"
                "<?xml:namespace prefix = o ns = \"urn:x\" /><o:p class=x></o:p>"),
            "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0//EN\" \"x.dtd\"><p>"
            "<script>document.write('<p style=\"x\">')</script>"
            "<p><style>td {color:red}</style><!-- <p style=\"c\"> --!><p>"
            "<?xml:namespace prefix = o ns = \"urn:x\" /><o:p></o:p>");
}

TEST(MarkupFilterTest, CopiesTheRestUnchangedAtMarkupItCannotTokenize) {
  // An attribute name libxml2 would skip in its own way.
  EXPECT_EQ(StripUnreadMarkup("<p a=1>x<p =b c=2>y<p d=3>"), "<p>x<p =b c=2>y<p d=3>");
  // A quote that never closes.
  EXPECT_EQ(StripUnreadMarkup("<p a=1>x<p b=\"2>y<p d=3>"), "<p>x<p b=\"2>y<p d=3>");
  // A DOCTYPE whose literal holds the first '>'.
  EXPECT_EQ(StripUnreadMarkup("<!DOCTYPE html PUBLIC \"a>b\"><p d=3>"),
            "<!DOCTYPE html PUBLIC \"a>b\"><p d=3>");
  // "</scriptx>" ends libxml2's script text without ending the element.
  EXPECT_EQ(StripUnreadMarkup("<p a=1><script>x</scriptx><p d=3></script>"),
            "<p><script>x</scriptx><p d=3></script>");
}

TEST(MarkupFilterTest, LeavesPagesWithControlBytesUnchanged) {
  const std::string page = std::string("<p a=1>x\x01<p b=2>", 15);
  EXPECT_EQ(StripUnreadMarkup(page), page);
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
    EXPECT_LT(StripUnreadMarkup(html).size(), html.size()) << page;
  }
}

}  // namespace
}  // namespace govreport::extract
