// What the store's two backends share: the time format, retention, and the tables with their columns
// in copy order (for backups and restores between backends).
#pragma once

#include <cstdint>
#include <string>

#include "medoracle/status.h"

namespace medoracle::store::internal {

// Login attempts older than this are pruned when a new one is recorded (throttling windows are minutes).
inline constexpr int64_t kLoginAttemptRetentionSeconds = 7 * 24 * 3600;

// Now, UTC, ISO 8601 with seconds: "2026-11-26T17:03:00Z".
std::string NowIso();

// s cut to at most max bytes on a UTF-8 character boundary, "..." marking the cut (audit fields).
std::string CapUtf8(const std::string& s, size_t max);

// The SHA-256 of a file's bytes in hex; "" when it cannot be read.
std::string FileSha256(const std::string& path);

// Writes path + kChecksumSuffix (sha256sum's format) for the backup at path. Errors: kIoError.
Status WriteBackupChecksum(const std::string& path);

// A table of the current schema as both backends hold it. Listed parents first, so rows copied in
// this order satisfy the foreign keys. order_sqlite / order_postgres keep insertion order (SQLite's
// rowid; PostgreSQL's id or seq column), on which ListAnswers and citations rely.
struct TableSpec {
  const char* name;
  const char* columns;  // comma-separated, the same in both backends
  const char* order_sqlite;
  const char* order_postgres;
  const char* identity;  // the PostgreSQL identity column whose sequence follows the rows; nullptr if none
};

inline constexpr TableSpec kTables[] = {
    {"users", "id, name, role, password_hash, disabled, created_at", "id", "id", "id"},
    {"sessions", "id_hash, user_id, csrf_token, created_unix, expires_unix, remote", "rowid", "id_hash", nullptr},
    {"api_tokens", "id, user_id, name, token_hash, revoked, created_at, expires_unix", "id", "id", "id"},
    {"login_attempts", "id, name, remote, success, at_unix", "id", "id", "id"},
    {"answers",
     "id, question_key, question, audience, status, latest_version, approved_version, stale, stale_reason, "
     "created_at, updated_at",
     "rowid", "seq", "seq"},
    {"answer_versions", "answer_id, version, json, index_revision, created_by, note, created_at", "rowid",
     "answer_id, version", nullptr},
    {"answer_citations", "answer_id, version, doc_id", "rowid", "seq", "seq"},
    {"review_events", "id, answer_id, version, from_status, to_status, user_name, comment, at", "id", "id", "id"},
    {"audit_log", "id, at, user_name, remote, action, target, detail", "id", "id", "id"},
    {"conversations", "id, created_at, updated_at", "rowid", "id", nullptr},
    {"turns", "id, conversation_id, question, retrieval, answer_id, at", "id", "id", "id"},
    {"settings", "name, value", "rowid", "name", nullptr},
};

// The settings row holding Store::AnswerIdKey().
inline constexpr char kAnswerIdKeySetting[] = "answer_id_key";

// A new answer-id key: 32 bytes from libsodium's CSPRNG as 64 lower-case hex digits.
std::string NewAnswerIdKey();

}  // namespace medoracle::store::internal
