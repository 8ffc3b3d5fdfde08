#ifndef GOVREPORT_SERVICE_EXTRACT_FIGURES_H_
#define GOVREPORT_SERVICE_EXTRACT_FIGURES_H_

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "service/extract/document.h"

namespace govreport::extract {

// One figure read from a table cell or a sentence, before merging.
struct Figure {
  std::string key;
  double value = 0;  // in the unit metrics.tsv gives the key
  std::string raw;   // text as written
  TextSpan span;
  bool repaired = false;  // the number had to be repaired (MALFORMED_NUMBER)
};

// A stated total followed by its parts ("共N件，其中A件…B件…"), for STAT_SUM.
struct Breakdown {
  Figure total;
  std::vector<Figure> parts;
};

// A growth claim ("同比增长16%") about the figure stated before it.
struct Claim {
  std::string key;
  double ratio = 1;      // current / base
  double tolerance = 0;  // rounding of the stated precision, as a ratio
  int base_year = 0;     // 0: the previous year
  std::string raw;
  TextSpan span;
};

// A table that was recognised but could not be mapped (UNREADABLE_TABLE).
struct UnreadableTable {
  std::string table;  // "表二", "表三", "表四", "统计表"
  std::string reason;
  TextSpan span;
};

}  // namespace govreport::extract

#endif  // GOVREPORT_SERVICE_EXTRACT_FIGURES_H_
