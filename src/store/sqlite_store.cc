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
#include "store/rows.h"
#include "store/sqlite_store.h"
#include "store/store.h"

namespace medoracle::store {
namespace sqlite {

// Maps an SQLite result code to a Status whose message names the file and what was being done.
Status SqliteError(int rc, sqlite3* db, const std::string& path, std::string_view what) {
  std::string msg = path + ": " + std::string(what) + ": " + (db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  switch (rc & 0xff) {
    case SQLITE_CONSTRAINT:
      if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) return Status::AlreadyExists(msg);
      if (rc == SQLITE_CONSTRAINT_FOREIGNKEY) return Status::NotFound(msg);
      return Status::FailedPrecondition(msg);
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB: return Status::Corruption(msg);
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return Status::Busy(msg);
    case SQLITE_NOMEM:
    case SQLITE_MISUSE:
    case SQLITE_RANGE:
    case SQLITE_ERROR: return Status::Internal(msg);
    default: return Status::IoError(msg);
  }
}

namespace {

using internal::AuditEntryFromRow;
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

}  // namespace

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
  while ((rc = q->Step()) == SQLITE_ROW) entries.push_back(AuditEntryFromRow(*q));
  if (rc != SQLITE_DONE) return Error(rc, "reading the audit log");
  return entries;
}

namespace {

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

}  // namespace

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

namespace {

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
}  // namespace sqlite

// The public entry points (store.h) below use the connection and file-check helpers above.
using namespace sqlite;

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
