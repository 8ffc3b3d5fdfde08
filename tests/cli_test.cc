#include <filesystem>
#include <fstream>
#include <sstream>

#include "client/commands.h"
#include "client/output.h"
#include "gtest/gtest.h"
#include "service/validate/rule.h"
#include "tests/test_util.h"

namespace govreport::client {
namespace {

namespace fs = std::filesystem;

TEST(CliTest, CollectInputFilesRecursesSortsAndSkips) {
  fs::path dir = fs::temp_directory_path() / ("cli_test_" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "b");
  std::ofstream(dir / "b" / "2.txt") << "x";
  std::ofstream(dir / "1.html") << "x";
  std::ofstream(dir / "1.gold.json") << "{}";
  std::ofstream(dir / ".hidden") << "x";
  std::vector<std::string> missing;
  auto files = CollectInputFiles({dir.string(), (dir / "nope.txt").string()}, &missing);
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(fs::path(files[0]).filename(), "1.html");
  EXPECT_EQ(fs::path(files[1]).filename(), "2.txt");
  ASSERT_EQ(missing.size(), 1u);
  fs::remove_all(dir);
}

TEST(CliTest, CsvFieldsQuoteCommasQuotesAndLineBreaks) {
  EXPECT_EQ(CsvField("大河市水务局"), "大河市水务局");
  EXPECT_EQ(CsvField("大河市水务局,办公室"), "\"大河市水务局,办公室\"");
  EXPECT_EQ(CsvField("称\"增长20%\"的说法"), "\"称\"\"增长20%\"\"的说法\"");
  EXPECT_EQ(CsvField("两行\n文字"), "\"两行\n文字\"");
  // Full-width commas are text, not separators.
  EXPECT_EQ(CsvField("一，二"), "一，二");
}

TEST(CliTest, ExtractFileReadsOrSaysWhyNot) {
  govreport::v1::DocumentResult ok =
      ExtractFile(govreport::testing::SourcePath("samples/2021_format2021_dahe_water.html"));
  EXPECT_TRUE(ok.error().empty()) << ok.error();
  EXPECT_GT(ok.metrics_size(), 150);
  EXPECT_FALSE(ok.text().empty());
  govreport::v1::DocumentResult missing = ExtractFile("/no/such/report.html");
  EXPECT_FALSE(missing.error().empty());
  EXPECT_EQ(missing.source(), "/no/such/report.html");
  EXPECT_EQ(missing.metrics_size(), 0);
}

TEST(CliTest, ParseSeverity) {
  EXPECT_EQ(*ParseSeverity("ERROR"), govreport::v1::ERROR);
  EXPECT_EQ(*ParseSeverity(""), govreport::v1::SEVERITY_UNSPECIFIED);
  EXPECT_FALSE(ParseSeverity("fatal").ok());
}

TEST(CliTest, ExtractJsonHasOneLinePerFileAndErrorsForUnreadable) {
  std::string sample = govreport::testing::SourcePath("samples/2016_narrative_qingchuan.txt");
  std::ostringstream out, err;
  int code =
      RunExtract({sample, "/nonexistent/file.txt"}, /*json=*/true, /*with_text=*/false, out, err);
  EXPECT_EQ(code, kExitRejected);
  std::istringstream lines(out.str());
  std::string first, second, third;
  std::getline(lines, first);
  std::getline(lines, second);
  EXPECT_FALSE(std::getline(lines, third));
  EXPECT_NE(first.find("\"source\":\"" + sample + "\""), std::string::npos);
  EXPECT_NE(first.find("\"key\":\"meta.agency\""), std::string::npos);
  EXPECT_EQ(first.find("\"text\""), std::string::npos);
  EXPECT_NE(second.find("\"error\""), std::string::npos);
  EXPECT_EQ(second.find("\"metrics\""), std::string::npos);
}

TEST(CliTest, ExtractSaysWhatTheTextNeededBeforeItCouldBeRead) {
  std::ostringstream out, err;
  int code = RunExtract({govreport::testing::SourcePath("tests/data/mirror_2016_qingchuan.txt"),
                         govreport::testing::SourcePath("samples/2016_narrative_qingchuan.txt")},
                        /*json=*/false, /*with_text=*/false, out, err);
  EXPECT_EQ(code, kExitOk);
  const std::string text = out.str();
  const size_t note = text.find(
      "  [text] mirror copy: 204 pinyin annotations removed; traditional characters converted to "
      "simplified\n");
  ASSERT_NE(note, std::string::npos) << text;
  // Once, for the mirror copy only.
  EXPECT_EQ(text.find("[text]", note + 3), std::string::npos) << text;
}

TEST(CliTest, RulesMarkdownListsEveryRegisteredRule) {
  std::ostringstream out;
  PrintRules(/*markdown=*/true, out);
  for (const auto& rule : validate::Rules()) {
    EXPECT_NE(out.str().find("`" + rule->info().id + "`"), std::string::npos) << rule->info().id;
  }
}

TEST(CliTest, ReviewViewMarksTheCellsAFindingNames) {
  govreport::v1::DocumentResult r;
  r.mutable_report()->set_template_("format_2019");
  r.mutable_report()->set_year(2019);
  for (auto [key, value] : std::vector<std::pair<const char*, int>>{{"t3.new.natural", 203},
                                                                    {"t3.new.commercial", 17}}) {
    auto* m = r.add_metrics();
    m->set_key(key);
    m->set_int_value(value);
  }
  auto* f = r.add_findings();
  f->set_rule("T3_BALANCE");
  f->set_severity(govreport::v1::ERROR);
  f->set_message("表三“自然人”列不平衡。");
  f->add_metric_keys("t3.new.natural");
  std::ostringstream out;
  PrintReview(r, out);
  const std::string text = out.str();
  EXPECT_NE(text.find("error:\n  T3_BALANCE"), std::string::npos) << text;
  EXPECT_NE(text.find("203*"), std::string::npos);
  EXPECT_EQ(text.find("17*"), std::string::npos);
  EXPECT_NE(text.find("表三 收到和处理"), std::string::npos);
  EXPECT_NE(text.find("表四"), std::string::npos);
  // Non-format templates have no official tables to lay out.
  r.mutable_report()->set_template_("narrative");
  std::ostringstream narrative;
  PrintReview(r, narrative);
  EXPECT_EQ(narrative.str().find("表三 收到和处理"), std::string::npos);
}

TEST(CliTest, TablesAlignWideCharacters) {
  EXPECT_EQ(DisplayWidth("abc"), 3);
  EXPECT_EQ(DisplayWidth("政府"), 4);
  std::ostringstream out;
  PrintTable({"a", "b"}, {{"政府", "1"}, {"x", "2"}}, out);
  std::istringstream lines(out.str());
  std::string header, rule, row1, row2;
  std::getline(lines, header);
  std::getline(lines, rule);
  std::getline(lines, row1);
  std::getline(lines, row2);
  EXPECT_EQ(DisplayWidth(row1), DisplayWidth(row2));
}

}  // namespace
}  // namespace govreport::client
