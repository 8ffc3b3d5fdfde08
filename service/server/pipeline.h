#ifndef GOVREPORT_SERVICE_SERVER_PIPELINE_H_
#define GOVREPORT_SERVICE_SERVER_PIPELINE_H_

#include <atomic>
#include <cstddef>
#include <memory>

#include "absl/synchronization/mutex.h"
#include "govreport/v1/report.pb.h"
#include "storage/store.h"

namespace govreport::server {

struct PipelineOptions {
  // Documents larger than this are answered REJECTED (the stream goes on).
  size_t max_document_bytes = 32u << 20;
};

// The ingest path for one document: check, hash, dedupe, extract, validate,
// store, answer. Independent of the transport so tests can drive it directly.
// Thread-safe.
class IngestPipeline {
 public:
  IngestPipeline(storage::ReportStore* store, PipelineOptions options)
      : store_(store), options_(options) {}

  // Answers one document. The response is returned only after the result is
  // committed (STORED), or read back (DUPLICATE); store failures are returned
  // as errors (UNAVAILABLE / RESOURCE_EXHAUSTED) because the document was not
  // stored and the client should retry.
  absl::StatusOr<govreport::v1::IngestResponse> Process(
      const govreport::v1::IngestRequest& request);

  const PipelineOptions& options() const { return options_; }

 private:
  // Stores `result` after evaluating the cross-year rules against the
  // agency's previous year, then re-evaluates the next year's report.
  absl::Status StoreWithNeighbours(const storage::IncomingDocument& doc,
                                   govreport::v1::DocumentResult* result);

  storage::ReportStore* store_;
  PipelineOptions options_;
  absl::Mutex agency_mu_;
};

// Current time as RFC 3339 UTC with seconds.
std::string NowRfc3339();

}  // namespace govreport::server

#endif  // GOVREPORT_SERVICE_SERVER_PIPELINE_H_
