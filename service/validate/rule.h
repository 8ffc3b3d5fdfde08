#ifndef GOVREPORT_SERVICE_VALIDATE_RULE_H_
#define GOVREPORT_SERVICE_VALIDATE_RULE_H_

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "govreport/v1/report.pb.h"
#include "service/extract/extractor.h"

namespace govreport::validate {

using govreport::v1::Finding;
using govreport::v1::RuleCheck;
using govreport::v1::Severity;

// A merged metric value with its evidence.
struct Value {
  double value = 0;
  govreport::v1::Span span;
  std::string raw;
};

// What a rule sees: the extraction plus an index of its merged metrics.
class RuleContext {
 public:
  explicit RuleContext(const extract::Extraction& ex);

  const extract::Extraction& extraction() const { return ex_; }
  const std::string& template_name() const { return ex_.template_name; }
  int year() const { return ex_.metadata.year; }
  const Value* Get(absl::string_view key) const;
  bool Has(absl::string_view key) const { return Get(key) != nullptr; }

 private:
  const extract::Extraction& ex_;
  std::map<std::string, Value, std::less<>> values_;
};

// A rule's static description; the catalog (docs/rules.md, `reportctl rules`)
// is generated from these.
struct RuleInfo {
  std::string id;
  Severity severity;
  std::string description;      // one line, what it checks
  std::string inputs;           // the metric keys or facts it needs
  std::string example_message;  // a message as a reviewer sees it
  bool cross_document = false;  // needs other reports of the agency
};

// A rule adds findings and says whether it could assess the document.
class Rule {
 public:
  virtual ~Rule() = default;
  virtual const RuleInfo& info() const = 0;
  virtual RuleCheck::Outcome Check(const RuleContext& ctx,
                                   std::vector<Finding>* findings) const = 0;
};

// The registry: every rule of rules.md, in catalog order.
const std::vector<std::unique_ptr<Rule>>& Rules();

// Builders used by the rule families to register themselves.
void AddArithmeticRules(std::vector<std::unique_ptr<Rule>>* rules);
void AddConsistencyRules(std::vector<std::unique_ptr<Rule>>* rules);
void AddFormRules(std::vector<std::unique_ptr<Rule>>* rules);
void AddTimeRules(std::vector<std::unique_ptr<Rule>>* rules);
void AddCrossDocumentRules(std::vector<std::unique_ptr<Rule>>* rules);

// A rule defined by its info and a check function.
class FunctionRule : public Rule {
 public:
  using CheckFn =
      std::function<RuleCheck::Outcome(const RuleContext&, const RuleInfo&, std::vector<Finding>*)>;
  FunctionRule(RuleInfo info, CheckFn fn) : info_(std::move(info)), fn_(std::move(fn)) {}
  const RuleInfo& info() const override { return info_; }
  RuleCheck::Outcome Check(const RuleContext& ctx, std::vector<Finding>* findings) const override {
    return fn_(ctx, info_, findings);
  }

 private:
  RuleInfo info_;
  CheckFn fn_;
};

// Helpers for building findings.
Finding MakeFinding(const RuleInfo& info, std::string message);
void AddEvidence(const RuleContext& ctx, absl::string_view key, Finding* f);
std::string Num(double v);
std::string SeverityName(Severity s);

// An identity total = Σ parts. Blank parts inside an otherwise filled
// identity read as 0 (and the message says so); a blank total, or no part at
// all, leaves it not assessable (rules.md, last paragraph).
struct IdentityResult {
  bool assessable = false;
  bool holds = true;
  double total = 0;
  double sum = 0;
  std::vector<std::string> blank_parts;
};
IdentityResult CheckIdentity(const RuleContext& ctx, absl::string_view total,
                             const std::vector<std::string>& parts);

}  // namespace govreport::validate

#endif  // GOVREPORT_SERVICE_VALIDATE_RULE_H_
