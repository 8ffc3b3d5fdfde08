#include "client/official_tables.h"

#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace govreport::client {

std::vector<OfficialTable> OfficialTablesFor(const std::string& template_name) {
  if (!absl::StartsWith(template_name, "format_")) return {};
  // 表三: official row order; （六） is one row (2019) or three (2021).
  std::vector<std::pair<std::string, std::string>> t3_rows = {
      {"一、本年新收", "new"},
      {"二、上年结转", "carried_over"},
      {"（一）予以公开", "granted"},
      {"（二）部分公开", "partial"},
      {"1.国家秘密", "denied.state_secret"},
      {"2.法律法规禁止", "denied.law_forbidden"},
      {"3.三安全一稳定", "denied.three_safety"},
      {"4.第三方权益", "denied.third_party"},
      {"5.内部事务", "denied.internal"},
      {"6.过程性信息", "denied.process"},
      {"7.行政执法案卷", "denied.enforcement"},
      {"8.行政查询事项", "denied.query"},
      {"1.不掌握", "unable.no_info"},
      {"2.需另行制作", "unable.need_creation"},
      {"3.补正后不明确", "unable.unclear"},
      {"1.信访举报投诉", "ignored.complaint"},
      {"2.重复申请", "ignored.repeat"},
      {"3.公开出版物", "ignored.publication"},
      {"4.大量反复申请", "ignored.massive"},
      {"5.确认或重新出具", "ignored.confirm"}};
  if (template_name == "format_2021") {
    t3_rows.insert(t3_rows.end(), {{"1.逾期不补正", "other.no_correction"},
                                   {"2.未缴纳费用", "other.no_fee"},
                                   {"3.其他", "other.misc"}});
  } else {
    t3_rows.push_back({"（六）其他处理", "other"});
  }
  t3_rows.insert(t3_rows.end(),
                 {{"（七）总计", "processed"}, {"四、结转下年度", "carried_forward"}});
  OfficialTable t3{"表三 收到和处理政府信息公开申请情况",
                   {"自然人", "商业企业", "科研机构", "社会公益", "法律服务", "其他", "总计"},
                   {}};
  for (const auto& [label, stem] : t3_rows) {
    OfficialTable::Row row{label, {}};
    for (const char* col :
         {"natural", "commercial", "research", "social", "legal", "other_org", "total"}) {
      row.keys.push_back(absl::StrCat("t3.", stem, ".", col));
    }
    t3.rows.push_back(std::move(row));
  }
  OfficialTable t4{"表四 政府信息公开行政复议、行政诉讼情况",
                   {"结果维持", "结果纠正", "其他结果", "尚未审结", "总计"},
                   {}};
  for (const auto& [label, block] : std::vector<std::pair<std::string, std::string>>{
           {"行政复议", "review"},
           {"未经复议直接起诉", "litigation_direct"},
           {"复议后起诉", "litigation_after_review"}}) {
    OfficialTable::Row row{label, {}};
    for (const char* col : {"maintained", "corrected", "other", "pending", "total"}) {
      row.keys.push_back(absl::StrCat("t4.", block, ".", col));
    }
    t4.rows.push_back(std::move(row));
  }
  return {std::move(t3), std::move(t4)};
}

}  // namespace govreport::client
