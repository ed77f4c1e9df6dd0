// Application state behind one interface: users, login sessions, API tokens, answers with
// their versions and review status, conversations, asked questions, review events and the
// append-only audit log. SQLite implements it (sqlite_store.cc) for one server, PostgreSQL
// (postgres_store.cc) for several servers sharing one store; OpenStore() picks by location.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "medoracle/status.h"

namespace medoracle::store {

enum class Role { kReader = 0, kEditor = 1, kAdmin = 2 };
std::string_view RoleName(Role role);                      // "reader", "editor", "admin"
// A user name is 1 to 64 characters from A-Z a-z 0-9 and ".-_@" (so it is safe in logs, URLs and
// the audit log, and cannot be confused with another by invisible or look-alike characters).
bool ValidUserName(std::string_view name);
// The longest value of an audit field (user, remote, target); details are cut at kMaxAuditDetailBytes.
inline constexpr size_t kMaxAuditFieldBytes = 128;
// How long an API token is valid (90 days); then a new one must be made.
inline constexpr int64_t kApiTokenSeconds = 90 * 24 * 60 * 60;
inline constexpr size_t kMaxAuditDetailBytes = 1024;

std::optional<Role> ParseRole(std::string_view name);      // nullopt when unknown

enum class ReviewStatus { kSubmitted = 0, kUnderReview = 1, kApproved = 2, kRejected = 3 };
std::string_view ReviewStatusName(ReviewStatus status);    // "submitted", "under_review", "approved", "rejected"
std::optional<ReviewStatus> ParseReviewStatus(std::string_view name);

// Limits of login throttling: failed attempts within a window (auth::LoginPolicy).
struct LoginLimits {
  int per_name_and_remote = 5;
  int per_remote = 20;
  int per_name = 100;
};

// What Store::CheckAndRecordLoginAttempt found: the failures before this attempt, and the attempt's
// id when it was allowed and recorded (0: refused, nothing recorded).
struct LoginCheck {
  int64_t attempt_id = 0;
  int64_t at_unix = 0;
  int for_name_and_remote = 0;
  int from_remote = 0;
  int for_name = 0;
};

// The schema version this build creates and migrates to. Both backends number their migrations
// alike: version N is the same set of tables and columns in SQLite and in PostgreSQL.
inline constexpr int kSchemaVersion = 4;

// Times are UTC, ISO 8601 with seconds ("2026-11-26T17:03:00Z"), set by the store.

// Who did something, for the audit log. user is empty for anonymous callers and "cli:<login>" for
// the command line; remote is the client address ("" for the command line).
struct Actor {
  std::string user;
  std::string remote;
};

struct User {
  int64_t id = 0;
  std::string name;
  Role role = Role::kReader;
  std::string password_hash;  // libsodium Argon2id string (crypto_pwhash_str)
  bool disabled = false;
  std::string created_at;
};

// A login session. The cookie holds a random secret; the store keeps only its hash.
struct Session {
  std::string id_hash;     // hex hash of the cookie secret
  int64_t user_id = 0;
  std::string csrf_token;  // sent with every state-changing request
  int64_t created_unix = 0;
  int64_t expires_unix = 0;
  std::string remote;
};

// A bearer token for programs; the store keeps only the hash of the secret.
struct ApiToken {
  int64_t id = 0;
  int64_t user_id = 0;
  std::string name;
  std::string token_hash;
  bool revoked = false;
  std::string created_at;
};

// An answer to one question (as retrieved) for one audience, across index revisions and edits.
struct AnswerRecord {
  std::string id;            // stable: the same question key always has the same id
  std::string question_key;  // QuestionKey(): audience + normalised retrieval text
  std::string question;      // as first asked
  std::string audience;
  ReviewStatus status = ReviewStatus::kSubmitted;
  int latest_version = 0;    // highest version number
  int approved_version = 0;  // the version served to everyone while approved and not stale; 0 = none
  bool stale = false;        // evidence it cites or would now cite changed since approval
  std::string stale_reason;
  std::string created_at;
  std::string updated_at;    // last status change or new version
};

// One version of an answer: the exact JSON served (AnswerToJson output, without the review block).
struct AnswerVersion {
  std::string answer_id;
  int version = 0;
  std::string json;
  std::string index_revision;  // the index's updated_at when composed ("" for edits: inherits the base's)
  std::string created_by;      // "" = composed by medoracle; else the editor's user name
  std::string note;            // the editor's note for an edit
  std::string created_at;
  std::vector<std::string> cited_doc_ids;  // the references' document ids, for staleness checks
};

struct ReviewEvent {
  int64_t id = 0;
  std::string answer_id;
  int version = 0;  // the version the action applied to
  std::string from_status;
  std::string to_status;  // or "stale" / "edited"
  std::string user;
  std::string comment;
  std::string at;
};

struct AuditEntry {
  int64_t id = 0;
  std::string at;
  std::string user;
  std::string remote;
  std::string action;  // e.g. "login", "login_failed", "review.set", "answer.edit", "user.add", "backup"
  std::string target;  // e.g. an answer id or a user name
  std::string detail;  // free text (never a password or secret)
};

struct AnswerFilter {
  std::optional<ReviewStatus> status;  // nullopt = any
  bool stale_only = false;
  size_t limit = 100;
  size_t offset = 0;
};

// What a composition or an edit adds.
struct NewVersion {
  std::string question_key;
  std::string question;
  std::string audience;
  std::string json;
  std::string index_revision;
  std::vector<std::string> cited_doc_ids;
  std::string created_by;  // "" for compositions
  std::string note;
};

// The change an editor makes to an answer's review status.
struct StatusChange {
  std::string answer_id;
  ReviewStatus expected;   // the status the editor saw; if it moved meanwhile: kFailedPrecondition,
                           // so two editors cannot overwrite each other
  ReviewStatus to;
  int version = 0;         // for kApproved: the version approved (must exist)
  std::string comment;
};

// The store. Every mutating call is one transaction and appends its audit entry in the same
// transaction, so a committed action is never without its audit record and vice versa. Safe to call
// from many threads (implementations serialise writes). Errors: kNotFound for unknown ids/names,
// kAlreadyExists for duplicates, kFailedPrecondition for a status that moved under the caller,
// kIoError / kCorruption for storage failures (message names the database file, or the PostgreSQL
// URL without its password), kBusy when another writer holds the store too long.
class Store {
 public:
  virtual ~Store() = default;

  // Where the store is, for messages: the SQLite file, or the PostgreSQL URL without its password.
  virtual std::string location() const = 0;
  // The schema version of the open store (kSchemaVersion once opened by this build).
  virtual StatusOr<int> SchemaVersion() = 0;

  // The key of this installation's answer ids (review::AnswerIdFor), so that nobody without the
  // store can compute the id of a question and test whether it was asked: 64 hex digits of a
  // random 32-byte secret, made (libsodium's CSPRNG) and recorded on the first call (audit
  // "store.answer_id_key"), kept in the settings table, so every server on the store and every
  // restore of its backups has the same. Errors: those of the storage.
  virtual StatusOr<std::string> AnswerIdKey() = 0;

  // --- users -------------------------------------------------------------------------------
  // Errors: kAlreadyExists when the name is taken; kInvalidArgument for an empty name.
  virtual StatusOr<User> AddUser(const std::string& name, Role role, const std::string& password_hash,
                                 const Actor& actor) = 0;
  virtual StatusOr<User> GetUser(const std::string& name) = 0;
  virtual StatusOr<User> GetUserById(int64_t id) = 0;
  virtual StatusOr<std::vector<User>> ListUsers() = 0;
  // Changes the password, ends every session and revokes every API token of the user. kNotFound
  // for an unknown name.
  virtual Status SetPassword(const std::string& name, const std::string& password_hash, const Actor& actor) = 0;
  // Disabling also ends every session of the user. kNotFound for an unknown name.
  virtual Status SetUserDisabled(const std::string& name, bool disabled, const Actor& actor) = 0;

  // --- sessions and tokens -------------------------------------------------------------------
  // Audit "login"; removes sessions expired at session.created_unix. kNotFound for an unknown user
  // id; kAlreadyExists for a duplicate id_hash.
  virtual Status PutSession(const Session& session, const Actor& actor) = 0;
  // kNotFound when unknown or expired at now_unix.
  virtual StatusOr<Session> GetSession(const std::string& id_hash, int64_t now_unix) = 0;
  virtual Status DeleteSession(const std::string& id_hash, const Actor& actor) = 0;  // audit "logout"
  // kNotFound for an unknown user id; kAlreadyExists for a duplicate token_hash.
  virtual StatusOr<ApiToken> AddApiToken(int64_t user_id, const std::string& name, const std::string& token_hash,
                                         const Actor& actor) = 0;
  // kNotFound if unknown, revoked or expired (kApiTokenSeconds after creation; a password change
  // revokes every token of the user).
  virtual StatusOr<ApiToken> GetApiToken(const std::string& token_hash) = 0;
  virtual Status RevokeApiToken(int64_t token_id, const Actor& actor) = 0;

  // --- login throttling (kept in the store so it survives restarts) ------------------------
  // Records an attempt for the user name from remote; failures are audited as "login_failed"
  // (successes are not: the session's "login" is). Attempts older than 7 days are pruned.
  virtual Status RecordLoginAttempt(const std::string& name, const std::string& remote, bool success,
                                    int64_t at_unix) = 0;
  // Failed attempts for name (from any address) and from remote (for any name) since since_unix.
  virtual StatusOr<int> FailedLoginsForName(const std::string& name, int64_t since_unix) = 0;
  // Failed attempts for name from remote since since_unix.
  virtual StatusOr<int> FailedLoginsForNameFrom(const std::string& name, const std::string& remote,
                                                int64_t since_unix) = 0;
  virtual StatusOr<int> FailedLoginsFromRemote(const std::string& remote, int64_t since_unix) = 0;

  // Login throttling's check and record in one step, in one write transaction (so concurrent
  // attempts, on this server or another sharing the store, cannot all pass one check): counts the
  // failed attempts since since_unix for name from remote, from remote, and for name; when each is
  // below its limit, records this attempt at at_unix as a failure (what it counts as until
  // FinishLoginAttempt says otherwise) and returns its id; else records nothing (attempt_id 0).
  // Attempts older than 7 days are pruned. The default (for test doubles) is not atomic; both
  // backends override it.
  virtual StatusOr<LoginCheck> CheckAndRecordLoginAttempt(const std::string& name, const std::string& remote,
                                                          int64_t since_unix, int64_t at_unix,
                                                          const LoginLimits& limits);
  // Ends an attempt recorded by CheckAndRecordLoginAttempt: a success is marked so (it no longer
  // counts); a failure is audited as "login_failed".
  virtual Status FinishLoginAttempt(const LoginCheck& attempt, const std::string& name, const std::string& remote,
                                    bool success);

  // --- answers -------------------------------------------------------------------------------
  virtual StatusOr<AnswerRecord> GetAnswer(const std::string& answer_id) = 0;
  virtual StatusOr<AnswerRecord> FindAnswerByKey(const std::string& question_key) = 0;
  virtual StatusOr<AnswerVersion> GetVersion(const std::string& answer_id, int version) = 0;
  virtual StatusOr<std::vector<AnswerVersion>> ListVersions(const std::string& answer_id) = 0;
  virtual StatusOr<std::vector<AnswerRecord>> ListAnswers(const AnswerFilter& filter) = 0;
  // Records a composition or an edit. A new question key creates the record (status submitted,
  // version 1, id = answer_id). An existing key gets version latest+1 unless the JSON equals the
  // latest version's and the revision is the same (then nothing changes). An edit (created_by
  // non-empty) of an approved or rejected answer sends it back to under_review (unpinned). An edit
  // with an empty index_revision inherits the latest version's, and appends a review event "edited"
  // (user = created_by, comment = note). Returns the record. Errors: kInvalidArgument when the key
  // is stored under another id; kAlreadyExists when answer_id belongs to another key.
  virtual StatusOr<AnswerRecord> SaveVersion(const std::string& answer_id, const NewVersion& version,
                                             const Actor& actor) = 0;
  // Moves the status (checking change.expected), sets approved_version on approval (clearing the
  // stale flag), appends a review event. Transition rules are the caller's (src/review/workflow.h).
  // approved_version is non-zero exactly while the status is approved: leaving approved clears it.
  // change.version 0 = the latest; the event records the version. Errors: kNotFound (answer id),
  // kFailedPrecondition (status is not change.expected; names both), kInvalidArgument (no such version).
  virtual StatusOr<AnswerRecord> SetStatus(const StatusChange& change, const Actor& actor) = 0;
  // Flags the answer stale with a reason, returns it to submitted (the approved version is no
  // longer served: approved_version becomes 0) and appends a review event "stale" for the version
  // that was approved. No-op if already stale. Approval clears the flag.
  virtual StatusOr<AnswerRecord> MarkStale(const std::string& answer_id, const std::string& reason,
                                           const Actor& actor) = 0;
  // Answers with status approved whose approved version cites any of doc_ids; sorted ids.
  virtual StatusOr<std::vector<std::string>> ApprovedAnswersCiting(const std::vector<std::string>& doc_ids) = 0;
  virtual StatusOr<std::vector<ReviewEvent>> ReviewHistory(const std::string& answer_id) = 0;

  // --- conversations and asked questions (not audited) -------------------------------------
  // Records a turn (every ask does). PostgreSQL commits it without waiting for the WAL flush: a
  // crash of the database server (not of medoracle) may lose the last fraction of a second of turns.
  virtual Status RecordTurn(const std::string& conversation_id, const std::string& question,
                            const std::string& retrieval, const std::string& answer_id) = 0;
  // The latest turn: {question, retrieval}; kNotFound for an unknown conversation.
  virtual StatusOr<std::pair<std::string, std::string>> LastTurn(const std::string& conversation_id) = 0;

  // --- audit ---------------------------------------------------------------------------------
  // For actions with no other state change; the store sets id and at. kInvalidArgument without action.
  virtual Status Audit(const AuditEntry& entry) = 0;
  virtual StatusOr<std::vector<AuditEntry>> AuditLog(size_t limit, int64_t before_id = 0) = 0;  // newest first

  // --- maintenance ---------------------------------------------------------------------------
  // Writes a consistent copy of the whole store to dest_path (online; other calls may go on) as an
  // SQLite medoracle store, whichever the backend: one file (no -wal) that RestoreStore() loads into
  // either backend. Written to dest_path + ".tmp", then renamed; its SHA-256 goes to
  // dest_path + kChecksumSuffix (sha256sum's format). Audit "backup".
  // Errors: kIoError naming dest_path.
  virtual Status Backup(const std::string& dest_path, const Actor& actor) = 0;
};

// True when location names a PostgreSQL database: it starts with "postgresql://" or "postgres://".
bool IsPostgresUrl(std::string_view location);

// location with any password removed ("postgresql://ann:secret@db/x?password=y" ->
// "postgresql://ann@db/x"), for messages and logs; other locations unchanged.
std::string RedactLocation(std::string_view location);

// Opens the store at location: OpenPostgresStore for a PostgreSQL URL, else OpenSqliteStore (a
// file path). Errors: those of the backend.
StatusOr<std::unique_ptr<Store>> OpenStore(const std::string& location);

// Opens (creating if needed) the SQLite store at path in WAL mode with synchronous=FULL for
// committed-means-durable, a busy timeout, and foreign keys; creates or migrates the schema.
// Errors: kIoError when the file cannot be opened or created; kCorruption when it is not a
// medoracle store (names the file and what was found).
// schema_version (tests of migrations only) stops the migrations at that version; 0 = kSchemaVersion.
StatusOr<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path, int schema_version = 0);

struct PostgresOptions {
  size_t connections = 4;  // at most this many connections at once (opened as needed)
  int schema_version = 0;  // tests of migrations only: stop at this version; 0 = kSchemaVersion
};

// Opens the store in the PostgreSQL database named by url (libpq's URI syntax, e.g.
// "postgresql://medoracle@db1/medoracle" or "postgresql:///medoracle?host=/run/postgresql"),
// creating or migrating its tables under an advisory lock, so servers starting together migrate
// once. Every mutating call is one transaction holding the store's write lock (an advisory
// transaction lock), so writes from several servers are serialised as SQLite serialises them
// in one process. Errors: kIoError "cannot connect to PostgreSQL at URL: reason" (URL without its
// password); kCorruption when the database holds tables but is not a medoracle store, or has a
// schema version this build does not know.
StatusOr<std::unique_ptr<Store>> OpenPostgresStore(const std::string& url, const PostgresOptions& options = {});

// The checksum file beside a backup: FILE + ".sha256".
inline constexpr char kChecksumSuffix[] = ".sha256";

// Replaces the store at db_path with the backup at backup_path after checking that the backup
// is an intact medoracle store (integrity check, schema version) whose bytes match its checksum
// (backup_path + kChecksumSuffix; kCorruption when missing or different). The server must be stopped.
// Refuses (leaving db_path untouched) before writing anything. Errors: kCorruption naming backup_path
// and the problem, or naming db_path when it is an SQLite file but not a medoracle store; kBusy when
// the store is in use; kIoError.
Status RestoreSqliteStore(const std::string& backup_path, const std::string& db_path);

// Restores a backup (an SQLite medoracle store written by Store::Backup) into location: for a file
// path, RestoreSqliteStore; for a PostgreSQL URL, copies every table into the database, which must
// hold no medoracle data yet (a new or emptied database: the audit log there is append-only, so
// the restore never overwrites one), in one transaction. Errors: those of RestoreSqliteStore;
// kFailedPrecondition when the PostgreSQL store already holds data; kIoError / kCorruption.
Status RestoreStore(const std::string& backup_path, const std::string& location);

}  // namespace medoracle::store
