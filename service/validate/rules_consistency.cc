// Consistency across the document (rules.md): TEXT_TABLE_MISMATCH,
// CHANNEL_EXCEEDS_TOTAL, DUPLICATE_METRIC_CONFLICT.
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "service/extract/metric_catalog.h"
#include "service/validate/rule.h"

namespace govreport::validate {
namespace {

using govreport::v1::ERROR;
using govreport::v1::WARNING;

std::string Label(const std::string& key) {
  const extract::MetricSpec* spec = extract::FindMetric(key);
  return spec ? std::string(spec->label_zh) : key;
}

void Span(const extract::Figure& f, Finding* out) {
  auto* s = out->add_evidence();
  s->set_start(f.span.begin);
  s->set_end(f.span.end);
}

RuleCheck::Outcome TextTableMismatch(const RuleContext& ctx, const RuleInfo& info,
                                     std::vector<Finding>* out) {
  const auto& ex = ctx.extraction();
  std::map<std::string, const extract::Figure*> table;
  for (const auto& f : ex.table_figures) table.emplace(f.key, &f);
  bool assessed = false;
  std::map<std::string, bool> reported;
  for (const auto& p : ex.prose_figures) {
    auto it = table.find(p.key);
    if (it == table.end()) continue;
    assessed = true;
    if (it->second->value == p.value || reported[p.key]) continue;
    reported[p.key] = true;
    // Format reports restate table-三 totals in 2008 wording whose scope may
    // differ (city-wide prose, 条 vs 件): a warning there, an error otherwise.
    bool restated = absl::StartsWith(p.key, "t3.");
    Finding f = MakeFinding(info, absl::StrCat("正文“", p.raw, "”与表格“", Label(p.key), "”",
                                               Num(it->second->value), "不一致。"));
    f.set_severity(restated ? WARNING : ERROR);
    f.set_expected(Num(it->second->value));
    f.set_found(Num(p.value));
    f.add_metric_keys(p.key);
    Span(p, &f);
    Span(*it->second, &f);
    out->push_back(std::move(f));
  }
  // A figure the prose gives for a row the table leaves blank, while the
  // table shows the same figure in a sibling row: probably filled into the
  // wrong row (seed 004: 政务微信 273 in prose, 其他方式 273 in the table).
  static const std::vector<std::string> kSiblings[] = {
      {"proactive.channel.gazette", "proactive.channel.website", "proactive.channel.weibo",
       "proactive.channel.wechat", "proactive.channel.weibo_wechat", "proactive.channel.other"}};
  std::map<std::string, double> prose_values;
  for (const auto& p : ex.prose_figures) prose_values.emplace(p.key, p.value);
  for (const auto& p : ex.prose_figures) {
    if (table.count(p.key) || reported[p.key]) continue;
    for (const auto& group : kSiblings) {
      if (std::find(group.begin(), group.end(), p.key) == group.end()) continue;
      for (const std::string& sibling : group) {
        auto t = table.find(sibling);
        if (sibling == p.key || t == table.end() || t->second->value != p.value) continue;
        auto stated = prose_values.find(sibling);
        if (stated != prose_values.end() && stated->second == p.value) continue;
        assessed = true;
        reported[p.key] = true;
        Finding f = MakeFinding(
            info, absl::StrCat("正文“", p.raw, "”在表格“", Label(p.key), "”一行为空，而表格“",
                               Label(sibling), "”为", Num(t->second->value), "，疑似填错行。"));
        f.set_severity(WARNING);
        f.set_expected(Num(p.value));
        f.set_found("");
        f.add_metric_keys(p.key);
        f.add_metric_keys(sibling);
        Span(p, &f);
        Span(*t->second, &f);
        out->push_back(std::move(f));
        break;
      }
    }
  }
  if (!assessed) return RuleCheck::NOT_ASSESSABLE;
  return reported.empty() ? RuleCheck::PASSED : RuleCheck::FAILED;
}

RuleCheck::Outcome ChannelExceedsTotal(const RuleContext& ctx, const RuleInfo& info,
                                       std::vector<Finding>* out) {
  const Value* total = ctx.Get("proactive.total");
  if (total == nullptr) return RuleCheck::NOT_ASSESSABLE;
  static const char* kChannels[] = {"proactive.channel.gazette",      "proactive.channel.website",
                                    "proactive.channel.weibo",        "proactive.channel.wechat",
                                    "proactive.channel.weibo_wechat", "proactive.channel.other"};
  double sum = 0;
  std::vector<std::string> present;
  for (const char* k : kChannels) {
    if (const Value* v = ctx.Get(k)) {
      sum += v->value;
      present.push_back(k);
    }
  }
  if (present.empty()) return RuleCheck::NOT_ASSESSABLE;
  if (sum <= total->value) return RuleCheck::PASSED;
  Finding f = MakeFinding(
      info, absl::StrCat("各渠道公开信息合计", Num(sum), "条，超过主动公开总数", Num(total->value),
                         "条（多", Num(sum - total->value), "条）；渠道可能重叠，请核实。"));
  f.set_expected(absl::StrCat("<= ", Num(total->value)));
  f.set_found(Num(sum));
  AddEvidence(ctx, "proactive.total", &f);
  for (const std::string& k : present) AddEvidence(ctx, k, &f);
  out->push_back(std::move(f));
  return RuleCheck::FAILED;
}

RuleCheck::Outcome DuplicateMetricConflict(const RuleContext& ctx, const RuleInfo& info,
                                           std::vector<Finding>* out) {
  std::map<std::string, const extract::Figure*> first;
  std::map<std::string, bool> reported;
  for (const auto& p : ctx.extraction().prose_figures) {
    auto [it, inserted] = first.emplace(p.key, &p);
    if (inserted || it->second->value == p.value || reported[p.key]) continue;
    reported[p.key] = true;
    Finding f = MakeFinding(info, absl::StrCat("“", Label(p.key), "”在正文中出现两个不同的数：“",
                                               it->second->raw, "”与“", p.raw, "”。"));
    f.set_expected(Num(it->second->value));
    f.set_found(Num(p.value));
    f.add_metric_keys(p.key);
    Span(*it->second, &f);
    Span(p, &f);
    out->push_back(std::move(f));
  }
  if (first.empty()) return RuleCheck::NOT_ASSESSABLE;
  return reported.empty() ? RuleCheck::PASSED : RuleCheck::FAILED;
}

}  // namespace

void AddConsistencyRules(std::vector<std::unique_ptr<Rule>>* rules) {
  rules->push_back(std::make_unique<FunctionRule>(
      RuleInfo{
          "TEXT_TABLE_MISMATCH", WARNING,
          "正文所述数字与表格中同一指标的数值不一致（同为确切计数时为error）",
          "prose and table figures of the same key",
          "正文“召开政府信息公开会议4次”与表格“召开政府信息公开工作会议或专题会议数”0不一致。"},
      TextTableMismatch));
  rules->push_back(std::make_unique<FunctionRule>(
      RuleInfo{
          "CHANNEL_EXCEEDS_TOTAL", WARNING, "各渠道主动公开数之和超过主动公开总数",
          "proactive.total, proactive.channel.*",
          "各渠道公开信息合计1088条，超过主动公开总数815条（多273条）；渠道可能重叠，请核实。"},
      ChannelExceedsTotal));
  rules->push_back(
      std::make_unique<FunctionRule>(RuleInfo{"DUPLICATE_METRIC_CONFLICT", WARNING,
                                              "同一指标在正文中出现两次且数值不同", "prose figures",
                                              "“主动公开政府信息数”在正文中出现两个不同的数：“主动"
                                              "公开政府信息75条”与“主动公开政府信息57条”。"},
                                     DuplicateMetricConflict));
}

}  // namespace govreport::validate
