// The medoracle web server: routes, security headers, limits and metrics over the engine
// (include/medoracle/engine.h), which answers through the review workflow's store; served by our
// HTTP listener (server/http.h, libmicrohttpd).
#include "server/server.h"

#include <array>
#include <chrono>
#include <ctime>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <tuple>

#include "auth/credentials.h"
#include "cds/cds_service.h"
#include "corpus/document_json.h"
#include "medoracle/engine.h"
#include "server/api.h"
#include "server/document_page.h"
#include "server/document_request.h"
#include "server/http.h"
#include "server/rate_limiter.h"
#include "server/review_api.h"
#include "store/store.h"

namespace medoracle::server {
namespace {

constexpr char kJson[] = "application/json; charset=utf-8";
constexpr char kHtml[] = "text/html; charset=utf-8";

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

  std::string Render(const IndexStats& stats, size_t answers, size_t conversations, uint64_t compositions) const {
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
        << "# TYPE medoracle_conversations gauge\nmedoracle_conversations " << conversations << "\n"
        << "# HELP medoracle_compositions_total Answers composed (the rest were served from the store or memory).\n"
        << "# TYPE medoracle_compositions_total counter\nmedoracle_compositions_total " << compositions << "\n";
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

class HttpServer : public Server {
 public:
  explicit HttpServer(const ServerOptions& options)
      : options_(options), anonymous_asks_(options.anonymous_asks_per_minute) {}

  Status Init() {
    EngineOptions engine;
    engine.index_dir = options_.index_dir;
    engine.db_path = options_.db_path.empty() ? StoreBesideIndex(options_.index_dir) : options_.db_path;
    engine.index_handles = std::max<size_t>(1, options_.threads);
    engine.max_answers = options_.max_answers;
    engine.max_conversations = options_.max_conversations;
    engine.compose_time_limit = std::chrono::milliseconds(options_.compose_time_limit_ms);
    auto opened = Engine::Open(engine);
    if (!opened.ok()) return opened.status();
    engine_ = std::move(opened).value();
    store_ = engine_->store();
    review_api_ = std::make_unique<ReviewApi>(*store_, options_.secure_cookies);
    cds::CodeMap codes;
    if (!options_.cds_doid_obo.empty()) {
      if (Status s = codes.LoadDiseaseOntology(options_.cds_doid_obo); !s.ok()) return s;
    }
    cds_ = std::make_unique<cds::CdsService>(*engine_, std::move(codes));
    for (const auto& [name, type, required] :
         {std::tuple{"index.html", "text/html; charset=utf-8", true},
          std::tuple{"app.js", "text/javascript; charset=utf-8", true},
          std::tuple{"style.css", "text/css; charset=utf-8", true},
          std::tuple{"doc.js", "text/javascript; charset=utf-8", true},
          std::tuple{"about-review.html", "text/html; charset=utf-8", true},
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
    Router router = Routes();
    auto listener = HttpListener::Bind(options_.host, options_.port, std::move(router), Limits(), SecurityHeaders(),
                                       [this](const HttpRequest& req, HttpResponse& res) { ErrorPage(req, res); });
    if (!listener.ok()) return listener.status();
    listener_ = std::move(listener).value();
    return Status::Ok();
  }

  int port() const override { return listener_->port(); }
  void Run() override { listener_->Run(); }
  void Stop() override { listener_->Stop(); }

 private:
  // Wraps a handler so its requests are counted and timed under route.
  Handler Timed(std::string route, Handler handler) {
    return [this, route = std::move(route), handler = std::move(handler)](const HttpRequest& req,
                                                                          HttpResponse& res) {
      const auto start = std::chrono::steady_clock::now();
      handler(req, res);
      const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
      metrics_.Record(route, res.status == -1 ? 200 : res.status, took.count());
    };
  }

  static void Error(HttpResponse& res, int status, std::string_view message) {
    res.status = status;
    res.set_content(ErrorBody(status, message), kJson);
  }

  HttpLimits Limits() const {
    HttpLimits limits;
    limits.workers = std::max<size_t>(1, options_.threads);
    limits.max_body_bytes = options_.max_body_bytes;
    limits.header_timeout = std::chrono::seconds(options_.io_timeout_seconds);
    limits.body_timeout = std::chrono::seconds(options_.io_timeout_seconds);
    limits.queue_timeout = std::chrono::seconds(options_.io_timeout_seconds);
    limits.max_connections = options_.max_connections;
    limits.max_connections_per_address = options_.max_connections_per_address;
    limits.max_queued = options_.max_queued;
    return limits;
  }

  static HeaderList SecurityHeaders() {
    return {
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
    };
  }

  // The body of what the listener answers by itself (no route, too large, saturated, a handler's exception).
  void ErrorPage(const HttpRequest&, HttpResponse& res) {
    metrics_.Record("other", res.status, 0);
    const char* what = res.status == 404   ? "no such page or API route"
                       : res.status == 413 ? "the request body is too large"
                       : res.status == 503 ? "the server is busy; try again in a moment"
                       : res.status == 500 ? "internal error"
                                           : "the request could not be handled";
    res.set_content(ErrorBody(res.status, what), kJson);
  }

  Router Routes() {
    Router http;
    constexpr Dispatch kInline = Dispatch::kInline;
    auto page = [this](const HttpRequest&, HttpResponse& res) { Static("/index.html", res); };
    http.Get("/", Timed("page", page), kInline);
    http.Get("/index.html", Timed("page", page), kInline);
    http.Get("/review", Timed("page", [this](const auto&, auto& res) { Static("/review.html", res); }), kInline);
    http.Get("/about/review", Timed("page", [this](const auto&, auto& res) { Static("/about-review.html", res); }),
              kInline);
    for (const char* file : {"/app.js", "/style.css", "/doc.js", "/review.js", "/review.css"}) {
      http.Get(file, Timed("static", [this, file](const auto&, auto& res) { Static(file, res); }), kInline);
    }
    http.Get("/favicon.ico", Timed("static", [](const auto&, auto& res) { res.status = 204; }), kInline);
    http.Get(R"(/a/([^/]+))", Timed("share", [this](const HttpRequest& req, HttpResponse& res) {
                Static("/index.html", res);
                if (!ValidAnswerId(req.matches[1])) {
                  res.status = 404;
                } else if (auto record = store_->GetAnswer(req.matches[1]); !record.ok()) {
                  res.status = HttpStatusFor(record.status());
                }
              }));
    // The source viewer and the document API; the id is parsed from the target as sent (it may
    // hold an encoded '/', '#' or '%').
    http.Get(R"(/d/(.+))", Timed("source", [this](const auto& req, auto& res) { SourcePage(req, res); }));
    http.Get(R"(/api/documents/(.+))",
              Timed("document", [this](const auto& req, auto& res) { DocumentJsonFor(req, res); }));
    http.Post("/api/ask", Timed("ask", [this](const auto& req, auto& res) { Ask(req, res); }));
    http.Get(R"(/api/answers/([^/]+))",
              Timed("answer", [this](const HttpRequest& req, HttpResponse& res) {
                GetAnswer(req.matches[1], res);
              }));
    http.Get("/api/health", Timed("health", [this](const auto&, auto& res) {
                const IndexStats stats = engine_->index_stats();
                nlohmann::json j = {{"status", "ok"},
                                    {"documents", stats.documents},
                                    {"passages", stats.passages},
                                    {"answers_cached", engine_->cached_answers()}};
                res.set_content(j.dump(), kJson);
              }),
              kInline);
    http.Get("/metrics",
             Timed("metrics",
                   [this](const auto&, auto& res) {
                     res.set_content(metrics_.Render(engine_->index_stats(), engine_->cached_answers(),
                                                     engine_->conversations(), engine_->compositions()),
                                     "text/plain; version=0.0.4; charset=utf-8");
                   }),
             kInline);
    // CDS Hooks (src/cds, docs/cds-hooks.md): discovery and the services, JSON in and out.
    auto cds = [this](const HttpRequest& req, HttpResponse& res) {
      const cds::CdsReply reply = req.method == "POST" ? cds_->Call(req.matches[1], req.body,
                                                                    "http://" + req.get_header_value("Host"),
                                                                    req.remote_addr)
                                                       : cds_->Discover();
      res.status = reply.status;
      res.set_header("Access-Control-Allow-Origin", "*");
      res.set_content(reply.body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), kJson);
    };
    http.Get("/cds-services", Timed("cds", cds));
    http.Post(R"(/cds-services/([^/]+))", Timed("cds", cds));
    review_api_->Register(http, [this](std::string route, Handler handler) {
      return Timed(std::move(route), std::move(handler));
    });
    return http;
  }

  // Serves a loaded page file; 404 when it was not there at start.
  void Static(const std::string& name, HttpResponse& res) const {
    auto it = files_.find(name);
    if (it == files_.end()) return Error(res, 404, "no such page: " + name.substr(1) + " is not installed");
    res.set_content(it->second.first, it->second.second);
  }

  // GET /d/{doc_id}?span=START-END...: the document as loaded with the quoted spans highlighted;
  // an HTML page saying what is wrong for a bad id or span (400) or an unknown document (404).
  void SourcePage(const HttpRequest& req, HttpResponse& res) {
    auto request = ParseDocumentTarget(req.target, "/d/");
    if (!request.ok()) {
      res.status = 400;
      return res.set_content(
          DocumentProblemPageHtml("This source link is not valid", request.status().message() + ".", ""), kHtml);
    }
    auto doc = engine_->Show(request->doc_id);
    if (!doc.ok()) {
      res.status = HttpStatusFor(doc.status());
      const std::string message =
          res.status == 404 ? "No document with the id " + request->doc_id +
                                  " is loaded. It may have been removed when the evidence was reloaded."
                            : "The document could not be read; the details are in the server's log.";
      return res.set_content(DocumentProblemPageHtml("Source not available", message, ""), kHtml);
    }
    if (Status s = CheckSpans(*doc, request->spans); !s.ok()) {
      res.status = 400;
      return res.set_content(
          DocumentProblemPageHtml("The highlighted passage is not in this document",
                                  "The link's " + s.message() +
                                      ". The document may have changed since the answer quoted it.",
                                  "/d/" + EncodeDocId(request->doc_id)),
          kHtml);
    }
    res.set_content(DocumentPageHtml(*doc, request->spans), kHtml);
  }

  // GET /api/documents/{doc_id}: the document's JSON, as `medoracle show --format json` prints it.
  void DocumentJsonFor(const HttpRequest& req, HttpResponse& res) {
    auto request = ParseDocumentTarget(req.target, "/api/documents/");
    if (!request.ok()) return Error(res, 400, request.status().message());
    auto doc = engine_->Show(request->doc_id);
    if (!doc.ok()) {
      const int status = HttpStatusFor(doc.status());
      return Error(res, status,
                   status == 404 ? "no document with id \"" + request->doc_id + "\"" : doc.status().message());
    }
    res.set_content(ServeJson(DocumentToJson(*doc)), kJson);
  }

  // What a new asker of answer id gets: the approved version when pinned, else the latest.
  void GetAnswer(const std::string& id, HttpResponse& res) {
    if (!ValidAnswerId(id)) return Error(res, 404, "no answer with id \"" + id.substr(0, 64) + "\"");
    auto json = engine_->AnswerJson(id);
    if (!json.ok()) {
      const int status = HttpStatusFor(json.status());
      return Error(res, status, status == 404 ? "no answer with id \"" + id + "\"" : json.status().message());
    }
    res.set_content(EscapeMarkup(*json), kJson);
  }

  // The caller for the audit log: the logged-in user when the request carries valid credentials.
  store::Actor AskingActor(const HttpRequest& req) {
    store::Actor actor{"", req.remote_addr};
    const std::string bearer = BearerTokenOf(req), secret = SessionSecretOf(req);
    if (bearer.empty() && secret.empty()) return actor;
    auto who = auth::Authenticate(*store_, secret, bearer, static_cast<int64_t>(std::time(nullptr)));
    if (who.ok()) actor.user = who->user.name;
    return actor;
  }

  // Answers through the engine: the store's pinned or stored answer, follow-ups carrying the
  // conversation's focus.
  void Ask(const HttpRequest& req, HttpResponse& res) {
    auto request = ParseAskRequest(req.body, options_.max_question_bytes);
    if (!request.ok()) return Error(res, HttpStatusFor(request.status()), request.status().message());
    store::Actor actor = AskingActor(req);
    if (actor.user.empty()) {  // anonymous: every new question is composed and stored
      if (const int wait = anonymous_asks_.Take(req.remote_addr); wait > 0) {
        res.set_header("Retry-After", std::to_string(wait));
        return Error(res, 429,
                     "too many questions from this address; try again in " + std::to_string(wait) +
                         (wait == 1 ? " second" : " seconds") + " (or sign in)");
      }
    }
    auto answer = engine_->Ask(
        {request->question, request->audience, request->conversation_id, std::move(actor), request->exact});
    if (!answer.ok()) return Error(res, HttpStatusFor(answer.status()), answer.status().message());
    if (!options_.llm.url.empty()) llm::AddSummary(&answer->json, options_.llm);  // never stored
    res.set_content(ServeJson(answer->json), kJson);
  }

  const ServerOptions options_;
  std::unique_ptr<Engine> engine_;
  store::Store* store_ = nullptr;  // the engine's
  std::unique_ptr<ReviewApi> review_api_;
  std::unique_ptr<cds::CdsService> cds_;
  std::map<std::string, std::pair<std::string, std::string>> files_;  // path -> content, type
  Metrics metrics_;
  RateLimiter anonymous_asks_;  // by client address
  std::unique_ptr<HttpListener> listener_;  // last: stopped and destroyed before what its handlers use
};

}  // namespace

StatusOr<std::unique_ptr<Server>> Server::Start(const ServerOptions& options) {
  auto server = std::make_unique<HttpServer>(options);
  if (Status s = server->Init(); !s.ok()) return s;
  return std::unique_ptr<Server>(std::move(server));
}

}  // namespace medoracle::server
