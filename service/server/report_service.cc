#include "service/server/report_service.h"

#include "absl/strings/str_cat.h"

namespace govreport::server {

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
  govreport::v1::IngestRequest request;
  while (!context->IsCancelled() && stream->Read(&request)) {
    auto response = pipeline_->Process(request);
    if (!response.ok()) {
      // The store refused the write: end the stream with a code the client
      // can act on; every document answered before this one is committed.
      return ToGrpc(absl::Status(response.status().code(),
                                 absl::StrCat("document \"", request.document_id(),
                                              "\" not stored: ", response.status().message())));
    }
    if (!stream->Write(*response)) break;  // client went away
  }
  return grpc::Status::OK;
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

}  // namespace govreport::server
