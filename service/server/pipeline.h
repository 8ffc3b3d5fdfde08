#ifndef GOVREPORT_SERVICE_SERVER_PIPELINE_H_
#define GOVREPORT_SERVICE_SERVER_PIPELINE_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "absl/status/statusor.h"
#include "govreport/v1/report.pb.h"
#include "service/server/worker_pool.h"
#include "storage/store.h"

namespace govreport::server {

struct PipelineOptions {
  // Documents larger than this are answered REJECTED (the stream goes on).
  size_t max_document_bytes = 32u << 20;
  // Extraction threads (0: one per core).
  int workers = 0;
  // Documents waiting for a worker, over all streams; beyond it submitters wait.
  size_t max_queued = 256;
  // Group commit: at most this many documents per transaction, and a batch
  // waits at most this long for more documents once the first is ready.
  size_t max_batch = 64;
  std::chrono::microseconds max_batch_delay{2000};
};

// The ingest path for one document: check, hash, dedupe, extract and
// validate on a worker thread, then store in a group-committed batch (one
// transaction and one fsync for many documents) together with the cross-year
// rules against the agency's neighbouring years. Independent of the transport,
// so tests drive it directly. Thread-safe.
class IngestPipeline {
 public:
  using Done = std::function<void(absl::StatusOr<govreport::v1::IngestResponse>)>;

  IngestPipeline(storage::ReportStore* store, PipelineOptions options);
  // Finishes every submitted document, then stops the threads.
  ~IngestPipeline();

  // Answers one document through `done`, called exactly once, on a pipeline
  // thread, only after the result is committed (STORED) or read back
  // (DUPLICATE). A store failure is an error status (UNAVAILABLE /
  // RESOURCE_EXHAUSTED): the document was not stored. May block while the
  // pipeline is full (backpressure).
  void ProcessAsync(govreport::v1::IngestRequest request, Done done);

  // The same, waiting for the answer.
  absl::StatusOr<govreport::v1::IngestResponse> Process(
      const govreport::v1::IngestRequest& request);

  const PipelineOptions& options() const { return options_; }

  // Documents answered STORED since the pipeline started.
  int64_t stored_count() const { return stored_.load(); }

 private:
  struct Job {
    storage::IncomingDocument doc;
    govreport::v1::DocumentResult result;
    std::string document_id;
    Done done;
  };

  // Everything before storage; returns a final answer (REJECTED, DUPLICATE)
  // or nullopt after filling `job`.
  absl::StatusOr<std::optional<govreport::v1::IngestResponse>> Prepare(
      const govreport::v1::IngestRequest& request, Job* job);
  void CommitLoop();
  // One job inside the batch transaction: duplicates, supersession, cross-year
  // rules against year-1, insert, and re-evaluation of year+1.
  absl::StatusOr<govreport::v1::IngestResponse> StoreInBatch(storage::BatchWriter& writer,
                                                             Job& job);

  storage::ReportStore* store_;
  PipelineOptions options_;

  std::mutex commit_mu_;
  std::condition_variable commit_cv_;
  std::condition_variable commit_space_cv_;
  std::deque<Job> commit_queue_;
  bool stopping_ = false;
  std::atomic<int64_t> stored_{0};
  std::thread committer_;
  std::unique_ptr<WorkerPool>
      workers_;  // declared last: destroyed first, drains into the committer
};

// Current time as RFC 3339 UTC with seconds.
std::string NowRfc3339();

}  // namespace govreport::server

#endif  // GOVREPORT_SERVICE_SERVER_PIPELINE_H_
