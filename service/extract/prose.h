#ifndef GOVREPORT_SERVICE_EXTRACT_PROSE_H_
#define GOVREPORT_SERVICE_EXTRACT_PROSE_H_

#include <vector>

#include "service/extract/document.h"
#include "service/extract/figures.h"

namespace govreport::extract {

struct ProseFigures {
  std::vector<Figure> figures;  // in document order
  std::vector<Breakdown> breakdowns;
  std::vector<Claim> claims;
};

// Reads the figures stated in sentences ("主动公开政府信息13912条",
// "共收到依申请公开申请2件(其中网络申请1件、信函申请1件)", "二十一件", "5万元") with
// the pattern catalog in prose.cc. Approximate figures (余, 多, 近, 约, 左右,
// 超过) are skipped; reconsideration and litigation counts only count when the
// sentence ties them to information disclosure.
ProseFigures ReadProse(const Document& doc);

}  // namespace govreport::extract

#endif  // GOVREPORT_SERVICE_EXTRACT_PROSE_H_
