#include "service/extract/numbers.h"

#include <initializer_list>
#include <utility>

#include "gtest/gtest.h"

namespace govreport::extract {
namespace {

TEST(NumbersTest, ChineseNumerals) {
  EXPECT_EQ(ParseChineseNumeral("二十一"), 21);
  EXPECT_EQ(ParseChineseNumeral("一百零五"), 105);
  EXPECT_EQ(ParseChineseNumeral("两"), 2);
  EXPECT_EQ(ParseChineseNumeral("十二"), 12);
  EXPECT_EQ(ParseChineseNumeral("三千"), 3000);
  EXPECT_EQ(ParseChineseNumeral("〇"), 0);
  EXPECT_EQ(ParseChineseNumeral("九十六"), 96);
  EXPECT_FALSE(ParseChineseNumeral("一是").has_value());
}

TEST(NumbersTest, Quantities) {
  EXPECT_DOUBLE_EQ(*ParseQuantity("13912"), 13912);
  EXPECT_DOUBLE_EQ(*ParseQuantity("1.2万"), 12000);
  EXPECT_DOUBLE_EQ(*ParseQuantity("44.8万"), 448000);
  EXPECT_DOUBLE_EQ(*ParseQuantity("127,962"), 127962);
  EXPECT_FALSE(ParseQuantity("12,34").has_value());
  EXPECT_DOUBLE_EQ(*ParseQuantity("二十五"), 25);
}

TEST(NumbersTest, CellStates) {
  EXPECT_EQ(ParseCell("").state, CellState::kBlank);
  EXPECT_EQ(ParseCell("  ").state, CellState::kBlank);
  for (const char* p :
       {"/", "—", "——", "-", "--", "无", "不适用", "N/A", "n/a", "NA", "\\", "-/-", "×", "―"}) {
    EXPECT_EQ(ParseCell(p).state, CellState::kPlaceholder) << p;
  }
  CellValue zero = ParseCell("0件");
  EXPECT_EQ(zero.state, CellState::kNumber);
  EXPECT_EQ(zero.value, 0);
  EXPECT_EQ(ParseCell("规章").state, CellState::kText);
  // A unit alone, or a label ending in one, is text and keeps no unit.
  for (const char* label : {"万元", "件", "人次", "(三)申请人数", "办理件"}) {
    const CellValue v = ParseCell(label);
    EXPECT_EQ(v.state, CellState::kText) << label;
    EXPECT_EQ(v.unit, "") << label;
  }
  const CellValue chinese = ParseCell("三十五人次");
  EXPECT_EQ(chinese.state, CellState::kNumber);
  EXPECT_EQ(chinese.value, 35);
  EXPECT_EQ(chinese.unit, "人次");
}

TEST(NumbersTest, SignedChanges) {
  EXPECT_EQ(ParseCell("减37").value, -37);
  EXPECT_EQ(ParseCell("增52").value, 52);
  EXPECT_EQ(ParseCell("-3").value, -3);
  EXPECT_EQ(ParseCell("+1036").value, 1036);
  EXPECT_EQ(ParseCell("持平").value, 0);
  // Every change word, and the words for no change, opens a figure.
  for (auto [cell, value] : std::initializer_list<std::pair<const char*, double>>{{"增加5", 5},
                                                                                  {"新增6", 6},
                                                                                  {"减少2", -2},
                                                                                  {"无变化", 0},
                                                                                  {"二十一", 21},
                                                                                  {"十", 10},
                                                                                  {"O", 0},
                                                                                  {"〇", 0},
                                                                                  {"两", 2}}) {
    const CellValue v = ParseCell(cell);
    EXPECT_EQ(v.state, CellState::kNumber) << cell;
    EXPECT_EQ(v.value, value) << cell;
  }
  // A label that only opens like a change or a placeholder is text.
  for (const char* label : {"新收申请", "减免费用", "不予公开", "无法提供", "×项目", "Name"}) {
    EXPECT_EQ(ParseCell(label).state, CellState::kText) << label;
  }
}

TEST(NumbersTest, SplitDigitsAreRepairedAndFlagged) {
  CellValue v = ParseCell("1 0");
  EXPECT_EQ(v.state, CellState::kNumber);
  EXPECT_EQ(v.value, 10);
  EXPECT_TRUE(v.repaired);
  EXPECT_FALSE(ParseCell("10").repaired);
}

TEST(NumbersTest, DecimalsAndUnits) {
  CellValue v = ParseCell("176252079.43");
  EXPECT_DOUBLE_EQ(v.value, 176252079.43);
  EXPECT_FALSE(v.is_integer);
  CellValue yuan = ParseCell("251000元");
  EXPECT_EQ(yuan.unit, "元");
  EXPECT_EQ(yuan.value, 251000);
}

TEST(NumbersTest, FormatNumber) {
  EXPECT_EQ(FormatNumber(12), "12");
  EXPECT_EQ(FormatNumber(0.038), "0.038");
  EXPECT_EQ(FormatNumber(-5), "-5");
}

}  // namespace
}  // namespace govreport::extract
