// The medoracle web server on cpp-httplib: routes, security headers, limits, metrics, and answers
// through the review workflow's store with an in-memory cache in front.
#include "server/server.h"

#include <httplib.h>

#include <array>
#include <chrono>
#include <condition_variable>
#include <ctime>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <tuple>
#include <vector>

#include "answer/composer.h"
#include "auth/credentials.h"
#include "index/index.h"
#include "query/analyzer.h"
#include "review/workflow.h"
#include "server/api.h"
#include "server/review_api.h"
#include "server/stores.h"
#include "store/store.h"

namespace medoracle::server {
namespace {

constexpr char kJson[] = "application/json; charset=utf-8";

// Read-only index handles, one per worker: a Xapian database must not be shared by threads.
class IndexPool {
 public:
  class Lease {
   public:
    Lease(IndexPool* pool, Index* index) : pool_(pool), index_(index) {}
    Lease(const Lease&) = delete;
    ~Lease() { pool_->Release(index_); }
    const Index& operator*() const { return *index_; }
    // This handle's query analyzer (layperson vocabulary for the patient audience), loaded on
    // first use and again after the handle caught up with a new revision; null if loading failed.
    const query::QueryAnalyzer* Analyzer() { return pool_->AnalyzerFor(index_); }

   private:
    IndexPool* pool_;
    Index* index_;
  };

  Status Open(const std::string& dir, size_t n) {
    for (size_t i = 0; i < n; ++i) {
      auto index = OpenIndex(dir, Index::Mode::kReadOnly);
      if (!index.ok()) return index.status();
      free_.push_back(index->get());
      owned_.push_back(std::move(index).value());
    }
    return Status::Ok();
  }

  // A handle for this thread, caught up with commits of other processes (an ingest while serving;
  // checking costs one small file read).
  Lease Acquire() {
    Index* index = nullptr;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [this] { return !free_.empty(); });
      index = free_.back();
      free_.pop_back();
    }
    if (auto changed = index->Reopen(); changed.ok() && *changed) {
      std::lock_guard<std::mutex> lock(mu_);
      analyzers_.erase(index);  // the vocabulary may have changed
    }
    return Lease(this, index);
  }

 private:
  void Release(Index* index) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      free_.push_back(index);
    }
    cv_.notify_one();
  }

  std::vector<std::unique_ptr<Index>> owned_;
  std::vector<Index*> free_;

  // Called only by the lease holder of index, so loading needs no lock beyond the map's.
  const query::QueryAnalyzer* AnalyzerFor(Index* index) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      auto it = analyzers_.find(index);
      if (it != analyzers_.end()) return it->second.get();
    }
    auto analyzer = std::make_shared<query::QueryAnalyzer>();
    if (!analyzer->LoadFromIndex(*index).ok()) return nullptr;
    std::lock_guard<std::mutex> lock(mu_);
    analyzers_[index] = analyzer;
    return analyzer.get();
  }
  std::map<Index*, std::shared_ptr<query::QueryAnalyzer>> analyzers_;  // guarded by mu_
  std::mutex mu_;
  std::condition_variable cv_;
};

// Request counts by route and status, and a latency histogram by route (Prometheus text).
class Metrics {
 public:
  static constexpr std::array<double, 11> kBuckets = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                                      0.5,   1,    2.5,   5,    10};

  void Record(const std::string& route, int status, double seconds) {
    std::lock_guard<std::mutex> lock(mu_);
    ++requests_[{route, status}];
    Histogram& h = latency_[route];
    for (size_t i = 0; i < kBuckets.size(); ++i) h.buckets[i] += seconds <= kBuckets[i];
    ++h.count;
    h.sum += seconds;
  }

  std::string Render(const IndexStats& stats, size_t answers, size_t conversations) const {
    std::ostringstream out;
    out << "# HELP medoracle_requests_total HTTP requests by route and status.\n"
           "# TYPE medoracle_requests_total counter\n";
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [key, n] : requests_) {
      out << "medoracle_requests_total{route=\"" << key.first << "\",status=\"" << key.second << "\"} " << n << "\n";
    }
    out << "# HELP medoracle_request_duration_seconds Time to handle a request, by route.\n"
           "# TYPE medoracle_request_duration_seconds histogram\n";
    for (const auto& [route, h] : latency_) {
      for (size_t i = 0; i < kBuckets.size(); ++i) {
        out << "medoracle_request_duration_seconds_bucket{route=\"" << route << "\",le=\"" << kBuckets[i] << "\"} "
            << h.buckets[i] << "\n";
      }
      out << "medoracle_request_duration_seconds_bucket{route=\"" << route << "\",le=\"+Inf\"} " << h.count << "\n"
          << "medoracle_request_duration_seconds_sum{route=\"" << route << "\"} " << h.sum << "\n"
          << "medoracle_request_duration_seconds_count{route=\"" << route << "\"} " << h.count << "\n";
    }
    out << "# HELP medoracle_index_documents Documents in the index.\n# TYPE medoracle_index_documents gauge\n"
        << "medoracle_index_documents " << stats.documents << "\n"
        << "# HELP medoracle_index_passages Passages in the index.\n# TYPE medoracle_index_passages gauge\n"
        << "medoracle_index_passages " << stats.passages << "\n"
        << "# HELP medoracle_answers_cached Answers kept in memory.\n# TYPE medoracle_answers_cached gauge\n"
        << "medoracle_answers_cached " << answers << "\n"
        << "# HELP medoracle_conversations Conversations kept in memory.\n"
        << "# TYPE medoracle_conversations gauge\nmedoracle_conversations " << conversations << "\n";
    return out.str();
  }

 private:
  struct Histogram {
    std::array<uint64_t, kBuckets.size()> buckets{};
    uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mu_;
  std::map<std::pair<std::string, int>, uint64_t> requests_;
  std::map<std::string, Histogram> latency_;
};

// A served answer kept in memory, valid while the store's record is in the same state.
struct CachedAnswer {
  store::AnswerRecord record;
  nlohmann::json json;  // as served, without the asker's question and conversation
};

// True when nothing that the served JSON shows (status, versions, stale flag) changed between a and b.
bool SameState(const store::AnswerRecord& a, const store::AnswerRecord& b) {
  return a.status == b.status && a.latest_version == b.latest_version && a.approved_version == b.approved_version &&
         a.stale == b.stale && a.updated_at == b.updated_at;
}

bool Pinned(const store::AnswerRecord& r) {
  return r.status == store::ReviewStatus::kApproved && r.approved_version > 0 && !r.stale;
}

class HttpServer : public Server {
 public:
  explicit HttpServer(const ServerOptions& options)
      : options_(options), cache_(options.max_answers), conversations_(options.max_conversations) {}

  Status Init() {
    if (Status s = pool_.Open(options_.index_dir, std::max<size_t>(1, options_.threads)); !s.ok()) return s;
    auto watch = OpenIndex(options_.index_dir, Index::Mode::kReadOnly);
    if (!watch.ok()) return watch.status();
    watch_ = std::move(watch).value();
    {
      auto lease = pool_.Acquire();
      auto stats = (*lease).Stats();
      if (!stats.ok()) return stats.status();
      stats_ = std::move(stats).value();
      index_revision_ = (*lease).GetMetadata("updated_at");
    }
    std::string db_path = options_.db_path;
    if (db_path.empty()) {
      db_path = options_.index_dir;
      while (db_path.size() > 1 && db_path.back() == '/') db_path.pop_back();
      db_path += ".db";
    }
    auto store = store::OpenSqliteStore(db_path);
    if (!store.ok()) return store.status();
    store_ = std::move(store).value();
    review_api_ = std::make_unique<ReviewApi>(*store_, options_.secure_cookies);
    for (const auto& [name, type, required] :
         {std::tuple{"index.html", "text/html; charset=utf-8", true},
          std::tuple{"app.js", "text/javascript; charset=utf-8", true},
          std::tuple{"style.css", "text/css; charset=utf-8", true},
          std::tuple{"review.html", "text/html; charset=utf-8", false},
          std::tuple{"review.js", "text/javascript; charset=utf-8", false},
          std::tuple{"review.css", "text/css; charset=utf-8", false}}) {
      std::ifstream in(options_.web_dir + "/" + name, std::ios::binary);
      if (!in) {
        if (!required) continue;  // the reviewer page is optional: 404 until it exists
        return Status::NotFound("page file " + options_.web_dir + "/" + name + " is missing (see --web)");
      }
      std::ostringstream content;
      content << in.rdbuf();
      files_[std::string("/") + name] = {content.str(), type};
    }
    Configure();
    port_ = options_.port == 0 ? http_.bind_to_any_port(options_.host)
                               : (http_.bind_to_port(options_.host, options_.port) ? options_.port : -1);
    if (port_ <= 0) {
      return Status::IoError("cannot listen on " + options_.host + ":" + std::to_string(options_.port));
    }
    return Status::Ok();
  }

  int port() const override { return port_; }
  void Run() override { http_.listen_after_bind(); }
  void Stop() override { http_.stop(); }

 private:
  // Wraps a handler so its requests are counted and timed under route.
  Handler Timed(std::string route, Handler handler) {
    return [this, route = std::move(route), handler = std::move(handler)](const httplib::Request& req,
                                                                          httplib::Response& res) {
      const auto start = std::chrono::steady_clock::now();
      handler(req, res);
      const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
      metrics_.Record(route, res.status == -1 ? 200 : res.status, took.count());
    };
  }

  static void Error(httplib::Response& res, int status, std::string_view message) {
    res.status = status;
    res.set_content(ErrorBody(status, message), kJson);
  }

  void Configure() {
    const size_t threads = std::max<size_t>(1, options_.threads);
    http_.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    http_.set_payload_max_length(options_.max_body_bytes);
    http_.set_read_timeout(options_.io_timeout_seconds, 0);
    http_.set_write_timeout(options_.io_timeout_seconds, 0);
    http_.set_keep_alive_timeout(5);
    http_.set_tcp_nodelay(true);  // small JSON replies: no 40 ms wait for a delayed ACK
    http_.set_default_headers({
        {"Content-Security-Policy",
         "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
         "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"},
        {"X-Content-Type-Options", "nosniff"},
        {"X-Frame-Options", "DENY"},
        {"Referrer-Policy", "no-referrer"},
        {"Cross-Origin-Opener-Policy", "same-origin"},
        {"Cross-Origin-Resource-Policy", "same-origin"},
        {"Permissions-Policy", "camera=(), microphone=(), geolocation=()"},
        {"Cache-Control", "no-store"},
    });
    http_.set_error_handler([this](const httplib::Request& req, httplib::Response& res) {
      if (!res.body.empty()) return;  // a handler's own error body
      metrics_.Record("other", res.status, 0);
      const char* what = res.status == 404   ? "no such page or API route"
                         : res.status == 413 ? "the request body is too large"
                                             : "the request could not be handled";
      res.set_content(ErrorBody(res.status, what), kJson);
    });
    http_.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
      Error(res, 500, "internal error");
    });

    auto page = [this](const httplib::Request&, httplib::Response& res) { Static("/index.html", res); };
    http_.Get("/", Timed("page", page));
    http_.Get("/index.html", Timed("page", page));
    http_.Get("/review", Timed("page", [this](const auto&, auto& res) { Static("/review.html", res); }));
    for (const char* file : {"/app.js", "/style.css", "/review.js", "/review.css"}) {
      http_.Get(file, Timed("static", [this, file](const auto&, auto& res) { Static(file, res); }));
    }
    http_.Get("/favicon.ico", Timed("static", [](const auto&, auto& res) { res.status = 204; }));
    http_.Get(R"(/a/([^/]+))", Timed("share", [this](const httplib::Request& req, httplib::Response& res) {
                Static("/index.html", res);
                if (!ValidAnswerId(req.matches[1].str())) {
                  res.status = 404;
                } else if (auto record = store_->GetAnswer(req.matches[1]); !record.ok()) {
                  res.status = HttpStatusFor(record.status());
                }
              }));
    http_.Post("/api/ask", Timed("ask", [this](const auto& req, auto& res) { Ask(req, res); }));
    http_.Get(R"(/api/answers/([^/]+))",
              Timed("answer", [this](const httplib::Request& req, httplib::Response& res) {
                GetAnswer(req.matches[1], res);
              }));
    http_.Get("/api/health", Timed("health", [this](const auto&, auto& res) {
                const IndexStats stats = CurrentStats();
                nlohmann::json j = {{"status", "ok"},
                                    {"documents", stats.documents},
                                    {"passages", stats.passages},
                                    {"answers_cached", cache_.size()}};
                res.set_content(j.dump(), kJson);
              }));
    http_.Get("/metrics", Timed("metrics", [this](const auto&, auto& res) {
                res.set_content(metrics_.Render(CurrentStats(), cache_.size(), conversations_.size()),
                                "text/plain; version=0.0.4; charset=utf-8");
              }));
    review_api_->Register(http_, [this](std::string route, Handler handler) {
      return Timed(std::move(route), std::move(handler));
    });
  }

  // Serves a loaded page file; 404 when it was not there at start.
  void Static(const std::string& name, httplib::Response& res) const {
    auto it = files_.find(name);
    if (it == files_.end()) return Error(res, 404, "no such page: " + name.substr(1) + " is not installed");
    res.set_content(it->second.first, it->second.second);
  }

  // What a new asker of answer id gets: the approved version when pinned, else the latest.
  void GetAnswer(const std::string& id, httplib::Response& res) {
    if (!ValidAnswerId(id)) return Error(res, 404, "no answer with id \"" + id.substr(0, 64) + "\"");
    auto record = store_->GetAnswer(id);
    if (!record.ok()) {
      const int status = HttpStatusFor(record.status());
      return Error(res, status,
                   status == 404 ? "no answer with id \"" + id + "\"" : record.status().message());
    }
    auto json = review::ServedJson(*store_, *record,
                                   Pinned(*record) ? record->approved_version : record->latest_version);
    if (!json.ok()) return Error(res, HttpStatusFor(json.status()), json.status().message());
    res.set_content(EscapeMarkup(*json), kJson);
  }

  // The caller for the audit log: the logged-in user when the request carries valid credentials.
  store::Actor AskingActor(const httplib::Request& req) {
    store::Actor actor{"", req.remote_addr};
    const std::string bearer = BearerTokenOf(req), secret = SessionSecretOf(req);
    if (bearer.empty() && secret.empty()) return actor;
    auto who = auth::Authenticate(*store_, secret, bearer, static_cast<int64_t>(std::time(nullptr)));
    if (who.ok()) actor.user = who->user.name;
    return actor;
  }

  // Answers through the store (pinned approved answers, reuse at the same index revision), with
  // the served JSON cached in memory while the record's state is unchanged.
  void Ask(const httplib::Request& req, httplib::Response& res) {
    auto request = ParseAskRequest(req.body, options_.max_question_bytes);
    if (!request.ok()) return Error(res, HttpStatusFor(request.status()), request.status().message());
    std::string conversation = request->conversation_id;
    if (conversation.empty() || conversation.size() > 64) conversation = conversations_.NewId();
    Turn previous;
    bool follows = conversations_.Last(conversation, &previous);
    if (!follows && !request->conversation_id.empty()) {
      if (auto last = store_->LastTurn(conversation); last.ok()) {
        previous = Turn{last->first, last->second};
        follows = true;
      } else if (last.status().code() != Status::Code::kNotFound) {
        return Error(res, HttpStatusFor(last.status()), last.status().message());
      }
    }
    const Turn turn = FollowUp(follows ? &previous : nullptr, request->question);
    RefreshRevision();
    const std::string cache_key = review::QuestionKey(turn.retrieval, request->audience) + "\n" + Revision();

    std::shared_ptr<const CachedAnswer> served;
    if (cache_.Get(cache_key, &served)) {
      auto record = store_->GetAnswer(served->record.id);  // one row: has a review action changed it?
      if (!record.ok() || !SameState(*record, served->record)) served.reset();
    }
    if (served == nullptr) {
      AskOptions ask;
      ask.audience = request->audience;
      const store::Actor actor = AskingActor(req);
      StatusOr<review::Served> answer = Status::Internal("not answered");
      {
        auto lease = pool_.Acquire();
        if (ask.audience == "patient") ask.analyzer = lease.Analyzer();
        answer = review::AnswerQuestion(*store_, *lease, turn.question, turn.retrieval, ask, actor);
      }
      if (!answer.ok()) return Error(res, HttpStatusFor(answer.status()), answer.status().message());
      auto fresh = std::make_shared<CachedAnswer>();
      fresh->record = answer->record;
      fresh->json = nlohmann::json::parse(answer->json, nullptr, false);
      if (fresh->json.is_discarded()) return Error(res, 500, "the stored answer is not valid JSON");
      served = fresh;
      cache_.Put(cache_key, served);
    }
    if (Status s = store_->RecordTurn(conversation, turn.question, turn.retrieval, served->record.id);
        !s.ok()) {
      return Error(res, HttpStatusFor(s), s.message());
    }
    conversations_.Record(conversation, turn);
    nlohmann::json j = served->json;
    j["question"] = turn.question;
    if (turn.retrieval != turn.question) {
      j["searched_as"] = turn.retrieval;
    } else {
      j.erase("searched_as");
    }
    j["conversation_id"] = conversation;
    res.set_content(ServeJson(j), kJson);
  }

  const ServerOptions options_;
  IndexPool pool_;
  IndexStats stats_;
  // The index's updated_at as last seen by a handle that caught up with a commit.
  std::string Revision() {
    std::lock_guard<std::mutex> lock(revision_mu_);
    return index_revision_;
  }
  // Notices an ingest by another process, at most once a second and without waiting for a worker's
  // index handle (answers served from the cache must not queue behind compositions).
  void RefreshRevision() {
    std::unique_lock<std::mutex> lock(watch_mu_, std::try_to_lock);
    if (!lock.owns_lock()) return;
    const auto now = std::chrono::steady_clock::now();
    if (now - watch_checked_ < std::chrono::seconds(1)) return;
    watch_checked_ = now;
    if (auto changed = watch_->Reopen(); changed.ok() && *changed) NoteNewRevision(*watch_);
  }

  IndexStats CurrentStats() {
    std::lock_guard<std::mutex> lock(revision_mu_);
    return stats_;
  }
  void NoteNewRevision(const Index& index) {
    auto stats = index.Stats();
    std::lock_guard<std::mutex> lock(revision_mu_);
    index_revision_ = index.GetMetadata("updated_at");
    if (stats.ok()) stats_ = std::move(stats).value();
  }

  std::unique_ptr<Index> watch_;  // a handle only for noticing new revisions; guarded by watch_mu_
  std::mutex watch_mu_;
  std::chrono::steady_clock::time_point watch_checked_;
  std::mutex revision_mu_;
  std::string index_revision_;  // guarded by revision_mu_
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<ReviewApi> review_api_;
  std::map<std::string, std::pair<std::string, std::string>> files_;  // path -> content, type
  LruMap<std::shared_ptr<const CachedAnswer>> cache_;                 // question key + revision -> answer
  ConversationStore conversations_;
  Metrics metrics_;
  httplib::Server http_;  // last: stopped and destroyed before what its handlers use
  int port_ = -1;
};

}  // namespace

StatusOr<std::unique_ptr<Server>> Server::Start(const ServerOptions& options) {
  auto server = std::make_unique<HttpServer>(options);
  if (Status s = server->Init(); !s.ok()) return s;
  return std::unique_ptr<Server>(std::move(server));
}

}  // namespace medoracle::server
