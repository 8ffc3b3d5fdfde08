#ifndef GOVREPORT_SERVICE_EXTRACT_NORMALIZE_H_
#define GOVREPORT_SERVICE_EXTRACT_NORMALIZE_H_

#include <algorithm>
#include <bitset>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/strings/string_view.h"

namespace govreport::extract {

// Text folded for matching, with a map back to the source offsets so that
// evidence spans point at the text a reviewer sees.
// Where each character of a normalised text starts in the source. Folding
// mostly copies bytes, so the map keeps runs of one shift each (a few per
// line) rather than an offset per byte. Defined at character boundaries and
// at the text's end, which maps to the end of the source range.
class OffsetMap {
 public:
  // The source offset of normalised offset `at`, a character boundary.
  uint32_t SourceOf(size_t at) const;

  // Normalised bytes from `at` on come from source bytes from `source` on,
  // until the next call; a call the current run already predicts adds
  // nothing. Calls come in increasing `at`.
  void Map(size_t at, uint32_t source) {
    // Inline: it runs for every character folded.
    if (!runs_.empty() && source - static_cast<uint32_t>(at) == shift_) return;
    AddRun(at, source);
  }

  // Appends `tail`, the map of a text appended at normalised offset `at`, in
  // place of this map's entry for its end.
  void Append(const OffsetMap& tail, size_t at);

  bool operator==(const OffsetMap& other) const { return runs_ == other.runs_; }

 private:
  struct Run {
    uint32_t at;
    uint32_t source;
    bool operator==(const Run&) const = default;
  };
  void AddRun(size_t at, uint32_t source);

  std::vector<Run> runs_;
  uint32_t shift_ = 0;  // the last run's source - at, modulo 2^32
};

struct NormText {
  std::string text;
  // origin.SourceOf(i): the source byte offset of normalised byte i, for i at
  // a character boundary or text.size() (the end of the source range).
  OffsetMap origin;

  bool operator==(const NormText&) const = default;
};

// Folds one line of UTF-8 text for label and pattern matching (domain.md
// §3.5): NFKC-style folding of full-width ASCII, ideographic and other
// exotic spaces, Kangxi radicals and CJK compatibility ideographs; removes
// zero-width characters; collapses whitespace; drops spaces between two CJK
// characters ("统 计 指 标" -> "统计指标") but keeps spaces between digits so that
// "1 0" can be repaired and recorded. `base` is added to every origin offset.
NormText NormalizeLine(absl::string_view line, uint32_t base = 0);

// NormalizeLine's text alone, for labels and cells that need no offset map.
std::string NormalizeText(absl::string_view line);

// The length of the UTF-8 sequence `lead` starts: 1 for ASCII, 2 to 4 for a
// lead byte, 0 for a continuation byte or a byte UTF-8 never uses.
inline size_t Utf8SequenceLength(unsigned char lead) {
  return lead < 0x80 ? 1 : (lead >> 5) == 6 ? 2 : (lead >> 4) == 14 ? 3 : (lead >> 3) == 30 ? 4 : 0;
}

// True for the bytes after a UTF-8 lead byte (10xxxxxx).
inline bool IsUtf8Continuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

// The code point of the three-byte UTF-8 sequence `text` starts (the caller
// has checked the lead and continuation bytes): decoded in place, without
// NextCodePoint's checks, on paths that run for every character or cell.
inline uint32_t ThreeByteCodePoint(absl::string_view text) {
  const auto* b = reinterpret_cast<const unsigned char*>(text.data());
  return ((b[0] & 0x0Fu) << 12) | ((b[1] & 0x3Fu) << 6) | (b[2] & 0x3Fu);
}

// The same where the caller has not checked: the code point of the
// three-byte sequence `text` starts with (a lead byte E0..EF and two
// continuation bytes), or 0 when it starts otherwise.
inline uint32_t CheckedThreeByteCodePoint(absl::string_view text) {
  const auto* b = reinterpret_cast<const unsigned char*>(text.data());
  if (text.size() < 3 || b[0] >> 4 != 0xE || !IsUtf8Continuation(b[1]) ||
      !IsUtf8Continuation(b[2])) {
    return 0;
  }
  return ThreeByteCodePoint(text);
}

// Where byte `c` first occurs in `s` at or after `from`, or npos: memchr,
// inlined. (Debian's abseil builds string_view::find out of line, which
// costs a call for every search on the paths that search per tag or cell.)
inline size_t FindByte(absl::string_view s, char c, size_t from = 0) {
  if (from >= s.size()) return absl::string_view::npos;
  const void* hit = std::memchr(s.data() + from, c, s.size() - from);
  return hit == nullptr ? absl::string_view::npos
                        : static_cast<size_t>(static_cast<const char*>(hit) - s.data());
}

// Decodes one UTF-8 code point at `pos`, advancing it. Invalid bytes yield
// U+FFFD and advance by one.
uint32_t NextCodePoint(absl::string_view s, size_t* pos);

// Appends the UTF-8 encoding of `cp` to `out`.
void AppendUtf8(uint32_t cp, std::string* out);

// True for CJK ideographs (the characters between which spaces are noise).
bool IsCjkIdeograph(uint32_t cp);

// True if `s` contains at least one CJK ideograph.
bool ContainsCjk(absl::string_view s);

// The longest prefix of `s` of at most `max_bytes` that ends on a UTF-8
// character boundary.
std::string Utf8Prefix(absl::string_view s, size_t max_bytes);

// Where `needle` first occurs in `text` at or after `from`, or npos. Text is
// searched through here: string_view::find stops at every copy of the
// needle's first byte, a UTF-8 lead byte that Chinese text repeats every few
// characters; this tests the first and last bytes of sixteen starts at once.
// (glibc's memmem sets up a 256-byte table per call, which costs more than
// the search on the short cells and lines most searches run on.)
size_t FindText(absl::string_view text, absl::string_view needle, size_t from = 0);

inline bool ContainsText(absl::string_view text, absl::string_view needle) {
  return FindText(text, needle) != absl::string_view::npos;
}

// Finds a fixed set of needles in one pass over a text, for sets searched
// often (the prose catalog's openers, the page chrome markers), where one
// FindText per needle would pass over the text once per needle. A bitmap
// keyed by a hash of a needle's first six bytes marks where one can start;
// only there are needles compared, on their first eight bytes and then in
// full. It stops at every character where FindText tests sixteen places at a
// time, so for a few needles over a long text FindText per needle is faster.
class MultiFinder {
 public:
  // Adds `needle` and returns its id; the same text keeps its id. -1 when it
  // is empty or starts with a UTF-8 continuation byte (it cannot be found in
  // UTF-8 text but inside a character).
  int Add(absl::string_view needle);
  size_t size() const { return needles_.size(); }

  // Calls `on_match(id, position)` for each occurrence of each needle in
  // `text`, by position, until it returns false.
  void ForEachMatch(absl::string_view text,
                    absl::FunctionRef<bool(int id, size_t position)> on_match) const;
  // Whether any needle occurs in `text`.
  bool ContainsAny(absl::string_view text) const;

 private:
  // Needles of kKeyBytes or more (two Chinese characters) are keyed by a hash
  // of those bytes, so that few places in a text pass the bitmap and few
  // needles share a key; shorter ones by their first byte.
  static constexpr size_t kKeyBytes = 6;
  struct Candidate {
    uint64_t head = 0;  // the needle's first (up to) eight bytes, little-endian
    uint64_t head_mask = 0;
    int id = 0;
  };
  // The bitmap is kept small (2 KiB) so that it stays in the L1 cache while
  // a text streams past.
  static constexpr int kKeyBits = 14;
  static uint32_t KeyOf(uint64_t head) {
    constexpr uint64_t kKeyMask = (uint64_t{1} << (8 * kKeyBytes)) - 1;
    return static_cast<uint32_t>(((head & kKeyMask) * 0x9E3779B97F4A7C15u) >> (64 - kKeyBits));
  }
  bool Matches(const Candidate& c, absl::string_view rest, uint64_t head) const;

  std::bitset<1 << kKeyBits> keys_;
  // The candidates for key k are by_key_[key_starts_[k], key_starts_[k + 1]).
  std::vector<Candidate> by_key_;
  std::vector<uint32_t> key_starts_ = std::vector<uint32_t>((1 << kKeyBits) + 1, 0);
  std::bitset<256> short_starts_;
  absl::flat_hash_map<unsigned char, std::vector<Candidate>> by_first_byte_;
  std::vector<std::string> needles_;
  absl::flat_hash_map<std::string, int> ids_;
};

// Calls `each` with every non-empty '|'-separated alternative, in order, until
// it returns true; whether one did. (A loop, not StrSplit: the table and prose
// readers run it for every cell and match.)
template <typename Each>
bool AnyAlternative(absl::string_view alternatives, Each each) {
  while (!alternatives.empty()) {
    const size_t bar = std::min(FindByte(alternatives, '|'), alternatives.size());
    if (bar > 0 && each(alternatives.substr(0, bar))) return true;
    alternatives.remove_prefix(std::min(bar + 1, alternatives.size()));
  }
  return false;
}

// True if `text` contains any of the '|'-separated alternatives.
bool ContainsAnyOf(absl::string_view text, absl::string_view alternatives);

// The length of the Chinese numeral 一 to 十 that `text` starts with: 3 (one
// character), or 0 when it starts otherwise.
size_t LeadingChineseNumeralCharacter(absl::string_view text);

// The Chinese numeral that opens a "一、" / "十一、" ordinal at the start of
// `text` (without the 、), or empty when `text` does not start so.
absl::string_view LeadingChineseOrdinal(absl::string_view text);

// Removes every space from `s` (labels are compared without spaces).
std::string StripSpaces(absl::string_view s);
// Appends `s` to `out` without its ASCII spaces (StripSpaces without a copy).
void AppendWithoutSpaces(absl::string_view s, std::string* out);

// The start of `utf8` up to its `characters`-th non-ASCII character: a sample
// to judge a whole document by, cheaply.
absl::string_view LeadingText(absl::string_view utf8, int characters);

// How many times `needle` (not empty) occurs in `text`, without overlaps.
size_t CountOccurrences(absl::string_view text, absl::string_view needle);

}  // namespace govreport::extract

#endif  // GOVREPORT_SERVICE_EXTRACT_NORMALIZE_H_
