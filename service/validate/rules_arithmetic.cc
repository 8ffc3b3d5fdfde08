// Arithmetic inside one table (rules.md): T3_*, T4_SUM, STAT_SUM, REQUEST_FLOW.
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "service/extract/tables.h"
#include "service/validate/rule.h"

namespace govreport::validate {
namespace {

using govreport::v1::ERROR;

using extract::kT3Columns;
using extract::T3Column;

std::vector<std::string> ResultStems(const std::string& template_name) {
  std::vector<std::string> stems = {"granted",
                                    "partial",
                                    "denied.state_secret",
                                    "denied.law_forbidden",
                                    "denied.three_safety",
                                    "denied.third_party",
                                    "denied.internal",
                                    "denied.process",
                                    "denied.enforcement",
                                    "denied.query",
                                    "unable.no_info",
                                    "unable.need_creation",
                                    "unable.unclear",
                                    "ignored.complaint",
                                    "ignored.repeat",
                                    "ignored.publication",
                                    "ignored.massive",
                                    "ignored.confirm"};
  if (template_name == "format_2021") {
    for (const char* s : {"other.no_correction", "other.no_fee", "other.misc"}) stems.push_back(s);
  } else {
    stems.push_back("other");
  }
  return stems;
}

bool IsFormat(const RuleContext& ctx) { return absl::StartsWith(ctx.template_name(), "format_"); }

std::string BlankNote(const IdentityResult& r) {
  if (r.blank_parts.empty()) return "";
  return absl::StrCat("（空白项", r.blank_parts.size(), "个按0计）");
}

// Appends a finding for a failed identity total = Σ parts.
void IdentityFinding(const RuleContext& ctx, const RuleInfo& info, const std::string& what,
                     const std::string& total_key, const std::vector<std::string>& parts,
                     const IdentityResult& r, std::vector<Finding>* out) {
  Finding f =
      MakeFinding(info, absl::StrCat(what, "：分项合计", Num(r.sum), "，但总数为", Num(r.total),
                                     "，相差", Num(r.total - r.sum), "。", BlankNote(r)));
  f.set_expected(Num(r.sum));
  f.set_found(Num(r.total));
  AddEvidence(ctx, total_key, &f);
  for (const std::string& p : parts) AddEvidence(ctx, p, &f);
  out->push_back(std::move(f));
}

RuleCheck::Outcome T3Balance(const RuleContext& ctx, const RuleInfo& info,
                             std::vector<Finding>* out) {
  if (!IsFormat(ctx)) return RuleCheck::NOT_ASSESSABLE;
  bool assessed = false, failed = false;
  for (const T3Column& c : kT3Columns) {
    std::string k_new = absl::StrCat("t3.new.", c.suffix);
    std::string k_over = absl::StrCat("t3.carried_over.", c.suffix);
    std::string k_done = absl::StrCat("t3.processed.", c.suffix);
    std::string k_fwd = absl::StrCat("t3.carried_forward.", c.suffix);
    const Value* v_new = ctx.Get(k_new);
    const Value* v_done = ctx.Get(k_done);
    if (v_new == nullptr || v_done == nullptr) continue;
    assessed = true;
    double over = ctx.Has(k_over) ? ctx.Get(k_over)->value : 0;
    double fwd = ctx.Has(k_fwd) ? ctx.Get(k_fwd)->value : 0;
    double in = v_new->value + over, outv = v_done->value + fwd;
    if (in == outv) continue;
    failed = true;
    Finding f = MakeFinding(
        info, absl::StrCat("表三“", c.header, "”列：本年新收", Num(v_new->value), " + 上年结转",
                           Num(over), " = ", Num(in), "，但办理结果总计", Num(v_done->value),
                           " + 结转下年度", Num(fwd), " = ", Num(outv), "，相差",
                           Num(in > outv ? in - outv : outv - in), "。"));
    f.set_expected(Num(in));
    f.set_found(Num(outv));
    for (const std::string& k : {k_new, k_over, k_done, k_fwd}) AddEvidence(ctx, k, &f);
    out->push_back(std::move(f));
  }
  if (!assessed) return RuleCheck::NOT_ASSESSABLE;
  return failed ? RuleCheck::FAILED : RuleCheck::PASSED;
}

RuleCheck::Outcome T3ResultSum(const RuleContext& ctx, const RuleInfo& info,
                               std::vector<Finding>* out) {
  if (!IsFormat(ctx)) return RuleCheck::NOT_ASSESSABLE;
  bool assessed = false, failed = false;
  for (const T3Column& c : kT3Columns) {
    std::vector<std::string> parts;
    for (const std::string& stem : ResultStems(ctx.template_name())) {
      parts.push_back(absl::StrCat("t3.", stem, ".", c.suffix));
    }
    std::string total = absl::StrCat("t3.processed.", c.suffix);
    IdentityResult r = CheckIdentity(ctx, total, parts);
    if (!r.assessable) continue;
    assessed = true;
    if (r.holds) continue;
    failed = true;
    IdentityFinding(ctx, info, absl::StrCat("表三“", c.header, "”列办理结果"), total, parts, r,
                    out);
  }
  if (!assessed) return RuleCheck::NOT_ASSESSABLE;
  return failed ? RuleCheck::FAILED : RuleCheck::PASSED;
}

RuleCheck::Outcome T3ColumnSum(const RuleContext& ctx, const RuleInfo& info,
                               std::vector<Finding>* out) {
  if (!IsFormat(ctx)) return RuleCheck::NOT_ASSESSABLE;
  std::vector<std::string> stems = {"new", "carried_over"};
  for (const std::string& s : ResultStems(ctx.template_name())) stems.push_back(s);
  stems.push_back("processed");
  stems.push_back("carried_forward");
  bool assessed = false, failed = false;
  for (const std::string& stem : stems) {
    std::vector<std::string> parts;
    for (size_t c = 0; c + 1 < std::size(kT3Columns); ++c) {
      parts.push_back(absl::StrCat("t3.", stem, ".", kT3Columns[c].suffix));
    }
    std::string total = absl::StrCat("t3.", stem, ".total");
    IdentityResult r = CheckIdentity(ctx, total, parts);
    if (!r.assessable) continue;
    assessed = true;
    if (r.holds) continue;
    failed = true;
    IdentityFinding(ctx, info, absl::StrCat("表三“", stem, "”行各申请人列"), total, parts, r, out);
  }
  if (!assessed) return RuleCheck::NOT_ASSESSABLE;
  return failed ? RuleCheck::FAILED : RuleCheck::PASSED;
}

RuleCheck::Outcome T4Sum(const RuleContext& ctx, const RuleInfo& info, std::vector<Finding>* out) {
  if (!IsFormat(ctx)) return RuleCheck::NOT_ASSESSABLE;
  struct Block {
    const char* key;
    const char* label;
  };
  constexpr Block kBlocks[] = {{"review", "行政复议"},
                               {"litigation_direct", "未经复议直接起诉"},
                               {"litigation_after_review", "复议后起诉"}};
  bool assessed = false, failed = false;
  for (const Block& b : kBlocks) {
    std::vector<std::string> parts;
    for (const char* p : {"maintained", "corrected", "other", "pending"}) {
      parts.push_back(absl::StrCat("t4.", b.key, ".", p));
    }
    std::string total = absl::StrCat("t4.", b.key, ".total");
    IdentityResult r = CheckIdentity(ctx, total, parts);
    if (!r.assessable) continue;
    assessed = true;
    if (r.holds) continue;
    failed = true;
    IdentityFinding(ctx, info,
                    absl::StrCat("表四“", b.label, "”：结果维持+结果纠正+其他结果+尚未审结"), total,
                    parts, r, out);
  }
  if (!assessed) return RuleCheck::NOT_ASSESSABLE;
  return failed ? RuleCheck::FAILED : RuleCheck::PASSED;
}

struct StatIdentity {
  const char* total;
  const char* label;
  std::vector<std::string> parts;
};

const std::vector<StatIdentity>& StatIdentities() {
  static const auto* ids = new std::vector<StatIdentity>{
      {"request.received",
       "收到申请数",
       {"request.received.in_person", "request.received.fax", "request.received.online",
        "request.received.letter"}},
      {"request.completed",
       "申请办结数",
       {"request.completed.on_time", "request.completed.extended"}},
      {"request.replies",
       "申请答复数",
       {"request.reply.already_public", "request.reply.granted", "request.reply.partial",
        "request.reply.denied", "request.reply.not_this_agency", "request.reply.not_exist",
        "request.reply.clarify", "request.reply.other_channel"}},
      {"request.reply.denied",
       "不同意公开答复数",
       {"request.reply.denied.state_secret", "request.reply.denied.commercial_secret",
        "request.reply.denied.privacy", "request.reply.denied.security_stability",
        "request.reply.denied.not_gov_info", "request.reply.denied.other_law"}},
      {"review.total", "行政复议数量", {"review.maintained", "review.corrected", "review.other"}},
      {"litigation.total",
       "行政诉讼数量",
       {"litigation.maintained", "litigation.corrected", "litigation.other"}},
      {"org.staff", "从事政府信息公开工作人员数", {"org.staff.full_time", "org.staff.part_time"}},
  };
  return *ids;
}

RuleCheck::Outcome StatSum(const RuleContext& ctx, const RuleInfo& info,
                           std::vector<Finding>* out) {
  if (IsFormat(ctx)) return RuleCheck::NOT_ASSESSABLE;
  bool assessed = false, failed = false;
  for (const StatIdentity& id : StatIdentities()) {
    IdentityResult r = CheckIdentity(ctx, id.total, id.parts);
    // In the statistics table every row is printed, so a blank part is
    // unknown, not zero (domain.md §2.3: fires only when total and all parts
    // are present); prose lists only the parts it has.
    bool table = ctx.template_name() == "stat_table_2008";
    if (!r.assessable || (table && !r.blank_parts.empty())) continue;
    assessed = true;
    if (r.holds) continue;
    failed = true;
    IdentityFinding(ctx, info, id.label, id.total, id.parts, r, out);
  }
  if (!assessed) return RuleCheck::NOT_ASSESSABLE;
  return failed ? RuleCheck::FAILED : RuleCheck::PASSED;
}

RuleCheck::Outcome RequestFlow(const RuleContext& ctx, const RuleInfo& info,
                               std::vector<Finding>* out) {
  if (IsFormat(ctx)) return RuleCheck::NOT_ASSESSABLE;
  const Value* received = ctx.Get("request.received");
  if (received == nullptr) return RuleCheck::NOT_ASSESSABLE;
  // Completed: the stated total, else 按时 + 延期, else the replies.
  std::vector<std::string> keys;
  double done = 0;
  if (ctx.Has("request.completed")) {
    keys = {"request.completed"};
  } else if (ctx.Has("request.completed.on_time") || ctx.Has("request.completed.extended")) {
    keys = {"request.completed.on_time", "request.completed.extended"};
  } else if (ctx.Has("request.replies")) {
    keys = {"request.replies"};
  } else {
    return RuleCheck::NOT_ASSESSABLE;
  }
  for (const std::string& k : keys) done += ctx.Has(k) ? ctx.Get(k)->value : 0;
  if (done <= received->value) return RuleCheck::PASSED;
  Finding f = MakeFinding(
      info, absl::StrCat("收到申请", Num(received->value), "件（未说明上年结转），但办结",
                         Num(done), "件，办结数多于收到数", Num(done - received->value), "件。"));
  f.set_expected(absl::StrCat("<= ", Num(received->value)));
  f.set_found(Num(done));
  AddEvidence(ctx, "request.received", &f);
  for (const std::string& k : keys) {
    if (ctx.Has(k)) AddEvidence(ctx, k, &f);
  }
  out->push_back(std::move(f));
  return RuleCheck::FAILED;
}

}  // namespace

void AddArithmeticRules(std::vector<std::unique_ptr<Rule>>* rules) {
  rules->push_back(std::make_unique<FunctionRule>(
      RuleInfo{"T3_BALANCE", ERROR,
               "表三每列：本年新收 + 上年结转 = 办理结果总计 + 结转下年度继续办理",
               "t3.new.*, t3.carried_over.*, t3.processed.*, t3.carried_forward.*",
               "表三“自然人”列：本年新收203 + 上年结转0 = 203，但办理结果总计183 + 结转下年度14 = "
               "197，相差6。"},
      T3Balance));
  rules->push_back(std::make_unique<FunctionRule>(
      RuleInfo{
          "T3_RESULT_SUM", ERROR,
          "表三每列：予以公开 + 部分公开 + 不予公开 + 无法提供 + 不予处理 + 其他处理 = （七）总计",
          "t3.<result rows>.*, t3.processed.*",
          "表三“自然人”列办理结果：分项合计40，但总计为42，相差2。"},
      T3ResultSum));
  rules->push_back(std::make_unique<FunctionRule>(
      RuleInfo{"T3_COLUMN_SUM", ERROR, "表三每行：自然人 + 五类法人或其他组织 = 总计", "t3.<row>.*",
               "表三“new”行各申请人列：分项合计11，但总数为12，相差1。"},
      T3ColumnSum));
  rules->push_back(std::make_unique<FunctionRule>(
      RuleInfo{
          "T4_SUM", ERROR, "表四三组：结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 总计", "t4.*",
          "表四“行政复议”：结果维持+结果纠正+其他结果+尚未审结：分项合计5，但总数为6，相差1。"},
      T4Sum));
  rules->push_back(std::make_unique<FunctionRule>(
      RuleInfo{
          "STAT_SUM", ERROR,
          "2008年统计表及正文分项之和与所述总数不符（收到申请、办结、答复、复议、诉讼、人员等）",
          "request.*, review.*, litigation.*, org.staff*",
          "收到申请数：分项合计8，但总数为6，相差-2。"},
      StatSum));
  rules->push_back(std::make_unique<FunctionRule>(
      RuleInfo{"REQUEST_FLOW", ERROR, "办结或答复的申请多于收到的申请（含所述上年结转）",
               "request.received, request.completed|request.replies",
               "收到申请2件（未说明上年结转），但办结29件，办结数多于收到数27件。"},
      RequestFlow));
}

}  // namespace govreport::validate
