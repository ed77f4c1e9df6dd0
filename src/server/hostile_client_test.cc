// Clients that are slow, greedy or malformed, against the real `medoracle serve` binary (issue 17):
// each test is named after the defect it fixed.
#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "fixtures.h"
#include "ingest/ingester.h"
#include "serve_process.h"

namespace medoracle::server {
namespace {

using medoracle::testing::ConnectLoopback;
using medoracle::testing::JsonlDoc;
using medoracle::testing::ReadSome;
using medoracle::testing::SendAll;
using medoracle::testing::ServeProcess;
using medoracle::testing::TempDir;
using medoracle::testing::WriteFile;
using Clock = std::chrono::steady_clock;

class HostileClientTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    WriteFile(*dir_ / "corpus/docs.jsonl",
              JsonlDoc("test:gout", "Gout flares", "Colchicine treats gout flares. Allopurinol lowers urate."));
    auto index = OpenIndex(*dir_ / "index", Index::Mode::kReadWrite);
    ASSERT_TRUE(index.ok()) << index.status().ToString();
    ASSERT_TRUE(Ingest(**index, {*dir_ / "corpus"}, IngestOptions{}).ok());
  }
  static void TearDownTestSuite() { delete dir_; }

  static std::unique_ptr<ServeProcess> Serve(std::vector<std::string> extra = {}) {
    static int n = 0;
    auto server = std::make_unique<ServeProcess>(*dir_ / "index", *dir_ / ("app" + std::to_string(++n) + ".db"),
                                                 std::move(extra));
    EXPECT_GT(server->port(), 0) << "medoracle serve did not start";
    return server;
  }

  static TempDir* dir_;
};
TempDir* HostileClientTest::dir_ = nullptr;

// Issue 17 defect 1: cpp-httplib gave each connection a worker thread for as long as it sent a byte
// within the read timeout, so 4 clients trickling header bytes (and 4 idle keep-alive connections)
// left nobody to answer anyone else. Now 16 tricklers and 8 idle connections hold no thread, and
// health probes and asks are answered at once.
TEST_F(HostileClientTest, FourSlowClientsStoppedTheServer_NowOthersAreServed) {
  auto server = Serve();
  ASSERT_GT(server->port(), 0);
  std::vector<int> idle;
  for (int i = 0; i < 8; ++i) {  // one request each, then the connection stays open, silent
    const int fd = ConnectLoopback(server->port());
    ASSERT_GE(fd, 0);
    ASSERT_TRUE(SendAll(fd, "GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n"));
    ASSERT_NE(ReadSome(fd).find("200 OK"), std::string::npos);
    idle.push_back(fd);
  }
  std::atomic<bool> stop{false};
  std::vector<std::thread> tricklers;
  for (int i = 0; i < 16; ++i) {
    tricklers.emplace_back([&] {
      const int fd = ConnectLoopback(server->port());
      if (fd < 0) return;
      SendAll(fd, "GET /api/health HTTP/1.1\r\nHost: x\r\nX-Slow: ");
      while (!stop && SendAll(fd, "a")) std::this_thread::sleep_for(std::chrono::milliseconds(100));
      close(fd);
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // every trickler is connected
  httplib::Client client("127.0.0.1", server->port());
  client.set_connection_timeout(3);
  client.set_read_timeout(3);
  int answered = 0;
  double slowest = 0;
  for (int i = 0; i < 6; ++i) {
    const auto start = Clock::now();
    auto res = i % 2 ? client.Get("/api/health")
                     : client.Post("/api/ask", R"({"question": "How are gout flares treated?"})", "application/json");
    const std::chrono::duration<double> took = Clock::now() - start;
    slowest = std::max(slowest, took.count());
    answered += res && res->status == 200;
  }
  stop = true;
  for (auto& t : tricklers) t.join();
  for (int fd : idle) close(fd);
  EXPECT_EQ(answered, 6);
  EXPECT_LT(slowest, 1.0) << "seconds for the slowest of 6 requests";
}

// The header deadline: a client that never finishes its headers is cut off after --io-timeout.
TEST_F(HostileClientTest, ASlowClientHeldItsConnectionForever_NowTheHeaderDeadlineEndsIt) {
  auto server = Serve({"--io-timeout", "1"});
  ASSERT_GT(server->port(), 0);
  const int fd = ConnectLoopback(server->port());
  ASSERT_GE(fd, 0);
  const auto start = Clock::now();
  ASSERT_TRUE(SendAll(fd, "GET /api/health HTTP/1.1\r\nHost: x\r\nX-Slow: "));
  bool open = true;
  while (open && Clock::now() - start < std::chrono::seconds(8)) {
    open = SendAll(fd, "a");
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  const std::chrono::duration<double> took = Clock::now() - start;
  close(fd);
  EXPECT_FALSE(open) << "still open after 8 s";
  EXPECT_LT(took.count(), 3.5);
}

// Issue 17 defect 2: the whole body was buffered before the handler ran, so a chunked body (which
// declares no length) bypassed the 16 KiB limit: 300 MB took the server to 1.24 GB. Now the excess
// is refused with 413 as soon as it arrives and the server's memory stays put.
TEST_F(HostileClientTest, AChunkedBodyBypassedTheSizeLimit_NowItIsRefused) {
  auto server = Serve();
  ASSERT_GT(server->port(), 0);
  const long rss_before = server->StatusKib("VmHWM");
  const int fd = ConnectLoopback(server->port());
  ASSERT_GE(fd, 0);
  std::string response;
  std::thread reader([&] { response = ReadSome(fd); });
  ASSERT_TRUE(SendAll(fd,
                      "POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                      "Transfer-Encoding: chunked\r\n\r\n"));
  const std::string chunk = "10000\r\n" + std::string(0x10000, 'a') + "\r\n";
  size_t sent = 0;
  while (sent < (200u << 20) && SendAll(fd, chunk)) sent += 0x10000;
  shutdown(fd, SHUT_WR);
  reader.join();
  close(fd);
  EXPECT_EQ(response.substr(0, 12), "HTTP/1.1 413") << response.substr(0, 200);
  EXPECT_NE(response.find("the request body is too large"), std::string::npos);
  EXPECT_LT(sent, 200u << 20) << "the server read all of a 200 MB body";
  const long rss_after = server->StatusKib("VmHWM");
  EXPECT_LT(rss_after - rss_before, 20 * 1024) << "KiB of peak memory added by one refused body";
  // The server still answers.
  httplib::Client client("127.0.0.1", server->port());
  auto res = client.Get("/api/health");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
}

// A declared length over the limit is refused before the body is read.
TEST_F(HostileClientTest, ADeclaredLengthOverTheLimitIsRefusedUnread) {
  auto server = Serve();
  ASSERT_GT(server->port(), 0);
  const int fd = ConnectLoopback(server->port());
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(SendAll(fd,
                      "POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                      "Content-Length: 300000000\r\n\r\n{"));
  const std::string response = ReadSome(fd);
  close(fd);
  EXPECT_EQ(response.substr(0, 12), "HTTP/1.1 413") << response.substr(0, 200);
}

// Concurrent connections per client address are capped (--max-connections-per-address).
TEST_F(HostileClientTest, OneAddressCouldOpenEveryConnection_NowItIsCapped) {
  auto server = Serve({"--max-connections-per-address", "6"});
  ASSERT_GT(server->port(), 0);
  std::vector<int> held;
  for (int i = 0; i < 6; ++i) held.push_back(ConnectLoopback(server->port()));
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  const int extra = ConnectLoopback(server->port());  // accepted by the kernel, closed by the server
  ASSERT_GE(extra, 0);
  SendAll(extra, "GET /api/health HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(ReadSome(extra), "");
  close(extra);
  for (int fd : held) close(fd);
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  httplib::Client client("127.0.0.1", server->port());
  auto res = client.Get("/api/health");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
}

// Issue 17 defect 4: "Range: bytes=0-,0-,..." (2,000 ranges) on a static file returned 72 MB for a
// 6 KB request. Ranges are not served: the file comes back once, whole.
TEST_F(HostileClientTest, ManyRangesAmplifiedAStaticFile_NowTheFileIsSentOnce) {
  auto server = Serve();
  ASSERT_GT(server->port(), 0);
  httplib::Client client("127.0.0.1", server->port());
  auto whole = client.Get("/app.js");
  ASSERT_TRUE(whole);
  ASSERT_EQ(whole->status, 200);
  std::string ranges = "bytes=0-";
  for (int i = 1; i < 2000; ++i) ranges += ",0-";
  auto res = client.Get("/app.js", {{"Range", ranges}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body.size(), whole->body.size());
}

}  // namespace
}  // namespace medoracle::server
