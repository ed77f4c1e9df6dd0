// The medoracle engine: the one object behind every surface (the CLI, the HTTP server) that answers
// questions through the application store, carries conversations, searches and shows documents.
#pragma once

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "answer/answer.h"
#include "index/index.h"
#include "medoracle/status.h"
#include "store/store.h"

namespace medoracle {

struct EngineOptions {
  std::string index_dir;  // empty: DefaultIndexDir()
  std::string db_path;    // the application store (a file, or a postgresql:// URL: store::OpenStore);
                          // empty: $MEDORACLE_DB, else StoreBesideIndex(index_dir)
  // Read-only index handles: how many Ask / Search / Show calls run at once (more wait for a
  // handle).
  size_t index_handles = 1;
  size_t max_answers = 10000;        // served answers kept in memory in front of the store
  size_t max_conversations = 10000;  // conversations' last turns kept in memory (the store keeps all)
  // Keep a query analyzer (the index's vocabularies) per index handle and lend it to every
  // composition, as a long-lived engine such as the server should: loading one costs about 0.2 s on
  // the full shared data. Off, the composer loads one per call when it needs one, which costs a
  // process that answers one question (the CLI) no more and spares it when the question needs none.
  bool keep_analyzers = true;
  // When the store cannot be opened, or a write to it fails, answer anyway: composed, not stored
  // (AskResult::stored false, AskResult::store_problem says why). Otherwise that is an error.
  bool answer_without_store = false;
  // The longest a composition goes on (AskOptions::deadline, counted from the start of Ask): past it
  // the answer degrades (fewer sources read, no related questions; "degraded": true in its JSON),
  // it never hangs. A degraded answer is served, not stored or cached, so the next asker gets a
  // full composition. Compositions take tens of milliseconds (docs/benchmarks.md); the default
  // leaves room for a loaded machine and still answers before the server's 10 s timeouts.
  std::chrono::milliseconds compose_time_limit{5000};
};

// Where the index lives by default: $MEDORACLE_INDEX, else $XDG_DATA_HOME/medoracle/index, else
// ~/.local/share/medoracle/index.
std::string DefaultIndexDir();

// The store beside an index: the index folder's path (without trailing slashes) with ".db" appended.
std::string StoreBesideIndex(const std::string& index_dir);

// One question to answer.
struct AskRequest {
  std::string question;
  std::string audience = "clinician";  // "clinician" or "patient"
  // A conversation to continue (its previous turn's focus is carried into this question); empty,
  // or longer than 64 bytes: a new conversation. An unknown id starts a conversation with that id.
  std::string conversation_id;
  store::Actor actor;  // who asks, for the audit log of a newly stored answer
  // Search the question exactly as typed. Otherwise words the index does not know are corrected
  // first (src/query/spelling.h) and the answer, composed for the corrected question, says so in
  // its "spelling" block ("search instead for" the original sets this).
  bool exact = false;
};

// The answer as served.
struct AskResult {
  // The answer JSON (docs/answer-json.md) as served: "id", "version" and the "review" block of the
  // store's record, the asker's "question" (spelling corrected), "spelling" when a word was
  // corrected, "searched_as" for a follow-up, and "conversation_id".
  nlohmann::json json;
  std::string answer_id;        // AnswerIdFor(QuestionKey(searched_as, audience), store key): stable
  std::string conversation_id;  // the request's, or a new one (32 hex digits)
  std::string searched_as;      // the retrieval text: the question with the carried focus
  bool pinned = false;          // the editors' approved version was served
  bool stored = true;           // false: composed without the store (answer_without_store)
  std::string store_problem;    // when !stored, or when the turn could not be recorded: why
  store::AnswerRecord record;   // the store's record (empty when !stored)
};

class Engine {
 public:
  // Opens options.index_handles read-only handles on the index and the application store (created
  // when absent). Errors: those of OpenIndex (kNotFound when there is no index); those of
  // store::OpenStore, unless options.answer_without_store (then store() is null and
  // store_problem() says why).
  static StatusOr<std::unique_ptr<Engine>> Open(const EngineOptions& options);
  virtual ~Engine() = default;

  // Answers request through the store, its spelling corrected first unless request.exact (the
  // corrected question then stands for the question: its id, its stored answer): the approved
  // version when editors approved the answer and it is not stale (pinned); else the latest version
  // when it was composed at the index's current revision; else a new composition, stored as a new
  // version (review::AnswerQuestion). A follow-up
  // carries the focus of the conversation's previous turn (kept in memory and in the store); every
  // turn is recorded. Served JSON is cached in memory per question key and index revision while
  // the store's record is unchanged. Thread-safe; calls run in parallel up to index_handles.
  // Errors: kInvalidArgument for an empty question or an unknown audience; those of ComposeAnswer;
  // those of the store unless answer_without_store.
  virtual StatusOr<AskResult> Ask(const AskRequest& request) = 0;

  // What a new asker of answer_id is served, as JSON text (without question-specific fields of an
  // asker): the approved version when pinned, else the latest, with "id", "version" and "review".
  // Errors: kNotFound for an unknown id; kFailedPrecondition without a store; those of the store.
  virtual StatusOr<std::string> AnswerJson(const std::string& answer_id) = 0;

  // Ranked passages for query (Index::Search on a leased handle). Errors: those of the index.
  virtual StatusOr<std::vector<PassageHit>> Search(const std::string& query, const SearchOptions& options) = 0;

  // The stored document doc_id. Errors: kNotFound for an unknown id; those of the index.
  virtual StatusOr<Document> Show(const std::string& doc_id) = 0;

  // Index statistics as of the latest revision the engine noticed (checked at most once a second).
  virtual IndexStats index_stats() = 0;
  virtual size_t cached_answers() const = 0;
  // Answers composed through the store since Open (a question asked by several at once is
  // composed once: the others wait for it and are served it).
  virtual uint64_t compositions() const = 0;
  virtual size_t conversations() const = 0;

  // The application store (thread-safe), for the review workflow and accounts; null when the
  // engine runs without one (answer_without_store and it could not be opened).
  virtual store::Store* store() = 0;
  // Why the store could not be opened ("" when it was).
  virtual const std::string& store_problem() const = 0;
};

}  // namespace medoracle
