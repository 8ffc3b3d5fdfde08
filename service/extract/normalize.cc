#include "service/extract/normalize.h"

#include <string.h>
#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <string_view>
#include <type_traits>

#ifdef __SSE2__
#include <emmintrin.h>
#endif
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define GOVREPORT_AVX2_PATH 1
#endif

#include "absl/base/attributes.h"
#include "absl/base/optimization.h"
#include "absl/strings/match.h"

namespace govreport::extract {

uint32_t NextCodePoint(absl::string_view s, size_t* pos) {
  size_t i = *pos;
  unsigned char c = s[i];
  const size_t len = Utf8SequenceLength(c);
  if (len == 0 || i + len > s.size()) {
    *pos = i + 1;
    return 0xFFFD;
  }
  uint32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
  for (size_t k = 1; k < len; ++k) {
    unsigned char cc = s[i + k];
    if (!IsUtf8Continuation(cc)) {
      *pos = i + 1;
      return 0xFFFD;
    }
    cp = (cp << 6) | (cc & 0x3F);
  }
  *pos = i + len;
  return cp;
}

void AppendUtf8(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool IsCjkIdeograph(uint32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0x3007 && cp <= 0x3007) || (cp >= 0x20000 && cp <= 0x2FFFF);
}

bool ContainsCjk(absl::string_view s) {
  size_t pos = 0;
  while (pos < s.size()) {
    if (IsCjkIdeograph(NextCodePoint(s, &pos))) return true;
  }
  return false;
}

namespace {

// Compares `needle` in full at each start of a block that passed the
// first- and last-byte test (bit i of `candidates` is block + i) and calls
// `match` on each match; false when `match` said stop.
template <typename Match>
bool MatchCandidates(const char* begin, const char* block, uint32_t candidates,
                     absl::string_view needle, Match& match) {
  for (; candidates != 0; candidates &= candidates - 1) {
    const char* start = block + __builtin_ctz(candidates);
    if (memcmp(start, needle.data(), needle.size()) == 0 &&
        !match(static_cast<size_t>(start - begin))) {
      return false;
    }
  }
  return true;
}

#ifdef GOVREPORT_AVX2_PATH
// Whether this CPU runs AVX2 (asked once; the build targets plain x86-64).
bool CpuHasAvx2() {
  static const bool has = __builtin_cpu_supports("avx2");
  return has;
}

// ForEachMatch's test on 64 and then 32 starts at a time, for CPUs with
// AVX2. Returns where the narrower loops go on, or nullptr when `match` said
// stop.
template <typename Match>
__attribute__((target("avx2"))) const char* MatchIn32ByteBlocks(const char* begin, const char* p,
                                                                const char* last_start,
                                                                absl::string_view needle,
                                                                Match& match) {
  const size_t m = needle.size();
  const __m256i first_bytes = _mm256_set1_epi8(needle.front());
  const __m256i last_bytes = _mm256_set1_epi8(needle.back());
  // Two blocks a turn, one branch for both: candidates are rare.
  for (; p + 63 <= last_start; p += 64) {
    const __m256i low = _mm256_and_si256(
        _mm256_cmpeq_epi8(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)), first_bytes),
        _mm256_cmpeq_epi8(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + m - 1)),
                          last_bytes));
    const __m256i high = _mm256_and_si256(
        _mm256_cmpeq_epi8(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32)),
                          first_bytes),
        _mm256_cmpeq_epi8(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32 + m - 1)),
                          last_bytes));
    const __m256i any = _mm256_or_si256(low, high);
    if (_mm256_testz_si256(any, any)) continue;
    if (!MatchCandidates(begin, p, static_cast<uint32_t>(_mm256_movemask_epi8(low)), needle,
                         match) ||
        !MatchCandidates(begin, p + 32, static_cast<uint32_t>(_mm256_movemask_epi8(high)), needle,
                         match)) {
      return nullptr;
    }
  }
  for (; p + 31 <= last_start; p += 32) {
    const __m256i at_first = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
    const __m256i at_last = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + m - 1));
    const auto candidates = static_cast<uint32_t>(_mm256_movemask_epi8(_mm256_and_si256(
        _mm256_cmpeq_epi8(at_first, first_bytes), _mm256_cmpeq_epi8(at_last, last_bytes))));
    if (!MatchCandidates(begin, p, candidates, needle, match)) return nullptr;
  }
  return p;
}
#endif

// Calls `match(position)` for each place at or after `from` where `needle`
// (not empty, no longer than what is left) occurs, in order, while it returns
// true. Starts are tested 64 or 32 (with AVX2) or sixteen at a time on the needle's
// first and last bytes, the last ones in one block ending at the last start;
// only those that pass both are compared in full.
template <typename Match>
void ForEachMatch(absl::string_view text, absl::string_view needle, size_t from, Match match) {
  const size_t m = needle.size();
  const char* const begin = text.data();
  const char* const last_start = begin + text.size() - m;  // the last place a match can start
  const char first = needle.front();
  const char last = needle.back();
  const char* p = begin + from;
#ifdef GOVREPORT_AVX2_PATH
  if (p + 31 <= last_start && CpuHasAvx2()) {
    p = MatchIn32ByteBlocks(begin, p, last_start, needle, match);
    if (p == nullptr) return;
  }
#endif
#ifdef __SSE2__
  const __m128i first_bytes = _mm_set1_epi8(first);
  const __m128i last_bytes = _mm_set1_epi8(last);
  // The starts among block[0, 16) that pass the two-byte test.
  const auto candidates_at = [&](const char* block) {
    const __m128i at_first = _mm_loadu_si128(reinterpret_cast<const __m128i*>(block));
    const __m128i at_last = _mm_loadu_si128(reinterpret_cast<const __m128i*>(block + m - 1));
    return static_cast<uint32_t>(_mm_movemask_epi8(
        _mm_and_si128(_mm_cmpeq_epi8(at_first, first_bytes), _mm_cmpeq_epi8(at_last, last_bytes))));
  };
  for (; p + 15 <= last_start; p += 16) {
    if (!MatchCandidates(begin, p, candidates_at(p), needle, match)) return;
  }
  // Fewer than sixteen starts are left: one more block, the sixteen that end
  // at the last start, with the starts already tested masked off.
  if (p <= last_start && last_start - begin >= 15) {
    const char* const block = last_start - 15;
    MatchCandidates(begin, block, candidates_at(block) & (0xFFFFu << (p - block)), needle, match);
    return;
  }
#endif
  for (; p <= last_start; ++p) {
    if (*p == first && p[m - 1] == last && memcmp(p, needle.data(), m) == 0 &&
        !match(static_cast<size_t>(p - begin))) {
      return;
    }
  }
}

}  // namespace

size_t FindText(absl::string_view text, absl::string_view needle, size_t from) {
  if (from > text.size() || needle.size() > text.size() - from) return absl::string_view::npos;
  if (needle.empty()) return from;
  size_t found = absl::string_view::npos;
  ForEachMatch(text, needle, from, [&found](size_t at) {
    found = at;
    return false;
  });
  return found;
}

int MultiFinder::Add(absl::string_view needle) {
  if (needle.empty() || IsUtf8Continuation(needle[0])) return -1;
  auto [it, added] = ids_.try_emplace(needle, static_cast<int>(needles_.size()));
  if (!added) return it->second;
  needles_.emplace_back(needle);
  Candidate c;
  c.id = it->second;
  const size_t head = std::min(needle.size(), sizeof(uint64_t));
  memcpy(&c.head, needle.data(), head);
  c.head_mask = head == sizeof(uint64_t) ? ~uint64_t{0} : (uint64_t{1} << (8 * head)) - 1;
  if (needle.size() < kKeyBytes) {
    const auto first = static_cast<unsigned char>(needle[0]);
    short_starts_[first] = true;
    by_first_byte_[first].push_back(c);
  } else {
    const uint32_t key = KeyOf(c.head);
    keys_[key] = true;
    by_key_.insert(by_key_.begin() + key_starts_[key + 1], c);
    for (size_t k = key + 1; k < key_starts_.size(); ++k) ++key_starts_[k];
  }
  return c.id;
}

bool MultiFinder::Matches(const Candidate& c, absl::string_view rest, uint64_t head) const {
  if ((head & c.head_mask) != c.head) return false;
  const std::string& needle = needles_[c.id];
  return needle.size() <= rest.size() &&
         (needle.size() <= sizeof(uint64_t) ||
          memcmp(rest.data() + sizeof(uint64_t), needle.data() + sizeof(uint64_t),
                 needle.size() - sizeof(uint64_t)) == 0);
}

void MultiFinder::ForEachMatch(absl::string_view text,
                               absl::FunctionRef<bool(int, size_t)> on_match) const {
  const bool any_short = short_starts_.any();
  // Tries the needles at text[i]; false when told to stop. `whole`
  // (std::true_type): eight bytes of text follow i, read without bounds checks.
  auto try_at = [&](size_t i, auto whole) ABSL_ATTRIBUTE_ALWAYS_INLINE {
    constexpr bool kWhole = decltype(whole)::value;
    const absl::string_view rest(text.data() + i, text.size() - i);
    uint64_t head = 0;
    if (kWhole || rest.size() >= sizeof(head)) {
      memcpy(&head, rest.data(), sizeof(head));
    } else {
      memcpy(&head, rest.data(), rest.size());
    }
    if (any_short && short_starts_[static_cast<unsigned char>(rest[0])]) {
      for (const Candidate& c : by_first_byte_.find(static_cast<unsigned char>(rest[0]))->second) {
        if (Matches(c, rest, head) && !on_match(c.id, i)) return false;
      }
    }
    if (!kWhole && rest.size() < kKeyBytes) return true;
    const uint32_t key = KeyOf(head);
    if (ABSL_PREDICT_TRUE(!keys_[key])) return true;
    for (uint32_t k = key_starts_[key]; k < key_starts_[key + 1]; ++k) {
      if (Matches(by_key_[k], rest, head) && !on_match(by_key_[k].id, i)) return false;
    }
    return true;
  };
  // No needle starts with a continuation byte (10xxxxxx, below -64 as a
  // signed byte): sixteen bytes at a time, only the others are tried. In
  // Chinese text that is one byte in three.
  size_t i = 0;
#ifdef __SSE2__
  const __m128i above_continuation = _mm_set1_epi8(-65);
  for (; i + 16 + sizeof(uint64_t) <= text.size(); i += 16) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(text.data() + i));
    for (unsigned starts =
             static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpgt_epi8(bytes, above_continuation)));
         starts != 0; starts &= starts - 1) {
      if (!try_at(i + __builtin_ctz(starts), std::true_type())) return;
    }
  }
#endif
  for (; i < text.size(); ++i) {
    if (!IsUtf8Continuation(text[i]) && !try_at(i, std::false_type())) return;
  }
}

bool MultiFinder::ContainsAny(absl::string_view text) const {
  bool found = false;
  ForEachMatch(text, [&found](int, size_t) {
    found = true;
    return false;
  });
  return found;
}

bool ContainsAnyOf(absl::string_view text, absl::string_view alternatives) {
  return AnyAlternative(alternatives,
                        [text](absl::string_view alt) { return ContainsText(text, alt); });
}

size_t LeadingChineseNumeralCharacter(absl::string_view text) {
  // One code point compared, not ten strings: this runs for every paragraph
  // and table label.
  const uint32_t cp = CheckedThreeByteCodePoint(text);
  constexpr std::u32string_view kNumerals = U"一二三四五六七八九十";
  return cp != 0 && kNumerals.find(cp) != std::u32string_view::npos ? 3 : 0;
}

absl::string_view LeadingChineseOrdinal(absl::string_view text) {
  size_t pos = 0;
  while (size_t n = LeadingChineseNumeralCharacter(text.substr(pos))) pos += n;
  if (pos == 0 || text.substr(pos, 3) != "、") return absl::string_view();
  return text.substr(0, pos);
}

std::string Utf8Prefix(absl::string_view s, size_t max_bytes) {
  if (s.size() <= max_bytes) return std::string(s);
  size_t end = max_bytes;
  while (end > 0 && IsUtf8Continuation(s[end])) --end;
  return std::string(s.substr(0, end));
}

std::string StripSpaces(absl::string_view s) {
  std::string out;
  out.reserve(s.size());
  AppendWithoutSpaces(s, &out);
  return out;
}

void AppendWithoutSpaces(absl::string_view s, std::string* out) {
  for (size_t space = FindByte(s, ' '); space != absl::string_view::npos;
       space = FindByte(s, ' ')) {
    out->append(s.data(), space);
    s.remove_prefix(space + 1);
  }
  out->append(s.data(), s.size());
}

absl::string_view LeadingText(absl::string_view utf8, int characters) {
  int seen = 0;
  size_t end = 0;
#ifdef __SSE2__
  // Sixteen bytes at a time, counting their lead bytes (0xC0 and above),
  // while a block cannot reach the count.
  const __m128i lowest_lead = _mm_set1_epi8(static_cast<char>(0xC0));
  for (; end + 16 <= utf8.size(); end += 16) {
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(utf8.data() + end));
    const int leads = __builtin_popcount(static_cast<unsigned>(
        _mm_movemask_epi8(_mm_cmpeq_epi8(_mm_max_epu8(bytes, lowest_lead), bytes))));
    if (seen + leads >= characters) break;
    seen += leads;
  }
#endif
  while (end < utf8.size() && seen < characters) {
    // Markup is mostly ASCII: skip it eight bytes at a time.
    uint64_t word;
    if (end + sizeof(word) <= utf8.size()) {
      std::memcpy(&word, utf8.data() + end, sizeof(word));
      if ((word & 0x8080808080808080ULL) == 0) {
        end += sizeof(word);
        continue;
      }
    }
    seen += static_cast<unsigned char>(utf8[end++]) >= 0xC0;
  }
  // Stop at a character boundary.
  while (end < utf8.size() && IsUtf8Continuation(utf8[end])) ++end;
  return utf8.substr(0, end);
}

size_t CountOccurrences(absl::string_view text, absl::string_view needle) {
  if (needle.empty() || needle.size() > text.size()) return 0;
  // One scan, not one search per occurrence (a page has thousands of "</").
  size_t count = 0;
  size_t next = 0;  // where a match that does not overlap the last may start
  ForEachMatch(text, needle, 0, [&](size_t at) {
    if (at >= next) {
      ++count;
      next = at + needle.size();
    }
    return true;
  });
  return count;
}

namespace {

constexpr uint32_t kDrop = 0xFFFFFFFF;
constexpr uint32_t kSpace = ' ';

// Folds one code point; kDrop removes it. Rare compatibility characters go
// through ICU's NFKC.
uint32_t Fold(uint32_t cp) {
  if (cp < 0x80)
    return (cp == '\t' || cp == '\r' || cp == '\n' || cp == '\f' || cp == '\v') ? kSpace : cp;
  if (cp >= 0xFF01 && cp <= 0xFF5E) return cp - 0xFEE0;
  switch (cp) {
    case 0x00A0:
    case 0x3000:
    case 0x2002:
    case 0x2003:
    case 0x2004:
    case 0x2005:
    case 0x2006:
    case 0x2007:
    case 0x2008:
    case 0x2009:
    case 0x200A:
    case 0x202F:
    case 0x205F:
    case 0x1680:
      return kSpace;
    case 0x200B:
    case 0x200C:
    case 0x200D:
    case 0x2060:
    case 0xFEFF:
    case 0x00AD:
      return kDrop;
    case 0x2212:
    case 0x2013:
    case 0xFE63:
      return '-';
    default:
      break;
  }
  if ((cp >= 0x2F00 && cp <= 0x2FDF) || (cp >= 0x2E80 && cp <= 0x2EFF) ||
      (cp >= 0xF900 && cp <= 0xFAFF)) {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(status);
    if (U_SUCCESS(status)) {
      icu::UnicodeString in(static_cast<UChar32>(cp));
      icu::UnicodeString out = nfkc->normalize(in, status);
      if (U_SUCCESS(status) && out.countChar32() == 1)
        return static_cast<uint32_t>(out.char32At(0));
    }
  }
  return cp;
}

}  // namespace

namespace {

// NormalizeLine's folding; records origins only when `origin` is given.
void Normalize(absl::string_view line, uint32_t base, std::string* text, OffsetMap* origin) {
  text->reserve(line.size());
  bool pending_space = false;
  uint32_t pending_space_origin = 0;
  uint32_t prev_cp = 0;  // last emitted code point (0 at start)
  size_t pos = 0;
  while (pos < line.size()) {
    const size_t start = pos;
    if (!pending_space) {
      // The common case: a run of characters that fold to themselves,
      // printable ASCII and U+4000..U+9FFF (the CJK ideographs), copied at
      // once under one offset shift.
      size_t end = pos;
      size_t last = pos;  // where the run's last character starts
      while (end < line.size()) {
        const unsigned char byte = static_cast<unsigned char>(line[end]);
        if (byte > ' ' && byte < 0x7F) {
          last = end++;
        } else if (byte >= 0xE4 && byte <= 0xE9 && end + 2 < line.size() &&
                   IsUtf8Continuation(line[end + 1]) && IsUtf8Continuation(line[end + 2])) {
          last = end;
          end += 3;
        } else {
          break;
        }
      }
      if (end > pos) {
        if (origin != nullptr) origin->Map(text->size(), base + static_cast<uint32_t>(start));
        text->append(line.data() + pos, end - pos);
        const auto lead = static_cast<unsigned char>(line[last]);
        prev_cp = lead < 0x80 ? lead : ThreeByteCodePoint(line.substr(last));
        pos = end;
        continue;
      }
    }
    const uint32_t decoded = NextCodePoint(line, &pos);
    const uint32_t cp = Fold(decoded);
    if (cp == kDrop) continue;
    if (cp == kSpace) {
      if (!pending_space) pending_space_origin = base + static_cast<uint32_t>(start);
      pending_space = true;
      continue;
    }
    if (pending_space) {
      // Keep a single space unless an ideograph stands beside it: Chinese
      // puts no spaces between words, and PDF text layers insert them around
      // figures ("公开政府信息 2318 条").
      if (prev_cp != 0 && !IsCjkIdeograph(prev_cp) && !IsCjkIdeograph(cp)) {
        if (origin != nullptr) origin->Map(text->size(), pending_space_origin);
        text->push_back(' ');
      }
      pending_space = false;
    }
    if (origin != nullptr) origin->Map(text->size(), base + static_cast<uint32_t>(start));
    if (cp == decoded && decoded != 0xFFFD) {
      text->append(line.data() + start, pos - start);  // unchanged: copy the bytes
    } else {
      AppendUtf8(cp, text);
    }
    prev_cp = cp;
  }
  // The end: the end of the last emitted code point in the source (a
  // trailing space is never emitted).
  if (origin != nullptr) origin->Map(text->size(), base + static_cast<uint32_t>(line.size()));
}

}  // namespace

uint32_t OffsetMap::SourceOf(size_t at) const {
  // The last run that starts at or before `at`.
  auto run = std::upper_bound(runs_.begin(), runs_.end(), at,
                              [](size_t a, const Run& r) { return a < r.at; });
  if (run == runs_.begin()) return 0;  // an empty map
  --run;
  return run->source + static_cast<uint32_t>(at - run->at);
}

void OffsetMap::AddRun(size_t at, uint32_t source) {
  // Room for a few runs at once: most lines fold a few characters, and would
  // otherwise grow the vector at one, two and four runs.
  if (runs_.empty()) runs_.reserve(8);
  runs_.push_back({static_cast<uint32_t>(at), source});
  shift_ = source - static_cast<uint32_t>(at);
}

void OffsetMap::Append(const OffsetMap& tail, size_t at) {
  // Only the end can start a run at `at`: no byte of this text is there.
  if (!runs_.empty() && runs_.back().at == at) {
    runs_.pop_back();
    if (!runs_.empty()) shift_ = runs_.back().source - runs_.back().at;
  }
  for (const Run& r : tail.runs_) Map(at + r.at, r.source);
}

NormText NormalizeLine(absl::string_view line, uint32_t base) {
  NormText out;
  Normalize(line, base, &out.text, &out.origin);
  return out;
}

std::string NormalizeText(absl::string_view line) {
  std::string text;
  Normalize(line, 0, &text, nullptr);
  return text;
}

}  // namespace govreport::extract
