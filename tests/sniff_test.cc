#include "service/extract/sniff.h"

#include <string>

#include "gtest/gtest.h"

namespace govreport::extract {
namespace {

TEST(SniffTest, MagicNumbersWinOverTheDeclaredType) {
  EXPECT_EQ(*SniffFormat("%PDF-1.7\n...", "text/html"), Format::kPdf);
  // Some writers put a few bytes before the header.
  EXPECT_EQ(*SniffFormat("\r\n\r\n%PDF-1.4\n", "text/plain"), Format::kPdf);
  EXPECT_EQ(*SniffFormat("PK\x03\x04....word/document.xml....", "application/pdf"), Format::kDocx);
}

TEST(SniffTest, HtmlAndTextAreTold) {
  EXPECT_EQ(*SniffFormat("<!DOCTYPE html><html><body>x</body></html>", "text/plain"),
            Format::kHtml);
  EXPECT_EQ(*SniffFormat("一、总体情况\n主动公开1条", ""), Format::kText);
  // A text/html label is believed when the bytes have any tag at all.
  EXPECT_EQ(*SniffFormat("报告<p>正文</p>", "text/html"), Format::kHtml);
  // ...and ignored when they have none: the text reader keeps the lines.
  EXPECT_EQ(*SniffFormat("一、总体情况\n主动公开 1 < 2 条", "text/html"), Format::kText);
}

TEST(SniffTest, UnreadableKindsAreNamed) {
  struct Case {
    std::string bytes;
    std::string reason_part;
  };
  const Case cases[] = {
      {std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) + "rest", "legacy Word .doc"},
      {"\x89PNG\r\n\x1a\n", "PNG image"},
      {"\xFF\xD8\xFF\xE0", "JPEG image"},
      {std::string("II*\0", 4) + "tiff", "TIFF image"},
      {"\x1F\x8B\x08", "gzip"},
      {"{\\rtf1\\ansi", "RTF"},
      {"PK\x03\x04 mimetypeapplication/vnd.oasis.opendocument.text", "OpenDocument"},
      {"PK\x03\x04 xl/workbook.xml", "not a Word .docx"},
  };
  for (const Case& c : cases) {
    absl::StatusOr<Format> format = SniffFormat(c.bytes, "");
    ASSERT_FALSE(format.ok()) << c.reason_part;
    EXPECT_EQ(format.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_NE(format.status().message().find(c.reason_part), std::string::npos)
        << format.status().message();
  }
}

TEST(SniffTest, ContentTypesRoundTrip) {
  EXPECT_EQ(ContentTypeOf(Format::kPdf), "application/pdf");
  EXPECT_EQ(ContentTypeOf(Format::kDocx), kDocxContentType);
  EXPECT_EQ(ContentTypeOf(Format::kHtml), "text/html");
  EXPECT_EQ(ContentTypeOf(Format::kText), "text/plain");
}

}  // namespace
}  // namespace govreport::extract
