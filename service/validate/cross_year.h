#ifndef GOVREPORT_SERVICE_VALIDATE_CROSS_YEAR_H_
#define GOVREPORT_SERVICE_VALIDATE_CROSS_YEAR_H_

#include "govreport/v1/report.pb.h"

namespace govreport::validate {

// The rules that compare a report with the same agency's previous-year report
// (rules.md "Across documents"): CARRY_OVER_MISMATCH, YOY_CLAIM_MISMATCH and
// ITEM_COUNT_DRIFT. Every such finding belongs to the later report, so a
// report's cross-year findings depend only on it and its previous year.
//
// Replaces those rules' findings and check outcomes in `current`; with no
// `previous` they are not assessable. Pure: the service looks the previous
// report up in storage and calls this again when an earlier year arrives late.
void ApplyCrossYearRules(const govreport::v1::DocumentResult* previous,
                         govreport::v1::DocumentResult* current);

// True for the rule IDs ApplyCrossYearRules owns.
bool IsCrossYearRule(const std::string& rule);

}  // namespace govreport::validate

#endif  // GOVREPORT_SERVICE_VALIDATE_CROSS_YEAR_H_
