#ifndef GOVREPORT_CLIENT_OUTPUT_H_
#define GOVREPORT_CLIENT_OUTPUT_H_

#include <ostream>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "google/protobuf/message.h"
#include "govreport/v1/report.pb.h"

namespace govreport::client {

// Terminal columns a string occupies (CJK and full-width characters take 2).
int DisplayWidth(absl::string_view s);

// Prints rows as an aligned table with a header line.
void PrintTable(const std::vector<std::string>& header,
                const std::vector<std::vector<std::string>>& rows, std::ostream& out);

// A metric's value as people read it: integers as is, decimals without
// trailing zeros, text as is. The one formatter of the CLI and review page.
std::string ValueText(const govreport::v1::Metric& m);

// One proto message as one line of proto3 JSON.
std::string ToJsonLine(const google::protobuf::Message& message);

}  // namespace govreport::client

#endif  // GOVREPORT_CLIENT_OUTPUT_H_
