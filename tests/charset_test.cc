#include "service/extract/charset.h"

#include <unicode/ucnv.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace govreport::extract {
namespace {

// ICU's conversion of `bytes` from one charset to another.
std::string IcuConvert(const char* to, const char* from, const std::string& bytes) {
  UErrorCode status = U_ZERO_ERROR;
  std::string out(bytes.size() * 3 + 8, '\0');
  int32_t n = ucnv_convert(to, from, out.data(), static_cast<int32_t>(out.size()), bytes.data(),
                           static_cast<int32_t>(bytes.size()), &status);
  EXPECT_TRUE(U_SUCCESS(status));
  out.resize(n);
  return out;
}

std::string ToGb18030(const std::string& utf8) { return IcuConvert("GB18030", "UTF-8", utf8); }

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

// ICU's decoding of GB18030 bytes to UTF-8, a substitution shown as U+FFFD.
std::string IcuDecodeGb18030(const std::string& gb) {
  std::string shown;
  for (char c : IcuConvert("UTF-8", "GB18030", gb)) {
    shown += c == '\x1A' ? std::string("\xEF\xBF\xBD") : std::string(1, c);
  }
  return shown;
}

// Two-byte sequences are read from a table built from ICU; each must read as
// ICU reads it. (Each follows 啊, which no UTF-8 reading accepts.)
TEST(CharsetTest, EveryTwoByteGb18030SequenceDecodesAsIcuDecodesIt) {
  const std::string ah = "\xB0\xA1";
  for (int lead = 0x81; lead <= 0xFE; ++lead) {
    for (int trail = 0x40; trail <= 0xFE; ++trail) {
      if (trail == 0x7F) continue;
      const std::string gb = ah + static_cast<char>(lead) + static_cast<char>(trail);
      ASSERT_EQ(DecodeToUtf8(gb, "").utf8, IcuDecodeGb18030(gb)) << lead << " " << trail;
    }
  }
  // Mixed with ASCII, a four-byte sequence and a control character ICU reads
  // as its substitution mark.
  for (const std::string& gb : {ToGb18030("政府信息 gov 2021年") + "\x81\x30\x81\x30" + ah,
                                ToGb18030("公开") + "\x1A" + ah}) {
    EXPECT_EQ(DecodeToUtf8(gb, "").utf8, IcuDecodeGb18030(gb));
  }
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

// UTF-8 once read as GB18030 and saved as UTF-8 again, as a browser or
// crawler with the wrong charset does: each byte that could not pair became
// U+FFFD.
const std::string kGbkMojibakeTitle =
    "\u93c0\u57ae\u7c3b\u6dc7\u2103\u4f05\u934f\ue100\u7d11\u5bb8\u30e4\u7d94\u9a9e\u6751"
    "\u5bb3\u93b6\u30e5\u61a1";

TEST(CharsetTest, GbkMojibakeIsUndone) {
  // 鏀垮簻淇℃伅鍏…: the title read back; its 开 lost nothing.
  DecodedText d = DecodeToUtf8(kGbkMojibakeTitle, "");
  EXPECT_EQ(d.utf8, "政府信息公开工作年度报告");
  EXPECT_EQ(d.charset, "UTF-8 (mojibake of UTF-8 read as GB18030, undone)");
  EXPECT_EQ(d.invalid_bytes, 0);
}

TEST(CharsetTest, GbkMojibakeBetweenMarkupIsUndoneAndTheMarkupKept) {
  // The ASCII between the misread runs is its own GB18030 and UTF-8 spelling.
  const std::string page = absl::StrCat("<p class=\"t\">", kGbkMojibakeTitle, "</p>\n<p>2020 ",
                                        kGbkMojibakeTitle, "</p>");
  DecodedText d = DecodeToUtf8(page, "");
  EXPECT_EQ(d.utf8,
            "<p class=\"t\">政府信息公开工作年度报告</p>\n<p>2020 政府信息公开工作年度报告</p>");
  EXPECT_EQ(d.charset, "UTF-8 (mojibake of UTF-8 read as GB18030, undone)");
}

TEST(CharsetTest, GbkMojibakeBytesLostBeforeAsciiAreGuessedFromTheDocument) {
  // "政府信息公开申请情况。收到申请21件，办结21件。" as a GBK misreading left it:
  // 请 before "21" and the last 。 lost their last byte (U+FFFD), a 0x80 that
  // fell at the start of a pair was dropped. The 0x80 is certain; the two
  // last bytes come from the same characters intact elsewhere in the text.
  const std::string mojibake =
      "\u93c0\u57ae\u7c3b\u6dc7\u2103\u4f05\u934f\ue100\u7d11\u9422\u5ba0\ue1ec\u93af\u546d"
      "\u558c\u9286\u509b\u6579\u9352\u626e\u6575\u7487\ufffd21\u6d60\u8bb9\u7d1d\u9354\u70b5"
      "\u7ca821\u6d60\u8eb2\ufffd\ufffd";
  DecodedText d = DecodeToUtf8(mojibake, "");
  EXPECT_EQ(d.utf8, "政府信息公开申请情况。收到申请21件，办结21件。");
  EXPECT_EQ(d.charset,
            "UTF-8 (mojibake of UTF-8 read as GB18030, undone; 2 lost characters guessed)");
  EXPECT_EQ(d.invalid_bytes, 0);
}

TEST(CharsetTest, GbkMojibakeGuessesReadSpacedTitlesDatesAndLineEnds) {
  // "政府信息公开工作\n年 度 报 告\n本机关本年度报告、政府信息、收费。\n2022年1月10日\n"
  // misread as GBK. Every character before a space or a line end lost its last
  // byte, and the most frequent intact character with the same first two is
  // the wrong one (府 for 度, 、 for 。, 本 for 月) or missing (日). The
  // right ones come from the character before across the spaces (年度, 度报,
  // 报告 intact in the third line), from what follows a figure (月, 日), and
  // from what ends a line (。).
  const std::string mojibake =
      "\u93c0\u57ae\u7c3b\u6dc7\u2103\u4f05\u934f\ue100\u7d11\u5bb8\u30e4\u7d94\n\u9a9e\ufffd "
      "\u6434\ufffd \u93b6\ufffd \u935b\ufffd\n\u93c8\ue101\u6e80\u934f\u866b\u6e70\u9a9e\u6751"
      "\u5bb3\u93b6\u30e5\u61a1\u9286\u4f79\u6582\u6434\u6ec0\u4fca\u93ad\ue218\ufffd\u4f79"
      "\u6579\u7490\u5e7f\ufffd\ufffd\n2022\u9a9e\ufffd1\u93c8\ufffd10\u93c3\ufffd\n";
  DecodedText d = DecodeToUtf8(mojibake, "");
  EXPECT_EQ(d.utf8,
            "政府信息公开工作\n年 度 报 告\n本机关本年度报告、政府信息、收费。\n2022年1月10日\n");
  EXPECT_EQ(d.charset,
            "UTF-8 (mojibake of UTF-8 read as GB18030, undone; 8 lost characters guessed)");
}

TEST(CharsetTest, GbkMojibakeWithoutEvidenceLeavesLostCharactersLost) {
  // "本年度工作报告2019": 告 lost its last byte before "2019", and no intact
  // character shares its first two.
  const std::string mojibake =
      "\u93c8\ue100\u52fe\u6434\ufe40\u4f10\u6d63\u6ec4\u59e4\u935b\ufffd"
      "2019";
  DecodedText d = DecodeToUtf8(mojibake, "");
  EXPECT_EQ(d.utf8, "本年度工作报\uFFFD2019");
  EXPECT_EQ(d.charset, "UTF-8 (mojibake of UTF-8 read as GB18030, undone; 1 lost)");
  EXPECT_EQ(d.invalid_bytes, 1);
}

TEST(CharsetTest, Windows1252MojibakeIsUndone) {
  // "政府信息公开" read as windows-1252 ("æ”¿åºœ…"), the bytes it leaves
  // undefined kept as C1 controls, as browsers do.
  const std::string mojibake =
      "\u00e6\u201d\u00bf\u00e5\u00ba\u0153\u00e4\u00bf\u00a1\u00e6\u0081\u00af\u00e5\u2026"
      "\u00ac\u00e5\u00bc\u20ac1200\u00e6\u009d\u00a1";
  DecodedText d = DecodeToUtf8(mojibake, "");
  EXPECT_EQ(d.utf8, "政府信息公开1200条");
  EXPECT_EQ(d.charset, "UTF-8 (mojibake of UTF-8 read as windows-1252, undone)");
}

TEST(CharsetTest, TextWithoutMojibakeIsLeftAlone) {
  // Chinese text, Latin text with accents and symbols, and a mix, as they are.
  for (const std::string& text : {kText, std::string("Café © 2020 — résumé naïve à la carte"),
                                  kText + " café ©", kText + " 𠀀𪚥 (beyond the BMP)"}) {
    DecodedText d = DecodeToUtf8(text, "");
    EXPECT_EQ(d.utf8, text);
    EXPECT_EQ(d.charset, "UTF-8");
  }
}

TEST(CharsetTest, SniffMetaCharset) {
  EXPECT_EQ(SniffMetaCharset("<meta charset=\"GBK\">"), "gbk");
  EXPECT_EQ(SniffMetaCharset("<p>no declaration</p>"), "");
}

}  // namespace
}  // namespace govreport::extract
