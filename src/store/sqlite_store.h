// The SQLite store's parts shared by the files that implement it (sqlite_store.cc: opening,
// migrations, audit, backup and restore; sqlite_accounts.cc: users, sessions, tokens, login throttling;
// sqlite_answers.cc: answers, versions, review, conversations). Internal to src/store: everyone else
// opens a store with OpenStore / OpenSqliteStore (store.h).
#pragma once

#include <sqlite3.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "store/store.h"

namespace medoracle::store::sqlite {

// Maps an SQLite result code to a Status whose message names the file (path) and what was being
// done: constraint violations become kAlreadyExists / kNotFound / kFailedPrecondition, a damaged
// file kCorruption, a locked one kBusy, misuse kInternal, the rest kIoError.
Status SqliteError(int rc, sqlite3* db, const std::string& path, std::string_view what);

// A cached prepared statement in use: bind in order, step, read columns; reset when it goes out of scope.
class Stmt {
 public:
  explicit Stmt(sqlite3_stmt* stmt) : stmt_(stmt) {}
  Stmt(Stmt&& other) noexcept : stmt_(std::exchange(other.stmt_, nullptr)), next_(other.next_) {}
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  Stmt& operator=(Stmt&&) = delete;
  ~Stmt() {
    if (stmt_ != nullptr) {
      sqlite3_reset(stmt_);
      sqlite3_clear_bindings(stmt_);
    }
  }

  Stmt& Bind(std::string_view text) {
    sqlite3_bind_text(stmt_, ++next_, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& Bind(int64_t value) {
    sqlite3_bind_int64(stmt_, ++next_, value);
    return *this;
  }
  Stmt& BindNull() {
    sqlite3_bind_null(stmt_, ++next_);
    return *this;
  }
  int Step() { return sqlite3_step(stmt_); }
  std::string Text(int col) const {
    const unsigned char* text = sqlite3_column_text(stmt_, col);
    if (text == nullptr) return "";
    return std::string(reinterpret_cast<const char*>(text), sqlite3_column_bytes(stmt_, col));
  }
  int64_t Int(int col) const { return sqlite3_column_int64(stmt_, col); }

 private:
  sqlite3_stmt* stmt_;
  int next_ = 0;
};

class SqliteStore final : public Store {
 public:
  SqliteStore(sqlite3* db, std::string path, int schema_version)
      : db_(db),
        path_(std::move(path)),
        target_version_(schema_version > 0 ? std::min(schema_version, kSchemaVersion) : kSchemaVersion) {}
  ~SqliteStore() override {
    for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
    sqlite3_close(db_);
  }

  // Checks the file, sets the connection up and creates or migrates the schema.
  Status Init();

  std::string location() const override { return path_; }
  StatusOr<int> SchemaVersion() override;
  StatusOr<std::string> AnswerIdKey() override;

  StatusOr<User> AddUser(const std::string& name, Role role, const std::string& password_hash,
                         const Actor& actor) override;
  StatusOr<User> GetUser(const std::string& name) override;
  StatusOr<User> GetUserById(int64_t id) override;
  StatusOr<std::vector<User>> ListUsers() override;
  Status SetPassword(const std::string& name, const std::string& password_hash, const Actor& actor) override;
  Status SetUserDisabled(const std::string& name, bool disabled, const Actor& actor) override;

  Status PutSession(const Session& session, const Actor& actor) override;
  StatusOr<Session> GetSession(const std::string& id_hash, int64_t now_unix) override;
  Status DeleteSession(const std::string& id_hash, const Actor& actor) override;
  StatusOr<ApiToken> AddApiToken(int64_t user_id, const std::string& name, const std::string& token_hash,
                                 const Actor& actor) override;
  StatusOr<ApiToken> GetApiToken(const std::string& token_hash) override;
  Status RevokeApiToken(int64_t token_id, const Actor& actor) override;

  Status RecordLoginAttempt(const std::string& name, const std::string& remote, bool success, int64_t at_unix) override;
  StatusOr<int> FailedLoginsForName(const std::string& name, int64_t since_unix) override;
  StatusOr<int> FailedLoginsForNameFrom(const std::string& name, const std::string& remote,
                                        int64_t since_unix) override;
  StatusOr<int> FailedLoginsFromRemote(const std::string& remote, int64_t since_unix) override;
  StatusOr<LoginCheck> CheckAndRecordLoginAttempt(const std::string& name, const std::string& remote,
                                                  int64_t since_unix, int64_t at_unix,
                                                  const LoginLimits& limits) override;
  Status FinishLoginAttempt(const LoginCheck& attempt, const std::string& name, const std::string& remote,
                            bool success) override;

  StatusOr<AnswerRecord> GetAnswer(const std::string& answer_id) override;
  StatusOr<AnswerRecord> FindAnswerByKey(const std::string& question_key) override;
  StatusOr<AnswerVersion> GetVersion(const std::string& answer_id, int version) override;
  StatusOr<std::vector<AnswerVersion>> ListVersions(const std::string& answer_id) override;
  StatusOr<std::vector<AnswerRecord>> ListAnswers(const AnswerFilter& filter) override;
  StatusOr<AnswerRecord> SaveVersion(const std::string& answer_id, const NewVersion& version,
                                     const Actor& actor) override;
  StatusOr<AnswerRecord> SetStatus(const StatusChange& change, const Actor& actor) override;
  StatusOr<AnswerRecord> MarkStale(const std::string& answer_id, const std::string& reason,
                                   const Actor& actor) override;
  StatusOr<std::vector<std::string>> ApprovedAnswersCiting(const std::vector<std::string>& doc_ids) override;
  StatusOr<std::vector<ReviewEvent>> ReviewHistory(const std::string& answer_id) override;

  Status RecordTurn(const std::string& conversation_id, const std::string& question, const std::string& retrieval,
                    const std::string& answer_id) override;
  StatusOr<std::pair<std::string, std::string>> LastTurn(const std::string& conversation_id) override;

  Status Audit(const AuditEntry& entry) override;
  StatusOr<std::vector<AuditEntry>> AuditLog(size_t limit, int64_t before_id) override;

  Status Backup(const std::string& dest_path, const Actor& actor) override;

 private:
  // One BEGIN IMMEDIATE transaction; rolled back unless committed.
  class Transaction {
   public:
    explicit Transaction(SqliteStore& store) : store_(store) {}
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction() {
      if (open_ && sqlite3_get_autocommit(store_.db_) == 0) store_.Run("ROLLBACK", "rolling back");
    }
    Status Begin() {
      Status status = store_.Run("BEGIN IMMEDIATE", "starting a transaction");
      open_ = status.ok();
      return status;
    }
    Status Commit() {
      Status status = store_.Run("COMMIT", "committing");
      if (status.ok()) open_ = false;
      return status;
    }

   private:
    SqliteStore& store_;
    bool open_ = false;
  };

  Status Error(int rc, std::string_view what) const { return SqliteError(rc, db_, path_, what); }
  StatusOr<Stmt> Prepare(const char* sql);
  Status Run(const char* sql, std::string_view what);   // a statement that returns no rows
  Status Exec(const char* sql, std::string_view what);  // uncached, may hold several statements
  Status AppendAudit(const AuditEntry& entry);
  Status AppendAudit(const Actor& actor, std::string_view action, std::string_view target, std::string_view detail);
  Status AppendEvent(const std::string& answer_id, int version, std::string_view from, std::string_view to,
                     const std::string& user, const std::string& comment, const std::string& at);
  Status Migrate();

  // The *Locked helpers expect mu_ held.
  StatusOr<User> UserWhereLocked(const char* sql, std::string_view key, int64_t id, const std::string& what);
  StatusOr<AnswerRecord> AnswerWhereLocked(const char* sql, const std::string& key, const std::string& what);
  StatusOr<AnswerRecord> GetAnswerLocked(const std::string& answer_id);
  StatusOr<AnswerVersion> GetVersionLocked(const std::string& answer_id, int version);
  Status ReadCitationsLocked(AnswerVersion* version);
  StatusOr<int> CountLocked(const char* sql, const std::string& key, int64_t since_unix);
  Status UpdateAnswerLocked(const AnswerRecord& record);

  sqlite3* const db_;
  const std::string path_;
  const int target_version_;  // migrations stop here (kSchemaVersion but in tests of migrations)
  std::mutex mu_;
  std::string answer_id_key_;                   // guarded by mu_; read once
  std::map<std::string, sqlite3_stmt*> cache_;  // guarded by mu_
};

}  // namespace medoracle::store::sqlite
