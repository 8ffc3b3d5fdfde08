#include "service/extract/charset.h"

#include <unicode/ucnv.h>
#include <unicode/ustring.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <climits>
#include <cstring>
#include <memory>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "service/extract/normalize.h"

namespace govreport::extract {
namespace {

bool IsUtf8Name(absl::string_view name) {
  std::string n = absl::AsciiStrToLower(name);
  return n == "utf-8" || n == "utf8";
}

// GB18030's two-byte sequences (lead 0x81-0xFE, trail 0x40-0x7E or
// 0x80-0xFE) as ICU decodes each, in UTF-8; an empty entry where ICU maps the
// pair to no character. Built once from ICU, so ICU's mapping stays the rule
// while common text is read by lookup instead of through ICU's converter.
class Gb18030PairTable {
 public:
  static const Gb18030PairTable& Get() {
    static const Gb18030PairTable* const table = new Gb18030PairTable();
    return *table;
  }

  // The UTF-8 of the pair at `p` (two bytes available), or an empty view.
  absl::string_view Utf8Of(const unsigned char* p) const {
    const unsigned lead = p[0], trail = p[1];
    if (lead < 0x81 || lead > 0xFE || trail < 0x40 || trail == 0x7F || trail > 0xFE) return {};
    const Entry& e = entries_[IndexOf(lead, trail)];
    return absl::string_view(e.bytes, e.size);
  }

 private:
  static constexpr unsigned kTrails = 0xFF - 0x40;
  static size_t IndexOf(unsigned lead, unsigned trail) {
    return (lead - 0x81) * kTrails + (trail - 0x40);
  }
  struct Entry {
    char bytes[3];
    uint8_t size = 0;
  };

  Gb18030PairTable() : entries_(126 * kTrails) {
    UErrorCode status = U_ZERO_ERROR;
    UConverter* conv = ucnv_open("GB18030", &status);
    if (U_FAILURE(status)) return;  // every entry empty: all text goes through ICU
    for (unsigned lead = 0x81; lead <= 0xFE; ++lead) {
      for (unsigned trail = 0x40; trail <= 0xFE; ++trail) {
        if (trail == 0x7F) continue;
        const char pair[2] = {static_cast<char>(lead), static_cast<char>(trail)};
        UChar unit[4];
        status = U_ZERO_ERROR;
        ucnv_reset(conv);
        const int32_t n = ucnv_toUChars(conv, unit, 4, pair, 2, &status);
        // One BMP character that is not a substitution (U+FFFD, or U+001A
        // for some sequences).
        if (U_FAILURE(status) || n != 1 || unit[0] == 0xFFFD || unit[0] == 0x1A ||
            (unit[0] >= 0xD800 && unit[0] <= 0xDFFF)) {
          continue;
        }
        std::string utf8;
        AppendUtf8(unit[0], &utf8);
        Entry& e = entries_[IndexOf(lead, trail)];
        std::copy(utf8.begin(), utf8.end(), e.bytes);
        e.size = static_cast<uint8_t>(utf8.size());
      }
    }
    ucnv_close(conv);
  }

  std::vector<Entry> entries_;
};

// Decodes text made only of ASCII (but U+001A, which ICU's decoding stands in
// for substitutions) and two-byte sequences ICU maps to characters; false at
// anything else, which ICU must decode.
bool DecodeGb18030Pairs(absl::string_view bytes, std::string* utf8) {
  const Gb18030PairTable& table = Gb18030PairTable::Get();
  utf8->resize(bytes.size() / 2 * 3 + 2);  // a pair yields at most 3 bytes
  char* out = utf8->data();
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const auto* const end = p + bytes.size();
  while (p < end) {
    if (*p < 0x80) {
      if (*p == 0x1A) return false;
      *out++ = static_cast<char>(*p++);
      continue;
    }
    if (end - p < 2) return false;
    const absl::string_view mapped = table.Utf8Of(p);
    if (mapped.empty()) return false;
    out = std::copy(mapped.begin(), mapped.end(), out);
    p += 2;
  }
  utf8->resize(static_cast<size_t>(out - utf8->data()));
  return true;
}

// Decodes GB18030 with ICU straight to UTF-8, counting substituted sequences.
DecodedText DecodeGb18030(absl::string_view bytes) {
  DecodedText out;
  out.charset = "GB18030";
  if (DecodeGb18030Pairs(bytes, &out.utf8)) return out;
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, void (*)(UConverter*)> conv(ucnv_open("GB18030", &status),
                                                          ucnv_close);
  if (U_FAILURE(status) || bytes.size() > static_cast<size_t>(INT32_MAX / 3)) {
    out.utf8.assign(bytes.data(), bytes.size());
    return out;
  }
  // Each input byte yields at most 3 output bytes (a substituted U+FFFD).
  out.utf8.resize(bytes.size() * 3 + 16);
  const int32_t n = ucnv_toAlgorithmic(UCNV_UTF8, conv.get(), out.utf8.data(),
                                       static_cast<int32_t>(out.utf8.size()), bytes.data(),
                                       static_cast<int32_t>(bytes.size()), &status);
  if (U_FAILURE(status)) {
    out.utf8.assign(bytes.data(), bytes.size());
    return out;
  }
  out.utf8.resize(n);
  // Substitutions show as U+FFFD, or as U+001A for some sequences (rewritten
  // to U+FFFD); a U+FFFD the input itself encodes (0x84 0x31 0xA4 0x37) is
  // not one.
  constexpr absl::string_view kReplacement = "\xEF\xBF\xBD";
  int substituted = static_cast<int>(CountOccurrences(out.utf8, kReplacement));
  if (out.utf8.find('\x1A') != std::string::npos) {
    substituted += static_cast<int>(std::count(out.utf8.begin(), out.utf8.end(), '\x1A'));
    out.utf8 = absl::StrReplaceAll(out.utf8, {{"\x1A", kReplacement}});
  }
  const int encoded_in_input = static_cast<int>(CountOccurrences(bytes, "\x84\x31\xA4\x37"));
  out.invalid_bytes = std::max(0, substituted - encoded_in_input);
  return out;
}

// Validates without copying (the common case: crawled UTF-8 is valid). This
// is also the benchmark's floor, so it keeps its own spelling of the UTF-8
// rules: written with Utf8SequenceLength it takes 6% fewer instructions, which
// would shift every ratio recorded in bench/RESULTS.md against it.
//
// Its placement is pinned too. The loop's speed depends on where it falls
// against the 64-byte blocks the CPU fetches: on this project's x86-64 VM the
// corpus validates in about 390 µs with the function 16 or 32 bytes into a
// block and about 500 with it 0 or 48 bytes in (bench/RESULTS.md). Left to
// the linker, an edit anywhere in the library moved the floor from one to the
// other, and the benchmark's ratio with it by a fifth. Aligned to a block,
// with 16 bytes of no-ops ahead of its code (GCC's patchable-entry padding,
// which leaves the code itself as it was), the loop head lands 32 bytes in
// whatever else changes.
#if defined(__GNUC__) && defined(__x86_64__)
__attribute__((aligned(64), patchable_function_entry(16, 0)))
#endif
bool IsValidUtf8Fast(absl::string_view bytes) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const unsigned char* end = p + bytes.size();
  while (p < end) {
    if (*p < 0x80) {
      ++p;
      continue;
    }
    size_t len = (*p >> 5) == 6 ? 2 : (*p >> 4) == 14 ? 3 : (*p >> 3) == 30 ? 4 : 0;
    if (len == 0 || static_cast<size_t>(end - p) < len) return false;
    for (size_t k = 1; k < len; ++k) {
      if ((p[k] & 0xC0) != 0x80) return false;
    }
    uint32_t cp = len == 2   ? ((p[0] & 0x1F) << 6) | (p[1] & 0x3F)
                  : len == 3 ? ((p[0] & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F)
                             : ((p[0] & 0x07) << 18) | ((p[1] & 0x3F) << 12) |
                                   ((p[2] & 0x3F) << 6) | (p[3] & 0x3F);
    if ((len == 2 && cp < 0x80) || (len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (len == 4 && (cp < 0x10000 || cp > 0x10FFFF))) {
      return false;
    }
    p += len;
  }
  return true;
}

// Counts the invalid sequences of `bytes` read as UTF-8 and, when `out` is
// given, copies the text with each replaced by U+FFFD. Counting stops past
// `stop_after` invalid sequences.
int RepairUtf8(absl::string_view bytes, std::string* out, int stop_after = INT_MAX) {
  if (out != nullptr) out->reserve(bytes.size());
  int invalid = 0;
  size_t i = 0;
  while (i < bytes.size() && invalid <= stop_after) {
    unsigned char c = bytes[i];
    const size_t len = Utf8SequenceLength(c);
    bool ok = len > 0 && i + len <= bytes.size();
    for (size_t k = 1; ok && k < len; ++k) ok = IsUtf8Continuation(bytes[i + k]);
    if (ok && len == 3) {
      unsigned cp = ((c & 0x0F) << 12) | ((bytes[i + 1] & 0x3F) << 6) | (bytes[i + 2] & 0x3F);
      ok = cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF);
    } else if (ok && len == 2) {
      ok = c >= 0xC2;
    } else if (ok && len == 4) {
      unsigned cp = ((c & 0x07) << 18) | ((bytes[i + 1] & 0x3F) << 12);
      ok = cp >= 0x10000 && cp <= 0x10FFFF;
    }
    if (ok) {
      if (out != nullptr) out->append(bytes.data() + i, len);
      i += len;
    } else {
      if (out != nullptr) out->append("\xEF\xBF\xBD");
      ++invalid;
      ++i;
    }
  }
  return invalid;
}

absl::string_view StripUtf8Bom(absl::string_view bytes) {
  if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  return bytes;
}

// Mojibake (domain.md §3.5): text decoded once with the wrong charset and
// saved as UTF-8 ("鍙戝竷鏃堕棿" is UTF-8 read as GBK, "å…¬" is UTF-8 read as
// windows-1252). Encoding it back in that charset gives the original UTF-8
// bytes; real Chinese text encoded in GB18030 is almost never valid UTF-8, and
// real text with ideographs cannot be encoded in windows-1252 at all.
// Characters the wrong decoding lost come back as a lone 0xFF byte.
constexpr char kLostCharacter = '\xFF';

// The end of the run of ASCII bytes at `from`: the first byte at or after it
// that is 0x80 or above, or the size. Eight bytes at a time, as the leading
// text mojibake is looked for in is mostly markup.
size_t AsciiRunEnd(absl::string_view s, size_t from) {
  uint64_t word;
  while (from + sizeof(word) <= s.size()) {
    std::memcpy(&word, s.data() + from, sizeof(word));
    if ((word & 0x8080808080808080ULL) != 0) break;
    from += sizeof(word);
  }
  while (from < s.size() && static_cast<unsigned char>(s[from]) < 0x80) ++from;
  return from;
}

// windows-1252's 0x80-0x9F as browsers decode it; bytes it leaves undefined
// map to the C1 control of the same value.
constexpr char16_t kWindows1252High[32] = {
    0x20AC, 0x81,   0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x8D,   0x017D, 0x8F,   0x90,   0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D,   0x017E, 0x0178};

bool EncodeWindows1252(absl::string_view utf8, std::string* bytes) {
  bytes->clear();
  bytes->reserve(utf8.size());
  for (size_t pos = 0; pos < utf8.size();) {
    const size_t ascii_end = AsciiRunEnd(utf8, pos);
    bytes->append(utf8.data() + pos, ascii_end - pos);
    pos = ascii_end;
    if (pos == utf8.size()) break;
    const uint32_t cp = NextCodePoint(utf8, &pos);
    // Latin-1 and C1 controls map to their own byte (ISO-8859-1 misreadings
    // leave C1 controls; real text has none).
    if (cp <= 0xFF) {
      bytes->push_back(static_cast<char>(cp));
    } else if (cp == 0xFFFD) {
      bytes->push_back(kLostCharacter);
    } else {
      const char16_t* high =
          std::find(std::begin(kWindows1252High), std::end(kWindows1252High), cp);
      if (high == std::end(kWindows1252High)) return false;
      bytes->push_back(static_cast<char>(0x80 + (high - kWindows1252High)));
    }
  }
  return true;
}

// GB18030 spells U+0000-U+007F as the ASCII bytes themselves, so only the
// runs of other characters go through ICU: the text mojibake is looked for in
// is mostly markup, which ICU's converter would take a character at a time.
bool EncodeGb18030(absl::string_view utf8, std::string* bytes) {
  // One converter per thread, reset by each conversion (opening one costs
  // more than encoding the leading text it is first asked for).
  thread_local const std::unique_ptr<UConverter, void (*)(UConverter*)> conv = [] {
    UErrorCode status = U_ZERO_ERROR;
    UConverter* opened = ucnv_open("GB18030", &status);
    return std::unique_ptr<UConverter, void (*)(UConverter*)>(U_SUCCESS(status) ? opened : nullptr,
                                                              ucnv_close);
  }();
  if (conv == nullptr || utf8.size() > static_cast<size_t>(INT32_MAX / 4)) return false;
  bytes->clear();
  bytes->reserve(utf8.size());
  std::u16string units;
  std::string encoded;
  for (size_t pos = 0; pos < utf8.size();) {
    const size_t ascii_end = AsciiRunEnd(utf8, pos);
    bytes->append(utf8.data() + pos, ascii_end - pos);
    pos = ascii_end;
    if (pos == utf8.size()) break;
    const size_t run_end =
        std::find_if(utf8.begin() + pos, utf8.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x80; }) -
        utf8.begin();
    // A UTF-8 run spells at least as many bytes as UTF-16 units, and GB18030
    // needs at most 4 bytes per unit.
    units.resize(run_end - pos);
    UErrorCode status = U_ZERO_ERROR;
    int32_t unit_count = 0;
    u_strFromUTF8(units.data(), static_cast<int32_t>(units.size()), &unit_count, utf8.data() + pos,
                  static_cast<int32_t>(run_end - pos), &status);
    pos = run_end;
    encoded.resize(static_cast<size_t>(unit_count) * 4 + 16);
    const int32_t n =
        ucnv_fromUChars(conv.get(), encoded.data(), static_cast<int32_t>(encoded.size()),
                        units.data(), unit_count, &status);
    if (U_FAILURE(status)) return false;
    bytes->append(encoded.data(), static_cast<size_t>(n));
  }
  // U+FFFD (GB18030 0x84 0x31 0xA4 0x37) is a byte the wrong decoding dropped.
  if (bytes->find("\x84\x31\xA4\x37") != std::string::npos) {
    *bytes = absl::StrReplaceAll(*bytes, {{"\x84\x31\xA4\x37", std::string(1, kLostCharacter)}});
  }
  return true;
}

// Priors for a lost character the document shows nowhere intact in the same
// place: what follows a figure in these reports (dates, counts, money), and
// what ends a line.
constexpr absl::string_view kAfterFigure = "年月日号件条个次项人名万元";
constexpr absl::string_view kBeforeLineEnd = "。）”；：";

// The first two bytes of the character at bytes[i], as one number.
uint32_t TwoBytePrefix(absl::string_view bytes, size_t i) {
  return (static_cast<uint32_t>(static_cast<unsigned char>(bytes[i])) << 8) |
         static_cast<unsigned char>(bytes[i + 1]);
}

// The last byte (its low six bits) of the first character in `prior` whose
// first two bytes are `prefix`, or -1.
int LastByteFromPrior(absl::string_view prior, uint32_t prefix) {
  for (size_t i = 0; i + 2 < prior.size(); i += 3) {
    if (TwoBytePrefix(prior, i) == prefix) return static_cast<unsigned char>(prior[i + 2]) & 0x3F;
  }
  return -1;
}

// A character that lost its last byte before ASCII keeps its first two, which
// leave 64 candidates. The document usually spells the same word intact
// elsewhere (the pairs fall differently there), so the lost byte is taken from
// the most frequent intact character with those first bytes after the same
// preceding non-ASCII character (or after a digit), else the priors above,
// else anywhere in the document; with none, it stays lost. Spaces do not
// separate a character from the one before ("年 度 报 告" is spaced out, and so
// loses every character), and a guessed character is the context of the next
// guess.
int GuessLostLastBytes(std::string* bytes) {
  int guessed = 0;
  using Counts = std::array<int, 64>;
  absl::flat_hash_map<uint64_t, Counts> after_previous;  // (previous, prefix)
  absl::flat_hash_map<uint32_t, Counts> anywhere;        // prefix
  auto is_three_byte_lead = [](char c) { return Utf8SequenceLength(c) == 3; };
  // What stands before the next character: a non-ASCII character, '0' for
  // any digit (1月, 2021 年), 0 after other ASCII. A figure does not reach
  // past a line end: the line after it starts a new phrase.
  auto context = [](uint32_t cp, uint32_t previous) -> uint32_t {
    if (cp == '\n' || cp == '\r') return previous == '0' ? 0 : previous;
    if (cp == ' ' || cp == '\t' || cp == 0x3000) return previous;
    if (cp >= '0' && cp <= '9') return '0';
    return cp < 0x80 || cp == 0xFFFD ? 0 : cp;
  };
  // Intact characters and the character before each.
  uint32_t previous = 0;
  for (size_t i = 0; i < bytes->size();) {
    const size_t start = i;
    const uint32_t cp = NextCodePoint(*bytes, &i);
    if (i - start == 3 && is_three_byte_lead((*bytes)[start])) {
      const uint32_t prefix = TwoBytePrefix(*bytes, start);
      const int last = static_cast<unsigned char>((*bytes)[start + 2]) & 0x3F;
      ++anywhere[prefix][last];
      if (previous != 0) ++after_previous[(uint64_t{previous} << 16) | prefix][last];
    }
    previous = context(cp, previous);
  }
  auto most_frequent = [](const Counts& counts) {
    const int* best = std::max_element(counts.begin(), counts.end());
    return *best > 0 ? static_cast<int>(best - counts.begin()) : -1;
  };
  previous = 0;
  for (size_t i = 0; i < bytes->size();) {
    const size_t start = i;
    const uint32_t cp = NextCodePoint(*bytes, &i);
    const bool cut = start + 2 < bytes->size() && is_three_byte_lead((*bytes)[start]) &&
                     IsUtf8Continuation((*bytes)[start + 1]) &&
                     (*bytes)[start + 2] == kLostCharacter;
    if (!cut) {
      previous = context(cp, previous);
      continue;
    }
    const uint32_t prefix = TwoBytePrefix(*bytes, start);
    int last = -1;
    if (auto it = after_previous.find((uint64_t{previous} << 16) | prefix);
        previous != 0 && it != after_previous.end()) {
      last = most_frequent(it->second);
    }
    if (last < 0 && previous == '0') last = LastByteFromPrior(kAfterFigure, prefix);
    const char next = start + 3 < bytes->size() ? (*bytes)[start + 3] : '\n';
    if (last < 0 && (next == '\n' || next == '\r'))
      last = LastByteFromPrior(kBeforeLineEnd, prefix);
    if (auto it = anywhere.find(prefix); last < 0 && it != anywhere.end()) {
      last = most_frequent(it->second);
    }
    i = start + 3;
    previous = 0;
    if (last >= 0) {
      (*bytes)[start + 2] = static_cast<char>(0x80 | last);
      ++guessed;
      size_t at = start;
      previous = NextCodePoint(*bytes, &at);
    }
  }
  return guessed;
}

// A GB18030 decoder drops a byte that cannot start a pair (0x80, a UTF-8
// continuation byte) or whose next byte cannot end one (ASCII below '@', or
// DEL). So a byte lost before anything else was 0x80, and is put back; one
// lost before such ASCII could have been any continuation byte, and stays
// lost. Handles both a lost-character mark and a byte dropped without one.
std::string RestoreGb18030Losses(absl::string_view bytes, int* guessed) {
  auto ends_no_pair = [](char c) { return static_cast<unsigned char>(c) < 0x40 || c == 0x7F; };
  std::string out;
  out.reserve(bytes.size());
  for (size_t i = 0; i < bytes.size(); ++i) {
    const bool next_could_pair = i + 1 < bytes.size() && !ends_no_pair(bytes[i + 1]);
    if (bytes[i] == kLostCharacter) {
      out.push_back(next_could_pair ? '\x80' : kLostCharacter);
      continue;
    }
    out.push_back(bytes[i]);
    const size_t len = Utf8SequenceLength(static_cast<unsigned char>(bytes[i]));
    if (len == 0) continue;
    size_t have = 1;
    while (have < len && i + 1 < bytes.size() && IsUtf8Continuation(bytes[i + 1])) {
      out.push_back(bytes[++i]);
      ++have;
    }
    // One byte short with no mark (the decoder dropped bytes silently): before
    // a byte that could have paired with it the 0x80 went, before ASCII it is
    // unknown.
    if (have + 1 == len && i + 1 < bytes.size() && bytes[i + 1] != kLostCharacter) {
      out.push_back(!ends_no_pair(bytes[i + 1]) ? '\x80' : kLostCharacter);
    }
  }
  *guessed = GuessLostLastBytes(&out);
  return out;
}

// The wrong decoding dropped one byte of some characters (a byte that could
// not start or end a pair), leaving the character's other bytes around the
// lost-character mark. Folds each such remnant into the mark.
std::string FoldLostCharacters(absl::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (size_t i = 0; i < bytes.size(); ++i) {
    const size_t mark = std::min(FindByte(bytes, kLostCharacter, i), bytes.size());
    out.append(bytes.data() + i, mark - i);
    i = mark;
    if (i == bytes.size()) break;
    // Bytes before the mark: a lead byte and continuations of an unfinished
    // sequence.
    size_t remnant = 0;
    size_t expected = 0;
    for (size_t back = 1; back <= 3 && back <= out.size(); ++back) {
      const unsigned char c = out[out.size() - back];
      if (IsUtf8Continuation(c)) continue;
      expected = Utf8SequenceLength(c);
      if (expected > back) remnant = back;
      break;
    }
    out.erase(out.end() - static_cast<std::ptrdiff_t>(remnant), out.end());
    out.push_back(kLostCharacter);
    // Continuations after the mark belong to the same character.
    const size_t after = remnant > 0 ? expected - remnant - 1 : 2;
    for (size_t k = 0; k < after && i + 1 < bytes.size() && IsUtf8Continuation(bytes[i + 1]); ++k) {
      ++i;
    }
  }
  return out;
}

// True if `bytes` read as UTF-8 are mostly well-formed multi-byte sequences,
// not counting lost characters.
bool MostlyUtf8(absl::string_view bytes) {
  int good = 0;
  int bad = 0;
  for (size_t i = AsciiRunEnd(bytes, 0); i < bytes.size(); i = AsciiRunEnd(bytes, i)) {
    const unsigned char c = bytes[i];
    if (c == static_cast<unsigned char>(kLostCharacter)) {
      ++i;
      continue;
    }
    const size_t len = std::max<size_t>(Utf8SequenceLength(c), 1);
    const absl::string_view sequence = bytes.substr(i, len);
    const bool valid = sequence.size() == len && IsValidUtf8Fast(sequence);
    good += valid;
    bad += !valid;
    i += valid ? len : 1;
  }
  // Real Chinese text encoded in GB18030 reads as about six bad sequences to
  // one good one; mojibake whose lost bytes left no mark (decoded with errors
  // ignored) as about one bad to four good.
  constexpr int kMinimumEvidence = 4;
  return good >= kMinimumEvidence && bad * 2 <= good;
}

// Undoes mojibake in `text` in place, saying so in its charset; false if it
// shows none.
bool UndoMojibake(DecodedText* text) {
  struct WrongDecoding {
    const char* charset;
    bool (*encode)(absl::string_view, std::string*);
    // Puts back what can be told of lost bytes; counts the guesses.
    std::string (*restore)(absl::string_view, int* guessed);
  };
  static constexpr WrongDecoding kWrongDecodings[] = {
      {"GB18030", EncodeGb18030, RestoreGb18030Losses},
      {"windows-1252", EncodeWindows1252, nullptr}};
  // The first few dozen characters tell mojibake from text, the first few
  // hundred confirm it.
  std::string bytes;
  auto shows_mojibake = [&bytes](const WrongDecoding& wrong, absl::string_view utf8) {
    return wrong.encode(utf8, &bytes) && MostlyUtf8(FoldLostCharacters(bytes));
  };
  for (const WrongDecoding& wrong : kWrongDecodings) {
    if (!shows_mojibake(wrong, LeadingText(text->utf8, 32)) ||
        !shows_mojibake(wrong, LeadingText(text->utf8, 256)) ||
        !shows_mojibake(wrong, text->utf8)) {
      continue;
    }
    int guessed = 0;
    if (wrong.restore != nullptr) bytes = wrong.restore(bytes, &guessed);
    bytes = FoldLostCharacters(bytes);
    std::string repaired;
    text->lost_to_mojibake = RepairUtf8(bytes, &repaired);
    text->invalid_bytes += text->lost_to_mojibake;
    text->utf8 = std::move(repaired);
    text->charset = absl::StrCat("UTF-8 (mojibake of UTF-8 read as ", wrong.charset, ", undone");
    if (guessed > 0) absl::StrAppend(&text->charset, "; ", guessed, " lost characters guessed");
    if (text->lost_to_mojibake > 0) {
      absl::StrAppend(&text->charset, "; ", text->lost_to_mojibake, " lost");
    }
    text->charset += ")";
    return true;
  }
  return false;
}

}  // namespace

bool IsValidUtf8(absl::string_view bytes) { return IsValidUtf8Fast(bytes); }

std::string SniffMetaCharset(absl::string_view bytes) {
  std::string head = absl::AsciiStrToLower(bytes.substr(0, std::min<size_t>(bytes.size(), 4096)));
  size_t pos = 0;
  while ((pos = head.find("charset", pos)) != std::string::npos) {
    pos += 7;
    while (pos < head.size() &&
           (head[pos] == ' ' || head[pos] == '=' || head[pos] == '"' || head[pos] == '\'')) {
      ++pos;
    }
    size_t end = pos;
    while (end < head.size() && (std::isalnum(static_cast<unsigned char>(head[end])) ||
                                 head[end] == '-' || head[end] == '_')) {
      ++end;
    }
    if (end > pos) return head.substr(pos, end - pos);
  }
  return "";
}

namespace {

// Bytes to UTF-8 as they are, before any mojibake is undone.
DecodedText DecodeBytes(absl::string_view bytes, absl::string_view declared_charset) {
  bytes = StripUtf8Bom(bytes);
  // Valid UTF-8 with multi-byte sequences is practically never GBK text, so
  // strict UTF-8 wins over any declaration (a wrong "gb2312" label must not
  // produce mojibake). Otherwise GB18030 is the candidate, and whichever
  // decoding leaves fewer undecodable bytes is kept.
  DecodedText out;
  out.charset = "UTF-8";
  if (IsValidUtf8Fast(bytes)) {
    out.utf8.assign(bytes.data(), bytes.size());
    return out;
  }
  const std::string declared =
      declared_charset.empty() ? SniffMetaCharset(bytes) : std::string(declared_charset);
  DecodedText as_gb = DecodeGb18030(bytes);
  // Counting further than GB18030's count cannot change the choice.
  const int utf8_invalid = RepairUtf8(bytes, nullptr, as_gb.invalid_bytes);
  // A tie goes to the declaration.
  const bool utf8_wins = utf8_invalid < as_gb.invalid_bytes ||
                         (utf8_invalid == as_gb.invalid_bytes && IsUtf8Name(declared));
  if (!utf8_wins) return as_gb;
  out.invalid_bytes = RepairUtf8(bytes, &out.utf8);
  return out;
}

}  // namespace

DecodedText DecodeToUtf8(absl::string_view bytes, absl::string_view declared_charset) {
  DecodedText text = DecodeBytes(bytes, declared_charset);
  UndoMojibake(&text);
  return text;
}

}  // namespace govreport::extract
