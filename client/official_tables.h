#ifndef GOVREPORT_CLIENT_OFFICIAL_TABLES_H_
#define GOVREPORT_CLIENT_OFFICIAL_TABLES_H_

#include <string>
#include <vector>

namespace govreport::client {

// One of the format's official tables as a reviewer reads it: row labels in
// the official order, column headers, and the metric key of every cell.
struct OfficialTable {
  std::string title;
  std::vector<std::string> columns;  // headers of the value columns
  struct Row {
    std::string label;
    std::vector<std::string> keys;  // one metric key per column
  };
  std::vector<Row> rows;
};

// Tables 三 and 四 of a format_2019 / format_2021 report (empty for other
// templates). The one place the review layouts live: `reportctl show` and
// the HTML review page both draw from it.
std::vector<OfficialTable> OfficialTablesFor(const std::string& template_name);

}  // namespace govreport::client

#endif  // GOVREPORT_CLIENT_OFFICIAL_TABLES_H_
