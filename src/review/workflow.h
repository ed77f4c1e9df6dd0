// The editorial review workflow over a Store: answering through the store (pinned approved
// answers, reuse at the same index revision), allowed status changes, editor edits that reorder
// or remove statements but never change their text, and stale flags after an ingest.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "answer/composer.h"
#include "index/index.h"
#include "medoracle/status.h"
#include "store/store.h"

namespace medoracle::review {

// The key under which answers are stored and pinned: the audience and the normalised stems of the
// retrieval text, so "Treatment of gout?" and "treatment of gout" share one answer.
std::string QuestionKey(std::string_view retrieval_text, std::string_view audience);

// The answer id of a question key under an installation's key (Store::AnswerIdKey(), hex): 16
// lower-case hex digits of the keyed BLAKE2b hash (libsodium's crypto_generichash) of question_key,
// stable for a store and its backups, and not computable without its key, so an id does not tell
// whether a question was asked. A key that is not hex is used as its bytes (at least 16 of them);
// an empty or shorter one gives "" (no id).
std::string AnswerIdFor(std::string_view question_key, std::string_view key);

// One served answer.
struct Served {
  store::AnswerRecord record;
  std::string json;      // the answer JSON with its "review" block filled in (see ServedJson)
  bool pinned = false;   // the approved version was served
  bool composed = false; // composed now (false: reused a stored version)
  bool degraded = false;  // composed past its deadline (Answer::degraded): served, not stored
};

// Answers question (retrieval: the question with the conversation's focus carried over) for
// audience: the approved version when the answer is approved and not stale; else the latest
// version when it was composed at the index's current revision (an edit counts at its base's
// revision); else composes with ComposeAnswer(index, retrieval, options) and saves the result as a
// new version (a new answer is submitted) unless it equals the latest composition, in which case the
// latest version (perhaps an editor's edit of it) is served. The stored JSON is AnswerToJson's
// without "review", with "id" = the record's id, "question" = the question as asked and
// "searched_as" = retrieval when it differs; the served JSON carries this asker's question. A
// composition degraded by its deadline (Answer::degraded) is served as composed, without "review" or
// "version", and not stored (record: the stored one, or a new one not in the store).
// Errors: those of ComposeAnswer and of the store.
StatusOr<Served> AnswerQuestion(store::Store& store, const Index& index, const std::string& question,
                                const std::string& retrieval, const AskOptions& options, const store::Actor& actor);

// The JSON served for a record's version: the stored JSON with
// "id": record.id, "version": n, and "review": {"status", "updated_at", "version", "approved_version",
// "approved_at" (when approved), "stale", "stale_reason", "submitted_at" (when the answer was first
// stored), "steps"}. "steps" is the current review for the public page's stepper: empty while
// submitted; else [{"status": "under_review", "at", "role"}] and, once approved or rejected, a
// second {"status": "approved" | "rejected", "at", "role"}, where "role" is the role of the account
// that made the change ("editor", "admin"; "" when not an account, e.g. the command line), never
// its name.
StatusOr<std::string> ServedJson(store::Store& store, const store::AnswerRecord& record, int version);

// Allowed changes: submitted -> under_review; under_review -> approved | rejected | submitted;
// approved -> under_review; rejected -> under_review. Rejection needs a comment. Errors:
// kFailedPrecondition naming both statuses and what to do instead; kInvalidArgument for a
// rejection without a comment.
Status CheckTransition(store::ReviewStatus from, store::ReviewStatus to, const std::string& comment);

// Moves answer_id from expected to to (checked with CheckTransition); approving pins `version`
// (0 = the latest). Errors: kNotFound; kFailedPrecondition when the status moved meanwhile or the
// change is not allowed; kInvalidArgument for an unknown version.
StatusOr<store::AnswerRecord> SetReviewStatus(store::Store& store, const std::string& answer_id,
                                              store::ReviewStatus expected, store::ReviewStatus to, int version,
                                              const std::string& comment, const store::Actor& actor);

// An editor's edit of one version: which of its statements to keep, in which order, and which
// statement is the bottom line. Statements are named by position in the base version:
// "b" = its bottom line, "s<i>.<j>" = statement j of section i (0-based, sections in display order).
struct AnswerEdit {
  int base_version = 0;
  std::string bottom_line;  // a statement name; empty keeps the base's bottom line
  struct Section {
    std::string title;                    // must be a title of a base section
    std::vector<std::string> statements;  // statement names, in the new order; none = drop the section
  };
  std::vector<Section> sections;  // the new display order; base sections not listed are dropped
  std::string note;               // why (shown in the history)
};

// Parses {"base_version": n, "bottom_line": "s0.1", "sections": [{"title": "...", "statements":
// ["s0.0", ...]}], "note": "..."}. Errors: kInvalidArgument naming the field.
StatusOr<AnswerEdit> ParseAnswerEdit(std::string_view json);

// Applies edit to the base version's JSON: statements move whole (text, citations, evidence never
// change), references are renumbered by first use (bottom line, seek-care block, then sections in
// order; citations and evidence refs follow) and unused ones dropped, the algorithm summary
// (the numbered section) keeps a step that copies another statement only while that statement is
// still in the answer. A statement may move to another section; the seek-care block is kept.
// Errors: kInvalidArgument naming an unknown statement or section, a statement used twice, or an
// answer left with no statements.
StatusOr<std::string> ApplyEdit(const std::string& base_json, const AnswerEdit& edit);

// Stores an edit as a new version by actor.user (an approved or rejected answer goes back to
// under_review), at the base version's index revision. Errors: kNotFound; kFailedPrecondition when
// base_version is not the latest (someone edited meanwhile); kInvalidArgument for an actor without a
// user name; those of ApplyEdit.
StatusOr<store::AnswerRecord> EditAnswer(store::Store& store, const std::string& answer_id, const AnswerEdit& edit,
                                         const store::Actor& actor);

struct StalenessReport {
  size_t checked = 0;                                       // approved answers examined
  std::vector<std::pair<std::string, std::string>> stale;   // answer id, reason
};

// After an ingest that put or deleted changed_doc_ids: an approved answer becomes stale when a
// document it cites was deleted ("cited pmid:123 was deleted") or no longer has the statement's
// text at the recorded span ("cited pmid:123 changed at 120-260"), or when recomposing it on index
// (its audience, the question as retrieved) now quotes a statement of a document of changed_doc_ids
// that no version of the answer quoted, or cites such a document that none of its versions cited
// ("new evidence ngc:11288 would now be cited"; statements an editor removed are not new).
// Re-ingesting an identical document changes nothing. Flagged answers go back to submitted
// (Store::MarkStale by actor). Errors: those of the store, the index and ComposeAnswer.
StatusOr<StalenessReport> FlagStaleAnswers(store::Store& store, const Index& index,
                                           const std::vector<std::string>& changed_doc_ids,
                                           const store::Actor& actor);

}  // namespace medoracle::review
