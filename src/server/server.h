// The medoracle web server: the pages (static files from web/, the source viewer /d/{doc_id}) and the
// JSON API (ask, fetch an answer or a document, shareable answer page, health, Prometheus metrics;
// accounts, review and admin).
#pragma once

#include <memory>
#include <string>

#include "llm/synthesis.h"
#include "medoracle/status.h"

namespace medoracle::server {

struct ServerOptions {
  std::string index_dir;
  std::string web_dir;              // index.html, app.js, style.css, doc.js, about-review.html (review.html,
                                    // .js, .css if present)
  std::string db_path;              // the application store; empty = index_dir + ".db"
  bool secure_cookies = true;       // mark the session cookie Secure (HTTPS only)
  std::string host = "127.0.0.1";
  int port = 8080;                  // 0 = any free port (see Server::port())
  size_t threads = 4;               // worker threads (handlers that use the engine or the store),
                                    // each with its own index handle
  size_t max_answers = 10000;       // served answers kept in memory in front of the store
  size_t max_conversations = 10000;
  size_t max_body_bytes = 16 * 1024;
  size_t max_question_bytes = 10000;  // a message with context, not only a question
  int compose_time_limit_ms = 5000;   // EngineOptions::compose_time_limit: past it answers degrade
  int io_timeout_seconds = 10;      // deadline for a request's headers, for its body, and for a wait
                                    // for a worker (503 after it)
  size_t max_connections = 1000;    // open connections in all
  size_t max_connections_per_address = 64;  // open connections from one client address
  size_t anonymous_asks_per_minute = 300;  // per client address, in bursts of as many; 0 = unlimited
                                           // (signed-in users are not limited)
  size_t max_queued = 256;          // requests waiting for a worker; more get 503 + Retry-After
  llm::LlmOptions llm;              // url set: /api/ask answers gain a verified "summary" (docs/llm.md)
  std::string cds_doid_obo;         // CDS Hooks: Disease Ontology .obo whose xrefs name SNOMED CT / ICD-10 codes
};

class Server {
 public:
  // Opens the engine (options.threads read-only index handles, the store; medoracle/engine.h) and
  // loads the pages' files. Errors: those of Engine::Open; kNotFound when a file of the main page
  // is missing (the reviewer page's are optional: 404 until present at start); kIoError when the
  // address cannot be bound.
  static StatusOr<std::unique_ptr<Server>> Start(const ServerOptions& options);
  virtual ~Server() = default;
  // The bound port (useful with port 0).
  virtual int port() const = 0;
  // Serves until Stop() is called (from another thread or a signal handler's thread).
  virtual void Run() = 0;
  virtual void Stop() = 0;
};

}  // namespace medoracle::server
