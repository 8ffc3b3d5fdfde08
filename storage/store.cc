#include "storage/store.h"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"

namespace govreport::storage {
namespace {

using govreport::v1::DocumentResult;
using govreport::v1::Finding;
using govreport::v1::ListFindingsRequest;
using govreport::v1::ListFindingsResponse;
using govreport::v1::ListReportsRequest;
using govreport::v1::ListReportsResponse;
using govreport::v1::Report;
using govreport::v1::ReportFilter;

#define RETURN_IF_ERROR(expr)          \
  do {                                 \
    absl::Status status_ = (expr);     \
    if (!status_.ok()) return status_; \
  } while (0)

#define ASSIGN_OR_RETURN(lhs, expr)             \
  auto lhs##_or = (expr);                       \
  if (!lhs##_or.ok()) return lhs##_or.status(); \
  auto lhs = std::move(*lhs##_or)

// Schema migrations, applied in order; PRAGMA user_version counts them.
constexpr const char* kMigrations[] = {
    R"sql(
CREATE TABLE documents(
  id INTEGER PRIMARY KEY,
  content_hash TEXT NOT NULL UNIQUE,
  content BLOB NOT NULL,
  content_type TEXT NOT NULL,
  source_url TEXT NOT NULL DEFAULT '',
  sender_document_id TEXT NOT NULL DEFAULT '',
  fetched_at TEXT NOT NULL DEFAULT '',
  received_at TEXT NOT NULL);
CREATE TABLE reports(
  id TEXT PRIMARY KEY,
  document_id INTEGER NOT NULL UNIQUE REFERENCES documents(id) ON DELETE CASCADE,
  agency TEXT NOT NULL,
  agency_key TEXT NOT NULL,
  year INTEGER NOT NULL,
  template TEXT NOT NULL,
  publish_date TEXT NOT NULL DEFAULT '',
  period_start TEXT NOT NULL DEFAULT '',
  period_end TEXT NOT NULL DEFAULT '',
  source_url TEXT NOT NULL DEFAULT '',
  content_hash TEXT NOT NULL,
  received_at TEXT NOT NULL,
  is_current INTEGER NOT NULL DEFAULT 1,
  max_severity INTEGER NOT NULL DEFAULT 0,
  result BLOB NOT NULL);
CREATE INDEX reports_agency_year ON reports(agency_key, year);
CREATE INDEX reports_year ON reports(year);
CREATE INDEX reports_template ON reports(template);
CREATE TABLE metrics(
  report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
  key TEXT NOT NULL,
  int_value INTEGER,
  decimal_value REAL,
  text_value TEXT,
  unit TEXT NOT NULL DEFAULT '',
  raw TEXT NOT NULL DEFAULT '',
  span_start INTEGER NOT NULL DEFAULT 0,
  span_end INTEGER NOT NULL DEFAULT 0,
  source INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY(report_id, key));
CREATE INDEX metrics_key ON metrics(key);
CREATE TABLE findings(
  id INTEGER PRIMARY KEY,
  report_id TEXT NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
  rule TEXT NOT NULL,
  severity INTEGER NOT NULL,
  finding BLOB NOT NULL);
CREATE INDEX findings_rule ON findings(rule, severity);
CREATE INDEX findings_report ON findings(report_id);
)sql",
};

constexpr int kDefaultReportPage = 50, kMaxReportPage = 1000;
constexpr int kDefaultFindingPage = 100, kMaxFindingPage = 5000;

absl::Status Configure(Database* db) {
  RETURN_IF_ERROR(db->Exec("PRAGMA journal_mode=WAL"));
  RETURN_IF_ERROR(db->Exec("PRAGMA synchronous=FULL"));
  RETURN_IF_ERROR(db->Exec("PRAGMA foreign_keys=ON"));
  // Page I/O dominated ingest with SQLite's 2 MB default cache (measured with
  // perf; bench/RESULTS.md): keep 64 MB of pages and checkpoint the WAL less
  // often. No mmap on the writer: it does not speed up writes, and mapped
  // pages count against the server's resident memory.
  RETURN_IF_ERROR(db->Exec("PRAGMA cache_size=-65536"));
  // Checkpoints run on their own thread (CheckpointLoop); this is the
  // backstop should that thread fall behind (64 MB of WAL).
  RETURN_IF_ERROR(db->Exec("PRAGMA wal_autocheckpoint=16000"));
  return absl::OkStatus();
}

absl::StatusOr<int> UserVersion(Database* db) {
  ASSIGN_OR_RETURN(stmt, db->Prepare("PRAGMA user_version"));
  ASSIGN_OR_RETURN(row, stmt.Step());
  return row ? static_cast<int>(stmt.Int(0)) : 0;
}

absl::Status Migrate(Database* db) {
  ASSIGN_OR_RETURN(version, UserVersion(db));
  const int target = static_cast<int>(std::size(kMigrations));
  if (version > target) {
    return absl::FailedPreconditionError(absl::StrCat(
        "database schema version ", version, " is newer than this build supports (", target, ")"));
  }
  for (int v = version; v < target; ++v) {
    ASSIGN_OR_RETURN(tx, Transaction::Begin(db));
    RETURN_IF_ERROR(db->Exec(kMigrations[v]));
    RETURN_IF_ERROR(db->Exec(absl::StrCat("PRAGMA user_version=", v + 1)));
    RETURN_IF_ERROR(tx.Commit());
  }
  return absl::OkStatus();
}

std::string LikePattern(const std::string& s) {
  return absl::StrCat("%", absl::StrReplaceAll(s, {{"\\", "\\\\"}, {"%", "\\%"}, {"_", "\\_"}}),
                      "%");
}

int64_t ParseToken(const std::string& token) {
  int64_t v = 0;
  return absl::SimpleAtoi(token, &v) && v > 0 ? v : 0;
}

// WHERE clause over reports r shared by both list queries; parameters ?1..?8.
// With kReportFilterSql: only reports with a finding of rule ?6 (if given)
// and of at least severity ?7.
constexpr const char* kReportHasFindingSql =
    " AND (?6 = '' OR EXISTS(SELECT 1 FROM findings f WHERE f.report_id = r.id AND f.rule = ?6 "
    "AND f.severity >= ?7)) AND (?7 = 0 OR r.max_severity >= ?7)";

constexpr const char* kReportFilterSql = R"sql(
  (?1 = '' OR r.agency LIKE ?2 ESCAPE '\' OR r.agency_key LIKE ?2 ESCAPE '\')
  AND (?3 = 0 OR r.year >= ?3) AND (?4 = 0 OR r.year <= ?4)
  AND (?5 = '' OR r.template = ?5)
  AND (?8 = 1 OR r.is_current = 1))sql";

void BindFilter(const ReportFilter& f, Statement* stmt) {
  stmt->Bind(1, f.agency())
      .Bind(2, LikePattern(f.agency()))
      .Bind(3, static_cast<int64_t>(f.year_from()))
      .Bind(4, static_cast<int64_t>(f.year_to()))
      .Bind(5, f.template_())
      .Bind(6, f.rule())
      .Bind(7, static_cast<int64_t>(f.min_severity()))
      .Bind(8, static_cast<int64_t>(f.include_superseded() ? 1 : 0));
}

constexpr const char* kReportColumns =
    "r.id, r.agency, r.agency_key, r.year, r.template, r.publish_date, r.period_start, "
    "r.period_end, r.source_url, r.content_hash, r.received_at, r.is_current";

Report ReportFromRow(const Statement& s, int first) {
  Report r;
  r.set_id(s.Text(first));
  r.set_agency(s.Text(first + 1));
  r.set_agency_key(s.Text(first + 2));
  r.set_year(static_cast<int32_t>(s.Int(first + 3)));
  r.set_template_(s.Text(first + 4));
  r.set_publish_date(s.Text(first + 5));
  r.set_period_start(s.Text(first + 6));
  r.set_period_end(s.Text(first + 7));
  r.set_source_url(s.Text(first + 8));
  r.set_content_hash(s.Text(first + 9));
  r.set_received_time(s.Text(first + 10));
  r.set_current(s.Int(first + 11) != 0);
  return r;
}

absl::StatusOr<std::optional<DocumentResult>> ReadResult(Statement* stmt) {
  ASSIGN_OR_RETURN(row, stmt->Step());
  if (!row) return std::optional<DocumentResult>();
  DocumentResult result;
  if (!result.ParseFromString(stmt->Blob(0))) {
    return absl::DataLossError("stored result does not parse");
  }
  result.mutable_report()->set_current(stmt->Int(1) != 0);
  return std::optional<DocumentResult>(std::move(result));
}

absl::Status InsertFindings(Database* db, const DocumentResult& result) {
  ASSIGN_OR_RETURN(stmt, db->Prepare("INSERT INTO findings(report_id, rule, severity, finding) "
                                     "VALUES(?1, ?2, ?3, ?4)"));
  for (const Finding& f : result.findings()) {
    stmt.Bind(1, result.report().id())
        .Bind(2, f.rule())
        .Bind(3, static_cast<int64_t>(f.severity()))
        .BindBlob(4, f.SerializeAsString());
    RETURN_IF_ERROR(stmt.Run());
    stmt.Reset();
  }
  return absl::OkStatus();
}

int MaxSeverity(const DocumentResult& result) {
  int max_severity = 0;
  for (const Finding& f : result.findings()) {
    max_severity = std::max(max_severity, static_cast<int>(f.severity()));
  }
  return max_severity;
}

}  // namespace

absl::StatusOr<std::unique_ptr<ReportStore>> ReportStore::Open(const std::string& path) {
  std::filesystem::path p(path);
  if (p.has_parent_path()) {
    std::error_code ec;
    std::filesystem::create_directories(p.parent_path(), ec);
    if (ec) {
      return absl::UnavailableError(
          absl::StrCat("cannot create folder ", p.parent_path().string(), ": ", ec.message()));
    }
  }
  ASSIGN_OR_RETURN(write_db, Database::Open(path));
  RETURN_IF_ERROR(Configure(&write_db));
  RETURN_IF_ERROR(Migrate(&write_db));
  ASSIGN_OR_RETURN(read_db, Database::Open(path));
  RETURN_IF_ERROR(read_db.Exec("PRAGMA foreign_keys=ON"));
  RETURN_IF_ERROR(read_db.Exec("PRAGMA cache_size=-32768"));
  // Reads go through a 64 MB mmap window (file pages the kernel may drop).
  RETURN_IF_ERROR(read_db.Exec("PRAGMA mmap_size=67108864"));
  ASSIGN_OR_RETURN(checkpoint_db, Database::Open(path));
  return std::unique_ptr<ReportStore>(
      new ReportStore(path, std::move(write_db), std::move(read_db), std::move(checkpoint_db)));
}

ReportStore::ReportStore(std::string path, Database write_db, Database read_db,
                         Database checkpoint_db)
    : path_(std::move(path)),
      checkpoint_db_(std::move(checkpoint_db)),
      write_db_(std::move(write_db)),
      read_db_(std::move(read_db)) {
  checkpointer_ = std::thread([this] { CheckpointLoop(); });
}

ReportStore::~ReportStore() {
  {
    absl::MutexLock lock(&stop_mu_);
    stopping_ = true;
  }
  checkpointer_.join();
}

void ReportStore::CheckpointLoop() {
  absl::MutexLock lock(&stop_mu_);
  while (true) {
    // Every 200 ms, or at once when the store closes.
    stop_mu_.AwaitWithTimeout(absl::Condition(&stopping_), absl::Milliseconds(200));
    if (stopping_) return;
    stop_mu_.Unlock();
    // Errors (a busy reader holding old frames) just mean "next time".
    (void)checkpoint_db_.Exec("PRAGMA wal_checkpoint(PASSIVE)");
    stop_mu_.Lock();
  }
}

absl::StatusOr<int> ReportStore::SchemaVersion() {
  absl::MutexLock lock(&read_mu_);
  return UserVersion(&read_db_);
}

namespace {

// Operations on one connection; the public methods and BatchWriter pick the
// connection and the transaction.
absl::StatusOr<std::optional<DocumentResult>> FindByHashOn(Database* db, const std::string& hash) {
  // Through documents' unique hash index and reports' unique document_id:
  // reports.content_hash has no index, and scanning it made every insert
  // slower as the database grew (found with perf: 15% of the server's time
  // at 1,500 documents).
  ASSIGN_OR_RETURN(stmt, db->Prepare("SELECT r.result, r.is_current FROM documents d "
                                     "JOIN reports r ON r.document_id = d.id "
                                     "WHERE d.content_hash = ?1"));
  stmt.Bind(1, hash);
  return ReadResult(&stmt);
}

absl::StatusOr<std::optional<DocumentResult>> GetCurrentOn(Database* db,
                                                           const std::string& agency_key,
                                                           int year) {
  ASSIGN_OR_RETURN(stmt,
                   db->Prepare("SELECT result, is_current FROM reports WHERE agency_key = ?1 "
                               "AND year = ?2 AND is_current = 1 ORDER BY rowid DESC LIMIT 1"));
  stmt.Bind(1, agency_key).Bind(2, static_cast<int64_t>(year));
  return ReadResult(&stmt);
}

absl::StatusOr<int64_t> CountCurrentOn(Database* db, const std::string& agency_key, int year) {
  ASSIGN_OR_RETURN(stmt,
                   db->Prepare("SELECT COUNT(*) FROM reports WHERE agency_key = ?1 AND year = ?2 "
                               "AND is_current = 1"));
  stmt.Bind(1, agency_key).Bind(2, static_cast<int64_t>(year));
  ASSIGN_OR_RETURN(row, stmt.Step());
  return row ? stmt.Int(0) : 0;
}

absl::Status UpdateResultOn(Database* db, const DocumentResult& result) {
  {
    ASSIGN_OR_RETURN(stmt, db->Prepare("DELETE FROM findings WHERE report_id = ?1"));
    stmt.Bind(1, result.report().id());
    RETURN_IF_ERROR(stmt.Run());
  }
  RETURN_IF_ERROR(InsertFindings(db, result));
  ASSIGN_OR_RETURN(stmt,
                   db->Prepare("UPDATE reports SET result = ?2, max_severity = ?3 WHERE id = ?1"));
  stmt.Bind(1, result.report().id())
      .BindBlob(2, result.SerializeAsString())
      .Bind(3, static_cast<int64_t>(MaxSeverity(result)));
  RETURN_IF_ERROR(stmt.Run());
  if (db->Changes() != 1)
    return absl::NotFoundError(absl::StrCat("no report ", result.report().id()));
  return absl::OkStatus();
}

absl::StatusOr<InsertOutcome> InsertOn(Database* db, const IncomingDocument& doc,
                                       const DocumentResult& result) {
  const Report& report = result.report();
  {
    ASSIGN_OR_RETURN(stmt, db->Prepare("INSERT INTO documents(content_hash, content, content_type, "
                                       "source_url, sender_document_id, fetched_at, received_at) "
                                       "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7)"));
    stmt.Bind(1, doc.content_hash)
        .BindBlob(2, doc.content)
        .Bind(3, doc.content_type)
        .Bind(4, doc.source_url)
        .Bind(5, doc.sender_document_id)
        .Bind(6, doc.fetched_at)
        .Bind(7, doc.received_at);
    RETURN_IF_ERROR(stmt.Run());
  }
  const int64_t document_id = db->LastInsertRowId();
  InsertOutcome outcome;
  if (!report.agency_key().empty() && report.year() > 0) {
    ASSIGN_OR_RETURN(stmt,
                     db->Prepare("UPDATE reports SET is_current = 0 WHERE agency_key = ?1 AND "
                                 "year = ?2 AND is_current = 1"));
    stmt.Bind(1, report.agency_key()).Bind(2, static_cast<int64_t>(report.year()));
    RETURN_IF_ERROR(stmt.Run());
    outcome.superseded = static_cast<int>(db->Changes());
  }
  {
    ASSIGN_OR_RETURN(stmt,
                     db->Prepare("INSERT INTO reports(id, document_id, agency, agency_key, year, "
                                 "template, publish_date, period_start, period_end, source_url, "
                                 "content_hash, received_at, is_current, max_severity, result) "
                                 "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, 1, "
                                 "?13, ?14)"));
    stmt.Bind(1, report.id())
        .Bind(2, document_id)
        .Bind(3, report.agency())
        .Bind(4, report.agency_key())
        .Bind(5, static_cast<int64_t>(report.year()))
        .Bind(6, report.template_())
        .Bind(7, report.publish_date())
        .Bind(8, report.period_start())
        .Bind(9, report.period_end())
        .Bind(10, report.source_url())
        .Bind(11, report.content_hash())
        .Bind(12, report.received_time())
        .Bind(13, static_cast<int64_t>(MaxSeverity(result)))
        .BindBlob(14, result.SerializeAsString());
    RETURN_IF_ERROR(stmt.Run());
  }
  {
    ASSIGN_OR_RETURN(stmt,
                     db->Prepare("INSERT INTO metrics(report_id, key, int_value, decimal_value, "
                                 "text_value, unit, raw, span_start, span_end, source) "
                                 "VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"));
    for (const auto& m : result.metrics()) {
      stmt.Bind(1, report.id()).Bind(2, m.key());
      if (m.has_int_value()) {
        stmt.Bind(3, static_cast<int64_t>(m.int_value()));
      } else {
        stmt.BindNull(3);
      }
      if (m.has_decimal_value()) {
        stmt.Bind(4, m.decimal_value());
      } else {
        stmt.BindNull(4);
      }
      if (m.has_text_value()) {
        stmt.Bind(5, m.text_value());
      } else {
        stmt.BindNull(5);
      }
      stmt.Bind(6, m.unit())
          .Bind(7, m.raw())
          .Bind(8, static_cast<int64_t>(m.span().start()))
          .Bind(9, static_cast<int64_t>(m.span().end()))
          .Bind(10, static_cast<int64_t>(m.source()));
      RETURN_IF_ERROR(stmt.Run());
      stmt.Reset();
    }
  }
  RETURN_IF_ERROR(InsertFindings(db, result));
  return outcome;
}

// Runs `fn` inside a savepoint: on failure only its own writes are undone,
// the enclosing batch goes on.
template <typename Fn>
auto InSavepoint(Database* db, Fn fn) -> decltype(fn()) {
  RETURN_IF_ERROR(db->Exec("SAVEPOINT doc"));
  auto result = fn();
  if (result.ok()) {
    RETURN_IF_ERROR(db->Exec("RELEASE doc"));
  } else {
    (void)db->Exec("ROLLBACK TO doc");
    (void)db->Exec("RELEASE doc");
  }
  return result;
}

}  // namespace

absl::StatusOr<std::optional<DocumentResult>> ReportStore::FindByHash(const std::string& hash) {
  absl::MutexLock lock(&read_mu_);
  return FindByHashOn(&read_db_, hash);
}

absl::StatusOr<std::optional<DocumentResult>> ReportStore::Get(const std::string& report_id) {
  absl::MutexLock lock(&read_mu_);
  ASSIGN_OR_RETURN(stmt, read_db_.Prepare("SELECT result, is_current FROM reports WHERE id = ?1"));
  stmt.Bind(1, report_id);
  return ReadResult(&stmt);
}

absl::StatusOr<int64_t> ReportStore::CountDocuments() {
  absl::MutexLock lock(&read_mu_);
  ASSIGN_OR_RETURN(stmt, read_db_.Prepare("SELECT COUNT(*) FROM documents"));
  ASSIGN_OR_RETURN(row, stmt.Step());
  return row ? stmt.Int(0) : 0;
}

absl::StatusOr<int64_t> ReportStore::CountCurrent(const std::string& agency_key, int year) {
  absl::MutexLock lock(&read_mu_);
  return CountCurrentOn(&read_db_, agency_key, year);
}

absl::StatusOr<InsertOutcome> ReportStore::Insert(const IncomingDocument& doc,
                                                  const DocumentResult& result) {
  absl::MutexLock lock(&write_mu_);
  ASSIGN_OR_RETURN(tx, Transaction::Begin(&write_db_));
  ASSIGN_OR_RETURN(outcome, InsertOn(&write_db_, doc, result));
  RETURN_IF_ERROR(tx.Commit());
  return outcome;
}

absl::StatusOr<std::optional<DocumentResult>> BatchWriter::FindByHash(const std::string& hash) {
  return FindByHashOn(db_, hash);
}
absl::StatusOr<std::optional<DocumentResult>> BatchWriter::GetCurrent(const std::string& agency_key,
                                                                      int year) {
  return GetCurrentOn(db_, agency_key, year);
}
absl::StatusOr<int64_t> BatchWriter::CountCurrent(const std::string& agency_key, int year) {
  return CountCurrentOn(db_, agency_key, year);
}
absl::StatusOr<InsertOutcome> BatchWriter::Insert(const IncomingDocument& doc,
                                                  const DocumentResult& result) {
  return InSavepoint(db_, [&] { return InsertOn(db_, doc, result); });
}
absl::Status BatchWriter::UpdateResult(const DocumentResult& result) {
  return InSavepoint(db_, [&] { return UpdateResultOn(db_, result); });
}

absl::Status ReportStore::WriteBatch(const std::function<absl::Status(BatchWriter&)>& fn) {
  absl::MutexLock lock(&write_mu_);
  ASSIGN_OR_RETURN(tx, Transaction::Begin(&write_db_));
  BatchWriter writer(&write_db_);
  RETURN_IF_ERROR(fn(writer));
  return tx.Commit();
}

absl::StatusOr<ListReportsResponse> ReportStore::ListReports(const ListReportsRequest& request) {
  int limit =
      request.page_size() <= 0 ? kDefaultReportPage : std::min(request.page_size(), kMaxReportPage);
  std::string sql = absl::StrCat("SELECT r.rowid, ", kReportColumns, " FROM reports r WHERE ",
                                 kReportFilterSql, kReportHasFindingSql,
                                 " AND (?9 = 0 OR r.rowid < ?9) ORDER BY r.rowid DESC LIMIT ?10");
  absl::MutexLock lock(&read_mu_);
  ASSIGN_OR_RETURN(stmt, read_db_.Prepare(sql));
  BindFilter(request.filter(), &stmt);
  stmt.Bind(9, ParseToken(request.page_token())).Bind(10, static_cast<int64_t>(limit + 1));
  ListReportsResponse response;
  int64_t last = 0;
  while (true) {
    ASSIGN_OR_RETURN(row, stmt.Step());
    if (!row) break;
    if (response.reports_size() == limit) {
      response.set_next_page_token(absl::StrCat(last));
      break;
    }
    last = stmt.Int(0);
    *response.add_reports() = ReportFromRow(stmt, 1);
  }
  return response;
}

absl::StatusOr<ListFindingsResponse> ReportStore::ListFindings(const ListFindingsRequest& request) {
  int limit = request.page_size() <= 0 ? kDefaultFindingPage
                                       : std::min(request.page_size(), kMaxFindingPage);
  std::string sql =
      absl::StrCat("SELECT f.id, f.finding, ", kReportColumns,
                   " FROM findings f JOIN reports r ON r.id = f.report_id WHERE ", kReportFilterSql,
                   " AND (?6 = '' OR f.rule = ?6) AND f.severity >= ?7"
                   " AND (?9 = 0 OR f.id < ?9) ORDER BY f.id DESC LIMIT ?10");
  absl::MutexLock lock(&read_mu_);
  ASSIGN_OR_RETURN(stmt, read_db_.Prepare(sql));
  BindFilter(request.filter(), &stmt);
  stmt.Bind(9, ParseToken(request.page_token())).Bind(10, static_cast<int64_t>(limit + 1));
  ListFindingsResponse response;
  int64_t last = 0;
  while (true) {
    ASSIGN_OR_RETURN(row, stmt.Step());
    if (!row) break;
    if (response.findings_size() == limit) {
      response.set_next_page_token(absl::StrCat(last));
      break;
    }
    last = stmt.Int(0);
    auto* rf = response.add_findings();
    if (!rf->mutable_finding()->ParseFromString(stmt.Blob(1))) {
      return absl::DataLossError("stored finding does not parse");
    }
    *rf->mutable_report() = ReportFromRow(stmt, 2);
  }
  return response;
}

namespace {

// Key selection ?11/?12: an exact key, or for a prefix ending in '.' the
// half-open range [prefix, prefix with '.' -> '/') so the key index applies.
void BindKey(const std::string& key, Statement* stmt) {
  if (key.empty()) {  // every key (keys are ASCII)
    stmt->Bind(11, std::string()).Bind(12, std::string("\x7f"));
  } else if (key.back() == '.') {
    std::string upper = key;
    upper.back() = '/';
    stmt->Bind(11, key).Bind(12, upper);
  } else {
    stmt->Bind(11, key).Bind(12, key + std::string(1, '\0'));
  }
}

constexpr const char* kKeySql = " AND m.key >= ?11 AND m.key < ?12";

govreport::v1::Metric MetricFromRow(const Statement& s, int first) {
  govreport::v1::Metric m;
  m.set_key(s.Text(first));
  if (!s.IsNull(first + 1)) {
    m.set_int_value(s.Int(first + 1));
  } else if (!s.IsNull(first + 2)) {
    m.set_decimal_value(s.Double(first + 2));
  } else if (!s.IsNull(first + 3)) {
    m.set_text_value(s.Text(first + 3));
  }
  m.set_unit(s.Text(first + 4));
  m.set_raw(s.Text(first + 5));
  m.mutable_span()->set_start(static_cast<uint32_t>(s.Int(first + 6)));
  m.mutable_span()->set_end(static_cast<uint32_t>(s.Int(first + 7)));
  m.set_source(static_cast<govreport::v1::Metric::Source>(s.Int(first + 8)));
  return m;
}

absl::Status ScanMetricsOn(Database* db, const govreport::v1::MetricQuery& query, int64_t after,
                           int limit, const ReportStore::MetricSink& sink) {
  std::string sql = absl::StrCat(
      "SELECT m.rowid, m.key, m.int_value, m.decimal_value, m.text_value, m.unit, m.raw, "
      "m.span_start, "
      "m.span_end, m.source, ",
      kReportColumns, " FROM metrics m JOIN reports r ON r.id = m.report_id WHERE ",
      kReportFilterSql, kReportHasFindingSql, kKeySql,
      " AND m.rowid > ?9 ORDER BY m.rowid LIMIT ?10");
  ASSIGN_OR_RETURN(stmt, db->Prepare(sql));
  BindFilter(query.filter(), &stmt);
  BindKey(query.key(), &stmt);
  stmt.Bind(9, after).Bind(10, static_cast<int64_t>(limit > 0 ? limit : -1));
  while (true) {
    ASSIGN_OR_RETURN(row, stmt.Step());
    if (!row) return absl::OkStatus();
    govreport::v1::MetricRow out;
    *out.mutable_metric() = MetricFromRow(stmt, 1);
    *out.mutable_report() = ReportFromRow(stmt, 10);
    if (!sink(stmt.Int(0), std::move(out))) return absl::OkStatus();
  }
}

}  // namespace

absl::Status ReportStore::ScanMetrics(const govreport::v1::MetricQuery& query, int64_t after,
                                      int limit, const MetricSink& sink, bool use_own_connection) {
  if (use_own_connection) {
    ASSIGN_OR_RETURN(db, Database::Open(path_));
    return ScanMetricsOn(&db, query, after, limit, sink);
  }
  absl::MutexLock lock(&read_mu_);
  return ScanMetricsOn(&read_db_, query, after, limit, sink);
}

absl::StatusOr<std::vector<govreport::v1::AggregateRow>> ReportStore::AggregateMetrics(
    const govreport::v1::MetricQuery& query, govreport::v1::Aggregation aggregation, bool by_year,
    bool by_agency) {
  const char* fn = "COUNT";
  switch (aggregation) {
    case govreport::v1::SUM:
      fn = "SUM";
      break;
    case govreport::v1::MEAN:
      fn = "AVG";
      break;
    case govreport::v1::MIN:
      fn = "MIN";
      break;
    case govreport::v1::MAX:
      fn = "MAX";
      break;
    default:
      break;
  }
  std::string group =
      absl::StrCat("m.key", by_year ? ", r.year" : "", by_agency ? ", r.agency_key" : "");
  std::string sql = absl::StrCat(
      "SELECT m.key, ", by_year ? "r.year" : "0", ", ", by_agency ? "r.agency_key" : "''", ", ", fn,
      "(COALESCE(m.int_value, m.decimal_value)), COUNT(COALESCE(m.int_value, m.decimal_value)) "
      "FROM metrics m JOIN reports r ON r.id = m.report_id WHERE ",
      kReportFilterSql, kReportHasFindingSql, kKeySql,
      " AND COALESCE(m.int_value, m.decimal_value) IS NOT NULL GROUP BY ", group, " ORDER BY ",
      group);
  absl::MutexLock lock(&read_mu_);
  ASSIGN_OR_RETURN(stmt, read_db_.Prepare(sql));
  BindFilter(query.filter(), &stmt);
  BindKey(query.key(), &stmt);
  std::vector<govreport::v1::AggregateRow> out;
  while (true) {
    ASSIGN_OR_RETURN(row, stmt.Step());
    if (!row) break;
    govreport::v1::AggregateRow a;
    a.set_key(stmt.Text(0));
    a.set_year(static_cast<int32_t>(stmt.Int(1)));
    a.set_agency_key(stmt.Text(2));
    a.set_value(stmt.Double(3));
    a.set_count(stmt.Int(4));
    out.push_back(std::move(a));
  }
  return out;
}

absl::StatusOr<std::vector<DocumentResult>> ReportStore::CurrentReportsOf(
    const std::string& agency_key) {
  absl::MutexLock lock(&read_mu_);
  ASSIGN_OR_RETURN(stmt,
                   read_db_.Prepare("SELECT result, is_current FROM reports WHERE agency_key = ?1 "
                                    "AND is_current = 1 ORDER BY year"));
  stmt.Bind(1, agency_key);
  std::vector<DocumentResult> out;
  while (true) {
    ASSIGN_OR_RETURN(result, ReadResult(&stmt));
    if (!result.has_value()) return out;
    out.push_back(std::move(*result));
  }
}

absl::StatusOr<govreport::v1::StatsResponse> ReportStore::Stats() {
  govreport::v1::StatsResponse out;
  absl::MutexLock lock(&read_mu_);
  auto count = [&](const char* sql) -> absl::StatusOr<int64_t> {
    ASSIGN_OR_RETURN(stmt, read_db_.Prepare(sql));
    ASSIGN_OR_RETURN(row, stmt.Step());
    return row ? stmt.Int(0) : 0;
  };
  ASSIGN_OR_RETURN(documents, count("SELECT COUNT(*) FROM documents"));
  ASSIGN_OR_RETURN(reports, count("SELECT COUNT(*) FROM reports WHERE is_current = 1"));
  out.set_documents(documents);
  out.set_reports(reports);
  auto grouped = [&](const char* sql,
                     const std::function<void(const Statement&)>& add) -> absl::Status {
    ASSIGN_OR_RETURN(stmt, read_db_.Prepare(sql));
    while (true) {
      ASSIGN_OR_RETURN(row, stmt.Step());
      if (!row) return absl::OkStatus();
      add(stmt);
    }
  };
  RETURN_IF_ERROR(grouped(
      "SELECT template, COUNT(*) FROM reports WHERE is_current = 1 GROUP BY template",
      [&](const Statement& s) { (*out.mutable_reports_by_template())[s.Text(0)] = s.Int(1); }));
  RETURN_IF_ERROR(grouped("SELECT year, COUNT(*) FROM reports WHERE is_current = 1 GROUP BY year",
                          [&](const Statement& s) {
                            (*out.mutable_reports_by_year())[static_cast<int32_t>(s.Int(0))] =
                                s.Int(1);
                          }));
  RETURN_IF_ERROR(grouped(
      "SELECT f.rule, COUNT(*) FROM findings f JOIN reports r ON r.id = f.report_id "
      "WHERE r.is_current = 1 GROUP BY f.rule",
      [&](const Statement& s) { (*out.mutable_findings_by_rule())[s.Text(0)] = s.Int(1); }));
  RETURN_IF_ERROR(grouped(
      "SELECT f.severity, COUNT(*) FROM findings f JOIN reports r ON r.id = f.report_id "
      "WHERE r.is_current = 1 GROUP BY f.severity",
      [&](const Statement& s) {
        static const char* kNames[] = {"unspecified", "info", "warning", "error"};
        int64_t sev = s.Int(0);
        (*out.mutable_findings_by_severity())[sev >= 0 && sev <= 3 ? kNames[sev] : "unspecified"] =
            s.Int(1);
      }));
  return out;
}

}  // namespace govreport::storage
