#include "service/extract/mirror.h"

#include <re2/re2.h>
#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <bitset>
#include <memory>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "service/extract/normalize.h"
#include "service/extract/re2_util.h"

namespace govreport::extract {
namespace {

// Traditional forms of characters every report uses many times (公開, 報告,
// 申請, 數量, 情況, 辦理…); simplified text has none of them.
constexpr char32_t kTraditionalOnly[] = {
    U'開', U'請', U'數', U'況', U'務', U'辦', U'條', U'結', U'關', U'項', U'復', U'報',
    U'機', U'議', U'處', U'規', U'動', U'發', U'訴', U'計', U'範', U'費', U'總', U'業',
    U'會', U'區', U'網', U'為', U'題', U'過', U'現', U'屬', U'體', U'問', U'訟', U'員',
    U'點', U'進', U'維', U'時', U'將', U'類', U'設', U'縣', U'讀', U'國', U'個', U'據',
    U'訓', U'領', U'專', U'對', U'還', U'標', U'組', U'織', U'監', U'責', U'審', U'續',
    U'實', U'與', U'單', U'號', U'確', U'構', U'應', U'經', U'電', U'轉'};

// Enough of these among the first characters to call the text traditional.
constexpr int kTraditionalEvidence = 10;
// Pinyin annotations among the first characters that mark a pinyin copy.
constexpr int kPinyinEvidence = 5;
// How many non-ASCII characters from the start the checks look at: enough to
// judge, cheap for every document.
constexpr int kSampleCharacters = 256;

// An ideograph followed by a parenthesised syllable in lower-case pinyin,
// with or without tone marks: "公(gōng)", "开（kai）".
const RE2& PinyinAnnotation() {
  static const RE2* const re =
      new RE2("(\\p{Han})[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}[)）]", RE2::Quiet);
  return *re;
}

bool IsTraditionalOnly(uint32_t cp) {
  // One bit per code point of the CJK Unified Ideographs block.
  static const std::bitset<0xA000 - 0x4E00>* const table = [] {
    auto* bits = new std::bitset<0xA000 - 0x4E00>();
    for (char32_t c : kTraditionalOnly) bits->set(c - 0x4E00);
    return bits;
  }();
  return cp >= 0x4E00 && cp < 0xA000 && table->test(cp - 0x4E00);
}

bool LooksTraditional(absl::string_view sample) {
  int traditional = 0;
  // Only the lead bytes of U+4E00..U+9FFF (E4..E9) start a candidate.
  const auto count_at = [&](size_t pos) {
    traditional += IsTraditionalOnly(ThreeByteCodePoint(sample.substr(pos)));
  };
  size_t pos = 0;
#ifdef __SSE2__
  // Sixteen bytes at a time; the sample's ASCII markup has no lead bytes.
  const __m128i lowest = _mm_set1_epi8(static_cast<char>(0xE4));
  const __m128i highest = _mm_set1_epi8(static_cast<char>(0xE9));
  for (; pos + 18 <= sample.size() && traditional < kTraditionalEvidence; pos += 16) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(sample.data() + pos));
    for (unsigned leads = static_cast<unsigned>(
             _mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(_mm_max_epu8(bytes, lowest), bytes),
                                             _mm_cmpeq_epi8(_mm_min_epu8(bytes, highest), bytes))));
         leads != 0; leads &= leads - 1) {
      count_at(pos + __builtin_ctz(leads));
    }
  }
#endif
  for (; pos + 2 < sample.size() && traditional < kTraditionalEvidence; ++pos) {
    const unsigned char lead = sample[pos];
    if (lead < 0xE4 || lead > 0xE9) continue;
    count_at(pos);
    pos += 2;
  }
  return traditional >= kTraditionalEvidence;
}

// True if at least kPinyinEvidence opening brackets in `sample` follow an
// ideograph and open a lower-case Latin word (the shape of an annotation,
// found with memchr), and the pattern itself confirms as many.
bool LooksAnnotatedWithPinyin(absl::string_view sample) {
  auto annotation_starts_at = [sample](size_t bracket, size_t bracket_len) {
    if (bracket < 3 || bracket + bracket_len >= sample.size()) return false;
    const unsigned char before = sample[bracket - 3];
    const unsigned char after = sample[bracket + bracket_len];
    const bool tone_marked_vowel = after >= 0xC3 && after <= 0xC7;
    return before >= 0xE3 && before <= 0xE9 &&
           ((after >= 'a' && after <= 'z') || tone_marked_vowel);
  };
  int candidates = 0;
  // ASCII "(" and the full-width "（" (EF BC 88).
  for (const absl::string_view bracket : {absl::string_view("("), absl::string_view("（")}) {
    for (size_t pos = FindText(sample, bracket); pos != absl::string_view::npos;
         pos = FindText(sample, bracket, pos + 1)) {
      candidates += annotation_starts_at(pos, bracket.size());
    }
  }
  if (candidates < kPinyinEvidence) return false;
  int confirmed = 0;
  re2::StringPiece rest = ToPiece(sample);
  while (confirmed < kPinyinEvidence && RE2::FindAndConsume(&rest, PinyinAnnotation())) {
    ++confirmed;
  }
  return confirmed >= kPinyinEvidence;
}

bool ToSimplified(std::string* utf8) {
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::Transliterator> to_simplified(
      icu::Transliterator::createInstance("Hant-Hans", UTRANS_FORWARD, status));
  if (U_FAILURE(status) || to_simplified == nullptr) return false;
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(*utf8);
  to_simplified->transliterate(text);
  utf8->clear();
  text.toUTF8String(*utf8);
  return true;
}

}  // namespace

std::string UndoMirrorRewrites(std::string* utf8) {
  std::string undone;
  const absl::string_view sample = LeadingText(*utf8, kSampleCharacters);
  const bool traditional = LooksTraditional(sample);
  if (LooksAnnotatedWithPinyin(sample)) {
    const int removed = RE2::GlobalReplace(utf8, PinyinAnnotation(), "\\1");
    absl::StrAppend(&undone, removed, " pinyin annotations removed");
  }
  if (traditional && ToSimplified(utf8)) {
    absl::StrAppend(&undone, undone.empty() ? "" : "; ",
                    "traditional characters converted to simplified");
  }
  return undone;
}

}  // namespace govreport::extract
