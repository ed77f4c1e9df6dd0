// Our HTTP interface: request and response values, a router, and a listener that serves them
// (libmicrohttpd behind it, in http_listener.cc) so that no route depends on the library.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "medoracle/status.h"

namespace medoracle::server {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// One request, as the routes see it. Header names compare case-insensitively.
struct HttpRequest {
  std::string method;       // "GET", "POST", ... ("HEAD" is served by the GET routes)
  std::string target;       // path and query exactly as sent, e.g. "/d/pubmed%3A1?span=0-5"
  std::string path;         // the path percent-decoded ('+' kept), matched against the routes
  HeaderList headers;       // in the order received
  HeaderList params;        // the query's parameters, percent-decoded ('+' is a space), in order
  std::string body;         // the whole body (never more than the route's limit)
  std::string remote_addr;  // the peer's address, e.g. "127.0.0.1" or "::1"
  std::vector<std::string> matches;  // the route pattern's groups; [0] is the whole path

  bool has_header(std::string_view name) const;
  // The index-th value of header name; "" when there is none.
  std::string get_header_value(std::string_view name, size_t index = 0) const;
  size_t get_header_value_count(std::string_view name) const;
  bool has_param(std::string_view name) const;
  // The first value of query parameter name; "" when absent.
  std::string get_param_value(std::string_view name) const;
};

// One response. status -1 means "not set" (200 when sent).
struct HttpResponse {
  int status = -1;
  HeaderList headers;
  std::string body;

  void set_content(std::string content, std::string_view content_type);
  // Adds a header (a second Set-Cookie is a second header).
  void set_header(std::string_view name, std::string_view value);
  bool has_header(std::string_view name) const;
};

using Handler = std::function<void(const HttpRequest&, HttpResponse&)>;

// How the listener runs a route's handler.
enum class Dispatch {
  kWorker,  // on a worker thread (anything that may block: the engine, the store)
  kInline,  // on the network thread, at once (cheap: static files, health, metrics)
};

// Routes by method and a regular expression that must match the whole decoded path (the first
// registered match wins). Not thread-safe while routes are added; read-only once serving.
class Router {
 public:
  void Get(std::string pattern, Handler handler, Dispatch dispatch = Dispatch::kWorker);
  void Post(std::string pattern, Handler handler, Dispatch dispatch = Dispatch::kWorker);

  struct Route;
  // The route for method and path (HEAD uses the GET routes), its groups in *matches; nullptr
  // when none matches.
  const Route* Find(std::string_view method, const std::string& path, std::vector<std::string>* matches) const;
  static void Call(const Route& route, const HttpRequest& req, HttpResponse& res);
  static Dispatch DispatchOf(const Route& route);

  Router();
  ~Router();
  Router(Router&&) noexcept;
  Router& operator=(Router&&) noexcept;

 private:
  void Add(std::string method, std::string pattern, Handler handler, Dispatch dispatch);
  std::vector<std::unique_ptr<Route>> routes_;
};

// What the listener enforces (docs/http.md explains each default).
struct HttpLimits {
  size_t workers = 4;             // threads running kWorker handlers
  size_t network_threads = 1;     // event loops (epoll) reading and writing sockets
  size_t max_body_bytes = 16 * 1024;   // larger bodies get 413 as soon as the excess arrives,
                                       // chunked ones included
  size_t max_connections = 1000;       // open connections in all (more are refused at accept)
  size_t max_connections_per_address = 64;
  size_t max_queued = 256;             // requests waiting for a worker; more get 503 + Retry-After
  std::chrono::milliseconds header_timeout{10'000};  // from accept (or the previous response) to
                                                     // the end of the request's headers
  std::chrono::milliseconds body_timeout{10'000};    // from the end of the headers to the end of
                                                     // the body
  std::chrono::milliseconds queue_timeout{10'000};   // longest wait for a worker before 503
  int idle_timeout_seconds = 5;   // a connection with no traffic for this long is closed
  size_t connection_memory = 32 * 1024;  // per connection, for the request line and headers (431 above)
};

// Serves a Router on one address with the limits above.
class HttpListener {
 public:
  // What the listener answers by itself (no route, body too large, saturated, timeouts, handler
  // exceptions): called with the status set and the body empty, it fills the body.
  using ErrorPage = std::function<void(const HttpRequest&, HttpResponse&)>;

  // Binds host:port (port 0: any free port) and starts serving at once. default_headers go on
  // every response that does not set the same header. Errors: kIoError when the address cannot be
  // bound or the event loop cannot start.
  static StatusOr<std::unique_ptr<HttpListener>> Bind(const std::string& host, int port, Router router,
                                                      HttpLimits limits, HeaderList default_headers,
                                                      ErrorPage error_page);
  virtual ~HttpListener() = default;
  virtual int port() const = 0;
  // Blocks until Stop(), then shuts down; returns at once when Stop() came first.
  virtual void Run() = 0;
  // Thread-safe. Run() then lets the requests being handled finish and drops the queued ones with
  // their connections. The destructor stops and shuts down too.
  virtual void Stop() = 0;
};

// Percent-decodes s ("%41" -> "A"); with plus_is_space, '+' becomes ' ' (query strings). A bad
// escape is kept as sent.
std::string DecodeUrl(std::string_view s, bool plus_is_space);
// The parameters of a query string ("a=1&b=&c"), decoded, in order.
HeaderList ParseQuery(std::string_view query);

}  // namespace medoracle::server
