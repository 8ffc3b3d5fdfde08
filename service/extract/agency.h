#ifndef GOVREPORT_SERVICE_EXTRACT_AGENCY_H_
#define GOVREPORT_SERVICE_EXTRACT_AGENCY_H_

#include <string>

#include "absl/strings/string_view.h"

namespace govreport::extract {

// The key under which one body's reports of different years meet
// (docs/agency-keys.md): parent places are dropped ("自贡市贡井区人民政府" and
// "贡井区人民政府" -> "贡井区人民政府"), a bare place name stands for its
// government ("贡井区" -> "贡井区人民政府"), and the body part is kept whole, so a
// 区's 政府 and its 生态环境局, or a government and its 办公室, stay apart.
std::string NormalizeAgencyKey(absl::string_view agency);

}  // namespace govreport::extract

#endif  // GOVREPORT_SERVICE_EXTRACT_AGENCY_H_
