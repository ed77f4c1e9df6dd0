// Tests of the HTTP layer on its own (server/http.h): routing, the request as the routes see it,
// limits, saturation, errors.
#include "server/http.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "serve_process.h"

namespace medoracle::server {
namespace {

// A listener on a free port served from a thread, stopped at the end.
class Serving {
 public:
  Serving(Router router, HttpLimits limits) {
    auto listener = HttpListener::Bind("127.0.0.1", 0, std::move(router), limits, {{"X-Default", "yes"}},
                                       [](const HttpRequest&, HttpResponse& res) {
                                         res.set_content("error " + std::to_string(res.status), "text/plain");
                                       });
    EXPECT_TRUE(listener.ok()) << listener.status().ToString();
    if (!listener.ok()) return;
    listener_ = std::move(listener).value();
    thread_ = std::thread([this] { listener_->Run(); });
  }
  ~Serving() {
    if (!listener_) return;
    listener_->Stop();
    thread_.join();
  }
  int port() const { return listener_ ? listener_->port() : 0; }

 private:
  std::unique_ptr<HttpListener> listener_;
  std::thread thread_;
};

TEST(HttpTest, RoutesSeeTheTargetAsSentAndDecodedPartsBeside) {
  Router router;
  HttpRequest seen;
  router.Get(R"(/d/(.+))", [&](const HttpRequest& req, HttpResponse& res) {
    seen = req;
    res.set_content("ok", "text/plain");
  });
  Serving serving(std::move(router), HttpLimits{});
  httplib::Client client("127.0.0.1", serving.port());
  auto res = client.Get("/d/a%3Ab%2Fc?span=1-2&span=3-4&q=x%20y%21&flag", {{"X-Thing", "T"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("X-Default"), "yes");
  EXPECT_EQ(seen.method, "GET");
  EXPECT_EQ(seen.target, "/d/a%3Ab%2Fc?span=1-2&span=3-4&q=x%20y%21&flag");
  EXPECT_EQ(seen.path, "/d/a:b/c");
  ASSERT_EQ(seen.matches.size(), 2u);
  EXPECT_EQ(seen.matches[1], "a:b/c");
  EXPECT_EQ(seen.get_param_value("span"), "1-2");
  EXPECT_EQ(seen.get_param_value("q"), "x y!");
  EXPECT_TRUE(seen.has_param("flag"));
  EXPECT_EQ(seen.get_header_value("x-thing"), "T");
  EXPECT_EQ(seen.remote_addr, "127.0.0.1");
  // HEAD uses the GET route and gets no body; an unknown route is the error page's 404.
  res = client.Head("/d/x:y");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_TRUE(res->body.empty());
  res = client.Post("/d/x:y", "{}", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  EXPECT_EQ(res->body, "error 404");
}

TEST(HttpTest, AHandlersExceptionIsA500) {
  Router router;
  router.Get("/boom", [](const HttpRequest&, HttpResponse&) { throw std::runtime_error("boom"); });
  Serving serving(std::move(router), HttpLimits{});
  httplib::Client client("127.0.0.1", serving.port());
  auto res = client.Get("/boom");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 500);
  EXPECT_EQ(res->body, "error 500");
}

TEST(HttpTest, BodiesUpToTheLimitArriveWholeAndLargerOnesAre413) {
  Router router;
  router.Post("/echo", [](const HttpRequest& req, HttpResponse& res) { res.set_content(req.body, "text/plain"); });
  HttpLimits limits;
  limits.max_body_bytes = 1000;
  Serving serving(std::move(router), limits);
  httplib::Client client("127.0.0.1", serving.port());
  auto res = client.Post("/echo", std::string(1000, 'x'), "text/plain");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body, std::string(1000, 'x'));
  res = client.Post("/echo", std::string(1001, 'x'), "text/plain");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);
  // Chunked: the same limit, answered while the client is still sending (read concurrently, as
  // curl and browsers do; httplib's client stops at the failed write).
  const int fd = testing::ConnectLoopback(serving.port());
  ASSERT_GE(fd, 0);
  std::string response;
  std::thread reader([&] { response = testing::ReadSome(fd); });
  testing::SendAll(fd, "POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n");
  for (int i = 0; i < 100 && testing::SendAll(fd, "1f4\r\n" + std::string(500, 'y') + "\r\n"); ++i) {
  }
  reader.join();
  close(fd);
  EXPECT_EQ(response.substr(0, 12), "HTTP/1.1 413") << response;
  EXPECT_NE(response.find("X-Default: yes"), std::string::npos) << response;
  EXPECT_NE(response.find("error 413"), std::string::npos) << response;
}

// Issue 17 item 7: a saturated server kept every request waiting; now a request that finds the
// workers busy and the queue full is answered 503 with Retry-After at once.
TEST(HttpTest, ASaturatedServerMadeEveryoneWait_NowTheExcessGets503WithRetryAfter) {
  std::mutex mu;
  std::condition_variable cv;
  bool release = false;
  int started = 0;
  Router router;
  router.Get("/slow", [&](const HttpRequest&, HttpResponse& res) {
    std::unique_lock<std::mutex> lock(mu);
    ++started;
    cv.notify_all();
    cv.wait(lock, [&] { return release; });
    res.set_content("done", "text/plain");
  });
  router.Get("/health", [](const HttpRequest&, HttpResponse& res) { res.set_content("ok", "text/plain"); },
             Dispatch::kInline);
  HttpLimits limits;
  limits.workers = 1;
  limits.max_queued = 1;
  Serving serving(std::move(router), limits);
  int first = 0, second = 0;
  std::thread a([&] { first = httplib::Client("127.0.0.1", serving.port()).Get("/slow")->status; });
  {
    std::unique_lock<std::mutex> lock(mu);
    cv.wait(lock, [&] { return started == 1; });
  }
  std::thread b([&] { second = httplib::Client("127.0.0.1", serving.port()).Get("/slow")->status; });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // b is queued
  httplib::Client client("127.0.0.1", serving.port());
  auto res = client.Get("/slow");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 503);
  EXPECT_EQ(res->get_header_value("Retry-After"), "1");
  // Inline routes are answered while the workers are busy.
  res = client.Get("/health");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  {
    std::lock_guard<std::mutex> lock(mu);
    release = true;
  }
  cv.notify_all();
  a.join();
  b.join();
  EXPECT_EQ(first, 200);
  EXPECT_EQ(second, 200);
}

TEST(HttpTest, QueryAndUrlDecoding) {
  EXPECT_EQ(DecodeUrl("a%2Fb+c%zz%4", false), "a/b+c%zz%4");
  EXPECT_EQ(DecodeUrl("a+b%20c", true), "a b c");
  const HeaderList q = ParseQuery("a=1&&b=&c&d=x%3Dy");
  ASSERT_EQ(q.size(), 4u);
  EXPECT_EQ(q[0], (std::pair<std::string, std::string>{"a", "1"}));
  EXPECT_EQ(q[1], (std::pair<std::string, std::string>{"b", ""}));
  EXPECT_EQ(q[2], (std::pair<std::string, std::string>{"c", ""}));
  EXPECT_EQ(q[3], (std::pair<std::string, std::string>{"d", "x=y"}));
}

}  // namespace
}  // namespace medoracle::server
