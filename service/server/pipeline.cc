#include "service/server/pipeline.h"

#include <chrono>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "service/extract/agency.h"
#include "service/extract/extractor.h"
#include "service/validate/cross_year.h"
#include "service/validate/validator.h"
#include "storage/content_hash.h"

namespace govreport::server {
namespace {

using govreport::v1::IngestRequest;
using govreport::v1::IngestResponse;

IngestResponse Rejected(const IngestRequest& request, std::string reason) {
  IngestResponse response;
  response.set_document_id(request.document_id());
  response.set_status(IngestResponse::REJECTED);
  response.set_reject_reason(std::move(reason));
  return response;
}

void AddSupersededFinding(int superseded, govreport::v1::DocumentResult* result) {
  auto* f = result->add_findings();
  f->set_rule("SUPERSEDED_VERSION");
  f->set_severity(govreport::v1::INFO);
  f->set_message(absl::StrCat("同一机关", result->report().year(), "年度已有", superseded,
                              "份不同文档；本文档成为当前版本，旧版本仍可查询。"));
  f->add_metric_keys("meta.agency");
  f->add_metric_keys("meta.year");
  auto* summary = result->mutable_summary();
  for (auto& check : *summary->mutable_checks()) {
    if (check.rule() == "SUPERSEDED_VERSION" &&
        check.outcome() != govreport::v1::RuleCheck::FAILED) {
      check.set_outcome(govreport::v1::RuleCheck::FAILED);
      summary->set_not_assessable(summary->not_assessable() - 1);
      summary->set_failed(summary->failed() + 1);
    }
  }
}

}  // namespace

absl::Status IngestPipeline::StoreWithNeighbours(const storage::IncomingDocument& doc,
                                                 govreport::v1::DocumentResult* result) {
  // One agency's years are read and written as a unit, so a report and its
  // neighbours always see each other whatever the arrival order.
  absl::MutexLock lock(&agency_mu_);
  const auto& report = result->report();
  const bool keyed = !report.agency_key().empty() && report.year() > 0;
  if (keyed) {
    // A different document for the same agency and year supersedes the
    // current one (SUPERSEDED_VERSION); the older stays queryable.
    auto current = store_->CountCurrent(report.agency_key(), report.year());
    if (!current.ok()) return current.status();
    if (*current > 0) AddSupersededFinding(static_cast<int>(*current), result);
    auto previous = store_->GetCurrent(report.agency_key(), report.year() - 1);
    if (!previous.ok()) return previous.status();
    validate::ApplyCrossYearRules(previous->has_value() ? &**previous : nullptr, result);
  }
  auto inserted = store_->Insert(doc, *result);
  if (!inserted.ok()) return inserted.status();
  if (!keyed) return absl::OkStatus();
  // The next year's cross-year findings depend on this report: recompute.
  auto next = store_->GetCurrent(report.agency_key(), report.year() + 1);
  if (!next.ok()) return next.status();
  if (!next->has_value()) return absl::OkStatus();
  validate::ApplyCrossYearRules(result, &**next);
  return store_->UpdateResult(**next);
}

std::string NowRfc3339() {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", absl::Now(), absl::UTCTimeZone());
}

absl::StatusOr<IngestResponse> IngestPipeline::Process(const IngestRequest& request) {
  const std::string& content = request.content();
  if (content.size() > options_.max_document_bytes) {
    return Rejected(request,
                    absl::StrCat("document of ", content.size(), " bytes exceeds the limit of ",
                                 options_.max_document_bytes, " bytes"));
  }
  std::string type = absl::AsciiStrToLower(request.content_type());
  if (size_t semi = type.find(';'); semi != std::string::npos) type.resize(semi);
  type = std::string(absl::StripAsciiWhitespace(type));
  if (type != "text/html" && type != "text/plain") {
    return Rejected(request, absl::StrCat("unsupported content type \"", request.content_type(),
                                          "\" (accepted: text/html, text/plain)"));
  }
  const std::string hash = storage::Sha256Hex(content);
  auto stored = store_->FindByHash(hash);
  if (!stored.ok()) return stored.status();
  IngestResponse response;
  response.set_document_id(request.document_id());
  if (stored->has_value()) {
    response.set_status(IngestResponse::DUPLICATE);
    *response.mutable_result() = std::move(**stored);
    return response;
  }

  const absl::Time started = absl::Now();
  extract::ExtractOptions extract_options;
  extract_options.max_bytes = options_.max_document_bytes;
  auto extraction = extract::Extract(content, type, request.declared_charset(), extract_options);
  if (!extraction.ok()) return Rejected(request, std::string(extraction.status().message()));
  validate::Validate(&*extraction);

  govreport::v1::DocumentResult& result = extraction->result;
  auto* report = result.mutable_report();
  report->set_id(hash.substr(0, 16));
  report->set_agency_key(extract::NormalizeAgencyKey(report->agency()));
  report->set_source_url(request.source_url());
  report->set_content_hash(hash);
  report->set_received_time(NowRfc3339());
  report->set_current(true);
  result.set_processing_micros(absl::ToInt64Microseconds(absl::Now() - started));

  storage::IncomingDocument doc{hash,
                                content,
                                type,
                                request.source_url(),
                                request.document_id(),
                                request.fetched_at(),
                                report->received_time()};
  absl::Status stored_status = StoreWithNeighbours(doc, &result);
  if (!stored_status.ok()) {
    if (absl::IsAlreadyExists(stored_status)) {
      // Stored concurrently by another stream: answer with that result.
      auto again = store_->FindByHash(hash);
      if (again.ok() && again->has_value()) {
        response.set_status(IngestResponse::DUPLICATE);
        *response.mutable_result() = std::move(**again);
        return response;
      }
    }
    return stored_status;
  }
  response.set_status(IngestResponse::STORED);
  *response.mutable_result() = std::move(result);
  return response;
}

}  // namespace govreport::server
