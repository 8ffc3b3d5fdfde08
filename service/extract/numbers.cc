#include "service/extract/numbers.h"

#include <algorithm>
#include <bitset>
#include <cmath>
#include <cstdlib>
#include <string>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "absl/types/span.h"
#include "service/extract/normalize.h"

namespace govreport::extract {
namespace {

constexpr absl::string_view kPlaceholders[] = {"/",      "-",   "--",  "—",  "——", "―",   "无",
                                               "不适用", "N/A", "n/a", "NA", "\\", "-/-", "×"};
// The words a change cell opens with ("增52", "减37"), longest first, and the
// words for no change.
constexpr absl::string_view kIncreaseWords[] = {"增加", "新增", "增", "+"};
constexpr absl::string_view kDecreaseWords[] = {"减少", "减", "-"};
constexpr absl::string_view kNoChangeWords[] = {"持平", "无变化"};
// Units a cell may carry after its figure; longest first.
constexpr absl::string_view kCellUnits[] = {"万元", "人次", "件次", "元", "件", "条", "次",
                                            "人",   "个",   "篇",   "项", "场", "期"};

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Parses "1234", "1,234", "12.5"; sets *odd_separator when separators do not
// group by three. Returns false if `s` is not such a number.
bool ParseArabic(absl::string_view s, double* value, bool* is_integer, bool* odd_separator) {
  if (s.empty()) return false;
  std::string digits;
  bool seen_dot = false;
  size_t group_len = 0;
  bool had_separator = false;
  *odd_separator = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (IsDigit(c)) {
      digits.push_back(c);
      if (!seen_dot) ++group_len;
    } else if (c == ',' && !seen_dot) {
      if (i == 0 || i + 1 >= s.size() || !IsDigit(s[i + 1])) return false;
      if (had_separator && group_len != 3) *odd_separator = true;
      had_separator = true;
      group_len = 0;
    } else if (c == '.' && !seen_dot && i > 0 && i + 1 < s.size()) {
      seen_dot = true;
      digits.push_back('.');
    } else {
      return false;
    }
  }
  if (had_separator && group_len != 3) *odd_separator = true;
  if (digits.empty() || digits == ".") return false;
  *value = std::strtod(digits.c_str(), nullptr);
  *is_integer = !seen_dot || std::floor(*value) == *value;
  return true;
}

// Chinese digits and units with their values. 〇 and a Latin O stand for
// zero in tables, 两 for two.
constexpr std::pair<char32_t, int> kChineseDigits[] = {
    {U'零', 0}, {U'〇', 0}, {U'O', 0},  {U'一', 1}, {U'二', 2}, {U'两', 2}, {U'三', 3},
    {U'四', 4}, {U'五', 5}, {U'六', 6}, {U'七', 7}, {U'八', 8}, {U'九', 9}};
constexpr std::pair<char32_t, long long> kChineseUnits[] = {
    {U'十', 10}, {U'百', 100}, {U'千', 1000}};

int DigitOf(uint32_t cp) {
  for (const auto& [digit, value] : kChineseDigits) {
    if (digit == cp) return value;
  }
  return -1;
}

long long UnitOf(uint32_t cp) {
  for (const auto& [unit, value] : kChineseUnits) {
    if (unit == cp) return value;
  }
  return 0;
}

// Both number forms open with a digit: Arabic ("1,234") or Chinese ("二十一",
// "十", "〇").
bool StartsLikeNumber(absl::string_view body) {
  if (body.empty()) return false;
  if (IsDigit(body[0])) return true;
  size_t pos = 0;
  const uint32_t first = NextCodePoint(body, &pos);
  return DigitOf(first) >= 0 || UnitOf(first) > 0;
}

// Whether a cell that opens with `cp` may be more than text: a figure, a
// change, a placeholder. Most cells are labels, which this turns away on
// their first character.
bool MayOpenValue(uint32_t cp) {
  static const std::bitset<0x10000>* const opens = [] {
    auto* bits = new std::bitset<0x10000>;
    const auto add_first = [bits](absl::string_view word) {
      size_t pos = 0;
      bits->set(NextCodePoint(word, &pos));
    };
    for (absl::Span<const absl::string_view> words :
         {absl::MakeConstSpan(kPlaceholders), absl::MakeConstSpan(kIncreaseWords),
          absl::MakeConstSpan(kDecreaseWords), absl::MakeConstSpan(kNoChangeWords)}) {
      for (absl::string_view word : words) add_first(word);
    }
    for (char c = '0'; c <= '9'; ++c) bits->set(static_cast<unsigned char>(c));
    for (const auto& [digit, value] : kChineseDigits) bits->set(digit);
    for (const auto& [unit, value] : kChineseUnits) bits->set(unit);
    return bits;
  }();
  return cp < opens->size() && opens->test(cp);
}

}  // namespace

std::optional<long long> ParseChineseNumeral(absl::string_view s) {
  if (s.empty()) return std::nullopt;
  long long total = 0;    // completed 万 groups
  long long section = 0;  // below 万
  long long digit = -1;
  bool any = false;
  size_t pos = 0;
  while (pos < s.size()) {
    const uint32_t ch = NextCodePoint(s, &pos);
    int d = DigitOf(ch);
    if (d >= 0) {
      digit = d;
      any = true;
      continue;
    }
    long long unit = UnitOf(ch);
    if (unit > 0) {
      section += (digit < 0 ? 1 : digit) * unit;
      digit = -1;
      any = true;
      continue;
    }
    if (ch == U'万') {
      if (!any) return std::nullopt;
      total += (section + (digit > 0 ? digit : 0)) * 10000;
      section = 0;
      digit = -1;
      continue;
    }
    return std::nullopt;
  }
  if (!any) return std::nullopt;
  return total + section + (digit > 0 ? digit : 0);
}

std::optional<double> ParseQuantity(absl::string_view s) {
  double multiplier = 1;
  if (absl::ConsumeSuffix(&s, "万")) {
    multiplier = 1e4;
  } else if (absl::ConsumeSuffix(&s, "亿")) {
    multiplier = 1e8;
  }
  double v = 0;
  bool is_int = true, odd = false;
  if (ParseArabic(s, &v, &is_int, &odd) && !odd) return v * multiplier;
  if (auto n = ParseChineseNumeral(s)) return static_cast<double>(*n) * multiplier;
  return std::nullopt;
}

CellValue ParseCell(absl::string_view cell) {
  CellValue out;
  const absl::string_view s = absl::StripAsciiWhitespace(cell);
  if (s.empty()) return out;
  // Most figure cells are plain digits; up to 15 of them a double holds
  // exactly, so this reads what the general path below reads, sooner.
  if (s.size() <= 15 && std::all_of(s.begin(), s.end(), IsDigit)) {
    out.state = CellState::kNumber;
    for (char c : s) out.value = out.value * 10 + (c - '0');
    return out;
  }
  size_t first_end = 0;
  if (!MayOpenValue(NextCodePoint(s, &first_end))) {
    out.state = CellState::kText;
    return out;
  }
  for (absl::string_view p : kPlaceholders) {
    if (s == p) {
      out.state = CellState::kPlaceholder;
      return out;
    }
  }
  absl::string_view body = s;
  double sign = 1;
  const auto consume_any = [&body](absl::Span<const absl::string_view> words) {
    return std::any_of(words.begin(), words.end(),
                       [&body](absl::string_view w) { return absl::ConsumePrefix(&body, w); });
  };
  if (consume_any(kIncreaseWords)) {
    sign = 1;
  } else if (consume_any(kDecreaseWords)) {
    sign = -1;
  } else if (std::find(std::begin(kNoChangeWords), std::end(kNoChangeWords), body) !=
             std::end(kNoChangeWords)) {
    out.state = CellState::kNumber;
    return out;
  }
  body = absl::StripAsciiWhitespace(body);
  // Most cells are labels. Dropping a unit from the end leaves the start as
  // it is (or nothing), so a cell that does not start like a number is text
  // before any unit is looked for.
  if (!StartsLikeNumber(body)) {
    out.state = CellState::kText;
    return out;
  }
  for (absl::string_view u : kCellUnits) {
    if (absl::ConsumeSuffix(&body, u)) {
      out.unit = u;
      break;
    }
  }
  body = absl::StripAsciiWhitespace(body);
  if (!StartsLikeNumber(body)) {  // only a unit ("万元")
    out.state = CellState::kText;
    out.unit = {};
    return out;
  }
  // Digits broken by single spaces inside one cell ("1 0") are joined.
  const bool had_space = absl::StrContains(body, ' ');
  const std::string joined = had_space ? absl::StrReplaceAll(body, {{" ", ""}}) : std::string();
  const absl::string_view number = had_space ? absl::string_view(joined) : body;
  bool odd = false;
  if (ParseArabic(number, &out.value, &out.is_integer, &odd)) {
    out.state = CellState::kNumber;
    out.value *= sign;
    out.repaired = had_space || odd;
    return out;
  }
  if (auto n = ParseChineseNumeral(number)) {
    out.state = CellState::kNumber;
    out.value = sign * static_cast<double>(*n);
    return out;
  }
  out.state = CellState::kText;
  out.unit = {};
  return out;
}

std::string FormatNumber(double v) {
  if (std::floor(v) == v && std::fabs(v) < 1e15)
    return absl::StrFormat("%d", static_cast<long long>(v));
  std::string s = absl::StrFormat("%.6f", v);
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

}  // namespace govreport::extract
