#ifndef GOVREPORT_SERVICE_EXTRACT_TABLES_H_
#define GOVREPORT_SERVICE_EXTRACT_TABLES_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "service/extract/document.h"
#include "service/extract/figures.h"

namespace govreport::extract {

// Which of the format tables and the 2008 statistics table a document
// carries, and the structural signals that decide meta.template (domain.md
// §2.1).
struct TableSignals {
  bool has_t2 = false;
  bool has_t3 = false;
  bool has_t4 = false;
  bool has_stat_table = false;
  bool t3_2021_rows = false;     // （六） split into 逾期不补正/缴纳费用/其他
  bool t3_single_other = false;  // （六）其他处理 is one row with numbers
  bool t2_2021_columns = false;  // 本年制发件数/本年废止件数/现行有效件数/本年收费金额
  bool t2_2019_columns = false;  // 上一年项目数量/本年增/减/本年新制作数量/政府集中采购
};

TableSignals DetectTables(const Document& doc);

// Table 三's applicant columns in the format's order: the metric key suffix
// and the column's header (the extractor maps by it; rules name it).
struct T3Column {
  absl::string_view suffix;
  absl::string_view header;
};
inline constexpr T3Column kT3Columns[] = {{"natural", "自然人"},     {"commercial", "商业企业"},
                                          {"research", "科研机构"},  {"social", "社会公益组织"},
                                          {"legal", "法律服务机构"}, {"other_org", "其他"},
                                          {"total", "总计"}};

// "narrative", "stat_table_2008", "format_2019" or "format_2021".
std::string DecideTemplate(const TableSignals& signals);

struct TableFigures {
  std::vector<Figure> figures;
  std::vector<UnreadableTable> unreadable;
  // The text each read table occupies (labels and figures). Numbered label
  // lines inside ("一、主动公开情况" printed on its own line in PDF text)
  // are table rows, not section headings.
  std::vector<TextSpan> regions;
};

// Maps the cells of every recognised table to metric keys by row and column
// labels, for the given template.
TableFigures ReadTables(const Document& doc, const std::string& template_name);

}  // namespace govreport::extract

#endif  // GOVREPORT_SERVICE_EXTRACT_TABLES_H_
