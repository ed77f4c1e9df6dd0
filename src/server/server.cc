// The medoracle web server on cpp-httplib: routes, security headers, limits, metrics.
#include "server/server.h"

#include <httplib.h>

#include <array>
#include <chrono>
#include <condition_variable>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

#include "answer/composer.h"
#include "answer/render.h"
#include "index/index.h"
#include "server/api.h"
#include "server/stores.h"

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

  Lease Acquire() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [this] { return !free_.empty(); });
    Index* index = free_.back();
    free_.pop_back();
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

bool ValidAnswerId(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

class HttpServer : public Server {
 public:
  explicit HttpServer(const ServerOptions& options)
      : options_(options), answers_(options.max_answers), conversations_(options.max_conversations) {}

  Status Init() {
    if (Status s = pool_.Open(options_.index_dir, std::max<size_t>(1, options_.threads)); !s.ok()) return s;
    {
      auto lease = pool_.Acquire();
      auto stats = (*lease).Stats();
      if (!stats.ok()) return stats.status();
      stats_ = std::move(stats).value();
    }
    for (const auto& [name, type] : {std::pair{"index.html", "text/html; charset=utf-8"},
                                     std::pair{"app.js", "text/javascript; charset=utf-8"},
                                     std::pair{"style.css", "text/css; charset=utf-8"}}) {
      std::ifstream in(options_.web_dir + "/" + name, std::ios::binary);
      if (!in) return Status::NotFound("page file " + options_.web_dir + "/" + name + " is missing (see --web)");
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
  using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;

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
    http_.Get("/app.js", Timed("static", [this](const auto&, auto& res) { Static("/app.js", res); }));
    http_.Get("/style.css", Timed("static", [this](const auto&, auto& res) { Static("/style.css", res); }));
    http_.Get("/favicon.ico", Timed("static", [](const auto&, auto& res) { res.status = 204; }));
    http_.Get(R"(/a/([^/]+))", Timed("share", [this](const httplib::Request& req, httplib::Response& res) {
                Static("/index.html", res);
                std::shared_ptr<const std::string> json;
                if (!ValidAnswerId(req.matches[1]) || !answers_.Get(req.matches[1], &json)) res.status = 404;
              }));
    http_.Post("/api/ask", Timed("ask", [this](const auto& req, auto& res) { Ask(req, res); }));
    http_.Get(R"(/api/answers/([^/]+))", Timed("answer", [this](const httplib::Request& req, httplib::Response& res) {
                std::shared_ptr<const std::string> json;
                if (!ValidAnswerId(req.matches[1]) || !answers_.Get(req.matches[1], &json)) {
                  return Error(res, 404, "no answer with id \"" + std::string(req.matches[1]).substr(0, 64) +
                                             "\" (answers are kept in memory until the server restarts)");
                }
                res.set_content(*json, kJson);
              }));
    http_.Get("/api/health", Timed("health", [this](const auto&, auto& res) {
                nlohmann::json j = {{"status", "ok"},
                                    {"documents", stats_.documents},
                                    {"passages", stats_.passages},
                                    {"answers_cached", answers_.size()}};
                res.set_content(j.dump(), kJson);
              }));
    http_.Get("/metrics", Timed("metrics", [this](const auto&, auto& res) {
                res.set_content(metrics_.Render(stats_, answers_.size(), conversations_.size()),
                                "text/plain; version=0.0.4; charset=utf-8");
              }));
  }

  void Static(const std::string& name, httplib::Response& res) const {
    const auto& [content, type] = files_.at(name);
    res.set_content(content, type);
  }

  void Ask(const httplib::Request& req, httplib::Response& res) {
    auto request = ParseAskRequest(req.body, options_.max_question_bytes);
    if (!request.ok()) return Error(res, HttpStatusFor(request.status()), request.status().message());
    std::string conversation = request->conversation_id;
    if (conversation.empty() || conversation.size() > 64) conversation = conversations_.NewId();
    AskOptions ask;
    ask.audience = request->audience;
    StatusOr<Answer> answer = Status::Internal("not composed");
    Turn turn;
    {
      auto lease = pool_.Acquire();
      turn = conversations_.Contextualise(conversation, request->question);
      answer = ComposeAnswer(*lease, turn.retrieval, ask);
    }
    if (!answer.ok()) return Error(res, HttpStatusFor(answer.status()), answer.status().message());
    conversations_.Record(conversation, turn);
    nlohmann::json j = AnswerToJson(*answer);
    j["question"] = turn.question;
    if (turn.retrieval != turn.question) j["searched_as"] = turn.retrieval;
    auto stored = std::make_shared<const std::string>(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    answers_.Put(answer->id, stored);
    j["conversation_id"] = conversation;
    res.set_content(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), kJson);
  }

  const ServerOptions options_;
  IndexPool pool_;
  IndexStats stats_;
  std::map<std::string, std::pair<std::string, std::string>> files_;  // path -> content, type
  AnswerStore answers_;
  ConversationStore conversations_;
  Metrics metrics_;
  httplib::Server http_;
  int port_ = -1;
};

}  // namespace

StatusOr<std::unique_ptr<Server>> Server::Start(const ServerOptions& options) {
  auto server = std::make_unique<HttpServer>(options);
  if (Status s = server->Init(); !s.ok()) return s;
  return std::unique_ptr<Server>(std::move(server));
}

}  // namespace medoracle::server
