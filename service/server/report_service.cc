#include "service/server/report_service.h"

#include <deque>
#include <mutex>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "service/extract/agency.h"
#include "service/validate/cross_year.h"

namespace govreport::server {

namespace {
// Documents of one stream read but not yet acknowledged to the client.
constexpr size_t kInFlightPerStream = 16;
}  // namespace

grpc::Status ToGrpc(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), std::string(status.message()));
}

namespace {

using govreport::v1::IngestRequest;
using govreport::v1::IngestResponse;

// Ends a call at once with a status (refused before any document is read).
class RefusedStream final : public grpc::ServerBidiReactor<IngestRequest, IngestResponse> {
 public:
  explicit RefusedStream(const grpc::Status& status) { Finish(status); }
  void OnDone() override { delete this; }
};

// One Ingest stream on gRPC's callback API: no thread waits on an idle
// stream. Documents read but not yet acknowledged to the client (in the
// pipeline, answered and waiting to be written, or being written) are at
// most kInFlightPerStream; at the bound no read is outstanding, so HTTP/2
// flow control slows the sender instead of the server buffering, and a client
// that sends fast but reads slowly holds the server to that bound too.
// Answers go out as their batches commit, in any order.
class IngestStream final : public grpc::ServerBidiReactor<IngestRequest, IngestResponse> {
 public:
  IngestStream(IngestPipeline* pipeline, std::atomic<int>* open_streams)
      : pipeline_(pipeline), open_streams_(open_streams) {
    StartRead(&request_);
  }

  void OnReadDone(bool ok) override {
    if (!ok) {  // the client half-closed, or the call is over
      std::unique_lock<std::mutex> lock(mu_);
      reads_done_ = true;
      Advance(std::move(lock));
      return;
    }
    // Take the document out of the read buffer before another read can be
    // started into it (an answer on a pipeline thread may start one).
    IngestRequest request = std::move(request_);
    request_.Clear();
    {
      std::lock_guard<std::mutex> lock(mu_);
      ++in_pipeline_;
      reading_ = false;
    }
    // May wait while the whole pipeline is full (its own bound over all
    // streams); answers keep flowing meanwhile on the pipeline's threads.
    pipeline_->ProcessAsync(std::move(request), [this](absl::StatusOr<IngestResponse> answer) {
      OnAnswer(std::move(answer));
    });
    Advance(std::unique_lock<std::mutex>(mu_));
  }

  void OnWriteDone(bool ok) override {
    std::unique_lock<std::mutex> lock(mu_);
    writing_ = false;
    if (!ok) client_gone_ = true;  // answers still drain from the pipeline
    Advance(std::move(lock));
  }

  void OnCancel() override {
    std::unique_lock<std::mutex> lock(mu_);
    client_gone_ = true;
    Advance(std::move(lock));
  }

  void OnDone() override {
    open_streams_->fetch_sub(1);
    delete this;
  }

 private:
  void OnAnswer(absl::StatusOr<IngestResponse> answer) {
    std::unique_lock<std::mutex> lock(mu_);
    --in_pipeline_;
    if (answer.ok()) {
      answer->mutable_result()->clear_text();  // GetReport serves it (report.proto)
      ready_.push_back(std::move(*answer));
    } else if (failure_.ok()) {
      // The store refused a write: stop reading and end the stream with a
      // code the client can act on; every document answered was committed.
      failure_ =
          grpc::Status(static_cast<grpc::StatusCode>(answer.status().code()),
                       absl::StrCat("a document was not stored: ", answer.status().message()));
    }
    Advance(std::move(lock));
  }

  // Starts whatever the state allows next: a write, a read, or the end of the
  // call. Decides under the lock, starts the operations after releasing it.
  void Advance(std::unique_lock<std::mutex> lock) {
    if (client_gone_) ready_.clear();
    bool write = false, read = false, finish = false;
    if (!writing_ && !ready_.empty()) {
      current_ = std::move(ready_.front());
      ready_.pop_front();
      writing_ = write = true;
    }
    const size_t unacknowledged = in_pipeline_ + ready_.size() + (writing_ ? 1 : 0);
    const bool stop_reading = reads_done_ || client_gone_ || !failure_.ok();
    if (!reading_ && !stop_reading && unacknowledged < kInFlightPerStream) {
      reading_ = read = true;
    }
    // The end: nothing in the pipeline (its callbacks hold `this`), nothing
    // left to write, and no more documents to take.
    if (!finished_ && stop_reading && in_pipeline_ == 0 && !writing_ && ready_.empty()) {
      finished_ = finish = true;
    }
    grpc::Status status = client_gone_ ? grpc::Status::CANCELLED : failure_;
    lock.unlock();
    if (write) StartWrite(&current_);
    if (read) StartRead(&request_);
    if (finish) Finish(status);
  }

  IngestPipeline* const pipeline_;
  std::atomic<int>* const open_streams_;
  IngestRequest request_;   // the read buffer; one read at a time
  IngestResponse current_;  // the write buffer; one write at a time
  std::mutex mu_;
  size_t in_pipeline_ = 0;
  std::deque<IngestResponse> ready_;
  bool reading_ = true;  // the constructor started the first read
  bool writing_ = false;
  bool reads_done_ = false;
  bool client_gone_ = false;
  bool finished_ = false;
  grpc::Status failure_;
};

}  // namespace

grpc::ServerBidiReactor<IngestRequest, IngestResponse>* ReportServiceImpl::Ingest(
    grpc::CallbackServerContext* context) {
  if (grpc::Status s = auth_.Check(*context); !s.ok()) return new RefusedStream(s);
  if (open_streams_.fetch_add(1) >= max_streams_) {
    open_streams_.fetch_sub(1);
    return new RefusedStream(
        grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                     absl::StrCat("too many open Ingest streams (limit ", max_streams_,
                                  "); retry later or send on an existing stream")));
  }
  return new IngestStream(pipeline_, &open_streams_);
}

grpc::Status ReportServiceImpl::GetReport(grpc::ServerContext* context,
                                          const govreport::v1::GetReportRequest* request,
                                          govreport::v1::DocumentResult* response) {
  if (grpc::Status s = auth_.Check(*context); !s.ok()) return s;
  if (request->id().empty())
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "report id is empty");
  auto result = store_->Get(request->id());
  if (!result.ok()) return ToGrpc(result.status());
  if (!result->has_value()) {
    return grpc::Status(grpc::StatusCode::NOT_FOUND,
                        absl::StrCat("no report with id \"", request->id(), "\""));
  }
  *response = std::move(**result);
  return grpc::Status::OK;
}

namespace {
grpc::Status CheckFilter(const govreport::v1::ReportFilter& f, int page_size) {
  if (page_size < 0)
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "page_size must not be negative");
  if (f.year_from() && f.year_to() && f.year_from() > f.year_to()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "year_from is after year_to");
  }
  return grpc::Status::OK;
}
}  // namespace

grpc::Status ReportServiceImpl::ListReports(grpc::ServerContext* context,
                                            const govreport::v1::ListReportsRequest* request,
                                            govreport::v1::ListReportsResponse* response) {
  if (grpc::Status s = auth_.Check(*context); !s.ok()) return s;
  if (grpc::Status s = CheckFilter(request->filter(), request->page_size()); !s.ok()) return s;
  auto result = store_->ListReports(*request);
  if (!result.ok()) return ToGrpc(result.status());
  *response = std::move(*result);
  return grpc::Status::OK;
}

grpc::Status ReportServiceImpl::ListFindings(grpc::ServerContext* context,
                                             const govreport::v1::ListFindingsRequest* request,
                                             govreport::v1::ListFindingsResponse* response) {
  if (grpc::Status s = auth_.Check(*context); !s.ok()) return s;
  if (grpc::Status s = CheckFilter(request->filter(), request->page_size()); !s.ok()) return s;
  auto result = store_->ListFindings(*request);
  if (!result.ok()) return ToGrpc(result.status());
  *response = std::move(*result);
  return grpc::Status::OK;
}

namespace {
constexpr int kDefaultMetricPage = 500, kMaxMetricPage = 10000;
}  // namespace

grpc::Status ReportServiceImpl::QueryMetrics(grpc::ServerContext* context,
                                             const govreport::v1::QueryMetricsRequest* request,
                                             govreport::v1::QueryMetricsResponse* response) {
  if (grpc::Status s = auth_.Check(*context); !s.ok()) return s;
  if (grpc::Status s = CheckFilter(request->query().filter(), request->page_size()); !s.ok())
    return s;
  if (request->aggregation() != govreport::v1::AGGREGATION_UNSPECIFIED) {
    auto rows = store_->AggregateMetrics(request->query(), request->aggregation(),
                                         request->group_by_year(), request->group_by_agency());
    if (!rows.ok()) return ToGrpc(rows.status());
    for (auto& r : *rows) *response->add_aggregates() = std::move(r);
    return grpc::Status::OK;
  }
  if (request->group_by_year() || request->group_by_agency()) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "grouping needs an aggregation");
  }
  int64_t after = 0;
  if (!request->page_token().empty() && !absl::SimpleAtoi(request->page_token(), &after)) {
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "bad page_token");
  }
  const int limit = request->page_size() <= 0 ? kDefaultMetricPage
                                              : std::min(request->page_size(), kMaxMetricPage);
  // One row more than a page tells whether another page exists.
  int64_t cursor = after;
  absl::Status scanned = store_->ScanMetrics(
      request->query(), after, limit + 1, [&](int64_t row_cursor, govreport::v1::MetricRow&& row) {
        if (response->rows_size() == limit) {
          response->set_next_page_token(absl::StrCat(cursor));
          return false;
        }
        cursor = row_cursor;
        *response->add_rows() = std::move(row);
        return true;
      });
  return ToGrpc(scanned);
}

grpc::Status ReportServiceImpl::ExportMetrics(
    grpc::ServerContext* context, const govreport::v1::MetricQuery* request,
    grpc::ServerWriter<govreport::v1::MetricRow>* writer) {
  if (grpc::Status s = auth_.Check(*context); !s.ok()) return s;
  if (grpc::Status s = CheckFilter(request->filter(), 0); !s.ok()) return s;
  // Rows go out as they are read (own connection, no page in memory); a
  // client that goes away stops the scan.
  return ToGrpc(store_->ScanMetrics(
      *request, 0, 0,
      [&](int64_t, govreport::v1::MetricRow&& row) {
        return !context->IsCancelled() && writer->Write(row);
      },
      /*use_own_connection=*/true));
}

grpc::Status ReportServiceImpl::GetAgencyHistory(
    grpc::ServerContext* context, const govreport::v1::GetAgencyHistoryRequest* request,
    govreport::v1::GetAgencyHistoryResponse* response) {
  if (grpc::Status s = auth_.Check(*context); !s.ok()) return s;
  if (request->agency().empty())
    return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "agency is empty");
  const std::string key = extract::NormalizeAgencyKey(request->agency());
  auto reports = store_->CurrentReportsOf(key);
  if (!reports.ok()) return ToGrpc(reports.status());
  if (reports->empty()) {
    return grpc::Status(grpc::StatusCode::NOT_FOUND,
                        absl::StrCat("no reports stored for agency key \"", key, "\""));
  }
  response->set_agency_key(key);
  for (auto& result : *reports) {
    auto* year = response->add_years();
    *year->mutable_report() = result.report();
    for (const auto& m : result.metrics()) {
      for (const std::string& wanted : request->keys()) {
        bool prefix = !wanted.empty() && wanted.back() == '.';
        if (prefix ? absl::StartsWith(m.key(), wanted) : m.key() == wanted) {
          *year->add_metrics() = m;
          break;
        }
      }
    }
    for (const auto& f : result.findings()) {
      if (validate::IsCrossYearRule(f.rule())) *year->add_cross_year_findings() = f;
    }
  }
  return grpc::Status::OK;
}

grpc::Status ReportServiceImpl::Stats(grpc::ServerContext* context,
                                      const govreport::v1::StatsRequest*,
                                      govreport::v1::StatsResponse* response) {
  if (grpc::Status s = auth_.Check(*context); !s.ok()) return s;
  auto stats = store_->Stats();
  if (!stats.ok()) return ToGrpc(stats.status());
  *response = std::move(*stats);
  response->set_started_at(absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", started_, absl::UTCTimeZone()));
  response->set_stored_since_start(pipeline_->stored_count());
  double seconds = absl::ToDoubleSeconds(absl::Now() - started_);
  response->set_stored_per_second(seconds > 0 ? pipeline_->stored_count() / seconds : 0);
  return grpc::Status::OK;
}

}  // namespace govreport::server
