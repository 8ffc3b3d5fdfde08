#include "service/extract/numbers.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "service/extract/normalize.h"

namespace govreport::extract {
namespace {

constexpr absl::string_view kPlaceholders[] = {"/",      "-",   "--",  "—",  "——", "―",   "无",
                                               "不适用", "N/A", "n/a", "NA", "\\", "-/-", "×"};
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

int DigitOf(absl::string_view ch) {
  static constexpr absl::string_view kDigits[] = {"零", "一", "二", "三", "四",
                                                  "五", "六", "七", "八", "九"};
  for (int d = 0; d < 10; ++d) {
    if (ch == kDigits[d]) return d;
  }
  if (ch == "〇" || ch == "O") return 0;
  if (ch == "两") return 2;
  return -1;
}

long long UnitOf(absl::string_view ch) {
  if (ch == "十") return 10;
  if (ch == "百") return 100;
  if (ch == "千") return 1000;
  return 0;
}

// Both number forms open with a digit: Arabic ("1,234") or Chinese ("二十一",
// "十", "〇").
bool StartsLikeNumber(absl::string_view body) {
  if (body.empty()) return false;
  if (IsDigit(body[0])) return true;
  size_t pos = 0;
  NextCodePoint(body, &pos);
  const absl::string_view first = body.substr(0, pos);
  return DigitOf(first) >= 0 || UnitOf(first) > 0;
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
    size_t start = pos;
    NextCodePoint(s, &pos);
    absl::string_view ch = s.substr(start, pos - start);
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
    if (ch == "万") {
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
  for (absl::string_view p : kPlaceholders) {
    if (s == p) {
      out.state = CellState::kPlaceholder;
      return out;
    }
  }
  absl::string_view body = s;
  double sign = 1;
  if (absl::ConsumePrefix(&body, "增加") || absl::ConsumePrefix(&body, "新增") ||
      absl::ConsumePrefix(&body, "增") || absl::ConsumePrefix(&body, "+")) {
    sign = 1;
  } else if (absl::ConsumePrefix(&body, "减少") || absl::ConsumePrefix(&body, "减") ||
             absl::ConsumePrefix(&body, "-")) {
    sign = -1;
  } else if (body == "持平" || body == "无变化") {
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
      out.unit = std::string(u);
      break;
    }
  }
  body = absl::StripAsciiWhitespace(body);
  if (!StartsLikeNumber(body)) {  // only a unit ("万元")
    out.state = CellState::kText;
    out.unit.clear();
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
  out.unit.clear();
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
