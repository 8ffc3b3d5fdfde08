#ifndef GOVREPORT_SERVICE_VALIDATE_VALIDATOR_H_
#define GOVREPORT_SERVICE_VALIDATE_VALIDATOR_H_

#include "service/extract/extractor.h"

namespace govreport::validate {

// Runs every single-document rule on `ex` and stores the findings and the
// per-rule check summary in ex->result. Cross-document rules are reported
// not assessable here; the service assesses them with storage.
void Validate(extract::Extraction* ex);

}  // namespace govreport::validate

#endif  // GOVREPORT_SERVICE_VALIDATE_VALIDATOR_H_
