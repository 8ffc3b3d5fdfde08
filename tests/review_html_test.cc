#include "client/review_html.h"

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "re2/re2.h"
#include "tests/test_util.h"

namespace govreport::client {
namespace {

using govreport::testing::ReadFileOrDie;
using govreport::testing::SourcePath;

// The sample with T3_BALANCE errors, extracted and validated as the server does.
govreport::v1::DocumentResult ReviewedSample() {
  auto ex = extract::Extract(ReadFileOrDie(SourcePath("samples/2019_format2019_dahe_water.html")),
                             "text/html", "");
  EXPECT_TRUE(ex.ok()) << ex.status();
  validate::Validate(&*ex);
  ex->result.mutable_report()->set_id("sample2019");
  return ex->result;
}

int Count(const std::string& haystack, const std::string& needle) {
  int n = 0;
  for (size_t at = haystack.find(needle); at != std::string::npos;
       at = haystack.find(needle, at + needle.size())) {
    ++n;
  }
  return n;
}

TEST(ReviewHtmlTest, EveryFigureIsHighlightedAndEveryFindingLinked) {
  govreport::v1::DocumentResult result = ReviewedSample();
  ASSERT_GT(result.findings_size(), 0);
  std::string html = RenderReviewHtml(result);
  // Self-contained: nothing fetched from elsewhere.
  EXPECT_EQ(html.find("src=\"http"), std::string::npos);
  EXPECT_EQ(html.find("<link"), std::string::npos);
  // Each metric with evidence is reachable by its key.
  for (const auto& m : result.metrics()) {
    if (m.span().end() > m.span().start()) {
      EXPECT_NE(html.find(absl::StrCat("id=\"metric-", m.key(), "\"")), std::string::npos)
          << m.key();
    }
  }
  EXPECT_GT(Count(html, "<mark class=\"metric"), 150);
  // The T3_BALANCE evidence is marked as flagged, in the text and in table 三.
  EXPECT_GT(Count(html, "<mark class=\"metric flagged\""), 0);
  EXPECT_GT(Count(html, "<td class=\"flagged\""), 0);
  int evidence = 0;
  for (const auto& f : result.findings()) evidence += f.evidence_size();
  EXPECT_EQ(Count(html, "class=\"evidence-link\""), evidence);
  // The text is escaped, never injected.
  govreport::v1::DocumentResult hostile = result;
  hostile.set_text("<script>alert(1)</script>" + hostile.text());
  hostile.clear_metrics();
  hostile.clear_findings();
  std::string safe = RenderReviewHtml(hostile);
  EXPECT_EQ(safe.find("<script>alert"), std::string::npos);
  EXPECT_NE(safe.find("&lt;script&gt;alert(1)"), std::string::npos);
}

// Runs Chromium headless on the page and returns the DOM after its script ran.
std::string DumpDomInChromium(const std::string& html_path) {
  std::string profile = ::testing::TempDir() + "/review_chromium_profile";
  std::string command = absl::StrCat(
      "chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run "
      "--disable-background-networking --disable-component-update --disable-sync "
      "--user-data-dir=",
      profile, " --dump-dom file://", html_path, " 2>/dev/null");
  std::string dom;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return dom;
  char buffer[65536];
  size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) dom.append(buffer, n);
  pclose(pipe);
  return dom;
}

TEST(ReviewHtmlTest, RendersInARealBrowserWithEveryLinkResolved) {
  if (std::system("command -v chromium > /dev/null 2>&1") != 0) {
    // scripts/test.sh installs Chromium and sets GOVREPORT_REQUIRE_BROWSER,
    // so in CI this test cannot be skipped.
    if (std::getenv("GOVREPORT_REQUIRE_BROWSER") != nullptr) FAIL() << "chromium not installed";
    GTEST_SKIP() << "chromium not installed (apt-get install chromium)";
  }
  govreport::v1::DocumentResult result = ReviewedSample();
  std::string path = ::testing::TempDir() + "/review_test.html";
  {
    std::ofstream out(path, std::ios::binary);
    out << RenderReviewHtml(result);
  }
  std::string dom = DumpDomInChromium(path);
  ASSERT_FALSE(dom.empty()) << "chromium printed no DOM";
  // The page's script ran in the browser and resolved every link.
  std::string links, broken, highlights;
  ASSERT_TRUE(RE2::PartialMatch(dom, "data-links=\"(\\d+)\"", &links)) << dom.substr(0, 500);
  ASSERT_TRUE(RE2::PartialMatch(dom, "data-broken-links=\"(\\d+)\"", &broken));
  ASSERT_TRUE(RE2::PartialMatch(dom, "data-highlights=\"(\\d+)\"", &highlights));
  EXPECT_EQ(broken, "0");
  EXPECT_GT(std::stoi(links), 20);
  EXPECT_GT(std::stoi(highlights), 150);
  EXPECT_EQ(Count(dom, "data-resolved=\"true\""), std::stoi(links));
  // The finding and its evidence survive parsing as elements.
  EXPECT_GT(Count(dom, "data-rule=\"T3_BALANCE\""), 0);
  EXPECT_GT(Count(dom, "<mark class=\"metric flagged\""), 0);
  std::filesystem::remove_all(::testing::TempDir() + "/review_chromium_profile");
}

}  // namespace
}  // namespace govreport::client
