// The HTTP listener on GNU libmicrohttpd: epoll event loops read and write every socket (a slow
// or idle client holds a few KiB, never a thread), a worker pool runs the handlers that may block,
// and a watchdog closes connections that miss the header or body deadline.
#include <arpa/inet.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <charconv>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>
#include <unordered_set>

#include "server/http.h"

namespace medoracle::server {
namespace {

using Clock = std::chrono::steady_clock;

// Per connection (libmicrohttpd's socket context), for the watchdog.
struct ConnectionState {
  enum class Phase { kAwaitingHeaders, kReadingBody, kHandling };
  int fd = -1;
  Phase phase = Phase::kAwaitingHeaders;
  Clock::time_point since;
  bool closing = false;  // the watchdog shut it down
};

// Per request (libmicrohttpd's con_cls): from the end of its headers to its response.
struct RequestState {
  HttpRequest request;
  const Router::Route* route = nullptr;
  ConnectionState* connection = nullptr;
  size_t received = 0;       // body bytes received, kept or not
  bool too_large = false;    // over the body limit: answered 413, the rest discarded
  bool answered = false;     // a response was queued
  std::atomic<bool> ready{false};  // response holds the handler's (or the pool's) answer
  HttpResponse response;
  Clock::time_point queued_at;
};

// Runs jobs on a fixed set of threads from a bounded queue.
class WorkerPool {
 public:
  void Start(size_t threads, size_t max_queued) {
    max_queued_ = max_queued;
    for (size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { Work(); });
  }
  // Queues job; false (job not kept) when the queue is full or the pool stopped.
  bool TryPush(std::function<void()> job) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopped_ || queue_.size() >= max_queued_) return false;
      queue_.push_back(std::move(job));
    }
    cv_.notify_one();
    return true;
  }
  // Lets running jobs finish, drops queued ones, joins the threads.
  void Stop() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stopped_ = true;
      queue_.clear();
    }
    cv_.notify_all();
    for (auto& t : threads_) t.join();
    threads_.clear();
  }

 private:
  void Work() {
    for (;;) {
      std::function<void()> job;
      {
        std::unique_lock<std::mutex> lock(mu_);
        cv_.wait(lock, [this] { return stopped_ || !queue_.empty(); });
        if (stopped_) return;
        job = std::move(queue_.front());
        queue_.pop_front();
      }
      job();
    }
  }
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;
  std::vector<std::thread> threads_;
  size_t max_queued_ = 0;
  bool stopped_ = false;
};

std::string AddressText(const sockaddr* addr) {
  char text[INET6_ADDRSTRLEN] = "";
  if (addr == nullptr) return {};
  if (addr->sa_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(addr)->sin_addr, text, sizeof text);
  } else if (addr->sa_family == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(addr)->sin6_addr, text, sizeof text);
  }
  return text;
}

MHD_Result CollectValue(void* cls, MHD_ValueKind, const char* key, const char* value) {
  static_cast<HeaderList*>(cls)->emplace_back(key ? key : "", value ? value : "");
  return MHD_YES;
}

// Query arguments as sent: a value of NULL (no '=') is kept apart from an empty one.
MHD_Result CollectArgument(void* cls, MHD_ValueKind, const char* key, const char* value) {
  std::string& query = *static_cast<std::string*>(cls);
  if (!query.empty()) query += '&';
  query += key ? key : "";
  if (value != nullptr) (query += '=') += value;
  return MHD_YES;
}

class MhdListener : public HttpListener {
 public:
  MhdListener(Router router, HttpLimits limits, HeaderList default_headers, ErrorPage error_page)
      : router_(std::move(router)),
        limits_(limits),
        default_headers_(std::move(default_headers)),
        error_page_(std::move(error_page)) {}

  ~MhdListener() override {
    Stop();
    Shutdown();
    if (listen_fd_ >= 0 && daemon_ == nullptr) close(listen_fd_);  // the event loop never started
  }

  Status Open(const std::string& host, int port) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    addrinfo* found = nullptr;
    const std::string service = std::to_string(port);
    if (getaddrinfo(host.empty() ? nullptr : host.c_str(), service.c_str(), &hints, &found) != 0 || !found) {
      return Status::IoError("cannot listen on " + host + ":" + service + ": unknown address");
    }
    std::string why = "no address";
    for (addrinfo* a = found; a != nullptr && listen_fd_ < 0; a = a->ai_next) {
      const int fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, a->ai_protocol);
      if (fd < 0) continue;
      const int one = 1;
      setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
      if (bind(fd, a->ai_addr, a->ai_addrlen) != 0 || listen(fd, 511) != 0) {
        why = std::strerror(errno);
        close(fd);
        continue;
      }
      listen_fd_ = fd;
    }
    freeaddrinfo(found);
    if (listen_fd_ < 0) return Status::IoError("cannot listen on " + host + ":" + service + ": " + why);
    sockaddr_storage bound{};
    socklen_t len = sizeof bound;
    getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&bound), &len);
    port_ = ntohs(bound.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port
                                              : reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
    return Status::Ok();
  }

  int port() const override { return port_; }

  // Starts the event loops and the workers on the bound socket. Errors: kIoError.
  Status Start() {
    pool_.Start(std::max<size_t>(1, limits_.workers), std::max<size_t>(1, limits_.max_queued));
    const unsigned flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME;
    daemon_ = MHD_start_daemon(
        flags, 0, nullptr, nullptr, &MhdListener::Access, this,  //
        MHD_OPTION_LISTEN_SOCKET, static_cast<MHD_socket>(listen_fd_),
        MHD_OPTION_THREAD_POOL_SIZE, static_cast<unsigned>(std::max<size_t>(1, limits_.network_threads)),
        MHD_OPTION_CONNECTION_LIMIT, static_cast<unsigned>(limits_.max_connections),
        MHD_OPTION_PER_IP_CONNECTION_LIMIT, static_cast<unsigned>(limits_.max_connections_per_address),
        MHD_OPTION_CONNECTION_TIMEOUT, static_cast<unsigned>(limits_.idle_timeout_seconds),
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, static_cast<size_t>(limits_.connection_memory),
        MHD_OPTION_NOTIFY_COMPLETED, &MhdListener::Completed, this,  //
        MHD_OPTION_NOTIFY_CONNECTION, &MhdListener::Connection, this,  //
        MHD_OPTION_UNESCAPE_CALLBACK, &MhdListener::KeepEscapes, this,  //
        MHD_OPTION_END);
    if (daemon_ == nullptr) {
      pool_.Stop();
      return Status::IoError("cannot start the HTTP event loop (libmicrohttpd) on port " + std::to_string(port_));
    }
    watchdog_ = std::thread([this] { Watch(); });
    return Status::Ok();
  }

  void Run() override {
    {
      std::unique_lock<std::mutex> lock(run_mu_);
      run_cv_.wait(lock, [this] { return stopping_; });
    }
    Shutdown();
  }

  void Stop() override {
    {
      std::lock_guard<std::mutex> lock(run_mu_);
      stopping_ = true;
    }
    run_cv_.notify_all();
  }

 private:
  // Once: running handlers finish and resume their connections, queued ones are dropped; then the
  // event loops close every connection (suspended ones too) and the listening socket.
  void Shutdown() {
    std::lock_guard<std::mutex> lock(shutdown_mu_);
    if (daemon_ == nullptr || shut_down_) return;
    shut_down_ = true;
    pool_.Stop();
    if (watchdog_.joinable()) watchdog_.join();
    MHD_stop_daemon(daemon_);
  }

  // The target arrives as sent: routes decode the path themselves (ParseDocumentTarget needs the
  // raw bytes of an id with an encoded '/').
  static size_t KeepEscapes(void*, MHD_Connection*, char* s) { return std::strlen(s); }

  static void Connection(void* cls, MHD_Connection* connection, void** socket_context,
                         MHD_ConnectionNotificationCode code) {
    auto* self = static_cast<MhdListener*>(cls);
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
      auto* state = new ConnectionState;
      const MHD_ConnectionInfo* info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
      state->fd = info ? info->connect_fd : -1;
      state->since = Clock::now();
      if (state->fd >= 0) {
        const int one = 1;  // small JSON replies: no 40 ms wait for a delayed ACK
        setsockopt(state->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      }
      *socket_context = state;
      std::lock_guard<std::mutex> lock(self->connections_mu_);
      self->connections_.insert(state);
    } else if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
      auto* state = static_cast<ConnectionState*>(*socket_context);
      if (state == nullptr) return;
      {
        std::lock_guard<std::mutex> lock(self->connections_mu_);
        self->connections_.erase(state);
      }
      delete state;
      *socket_context = nullptr;
    }
  }

  void SetPhase(ConnectionState* connection, ConnectionState::Phase phase) {
    if (connection == nullptr) return;
    std::lock_guard<std::mutex> lock(connections_mu_);
    connection->phase = phase;
    connection->since = Clock::now();
  }

  // Closes (shutdown; libmicrohttpd then sees the end of the stream) every connection past its
  // header or body deadline, four times a second.
  void Watch() {
    for (;;) {
      {
        std::unique_lock<std::mutex> lock(run_mu_);
        if (run_cv_.wait_for(lock, std::chrono::milliseconds(250), [this] { return stopping_; })) return;
      }
      const auto now = Clock::now();
      std::lock_guard<std::mutex> lock(connections_mu_);
      for (ConnectionState* c : connections_) {
        if (c->closing || c->fd < 0) continue;
        const bool late =
            (c->phase == ConnectionState::Phase::kAwaitingHeaders && now - c->since > limits_.header_timeout) ||
            (c->phase == ConnectionState::Phase::kReadingBody && now - c->since > limits_.body_timeout);
        if (late) {
          shutdown(c->fd, SHUT_RDWR);
          c->closing = true;
        }
      }
    }
  }

  static void Completed(void* cls, MHD_Connection*, void** con_cls, MHD_RequestTerminationCode) {
    auto* self = static_cast<MhdListener*>(cls);
    auto* state = static_cast<RequestState*>(*con_cls);
    if (state == nullptr) return;
    self->SetPhase(state->connection, ConnectionState::Phase::kAwaitingHeaders);
    delete state;
    *con_cls = nullptr;
  }

  MHD_Result Send(MHD_Connection* connection, RequestState* state, HttpResponse& res, bool close) {
    if (res.status < 0) res.status = 200;
    if (res.status >= 400 && res.body.empty() && error_page_) error_page_(state->request, res);
    if (res.status == 503 && !res.has_header("Retry-After")) res.set_header("Retry-After", "1");
    MHD_Response* response =
        MHD_create_response_from_buffer(res.body.size(), res.body.data(), MHD_RESPMEM_MUST_COPY);
    if (response == nullptr) return MHD_NO;
    for (const auto& [name, value] : default_headers_) {
      if (!res.has_header(name)) MHD_add_response_header(response, name.c_str(), value.c_str());
    }
    for (const auto& [name, value] : res.headers) MHD_add_response_header(response, name.c_str(), value.c_str());
    if (close) MHD_add_response_header(response, MHD_HTTP_HEADER_CONNECTION, "close");
    const MHD_Result queued = MHD_queue_response(connection, static_cast<unsigned>(res.status), response);
    MHD_destroy_response(response);
    state->answered = queued == MHD_YES;
    return queued;
  }

  // Writes a complete response with "Connection: close" straight to the connection's socket (for
  // when libmicrohttpd cannot queue one); the caller then closes the connection.
  void WriteDirectly(RequestState* state, int status) {
    if (state->connection == nullptr || state->connection->fd < 0) return;
    HttpResponse res;
    res.status = status;
    if (error_page_) error_page_(state->request, res);
    std::string text = "HTTP/1.1 " + std::to_string(status) + " " +
                       (MHD_get_reason_phrase_for(static_cast<unsigned>(status))) + "\r\n";
    for (const auto& [name, value] : default_headers_) {
      if (!res.has_header(name)) text += name + ": " + value + "\r\n";
    }
    for (const auto& [name, value] : res.headers) text += name + ": " + value + "\r\n";
    text += "Content-Length: " + std::to_string(res.body.size()) + "\r\nConnection: close\r\n\r\n" + res.body;
    // The socket is non-blocking and has nothing queued: a small response goes out whole.
    std::string_view rest = text;
    while (!rest.empty()) {
      const ssize_t n = send(state->connection->fd, rest.data(), rest.size(), MSG_NOSIGNAL);
      if (n <= 0) break;
      rest.remove_prefix(static_cast<size_t>(n));
    }
    shutdown(state->connection->fd, SHUT_WR);
    state->answered = true;
  }

  MHD_Result SendStatus(MHD_Connection* connection, RequestState* state, int status, bool close = false) {
    HttpResponse res;
    res.status = status;
    return Send(connection, state, res, close);
  }

  // Runs the route's handler; exceptions become 500.
  void Handle(RequestState* state) {
    try {
      Router::Call(*state->route, state->request, state->response);
    } catch (...) {
      state->response = HttpResponse{};
      state->response.status = 500;
    }
  }

  MHD_Result Begin(MHD_Connection* connection, const char* url, const char* method, void** con_cls) {
    auto* state = new RequestState;
    *con_cls = state;
    const MHD_ConnectionInfo* info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    state->connection = info ? static_cast<ConnectionState*>(info->socket_context) : nullptr;
    SetPhase(state->connection, ConnectionState::Phase::kReadingBody);
    HttpRequest& req = state->request;
    req.method = method;
    std::string query;
    MHD_get_connection_values(connection, MHD_GET_ARGUMENT_KIND, &CollectArgument, &query);
    req.target = query.empty() ? std::string(url) : std::string(url) + "?" + query;
    req.path = DecodeUrl(url, false);
    req.params = ParseQuery(query);
    MHD_get_connection_values(connection, MHD_HEADER_KIND, &CollectValue, &req.headers);
    info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    req.remote_addr = AddressText(info ? info->client_addr : nullptr);
    state->route = router_.Find(req.method, req.path, &req.matches);
    // A declared length over the limit is refused before any of the body is read.
    if (const std::string length = req.get_header_value("Content-Length"); !length.empty()) {
      uint64_t n = 0;
      auto [end, ec] = std::from_chars(length.data(), length.data() + length.size(), n);
      if (ec != std::errc() || n > limits_.max_body_bytes) {
        state->too_large = true;
        return SendStatus(connection, state, ec != std::errc() ? 400 : 413, true);
      }
    }
    return MHD_YES;
  }

  static MHD_Result Access(void* cls, MHD_Connection* connection, const char* url, const char* method,
                           const char*, const char* upload_data, size_t* upload_data_size, void** con_cls) {
    auto* self = static_cast<MhdListener*>(cls);
    auto* state = static_cast<RequestState*>(*con_cls);
    if (state == nullptr) return self->Begin(connection, url, method, con_cls);
    if (*upload_data_size > 0) {
      state->received += *upload_data_size;
      if (!state->too_large && state->received > self->limits_.max_body_bytes) {
        // Refused as soon as the excess arrives (chunked bodies declare no length): what was kept
        // is freed, the rest is read and dropped until the 413 can go out, then the connection closes.
        state->too_large = true;
        std::string().swap(state->request.body);
      }
      if (!state->too_large) state->request.body.append(upload_data, *upload_data_size);
      *upload_data_size = 0;
      if (state->too_large && !state->answered) {
        // libmicrohttpd (0.9.75) queues no response while a body is arriving: the 413 is written to
        // the socket directly and the connection closed, so the rest of the body is never read.
        self->WriteDirectly(state, 413);
        return MHD_NO;
      }
      return MHD_YES;
    }
    if (state->answered) return MHD_YES;
    if (state->ready) {
      state->ready = false;
      return self->Send(connection, state, state->response, false);
    }
    if (state->too_large) return self->SendStatus(connection, state, 413, true);
    if (state->route == nullptr) return self->SendStatus(connection, state, 404);
    self->SetPhase(state->connection, ConnectionState::Phase::kHandling);
    if (Router::DispatchOf(*state->route) == Dispatch::kInline) {
      self->Handle(state);
      return self->Send(connection, state, state->response, false);
    }
    // To a worker: the connection sleeps (no socket events) until the worker resumes it, and
    // libmicrohttpd then calls Access again to send state->response.
    state->queued_at = Clock::now();
    MHD_suspend_connection(connection);
    const bool queued = self->pool_.TryPush([self, state, connection] {
      if (Clock::now() - state->queued_at > self->limits_.queue_timeout) {
        state->response.status = 503;  // waited too long: the error page says so
      } else {
        self->Handle(state);
      }
      state->ready = true;
      MHD_resume_connection(connection);
    });
    if (!queued) {  // saturated: 503 with Retry-After at once
      state->response.status = 503;
      state->ready = true;
      MHD_resume_connection(connection);
    }
    return MHD_YES;
  }

  Router router_;
  const HttpLimits limits_;
  const HeaderList default_headers_;
  const ErrorPage error_page_;
  int listen_fd_ = -1;
  int port_ = -1;
  MHD_Daemon* daemon_ = nullptr;
  WorkerPool pool_;
  std::thread watchdog_;
  std::mutex run_mu_;
  std::condition_variable run_cv_;
  bool stopping_ = false;
  std::mutex shutdown_mu_;
  bool shut_down_ = false;
  std::mutex connections_mu_;
  std::unordered_set<ConnectionState*> connections_;
};

}  // namespace

StatusOr<std::unique_ptr<HttpListener>> HttpListener::Bind(const std::string& host, int port, Router router,
                                                           HttpLimits limits, HeaderList default_headers,
                                                           ErrorPage error_page) {
  auto listener =
      std::make_unique<MhdListener>(std::move(router), limits, std::move(default_headers), std::move(error_page));
  if (Status s = listener->Open(host, port); !s.ok()) return s;
  if (Status s = listener->Start(); !s.ok()) return s;
  return std::unique_ptr<HttpListener>(std::move(listener));
}

}  // namespace medoracle::server
