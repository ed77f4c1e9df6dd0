// Durability of review actions: `medoracle serve` is killed with SIGKILL while editors are changing
// statuses over HTTP; after a restart every acknowledged action (status, history, audit row) is there.
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "auth/credentials.h"
#include "fixtures.h"
#include "serve_process.h"
#include "ingest/ingester.h"
#include "store/store.h"

namespace medoracle::server {
namespace {

using medoracle::testing::JsonlDoc;
using medoracle::testing::ServeProcess;
using medoracle::testing::TempDir;
using medoracle::testing::WriteFile;
using nlohmann::json;

constexpr char kPassword[] = "durable password 1";

// A session cookie and CSRF token for name, or empty strings.
std::pair<std::string, std::string> LogIn(int port, const std::string& name) {
  httplib::Client client("127.0.0.1", port);
  auto res =
      client.Post("/api/login", json({{"name", name}, {"password", kPassword}}).dump(), "application/json");
  if (!res || res->status != 200) return {};
  const std::string cookie = res->get_header_value("Set-Cookie");
  const size_t start = cookie.find('=') + 1;
  return {cookie.substr(start, cookie.find(';') - start), json::parse(res->body).value("csrf_token", "")};
}

// The review cycle each answer goes round: (from, to, comment).
struct Step {
  const char* from;
  const char* to;
  const char* comment;
};
constexpr Step kCycle[] = {{"submitted", "under_review", ""}, {"under_review", "approved", ""},
                           {"approved", "under_review", ""},  {"under_review", "rejected", "not specific"},
                           {"rejected", "under_review", ""},  {"under_review", "submitted", ""}};
constexpr size_t kCycleLength = sizeof(kCycle) / sizeof(kCycle[0]);

// What one answer went through: acknowledged steps, and the step in flight when the server died.
struct Progress {
  size_t acknowledged = 0;
  bool in_flight = false;
};

TEST(DurabilityTest, KillNineLosesNoAcknowledgedReviewAction) {
  TempDir tmp;
  std::string corpus;
  const std::vector<std::string> topics = {"gout", "asthma", "migraine", "psoriasis", "anaemia", "glaucoma"};
  for (const std::string& t : topics) {
    corpus += JsonlDoc("test:" + t, "Guideline on " + t,
                       "First-line treatment of " + t + " is described in this guideline. Patients with " +
                           t + " need regular follow-up.");
  }
  WriteFile(tmp / "corpus/docs.jsonl", corpus);
  {
    auto index = OpenIndex(tmp / "index", Index::Mode::kReadWrite);
    ASSERT_TRUE(index.ok()) << index.status().ToString();
    ASSERT_TRUE(Ingest(**index, {tmp / "corpus"}, IngestOptions{}).ok());
  }
  const std::string db = tmp / "reviews.db";
  {
    auto store = store::OpenSqliteStore(db);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    auto hash = auth::HashPassword(kPassword);
    ASSERT_TRUE(hash.ok());
    ASSERT_TRUE((*store)->AddUser("eve", store::Role::kEditor, *hash, {"test", ""}).ok());
    ASSERT_TRUE((*store)->AddUser("ada", store::Role::kAdmin, *hash, {"test", ""}).ok());
  }

  auto server = std::make_unique<ServeProcess>(tmp / "index", db);
  ASSERT_GT(server->port(), 0) << "medoracle serve did not start";
  std::vector<std::string> ids;
  {
    httplib::Client client("127.0.0.1", server->port());
    for (const std::string& t : topics) {
      for (const char* audience : {"clinician", "patient"}) {
        auto res = client.Post(
            "/api/ask", json({{"question", "How is " + t + " treated?"}, {"audience", audience}}).dump(),
            "application/json");
        ASSERT_TRUE(res && res->status == 200) << (res ? res->body : "no response");
        ids.push_back(json::parse(res->body)["id"]);
      }
    }
  }
  // Named copies, not structured bindings: lambdas capture these (clang 14 refuses bindings).
  const auto session = LogIn(server->port(), "eve");
  const std::string cookie = session.first;
  const std::string csrf = session.second;
  ASSERT_FALSE(cookie.empty());

  // Two editors' worth of traffic; the server is killed right after the 40th acknowledgement,
  // while the other thread's request may be in flight.
  constexpr int kKillAfter = 40;
  std::map<std::string, Progress> progress;
  for (const auto& id : ids) progress[id];
  std::mutex mu;
  std::atomic<int> acknowledged{0};
  const int port = server->port();
  const pid_t pid = server->pid();
  auto editor = [&](size_t first) {
    httplib::Client client("127.0.0.1", port);
    const httplib::Headers headers = {{"Cookie", "medoracle_session=" + cookie}, {"X-CSRF-Token", csrf}};
    for (size_t round = 0; round < 1000; ++round) {
      const std::string& id = ids[first + 2 * (round % (ids.size() / 2))];
      Step step;
      {
        std::lock_guard<std::mutex> lock(mu);
        Progress& p = progress[id];
        step = kCycle[p.acknowledged % kCycleLength];
        p.in_flight = true;
      }
      auto res =
          client.Post("/api/review/answers/" + id + "/status", headers,
                      json({{"expected", step.from}, {"to", step.to}, {"comment", step.comment}}).dump(),
                      "application/json");
      if (!res) return;  // the server is gone; this step may or may not have been committed
      ASSERT_EQ(res->status, 200) << res->body;
      {
        std::lock_guard<std::mutex> lock(mu);
        progress[id].acknowledged++;
        progress[id].in_flight = false;
      }
      if (++acknowledged == kKillAfter) kill(pid, SIGKILL);
    }
  };
  std::thread a(editor, 0), b(editor, 1);
  a.join();
  b.join();
  ASSERT_GE(acknowledged.load(), kKillAfter);
  server.reset();  // reaps the killed process

  server = std::make_unique<ServeProcess>(tmp / "index", db);
  ASSERT_GT(server->port(), 0) << "medoracle serve did not restart on the store";
  const auto [admin_cookie, admin_csrf] = LogIn(server->port(), "ada");
  ASSERT_FALSE(admin_cookie.empty());
  httplib::Client client("127.0.0.1", server->port());
  const httplib::Headers headers = {{"Cookie", "medoracle_session=" + admin_cookie}};
  auto audit = client.Get("/api/admin/audit?limit=1000", headers);
  ASSERT_TRUE(audit && audit->status == 200);
  const json entries = json::parse(audit->body)["entries"];
  for (const auto& [id, p] : progress) {
    auto res = client.Get("/api/review/answers/" + id, headers);
    ASSERT_TRUE(res && res->status == 200) << id;
    const json detail = json::parse(res->body);
    const size_t events = detail["history"].size();
    // Every acknowledged step is there; a step in flight may have been committed too.
    EXPECT_GE(events, p.acknowledged) << id;
    EXPECT_LE(events, p.acknowledged + (p.in_flight ? 1 : 0)) << id;
    const std::string status = detail["answer"]["status"];
    EXPECT_EQ(status, events == 0 ? "submitted" : kCycle[(events - 1) % kCycleLength].to) << id;
    size_t audited = 0;
    for (const auto& e : entries)
      audited += e["action"] == "review.set" && e["target"] == id && e["user"] == "eve";
    EXPECT_EQ(audited, events) << id;  // each committed action has its audit row, and no more
  }
  // The editor's session survived the crash too.
  auto me = client.Get("/api/me", {{"Cookie", "medoracle_session=" + cookie}});
  ASSERT_TRUE(me);
  EXPECT_EQ(me->status, 200);
  EXPECT_TRUE(server->Kill(SIGTERM));
}

}  // namespace
}  // namespace medoracle::server
