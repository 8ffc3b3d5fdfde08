#include "service/extract/attribute_filter.h"

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

TEST(AttributeFilterTest, DropsEveryAttributeButTheSpans) {
  EXPECT_EQ(StripUnreadAttributes(
                "<p class=MsoNormal style='text-indent:24pt'><span lang=EN-US>1</span></p>"
                "<td width=\"50%\" ROWSPAN=22 nowrap style=\"border:solid\" colspan='2'>x</td>"
                "<br/><img src=\"a.png\" />"),
            "<p><span>1</span></p><td ROWSPAN=22 colspan='2'>x</td><br/><img/>");
}

TEST(AttributeFilterTest, KeepsMetaWhole) {
  const std::string meta = "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gbk\">";
  EXPECT_EQ(StripUnreadAttributes(meta + "<p style=x>a"), meta + "<p>a");
}

TEST(AttributeFilterTest, LeavesScriptStyleCommentsAndDeclarationsAlone) {
  // Markup inside script text, a comment, a DOCTYPE literal or a processing
  // instruction is not a tag; the tags after each are.
  EXPECT_EQ(StripUnreadAttributes(
                "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0//EN\" \"x.dtd\"><p a=1>"
                "<script type=\"text/javascript\">document.write('<p style=\"x\">')</script>"
                "<p a=2><style>td {color:red}</style><!-- <p style=\"c\"> --!><p a=3>"
                "<?xml:namespace prefix = o ns = \"urn:x\" /><o:p class=x></o:p>"),
            "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0//EN\" \"x.dtd\"><p>"
            "<script>document.write('<p style=\"x\">')</script>"
            "<p><style>td {color:red}</style><!-- <p style=\"c\"> --!><p>"
            "<?xml:namespace prefix = o ns = \"urn:x\" /><o:p></o:p>");
}

TEST(AttributeFilterTest, CopiesTheRestUnchangedAtMarkupItCannotTokenize) {
  // An attribute name libxml2 would skip in its own way.
  EXPECT_EQ(StripUnreadAttributes("<p a=1>x<p =b c=2>y<p d=3>"), "<p>x<p =b c=2>y<p d=3>");
  // A quote that never closes.
  EXPECT_EQ(StripUnreadAttributes("<p a=1>x<p b=\"2>y<p d=3>"), "<p>x<p b=\"2>y<p d=3>");
  // A DOCTYPE whose literal holds the first '>'.
  EXPECT_EQ(StripUnreadAttributes("<!DOCTYPE html PUBLIC \"a>b\"><p d=3>"),
            "<!DOCTYPE html PUBLIC \"a>b\"><p d=3>");
  // "</scriptx>" ends libxml2's script text without ending the element.
  EXPECT_EQ(StripUnreadAttributes("<p a=1><script>x</scriptx><p d=3></script>"),
            "<p><script>x</scriptx><p d=3></script>");
}

TEST(AttributeFilterTest, LeavesPagesWithControlBytesUnchanged) {
  const std::string page = std::string("<p a=1>x\x01<p b=2>", 15);
  EXPECT_EQ(StripUnreadAttributes(page), page);
}

// The property the filter exists under: the reader sees the same document.
void ExpectSameDocument(const std::string& html) {
  EXPECT_EQ(ReadHtml(html, HtmlInput::kLean), ReadHtml(html, HtmlInput::kAsIs)) << html;
}

TEST(AttributeFilterTest, ReaderSeesTheSameDocumentOnEdgeCases) {
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
       }) {
    ExpectSameDocument(html);
  }
}

TEST(AttributeFilterTest, ReaderSeesTheSameDocumentOnThePages) {
  for (const char* page :
       {"samples/2017_stat_table_dahe_water.html", "samples/2019_format2019_dahe_water.html",
        "samples/2021_format2021_dahe_water.html",
        "tests/data/mojibake_gbk_2019_dahe_water.html"}) {
    const std::string html = DecodeToUtf8(ReadFileOrDie(SourcePath(page)), "").utf8;
    ExpectSameDocument(html);
    EXPECT_LT(StripUnreadAttributes(html).size(), html.size()) << page;
  }
}

}  // namespace
}  // namespace govreport::extract
