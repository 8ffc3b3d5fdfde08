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

TEST(CliTest, RulesMarkdownListsEveryRegisteredRule) {
  std::ostringstream out;
  PrintRules(/*markdown=*/true, out);
  for (const auto& rule : validate::Rules()) {
    EXPECT_NE(out.str().find("`" + rule->info().id + "`"), std::string::npos) << rule->info().id;
  }
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
