#ifndef GOVREPORT_CLIENT_COMMANDS_H_
#define GOVREPORT_CLIENT_COMMANDS_H_

#include <functional>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "govreport/v1/report.grpc.pb.h"

namespace govreport::client {

// Exit codes scripts can rely on.
enum ExitCode {
  kExitOk = 0,
  kExitRejected = 1,     // some document was rejected or could not be read
  kExitUsage = 2,        // bad command line
  kExitUnavailable = 3,  // server unreachable or RPC failed
  kExitNotFound = 4,     // the report asked for does not exist
  kExitAuth = 5,         // refused: missing or wrong token or certificate
};

// Files under `paths` (folders recursively, sorted), skipping gold/score
// files and dot files. Missing paths are reported in *missing.
std::vector<std::string> CollectInputFiles(const std::vector<std::string>& paths,
                                           std::vector<std::string>* missing);

struct IngestStats {
  int sent = 0;
  int stored = 0;
  int duplicate = 0;
  int rejected = 0;
  std::map<std::string, int> findings_by_rule;
  std::map<std::string, int> findings_by_severity;
  std::vector<std::pair<std::string, std::string>> rejections;  // document, reason
  std::vector<govreport::v1::IngestResponse> responses;         // in arrival order
  int answered() const { return stored + duplicate + rejected; }
};

using ProgressFn = std::function<void(const IngestStats&, int total)>;

// Streams `files` over one Ingest stream, reading responses concurrently.
// Unreadable files count as rejected without being sent. Returns the RPC
// status on failure (stats so far are in *stats).
absl::Status IngestFiles(govreport::v1::ReportService::Stub* stub,
                         const std::vector<std::string>& files, const ProgressFn& progress,
                         IngestStats* stats);

// Builds the request for one file: its path as document id, file:// URL,
// content type from the extension.
absl::StatusOr<govreport::v1::IngestRequest> RequestForFile(const std::string& path);

// Human summary of an ingest run (stored/duplicate/rejected, findings by
// severity and rule, rejection reasons, a few findings).
void PrintIngestSummary(const IngestStats& stats, int show_findings, std::ostream& out);

// Offline extraction: one JSON line per file (extract-json.md) or a readable
// summary. Returns kExitRejected if any file failed.
// Offline: extracts and validates one file. On failure the result carries
// only `source` and `error`.
govreport::v1::DocumentResult ExtractFile(const std::string& path);

int RunExtract(const std::vector<std::string>& files, bool json, bool with_text, std::ostream& out,
               std::ostream& err);

// The rule catalog as a table, or as the Markdown of docs/rules.md.
void PrintRules(bool markdown, std::ostream& out);

// The reviewer's view: metadata, findings grouped by severity, and tables
// 三 and 四 laid out as in the official format, with every cell a finding
// names marked "*".
void PrintReview(const govreport::v1::DocumentResult& result, std::ostream& out);

// Readable forms of query results.
void PrintReport(const govreport::v1::DocumentResult& result, std::ostream& out);
void PrintReportList(const govreport::v1::ListReportsResponse& response, std::ostream& out);
void PrintFindingList(const govreport::v1::ListFindingsResponse& response, std::ostream& out);

// Query results as tables.
void PrintMetricRows(const govreport::v1::QueryMetricsResponse& response, std::ostream& out);
void PrintStats(const govreport::v1::StatsResponse& stats, std::ostream& out);
void PrintHistory(const govreport::v1::GetAgencyHistoryResponse& history,
                  const std::vector<std::string>& keys, std::ostream& out);

// Streams ExportMetrics to `out` as CSV or JSON lines; `wide` writes one row
// per report with one column per metric key, in metrics.tsv order.
// One CSV field (RFC 4180): quoted when it holds a comma, quote or line
// break, quotes doubled. UTF-8 passes through untouched.
std::string CsvField(const std::string& field);

absl::Status ExportMetrics(govreport::v1::ReportService::Stub* stub, grpc::ClientContext* context,
                           const govreport::v1::MetricQuery& query, const std::string& format,
                           bool wide, std::ostream& out);

// Parses "sum"/"mean"/"min"/"max"/"count" (or "") into an aggregation.
absl::StatusOr<govreport::v1::Aggregation> ParseAggregation(const std::string& name);

// Parses "error"/"warning"/"info" (or "") into a severity.
absl::StatusOr<govreport::v1::Severity> ParseSeverity(const std::string& name);

}  // namespace govreport::client

#endif  // GOVREPORT_CLIENT_COMMANDS_H_
