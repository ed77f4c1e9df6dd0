// `medoracle serve` in a child process on a free port, for tests against the real binary
// (MEDORACLE_BINARY), and raw-socket helpers for tests that must misbehave as no client library does.
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

namespace medoracle::testing {

// Runs MEDORACLE_BINARY (or $MEDORACLE_TEST_BINARY, to show a regression test failing on an older
// build) --index INDEX --db DB serve --port 0 --threads 2 --insecure-cookies [EXTRA...];
// killed with SIGKILL when still running at the end. port() is 0 when it did not start.
class ServeProcess {
 public:
  ServeProcess(const std::string& index_dir, const std::string& db_path, std::vector<std::string> extra = {}) {
    int fds[2];
    if (pipe(fds) != 0) return;
    const char* binary = std::getenv("MEDORACLE_TEST_BINARY") ? std::getenv("MEDORACLE_TEST_BINARY") : MEDORACLE_BINARY;
    std::vector<std::string> args = {binary, "--index", index_dir, "--db", db_path, "serve", "--port", "0",
                                      "--threads", "2", "--insecure-cookies"};
    args.insert(args.end(), extra.begin(), extra.end());
    pid_ = fork();
    if (pid_ == 0) {
      dup2(fds[1], STDOUT_FILENO);
      close(fds[0]);
      close(fds[1]);
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(binary, argv.data());
      _exit(127);
    }
    close(fds[1]);
    // The first line says where it listens: "medoracle serve: http://127.0.0.1:PORT/ (...)".
    std::string line;
    char c;
    while (read(fds[0], &c, 1) == 1 && c != '\n') line += c;
    close(fds[0]);
    first_line_ = line;
    const size_t colon = line.find(':', line.find("127.0.0.1"));
    if (colon != std::string::npos) port_ = std::atoi(line.c_str() + colon + 1);
  }
  ~ServeProcess() { Kill(SIGKILL); }
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  // What the server printed first ("medoracle serve: http://127.0.0.1:PORT/ (...)").
  const std::string& first_line() const { return first_line_; }
  // Sends signal and waits for the process to end; true when it was running.
  bool Kill(int signal) {
    if (pid_ <= 0) return false;
    kill(pid_, signal);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return true;
  }
  // A field of /proc/PID/status in KiB ("VmRSS", "VmHWM"); -1 when unreadable.
  long StatusKib(const std::string& field) const {
    std::ifstream in("/proc/" + std::to_string(pid_) + "/status");
    for (std::string line; std::getline(in, line);) {
      if (line.rfind(field + ":", 0) == 0) return std::atol(line.c_str() + field.size() + 1);
    }
    return -1;
  }

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  std::string first_line_;
};

// A TCP connection to 127.0.0.1:port; -1 on failure.
inline int ConnectLoopback(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return -1;
  }
  timeval timeout{10, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  return fd;
}

// Writes all of data; false when the peer closed or reset the connection.
inline bool SendAll(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    data.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

// Reads until the peer closes, an error, the receive timeout, or max bytes.
inline std::string ReadSome(int fd, size_t max = 1 << 20) {
  std::string out;
  char buf[4096];
  while (out.size() < max) {
    const ssize_t n = recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
    if (out.find("\r\n\r\n") != std::string::npos) {
      // Enough for a status line and headers; read the rest of a small body if it is there.
      const size_t length_at = out.find("Content-Length: ");
      if (length_at != std::string::npos) {
        const size_t want = out.find("\r\n\r\n") + 4 + std::strtoul(out.c_str() + length_at + 16, nullptr, 10);
        if (out.size() >= want) break;
      }
    }
  }
  return out;
}

}  // namespace medoracle::testing
