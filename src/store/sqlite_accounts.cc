// The SQLite store's accounts: users, login sessions, API tokens and login throttling.
#include <sqlite3.h>

#include <algorithm>
#include <ctime>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "store/common.h"
#include "store/rows.h"
#include "store/sqlite_store.h"

namespace medoracle::store::sqlite {

using internal::ApiTokenFromRow;
using internal::kLoginAttemptRetentionSeconds;
using internal::NowIso;
using internal::SessionFromRow;
using internal::UserFromRow;

// --- users ---------------------------------------------------------------------------------

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
  return UserFromRow(*q, path_);
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
    auto q = Prepare("INSERT INTO users(name, role, password_hash, disabled, created_at) VALUES(?, ?, ?, 0, ?)");
    if (!q.ok()) return q.status();
    q->Bind(name).Bind(RoleName(role)).Bind(password_hash).Bind(user.created_at);
    int rc = q->Step();
    if (rc == SQLITE_CONSTRAINT_UNIQUE) return Status::AlreadyExists("user '" + name + "' already exists");
    if (rc != SQLITE_DONE) return Error(rc, "adding user '" + name + "'");
    user.id = sqlite3_last_insert_rowid(db_);
  }
  if (Status s = AppendAudit(actor, "user.add", name, "role " + std::string(RoleName(role))); !s.ok()) return s;
  if (Status s = txn.Commit(); !s.ok()) return s;
  return user;
}

StatusOr<User> SqliteStore::GetUser(const std::string& name) {
  if (name.empty()) return Status::NotFound("user '' not found");
  std::lock_guard lock(mu_);
  return UserWhereLocked("SELECT id, name, role, password_hash, disabled, created_at FROM users WHERE name = ?", name,
                         0, "user '" + name + "'");
}

StatusOr<User> SqliteStore::GetUserById(int64_t id) {
  std::lock_guard lock(mu_);
  return UserWhereLocked("SELECT id, name, role, password_hash, disabled, created_at FROM users WHERE id = ?", "", id,
                         "user id " + std::to_string(id));
}

StatusOr<std::vector<User>> SqliteStore::ListUsers() {
  std::lock_guard lock(mu_);
  auto q = Prepare("SELECT id, name, role, password_hash, disabled, created_at FROM users ORDER BY name");
  if (!q.ok()) return q.status();
  std::vector<User> users;
  int rc;
  while ((rc = q->Step()) == SQLITE_ROW) {
    auto user = UserFromRow(*q, path_);
    if (!user.ok()) return user.status();
    users.push_back(std::move(*user));
  }
  if (rc != SQLITE_DONE) return Error(rc, "listing users");
  return users;
}

Status SqliteStore::SetPassword(const std::string& name, const std::string& password_hash, const Actor& actor) {
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
  auto user = UserWhereLocked("SELECT id, name, role, password_hash, disabled, created_at FROM users WHERE id = ?", "",
                              session.user_id, "user id " + std::to_string(session.user_id));
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
  return SessionFromRow(*q);
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

StatusOr<ApiToken> SqliteStore::AddApiToken(int64_t user_id, const std::string& name, const std::string& token_hash,
                                            const Actor& actor) {
  std::lock_guard lock(mu_);
  Transaction txn(*this);
  if (Status s = txn.Begin(); !s.ok()) return s;
  auto user = UserWhereLocked("SELECT id, name, role, password_hash, disabled, created_at FROM users WHERE id = ?", "",
                              user_id, "user id " + std::to_string(user_id));
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
    if (rc == SQLITE_CONSTRAINT_UNIQUE) return Status::AlreadyExists("API token '" + name + "': hash already exists");
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
  return ApiTokenFromRow(*q);
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
    auto q =
        Prepare("SELECT count(*) FROM login_attempts WHERE name = ? AND remote = ? AND at_unix >= ? AND success = 0");
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
  return CountLocked("SELECT count(*) FROM login_attempts WHERE name = ? AND at_unix >= ? AND success = 0", name,
                     since_unix);
}

StatusOr<int> SqliteStore::FailedLoginsForNameFrom(const std::string& name, const std::string& remote,
                                                   int64_t since_unix) {
  std::lock_guard lock(mu_);
  auto q =
      Prepare("SELECT count(*) FROM login_attempts WHERE name = ? AND remote = ? AND at_unix >= ? AND success = 0");
  if (!q.ok()) return q.status();
  q->Bind(name).Bind(remote).Bind(since_unix);
  int rc = q->Step();
  if (rc != SQLITE_ROW) return Error(rc, "counting failed logins");
  return static_cast<int>(q->Int(0));
}

StatusOr<int> SqliteStore::FailedLoginsFromRemote(const std::string& remote, int64_t since_unix) {
  std::lock_guard lock(mu_);
  return CountLocked("SELECT count(*) FROM login_attempts WHERE remote = ? AND at_unix >= ? AND success = 0", remote,
                     since_unix);
}

}  // namespace medoracle::store::sqlite
