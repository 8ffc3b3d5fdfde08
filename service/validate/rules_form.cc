// Completeness and form (rules.md): MISSING_SECTION, MISSING_TABLE,
// SECTION_ORDER, MALFORMED_NUMBER, UNREADABLE_TABLE.
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "service/validate/rule.h"

namespace govreport::validate {
namespace {

using govreport::v1::INFO;
using govreport::v1::WARNING;

bool AnyHeadingHas(const RuleContext& ctx, std::initializer_list<const char*> words) {
  for (const std::string& h : ctx.extraction().headings) {
    for (const char* w : words) {
      if (absl::StrContains(h, w)) return true;
    }
  }
  return false;
}

bool TextHas(const RuleContext& ctx, std::initializer_list<const char*> words) {
  for (const char* w : words) {
    if (absl::StrContains(ctx.extraction().result.text(), w)) return true;
  }
  return false;
}

struct Required {
  const char* name;
  bool present;
};

RuleCheck::Outcome MissingSection(const RuleContext& ctx, const RuleInfo& info,
                                  std::vector<Finding>* out) {
  if (ctx.year() == 0) return RuleCheck::NOT_ASSESSABLE;
  const auto& t = ctx.extraction().tables;
  std::vector<Required> required;
  if (ctx.year() <= 2018) {
    // 2008 条例 第三十二条; a clearly labelled statement also counts.
    required = {
        {"主动公开政府信息的情况",
         AnyHeadingHas(ctx, {"主动公开", "公开情况", "政务公开", "信息公开"})},
        {"依申请公开政府信息和不予公开政府信息的情况", AnyHeadingHas(ctx, {"依申请", "申请公开"}) ||
                                                           TextHas(ctx, {"依申请公开"}) ||
                                                           t.has_stat_table},
        {"政府信息公开的收费及减免情况", AnyHeadingHas(ctx, {"收费", "费用", "减免"}) ||
                                             TextHas(ctx, {"收费", "费用", "收取"}) ||
                                             t.has_stat_table},
        {"因政府信息公开申请行政复议、提起行政诉讼的情况",
         AnyHeadingHas(ctx, {"行政复议", "行政诉讼"}) || TextHas(ctx, {"行政复议", "行政诉讼"})},
        {"政府信息公开工作存在的主要问题及改进情况", AnyHeadingHas(ctx, {"问题", "不足", "改进"})},
    };
  } else {
    // 2019 条例 第五十条.
    required = {
        {"主动公开政府信息情况", AnyHeadingHas(ctx, {"主动公开"}) || t.has_t2},
        {"收到和处理政府信息公开申请情况",
         AnyHeadingHas(ctx, {"收到和处理", "依申请"}) || t.has_t3},
        {"被申请行政复议、提起行政诉讼情况",
         AnyHeadingHas(ctx, {"行政复议", "行政诉讼"}) || t.has_t4},
        {"存在的主要问题及改进情况", AnyHeadingHas(ctx, {"问题", "不足", "改进"})},
        {"其他需要报告的事项", AnyHeadingHas(ctx, {"其他需要报告", "其他事项"})},
    };
  }
  bool failed = false;
  for (const Required& r : required) {
    if (r.present) continue;
    failed = true;
    out->push_back(MakeFinding(
        info, absl::StrCat("缺少条例要求的“", r.name, "”部分（报告年度", ctx.year(), "）。")));
  }
  return failed ? RuleCheck::FAILED : RuleCheck::PASSED;
}

RuleCheck::Outcome MissingTable(const RuleContext& ctx, const RuleInfo& info,
                                std::vector<Finding>* out) {
  if (ctx.year() == 0) return RuleCheck::NOT_ASSESSABLE;
  if (ctx.year() < 2020) return RuleCheck::PASSED;
  const auto& t = ctx.extraction().tables;
  if (t.has_t2 && t.has_t3 && t.has_t4) return RuleCheck::PASSED;
  std::string missing;
  if (!t.has_t2) missing += "二";
  if (!t.has_t3) missing += missing.empty() ? "三" : "、三";
  if (!t.has_t4) missing += missing.empty() ? "四" : "、四";
  bool images = absl::StrContains(ctx.extraction().result.text(), "附件") ||
                absl::StrContains(ctx.extraction().result.text(), ".pdf");
  out->push_back(MakeFinding(
      info, absl::StrCat(ctx.year(), "年度报告未载明年报格式的表", missing,
                         images ? "（正文提到附件，表格可能在附件或图片中）。" : "。")));
  return RuleCheck::FAILED;
}

RuleCheck::Outcome SectionOrder(const RuleContext& ctx, const RuleInfo& info,
                                std::vector<Finding>* out) {
  const auto& sections = ctx.extraction().result.sections();
  if (sections.size() < 2) return RuleCheck::NOT_ASSESSABLE;
  std::string sequence;
  bool ok = sections[0].number() == 1;
  for (int i = 0; i < sections.size(); ++i) {
    if (i > 0 && sections[i].number() != sections[i - 1].number() + 1) ok = false;
    absl::StrAppend(&sequence, i ? "、" : "", sections[i].number());
  }
  if (ok) return RuleCheck::PASSED;
  Finding f = MakeFinding(info, absl::StrCat("一级标题序号不连续或重复：", sequence, "。"));
  f.set_found(sequence);
  for (const auto& s : sections) *f.add_evidence() = s.span();
  out->push_back(std::move(f));
  return RuleCheck::FAILED;
}

// Full-width digits, digits split by spaces and odd thousands separators in
// the source text of a figure.
bool NeededRepair(const std::string& text, const extract::Figure& fig) {
  if (fig.repaired) return true;
  if (fig.span.end <= fig.span.begin || fig.span.end > text.size()) return false;
  absl::string_view src(text.data() + fig.span.begin, fig.span.end - fig.span.begin);
  for (size_t i = 0; i + 2 < src.size(); ++i) {
    if (static_cast<unsigned char>(src[i]) == 0xEF &&
        static_cast<unsigned char>(src[i + 1]) == 0xBC &&
        static_cast<unsigned char>(src[i + 2]) >= 0x90 &&
        static_cast<unsigned char>(src[i + 2]) <= 0x99) {
      return true;
    }
  }
  return false;
}

RuleCheck::Outcome MalformedNumber(const RuleContext& ctx, const RuleInfo& info,
                                   std::vector<Finding>* out) {
  const auto& ex = ctx.extraction();
  if (ex.table_figures.empty() && ex.prose_figures.empty()) return RuleCheck::NOT_ASSESSABLE;
  bool failed = false;
  for (const auto& fig : ex.table_figures) {
    if (!NeededRepair(ex.result.text(), fig)) continue;
    failed = true;
    std::string source(ex.result.text().substr(fig.span.begin, fig.span.end - fig.span.begin));
    Finding f =
        MakeFinding(info, absl::StrCat("数字“", source, "”经修复后读作", Num(fig.value), "。"));
    f.set_severity(INFO);
    f.set_found(source);
    f.set_expected(Num(fig.value));
    f.add_metric_keys(fig.key);
    auto* s = f.add_evidence();
    s->set_start(fig.span.begin);
    s->set_end(fig.span.end);
    out->push_back(std::move(f));
  }
  return failed ? RuleCheck::FAILED : RuleCheck::PASSED;
}

RuleCheck::Outcome UnreadableTable(const RuleContext& ctx, const RuleInfo& info,
                                   std::vector<Finding>* out) {
  const auto& ex = ctx.extraction();
  const auto& t = ex.tables;
  if (!t.has_t2 && !t.has_t3 && !t.has_t4 && !t.has_stat_table) return RuleCheck::NOT_ASSESSABLE;
  for (const auto& u : ex.unreadable) {
    Finding f = MakeFinding(
        info, absl::StrCat(u.table, "无法对齐到模板：", u.reason, "；该表的数字未采用。"));
    auto* s = f.add_evidence();
    s->set_start(u.span.begin);
    s->set_end(u.span.end);
    out->push_back(std::move(f));
  }
  return ex.unreadable.empty() ? RuleCheck::PASSED : RuleCheck::FAILED;
}

}  // namespace

void AddFormRules(std::vector<std::unique_ptr<Rule>>* rules) {
  rules->push_back(std::make_unique<FunctionRule>(
      RuleInfo{"MISSING_SECTION", WARNING,
               "缺少报告年度适用条例要求的部分（2018年及以前五项，2019年起五项）",
               "section headings, tables",
               "缺少条例要求的“其他需要报告的事项”部分（报告年度2020）。"},
      MissingSection));
  rules->push_back(std::make_unique<FunctionRule>(
      RuleInfo{"MISSING_TABLE", WARNING, "2020年及以后的报告未载明年报格式表二、三、四", "tables",
               "2023年度报告未载明年报格式的表二、三、四。"},
      MissingTable));
  rules->push_back(std::make_unique<FunctionRule>(
      RuleInfo{"SECTION_ORDER", WARNING, "一级标题序号（一、二、三…）不连续、重复或跳号",
               "sections", "一级标题序号不连续或重复：1、2、3、5、6、7。"},
      SectionOrder));
  rules->push_back(std::make_unique<FunctionRule>(
      RuleInfo{"MALFORMED_NUMBER", WARNING,
               "表格数字需修复才能读取（数字间有空格、全角数字、千分位异常）", "table figures",
               "数字“1 0”经修复后读作10。"},
      MalformedNumber));
  rules->push_back(std::make_unique<FunctionRule>(
      RuleInfo{"UNREADABLE_TABLE", WARNING, "识别到表格但无法对齐到模板，相关指标缺失", "tables",
               "表三无法对齐到模板：表三有2行无法对齐到7个申请人列；该表的数字未采用。"},
      UnreadableTable));
}

}  // namespace govreport::validate
