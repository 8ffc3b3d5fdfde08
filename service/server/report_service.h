#ifndef GOVREPORT_SERVICE_SERVER_REPORT_SERVICE_H_
#define GOVREPORT_SERVICE_SERVER_REPORT_SERVICE_H_

#include <atomic>

#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "govreport/v1/report.grpc.pb.h"
#include "service/server/auth.h"
#include "service/server/pipeline.h"
#include "storage/store.h"

namespace govreport::server {

// gRPC front of the service: Ingest streams documents through the pipeline;
// the query RPCs read the store. Status codes: INVALID_ARGUMENT for malformed
// requests, NOT_FOUND for unknown IDs, UNAVAILABLE / RESOURCE_EXHAUSTED when
// the database cannot take writes (nothing acknowledged is lost).
// Ingest runs on gRPC's callback API (a stream holds no thread while it waits);
// the query RPCs are synchronous.
class ReportServiceImpl final : public govreport::v1::ReportService::WithCallbackMethod_Ingest<
                                    govreport::v1::ReportService::Service> {
 public:
  ReportServiceImpl(storage::ReportStore* store, IngestPipeline* pipeline, TokenAuth auth = {},
                    int max_streams = 64)
      : store_(store), pipeline_(pipeline), auth_(std::move(auth)), max_streams_(max_streams) {}

  grpc::ServerBidiReactor<govreport::v1::IngestRequest, govreport::v1::IngestResponse>* Ingest(
      grpc::CallbackServerContext* context) override;
  grpc::Status GetReport(grpc::ServerContext* context,
                         const govreport::v1::GetReportRequest* request,
                         govreport::v1::DocumentResult* response) override;
  grpc::Status ListReports(grpc::ServerContext* context,
                           const govreport::v1::ListReportsRequest* request,
                           govreport::v1::ListReportsResponse* response) override;
  grpc::Status ListFindings(grpc::ServerContext* context,
                            const govreport::v1::ListFindingsRequest* request,
                            govreport::v1::ListFindingsResponse* response) override;
  grpc::Status QueryMetrics(grpc::ServerContext* context,
                            const govreport::v1::QueryMetricsRequest* request,
                            govreport::v1::QueryMetricsResponse* response) override;
  grpc::Status ExportMetrics(grpc::ServerContext* context,
                             const govreport::v1::MetricQuery* request,
                             grpc::ServerWriter<govreport::v1::MetricRow>* writer) override;
  grpc::Status GetAgencyHistory(grpc::ServerContext* context,
                                const govreport::v1::GetAgencyHistoryRequest* request,
                                govreport::v1::GetAgencyHistoryResponse* response) override;
  grpc::Status Stats(grpc::ServerContext* context, const govreport::v1::StatsRequest* request,
                     govreport::v1::StatsResponse* response) override;

 private:
  storage::ReportStore* store_;
  IngestPipeline* pipeline_;
  TokenAuth auth_;
  const absl::Time started_ = absl::Now();
  // Open Ingest streams, bounded by max_streams_ (RESOURCE_EXHAUSTED beyond).
  std::atomic<int> open_streams_{0};
  int max_streams_;
};

// absl::Status -> grpc::Status with the same code and message.
grpc::Status ToGrpc(const absl::Status& status);

}  // namespace govreport::server

#endif  // GOVREPORT_SERVICE_SERVER_REPORT_SERVICE_H_
