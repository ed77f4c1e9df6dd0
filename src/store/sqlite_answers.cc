// The SQLite store's answers: versions and their citations, review status and history, stale flags,
// and conversation turns.
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

using internal::AnswerFromRow;
using internal::NowIso;
using internal::ReviewEventFromRow;
using internal::VersionFromRow;

// --- answers -------------------------------------------------------------------------------

StatusOr<AnswerRecord> SqliteStore::AnswerWhereLocked(const char* sql, const std::string& key,
                                                      const std::string& what) {
  auto q = Prepare(sql);
  if (!q.ok()) return q.status();
  q->Bind(key);
  int rc = q->Step();
  if (rc == SQLITE_DONE) return Status::NotFound(what + " not found");
  if (rc != SQLITE_ROW) return Error(rc, "reading " + what);
  return AnswerFromRow(*q, path_);
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
    return Error(
        rc, "reading the citations of answer " + version->answer_id + " version " + std::to_string(version->version));
  }
  return Status::Ok();
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
    result = VersionFromRow(*q);
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
    while ((rc = q->Step()) == SQLITE_ROW) versions.push_back(VersionFromRow(*q));
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
  q->Bind(static_cast<int64_t>(std::min(filter.limit, kMax))).Bind(static_cast<int64_t>(std::min(filter.offset, kMax)));
  std::vector<AnswerRecord> records;
  int rc;
  while ((rc = q->Step()) == SQLITE_ROW) {
    auto record = AnswerFromRow(*q, path_);
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
  if (version.question_key.empty()) return Status::InvalidArgument("answer " + answer_id + ": empty question key");
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
      Status s = AppendEvent(record.id, record.latest_version, ReviewStatusName(before), "edited", version.created_by,
                             version.note, now);
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
    q->Bind(answer_id).Bind(version.question_key).Bind(version.question).Bind(version.audience).Bind(now).Bind(now);
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
  if (Status s = AppendAudit(actor, edit ? "answer.edit" : "answer.compose", record.id, detail); !s.ok()) return s;
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
  if (Status s = AppendEvent(record.id, version, from_name, to_name, actor.user, change.comment, now); !s.ok()) {
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
  if (Status s = AppendEvent(record.id, version, from_name, "stale", actor.user, reason, now); !s.ok()) return s;
  if (Status s = AppendAudit(actor, "review.stale", record.id, reason); !s.ok()) return s;
  if (Status s = txn.Commit(); !s.ok()) return s;
  return record;
}

StatusOr<std::vector<std::string>> SqliteStore::ApprovedAnswersCiting(const std::vector<std::string>& doc_ids) {
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
  while ((rc = q->Step()) == SQLITE_ROW) events.push_back(ReviewEventFromRow(*q));
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
    auto q = Prepare("INSERT INTO turns(conversation_id, question, retrieval, answer_id, at) VALUES(?, ?, ?, ?, ?)");
    if (!q.ok()) return q.status();
    q->Bind(conversation_id).Bind(question).Bind(retrieval).Bind(answer_id).Bind(now);
    int rc = q->Step();
    if (rc != SQLITE_DONE) return Error(rc, "recording a turn of conversation " + conversation_id);
  }
  return txn.Commit();
}

StatusOr<std::pair<std::string, std::string>> SqliteStore::LastTurn(const std::string& conversation_id) {
  std::lock_guard lock(mu_);
  auto q = Prepare("SELECT question, retrieval FROM turns WHERE conversation_id = ? ORDER BY id DESC LIMIT 1");
  if (!q.ok()) return q.status();
  q->Bind(conversation_id);
  int rc = q->Step();
  if (rc == SQLITE_DONE) return Status::NotFound("conversation " + conversation_id + " not found");
  if (rc != SQLITE_ROW) return Error(rc, "reading conversation " + conversation_id);
  return std::make_pair(q->Text(0), q->Text(1));
}

}  // namespace medoracle::store::sqlite
