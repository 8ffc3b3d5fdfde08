#include "service/server/report_service.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "service/extract/agency.h"
#include "service/validate/cross_year.h"

namespace govreport::server {

namespace {
// Documents of one stream being processed at once (read ahead).
constexpr int kInFlightPerStream = 16;
}  // namespace

grpc::Status ToGrpc(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), std::string(status.message()));
}

grpc::Status ReportServiceImpl::Ingest(
    grpc::ServerContext* context,
    grpc::ServerReaderWriter<govreport::v1::IngestResponse, govreport::v1::IngestRequest>* stream) {
  if (grpc::Status s = auth_.Check(*context); !s.ok()) return s;
  // Bound the streams that are open at once; each holds a server thread.
  struct StreamSlot {
    std::atomic<int>* open;
    ~StreamSlot() { open->fetch_sub(1); }
  } slot{&open_streams_};
  if (open_streams_.fetch_add(1) >= max_streams_) {
    return grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                        absl::StrCat("too many open Ingest streams (limit ", max_streams_,
                                     "); retry later or send on an existing stream"));
  }
  // Read ahead up to kInFlightPerStream documents; answers are written as
  // their batches commit, in any order. When the bound is reached the reader
  // waits, so gRPC flow control slows the sender instead of the server
  // buffering.
  std::mutex mu;
  std::condition_variable cv;
  int in_flight = 0;
  bool reading_done = false;
  std::deque<govreport::v1::IngestResponse> ready;
  absl::Status failure;
  std::thread writer([&] {
    std::unique_lock<std::mutex> lock(mu);
    bool open = true;
    while (true) {
      cv.wait(lock, [&] { return !ready.empty() || (reading_done && in_flight == 0); });
      if (ready.empty()) break;
      govreport::v1::IngestResponse response = std::move(ready.front());
      ready.pop_front();
      lock.unlock();
      if (open && !stream->Write(response)) open = false;  // client gone: keep draining
      lock.lock();
    }
  });
  govreport::v1::IngestRequest request;
  while (!context->IsCancelled()) {
    {
      std::unique_lock<std::mutex> lock(mu);
      cv.wait(lock, [&] { return in_flight < kInFlightPerStream; });
      if (!failure.ok()) break;
    }
    if (!stream->Read(&request)) break;
    {
      std::lock_guard<std::mutex> lock(mu);
      ++in_flight;
    }
    pipeline_->ProcessAsync(
        std::move(request), [&](absl::StatusOr<govreport::v1::IngestResponse> answer) {
          std::lock_guard<std::mutex> lock(mu);
          if (answer.ok()) {
            ready.push_back(std::move(*answer));
          } else if (failure.ok()) {
            failure = absl::Status(
                answer.status().code(),
                absl::StrCat("a document was not stored: ", answer.status().message()));
          }
          --in_flight;
          cv.notify_all();
        });
    request = govreport::v1::IngestRequest();
  }
  {
    std::unique_lock<std::mutex> lock(mu);
    reading_done = true;
    cv.notify_all();
    cv.wait(lock, [&] { return in_flight == 0; });
  }
  writer.join();
  // The store refused a write: end the stream with a code the client can act
  // on; every document answered before was committed.
  return ToGrpc(failure);
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
