#include "service/extract/pdf.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "tests/test_util.h"

namespace govreport::extract {
namespace {

using govreport::testing::ReadFileOrDie;
using govreport::testing::SourcePath;

// A well-formed PDF from its object bodies, with a correct xref table.
std::string MakePdf(const std::vector<std::string>& objects) {
  std::string pdf = "%PDF-1.4\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    absl::StrAppend(&pdf, i + 1, " 0 obj\n", objects[i], "\nendobj\n");
  }
  size_t xref = pdf.size();
  absl::StrAppend(&pdf, "xref\n0 ", objects.size() + 1, "\n0000000000 65535 f \n");
  for (size_t off : offsets) {
    std::string line = std::to_string(off);
    absl::StrAppend(&pdf, std::string(10 - line.size(), '0'), line, " 00000 n \n");
  }
  absl::StrAppend(&pdf, "trailer\n<< /Size ", objects.size() + 1, " /Root 1 0 R >>\nstartxref\n",
                  xref, "\n%%EOF\n");
  return pdf;
}

std::string OnePage(const std::string& content) {
  return MakePdf(
      {"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
       "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
       "/Resources << /Font << /F1 5 0 R >> >> >>",
       absl::StrCat("<< /Length ", content.size(), " >>\nstream\n", content, "\nendstream"),
       "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"});
}

TEST(PdfTest, ReadsTheTextLayerPageByPage) {
  std::string bytes = ReadFileOrDie(SourcePath("tests/data/dahe_water_2021.pdf"));
  absl::StatusOr<PdfText> pdf = ReadPdfText(bytes);
  ASSERT_TRUE(pdf.ok()) << pdf.status();
  ASSERT_EQ(pdf->page_starts.size(), 5u);
  EXPECT_EQ(pdf->page_starts[0], 0u);
  EXPECT_NE(pdf->utf8.find("大河市水务局"), std::string::npos);
  // Pages end with a form feed, as pdftotext prints them.
  for (size_t i = 1; i < pdf->page_starts.size(); ++i) {
    EXPECT_EQ(pdf->utf8[pdf->page_starts[i] - 1], '\f');
  }
  EXPECT_EQ(pdf->utf8.find('\r'), std::string::npos);
}

TEST(PdfTest, ReadsASimplePdfWithAStandardFont) {
  absl::StatusOr<PdfText> pdf =
      ReadPdfText(OnePage("BT /F1 12 Tf 72 700 Td (Report 2021: 13912 items) Tj ET"));
  ASSERT_TRUE(pdf.ok()) << pdf.status();
  EXPECT_NE(pdf->utf8.find("13912"), std::string::npos) << pdf->utf8;
}

TEST(PdfTest, PageAtMapsOffsetsToPages) {
  const std::vector<uint32_t> starts = {0, 100, 250};
  EXPECT_EQ(PageAt(starts, 0), 1);
  EXPECT_EQ(PageAt(starts, 99), 1);
  EXPECT_EQ(PageAt(starts, 100), 2);
  EXPECT_EQ(PageAt(starts, 1000), 3);
  EXPECT_EQ(PageAt({}, 5), 0);
}

void ExpectRejected(const std::string& bytes, const std::string& reason_part,
                    const PdfLimits& limits = {}) {
  absl::StatusOr<PdfText> pdf = ReadPdfText(bytes, limits);
  ASSERT_FALSE(pdf.ok()) << reason_part;
  EXPECT_EQ(pdf.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(pdf.status().message().find(reason_part), std::string::npos) << pdf.status().message();
}

TEST(PdfTest, ScannedPagesWithoutTextAreRejectedWithTheReason) {
  // A page that only paints (as a scan does) has no text layer.
  ExpectRejected(OnePage("0 0 612 792 re f"), "no text layer");
}

TEST(PdfTest, EncryptedTruncatedAndMalformedFilesAreRejected) {
  ExpectRejected(ReadFileOrDie(SourcePath("tests/data/encrypted.pdf")), "encrypted PDF");
  std::string good = ReadFileOrDie(SourcePath("tests/data/dahe_water_2021.pdf"));
  ExpectRejected(good.substr(0, good.size() / 2), "truncated PDF");
  ExpectRejected("%PDF-1.4\nnot really a pdf\n%%EOF\n", "malformed or truncated PDF");
  ExpectRejected(good, "more than the limit of 2", PdfLimits{.max_pages = 2});
}

}  // namespace
}  // namespace govreport::extract
