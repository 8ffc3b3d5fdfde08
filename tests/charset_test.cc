#include "service/extract/charset.h"

#include <unicode/ucnv.h>

#include <string>

#include "gtest/gtest.h"

namespace govreport::extract {
namespace {

std::string ToGb18030(const std::string& utf8) {
  UErrorCode status = U_ZERO_ERROR;
  std::string out(utf8.size() * 2 + 8, '\0');
  int32_t n = ucnv_convert("GB18030", "UTF-8", out.data(), static_cast<int32_t>(out.size()),
                           utf8.data(), static_cast<int32_t>(utf8.size()), &status);
  EXPECT_TRUE(U_SUCCESS(status));
  out.resize(n);
  return out;
}

const std::string kText = "主动公开政府信息13912条，其中通过政府网站公开4344条。";

TEST(CharsetTest, Utf8WithBomIsStripped) {
  DecodedText d = DecodeToUtf8("\xEF\xBB\xBF" + kText, "");
  EXPECT_EQ(d.utf8, kText);
  EXPECT_EQ(d.charset, "UTF-8");
  EXPECT_EQ(d.invalid_bytes, 0);
}

TEST(CharsetTest, UndeclaredGbkIsDetected) {
  DecodedText d = DecodeToUtf8(ToGb18030(kText), "");
  EXPECT_EQ(d.utf8, kText);
  EXPECT_EQ(d.charset, "GB18030");
}

TEST(CharsetTest, MetaDeclaredGb2312DecodesAsGb18030) {
  std::string html =
      "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; "
      "charset=gb2312\"></head><body>" +
      kText + "</body></html>";
  DecodedText d = DecodeToUtf8(ToGb18030(html), "");
  EXPECT_EQ(d.charset, "GB18030");
  EXPECT_NE(d.utf8.find(kText), std::string::npos);
}

TEST(CharsetTest, WrongGbDeclarationOnUtf8DoesNotProduceMojibake) {
  DecodedText d = DecodeToUtf8(kText, "gb2312");
  EXPECT_EQ(d.utf8, kText);
  EXPECT_EQ(d.charset, "UTF-8");
}

TEST(CharsetTest, WrongUtf8DeclarationOnGbkIsOverruled) {
  DecodedText d = DecodeToUtf8(ToGb18030(kText), "utf-8");
  EXPECT_EQ(d.utf8, kText);
}

TEST(CharsetTest, InvalidBytesAreReplacedAndCounted) {
  std::string bytes =
      "abc\xFF\xFE"
      "def";
  DecodedText d = DecodeToUtf8(bytes, "utf-8");
  EXPECT_GT(d.invalid_bytes, 0);
  EXPECT_TRUE(IsValidUtf8(d.utf8));
}

TEST(CharsetTest, DeclarationBreaksATieBetweenUtf8AndGb18030) {
  // One stray byte inside a character leaves 4 undecodable bytes either way;
  // the page says UTF-8, so it is read as UTF-8 rather than as GB mojibake.
  const std::string page =
      "<meta charset=\"utf-8\">" + kText.substr(0, 1) + "\xFF" + kText.substr(1);
  DecodedText d = DecodeToUtf8(page, "");
  EXPECT_EQ(d.charset, "UTF-8");
  EXPECT_EQ(d.invalid_bytes, 4);
  EXPECT_NE(d.utf8.find("政府信息13912条"), std::string::npos);
}

TEST(CharsetTest, SniffMetaCharset) {
  EXPECT_EQ(SniffMetaCharset("<meta charset=\"GBK\">"), "gbk");
  EXPECT_EQ(SniffMetaCharset("<p>no declaration</p>"), "");
}

}  // namespace
}  // namespace govreport::extract
