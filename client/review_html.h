#ifndef GOVREPORT_CLIENT_REVIEW_HTML_H_
#define GOVREPORT_CLIENT_REVIEW_HTML_H_

#include <string>

#include "govreport/v1/report.pb.h"

namespace govreport::client {

// The reviewer's page for one report, self-contained (inline CSS and script,
// no external assets): metadata; every finding, by severity, with links to
// its evidence in the text and to the metrics it names; tables 三 and 四
// rebuilt from the metrics with the cells a finding names marked; and the
// decoded text with every extracted figure highlighted and labelled with its
// metric key. The result must carry its text (GetReport returns it).
std::string RenderReviewHtml(const govreport::v1::DocumentResult& result);

}  // namespace govreport::client

#endif  // GOVREPORT_CLIENT_REVIEW_HTML_H_
