// Time and metadata (rules.md): PERIOD_INCOMPLETE, LATE_PUBLICATION,
// YEAR_MISMATCH, METADATA_MISSING; and the cross-document rules, which the
// service assesses with storage.
#include <map>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "service/extract/normalize.h"
#include "service/validate/rule.h"

namespace govreport::validate {
namespace {

using govreport::v1::ERROR;
using govreport::v1::INFO;
using govreport::v1::WARNING;

void MetaEvidence(const RuleContext& ctx, const char* key, Finding* f) {
  f->add_metric_keys(key);
  for (const auto& m : ctx.extraction().result.metrics()) {
    if (m.key() == key) *f->add_evidence() = m.span();
  }
}

RuleCheck::Outcome PeriodIncomplete(const RuleContext& ctx, const RuleInfo& info,
                                    std::vector<Finding>* out) {
  const auto& md = ctx.extraction().metadata;
  int y = ctx.year();
  if (y == 0 || (!md.period_start.present() && !md.period_end.present()))
    return RuleCheck::NOT_ASSESSABLE;
  std::string want_start = absl::StrCat(y, "-01-01"), want_end = absl::StrCat(y, "-12-31");
  bool start_ok = !md.period_start.present() || md.period_start.value == want_start;
  bool end_ok = !md.period_end.present() || md.period_end.value == want_end;
  if (start_ok && end_ok) return RuleCheck::PASSED;
  Finding f = MakeFinding(
      info,
      absl::StrCat("统计期限", md.period_start.present() ? md.period_start.value : "（未写起始）",
                   "至", md.period_end.present() ? md.period_end.value : "（未写截止）", "未覆盖",
                   y, "年全年。"));
  f.set_expected(absl::StrCat(want_start, "..", want_end));
  f.set_found(absl::StrCat(md.period_start.value, "..", md.period_end.value));
  MetaEvidence(ctx, "meta.period_start", &f);
  MetaEvidence(ctx, "meta.period_end", &f);
  out->push_back(std::move(f));
  return RuleCheck::FAILED;
}

// Which deadline applies (domain.md §1.3): departments 31 January, whole
// governments 31 March, townships and street offices none.
enum class Publisher { kDepartment, kGovernment, kTownship };

Publisher Classify(const std::string& agency) {
  if (absl::StrContains(agency, "镇") || absl::StrContains(agency, "乡") ||
      absl::StrContains(agency, "街道")) {
    if (!absl::StrContains(agency, "局") && !absl::StrContains(agency, "委"))
      return Publisher::kTownship;
  }
  if (absl::EndsWith(agency, "人民政府")) return Publisher::kGovernment;
  for (const char* place : {"市", "县", "区", "省", "州", "盟", "旗"}) {
    if (absl::EndsWith(agency, place)) return Publisher::kGovernment;
  }
  return Publisher::kDepartment;
}

RuleCheck::Outcome LatePublication(const RuleContext& ctx, const RuleInfo& info,
                                   std::vector<Finding>* out) {
  const auto& md = ctx.extraction().metadata;
  int y = ctx.year();
  if (y == 0 || !md.publish_date.present()) return RuleCheck::NOT_ASSESSABLE;
  std::string deadline;
  std::string basis;
  if (y <= 2018) {
    deadline = absl::StrCat(y + 1, "-03-31");
    basis = "2008年条例第三十一条";
  } else {
    if (md.agency.value.empty()) return RuleCheck::NOT_ASSESSABLE;
    switch (Classify(md.agency.value)) {
      case Publisher::kTownship:
        return RuleCheck::NOT_ASSESSABLE;
      case Publisher::kGovernment:
        deadline = absl::StrCat(y + 1, "-03-31");
        basis = "2019年条例第四十九条第二款（本级政府年报）";
        break;
      case Publisher::kDepartment:
        deadline = absl::StrCat(y + 1, "-01-31");
        basis = "2019年条例第四十九条第一款（部门年报）";
        break;
    }
  }
  if (md.publish_date.value <= deadline) return RuleCheck::PASSED;
  Finding f = MakeFinding(
      info, absl::StrCat("发布日期", md.publish_date.value, "晚于", basis, "规定的期限", deadline,
                         "（依据：“", extract::Utf8Prefix(md.publish_date.raw, 60), "”）。"));
  f.set_expected(absl::StrCat("<= ", deadline));
  f.set_found(md.publish_date.value);
  MetaEvidence(ctx, "meta.publish_date", &f);
  out->push_back(std::move(f));
  return RuleCheck::FAILED;
}

RuleCheck::Outcome YearMismatch(const RuleContext& ctx, const RuleInfo& info,
                                std::vector<Finding>* out) {
  const auto& md = ctx.extraction().metadata;
  if (md.title_year == 0) return RuleCheck::NOT_ASSESSABLE;
  // The body's statements about its own year ("2018年,我区主动公开…"), less
  // next-year plans ("2019年,我区将…", title year + 1).
  std::map<int, int> body;
  for (int y : md.body_years) {
    if (y != md.title_year + 1) ++body[y];
  }
  int body_year = 0, body_n = 0;
  for (auto [y, n] : body) {
    if (n > body_n) {
      body_year = y;
      body_n = n;
    }
  }
  const bool body_disagrees = body_n >= 2 && !body.count(md.title_year);
  const bool period_disagrees = md.period_year != 0 && md.period_year != md.title_year;
  if (md.period_year == 0 && body_n < 2) return RuleCheck::NOT_ASSESSABLE;
  if (!period_disagrees && !body_disagrees) return RuleCheck::PASSED;
  std::string message = absl::StrCat("标题年度", md.title_year);
  if (period_disagrees) absl::StrAppend(&message, "与统计期限年度", md.period_year);
  if (body_disagrees) {
    absl::StrAppend(&message, period_disagrees ? "、" : "与", "正文所述年度", body_year, "（",
                    body_n, "处）");
  }
  absl::StrAppend(&message, "不一致，可能沿用了上年模板。");
  Finding f = MakeFinding(info, message);
  f.set_expected(absl::StrCat(md.title_year));
  f.set_found(absl::StrCat(period_disagrees ? md.period_year : body_year));
  MetaEvidence(ctx, "meta.year", &f);
  if (period_disagrees) MetaEvidence(ctx, "meta.period_start", &f);
  out->push_back(std::move(f));
  return RuleCheck::FAILED;
}

RuleCheck::Outcome MetadataMissing(const RuleContext& ctx, const RuleInfo& info,
                                   std::vector<Finding>* out) {
  const auto& md = ctx.extraction().metadata;
  bool failed = false;
  if (md.agency.value.empty()) {
    Finding f = MakeFinding(info, "无法从文档确定报告主体（发布机关）。");
    f.add_metric_keys("meta.agency");
    out->push_back(std::move(f));
    failed = true;
  }
  if (md.year == 0) {
    Finding f = MakeFinding(info, "无法从文档确定报告年度。");
    f.add_metric_keys("meta.year");
    out->push_back(std::move(f));
    failed = true;
  } else if (md.year_source == "publish_date" || md.year_source == "document_numbers") {
    Finding f = MakeFinding(
        info, absl::StrCat("报告年度", md.year, "系根据",
                           md.year_source == "document_numbers" ? "正文引用文号的年份" : "发布日期",
                           "推断（文档无标题年度和统计期限），可信度较低。"));
    f.set_severity(INFO);
    f.add_metric_keys("meta.year");
    out->push_back(std::move(f));
    failed = true;
  }
  return failed ? RuleCheck::FAILED : RuleCheck::PASSED;
}

RuleCheck::Outcome NeedsStorage(const RuleContext&, const RuleInfo&, std::vector<Finding>*) {
  return RuleCheck::NOT_ASSESSABLE;
}

}  // namespace

void AddTimeRules(std::vector<std::unique_ptr<Rule>>* rules) {
  rules->push_back(std::make_unique<FunctionRule>(
      RuleInfo{
          "PERIOD_INCOMPLETE", WARNING, "所述或隐含的统计期限未覆盖报告年度全年（如“截至11月”）",
          "meta.period_start, meta.period_end", "统计期限2017-01-01至2017-11-30未覆盖2017年全年。"},
      PeriodIncomplete));
  rules->push_back(std::make_unique<FunctionRule>(
      RuleInfo{
          "LATE_PUBLICATION", WARNING,
          "发布晚于法定期限（2018年及以前3月31日；2019年起部门1月31日、本级政府3月31日）",
          "meta.publish_date, meta.year, meta.agency",
          "发布日期2024-02-14晚于2019年条例第四十九条第一款（部门年报）规定的期限2024-01-31。"},
      LatePublication));
  rules->push_back(std::make_unique<FunctionRule>(
      RuleInfo{"YEAR_MISMATCH", WARNING, "标题年度、统计期限与正文年度不一致",
               "meta.year, meta.period_*", "标题年度2019与统计期限年度2018不一致。"},
      YearMismatch));
  rules->push_back(std::make_unique<FunctionRule>(
      RuleInfo{"METADATA_MISSING", WARNING, "无法确定报告主体或年度（推断所得时为info并说明）",
               "meta.agency, meta.year",
               "报告年度2019系根据正文年度表述推断（文档无标题年度），可信度较低。"},
      MetadataMissing));
}

void AddCrossDocumentRules(std::vector<std::unique_ptr<Rule>>* rules) {
  rules->push_back(std::make_unique<FunctionRule>(
      RuleInfo{"CARRY_OVER_MISMATCH", ERROR, "本年上年结转与同一机关上年度结转下年度继续办理不一致",
               "t3.carried_over.total, previous year's t3.carried_forward.total",
               "本年“上年结转”3件，但2019年度报告“结转下年度继续办理”为5件。", true},
      NeedsStorage));
  rules->push_back(std::make_unique<FunctionRule>(
      RuleInfo{"YOY_CLAIM_MISMATCH", WARNING, "正文同比增长表述与库中上年数值不符（超出舍入误差）",
               "growth claims, previous year's metrics",
               "正文称同比增长16%，按上年1000条计算实际增长12.0%。", true},
      NeedsStorage));
  rules->push_back(std::make_unique<FunctionRule>(
      RuleInfo{"ITEM_COUNT_DRIFT", WARNING,
               "2019格式：上一年项目数量+本年增/减与下一年的上一年项目数量不符",
               "t2.*.prev_items, t2.*.delta",
               "行政许可：2019年上一年项目数量100+本年增减-3=97，但2020年报告上一年项目数量为95。",
               true},
      NeedsStorage));
  rules->push_back(std::make_unique<FunctionRule>(
      RuleInfo{"SUPERSEDED_VERSION", INFO, "同一机关同一年度收到另一份不同文档，新版本成为当前版本",
               "agency, year", "本报告被同一机关2020年度的新版本取代（旧版仍可查询）。", true},
      NeedsStorage));
}

}  // namespace govreport::validate
