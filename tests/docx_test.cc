#include "service/extract/docx.h"

#include <unistd.h>
#include <zip.h>

#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/test_util.h"

namespace govreport::extract {
namespace {

using govreport::testing::ReadFileOrDie;
using govreport::testing::SourcePath;

// A ZIP package with the given members, made with libzip.
std::string MakeZip(const std::vector<std::pair<std::string, std::string>>& members) {
  // A path of this test's own: ctest runs the tests of this file in parallel
  // processes, and a shared path let one test read another's document.
  const std::string path = absl::StrCat(
      ::testing::TempDir(), "/docx_test_",
      ::testing::UnitTest::GetInstance()->current_test_info()->name(), "_", getpid(), ".zip");
  int error = 0;
  zip_t* zip = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  EXPECT_NE(zip, nullptr);
  for (const auto& [name, content] : members) {
    zip_source_t* src = zip_source_buffer(zip, content.data(), content.size(), 0);
    EXPECT_GE(zip_file_add(zip, name.c_str(), src, ZIP_FL_OVERWRITE), 0);
  }
  EXPECT_EQ(zip_close(zip), 0);
  std::string bytes = ReadFileOrDie(path);
  std::remove(path.c_str());
  return bytes;
}

std::string Body(const std::string& inner) {
  return absl::StrCat(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w="
      "\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>",
      inner, "</w:body></w:document>");
}

std::string P(const std::string& text) {
  return absl::StrCat("<w:p><w:r><w:t>", text, "</w:t></w:r></w:p>");
}

std::string Tc(const std::string& text, const std::string& props = "") {
  return absl::StrCat("<w:tc><w:tcPr>", props, "</w:tcPr>", P(text), "</w:tc>");
}

std::vector<std::vector<std::string>> Rows(const Document& doc) {
  std::vector<std::vector<std::string>> rows;
  for (const Item& item : doc.items) {
    if (item.kind != Item::Kind::kRow) continue;
    rows.emplace_back();
    for (const Cell& c : item.cells) rows.back().push_back(c.text);
  }
  return rows;
}

TEST(DocxTest, ParagraphsInReadingOrderWithBreaksAndRevisions) {
  std::string xml = Body(absl::StrCat(
      P("大河市水务局2021年度政府信息公开工作年度报告"),
      "<w:p><w:r><w:t>一、总体情况</w:t><w:br/><w:t xml:space=\"preserve\">主动公开</w:t>"
      "<w:tab/><w:t>2318条</w:t></w:r><w:del><w:r><w:delText>删去的话</w:delText></w:r></w:del>"
      "</w:p>",
      "<w:sdt><w:sdtContent>", P("内容控件中的段落"), "</w:sdtContent></w:sdt>"));
  absl::StatusOr<Document> doc = ReadDocx(MakeZip({{"word/document.xml", xml}}));
  ASSERT_TRUE(doc.ok()) << doc.status();
  std::vector<std::string> paragraphs;
  for (const Item& item : doc->items) paragraphs.push_back(item.norm.text);
  EXPECT_EQ(paragraphs,
            (std::vector<std::string>{"大河市水务局2021年度政府信息公开工作年度报告",
                                      "一、总体情况", "主动公开2318条", "内容控件中的段落"}));
  EXPECT_EQ(doc->text.find("删去"), std::string::npos);
}

TEST(DocxTest, MergedCellsExpandIntoTheGrid) {
  // Column 0 is merged down three rows (vMerge), the header spans two
  // columns (gridSpan), and the last row skips a grid column (gridBefore).
  std::string table = absl::StrCat(
      "<w:tbl>", "<w:tr>", Tc("办理结果", "<w:vMerge w:val=\"restart\"/>"),
      Tc("申请人", "<w:gridSpan w:val=\"2\"/>"), "</w:tr>", "<w:tr>", Tc("", "<w:vMerge/>"),
      Tc("予以公开"), Tc("25"), "</w:tr>", "<w:tr>", Tc("", "<w:vMerge w:val=\"continue\"/>"),
      Tc("部分公开"), Tc("5"), "</w:tr>", "<w:tr><w:trPr><w:gridBefore w:val=\"1\"/></w:trPr>",
      Tc("总计"), Tc("30"), "</w:tr>", "</w:tbl>");
  absl::StatusOr<Document> doc = ReadDocx(MakeZip({{"word/document.xml", Body(table)}}));
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_EQ(Rows(*doc), (std::vector<std::vector<std::string>>{
                            {"办理结果", "申请人", "申请人"},
                            {"办理结果", "予以公开", "25"},
                            {"办理结果", "部分公开", "5"},
                            {"", "总计", "30"},
                        }));
  // The merged label is written to the text once and every row points at it.
  const Item* second = nullptr;
  for (const Item& item : doc->items) {
    if (item.kind == Item::Kind::kRow && second == nullptr && item.cells[1].text == "予以公开") {
      second = &item;
    }
  }
  ASSERT_NE(second, nullptr);
  EXPECT_EQ(doc->text.substr(second->cells[0].span.begin,
                             second->cells[0].span.end - second->cells[0].span.begin),
            "办理结果");
}

TEST(DocxTest, TitleComesFromTheCoreProperties) {
  std::string core =
      "<?xml version=\"1.0\"?><cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/"
      "package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
      "<dc:title>青川县2016年政府信息公开工作年度报告</dc:title></cp:coreProperties>";
  absl::StatusOr<Document> doc =
      ReadDocx(MakeZip({{"word/document.xml", Body(P("正文"))}, {"docProps/core.xml", core}}));
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_EQ(doc->html_title, "青川县2016年政府信息公开工作年度报告");
}

TEST(DocxTest, ReadsAnOfficeSuitesDocument) {
  absl::StatusOr<Document> doc =
      ReadDocx(ReadFileOrDie(SourcePath("tests/data/dahe_water_2021.docx")));
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_NE(doc->text.find("大河市水务局"), std::string::npos);
  EXPECT_GT(Rows(*doc).size(), 30u);
}

void ExpectRejected(const std::string& bytes, const std::string& reason_part,
                    const DocxLimits& limits = {}) {
  absl::StatusOr<Document> doc = ReadDocx(bytes, limits);
  ASSERT_FALSE(doc.ok()) << reason_part;
  EXPECT_EQ(doc.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(doc.status().message().find(reason_part), std::string::npos) << doc.status().message();
}

TEST(DocxTest, DamagedPackagesAndBombsAreRejected) {
  std::string good = ReadFileOrDie(SourcePath("tests/data/dahe_water_2021.docx"));
  ExpectRejected(good.substr(0, good.size() / 2), "not a readable ZIP package");
  ExpectRejected(MakeZip({{"xl/workbook.xml", "<x/>"}}), "no word/document.xml");
  ExpectRejected(MakeZip({{"word/document.xml", "<not-closed"}}), "no document body");
  // 4 MiB of repetition compresses to a few KiB; the limit stops it.
  std::string bomb = Body(std::string(4 << 20, ' '));
  ExpectRejected(MakeZip({{"word/document.xml", bomb}}), "decompresses to more than",
                 DocxLimits{.max_xml_bytes = 1 << 20});
}

}  // namespace
}  // namespace govreport::extract
