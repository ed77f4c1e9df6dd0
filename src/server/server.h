// The medoracle web server: the page (static files from web/) and the JSON API
// (ask, fetch an answer, shareable answer page, health, Prometheus metrics).
#pragma once

#include <memory>
#include <string>

#include "medoracle/status.h"

namespace medoracle::server {

struct ServerOptions {
  std::string index_dir;
  std::string web_dir;              // index.html, app.js, style.css
  std::string host = "127.0.0.1";
  int port = 8080;                  // 0 = any free port (see Server::port())
  size_t threads = 4;               // worker threads, each with its own index handle
  size_t max_answers = 10000;       // answers kept in memory for GET /api/answers/{id}
  size_t max_conversations = 10000;
  size_t max_body_bytes = 16 * 1024;
  size_t max_question_bytes = 1000;
  int io_timeout_seconds = 10;      // read and write timeout per request
};

class Server {
 public:
  // Opens options.threads read-only handles on the index and loads the page's files.
  // Errors: those of OpenIndex; kNotFound when a page file is missing; kIoError when the
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
