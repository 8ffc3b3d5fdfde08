#include "service/server/pipeline.h"

#include <algorithm>
#include <chrono>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "service/extract/agency.h"
#include "service/extract/extractor.h"
#include "service/server/worker_pool.h"
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

std::string NowRfc3339() {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", absl::Now(), absl::UTCTimeZone());
}

IngestPipeline::IngestPipeline(storage::ReportStore* store, PipelineOptions options)
    : store_(store), options_(options) {
  int workers = options_.workers > 0
                    ? options_.workers
                    : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  committer_ = std::thread([this] { CommitLoop(); });
  workers_ = std::make_unique<WorkerPool>(workers, options_.max_queued);
}

IngestPipeline::~IngestPipeline() {
  workers_.reset();  // runs every queued document; they reach the commit queue
  {
    std::lock_guard<std::mutex> lock(commit_mu_);
    stopping_ = true;
  }
  commit_cv_.notify_all();
  committer_.join();
}

void IngestPipeline::ProcessAsync(IngestRequest request, Done done) {
  workers_->Submit([this, request = std::move(request), done = std::move(done)]() mutable {
    Job job;
    auto prepared = Prepare(request, &job);
    if (!prepared.ok()) {
      done(prepared.status());
      return;
    }
    if (prepared->has_value()) {
      done(std::move(**prepared));
      return;
    }
    job.done = std::move(done);
    std::unique_lock<std::mutex> lock(commit_mu_);
    // Bounded like the worker queue: the committer is the slowest stage.
    commit_space_cv_.wait(lock, [&] { return commit_queue_.size() < options_.max_queued; });
    commit_queue_.push_back(std::move(job));
    lock.unlock();
    commit_cv_.notify_one();
  });
}

absl::StatusOr<IngestResponse> IngestPipeline::Process(const IngestRequest& request) {
  std::mutex mu;
  std::condition_variable cv;
  std::optional<absl::StatusOr<IngestResponse>> answer;
  ProcessAsync(request, [&](absl::StatusOr<IngestResponse> r) {
    std::lock_guard<std::mutex> lock(mu);
    answer = std::move(r);
    cv.notify_one();
  });
  std::unique_lock<std::mutex> lock(mu);
  cv.wait(lock, [&] { return answer.has_value(); });
  return std::move(*answer);
}

absl::StatusOr<std::optional<IngestResponse>> IngestPipeline::Prepare(const IngestRequest& request,
                                                                      Job* job) {
  const std::string& content = request.content();
  if (content.size() > options_.max_document_bytes) {
    return std::optional<IngestResponse>(Rejected(
        request, absl::StrCat("document of ", content.size(), " bytes exceeds the limit of ",
                              options_.max_document_bytes, " bytes")));
  }
  const std::string hash = storage::Sha256Hex(content);
  // Fast path for re-sent documents; the batch checks again under its lock.
  auto stored = store_->FindByHash(hash);
  if (!stored.ok()) return stored.status();
  if (stored->has_value()) {
    IngestResponse response;
    response.set_document_id(request.document_id());
    response.set_status(IngestResponse::DUPLICATE);
    *response.mutable_result() = std::move(**stored);
    return std::optional<IngestResponse>(std::move(response));
  }

  const absl::Time started = absl::Now();
  extract::ExtractOptions extract_options;
  extract_options.max_bytes = options_.max_document_bytes;
  auto extraction = extract::Extract(content, request.content_type(), request.declared_charset(),
                                     extract_options);
  if (!extraction.ok()) {
    return std::optional<IngestResponse>(
        Rejected(request, std::string(extraction.status().message())));
  }
  validate::Validate(&*extraction);

  job->result = std::move(extraction->result);
  auto* report = job->result.mutable_report();
  report->set_id(hash.substr(0, 16));
  report->set_agency_key(extract::NormalizeAgencyKey(report->agency()));
  report->set_source_url(request.source_url());
  report->set_content_hash(hash);
  report->set_received_time(NowRfc3339());
  report->set_current(true);
  job->result.set_processing_micros(absl::ToInt64Microseconds(absl::Now() - started));
  job->doc = storage::IncomingDocument{hash,
                                       content,
                                       job->result.content_type(),
                                       request.source_url(),
                                       request.document_id(),
                                       request.fetched_at(),
                                       report->received_time()};
  job->document_id = request.document_id();
  return std::optional<IngestResponse>();
}

absl::StatusOr<IngestResponse> IngestPipeline::StoreInBatch(storage::BatchWriter& writer,
                                                            Job& job) {
  IngestResponse response;
  response.set_document_id(job.document_id);
  // Another stream may have stored the same content since Prepare.
  auto stored = writer.FindByHash(job.doc.content_hash);
  if (!stored.ok()) return stored.status();
  if (stored->has_value()) {
    response.set_status(IngestResponse::DUPLICATE);
    *response.mutable_result() = std::move(**stored);
    return response;
  }
  govreport::v1::DocumentResult& result = job.result;
  const auto& report = result.report();
  const bool keyed = !report.agency_key().empty() && report.year() > 0;
  if (keyed) {
    // A different document for the same agency and year supersedes the
    // current one (SUPERSEDED_VERSION); the older stays queryable.
    auto current = writer.CountCurrent(report.agency_key(), report.year());
    if (!current.ok()) return current.status();
    if (*current > 0) AddSupersededFinding(static_cast<int>(*current), &result);
    auto previous = writer.GetCurrent(report.agency_key(), report.year() - 1);
    if (!previous.ok()) return previous.status();
    validate::ApplyCrossYearRules(previous->has_value() ? &**previous : nullptr, &result);
  }
  auto inserted = writer.Insert(job.doc, result);
  if (!inserted.ok()) return inserted.status();
  if (keyed) {
    // The next year's cross-year findings depend on this report: recompute.
    auto next = writer.GetCurrent(report.agency_key(), report.year() + 1);
    if (!next.ok()) return next.status();
    if (next->has_value()) {
      // Rewrite the next year's result only when its findings change (a
      // resent or corrected version usually leaves them as they were).
      auto findings_of = [](const govreport::v1::DocumentResult& r) {
        std::string bytes;
        for (const auto& f : r.findings()) bytes += f.SerializeAsString();
        return bytes;
      };
      const std::string before = findings_of(**next);
      validate::ApplyCrossYearRules(&result, &**next);
      if (findings_of(**next) != before) {
        if (absl::Status s = writer.UpdateResult(**next); !s.ok()) return s;
      }
    }
  }
  response.set_status(IngestResponse::STORED);
  *response.mutable_result() = result;
  return response;
}

void IngestPipeline::CommitLoop() {
  while (true) {
    std::vector<Job> batch;
    {
      std::unique_lock<std::mutex> lock(commit_mu_);
      commit_cv_.wait(lock, [&] { return stopping_ || !commit_queue_.empty(); });
      if (commit_queue_.empty()) return;  // stopping and drained
      // Gather a batch: whatever is queued, plus what arrives within the
      // delay, up to max_batch.
      const auto deadline = std::chrono::steady_clock::now() + options_.max_batch_delay;
      while (true) {
        while (!commit_queue_.empty() && batch.size() < options_.max_batch) {
          batch.push_back(std::move(commit_queue_.front()));
          commit_queue_.pop_front();
        }
        if (batch.size() >= options_.max_batch || stopping_) break;
        if (!commit_cv_.wait_until(lock, deadline,
                                   [&] { return stopping_ || !commit_queue_.empty(); }))
          break;
      }
    }
    commit_space_cv_.notify_all();
    std::vector<absl::StatusOr<IngestResponse>> answers;
    absl::Status committed = store_->WriteBatch([&](storage::BatchWriter& writer) {
      answers.clear();
      for (Job& job : batch) {
        answers.push_back(StoreInBatch(writer, job));
        // After a failed write inside a transaction (full disk, I/O error)
        // the only safe step is to roll all of it back: committing the rest
        // could make acknowledged documents vanish. Nothing of the batch is
        // stored and every document in it gets the error.
        if (!answers.back().ok()) return answers.back().status();
      }
      return absl::OkStatus();
    });
    for (size_t i = 0; i < batch.size(); ++i) {
      if (!committed.ok()) {
        batch[i].done(committed);  // nothing of the batch is stored
      } else {
        if (answers[i].ok() && answers[i]->status() == IngestResponse::STORED) ++stored_;
        batch[i].done(std::move(answers[i]));
      }
    }
  }
}

}  // namespace govreport::server
