// Security and workflow tests of the accounts, review and admin API over HTTP against a server on
// 127.0.0.1: roles, CSRF, session fixation, logout, password guessing, bearer tokens, the approve flow.
#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "auth/credentials.h"
#include "fixtures.h"
#include "ingest/ingester.h"
#include "review/workflow.h"
#include "server/server.h"
#include "store/store.h"

namespace medoracle::server {
namespace {

using medoracle::testing::TempDir;
using medoracle::testing::WriteFile;
using nlohmann::json;

constexpr char kPassword[] = "a long enough password";
constexpr char kFlares[] = "What is the first-line treatment for gout flares?";

std::string Doc(const std::string& id, const std::string& title, const std::string& text) {
  json j = {{"id", id}, {"type", "review"}, {"title", title}, {"year", 2020}, {"venue", "Test body"}};
  j["sections"] = json::array({{{"label", "Body"}, {"text", text}}});
  return j.dump() + "\n";
}

// Who calls: a session (cookie and CSRF token), a bearer token, or nobody.
struct Caller {
  std::string cookie;  // the session secret
  std::string csrf;
  std::string bearer;
};

class ReviewApiTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    WriteFile(
        *dir_ / "corpus/docs.jsonl",
        Doc("test:gl-gout", "Test guideline on gout",
            "We recommend colchicine, NSAIDs or glucocorticoids as first-line treatment for gout flares. "
            "Allopurinol is the preferred first-line urate-lowering drug for gout.") +
            Doc("test:xss", "Gout <script>alert(1)</script> tophi",
                "Tophaceous gout <script>alert(1)</script> is treated with urate-lowering therapy to "
                "dissolve tophi over months."));
    {
      auto index = OpenIndex(*dir_ / "index", Index::Mode::kReadWrite);
      ASSERT_TRUE(index.ok()) << index.status().ToString();
      ASSERT_TRUE(Ingest(**index, {*dir_ / "corpus"}, IngestOptions{}).ok());
    }
    {
      auto store = store::OpenSqliteStore(*dir_ / "app.db");
      ASSERT_TRUE(store.ok()) << store.status().ToString();
      auto hash = auth::HashPassword(kPassword);
      ASSERT_TRUE(hash.ok());
      for (const auto& [name, role] :
           {std::pair{"ada", store::Role::kAdmin}, std::pair{"eve", store::Role::kEditor},
            std::pair{"ed2", store::Role::kEditor}, std::pair{"rex", store::Role::kReader},
            std::pair{"gus", store::Role::kEditor}}) {
        ASSERT_TRUE((*store)->AddUser(name, role, *hash, {"test", ""}).ok()) << name;
      }
    }
    ServerOptions options;
    options.index_dir = *dir_ / "index";
    options.db_path = *dir_ / "app.db";
    options.web_dir = std::string(MEDORACLE_SOURCE_DIR) + "/web";
    options.port = 0;
    options.threads = 2;
    auto server = Server::Start(options);
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    server_ = std::move(server).value().release();
    thread_ = new std::thread([] { server_->Run(); });
  }
  static void TearDownTestSuite() {
    server_->Stop();
    thread_->join();
    delete thread_;
    delete server_;
    delete dir_;
  }

  static httplib::Result Call(const std::string& method, const std::string& path, const Caller& caller,
                              const json& body = nullptr) {
    httplib::Client client("127.0.0.1", server_->port());
    httplib::Headers headers;
    if (!caller.cookie.empty()) headers.emplace("Cookie", "medoracle_session=" + caller.cookie);
    if (!caller.csrf.empty()) headers.emplace("X-CSRF-Token", caller.csrf);
    if (!caller.bearer.empty()) headers.emplace("Authorization", "Bearer " + caller.bearer);
    if (method == "GET") return client.Get(path, headers);
    return client.Post(path, headers, body.is_null() ? "{}" : body.dump(), "application/json");
  }

  // The session secret in a Set-Cookie header.
  static std::string CookieSecret(const httplib::Response& res) {
    const std::string header = res.get_header_value("Set-Cookie");
    const std::string prefix = "medoracle_session=";
    if (header.rfind(prefix, 0) != 0) return {};
    return header.substr(prefix.size(), header.find(';') - prefix.size());
  }

  static Caller LogIn(const std::string& name, const std::string& old_cookie = "") {
    Caller before;
    before.cookie = old_cookie;
    auto res = Call("POST", "/api/login", before, {{"name", name}, {"password", kPassword}});
    EXPECT_TRUE(res);
    if (!res) return {};
    EXPECT_EQ(res->status, 200) << res->body;
    Caller caller;
    caller.cookie = CookieSecret(*res);
    caller.csrf = json::parse(res->body).value("csrf_token", "");
    return caller;
  }

  static json Ask(const std::string& question, const std::string& audience = "clinician") {
    auto res = Call("POST", "/api/ask", {}, {{"question", question}, {"audience", audience}});
    EXPECT_TRUE(res);
    if (!res) return {};
    EXPECT_EQ(res->status, 200) << res->body;
    return json::parse(res->body);
  }

  static int SetStatus(const Caller& caller, const std::string& id, const std::string& expected,
                       const std::string& to, const std::string& comment = "") {
    auto res = Call("POST", "/api/review/answers/" + id + "/status", caller,
                    {{"expected", expected}, {"to", to}, {"comment", comment}});
    return res ? res->status : -1;
  }

  static std::string Message(const httplib::Result& res) {
    return res ? json::parse(res->body)["error"].value("message", "") : "no response";
  }

  static TempDir* dir_;
  static Server* server_;
  static std::thread* thread_;
};
TempDir* ReviewApiTest::dir_ = nullptr;
Server* ReviewApiTest::server_ = nullptr;
std::thread* ReviewApiTest::thread_ = nullptr;

struct Endpoint {
  std::string method, path;
  json body;
};

// Every review and admin endpoint, with a well-formed body, on an answer that exists.
std::vector<Endpoint> ReviewEndpoints(const std::string& id) {
  return {
      {"GET", "/api/review/answers", nullptr},
      {"GET", "/api/review/answers?status=submitted&stale=1&limit=5", nullptr},
      {"GET", "/api/review/answers/" + id, nullptr},
      {"POST", "/api/review/answers/" + id + "/status", {{"expected", "submitted"}, {"to", "under_review"}}},
      {"POST", "/api/review/answers/" + id + "/edit", {{"base_version", 1}, {"sections", json::array()}}}};
}
std::vector<Endpoint> AdminEndpoints() {
  return {{"GET", "/api/admin/users", nullptr},
          {"POST", "/api/admin/users", {{"name", "mallory"}, {"role", "admin"}, {"password", kPassword}}},
          {"POST", "/api/admin/tokens", {{"name", "stolen"}}},
          {"POST", "/api/admin/tokens/1/revoke", nullptr},
          {"GET", "/api/admin/audit", nullptr}};
}

TEST_F(ReviewApiTest, AnonymousCallersGet401FromEveryReviewAndAdminEndpoint) {
  const std::string id = Ask(kFlares)["id"];
  auto endpoints = ReviewEndpoints(id);
  for (auto& e : AdminEndpoints()) endpoints.push_back(e);
  endpoints.push_back({"GET", "/api/me", nullptr});
  endpoints.push_back({"POST", "/api/logout", nullptr});
  for (const auto& e : endpoints) {
    auto res = Call(e.method, e.path, {}, e.body);
    ASSERT_TRUE(res) << e.path;
    EXPECT_EQ(res->status, 401) << e.method << " " << e.path << ": " << res->body;
    // A made-up cookie or token is no better than none.
    EXPECT_EQ(Call(e.method, e.path, {"0123abcd", "x", ""}, e.body)->status, 401) << e.path;
    EXPECT_EQ(Call(e.method, e.path, {"", "", "mo_0123"}, e.body)->status, 401) << e.path;
  }
}

TEST_F(ReviewApiTest, WrongRolesGet403AndNothingChanges) {
  const std::string id = Ask(kFlares)["id"];
  const Caller reader = LogIn("rex");
  const Caller editor = LogIn("eve");
  for (const auto& e : ReviewEndpoints(id)) {
    auto res = Call(e.method, e.path, reader, e.body);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 403) << e.method << " " << e.path << ": " << res->body;
    EXPECT_EQ(Message(res), "this needs the editor role; \"rex\" is reader") << e.path;
  }
  for (const auto& e : AdminEndpoints()) {
    for (const Caller* caller : {&reader, &editor}) {
      auto res = Call(e.method, e.path, *caller, e.body);
      ASSERT_TRUE(res);
      EXPECT_EQ(res->status, 403) << e.method << " " << e.path << ": " << res->body;
    }
  }
  // The editor may read the queue; nobody became an admin.
  EXPECT_EQ(Call("GET", "/api/review/answers", editor)->status, 200);
  auto users = Call("GET", "/api/admin/users", LogIn("ada"));
  ASSERT_TRUE(users);
  EXPECT_EQ(users->body.find("mallory"), std::string::npos);
  // Readers may still ask and read their session.
  auto me = Call("GET", "/api/me", reader);
  ASSERT_TRUE(me);
  EXPECT_EQ(me->status, 200);
  EXPECT_EQ(json::parse(me->body)["user"], json({{"name", "rex"}, {"role", "reader"}}));
  EXPECT_EQ(json::parse(me->body)["csrf_token"], reader.csrf);
}

TEST_F(ReviewApiTest, CookiePostsNeedTheSessionsCsrfToken) {
  const std::string id = Ask("How are gout tophi treated?")["id"];
  const Caller editor = LogIn("ed2");
  Caller no_token = editor, wrong_token = editor;
  no_token.csrf.clear();
  wrong_token.csrf = LogIn("eve").csrf;  // a real token, of another session
  for (const Caller* caller : {&no_token, &wrong_token}) {
    auto res = Call("POST", "/api/review/answers/" + id + "/status", *caller,
                    {{"expected", "submitted"}, {"to", "under_review"}});
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 403);
    EXPECT_EQ(Message(res), "missing or wrong CSRF token");
  }
  auto show = Call("GET", "/api/review/answers/" + id, editor);  // reads need no token
  ASSERT_TRUE(show);
  EXPECT_EQ(json::parse(show->body)["answer"]["status"], "submitted");
  EXPECT_EQ(SetStatus(editor, id, "submitted", "under_review"), 200);
  EXPECT_EQ(SetStatus(editor, id, "under_review", "submitted"), 200);
}

TEST_F(ReviewApiTest, LoginIssuesANewSessionAndTheOldCookieStopsWorking) {
  // A cookie planted before login (session fixation) is not the one after it.
  const std::string planted = std::string(64, 'a');
  auto res = Call("POST", "/api/login", {planted, "", ""}, {{"name", "eve"}, {"password", kPassword}});
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const std::string cookie = res->get_header_value("Set-Cookie");
  EXPECT_NE(cookie.find("; HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("; SameSite=Strict"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("; Path=/"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("; Max-Age=43200"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("; Secure"), std::string::npos) << cookie;
  const std::string first = CookieSecret(*res);
  EXPECT_EQ(first.size(), 64u);
  EXPECT_NE(first, planted);
  EXPECT_EQ(Call("GET", "/api/me", {planted, "", ""})->status, 401);
  EXPECT_EQ(Call("GET", "/api/me", {first, "", ""})->status, 200);
  // Logging in again with the first session's cookie replaces it: the old one is not valid.
  const Caller second = LogIn("eve", first);
  EXPECT_NE(second.cookie, first);
  EXPECT_EQ(Call("GET", "/api/me", {first, "", ""})->status, 401);
  EXPECT_EQ(Call("GET", "/api/me", second)->status, 200);
}

TEST_F(ReviewApiTest, LogoutEndsTheSession) {
  const Caller editor = LogIn("eve");
  Caller no_token = editor;
  no_token.csrf.clear();
  EXPECT_EQ(Call("POST", "/api/logout", no_token)->status, 403);  // a cross-site page cannot log you out
  auto res = Call("POST", "/api/logout", editor);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 204);
  const std::string cookie = res->get_header_value("Set-Cookie");
  EXPECT_EQ(cookie.rfind("medoracle_session=;", 0), 0u) << cookie;
  EXPECT_NE(cookie.find("Max-Age=0"), std::string::npos) << cookie;
  EXPECT_EQ(Call("GET", "/api/me", editor)->status, 401);
  EXPECT_EQ(Call("GET", "/api/review/answers", editor)->status, 401);
}

// Issue 17 defect 8 (login CSRF): /api/login accepted a cross-site text/plain form, which a page
// elsewhere can post. Now it needs JSON, and a browser's Origin must be this server.
TEST_F(ReviewApiTest, LoginAcceptedACrossSiteForm_NowItNeedsJsonFromThisOrigin) {
  httplib::Client client("127.0.0.1", server_->port());
  const std::string body = json({{"name", "rex"}, {"password", kPassword}}).dump();
  auto res = client.Post("/api/login", body, "text/plain");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_TRUE(res->get_header_value("Set-Cookie").empty());
  res = client.Post("/api/login", {{"Origin", "http://evil.example"}}, body, "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 403);
  EXPECT_TRUE(res->get_header_value("Set-Cookie").empty());
  const std::string own = "http://127.0.0.1:" + std::to_string(server_->port());
  res = client.Post("/api/login", {{"Origin", own}}, body, "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
}

TEST_F(ReviewApiTest, TheSixthPasswordGuessIsRefusedEvenWhenRight) {
  const json wrong = {{"name", "gus"}, {"password", "not the password"}};
  auto unknown = Call("POST", "/api/login", {}, {{"name", "nobody-here"}, {"password", kPassword}});
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 401);
  for (int i = 0; i < 5; ++i) {
    auto res = Call("POST", "/api/login", {}, wrong);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 401) << i;
    EXPECT_EQ(res->body, unknown->body);  // a wrong password and an unknown name look the same
    EXPECT_TRUE(res->get_header_value("Set-Cookie").empty());
  }
  auto res = Call("POST", "/api/login", {}, {{"name", "gus"}, {"password", kPassword}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 429);
  EXPECT_EQ(Message(res).rfind("too many failed logins for \"gus\" from this address; try again in ", 0), 0u)
      << res->body;
  EXPECT_TRUE(res->get_header_value("Set-Cookie").empty());
  // The failures are in the audit log with the client's address.
  auto audit = Call("GET", "/api/admin/audit?limit=50", LogIn("ada"));
  ASSERT_TRUE(audit);
  int failures = 0, throttled = 0;
  const json entries = json::parse(audit->body)["entries"];
  for (const auto& e : entries) {
    if (e["target"] != "gus") continue;
    failures += e["action"] == "login_failed" && e["remote"] == "127.0.0.1";
    throttled += e["action"] == "login_throttled";
  }
  EXPECT_EQ(failures, 5);
  EXPECT_EQ(throttled, 1);
}

TEST_F(ReviewApiTest, BearerTokensWorkWithoutCsrfUntilRevoked) {
  const std::string id = Ask("Which drug lowers urate in gout?")["id"];
  const Caller admin = LogIn("ada");
  auto created = Call("POST", "/api/admin/tokens", admin, {{"name", "review bot"}, {"user", "eve"}});
  ASSERT_TRUE(created);
  ASSERT_EQ(created->status, 200) << created->body;
  const json token = json::parse(created->body);
  const Caller bot{"", "", token["token"]};
  EXPECT_EQ(Call("GET", "/api/review/answers", bot)->status, 200);
  EXPECT_EQ(SetStatus(bot, id, "submitted", "under_review"), 200);  // no CSRF token needed
  EXPECT_EQ(Call("GET", "/api/admin/users", bot)->status, 403);     // the token carries eve's role
  auto revoked =
      Call("POST", "/api/admin/tokens/" + std::to_string(token["id"].get<int64_t>()) + "/revoke", admin);
  ASSERT_TRUE(revoked);
  EXPECT_EQ(revoked->status, 204) << revoked->body;
  EXPECT_EQ(Call("GET", "/api/review/answers", bot)->status, 401);
  EXPECT_EQ(SetStatus(bot, id, "under_review", "submitted"), 401);
}

TEST_F(ReviewApiTest, ApprovedAnswerIsServedToEveryoneWithItsDate) {
  const json first = Ask("Which NSAIDs or glucocorticoids treat gout flares?");
  const std::string id = first["id"];
  EXPECT_EQ(first["review"]["status"], "submitted");
  EXPECT_EQ(first["version"], 1);
  EXPECT_FALSE(first["review"].contains("approved_at"));

  const Caller editor = LogIn("eve");
  auto queue = Call("GET", "/api/review/answers?status=submitted", editor);
  ASSERT_TRUE(queue);
  bool queued = false;
  const json answers = json::parse(queue->body)["answers"];
  for (const auto& a : answers) queued |= a["id"] == id;
  EXPECT_TRUE(queued) << queue->body;

  EXPECT_EQ(SetStatus(editor, id, "submitted", "under_review"), 200);
  EXPECT_EQ(SetStatus(editor, id, "submitted", "under_review"), 409);  // it moved meanwhile
  EXPECT_EQ(SetStatus(editor, id, "under_review", "rejected"), 400);   // a rejection needs a comment
  auto approve = Call("POST", "/api/review/answers/" + id + "/status", editor,
                      {{"expected", "under_review"}, {"to", "approved"}, {"version", 1}});
  ASSERT_TRUE(approve);
  ASSERT_EQ(approve->status, 200) << approve->body;
  EXPECT_EQ(json::parse(approve->body)["answer"]["approved_version"], 1);

  // Anyone asking the same question now gets the approved answer with its date.
  const json again = Ask("which nsaids or glucocorticoids treat gout flares");
  EXPECT_EQ(again["id"], id);
  EXPECT_EQ(again["review"]["status"], "approved");
  EXPECT_EQ(again["review"]["approved_version"], 1);
  EXPECT_FALSE(again["review"].value("approved_at", "").empty()) << again.dump(2);
  EXPECT_EQ(again["question"], "which nsaids or glucocorticoids treat gout flares");
  auto fetched = Call("GET", "/api/answers/" + id, {});
  ASSERT_TRUE(fetched);
  EXPECT_EQ(json::parse(fetched->body)["review"]["status"], "approved");

  // The history and the audit log record who did it, from where.
  auto show = Call("GET", "/api/review/answers/" + id, editor);
  ASSERT_TRUE(show);
  const json detail = json::parse(show->body);
  ASSERT_EQ(detail["history"].size(), 2u) << show->body;
  EXPECT_EQ(detail["history"][1]["to"], "approved");
  EXPECT_EQ(detail["history"][1]["user"], "eve");
  EXPECT_EQ(detail["versions"][0]["answer"]["bottom_line"], first["bottom_line"]);
  auto audit = Call("GET", "/api/admin/audit", LogIn("ada"));
  ASSERT_TRUE(audit);
  int sets = 0;
  const json entries = json::parse(audit->body)["entries"];
  for (const auto& e : entries) {
    sets +=
        e["action"] == "review.set" && e["target"] == id && e["user"] == "eve" && e["remote"] == "127.0.0.1";
  }
  EXPECT_EQ(sets, 2);

  // Reopened, it is no longer pinned.
  EXPECT_EQ(SetStatus(editor, id, "approved", "under_review"), 200);
  EXPECT_EQ(Ask("Which NSAIDs or glucocorticoids treat gout flares?")["review"]["status"], "under_review");
}

// Found while writing review_requests_fuzz (its check on versions): "version" was read as a 64-bit
// number and cut to int, so approving version 4294967297 (2^32 + 1), which does not exist, approved
// version 1.
TEST_F(ReviewApiTest, StatusVersionWasCutTo32Bits_NowAVersionOutOfRangeIsRefused) {
  const std::string id = Ask("Are glucocorticoids a first-line treatment for gout flares?")["id"];
  const Caller editor = LogIn("ed2");
  ASSERT_EQ(SetStatus(editor, id, "submitted", "under_review"), 200);
  for (const json& version : {json(4294967297LL), json(-1), json(18446744073709551615ULL), json(1.5)}) {
    auto res = Call("POST", "/api/review/answers/" + id + "/status", editor,
                    {{"expected", "under_review"}, {"to", "approved"}, {"version", version}});
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << version << ": " << res->body;
    EXPECT_NE(Message(res).find("version"), std::string::npos) << res->body;
  }
  auto show = Call("GET", "/api/review/answers/" + id, editor);
  ASSERT_TRUE(show);
  EXPECT_EQ(json::parse(show->body)["answer"]["status"], "under_review");
  EXPECT_EQ(json::parse(show->body)["answer"]["approved_version"], 0);
}

TEST_F(ReviewApiTest, ChangesMadeOutsideTheServerAreServedAtOnce) {
  const json first = Ask("Is colchicine used for gout flares?");
  const json again = Ask("Is colchicine used for gout flares?");  // now in the server's memory
  EXPECT_EQ(again["review"]["status"], "submitted");
  // `medoracle review set` works on the store directly, not through this server.
  auto store = store::OpenSqliteStore(*dir_ / "app.db");
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  ASSERT_TRUE(review::SetReviewStatus(**store, first["id"], store::ReviewStatus::kSubmitted,
                                      store::ReviewStatus::kUnderReview, 0, "", {"cli:eve", ""})
                  .ok());
  EXPECT_EQ(Ask("Is colchicine used for gout flares?")["review"]["status"], "under_review");
}

TEST_F(ReviewApiTest, AnEditIsANewVersionOfTheSameStatements) {
  const json first = Ask("Is allopurinol first-line for lowering urate?");
  const std::string id = first["id"];
  const Caller editor = LogIn("eve");
  auto show = Call("GET", "/api/review/answers/" + id, editor);
  ASSERT_TRUE(show);
  const json base = json::parse(show->body)["versions"][0]["answer"];
  ASSERT_FALSE(base["sections"].empty()) << base.dump(2);
  // The first section's first statement becomes the bottom line; the rest is dropped.
  const json edit = {
      {"base_version", 1}, {"bottom_line", "s0.0"}, {"sections", json::array()}, {"note", "shorter"}};
  auto res = Call("POST", "/api/review/answers/" + id + "/edit", editor, edit);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(json::parse(res->body)["answer"]["latest_version"], 2);
  EXPECT_EQ(Call("POST", "/api/review/answers/" + id + "/edit", editor, edit)->status, 409);  // base is stale
  auto versions = json::parse(Call("GET", "/api/review/answers/" + id, editor)->body)["versions"];
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions[1]["created_by"], "eve");
  EXPECT_EQ(versions[1]["note"], "shorter");
  EXPECT_EQ(versions[1]["answer"]["bottom_line"]["text"], base["sections"][0]["statements"][0]["text"]);
  EXPECT_NE(versions[1]["answer"]["bottom_line"]["text"], base["bottom_line"]["text"]);
  // Askers get the edited version.
  EXPECT_EQ(Ask("Is allopurinol first-line for lowering urate?")["version"], 2);
}

TEST_F(ReviewApiTest, CorpusMarkupStaysEscapedInEveryResponse) {
  auto ask = Call("POST", "/api/ask", {}, {{"question", "How are gout tophi treated?"}});
  ASSERT_TRUE(ask);
  EXPECT_EQ(ask->body.find("<script>"), std::string::npos);
  EXPECT_NE(ask->body.find("\\u003cscript\\u003e"), std::string::npos) << ask->body;
  const json answer = json::parse(ask->body);
  const std::string id = answer["id"];
  auto show = Call("GET", "/api/review/answers/" + id, LogIn("eve"));
  ASSERT_TRUE(show);
  EXPECT_EQ(show->get_header_value("Content-Type"), "application/json; charset=utf-8");
  EXPECT_EQ(show->body.find("<script>"), std::string::npos);
  bool title_kept = false;  // decoded, the text is exactly the document's
  const json references = json::parse(show->body)["versions"][0]["answer"]["references"];
  for (const auto& r : references) {
    title_kept |= r["title"] == "Gout <script>alert(1)</script> tophi";
  }
  EXPECT_TRUE(title_kept) << show->body;
  auto fetched = Call("GET", "/api/answers/" + id, {});
  ASSERT_TRUE(fetched);
  EXPECT_EQ(fetched->body.find("<script>"), std::string::npos);
}

TEST_F(ReviewApiTest, AdminsAddUsersWhoCanThenLogIn) {
  const Caller admin = LogIn("ada");
  const json ok = {{"name", "nora"}, {"role", "editor"}, {"password", kPassword}};
  auto res = Call("POST", "/api/admin/users", admin, ok);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(json::parse(res->body)["user"]["role"], "editor");
  EXPECT_EQ(json::parse(res->body)["user"].count("password_hash"), 0u);
  EXPECT_EQ(Call("POST", "/api/admin/users", admin, ok)->status, 409);
  EXPECT_EQ(
      Call("POST", "/api/admin/users", admin, {{"name", "pat"}, {"role", "editor"}, {"password", "short"}})
          ->status,
      400);
  EXPECT_EQ(
      Call("POST", "/api/admin/users", admin, {{"name", "pat"}, {"role", "boss"}, {"password", kPassword}})
          ->status,
      400);
  auto me = Call("GET", "/api/me", LogIn("nora"));
  ASSERT_TRUE(me);
  EXPECT_EQ(json::parse(me->body)["user"]["role"], "editor");
  auto users = Call("GET", "/api/admin/users", admin);
  ASSERT_TRUE(users);
  EXPECT_EQ(users->body.find("argon2"), std::string::npos);
  EXPECT_NE(users->body.find("\"nora\""), std::string::npos);
}

TEST_F(ReviewApiTest, BadInputGets400Or404) {
  const Caller editor = LogIn("eve");
  EXPECT_EQ(Call("GET", "/api/review/answers?status=done", editor)->status, 400);
  EXPECT_EQ(Call("GET", "/api/review/answers?limit=-1", editor)->status, 400);
  EXPECT_EQ(Call("GET", "/api/review/answers/0123456789abcdef", editor)->status, 404);
  EXPECT_EQ(SetStatus(editor, "0123456789abcdef", "submitted", "under_review"), 404);
  EXPECT_EQ(SetStatus(editor, "0123456789abcdef", "submitted", "finished"), 400);
  auto res = Call("POST", "/api/login", {}, {{"name", "eve"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_EQ(Message(res), "\"password\" is required");
}

// The reviewer page is optional at start: the server runs and answers 404 until it is installed.
TEST(ReviewPageTest, MissingReviewFilesGive404NotAFailedStart) {
  TempDir dir;
  WriteFile(dir / "corpus/docs.jsonl", Doc("test:a", "Gout", "Colchicine treats gout flares."));
  {
    auto index = OpenIndex(dir / "index", Index::Mode::kReadWrite);
    ASSERT_TRUE(index.ok());
    ASSERT_TRUE(Ingest(**index, {dir / "corpus"}, IngestOptions{}).ok());
  }
  const std::string web = std::string(MEDORACLE_SOURCE_DIR) + "/web";
  std::filesystem::create_directories(dir / "web");
  for (const std::string name : {"index.html", "app.js", "style.css", "doc.js", "about-review.html"}) {
    std::filesystem::copy_file(web + "/" + name, dir / ("web/" + name));
  }
  ServerOptions options;
  options.index_dir = dir / "index";
  options.web_dir = dir / "web";
  options.port = 0;
  auto server = Server::Start(options);
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  std::thread thread([&] { (*server)->Run(); });
  httplib::Client client("127.0.0.1", (*server)->port());
  for (const char* path : {"/review", "/review.js", "/review.css"}) {
    auto res = client.Get(path);
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 404) << path;
  }
  EXPECT_EQ(client.Get("/")->status, 200);
  (*server)->Stop();
  thread.join();
  EXPECT_TRUE(std::filesystem::exists(dir / "index.db"));  // the default store sits beside the index
}

}  // namespace
}  // namespace medoracle::server
