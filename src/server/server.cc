// The medoracle web server on cpp-httplib: routes, security headers, limits and metrics over the
// engine (include/medoracle/engine.h), which answers through the review workflow's store.
#include "server/server.h"

#include <httplib.h>

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

class HttpServer : public Server {
 public:
  explicit HttpServer(const ServerOptions& options) : options_(options) {}

  Status Init() {
    EngineOptions engine;
    engine.index_dir = options_.index_dir;
    engine.db_path = options_.db_path.empty() ? StoreBesideIndex(options_.index_dir) : options_.db_path;
    engine.index_handles = std::max<size_t>(1, options_.threads);
    engine.max_answers = options_.max_answers;
    engine.max_conversations = options_.max_conversations;
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
    http_.Get("/about/review", Timed("page", [this](const auto&, auto& res) { Static("/about-review.html", res); }));
    for (const char* file : {"/app.js", "/style.css", "/doc.js", "/review.js", "/review.css"}) {
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
    // The source viewer and the document API; the id is parsed from the target as sent (it may
    // hold an encoded '/', '#' or '%').
    http_.Get(R"(/d/(.+))", Timed("source", [this](const auto& req, auto& res) { SourcePage(req, res); }));
    http_.Get(R"(/api/documents/(.+))",
              Timed("document", [this](const auto& req, auto& res) { DocumentJsonFor(req, res); }));
    http_.Post("/api/ask", Timed("ask", [this](const auto& req, auto& res) { Ask(req, res); }));
    http_.Get(R"(/api/answers/([^/]+))",
              Timed("answer", [this](const httplib::Request& req, httplib::Response& res) {
                GetAnswer(req.matches[1], res);
              }));
    http_.Get("/api/health", Timed("health", [this](const auto&, auto& res) {
                const IndexStats stats = engine_->index_stats();
                nlohmann::json j = {{"status", "ok"},
                                    {"documents", stats.documents},
                                    {"passages", stats.passages},
                                    {"answers_cached", engine_->cached_answers()}};
                res.set_content(j.dump(), kJson);
              }));
    http_.Get("/metrics", Timed("metrics", [this](const auto&, auto& res) {
                res.set_content(
                    metrics_.Render(engine_->index_stats(), engine_->cached_answers(), engine_->conversations()),
                    "text/plain; version=0.0.4; charset=utf-8");
              }));
    // CDS Hooks (src/cds, docs/cds-hooks.md): discovery and the services, JSON in and out.
    auto cds = [this](const httplib::Request& req, httplib::Response& res) {
      const cds::CdsReply reply = req.method == "GET" ? cds_->Discover()
                                                      : cds_->Call(req.matches[1].str(), req.body,
                                                                   "http://" + req.get_header_value("Host"),
                                                                   req.remote_addr);
      res.status = reply.status;
      res.set_header("Access-Control-Allow-Origin", "*");
      res.set_content(reply.body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace), kJson);
    };
    http_.Get("/cds-services", Timed("cds", cds));
    http_.Post(R"(/cds-services/([^/]+))", Timed("cds", cds));
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

  // GET /d/{doc_id}?span=START-END...: the document as loaded with the quoted spans highlighted;
  // an HTML page saying what is wrong for a bad id or span (400) or an unknown document (404).
  void SourcePage(const httplib::Request& req, httplib::Response& res) {
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
                            : "The document could not be read: " + doc.status().message();
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
  void DocumentJsonFor(const httplib::Request& req, httplib::Response& res) {
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
  void GetAnswer(const std::string& id, httplib::Response& res) {
    if (!ValidAnswerId(id)) return Error(res, 404, "no answer with id \"" + id.substr(0, 64) + "\"");
    auto json = engine_->AnswerJson(id);
    if (!json.ok()) {
      const int status = HttpStatusFor(json.status());
      return Error(res, status, status == 404 ? "no answer with id \"" + id + "\"" : json.status().message());
    }
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

  // Answers through the engine: the store's pinned or stored answer, follow-ups carrying the
  // conversation's focus.
  void Ask(const httplib::Request& req, httplib::Response& res) {
    auto request = ParseAskRequest(req.body, options_.max_question_bytes);
    if (!request.ok()) return Error(res, HttpStatusFor(request.status()), request.status().message());
    auto answer = engine_->Ask(
        {request->question, request->audience, request->conversation_id, AskingActor(req), request->exact});
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
