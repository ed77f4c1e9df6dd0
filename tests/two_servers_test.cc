// Two `medoracle serve` processes on one PostgreSQL store, as behind a load balancer: an approval on one
// is served pinned by the other at once; sessions, API tokens and login throttling hold on both; and
// kill -9 of either server loses no acknowledged review action.
#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "auth/credentials.h"
#include "fixtures.h"
#include "index/index.h"
#include "ingest/ingester.h"
#include "postgres_fixture.h"
#include "serve_process.h"
#include "store/store.h"

namespace medoracle {
namespace {

using medoracle::testing::JsonlDoc;
using medoracle::testing::ServeProcess;
using medoracle::testing::SkipPostgres;
using medoracle::testing::TempDir;
using medoracle::testing::TestDatabase;
using medoracle::testing::WriteFile;
using nlohmann::json;

constexpr char kPassword[] = "shared store password";

// A session cookie and CSRF token for name on the server at port, or empty strings; *status gets the
// HTTP status of the login.
std::pair<std::string, std::string> LogIn(int port, const std::string& name, const std::string& password,
                                          int* status = nullptr) {
  httplib::Client client("127.0.0.1", port);
  auto res = client.Post("/api/login", json({{"name", name}, {"password", password}}).dump(), "application/json");
  if (status != nullptr) *status = res ? res->status : -1;
  if (!res || res->status != 200) return {};
  const std::string cookie = res->get_header_value("Set-Cookie");
  const size_t start = cookie.find('=') + 1;
  return {cookie.substr(start, cookie.find(';') - start), json::parse(res->body).value("csrf_token", "")};
}

json Ask(int port, const std::string& question) {
  httplib::Client client("127.0.0.1", port);
  auto res =
      client.Post("/api/ask", json({{"question", question}, {"audience", "clinician"}}).dump(), "application/json");
  if (!res || res->status != 200) {
    ADD_FAILURE() << "ask on port " << port << ": " << (res ? res->body : "no response");
    return json::object();
  }
  return json::parse(res->body);
}

// Sets answer id from one status to another on the server at port; the HTTP status (-1: no response).
int SetStatus(int port, const std::pair<std::string, std::string>& session, const std::string& id,
              const std::string& from, const std::string& to, const std::string& comment = "") {
  httplib::Client client("127.0.0.1", port);
  const httplib::Headers headers = {{"Cookie", "medoracle_session=" + session.first}, {"X-CSRF-Token", session.second}};
  auto res = client.Post("/api/review/answers/" + id + "/status", headers,
                         json({{"expected", from}, {"to", to}, {"comment", comment}}).dump(), "application/json");
  return res ? res->status : -1;
}

class TwoServersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!db_.ok() && SkipPostgres()) GTEST_SKIP() << "MEDORACLE_TEST_PG=skip";
    ASSERT_TRUE(db_.ok()) << "PostgreSQL test cluster: " << db_.error();
    // A small index from generated documents; each server gets its own read-only copy, as on two hosts.
    std::string corpus;
    for (const std::string& t : topics_) {
      corpus += JsonlDoc("test:" + t, "Guideline on " + t,
                         "First-line treatment of " + t + " is described in this guideline. Patients with " + t +
                             " need regular follow-up.");
    }
    WriteFile(tmp_ / "corpus/docs.jsonl", corpus);
    {
      auto index = OpenIndex(tmp_ / "index", Index::Mode::kReadWrite);
      ASSERT_TRUE(index.ok()) << index.status().ToString();
      ASSERT_TRUE(Ingest(**index, {tmp_ / "corpus"}, IngestOptions{}).ok());
    }
    for (const char* host : {"index_a", "index_b"}) {
      std::filesystem::copy(tmp_ / "index", tmp_ / host, std::filesystem::copy_options::recursive);
    }
    auto store = store::OpenStore(db_.url());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    auto hash = auth::HashPassword(kPassword);
    ASSERT_TRUE(hash.ok());
    ASSERT_TRUE((*store)->AddUser("eve", store::Role::kEditor, *hash, {"test", ""}).ok());
    ASSERT_TRUE((*store)->AddUser("ada", store::Role::kAdmin, *hash, {"test", ""}).ok());
    ASSERT_TRUE((*store)->AddUser("rob", store::Role::kReader, *hash, {"test", ""}).ok());
    a_ = std::make_unique<ServeProcess>(tmp_ / "index_a", db_.url());
    b_ = std::make_unique<ServeProcess>(tmp_ / "index_b", db_.url());
    ASSERT_GT(a_->port(), 0) << "server A did not start";
    ASSERT_GT(b_->port(), 0) << "server B did not start";
  }

  const std::vector<std::string> topics_ = {"gout", "asthma", "migraine", "psoriasis", "anaemia", "glaucoma"};
  TempDir tmp_;
  TestDatabase db_;
  std::unique_ptr<ServeProcess> a_;
  std::unique_ptr<ServeProcess> b_;
};

TEST_F(TwoServersTest, AnApprovalOnOneIsServedPinnedByTheOtherAtOnce) {
  EXPECT_NE(a_->first_line().find("store postgresql:///"), std::string::npos) << a_->first_line();
  const std::string question = "How is gout treated?";
  // Server B composes and caches the answer; server A finds the same answer in the store.
  const json first = Ask(b_->port(), question);
  const std::string id = first.value("id", "");
  ASSERT_FALSE(id.empty());
  EXPECT_EQ(first["review"]["status"], "submitted");
  EXPECT_EQ(Ask(b_->port(), question)["review"]["status"], "submitted");  // now served from B's cache
  EXPECT_EQ(Ask(a_->port(), question).value("id", ""), id);

  const auto eve = LogIn(a_->port(), "eve", kPassword);
  ASSERT_FALSE(eve.first.empty());
  ASSERT_EQ(SetStatus(a_->port(), eve, id, "submitted", "under_review"), 200);
  ASSERT_EQ(SetStatus(a_->port(), eve, id, "under_review", "approved", "checked"), 200);

  // At once, with no wait: B's cached copy is checked against the store on every hit.
  const json pinned = Ask(b_->port(), question);
  EXPECT_EQ(pinned.value("id", ""), id);
  EXPECT_EQ(pinned["review"]["status"], "approved");
  EXPECT_EQ(pinned["review"]["approved_version"], 1);
  EXPECT_EQ(pinned["version"], 1);

  // And back: reopened on B, A stops serving it as approved.
  ASSERT_EQ(SetStatus(b_->port(), eve, id, "approved", "under_review"), 200);
  EXPECT_EQ(Ask(a_->port(), question)["review"]["status"], "under_review");
  // The editor saw "approved" on A; B changed it meanwhile: refused, not overwritten.
  EXPECT_EQ(SetStatus(a_->port(), eve, id, "approved", "under_review"), 409);
}

TEST_F(TwoServersTest, SessionsTokensAndThrottlingHoldOnBothServers) {
  // A session started on A works on B, and a logout on B ends it on A.
  const auto rob = LogIn(a_->port(), "rob", kPassword);
  ASSERT_FALSE(rob.first.empty());
  httplib::Client a("127.0.0.1", a_->port());
  httplib::Client b("127.0.0.1", b_->port());
  auto me = b.Get("/api/me", {{"Cookie", "medoracle_session=" + rob.first}});
  ASSERT_TRUE(me);
  EXPECT_EQ(me->status, 200);
  EXPECT_EQ(json::parse(me->body)["user"]["name"], "rob");
  auto out = b.Post("/api/logout", {{"Cookie", "medoracle_session=" + rob.first}, {"X-CSRF-Token", rob.second}}, "",
                    "application/json");
  ASSERT_TRUE(out);
  EXPECT_EQ(out->status, 204) << out->body;
  me = a.Get("/api/me", {{"Cookie", "medoracle_session=" + rob.first}});
  ASSERT_TRUE(me);
  EXPECT_EQ(me->status, 401);

  // An API token made on A authenticates on B; revoked on B, it is refused on A.
  const auto ada = LogIn(a_->port(), "ada", kPassword);
  ASSERT_FALSE(ada.first.empty());
  auto made = a.Post("/api/admin/tokens", {{"Cookie", "medoracle_session=" + ada.first}, {"X-CSRF-Token", ada.second}},
                     json({{"name", "ci"}}).dump(), "application/json");
  ASSERT_TRUE(made);
  ASSERT_EQ(made->status, 200) << made->body;
  const json token = json::parse(made->body);
  const httplib::Headers bearer = {{"Authorization", "Bearer " + token["token"].get<std::string>()}};
  auto audit = b.Get("/api/admin/audit?limit=5", bearer);
  ASSERT_TRUE(audit);
  EXPECT_EQ(audit->status, 200);
  auto revoked = b.Post("/api/admin/tokens/" + std::to_string(token["id"].get<int64_t>()) + "/revoke", bearer, "",
                        "application/json");
  ASSERT_TRUE(revoked);
  EXPECT_EQ(revoked->status, 204) << revoked->body;
  audit = a.Get("/api/admin/audit?limit=5", bearer);
  ASSERT_TRUE(audit);
  EXPECT_EQ(audit->status, 401);

  // Failed logins count across servers: five wrong passwords spread over A and B, then B throttles
  // the name even with the right password.
  for (int i = 0; i < 5; ++i) {
    int status = 0;
    LogIn(i % 2 == 0 ? a_->port() : b_->port(), "eve", "wrong password " + std::to_string(i), &status);
    EXPECT_EQ(status, 401) << "attempt " << i;
  }
  int status = 0;
  EXPECT_TRUE(LogIn(b_->port(), "eve", kPassword, &status).first.empty());
  EXPECT_EQ(status, 429);
  LogIn(a_->port(), "eve", kPassword, &status);
  EXPECT_EQ(status, 429);
}

// What one answer went through: acknowledged steps, and whether a step was in flight when its server died.
struct Progress {
  size_t acknowledged = 0;
  bool in_flight = false;
};

// The review cycle each answer goes round: (from, to).
constexpr std::pair<const char*, const char*> kCycle[] = {{"submitted", "under_review"}, {"under_review", "approved"},
                                                          {"approved", "under_review"},  {"under_review", "rejected"},
                                                          {"rejected", "under_review"},  {"under_review", "submitted"}};
constexpr size_t kCycleLength = std::size(kCycle);

TEST_F(TwoServersTest, KillNineOfEitherServerLosesNoAcknowledgedAction) {
  std::vector<std::string> ids;
  for (const std::string& t : topics_) {
    const json answer = Ask(t.size() % 2 == 0 ? a_->port() : b_->port(), "How is " + t + " treated?");
    ASSERT_TRUE(answer.contains("id"));
    ids.push_back(answer["id"]);
  }
  const auto eve = LogIn(a_->port(), "eve", kPassword);
  ASSERT_FALSE(eve.first.empty());
  std::map<std::string, Progress> progress;
  for (const auto& id : ids) progress[id];
  std::mutex mu;

  // Two editors, one on each server, each on its own answers, until the victim server is killed right
  // after `kill_after` acknowledgements on it. The other server goes on serving.
  auto run = [&](ServeProcess& victim, ServeProcess& survivor, int kill_after) {
    std::atomic<int> acknowledged_on_victim{0};
    std::atomic<bool> stop{false};
    auto editor = [&](ServeProcess& server, size_t first, bool is_victim) {
      const int port = server.port();
      for (size_t round = 0; round < 400 && !stop; ++round) {
        const std::string& id = ids[first + 2 * (round % (ids.size() / 2))];
        std::pair<const char*, const char*> step;
        {
          std::lock_guard<std::mutex> lock(mu);
          Progress& p = progress[id];
          step = kCycle[p.acknowledged % kCycleLength];
          p.in_flight = true;
        }
        const int status = SetStatus(port, eve, id, step.first, step.second, "round " + std::to_string(round));
        if (status == -1) return;  // the server is gone; this step may or may not have been committed
        ASSERT_EQ(status, 200) << id << " " << step.first << " -> " << step.second;
        {
          std::lock_guard<std::mutex> lock(mu);
          progress[id].acknowledged++;
          progress[id].in_flight = false;
        }
        if (is_victim && ++acknowledged_on_victim == kill_after) kill(victim.pid(), SIGKILL);
      }
    };
    std::thread on_victim(editor, std::ref(victim), 0, true);
    std::thread on_survivor(editor, std::ref(survivor), 1, false);
    on_victim.join();
    stop = true;
    on_survivor.join();
    EXPECT_GE(acknowledged_on_victim.load(), kill_after);
  };

  // Check after each crash: every acknowledged step is in the store; one in flight may be too.
  auto check = [&](const char* after) {
    SCOPED_TRACE(after);
    auto store = store::OpenStore(db_.url());
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    auto log = (*store)->AuditLog(100000);
    ASSERT_TRUE(log.ok());
    for (auto& [id, p] : progress) {
      auto history = (*store)->ReviewHistory(id);
      ASSERT_TRUE(history.ok()) << history.status().ToString();
      const size_t events = history->size();
      EXPECT_GE(events, p.acknowledged) << id;
      EXPECT_LE(events, p.acknowledged + (p.in_flight ? 1 : 0)) << id;
      size_t audited = 0;
      for (const auto& e : *log) audited += e.action == "review.set" && e.target == id;
      EXPECT_EQ(audited, events) << id;  // each committed action has its audit row, and no more
      const std::string status(store::ReviewStatusName((*store)->GetAnswer(id)->status));
      EXPECT_EQ(status, events == 0 ? "submitted" : kCycle[(events - 1) % kCycleLength].second) << id;
      // Carry on from what is stored: a step in flight that committed counts as acknowledged.
      p.acknowledged = events;
      p.in_flight = false;
    }
  };

  run(*a_, *b_, 20);
  a_.reset();  // reaps the killed server
  check("after kill -9 of server A");

  a_ = std::make_unique<ServeProcess>(tmp_ / "index_a", db_.url());  // A comes back; now B dies
  ASSERT_GT(a_->port(), 0) << "server A did not restart";
  run(*b_, *a_, 20);
  b_.reset();
  check("after kill -9 of server B");

  // The editor's session, started on A before both crashes, still works on the restarted A.
  httplib::Client client("127.0.0.1", a_->port());
  auto me = client.Get("/api/me", {{"Cookie", "medoracle_session=" + eve.first}});
  ASSERT_TRUE(me);
  EXPECT_EQ(me->status, 200);
}

}  // namespace
}  // namespace medoracle
