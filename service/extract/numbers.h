#ifndef GOVREPORT_SERVICE_EXTRACT_NUMBERS_H_
#define GOVREPORT_SERVICE_EXTRACT_NUMBERS_H_

#include <optional>
#include <string>
#include <string_view>

#include "absl/strings/string_view.h"

namespace govreport::extract {

// What a table cell holds (domain.md §3.6).
enum class CellState {
  kBlank,        // empty or whitespace: not stated
  kPlaceholder,  // "/", "—", "无", "不适用"...: explicitly nothing
  kNumber,       // a value (possibly repaired)
  kText,         // words, not a figure
};

struct CellValue {
  CellState state = CellState::kBlank;
  double value = 0;
  bool is_integer = true;
  // The digits had to be repaired to be read ("1 0" -> 10, "12,34").
  bool repaired = false;
  // Unit written in the cell itself ("元", "万元", "件"), if any: one of the
  // units ParseCell knows, in static storage (cells are copied and moved
  // often, a string would be copied with them).
  absl::string_view unit;

  bool operator==(const CellValue&) const = default;
};

// Reads one normalised table cell: "12", "0件", "增52", "减37", "-3", "1,234",
// "176252079.43", "1 0" (repaired), "/" (placeholder), "" (blank).
CellValue ParseCell(absl::string_view cell);

// Value of a Chinese numeral such as "二十一", "一百零五", "两", "三千", "〇";
// nullopt if `s` is not entirely a numeral.
std::optional<long long> ParseChineseNumeral(absl::string_view s);

// Reads a quantity written in prose: Arabic digits with optional thousands
// separators and decimal part, or a Chinese numeral, followed optionally by
// the multiplier 万 or 亿. nullopt if unreadable.
std::optional<double> ParseQuantity(absl::string_view s);

// Formats a value for messages: integers without a decimal point.
std::string FormatNumber(double v);

}  // namespace govreport::extract

#endif  // GOVREPORT_SERVICE_EXTRACT_NUMBERS_H_
