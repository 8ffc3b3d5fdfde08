#ifndef GOVREPORT_STORAGE_STORE_H_
#define GOVREPORT_STORAGE_STORE_H_

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "govreport/v1/report.pb.h"
#include "storage/sqlite.h"

namespace govreport::storage {

// A document as received, before extraction.
struct IncomingDocument {
  std::string content_hash;  // Sha256Hex(content)
  std::string content;
  std::string content_type;
  std::string source_url;
  std::string sender_document_id;
  std::string fetched_at;
  std::string received_at;  // RFC 3339 UTC
};

struct InsertOutcome {
  // Reports of the same agency and year that this one superseded.
  int superseded = 0;
};

// Reads and writes inside one ReportStore::WriteBatch transaction. Each
// Insert/UpdateResult runs in its own savepoint, so one failing document does
// not undo the others; reads see the batch's own writes.
class BatchWriter {
 public:
  absl::StatusOr<std::optional<govreport::v1::DocumentResult>> FindByHash(const std::string& hash);
  absl::StatusOr<std::optional<govreport::v1::DocumentResult>> GetCurrent(
      const std::string& agency_key, int year);
  absl::StatusOr<int64_t> CountCurrent(const std::string& agency_key, int year);
  absl::StatusOr<InsertOutcome> Insert(const IncomingDocument& doc,
                                       const govreport::v1::DocumentResult& result);
  absl::Status UpdateResult(const govreport::v1::DocumentResult& result);

 private:
  friend class ReportStore;
  explicit BatchWriter(Database* db) : db_(db) {}
  Database* db_;
};

// The SQLite store: documents (raw bytes, unique by content hash), reports,
// metrics and findings. WAL mode, synchronous=FULL (an acknowledged document
// survives a crash or power loss), foreign keys on, schema versioned by
// PRAGMA user_version with migrations applied at open. Thread-safe: writes are
// serialised on one connection, reads use another (WAL lets them overlap).
class ReportStore {
 public:
  static absl::StatusOr<std::unique_ptr<ReportStore>> Open(const std::string& path);

  // The schema version after migrations (PRAGMA user_version).
  absl::StatusOr<int> SchemaVersion();

  // The stored result for a content hash, if any.
  absl::StatusOr<std::optional<govreport::v1::DocumentResult>> FindByHash(const std::string& hash);

  // Stores the document and its result in one transaction: nothing of it is
  // stored unless all of it is. ALREADY_EXISTS if the content hash is stored.
  // Older current reports of the same agency_key and year become superseded.
  absl::StatusOr<InsertOutcome> Insert(const IncomingDocument& doc,
                                       const govreport::v1::DocumentResult& result);

  // One report with its full result; nullopt if unknown.
  absl::StatusOr<std::optional<govreport::v1::DocumentResult>> Get(const std::string& report_id);

  absl::StatusOr<govreport::v1::ListReportsResponse> ListReports(
      const govreport::v1::ListReportsRequest& request);
  absl::StatusOr<govreport::v1::ListFindingsResponse> ListFindings(
      const govreport::v1::ListFindingsRequest& request);

  // Number of current reports of an agency key and year.
  absl::StatusOr<int64_t> CountCurrent(const std::string& agency_key, int year);

  // Runs `fn` in one write transaction (group commit: many documents, one
  // fsync). Nothing of the batch is durable unless it returns OK and the
  // commit succeeds.
  absl::Status WriteBatch(const std::function<absl::Status(BatchWriter&)>& fn);

  // Metric values matching `query`, in storage order, after the row cursor
  // `after` (0: from the start), at most `limit` (0: no limit). `sink` gets
  // each row with its cursor; returning false stops. Exports pass
  // use_own_connection so a long stream blocks no other reader.
  using MetricSink = std::function<bool(int64_t cursor, govreport::v1::MetricRow&&)>;
  absl::Status ScanMetrics(const govreport::v1::MetricQuery& query, int64_t after, int limit,
                           const MetricSink& sink, bool use_own_connection = false);

  // Aggregates of the numeric metric values matching `query`.
  absl::StatusOr<std::vector<govreport::v1::AggregateRow>> AggregateMetrics(
      const govreport::v1::MetricQuery& query, govreport::v1::Aggregation aggregation, bool by_year,
      bool by_agency);

  // Every current report of an agency key, oldest year first.
  absl::StatusOr<std::vector<govreport::v1::DocumentResult>> CurrentReportsOf(
      const std::string& agency_key);

  // Stored counts (the ingest-rate fields are the service's).
  absl::StatusOr<govreport::v1::StatsResponse> Stats();

  // Number of stored documents.
  absl::StatusOr<int64_t> CountDocuments();

 private:
  ReportStore(std::string path, Database write_db, Database read_db, Database checkpoint_db);

 public:
  ~ReportStore();

 private:
  // Copies committed WAL frames into the database file on its own connection
  // and thread (PASSIVE: never blocks the writer), so commits do not pay for
  // checkpoints; the writer's own autocheckpoint is only a backstop.
  void CheckpointLoop();

  std::string path_;
  Database checkpoint_db_;  // used by the checkpoint thread only
  absl::Mutex stop_mu_;
  bool stopping_ ABSL_GUARDED_BY(stop_mu_) = false;
  std::thread checkpointer_;

  absl::Mutex write_mu_;
  Database write_db_ ABSL_GUARDED_BY(write_mu_);
  absl::Mutex read_mu_;
  Database read_db_ ABSL_GUARDED_BY(read_mu_);
};

}  // namespace govreport::storage

#endif  // GOVREPORT_STORAGE_STORE_H_
