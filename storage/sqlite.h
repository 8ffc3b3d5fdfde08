#ifndef GOVREPORT_STORAGE_SQLITE_H_
#define GOVREPORT_STORAGE_SQLITE_H_

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

struct sqlite3;
struct sqlite3_stmt;

namespace govreport::storage {

// Maps an SQLite result code to a status whose code means what it says:
// full disk -> RESOURCE_EXHAUSTED, busy/locked/read-only/IO -> UNAVAILABLE,
// constraint -> ALREADY_EXISTS, anything else INTERNAL.
absl::Status SqliteStatus(int rc, absl::string_view what, sqlite3* db);

// A prepared statement (RAII). Bind parameters are 1-based as in SQLite.
class Statement {
 public:
  Statement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&&) = delete;
  ~Statement();

  Statement& Bind(int index, int64_t value);
  Statement& Bind(int index, double value);
  Statement& Bind(int index, absl::string_view text);
  Statement& BindBlob(int index, absl::string_view bytes);
  Statement& BindNull(int index);

  // Advances; true while a row is available. Errors end up in status().
  absl::StatusOr<bool> Step();
  // Runs to completion (for statements that return no rows).
  absl::Status Run();
  // Resets for another execution and clears the bindings.
  void Reset();

  int64_t Int(int col) const;
  double Double(int col) const;
  std::string Text(int col) const;
  std::string Blob(int col) const;
  bool IsNull(int col) const;

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

// One database connection (RAII).
class Database {
 public:
  static absl::StatusOr<Database> Open(const std::string& path);
  Database(Database&& other) noexcept;
  Database& operator=(Database&&) = delete;
  ~Database();

  absl::Status Exec(absl::string_view sql);
  absl::StatusOr<Statement> Prepare(absl::string_view sql);
  int64_t Changes() const;
  int64_t LastInsertRowId() const;
  sqlite3* raw() { return db_; }

 private:
  explicit Database(sqlite3* db) : db_(db) {}
  sqlite3* db_;
};

// BEGIN IMMEDIATE ... COMMIT; rolls back unless Commit() succeeded.
class Transaction {
 public:
  static absl::StatusOr<Transaction> Begin(Database* db);
  Transaction(Transaction&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }
  ~Transaction();
  absl::Status Commit();

 private:
  explicit Transaction(Database* db) : db_(db) {}
  Database* db_;
};

}  // namespace govreport::storage

#endif  // GOVREPORT_STORAGE_SQLITE_H_
