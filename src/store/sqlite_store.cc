// The SQLite implementation of Store: one connection in WAL mode with synchronous=FULL, guarded by
// a mutex; every mutating call is one BEGIN IMMEDIATE transaction that includes its audit row.
//
// Identity: a medoracle store has PRAGMA application_id = kApplicationId and PRAGMA user_version =
// its schema version (1..kSchemaVersion), kept in the file's header so a restore checks it before
// reading any table (PostgreSQL, without such a header, keeps a schema_version table).
// kMigrations[v] brings a store from version v to v + 1.
// Statuses and roles are stored by name so the file reads plainly in the sqlite3 shell.
#include <fcntl.h>
#include <sodium.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <utility>

#include "store/common.h"
#include "store/store.h"

namespace medoracle::store {
namespace {

using internal::kLoginAttemptRetentionSeconds;
using internal::CapUtf8;
using internal::FileSha256;
using internal::NowIso;

constexpr int32_t kApplicationId = 0x4d4f5243;  // "MORC"
constexpr int kBusyTimeoutMs = 5000;

// kMigrations[v]: schema version v -> v + 1. Append only; never edit a released step.
constexpr const char* kMigrations[] = {
    R"sql(
CREATE TABLE users(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  role TEXT NOT NULL CHECK (role IN ('reader', 'editor', 'admin')),
  password_hash TEXT NOT NULL,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL);
CREATE TABLE sessions(
  id_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  csrf_token TEXT NOT NULL,
  created_unix INTEGER NOT NULL,
  expires_unix INTEGER NOT NULL,
  remote TEXT NOT NULL);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE TABLE api_tokens(
  id INTEGER PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES users(id),
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  revoked INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL);
CREATE TABLE login_attempts(
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  remote TEXT NOT NULL,
  success INTEGER NOT NULL,
  at_unix INTEGER NOT NULL);
CREATE INDEX login_attempts_name ON login_attempts(name, at_unix);
CREATE INDEX login_attempts_remote ON login_attempts(remote, at_unix);
CREATE INDEX login_attempts_at ON login_attempts(at_unix);
CREATE TABLE answers(
  id TEXT PRIMARY KEY,
  question_key TEXT NOT NULL UNIQUE,
  question TEXT NOT NULL,
  audience TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('submitted', 'under_review', 'approved', 'rejected')),
  latest_version INTEGER NOT NULL,
  approved_version INTEGER NOT NULL DEFAULT 0,
  stale INTEGER NOT NULL DEFAULT 0,
  stale_reason TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL);
CREATE INDEX answers_status ON answers(status, updated_at);
CREATE TABLE answer_versions(
  answer_id TEXT NOT NULL REFERENCES answers(id),
  version INTEGER NOT NULL,
  json TEXT NOT NULL,
  index_revision TEXT NOT NULL,
  created_by TEXT NOT NULL,
  note TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (answer_id, version));
CREATE TABLE answer_citations(
  answer_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  doc_id TEXT NOT NULL,
  PRIMARY KEY (answer_id, version, doc_id),
  FOREIGN KEY (answer_id, version) REFERENCES answer_versions(answer_id, version));
CREATE INDEX answer_citations_doc ON answer_citations(doc_id);
CREATE TABLE review_events(
  id INTEGER PRIMARY KEY,
  answer_id TEXT NOT NULL REFERENCES answers(id),
  version INTEGER NOT NULL,
  from_status TEXT NOT NULL,
  to_status TEXT NOT NULL,
  user_name TEXT NOT NULL,
  comment TEXT NOT NULL,
  at TEXT NOT NULL);
CREATE INDEX review_events_answer ON review_events(answer_id, id);
CREATE TABLE audit_log(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at TEXT NOT NULL,
  user_name TEXT NOT NULL,
  remote TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  detail TEXT NOT NULL);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
  BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TABLE conversations(
  id TEXT PRIMARY KEY,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL);
CREATE TABLE turns(
  id INTEGER PRIMARY KEY,
  conversation_id TEXT NOT NULL REFERENCES conversations(id),
  question TEXT NOT NULL,
  retrieval TEXT NOT NULL,
  answer_id TEXT NOT NULL,
  at TEXT NOT NULL);
CREATE INDEX turns_conversation ON turns(conversation_id, id);
)sql",
    // 2: the expiry sweep of PutSession and a user's tokens no longer scan their tables.
    R"sql(
CREATE INDEX sessions_expires ON sessions(expires_unix);
CREATE INDEX api_tokens_user ON api_tokens(user_id);
)sql",
    // 3: API tokens expire (issue 17): kApiTokenSeconds after creation, existing ones included.
    R"sql(
ALTER TABLE api_tokens ADD COLUMN expires_unix INTEGER NOT NULL DEFAULT 0;
UPDATE api_tokens SET expires_unix = CAST(strftime('%s', created_at) AS INTEGER) + 7776000;
)sql",
    // 4: settings of the installation (issue 17): the key of answer ids, made on first use.
    R"sql(
CREATE TABLE settings(
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL);
)sql",
};
static_assert(std::size(kMigrations) == kSchemaVersion, "one SQLite migration per schema version");

// Tables a restore source must have (every table of the current schema).
constexpr const char* kRequiredTables[] = {
    "users",         "sessions",  "api_tokens",    "login_attempts", "answers",  "answer_versions", "answer_citations",
    "review_events", "audit_log", "conversations", "turns",          "settings",
};

// Maps an SQLite result code to a Status whose message names the file and what was being done.
Status SqliteError(int rc, sqlite3* db, const std::string& path, std::string_view what) {
  std::string msg =
      path + ": " + std::string(what) + ": " + (db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  switch (rc & 0xff) {
    case SQLITE_CONSTRAINT:
      if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
        return Status::AlreadyExists(msg);
      if (rc == SQLITE_CONSTRAINT_FOREIGNKEY) return Status::NotFound(msg);
      return Status::FailedPrecondition(msg);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return Status::Corruption(msg);
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Status::Busy(msg);
    case SQLITE_NOMEM:
    case SQLITE_MISUSE:
    case SQLITE_RANGE:
    case SQLITE_ERROR:
      return Status::Internal(msg);
    default:
      return Status::IoError(msg);
  }
}

// Runs a one-row integer query (a PRAGMA or a count) without caching it. Returns the SQLite code.
int QueryInt(sqlite3* db, const char* sql, int64_t* out) {
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr);
  if (rc == SQLITE_OK) {
    rc = sqlite3_step(stmt);
    if (rc == SQLITE_ROW) {
      *out = sqlite3_column_int64(stmt, 0);
      rc = SQLITE_OK;
    }
  }
  sqlite3_finalize(stmt);
  return rc;
}

// What an SQLite file is, as far as medoracle is concerned.
struct FileIdentity {
  int64_t application_id = 0;
  int64_t user_version = 0;
  int64_t tables = 0;
};

StatusOr<FileIdentity> Identify(sqlite3* db, const std::string& path, std::string_view role) {
  FileIdentity id;
  int rc = QueryInt(db, "SELECT count(*) FROM sqlite_schema", &id.tables);
  if (rc == SQLITE_OK) rc = QueryInt(db, "PRAGMA application_id", &id.application_id);
  if (rc == SQLITE_OK) rc = QueryInt(db, "PRAGMA user_version", &id.user_version);
  if (rc == SQLITE_NOTADB || (rc & 0xff) == SQLITE_CORRUPT) {
    return Status::Corruption(std::string(role) + " " + path + " is not an SQLite database (" +
                              sqlite3_errmsg(db) + ")");
  }
  if (rc != SQLITE_OK) return SqliteError(rc, db, path, "reading the " + std::string(role) + " header");
  return id;
}

// Checks that id describes a medoracle store this build can open (or an empty file when allow_empty).
Status CheckIdentity(const FileIdentity& id, const std::string& path, std::string_view role,
                     bool allow_empty) {
  if (id.application_id != kApplicationId) {
    if (allow_empty && id.tables == 0 && id.application_id == 0 && id.user_version == 0) return Status::Ok();
    return Status::Corruption(
        std::string(role) + " " + path + " is an SQLite database but not a medoracle store (" +
        std::to_string(id.tables) + " tables, application_id " + std::to_string(id.application_id) + ")");
  }
  if (id.user_version < 1 || id.user_version > kSchemaVersion) {
    return Status::Corruption(
        std::string(role) + " " + path + " has schema version " + std::to_string(id.user_version) +
        "; this build of medoracle knows versions 1 to " + std::to_string(kSchemaVersion));
  }
  return Status::Ok();
}

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
      : db_(db), path_(std::move(path)), target_version_(schema_version > 0 ? std::min(schema_version, kSchemaVersion)
                                                                             : kSchemaVersion) {}
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

  Status RecordLoginAttempt(const std::string& name, const std::string& remote, bool success,
                            int64_t at_unix) override;
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

  Status RecordTurn(const std::string& conversation_id, const std::string& question,
                    const std::string& retrieval, const std::string& answer_id) override;
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
  Status AppendAudit(const Actor& actor, std::string_view action, std::string_view target,
                     std::string_view detail);
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

StatusOr<Stmt> SqliteStore::Prepare(const char* sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    sqlite3_stmt* stmt = nullptr;
    int rc = sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) return Error(rc, std::string("preparing \"") + sql + "\"");
    it = cache_.emplace(sql, stmt).first;
  }
  return Stmt(it->second);
}

Status SqliteStore::Run(const char* sql, std::string_view what) {
  auto q = Prepare(sql);
  if (!q.ok()) return q.status();
  int rc = q->Step();
  return rc == SQLITE_DONE || rc == SQLITE_ROW ? Status::Ok() : Error(rc, what);
}

Status SqliteStore::Exec(const char* sql, std::string_view what) {
  int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
  return rc == SQLITE_OK ? Status::Ok() : Error(rc, what);
}

Status SqliteStore::Init() {
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, kBusyTimeoutMs);
  // Check before changing anything, so a foreign file is left as it was.
  auto id = Identify(db_, path_, "store");
  if (!id.ok()) return id.status();
  if (Status s = CheckIdentity(*id, path_, "store", /*allow_empty=*/true); !s.ok()) return s;

  int64_t ignored = 0;
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db_, "PRAGMA journal_mode=WAL", -1, &stmt, nullptr);
  std::string mode;
  if (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    mode = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    rc = SQLITE_OK;
  }
  sqlite3_finalize(stmt);
  if (rc != SQLITE_OK) return Error(rc, "switching to WAL mode");
  if (mode != "wal")
    return Status::IoError(path_ + ": cannot use WAL mode (journal mode stays \"" + mode + "\")");
  if (Status s = Exec("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON", "setting pragmas"); !s.ok())
    return s;
  if (QueryInt(db_, "PRAGMA foreign_keys", &ignored) != SQLITE_OK || ignored != 1) {
    return Status::Internal(path_ + ": this SQLite build cannot enforce foreign keys");
  }
  return id->user_version < target_version_ ? Migrate() : Status::Ok();
}

StatusOr<std::string> SqliteStore::AnswerIdKey() {
  std::lock_guard lock(mu_);
  if (!answer_id_key_.empty()) return answer_id_key_;
  Transaction txn(*this);  // BEGIN IMMEDIATE: another process makes the key first or not at all
  if (Status s = txn.Begin(); !s.ok()) return s;
  {
    auto q = Prepare("SELECT value FROM settings WHERE name = ?");
    if (!q.ok()) return q.status();
    q->Bind(internal::kAnswerIdKeySetting);
    int rc = q->Step();
    if (rc == SQLITE_ROW) {
      answer_id_key_ = q->Text(0);
      return answer_id_key_;
    }
    if (rc != SQLITE_DONE) return Error(rc, "reading the answer-id key");
  }
  const std::string key = internal::NewAnswerIdKey();
  if (key.empty()) return Status::Internal("cannot make an answer-id key: libsodium failed to initialise");
  {
    auto q = Prepare("INSERT INTO settings(name, value) VALUES(?, ?)");
    if (!q.ok()) return q.status();
    q->Bind(internal::kAnswerIdKeySetting).Bind(key);
    int rc = q->Step();
    if (rc != SQLITE_DONE) return Error(rc, "recording the answer-id key");
  }
  if (Status s = AppendAudit(Actor{}, "store.answer_id_key", path_, "made"); !s.ok()) return s;
  if (Status s = txn.Commit(); !s.ok()) return s;
  answer_id_key_ = key;
  return answer_id_key_;
}

StatusOr<int> SqliteStore::SchemaVersion() {
  std::lock_guard lock(mu_);
  int64_t version = 0;
  int rc = QueryInt(db_, "PRAGMA user_version", &version);
  if (rc != SQLITE_OK) return Error(rc, "reading the schema version");
  return static_cast<int>(version);
}

Status SqliteStore::Migrate() {
  std::lock_guard lock(mu_);
  Transaction txn(*this);
  if (Status s = txn.Begin(); !s.ok()) return s;
  auto id = Identify(db_, path_, "store");  // again: another process may have migrated meanwhile
  if (!id.ok()) return id.status();
  if (Status s = CheckIdentity(*id, path_, "store", /*allow_empty=*/true); !s.ok()) return s;
  int64_t from = id->application_id == kApplicationId ? id->user_version : 0;
  if (from >= target_version_) return txn.Commit();
  for (int64_t v = from; v < target_version_; ++v) {
    std::string what = "migrating the schema to version " + std::to_string(v + 1);
    if (Status s = Exec(kMigrations[v], what); !s.ok()) return s;
  }
  std::string pragmas = "PRAGMA application_id=" + std::to_string(kApplicationId) +
                        "; PRAGMA user_version=" + std::to_string(target_version_);
  if (Status s = Exec(pragmas.c_str(), "recording the schema version"); !s.ok()) return s;
  if (from > 0) {
    std::string detail = "schema " + std::to_string(from) + " -> " + std::to_string(target_version_);
    if (Status s = AppendAudit(Actor{}, "store.migrate", path_, detail); !s.ok()) return s;
  }
  return txn.Commit();
}

Status SqliteStore::AppendAudit(const AuditEntry& entry) {
  auto q = Prepare(
      "INSERT INTO audit_log(at, user_name, remote, action, target, detail) VALUES(?, ?, ?, ?, ?, ?)");
  if (!q.ok()) return q.status();
  // Fields are capped: a client-chosen value (a 16 KiB login name) must not grow the log by its size.
  q->Bind(entry.at.empty() ? NowIso() : entry.at)
      .Bind(CapUtf8(entry.user, kMaxAuditFieldBytes))
      .Bind(CapUtf8(entry.remote, kMaxAuditFieldBytes))
      .Bind(CapUtf8(entry.action, kMaxAuditFieldBytes));
  q->Bind(CapUtf8(entry.target, kMaxAuditFieldBytes)).Bind(CapUtf8(entry.detail, kMaxAuditDetailBytes));
  int rc = q->Step();
  return rc == SQLITE_DONE ? Status::Ok() : Error(rc, "appending audit entry \"" + entry.action + "\"");
}

Status SqliteStore::AppendAudit(const Actor& actor, std::string_view action, std::string_view target,
                                std::string_view detail) {
  AuditEntry entry;
  entry.user = actor.user;
  entry.remote = actor.remote;
  entry.action = action;
  entry.target = target;
  entry.detail = detail;
  return AppendAudit(entry);
}

Status SqliteStore::AppendEvent(const std::string& answer_id, int version, std::string_view from,
                                std::string_view to, const std::string& user, const std::string& comment,
                                const std::string& at) {
  auto q = Prepare(
      "INSERT INTO review_events(answer_id, version, from_status, to_status, user_name, comment, at) "
      "VALUES(?, ?, ?, ?, ?, ?, ?)");
  if (!q.ok()) return q.status();
  q->Bind(answer_id).Bind(version).Bind(from).Bind(to).Bind(user).Bind(comment).Bind(at);
  int rc = q->Step();
  return rc == SQLITE_DONE ? Status::Ok() : Error(rc, "recording a review event of answer " + answer_id);
}

// --- users ---------------------------------------------------------------------------------

StatusOr<User> ReadUser(const Stmt& q, const std::string& path) {
  User user;
  user.id = q.Int(0);
  user.name = q.Text(1);
  auto role = ParseRole(q.Text(2));
  if (!role)
    return Status::Corruption(path + ": user '" + user.name + "' has unknown role '" + q.Text(2) + "'");
  user.role = *role;
  user.password_hash = q.Text(3);
  user.disabled = q.Int(4) != 0;
  user.created_at = q.Text(5);
  return user;
}

StatusOr<User> SqliteStore::UserWhereLocked(const char* sql, std::string_view key, int64_t id,
                                            const std::string& what) {
  auto q = Prepare(sql);
  if (!q.ok()) return q.status();
  if (key.empty()) {
    q->Bind(id);
  } else {
    q->Bind(key);
  }
  int rc = q->Step();
  if (rc == SQLITE_DONE) return Status::NotFound(what + " not found");
  if (rc != SQLITE_ROW) return Error(rc, "reading " + what);
  return ReadUser(*q, path_);
}

StatusOr<User> SqliteStore::AddUser(const std::string& name, Role role, const std::string& password_hash,
                                    const Actor& actor) {
  if (!ValidUserName(name)) {
    return Status::InvalidArgument("a user name is 1 to 64 characters from A-Z, a-z, 0-9 and \".-_@\"");
  }
  std::lock_guard lock(mu_);
  Transaction txn(*this);
  if (Status s = txn.Begin(); !s.ok()) return s;
  User user;
  user.name = name;
  user.role = role;
  user.password_hash = password_hash;
  user.created_at = NowIso();
  {
    auto q =
        Prepare("INSERT INTO users(name, role, password_hash, disabled, created_at) VALUES(?, ?, ?, 0, ?)");
    if (!q.ok()) return q.status();
    q->Bind(name).Bind(RoleName(role)).Bind(password_hash).Bind(user.created_at);
    int rc = q->Step();
    if (rc == SQLITE_CONSTRAINT_UNIQUE) return Status::AlreadyExists("user '" + name + "' already exists");
    if (rc != SQLITE_DONE) return Error(rc, "adding user '" + name + "'");
    user.id = sqlite3_last_insert_rowid(db_);
  }
  if (Status s = AppendAudit(actor, "user.add", name, "role " + std::string(RoleName(role))); !s.ok())
    return s;
  if (Status s = txn.Commit(); !s.ok()) return s;
  return user;
}

StatusOr<User> SqliteStore::GetUser(const std::string& name) {
  if (name.empty()) return Status::NotFound("user '' not found");
  std::lock_guard lock(mu_);
  return UserWhereLocked(
      "SELECT id, name, role, password_hash, disabled, created_at FROM users WHERE name = ?", name, 0,
      "user '" + name + "'");
}

StatusOr<User> SqliteStore::GetUserById(int64_t id) {
  std::lock_guard lock(mu_);
  return UserWhereLocked("SELECT id, name, role, password_hash, disabled, created_at FROM users WHERE id = ?",
                         "", id, "user id " + std::to_string(id));
}

StatusOr<std::vector<User>> SqliteStore::ListUsers() {
  std::lock_guard lock(mu_);
  auto q = Prepare("SELECT id, name, role, password_hash, disabled, created_at FROM users ORDER BY name");
  if (!q.ok()) return q.status();
  std::vector<User> users;
  int rc;
  while ((rc = q->Step()) == SQLITE_ROW) {
    auto user = ReadUser(*q, path_);
    if (!user.ok()) return user.status();
    users.push_back(std::move(*user));
  }
  if (rc != SQLITE_DONE) return Error(rc, "listing users");
  return users;
}

Status SqliteStore::SetPassword(const std::string& name, const std::string& password_hash,
                                const Actor& actor) {
  std::lock_guard lock(mu_);
  Transaction txn(*this);
  if (Status s = txn.Begin(); !s.ok()) return s;
  {
    auto q = Prepare("UPDATE users SET password_hash = ? WHERE name = ?");
    if (!q.ok()) return q.status();
    q->Bind(password_hash).Bind(name);
    int rc = q->Step();
    if (rc != SQLITE_DONE) return Error(rc, "changing the password of user '" + name + "'");
    if (sqlite3_changes(db_) == 0) return Status::NotFound("user '" + name + "' not found");
  }
  {
    auto q = Prepare("DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE name = ?)");
    if (!q.ok()) return q.status();
    q->Bind(name);
    int rc = q->Step();
    if (rc != SQLITE_DONE) return Error(rc, "ending the sessions of user '" + name + "'");
  }
  {
    auto q = Prepare("UPDATE api_tokens SET revoked = 1 WHERE user_id = (SELECT id FROM users WHERE name = ?)");
    if (!q.ok()) return q.status();
    q->Bind(name);
    int rc = q->Step();
    if (rc != SQLITE_DONE) return Error(rc, "revoking the API tokens of user '" + name + "'");
  }
  if (Status s = AppendAudit(actor, "user.passwd", name, "sessions ended, API tokens revoked"); !s.ok()) return s;
  return txn.Commit();
}

Status SqliteStore::SetUserDisabled(const std::string& name, bool disabled, const Actor& actor) {
  std::lock_guard lock(mu_);
  Transaction txn(*this);
  if (Status s = txn.Begin(); !s.ok()) return s;
  {
    auto q = Prepare("UPDATE users SET disabled = ? WHERE name = ?");
    if (!q.ok()) return q.status();
    q->Bind(disabled ? 1 : 0).Bind(name);
    int rc = q->Step();
    if (rc != SQLITE_DONE) return Error(rc, "changing user '" + name + "'");
    if (sqlite3_changes(db_) == 0) return Status::NotFound("user '" + name + "' not found");
  }
  if (disabled) {
    auto q = Prepare("DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE name = ?)");
    if (!q.ok()) return q.status();
    q->Bind(name);
    int rc = q->Step();
    if (rc != SQLITE_DONE) return Error(rc, "ending the sessions of user '" + name + "'");
  }
  if (Status s = AppendAudit(actor, disabled ? "user.disable" : "user.enable", name, ""); !s.ok()) return s;
  return txn.Commit();
}

// --- sessions and tokens -------------------------------------------------------------------

Status SqliteStore::PutSession(const Session& session, const Actor& actor) {
  std::lock_guard lock(mu_);
  Transaction txn(*this);
  if (Status s = txn.Begin(); !s.ok()) return s;
  auto user =
      UserWhereLocked("SELECT id, name, role, password_hash, disabled, created_at FROM users WHERE id = ?",
                      "", session.user_id, "user id " + std::to_string(session.user_id));
  if (!user.ok()) return user.status();
  {
    auto q = Prepare(
        "INSERT INTO sessions(id_hash, user_id, csrf_token, created_unix, expires_unix, remote) "
        "VALUES(?, ?, ?, ?, ?, ?)");
    if (!q.ok()) return q.status();
    q->Bind(session.id_hash).Bind(session.user_id).Bind(session.csrf_token).Bind(session.created_unix);
    q->Bind(session.expires_unix).Bind(session.remote);
    int rc = q->Step();
    if (rc == SQLITE_CONSTRAINT_PRIMARYKEY) return Status::AlreadyExists("session id already exists");
    if (rc != SQLITE_DONE) return Error(rc, "storing a session of user '" + user->name + "'");
  }
  {
    auto q = Prepare("DELETE FROM sessions WHERE expires_unix <= ?");  // keeps the table small
    if (!q.ok()) return q.status();
    q->Bind(session.created_unix);
    int rc = q->Step();
    if (rc != SQLITE_DONE) return Error(rc, "removing expired sessions");
  }
  if (Status s = AppendAudit(actor, "login", user->name, ""); !s.ok()) return s;
  return txn.Commit();
}

StatusOr<Session> SqliteStore::GetSession(const std::string& id_hash, int64_t now_unix) {
  std::lock_guard lock(mu_);
  auto q = Prepare(
      "SELECT id_hash, user_id, csrf_token, created_unix, expires_unix, remote FROM sessions "
      "WHERE id_hash = ? AND expires_unix > ?");
  if (!q.ok()) return q.status();
  q->Bind(id_hash).Bind(now_unix);
  int rc = q->Step();
  if (rc == SQLITE_DONE) return Status::NotFound("session not found or expired");
  if (rc != SQLITE_ROW) return Error(rc, "reading a session");
  Session session;
  session.id_hash = q->Text(0);
  session.user_id = q->Int(1);
  session.csrf_token = q->Text(2);
  session.created_unix = q->Int(3);
  session.expires_unix = q->Int(4);
  session.remote = q->Text(5);
  return session;
}

Status SqliteStore::DeleteSession(const std::string& id_hash, const Actor& actor) {
  std::lock_guard lock(mu_);
  Transaction txn(*this);
  if (Status s = txn.Begin(); !s.ok()) return s;
  std::string name;
  {
    auto q = Prepare("SELECT u.name FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id_hash = ?");
    if (!q.ok()) return q.status();
    q->Bind(id_hash);
    int rc = q->Step();
    if (rc == SQLITE_DONE) return Status::NotFound("session not found");
    if (rc != SQLITE_ROW) return Error(rc, "reading a session");
    name = q->Text(0);
  }
  {
    auto q = Prepare("DELETE FROM sessions WHERE id_hash = ?");
    if (!q.ok()) return q.status();
    q->Bind(id_hash);
    int rc = q->Step();
    if (rc != SQLITE_DONE) return Error(rc, "ending a session of user '" + name + "'");
  }
  if (Status s = AppendAudit(actor, "logout", name, ""); !s.ok()) return s;
  return txn.Commit();
}

StatusOr<ApiToken> SqliteStore::AddApiToken(int64_t user_id, const std::string& name,
                                            const std::string& token_hash, const Actor& actor) {
  std::lock_guard lock(mu_);
  Transaction txn(*this);
  if (Status s = txn.Begin(); !s.ok()) return s;
  auto user =
      UserWhereLocked("SELECT id, name, role, password_hash, disabled, created_at FROM users WHERE id = ?",
                      "", user_id, "user id " + std::to_string(user_id));
  if (!user.ok()) return user.status();
  ApiToken token;
  token.user_id = user_id;
  token.name = name;
  token.token_hash = token_hash;
  token.created_at = NowIso();
  {
    auto q = Prepare(
        "INSERT INTO api_tokens(user_id, name, token_hash, revoked, created_at, expires_unix) "
        "VALUES(?, ?, ?, 0, ?, ?)");
    if (!q.ok()) return q.status();
    q->Bind(user_id).Bind(name).Bind(token_hash).Bind(token.created_at);
    q->Bind(static_cast<int64_t>(std::time(nullptr)) + kApiTokenSeconds);
    int rc = q->Step();
    if (rc == SQLITE_CONSTRAINT_UNIQUE)
      return Status::AlreadyExists("API token '" + name + "': hash already exists");
    if (rc != SQLITE_DONE) return Error(rc, "adding API token '" + name + "' of user '" + user->name + "'");
    token.id = sqlite3_last_insert_rowid(db_);
  }
  std::string detail = "token " + std::to_string(token.id) + " '" + name + "'";
  if (Status s = AppendAudit(actor, "token.add", user->name, detail); !s.ok()) return s;
  if (Status s = txn.Commit(); !s.ok()) return s;
  return token;
}

StatusOr<ApiToken> SqliteStore::GetApiToken(const std::string& token_hash) {
  std::lock_guard lock(mu_);
  auto q = Prepare(
      "SELECT id, user_id, name, token_hash, revoked, created_at FROM api_tokens WHERE token_hash = ? AND "
      "revoked = 0 AND expires_unix > ?");
  if (!q.ok()) return q.status();
  q->Bind(token_hash).Bind(static_cast<int64_t>(std::time(nullptr)));
  int rc = q->Step();
  if (rc == SQLITE_DONE) return Status::NotFound("API token not found, revoked or expired");
  if (rc != SQLITE_ROW) return Error(rc, "reading an API token");
  ApiToken token;
  token.id = q->Int(0);
  token.user_id = q->Int(1);
  token.name = q->Text(2);
  token.token_hash = q->Text(3);
  token.revoked = q->Int(4) != 0;
  token.created_at = q->Text(5);
  return token;
}

Status SqliteStore::RevokeApiToken(int64_t token_id, const Actor& actor) {
  std::lock_guard lock(mu_);
  Transaction txn(*this);
  if (Status s = txn.Begin(); !s.ok()) return s;
  std::string what = "API token " + std::to_string(token_id);
  {
    auto q = Prepare("UPDATE api_tokens SET revoked = 1 WHERE id = ?");
    if (!q.ok()) return q.status();
    q->Bind(token_id);
    int rc = q->Step();
    if (rc != SQLITE_DONE) return Error(rc, "revoking " + what);
    if (sqlite3_changes(db_) == 0) return Status::NotFound(what + " not found");
  }
  if (Status s = AppendAudit(actor, "token.revoke", what, ""); !s.ok()) return s;
  return txn.Commit();
}

// --- login throttling ----------------------------------------------------------------------

Status SqliteStore::RecordLoginAttempt(const std::string& name, const std::string& remote, bool success,
                                       int64_t at_unix) {
  std::lock_guard lock(mu_);
  Transaction txn(*this);
  if (Status s = txn.Begin(); !s.ok()) return s;
  {
    auto q = Prepare("INSERT INTO login_attempts(name, remote, success, at_unix) VALUES(?, ?, ?, ?)");
    if (!q.ok()) return q.status();
    q->Bind(name).Bind(remote).Bind(success ? 1 : 0).Bind(at_unix);
    int rc = q->Step();
    if (rc != SQLITE_DONE) return Error(rc, "recording a login attempt for '" + name + "'");
  }
  {
    auto q = Prepare("DELETE FROM login_attempts WHERE at_unix < ?");
    if (!q.ok()) return q.status();
    q->Bind(at_unix - kLoginAttemptRetentionSeconds);
    int rc = q->Step();
    if (rc != SQLITE_DONE) return Error(rc, "pruning old login attempts");
  }
  if (!success) {
    if (Status s = AppendAudit(Actor{"", remote}, "login_failed", name, ""); !s.ok()) return s;
  }
  return txn.Commit();
}

StatusOr<LoginCheck> SqliteStore::CheckAndRecordLoginAttempt(const std::string& name, const std::string& remote,
                                                             int64_t since_unix, int64_t at_unix,
                                                             const LoginLimits& limits) {
  std::lock_guard lock(mu_);
  Transaction txn(*this);  // BEGIN IMMEDIATE: no other process counts or records meanwhile
  if (Status s = txn.Begin(); !s.ok()) return s;
  LoginCheck check;
  check.at_unix = at_unix;
  {
    auto q = Prepare(
        "SELECT count(*) FROM login_attempts WHERE name = ? AND remote = ? AND at_unix >= ? AND success = 0");
    if (!q.ok()) return q.status();
    q->Bind(name).Bind(remote).Bind(since_unix);
    int rc = q->Step();
    if (rc != SQLITE_ROW) return Error(rc, "counting failed logins");
    check.for_name_and_remote = static_cast<int>(q->Int(0));
  }
  auto from = CountLocked("SELECT count(*) FROM login_attempts WHERE remote = ? AND at_unix >= ? AND success = 0",
                          remote, since_unix);
  if (!from.ok()) return from.status();
  check.from_remote = *from;
  auto for_name = CountLocked("SELECT count(*) FROM login_attempts WHERE name = ? AND at_unix >= ? AND success = 0",
                              name, since_unix);
  if (!for_name.ok()) return for_name.status();
  check.for_name = *for_name;
  if (check.for_name_and_remote >= limits.per_name_and_remote || check.from_remote >= limits.per_remote ||
      check.for_name >= limits.per_name) {
    return check;  // refused: nothing recorded (the transaction rolls back)
  }
  {
    auto q = Prepare("INSERT INTO login_attempts(name, remote, success, at_unix) VALUES(?, ?, 0, ?)");
    if (!q.ok()) return q.status();
    q->Bind(name).Bind(remote).Bind(at_unix);
    int rc = q->Step();
    if (rc != SQLITE_DONE) return Error(rc, "recording a login attempt for '" + name + "'");
    check.attempt_id = sqlite3_last_insert_rowid(db_);
  }
  {
    auto q = Prepare("DELETE FROM login_attempts WHERE at_unix < ?");
    if (!q.ok()) return q.status();
    q->Bind(at_unix - kLoginAttemptRetentionSeconds);
    int rc = q->Step();
    if (rc != SQLITE_DONE) return Error(rc, "pruning old login attempts");
  }
  if (Status s = txn.Commit(); !s.ok()) return s;
  return check;
}

Status SqliteStore::FinishLoginAttempt(const LoginCheck& attempt, const std::string& name, const std::string& remote,
                                       bool success) {
  std::lock_guard lock(mu_);
  Transaction txn(*this);
  if (Status s = txn.Begin(); !s.ok()) return s;
  if (success) {
    auto q = Prepare("UPDATE login_attempts SET success = 1 WHERE id = ?");
    if (!q.ok()) return q.status();
    q->Bind(attempt.attempt_id);
    int rc = q->Step();
    if (rc != SQLITE_DONE) return Error(rc, "recording a successful login for '" + name + "'");
  } else if (Status s = AppendAudit(Actor{"", remote}, "login_failed", name, ""); !s.ok()) {
    return s;
  }
  return txn.Commit();
}

StatusOr<int> SqliteStore::CountLocked(const char* sql, const std::string& key, int64_t since_unix) {
  auto q = Prepare(sql);
  if (!q.ok()) return q.status();
  q->Bind(key).Bind(since_unix);
  int rc = q->Step();
  if (rc != SQLITE_ROW) return Error(rc, "counting failed logins for '" + key + "'");
  return static_cast<int>(q->Int(0));
}

StatusOr<int> SqliteStore::FailedLoginsForName(const std::string& name, int64_t since_unix) {
  std::lock_guard lock(mu_);
  return CountLocked("SELECT count(*) FROM login_attempts WHERE name = ? AND at_unix >= ? AND success = 0",
                     name, since_unix);
}

StatusOr<int> SqliteStore::FailedLoginsForNameFrom(const std::string& name, const std::string& remote,
                                                   int64_t since_unix) {
  std::lock_guard lock(mu_);
  auto q = Prepare(
      "SELECT count(*) FROM login_attempts WHERE name = ? AND remote = ? AND at_unix >= ? AND success = 0");
  if (!q.ok()) return q.status();
  q->Bind(name).Bind(remote).Bind(since_unix);
  int rc = q->Step();
  if (rc != SQLITE_ROW) return Error(rc, "counting failed logins");
  return static_cast<int>(q->Int(0));
}

StatusOr<int> SqliteStore::FailedLoginsFromRemote(const std::string& remote, int64_t since_unix) {
  std::lock_guard lock(mu_);
  return CountLocked("SELECT count(*) FROM login_attempts WHERE remote = ? AND at_unix >= ? AND success = 0",
                     remote, since_unix);
}

// --- answers -------------------------------------------------------------------------------

StatusOr<AnswerRecord> ReadAnswer(const Stmt& q, const std::string& path) {
  AnswerRecord record;
  record.id = q.Text(0);
  record.question_key = q.Text(1);
  record.question = q.Text(2);
  record.audience = q.Text(3);
  auto status = ParseReviewStatus(q.Text(4));
  if (!status)
    return Status::Corruption(path + ": answer " + record.id + " has unknown status '" + q.Text(4) + "'");
  record.status = *status;
  record.latest_version = static_cast<int>(q.Int(5));
  record.approved_version = static_cast<int>(q.Int(6));
  record.stale = q.Int(7) != 0;
  record.stale_reason = q.Text(8);
  record.created_at = q.Text(9);
  record.updated_at = q.Text(10);
  return record;
}

StatusOr<AnswerRecord> SqliteStore::AnswerWhereLocked(const char* sql, const std::string& key,
                                                      const std::string& what) {
  auto q = Prepare(sql);
  if (!q.ok()) return q.status();
  q->Bind(key);
  int rc = q->Step();
  if (rc == SQLITE_DONE) return Status::NotFound(what + " not found");
  if (rc != SQLITE_ROW) return Error(rc, "reading " + what);
  return ReadAnswer(*q, path_);
}

StatusOr<AnswerRecord> SqliteStore::GetAnswerLocked(const std::string& answer_id) {
  return AnswerWhereLocked(
      "SELECT id, question_key, question, audience, status, latest_version, approved_version, stale, "
      "stale_reason, created_at, updated_at FROM answers WHERE id = ?",
      answer_id, "answer " + answer_id);
}

StatusOr<AnswerRecord> SqliteStore::GetAnswer(const std::string& answer_id) {
  std::lock_guard lock(mu_);
  return GetAnswerLocked(answer_id);
}

StatusOr<AnswerRecord> SqliteStore::FindAnswerByKey(const std::string& question_key) {
  std::lock_guard lock(mu_);
  return AnswerWhereLocked(
      "SELECT id, question_key, question, audience, status, latest_version, approved_version, stale, "
      "stale_reason, created_at, updated_at FROM answers WHERE question_key = ?",
      question_key, "answer for question key '" + question_key + "'");
}

Status SqliteStore::ReadCitationsLocked(AnswerVersion* version) {
  auto q = Prepare("SELECT doc_id FROM answer_citations WHERE answer_id = ? AND version = ? ORDER BY rowid");
  if (!q.ok()) return q.status();
  q->Bind(version->answer_id).Bind(version->version);
  int rc;
  while ((rc = q->Step()) == SQLITE_ROW) version->cited_doc_ids.push_back(q->Text(0));
  if (rc != SQLITE_DONE) {
    return Error(rc, "reading the citations of answer " + version->answer_id + " version " +
                         std::to_string(version->version));
  }
  return Status::Ok();
}

AnswerVersion ReadVersion(const Stmt& q) {
  AnswerVersion version;
  version.answer_id = q.Text(0);
  version.version = static_cast<int>(q.Int(1));
  version.json = q.Text(2);
  version.index_revision = q.Text(3);
  version.created_by = q.Text(4);
  version.note = q.Text(5);
  version.created_at = q.Text(6);
  return version;
}

StatusOr<AnswerVersion> SqliteStore::GetVersionLocked(const std::string& answer_id, int version) {
  AnswerVersion result;
  {
    auto q = Prepare(
        "SELECT answer_id, version, json, index_revision, created_by, note, created_at FROM answer_versions "
        "WHERE answer_id = ? AND version = ?");
    if (!q.ok()) return q.status();
    q->Bind(answer_id).Bind(version);
    int rc = q->Step();
    std::string what = "answer " + answer_id + " version " + std::to_string(version);
    if (rc == SQLITE_DONE) return Status::NotFound(what + " not found");
    if (rc != SQLITE_ROW) return Error(rc, "reading " + what);
    result = ReadVersion(*q);
  }
  if (Status s = ReadCitationsLocked(&result); !s.ok()) return s;
  return result;
}

StatusOr<AnswerVersion> SqliteStore::GetVersion(const std::string& answer_id, int version) {
  std::lock_guard lock(mu_);
  return GetVersionLocked(answer_id, version);
}

StatusOr<std::vector<AnswerVersion>> SqliteStore::ListVersions(const std::string& answer_id) {
  std::lock_guard lock(mu_);
  auto record = GetAnswerLocked(answer_id);
  if (!record.ok()) return record.status();
  std::vector<AnswerVersion> versions;
  {
    auto q = Prepare(
        "SELECT answer_id, version, json, index_revision, created_by, note, created_at FROM answer_versions "
        "WHERE answer_id = ? ORDER BY version");
    if (!q.ok()) return q.status();
    q->Bind(answer_id);
    int rc;
    while ((rc = q->Step()) == SQLITE_ROW) versions.push_back(ReadVersion(*q));
    if (rc != SQLITE_DONE) return Error(rc, "listing the versions of answer " + answer_id);
  }
  for (AnswerVersion& version : versions) {
    if (Status s = ReadCitationsLocked(&version); !s.ok()) return s;
  }
  return versions;
}

StatusOr<std::vector<AnswerRecord>> SqliteStore::ListAnswers(const AnswerFilter& filter) {
  std::lock_guard lock(mu_);
  auto q = Prepare(
      "SELECT id, question_key, question, audience, status, latest_version, approved_version, stale, "
      "stale_reason, created_at, updated_at FROM answers WHERE (?1 IS NULL OR status = ?1) AND (?2 = 0 OR "
      "stale = 1) "
      "ORDER BY updated_at DESC, rowid DESC LIMIT ?3 OFFSET ?4");
  if (!q.ok()) return q.status();
  if (filter.status) {
    q->Bind(ReviewStatusName(*filter.status));
  } else {
    q->BindNull();
  }
  constexpr size_t kMax = static_cast<size_t>(INT64_MAX);
  q->Bind(filter.stale_only ? 1 : 0);
  q->Bind(static_cast<int64_t>(std::min(filter.limit, kMax)))
      .Bind(static_cast<int64_t>(std::min(filter.offset, kMax)));
  std::vector<AnswerRecord> records;
  int rc;
  while ((rc = q->Step()) == SQLITE_ROW) {
    auto record = ReadAnswer(*q, path_);
    if (!record.ok()) return record.status();
    records.push_back(std::move(*record));
  }
  if (rc != SQLITE_DONE) return Error(rc, "listing answers");
  return records;
}

Status SqliteStore::UpdateAnswerLocked(const AnswerRecord& record) {
  auto q = Prepare(
      "UPDATE answers SET status = ?, latest_version = ?, approved_version = ?, stale = ?, stale_reason = ?, "
      "updated_at = ? WHERE id = ?");
  if (!q.ok()) return q.status();
  q->Bind(ReviewStatusName(record.status)).Bind(record.latest_version).Bind(record.approved_version);
  q->Bind(record.stale ? 1 : 0).Bind(record.stale_reason).Bind(record.updated_at).Bind(record.id);
  int rc = q->Step();
  return rc == SQLITE_DONE ? Status::Ok() : Error(rc, "updating answer " + record.id);
}

StatusOr<AnswerRecord> SqliteStore::SaveVersion(const std::string& answer_id, const NewVersion& version,
                                                const Actor& actor) {
  if (answer_id.empty()) return Status::InvalidArgument("an answer id must not be empty");
  if (version.question_key.empty())
    return Status::InvalidArgument("answer " + answer_id + ": empty question key");
  std::lock_guard lock(mu_);
  Transaction txn(*this);
  if (Status s = txn.Begin(); !s.ok()) return s;
  const std::string now = NowIso();
  const bool edit = !version.created_by.empty();
  AnswerRecord record;
  std::string revision = version.index_revision;
  auto existing = AnswerWhereLocked(
      "SELECT id, question_key, question, audience, status, latest_version, approved_version, stale, "
      "stale_reason, created_at, updated_at FROM answers WHERE question_key = ?",
      version.question_key, "answer for question key '" + version.question_key + "'");
  if (existing.ok()) {
    record = std::move(*existing);
    if (record.id != answer_id) {
      return Status::InvalidArgument("answer id " + answer_id + " does not match id " + record.id +
                                     " stored for question key '" + version.question_key + "'");
    }
    auto latest = GetVersionLocked(record.id, record.latest_version);
    if (!latest.ok()) return latest.status();
    if (edit && revision.empty()) revision = latest->index_revision;
    if (latest->json == version.json && latest->index_revision == revision) return record;  // nothing changes
    const ReviewStatus before = record.status;
    record.latest_version += 1;
    record.updated_at = now;
    if (edit && (before == ReviewStatus::kApproved || before == ReviewStatus::kRejected)) {
      record.status = ReviewStatus::kUnderReview;
      record.approved_version = 0;
    }
    if (Status s = UpdateAnswerLocked(record); !s.ok()) return s;
    if (edit) {
      Status s = AppendEvent(record.id, record.latest_version, ReviewStatusName(before), "edited",
                             version.created_by, version.note, now);
      if (!s.ok()) return s;
    }
  } else if (existing.status().code() == Status::Code::kNotFound) {
    record.id = answer_id;
    record.question_key = version.question_key;
    record.question = version.question;
    record.audience = version.audience;
    record.status = ReviewStatus::kSubmitted;
    record.latest_version = 1;
    record.created_at = record.updated_at = now;
    auto q = Prepare(
        "INSERT INTO answers(id, question_key, question, audience, status, latest_version, approved_version, "
        "stale, "
        "stale_reason, created_at, updated_at) VALUES(?, ?, ?, ?, 'submitted', 1, 0, 0, '', ?, ?)");
    if (!q.ok()) return q.status();
    q->Bind(answer_id)
        .Bind(version.question_key)
        .Bind(version.question)
        .Bind(version.audience)
        .Bind(now)
        .Bind(now);
    int rc = q->Step();
    if (rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
      return Status::AlreadyExists("answer id " + answer_id + " already belongs to another question key");
    }
    if (rc != SQLITE_DONE) return Error(rc, "creating answer " + answer_id);
  } else {
    return existing.status();
  }

  {
    auto q = Prepare(
        "INSERT INTO answer_versions(answer_id, version, json, index_revision, created_by, note, created_at) "
        "VALUES(?, ?, ?, ?, ?, ?, ?)");
    if (!q.ok()) return q.status();
    q->Bind(record.id).Bind(record.latest_version).Bind(version.json).Bind(revision).Bind(version.created_by);
    q->Bind(version.note).Bind(now);
    int rc = q->Step();
    if (rc != SQLITE_DONE) {
      return Error(rc, "storing answer " + record.id + " version " + std::to_string(record.latest_version));
    }
  }
  for (const std::string& doc_id : version.cited_doc_ids) {
    auto q = Prepare("INSERT OR IGNORE INTO answer_citations(answer_id, version, doc_id) VALUES(?, ?, ?)");
    if (!q.ok()) return q.status();
    q->Bind(record.id).Bind(record.latest_version).Bind(doc_id);
    int rc = q->Step();
    if (rc != SQLITE_DONE) return Error(rc, "storing the citations of answer " + record.id);
  }
  std::string detail = "version " + std::to_string(record.latest_version);
  if (edit && !version.note.empty()) detail += ": " + version.note;
  if (Status s = AppendAudit(actor, edit ? "answer.edit" : "answer.compose", record.id, detail); !s.ok())
    return s;
  if (Status s = txn.Commit(); !s.ok()) return s;
  return record;
}

StatusOr<AnswerRecord> SqliteStore::SetStatus(const StatusChange& change, const Actor& actor) {
  std::lock_guard lock(mu_);
  Transaction txn(*this);
  if (Status s = txn.Begin(); !s.ok()) return s;
  auto found = GetAnswerLocked(change.answer_id);
  if (!found.ok()) return found.status();
  AnswerRecord record = std::move(*found);
  const ReviewStatus before = record.status;
  if (before != change.expected) {
    return Status::FailedPrecondition("answer " + record.id + " is " + std::string(ReviewStatusName(before)) +
                                      ", not " + std::string(ReviewStatusName(change.expected)) +
                                      " as expected: someone changed it meanwhile; reload it");
  }
  const int version = change.version == 0 ? record.latest_version : change.version;
  if (version < 1 || version > record.latest_version) {
    return Status::InvalidArgument("answer " + record.id + " has no version " + std::to_string(version) +
                                   " (latest is " + std::to_string(record.latest_version) + ")");
  }
  const std::string now = NowIso();
  record.status = change.to;
  record.updated_at = now;
  if (change.to == ReviewStatus::kApproved) {
    record.approved_version = version;
    record.stale = false;
    record.stale_reason.clear();
  } else {
    record.approved_version = 0;
  }
  if (Status s = UpdateAnswerLocked(record); !s.ok()) return s;
  const std::string from_name(ReviewStatusName(before));
  const std::string to_name(ReviewStatusName(change.to));
  if (Status s = AppendEvent(record.id, version, from_name, to_name, actor.user, change.comment, now);
      !s.ok()) {
    return s;
  }
  std::string detail = from_name + " -> " + to_name + ", version " + std::to_string(version);
  if (!change.comment.empty()) detail += ": " + change.comment;
  if (Status s = AppendAudit(actor, "review.set", record.id, detail); !s.ok()) return s;
  if (Status s = txn.Commit(); !s.ok()) return s;
  return record;
}

StatusOr<AnswerRecord> SqliteStore::MarkStale(const std::string& answer_id, const std::string& reason,
                                              const Actor& actor) {
  std::lock_guard lock(mu_);
  Transaction txn(*this);
  if (Status s = txn.Begin(); !s.ok()) return s;
  auto found = GetAnswerLocked(answer_id);
  if (!found.ok()) return found.status();
  AnswerRecord record = std::move(*found);
  if (record.stale) return record;
  const std::string now = NowIso();
  const std::string from_name(ReviewStatusName(record.status));
  const int version = record.approved_version != 0 ? record.approved_version : record.latest_version;
  record.stale = true;
  record.stale_reason = reason;
  record.status = ReviewStatus::kSubmitted;
  record.approved_version = 0;
  record.updated_at = now;
  if (Status s = UpdateAnswerLocked(record); !s.ok()) return s;
  if (Status s = AppendEvent(record.id, version, from_name, "stale", actor.user, reason, now); !s.ok())
    return s;
  if (Status s = AppendAudit(actor, "review.stale", record.id, reason); !s.ok()) return s;
  if (Status s = txn.Commit(); !s.ok()) return s;
  return record;
}

StatusOr<std::vector<std::string>> SqliteStore::ApprovedAnswersCiting(
    const std::vector<std::string>& doc_ids) {
  std::lock_guard lock(mu_);
  std::set<std::string> ids;
  for (const std::string& doc_id : doc_ids) {
    auto q = Prepare(
        "SELECT a.id FROM answer_citations c JOIN answers a ON a.id = c.answer_id AND a.approved_version = "
        "c.version "
        "WHERE c.doc_id = ? AND a.status = 'approved'");
    if (!q.ok()) return q.status();
    q->Bind(doc_id);
    int rc;
    while ((rc = q->Step()) == SQLITE_ROW) ids.insert(q->Text(0));
    if (rc != SQLITE_DONE) return Error(rc, "finding approved answers citing " + doc_id);
  }
  return std::vector<std::string>(ids.begin(), ids.end());
}

StatusOr<std::vector<ReviewEvent>> SqliteStore::ReviewHistory(const std::string& answer_id) {
  std::lock_guard lock(mu_);
  auto record = GetAnswerLocked(answer_id);
  if (!record.ok()) return record.status();
  auto q = Prepare(
      "SELECT id, answer_id, version, from_status, to_status, user_name, comment, at FROM review_events "
      "WHERE answer_id = ? ORDER BY id");
  if (!q.ok()) return q.status();
  q->Bind(answer_id);
  std::vector<ReviewEvent> events;
  int rc;
  while ((rc = q->Step()) == SQLITE_ROW) {
    ReviewEvent event;
    event.id = q->Int(0);
    event.answer_id = q->Text(1);
    event.version = static_cast<int>(q->Int(2));
    event.from_status = q->Text(3);
    event.to_status = q->Text(4);
    event.user = q->Text(5);
    event.comment = q->Text(6);
    event.at = q->Text(7);
    events.push_back(std::move(event));
  }
  if (rc != SQLITE_DONE) return Error(rc, "reading the review history of answer " + answer_id);
  return events;
}

// --- conversations -------------------------------------------------------------------------

Status SqliteStore::RecordTurn(const std::string& conversation_id, const std::string& question,
                               const std::string& retrieval, const std::string& answer_id) {
  if (conversation_id.empty()) return Status::InvalidArgument("a conversation id must not be empty");
  std::lock_guard lock(mu_);
  Transaction txn(*this);
  if (Status s = txn.Begin(); !s.ok()) return s;
  const std::string now = NowIso();
  {
    auto q = Prepare(
        "INSERT INTO conversations(id, created_at, updated_at) VALUES(?1, ?2, ?2) "
        "ON CONFLICT(id) DO UPDATE SET updated_at = excluded.updated_at");
    if (!q.ok()) return q.status();
    q->Bind(conversation_id).Bind(now);
    int rc = q->Step();
    if (rc != SQLITE_DONE) return Error(rc, "recording conversation " + conversation_id);
  }
  {
    auto q = Prepare(
        "INSERT INTO turns(conversation_id, question, retrieval, answer_id, at) VALUES(?, ?, ?, ?, ?)");
    if (!q.ok()) return q.status();
    q->Bind(conversation_id).Bind(question).Bind(retrieval).Bind(answer_id).Bind(now);
    int rc = q->Step();
    if (rc != SQLITE_DONE) return Error(rc, "recording a turn of conversation " + conversation_id);
  }
  return txn.Commit();
}

StatusOr<std::pair<std::string, std::string>> SqliteStore::LastTurn(const std::string& conversation_id) {
  std::lock_guard lock(mu_);
  auto q =
      Prepare("SELECT question, retrieval FROM turns WHERE conversation_id = ? ORDER BY id DESC LIMIT 1");
  if (!q.ok()) return q.status();
  q->Bind(conversation_id);
  int rc = q->Step();
  if (rc == SQLITE_DONE) return Status::NotFound("conversation " + conversation_id + " not found");
  if (rc != SQLITE_ROW) return Error(rc, "reading conversation " + conversation_id);
  return std::make_pair(q->Text(0), q->Text(1));
}

// --- audit ---------------------------------------------------------------------------------

Status SqliteStore::Audit(const AuditEntry& entry) {
  if (entry.action.empty()) return Status::InvalidArgument("an audit entry needs an action");
  std::lock_guard lock(mu_);
  Transaction txn(*this);
  if (Status s = txn.Begin(); !s.ok()) return s;
  AuditEntry stamped = entry;
  stamped.at = NowIso();
  if (Status s = AppendAudit(stamped); !s.ok()) return s;
  return txn.Commit();
}

StatusOr<std::vector<AuditEntry>> SqliteStore::AuditLog(size_t limit, int64_t before_id) {
  std::lock_guard lock(mu_);
  auto q = Prepare(
      "SELECT id, at, user_name, remote, action, target, detail FROM audit_log WHERE (?1 <= 0 OR id < ?1) "
      "ORDER BY id DESC LIMIT ?2");
  if (!q.ok()) return q.status();
  q->Bind(before_id).Bind(static_cast<int64_t>(std::min(limit, static_cast<size_t>(INT64_MAX))));
  std::vector<AuditEntry> entries;
  int rc;
  while ((rc = q->Step()) == SQLITE_ROW) {
    AuditEntry entry;
    entry.id = q->Int(0);
    entry.at = q->Text(1);
    entry.user = q->Text(2);
    entry.remote = q->Text(3);
    entry.action = q->Text(4);
    entry.target = q->Text(5);
    entry.detail = q->Text(6);
    entries.push_back(std::move(entry));
  }
  if (rc != SQLITE_DONE) return Error(rc, "reading the audit log");
  return entries;
}

// --- maintenance ---------------------------------------------------------------------------

// Closes an SQLite connection when it goes out of scope.
struct Connection {
  sqlite3* db = nullptr;
  Connection() = default;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection() { sqlite3_close(db); }
  // Opens path with flags; on failure returns kIoError naming path and role.
  Status Open(const std::string& path, int flags, std::string_view role) {
    int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
    if (rc != SQLITE_OK) {
      return Status::IoError("cannot open " + std::string(role) + " " + path + ": " +
                             (db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
    }
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, kBusyTimeoutMs);
    return Status::Ok();
  }
};

// Copies the main database of src over the main database of dest in one step.
int CopyDatabase(sqlite3* src, sqlite3* dest) {
  sqlite3_backup* backup = sqlite3_backup_init(dest, "main", src, "main");
  if (backup == nullptr) return sqlite3_errcode(dest);
  int rc = sqlite3_backup_step(backup, -1);
  int finish = sqlite3_backup_finish(backup);
  if (rc == SQLITE_DONE) rc = finish;
  return rc;
}

// Flushes the directory holding path so a rename in it survives a crash.
void SyncParentDirectory(const std::string& path) {
  std::filesystem::path parent = std::filesystem::path(path).parent_path();
  int fd = ::open(parent.empty() ? "." : parent.c_str(), O_RDONLY | O_DIRECTORY);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

Status SqliteStore::Backup(const std::string& dest_path, const Actor& actor) {
  const std::string tmp_path = dest_path + ".tmp";
  std::error_code ec;
  std::filesystem::remove(tmp_path, ec);
  Status result = [&]() -> Status {
    // A separate read connection: the copy is one WAL snapshot and other calls go on meanwhile.
    Connection src;
    if (Status s = src.Open(path_, SQLITE_OPEN_READONLY, "store"); !s.ok()) return s;
    Connection dest;
    if (Status s = dest.Open(tmp_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, "backup"); !s.ok())
      return s;
    int rc = CopyDatabase(src.db, dest.db);
    if (rc != SQLITE_OK) {
      return Status::IoError("backup to " + dest_path + " failed: " + sqlite3_errmsg(dest.db) + " (" +
                             sqlite3_errstr(rc) + ")");
    }
    // A self-contained single file (no -wal needed to read it), synced by the journal mode change.
    rc = sqlite3_exec(dest.db, "PRAGMA journal_mode=DELETE", nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK)
      return Status::IoError("backup to " + dest_path + " failed: " + sqlite3_errmsg(dest.db));
    rc = sqlite3_close(dest.db);
    dest.db = nullptr;
    if (rc != SQLITE_OK)
      return Status::IoError("backup to " + dest_path + " failed: closing: " + sqlite3_errstr(rc));
    int fd = ::open(tmp_path.c_str(), O_RDONLY);
    if (fd < 0 || ::fsync(fd) != 0) {
      if (fd >= 0) ::close(fd);
      return Status::IoError("backup to " + dest_path + " failed: cannot sync " + tmp_path);
    }
    ::close(fd);
    std::filesystem::rename(tmp_path, dest_path, ec);
    if (ec)
      return Status::IoError("backup to " + dest_path + " failed: cannot rename " + tmp_path + ": " +
                             ec.message());
    // The checksum beside it; restore refuses a backup whose bytes no longer match.
    if (Status s = internal::WriteBackupChecksum(dest_path); !s.ok()) return s;
    SyncParentDirectory(dest_path);
    return Status::Ok();
  }();
  if (!result.ok()) {
    std::filesystem::remove(tmp_path, ec);
    return result;
  }
  std::lock_guard lock(mu_);
  Transaction txn(*this);
  if (Status s = txn.Begin(); !s.ok()) return s;
  if (Status s = AppendAudit(actor, "backup", dest_path, ""); !s.ok()) return s;
  return txn.Commit();
}

// Checks that the open backup is an intact medoracle store; kCorruption naming backup_path otherwise.
Status CheckBackup(sqlite3* db, const std::string& backup_path) {
  auto id = Identify(db, backup_path, "backup");
  if (!id.ok()) return id.status();
  if (Status s = CheckIdentity(*id, backup_path, "backup", /*allow_empty=*/false); !s.ok()) return s;
  std::set<std::string> tables;
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v2(db, "SELECT name FROM sqlite_schema WHERE type = 'table'", -1, &stmt, nullptr);
  while (rc == SQLITE_OK && sqlite3_step(stmt) == SQLITE_ROW) {
    tables.insert(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)));
  }
  sqlite3_finalize(stmt);
  std::string missing;
  for (const char* table : kRequiredTables) {
    if (tables.count(table) == 0) missing += (missing.empty() ? "" : ", ") + std::string(table);
  }
  if (!missing.empty()) return Status::Corruption("backup " + backup_path + " lacks the tables " + missing);

  rc = sqlite3_prepare_v2(db, "PRAGMA integrity_check(5)", -1, &stmt, nullptr);
  std::string problems;
  int step = SQLITE_ERROR;
  while (rc == SQLITE_OK && (step = sqlite3_step(stmt)) == SQLITE_ROW) {
    std::string line = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    if (line != "ok") problems += (problems.empty() ? "" : "; ") + line;
  }
  std::string error = sqlite3_errmsg(db);
  sqlite3_finalize(stmt);
  if (rc != SQLITE_OK || step != SQLITE_DONE) {
    return Status::Corruption("backup " + backup_path + " fails the integrity check: " + error);
  }
  if (!problems.empty())
    return Status::Corruption("backup " + backup_path + " fails the integrity check: " + problems);
  return Status::Ok();
}

}  // namespace

StatusOr<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path, int schema_version) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
  if (rc != SQLITE_OK) {
    Status status = Status::IoError("cannot open store " + path + ": " +
                                    (db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
    sqlite3_close(db);
    return status;
  }
  auto store = std::make_unique<SqliteStore>(db, path, schema_version);  // owns db from here
  if (Status s = store->Init(); !s.ok()) return s;
  return std::unique_ptr<Store>(std::move(store));
}

Status RestoreSqliteStore(const std::string& backup_path, const std::string& db_path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(backup_path, ec)) {
    return Status::IoError("cannot restore from " + backup_path + ": no such file");
  }
  Connection src;
  if (Status s = src.Open(backup_path, SQLITE_OPEN_READONLY, "backup"); !s.ok()) return s;
  if (Status s = CheckBackup(src.db, backup_path); !s.ok()) return s;
  // Damage the integrity check cannot see (a changed byte inside a record) is caught by the checksum.
  {
    std::ifstream in(backup_path + kChecksumSuffix);
    std::string expected;
    if (!(in >> expected)) {
      return Status::Corruption("backup " + backup_path + " has no checksum (" + backup_path + kChecksumSuffix +
                                ", written by `medoracle backup`); if you trust the file, write one with "
                                "`sha256sum FILE > FILE.sha256`");
    }
    if (FileSha256(backup_path) != expected) {
      return Status::Corruption("backup " + backup_path + " does not match its checksum (" + backup_path +
                                kChecksumSuffix + "): its bytes have changed since the backup was made");
    }
  }

  Connection dest;
  if (Status s = dest.Open(db_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, "store"); !s.ok()) return s;
  auto id = Identify(dest.db, db_path, "store");
  if (id.ok() && id->tables > 0 && id->application_id != kApplicationId) {
    return Status::Corruption("store " + db_path +
                              " is an SQLite database but not a medoracle store; "
                              "refusing to overwrite it");
  }
  // Through the backup API into the open target: SQLite replaces the pages and handles -wal/-shm.
  int rc = CopyDatabase(src.db, dest.db);
  if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_LOCKED) {
    return Status::Busy("store " + db_path + " is in use; stop the server before restoring");
  }
  if (rc != SQLITE_OK) {
    return Status::IoError("restoring " + backup_path + " into " + db_path +
                           " failed: " + sqlite3_errmsg(dest.db));
  }
  rc = sqlite3_exec(dest.db, "PRAGMA journal_mode=WAL; PRAGMA wal_checkpoint(TRUNCATE)", nullptr, nullptr,
                    nullptr);
  if (rc != SQLITE_OK) {
    return Status::IoError("restoring into " + db_path + ": finishing failed: " + sqlite3_errmsg(dest.db));
  }
  return Status::Ok();
}

}  // namespace medoracle::store
