// The engine behind the CLI and the server (include/medoracle/engine.h): index handles, the store,
// conversations and the served-answer cache.
#include "medoracle/engine.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <unordered_set>

#include <sodium.h>

#include "answer/composer.h"
#include "answer/render.h"
#include "engine/conversation.h"
#include "engine/index_pool.h"
#include "models/sentence_classifier.h"
#include "query/message.h"
#include "query/spelling.h"
#include "review/workflow.h"

namespace medoracle {
namespace {

using nlohmann::json;
using engine::ConversationStore;
using engine::IndexPool;
using engine::LruMap;
using engine::Turn;

// A served answer kept in memory, valid while the store's record is in the same state.
struct CachedAnswer {
  store::AnswerRecord record;
  nlohmann::json json;  // as served, with the first asker's question (replaced for each asker)
};

// True when nothing that the served JSON shows (status, versions, stale flag) changed between a and b.
bool SameState(const store::AnswerRecord& a, const store::AnswerRecord& b) {
  return a.status == b.status && a.latest_version == b.latest_version && a.approved_version == b.approved_version &&
         a.stale == b.stale && a.updated_at == b.updated_at;
}

bool Pinned(const store::AnswerRecord& r) {
  return r.status == store::ReviewStatus::kApproved && r.approved_version > 0 && !r.stale;
}

class EngineImpl : public Engine {
 public:
  explicit EngineImpl(const EngineOptions& options)
      : options_(options), cache_(options.max_answers), conversations_(options.max_conversations) {}

  Status Init() {
    if (options_.index_dir.empty()) options_.index_dir = DefaultIndexDir();
    if (options_.db_path.empty()) {
      const char* env = std::getenv("MEDORACLE_DB");
      options_.db_path = env != nullptr && *env != '\0' ? env : StoreBesideIndex(options_.index_dir);
    }
    if (Status s = pool_.Open(options_.index_dir, std::max<size_t>(1, options_.index_handles)); !s.ok()) return s;
    {
      auto lease = pool_.Acquire();
      auto stats = lease->Stats();
      if (!stats.ok()) return stats.status();
      stats_ = std::move(stats).value();
      index_revision_ = lease->GetMetadata("updated_at");
    }
    watch_checked_ = std::chrono::steady_clock::now();  // the handles were just opened
    // The question-domain model (docs/models.md); without it, questions naming no known concept
    // are judged by the evidence alone.
    if (auto domain = SentenceClassifier::Load(DefaultModelDir() + "/" + kQuestionDomainModel); domain.ok()) {
      domain_ = std::move(domain).value();
    }
    if (auto consumer = SentenceClassifier::Load(DefaultModelDir() + "/" + kQuestionConsumerModel); consumer.ok()) {
      consumer_ = std::move(consumer).value();
    }
    auto store = store::OpenStore(options_.db_path);
    if (store.ok()) {
      store_ = std::move(store).value();
    } else if (options_.answer_without_store) {
      store_problem_ = store.status().ToString();
      // Without the store its key is unknown: answers get ids under a key of this process (they can
      // be fetched by id from nowhere anyway).
      unsigned char key[32];
      if (sodium_init() < 0) return Status::Internal("libsodium failed to initialise");
      randombytes_buf(key, sizeof key);
      char hex[2 * sizeof key + 1];
      unstored_id_key_ = sodium_bin2hex(hex, sizeof hex, key, sizeof key);
    } else {
      return store.status();
    }
    return Status::Ok();
  }

  StatusOr<AskResult> Ask(const AskRequest& request) override {
    const auto started = std::chrono::steady_clock::now();
    if (request.question.find_first_not_of(" \t\r\n") == std::string::npos) {
      return Status::InvalidArgument("the question is empty");
    }
    if (request.audience != "clinician" && request.audience != "patient") {
      return Status::InvalidArgument("unknown audience \"" + request.audience + "\" (clinician or patient)");
    }
    AskResult result;
    result.conversation_id = request.conversation_id;
    if (result.conversation_id.empty() || result.conversation_id.size() > 64) {
      result.conversation_id = conversations_.NewId();
    }
    const std::string& conversation = result.conversation_id;
    // The previous turn: the store's when there is one, since several servers on one store each see
    // only some turns of a conversation in memory (one indexed read); memory otherwise.
    Turn previous;
    bool follows = false;
    if (!request.conversation_id.empty() && store_ != nullptr) {
      if (auto last = store_->LastTurn(conversation); last.ok()) {
        previous = Turn{last->first, last->second};
        follows = true;
      } else if (last.status().code() != Status::Code::kNotFound) {
        if (!options_.answer_without_store) return last.status();
        result.store_problem = last.status().ToString();
        follows = conversations_.Last(conversation, &previous);
      }
    } else {
      follows = conversations_.Last(conversation, &previous);
    }
    // A long message (context and several questions) is answered for its main question with the
    // focus it names around it; its other questions are offered to ask next.
    std::string question = request.question;
    json message;
    if (query::ReadsAsMessage(request.question)) {
      query::ReducedMessage reduced;
      {
        auto lease = pool_.Acquire();
        reduced = query::ReduceMessage(request.question, lease.Analyzer());
      }
      if (reduced.reduced && !reduced.searched_as.empty()) {
        message = {{"main_question", reduced.main_question},
                   {"other_questions", reduced.other_questions},
                   {"focus", reduced.focus},
                   {"bytes", request.question.size()}};
        question = reduced.searched_as;
      }
    }
    // The question as answered: its spelling corrected unless the asker wants it as typed.
    json spelling;
    if (!request.exact) {
      query::CorrectedQuestion corrected = CorrectSpelling(question);
      if (!corrected.corrections.empty()) {
        spelling = {{"original", question}, {"corrected", corrected.text}, {"corrections", json::array()}};
        for (const query::SpellingCorrection& c : corrected.corrections) {
          spelling["corrections"].push_back({{"from", c.from}, {"to", c.to}});
        }
        question = std::move(corrected.text);
      }
    }
    const Turn turn = FollowUp(follows ? &previous : nullptr, question);
    result.searched_as = turn.retrieval;
    const std::string key = review::QuestionKey(turn.retrieval, request.audience);
    AskOptions ask;
    ask.audience = request.audience;
    ask.deadline = started + options_.compose_time_limit;

    std::shared_ptr<const CachedAnswer> served;
    if (store_ != nullptr) {
      RefreshRevision();
      const std::string cache_key = key + "\n" + Revision();
      // One composition per question at a time: an asker of a question being composed waits for
      // that composition and is served it from the cache (without this, a burst of one question
      // composed it once per asker, each costing the CPU of a new answer).
      // A wait is for one composition at most: when it left nothing in the cache (it failed, or was
      // degraded by its deadline and so not kept), this asker composes without waiting again.
      std::optional<InFlight> flight;
      for (bool waited = false;;) {
        if (cache_.Get(cache_key, &served)) {
          auto record = store_->GetAnswer(served->record.id);  // one row: has a review action changed it?
          if (!record.ok() || !SameState(*record, served->record)) served.reset();
        }
        if (served != nullptr || waited) break;
        std::unique_lock<std::mutex> lock(flights_mu_);
        if (flights_.insert(cache_key).second) {
          flight.emplace(this, cache_key);  // this asker composes; the others wait for it
          break;
        }
        flights_cv_.wait(lock, [&] { return flights_.count(cache_key) == 0; });
        waited = true;
      }
      if (served == nullptr) {
        StatusOr<review::Served> answer = Status::Internal("not answered");
        {
          auto lease = pool_.Acquire();
          if (options_.keep_analyzers) ask.analyzer = lease.Analyzer();
          SetMedicalProbabilities(turn.retrieval, &ask);
          answer = review::AnswerQuestion(*store_, *lease, turn.question, turn.retrieval, ask, request.actor);
        }
        if (answer.ok()) {
          if (answer->composed) compositions_.fetch_add(1, std::memory_order_relaxed);
          auto fresh = std::make_shared<CachedAnswer>();
          fresh->record = answer->record;
          fresh->json = json::parse(answer->json, nullptr, false);
          if (fresh->json.is_discarded()) return Status::Internal("the stored answer is not valid JSON");
          served = fresh;
          if (!answer->degraded) cache_.Put(cache_key, served);
        } else if (!options_.answer_without_store ||
                   answer.status().code() == Status::Code::kInvalidArgument) {
          return answer.status();
        } else {
          result.store_problem = answer.status().ToString();  // compose without the store below
        }
      }
    }

    json j;
    if (served != nullptr) {
      if (Status s = store_->RecordTurn(conversation, turn.question, turn.retrieval, served->record.id); !s.ok()) {
        if (!options_.answer_without_store) return s;
        result.store_problem = s.ToString();
      }
      j = served->json;
      result.record = served->record;
      result.pinned = Pinned(served->record);
    } else {
      // Not stored: the same id and JSON as a first composition in the store, without its version.
      StatusOr<Answer> answer = Status::Internal("not answered");
      {
        auto lease = pool_.Acquire();
        ask.analyzer = options_.keep_analyzers ? lease.Analyzer() : nullptr;
        SetMedicalProbabilities(turn.retrieval, &ask);
        answer = ComposeAnswer(*lease, turn.retrieval, ask);
      }
      if (!answer.ok()) return answer.status();
      j = AnswerToJson(*answer);
      j["id"] = review::AnswerIdFor(key, unstored_id_key_);
      result.stored = false;
      if (result.store_problem.empty()) result.store_problem = store_problem_;
    }
    conversations_.Record(conversation, turn);
    result.answer_id = j.value("id", "");
    j["question"] = turn.question;
    if (spelling.is_null()) {
      j.erase("spelling");
    } else {
      j["spelling"] = std::move(spelling);
    }
    if (message.is_null()) {
      j.erase("message");
    } else {
      j["message"] = std::move(message);
    }
    // A follow-up with nothing to follow is answered as a new question, and says so.
    if (!follows && engine::ReadsAsFollowUp(request.question)) {
      j["follow_up_without_conversation"] = true;
    } else {
      j.erase("follow_up_without_conversation");
    }
    if (turn.retrieval != turn.question) {
      j["searched_as"] = turn.retrieval;
    } else {
      j.erase("searched_as");
    }
    j["conversation_id"] = conversation;
    result.json = std::move(j);
    return result;
  }

  StatusOr<std::string> AnswerJson(const std::string& answer_id) override {
    if (store_ == nullptr) return Status::FailedPrecondition("no application store: " + store_problem_);
    auto record = store_->GetAnswer(answer_id);
    if (!record.ok()) return record.status();
    return review::ServedJson(*store_, *record, Pinned(*record) ? record->approved_version : record->latest_version);
  }

  StatusOr<std::vector<PassageHit>> Search(const std::string& query, const SearchOptions& options) override {
    auto lease = pool_.Acquire();
    return lease->Search(query, options);
  }

  StatusOr<Document> Show(const std::string& doc_id) override {
    auto lease = pool_.Acquire();
    return lease->Fetch(doc_id);
  }

  IndexStats index_stats() override {
    RefreshRevision();
    std::lock_guard<std::mutex> lock(revision_mu_);
    return stats_;
  }
  size_t cached_answers() const override { return cache_.size(); }
  uint64_t compositions() const override { return compositions_.load(std::memory_order_relaxed); }
  size_t conversations() const override { return conversations_.size(); }
  store::Store* store() override { return store_.get(); }
  const std::string& store_problem() const override { return store_problem_; }

 private:
  // The index's updated_at as last seen by a handle that caught up with a commit.
  std::string Revision() {
    std::lock_guard<std::mutex> lock(revision_mu_);
    return index_revision_;
  }

  // Notices an ingest by another process, at most once a second and without waiting for a leased
  // index handle (answers served from the cache must not queue behind compositions). The watch
  // handle is opened on first use, so a short-lived engine (one CLI question) never opens it.
  void RefreshRevision() {
    std::unique_lock<std::mutex> lock(watch_mu_, std::try_to_lock);
    if (!lock.owns_lock()) return;
    const auto now = std::chrono::steady_clock::now();
    if (now - watch_checked_ < std::chrono::seconds(1)) return;
    watch_checked_ = now;
    if (watch_ == nullptr) {
      auto watch = OpenIndex(options_.index_dir, Index::Mode::kReadOnly);
      if (!watch.ok()) return;
      watch_ = std::move(watch).value();
      if (watch_->GetMetadata("updated_at") != Revision()) NoteNewRevision(*watch_);
      return;
    }
    if (auto changed = watch_->Reopen(); changed.ok() && *changed) NoteNewRevision(*watch_);
  }

  // The question with its unknown words corrected (query::SpellingCorrector), or as it is when the
  // corrector cannot be built. One corrector per index revision, shared by every handle and
  // built on first need: by an engine keeping analyzers, on the first question; otherwise only
  // for a question with a word the index lacks (one term lookup per word decides), so a
  // one-question process pays nothing for a question spelled right.
  query::CorrectedQuestion CorrectSpelling(const std::string& question) {
    RefreshRevision();
    const std::string revision = Revision();
    std::shared_ptr<const query::SpellingCorrector> speller;
    {
      std::lock_guard<std::mutex> lock(speller_mu_);  // held while building: others wait once
      if (speller_ == nullptr || speller_revision_ != revision) {
        auto lease = pool_.Acquire();
        if (!options_.keep_analyzers) {
          auto may = query::MayNeedCorrection(*lease, question);
          if (!may.ok() || !*may) return {question, {}};
        }
        auto built = std::make_shared<query::SpellingCorrector>();
        if (!built->LoadFromIndex(*lease).ok()) return {question, {}};
        speller_ = std::move(built);
        speller_revision_ = revision;
      }
      speller = speller_;
    }
    return speller->Correct(question);
  }

  void NoteNewRevision(const Index& index) {
    auto stats = index.Stats();
    std::lock_guard<std::mutex> lock(revision_mu_);
    index_revision_ = index.GetMetadata("updated_at");
    if (stats.ok()) stats_ = std::move(stats).value();
  }

  // The question-domain models' probabilities that question is medical; -1 without a model.
  void SetMedicalProbabilities(const std::string& question, AskOptions* ask) const {
    ask->medical_probability = domain_ == nullptr ? -1 : domain_->ProbabilityOf(question, "medical");
    ask->consumer_medical_probability = consumer_ == nullptr ? -1 : consumer_->ProbabilityOf(question, "medical");
  }

  EngineOptions options_;
  std::unique_ptr<SentenceClassifier> domain_;    // null when the model could not be loaded
  std::unique_ptr<SentenceClassifier> consumer_;  // the second question-domain model; null likewise
  IndexPool pool_;
  std::unique_ptr<store::Store> store_;
  std::string store_problem_;
  // The answer-id key without a store (random, this process only).
  std::string unstored_id_key_;
  LruMap<std::shared_ptr<const CachedAnswer>> cache_;  // question key + revision -> answer
  // Cache keys being composed (by one asker each); flights_cv_ is notified when one finishes.
  std::mutex flights_mu_;
  std::condition_variable flights_cv_;
  std::unordered_set<std::string> flights_;  // guarded by flights_mu_
  std::atomic<uint64_t> compositions_{0};    // answers composed through the store (Served::composed)
  // Marks a cache key as being composed for its lifetime; ends the flight and wakes the waiters.
  class InFlight {
   public:
    InFlight(EngineImpl* engine, std::string key) : engine_(engine), key_(std::move(key)) {}
    InFlight(const InFlight&) = delete;
    InFlight& operator=(const InFlight&) = delete;
    ~InFlight() {
      {
        std::lock_guard<std::mutex> lock(engine_->flights_mu_);
        engine_->flights_.erase(key_);
      }
      engine_->flights_cv_.notify_all();
    }

   private:
    EngineImpl* const engine_;
    const std::string key_;
  };
  ConversationStore conversations_;

  std::mutex watch_mu_;
  std::unique_ptr<Index> watch_;  // a handle only for noticing new revisions; guarded by watch_mu_
  std::chrono::steady_clock::time_point watch_checked_;  // guarded by watch_mu_
  std::mutex speller_mu_;
  std::shared_ptr<const query::SpellingCorrector> speller_;  // guarded by speller_mu_
  std::string speller_revision_;                             // guarded by speller_mu_
  std::mutex revision_mu_;
  std::string index_revision_;  // guarded by revision_mu_
  IndexStats stats_;            // guarded by revision_mu_
};

}  // namespace

std::string DefaultIndexDir() {
  if (const char* env = std::getenv("MEDORACLE_INDEX"); env != nullptr && *env != '\0') return env;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg != nullptr && *xdg != '\0') {
    return std::string(xdg) + "/medoracle/index";
  }
  const char* home = std::getenv("HOME");
  return std::string(home != nullptr ? home : ".") + "/.local/share/medoracle/index";
}

std::string StoreBesideIndex(const std::string& index_dir) {
  std::string path = index_dir;
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path + ".db";
}

StatusOr<std::unique_ptr<Engine>> Engine::Open(const EngineOptions& options) {
  auto engine = std::make_unique<EngineImpl>(options);
  if (Status s = engine->Init(); !s.ok()) return s;
  return std::unique_ptr<Engine>(std::move(engine));
}


}  // namespace medoracle
