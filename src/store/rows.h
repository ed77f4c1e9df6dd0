// The store's rows as values, for both backends: one function per table that reads a row of its
// columns (in the order the SELECTs of sqlite_store.cc and postgres_store.cc list them) into the
// value store.h defines. Row is the backend's view of one result row: any type with
// std::string Text(int column) and int64_t Int(int column).
#pragma once

#include <cstdint>
#include <string>

#include "medoracle/status.h"
#include "store/store.h"

namespace medoracle::store::internal {

// Columns "id, name, role, password_hash, disabled, created_at" of users. Errors: kCorruption
// naming location and the user when the role is not one of RoleName's.
template <typename Row>
StatusOr<User> UserFromRow(const Row& row, const std::string& location) {
  User user;
  user.id = row.Int(0);
  user.name = row.Text(1);
  auto role = ParseRole(row.Text(2));
  if (!role) {
    return Status::Corruption(location + ": user '" + user.name + "' has unknown role '" + row.Text(2) + "'");
  }
  user.role = *role;
  user.password_hash = row.Text(3);
  user.disabled = row.Int(4) != 0;
  user.created_at = row.Text(5);
  return user;
}

// Columns "id_hash, user_id, csrf_token, created_unix, expires_unix, remote" of sessions.
template <typename Row>
Session SessionFromRow(const Row& row) {
  Session session;
  session.id_hash = row.Text(0);
  session.user_id = row.Int(1);
  session.csrf_token = row.Text(2);
  session.created_unix = row.Int(3);
  session.expires_unix = row.Int(4);
  session.remote = row.Text(5);
  return session;
}

// Columns "id, user_id, name, token_hash, revoked, created_at" of api_tokens.
template <typename Row>
ApiToken ApiTokenFromRow(const Row& row) {
  ApiToken token;
  token.id = row.Int(0);
  token.user_id = row.Int(1);
  token.name = row.Text(2);
  token.token_hash = row.Text(3);
  token.revoked = row.Int(4) != 0;
  token.created_at = row.Text(5);
  return token;
}

// Columns "id, question_key, question, audience, status, latest_version, approved_version, stale,
// stale_reason, created_at, updated_at" of answers. Errors: kCorruption naming location and the answer
// when the status is not one of ReviewStatusName's.
template <typename Row>
StatusOr<AnswerRecord> AnswerFromRow(const Row& row, const std::string& location) {
  AnswerRecord record;
  record.id = row.Text(0);
  record.question_key = row.Text(1);
  record.question = row.Text(2);
  record.audience = row.Text(3);
  auto status = ParseReviewStatus(row.Text(4));
  if (!status) {
    return Status::Corruption(location + ": answer " + record.id + " has unknown status '" + row.Text(4) + "'");
  }
  record.status = *status;
  record.latest_version = static_cast<int>(row.Int(5));
  record.approved_version = static_cast<int>(row.Int(6));
  record.stale = row.Int(7) != 0;
  record.stale_reason = row.Text(8);
  record.created_at = row.Text(9);
  record.updated_at = row.Text(10);
  return record;
}

// Columns "answer_id, version, json, index_revision, created_by, note, created_at" of answer_versions
// (the cited documents are read separately).
template <typename Row>
AnswerVersion VersionFromRow(const Row& row) {
  AnswerVersion version;
  version.answer_id = row.Text(0);
  version.version = static_cast<int>(row.Int(1));
  version.json = row.Text(2);
  version.index_revision = row.Text(3);
  version.created_by = row.Text(4);
  version.note = row.Text(5);
  version.created_at = row.Text(6);
  return version;
}

// Columns "id, answer_id, version, from_status, to_status, user_name, comment, at" of review_events.
template <typename Row>
ReviewEvent ReviewEventFromRow(const Row& row) {
  ReviewEvent event;
  event.id = row.Int(0);
  event.answer_id = row.Text(1);
  event.version = static_cast<int>(row.Int(2));
  event.from_status = row.Text(3);
  event.to_status = row.Text(4);
  event.user = row.Text(5);
  event.comment = row.Text(6);
  event.at = row.Text(7);
  return event;
}

// Columns "id, at, user_name, remote, action, target, detail" of audit_log.
template <typename Row>
AuditEntry AuditEntryFromRow(const Row& row) {
  AuditEntry entry;
  entry.id = row.Int(0);
  entry.at = row.Text(1);
  entry.user = row.Text(2);
  entry.remote = row.Text(3);
  entry.action = row.Text(4);
  entry.target = row.Text(5);
  entry.detail = row.Text(6);
  return entry;
}

}  // namespace medoracle::store::internal
