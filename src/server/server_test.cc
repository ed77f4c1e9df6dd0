// Tests of the JSON API through cpp-httplib's client against a server on 127.0.0.1 (a free
// port) over a small generated index: ask, fetch by id, follow-ups, errors, headers, metrics.
#include "server/server.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <thread>
#include <tuple>

#include "fixtures.h"
#include "ingest/ingester.h"
#include "server/api.h"

namespace medoracle::server {
namespace {

using medoracle::testing::TempDir;
using medoracle::testing::WriteFile;

std::string Doc(const std::string& id, const std::string& type, const std::string& title, const std::string& text) {
  nlohmann::json j = {{"id", id}, {"type", type}, {"title", title}, {"year", 2020}, {"venue", "Test body"}};
  j["sections"] = nlohmann::json::array({{{"label", "Body"}, {"text", text}}});
  return j.dump() + "\n";
}

class ServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    std::string jsonl;
    jsonl += Doc("test:gl-gout", "guideline", "Test guideline on gout",
                 "We recommend colchicine, NSAIDs or glucocorticoids as first-line treatment for gout flares. "
                 "Allopurinol is the preferred first-line urate-lowering drug for gout.");
    jsonl += Doc("test:preg-gout", "review", "Gout treatment in pregnancy",
                 "In pregnancy, gout flares are treated with glucocorticoids because colchicine and NSAIDs carry "
                 "fetal risks. Allopurinol is avoided for gout during pregnancy.");
    jsonl += Doc("test:xss", "review", "Gout <script>alert(1)</script> tophi",
                 "Tophaceous gout <script>alert(1)</script> is treated with urate-lowering therapy to dissolve "
                 "tophi over months.");
    // An id with '/' and '#' (as MedQuAD's) and text with multi-byte characters, for the viewer.
    jsonl += Doc("test:NIDDK/0000044#16", "consumer_health", "Café au lait spots",
                 "Café au lait spots are flat patches of darker skin. Six or more such spots can be a sign of "
                 "neurofibromatosis type 1.");
    WriteFile(*dir_ / "corpus/docs.jsonl", jsonl);
    {
      auto index = OpenIndex(*dir_ / "index", Index::Mode::kReadWrite);
      ASSERT_TRUE(index.ok()) << index.status().ToString();
      auto report = Ingest(**index, {*dir_ / "corpus"}, IngestOptions{});
      ASSERT_TRUE(report.ok()) << report.status().ToString();
      ASSERT_EQ(report->documents, 4u);
    }
    ServerOptions options;
    options.index_dir = *dir_ / "index";
    options.web_dir = std::string(MEDORACLE_SOURCE_DIR) + "/web";
    options.port = 0;
    options.threads = 2;
    options.max_body_bytes = 4096;
    options.max_question_bytes = 1000;  // small limits, to test them with small requests
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

  httplib::Client Client() { return httplib::Client("127.0.0.1", server_->port()); }

  nlohmann::json Ask(const nlohmann::json& body, int expect_status = 200) {
    auto res = Client().Post("/api/ask", body.dump(), "application/json");
    EXPECT_TRUE(res) << "no response";
    if (!res) return {};
    EXPECT_EQ(res->status, expect_status) << res->body;
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/json; charset=utf-8");
    return nlohmann::json::parse(res->body);
  }

  static TempDir* dir_;
  static Server* server_;
  static std::thread* thread_;
};
TempDir* ServerTest::dir_ = nullptr;
Server* ServerTest::server_ = nullptr;
std::thread* ServerTest::thread_ = nullptr;

TEST_F(ServerTest, AskReturnsACitedAnswerThatCanBeFetchedById) {
  const auto a = Ask({{"question", "What is the first-line treatment for gout flares?"}});
  ASSERT_TRUE(a["answered"].get<bool>()) << a.dump(2);
  EXPECT_EQ(a["question"], "What is the first-line treatment for gout flares?");
  EXPECT_EQ(a["audience"], "clinician");
  EXPECT_FALSE(a["bottom_line"]["citations"].empty());
  EXPECT_EQ(a["references"][0]["n"], 1);
  EXPECT_EQ(a["conversation_id"].get<std::string>().size(), 32u);
  const std::string id = a["id"];
  auto res = Client().Get("/api/answers/" + id);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  auto fetched = nlohmann::json::parse(res->body);
  EXPECT_EQ(fetched["id"], id);
  EXPECT_EQ(fetched["bottom_line"], a["bottom_line"]);
  EXPECT_FALSE(fetched.contains("conversation_id"));  // a shared answer does not expose the conversation
  // The shareable page for it.
  auto page = Client().Get("/a/" + id);
  ASSERT_TRUE(page);
  EXPECT_EQ(page->status, 200);
  EXPECT_NE(page->body.find("<script src=\"/app.js\""), std::string::npos);
}

TEST_F(ServerTest, SameQuestionGivesTheSameIdAndAudienceGivesAnother) {
  const auto a = Ask({{"question", "What is the first-line treatment for gout flares?"}});
  const auto b = Ask({{"question", "What is the first-line treatment for gout flares?"}});
  const auto p =
      Ask({{"question", "What is the first-line treatment for gout flares?"}, {"audience", "patient"}});
  EXPECT_EQ(a["id"], b["id"]);
  EXPECT_NE(a["id"], p["id"]);
  EXPECT_EQ(p["audience"], "patient");
  EXPECT_NE(a["conversation_id"], b["conversation_id"]);  // each plain ask starts a conversation
}

TEST_F(ServerTest, FollowUpCarriesThePreviousQuestionsFocus) {
  const auto first = Ask({{"question", "What is the first-line treatment for gout flares?"}});
  const std::string conversation = first["conversation_id"];
  const auto follow = Ask({{"question", "and in pregnancy?"}, {"conversation_id", conversation}});
  EXPECT_EQ(follow["conversation_id"], conversation);
  EXPECT_EQ(follow["question"], "and in pregnancy?");
  EXPECT_NE(follow["id"], first["id"]);
  ASSERT_TRUE(follow["searched_as"].is_string());
  EXPECT_NE(follow["searched_as"].get<std::string>().find("gout"), std::string::npos);
  ASSERT_TRUE(follow["answered"].get<bool>()) << follow.dump(2);
  // The pregnancy review is cited: the follow-up was answered about gout in pregnancy.
  bool cites_pregnancy = false;
  for (const auto& r : follow["references"]) cites_pregnancy |= r["id"] == "test:preg-gout";
  EXPECT_TRUE(cites_pregnancy) << follow.dump(2);
  // The same follow-up alone, outside the conversation, has no gout focus.
  const auto alone = Ask({{"question", "and in pregnancy?"}});
  EXPECT_FALSE(alone.contains("searched_as"));
  // Re-asking the follow-up for another audience keeps its context.
  const auto patient =
      Ask({{"question", "and in pregnancy?"}, {"conversation_id", conversation}, {"audience", "patient"}});
  EXPECT_EQ(patient["searched_as"], follow["searched_as"]);
}

TEST_F(ServerTest, AnswersAndConversationsOutliveTheServerProcess) {
  const auto first = Ask({{"question", "What is the first-line treatment for gout flares?"}});
  const std::string id = first["id"];
  // Another server on the same index and store has nothing in memory: what it serves comes from the store.
  ServerOptions options;
  options.index_dir = *dir_ / "index";
  options.web_dir = std::string(MEDORACLE_SOURCE_DIR) + "/web";
  options.port = 0;
  auto other = Server::Start(options);
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  std::thread thread([&] { (*other)->Run(); });
  httplib::Client client("127.0.0.1", (*other)->port());
  auto res = client.Get("/api/answers/" + id);
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(nlohmann::json::parse(res->body)["bottom_line"], first["bottom_line"]);
  EXPECT_EQ(client.Get("/a/" + id)->status, 200);
  // A follow-up in the conversation begun on the first server keeps its focus.
  res = client.Post("/api/ask",
                    nlohmann::json({{"question", "and in pregnancy?"}, {"conversation_id", first["conversation_id"]}})
                        .dump(),
                    "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const auto follow = nlohmann::json::parse(res->body);
  EXPECT_EQ(follow["conversation_id"], first["conversation_id"]);
  ASSERT_TRUE(follow["searched_as"].is_string()) << res->body;
  EXPECT_NE(follow["searched_as"].get<std::string>().find("gout"), std::string::npos);
  (*other)->Stop();
  thread.join();
}

TEST_F(ServerTest, CorpusMarkupComesBackAsPlainJsonText) {
  const auto a = Ask({{"question", "How are gout tophi treated?"}});
  const std::string body = a.dump();
  // JSON carries the text as is; the page renders it with textContent (tests/browser).
  bool found = false;
  for (const auto& r : a["references"]) found |= r["title"].get<std::string>().find("<script>") != std::string::npos;
  EXPECT_TRUE(found) << body;
}

TEST_F(ServerTest, BadRequestsGetAMessage) {
  auto res = Client().Post("/api/ask", "{\"question\": ", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_NE(nlohmann::json::parse(res->body)["error"]["message"].get<std::string>().find("malformed JSON"),
            std::string::npos);
  EXPECT_EQ(Ask({{"question", ""}}, 400)["error"]["message"], "\"question\" is missing or empty");
  EXPECT_EQ(Ask({{"question", 5}}, 400)["error"]["message"], "\"question\" must be a string");
  EXPECT_EQ(Ask({{"question", "gout"}, {"audience", "robot"}}, 400)["error"]["message"],
            "\"audience\" must be \"clinician\" or \"patient\"");
  EXPECT_EQ(Ask(nlohmann::json::array({1}), 400)["error"]["message"],
            "the body must be a JSON object with a \"question\"");
  res = Client().Post("/api/ask", "{\"question\": \"" + std::string(5000, 'a') + "\"}", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);
  EXPECT_EQ(Ask({{"question", std::string(1200, 'a')}}, 400)["error"]["message"],
            "\"question\" is longer than 1000 bytes; shorten the message to its question and the context it needs");
}

TEST_F(ServerTest, UnknownIdsAndRoutesAre404) {
  auto res = Client().Get("/api/answers/0123456789abcdef");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  EXPECT_TRUE(nlohmann::json::parse(res->body)["error"]["message"].is_string());
  res = Client().Get("/api/answers/..%2F..%2Fetc%2Fpasswd");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  res = Client().Get("/a/ffffffffffffffff");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  res = Client().Get("/nothing-here");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 404);
  res = Client().Get("/../CMakeLists.txt");
  ASSERT_TRUE(res);
  EXPECT_NE(res->status, 200);
}

TEST_F(ServerTest, PageIsServedWithSecurityHeaders) {
  auto res = Client().Get("/");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/html; charset=utf-8");
  const std::string csp = res->get_header_value("Content-Security-Policy");
  EXPECT_NE(csp.find("default-src 'none'"), std::string::npos);
  EXPECT_NE(csp.find("script-src 'self'"), std::string::npos);
  EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos);
  EXPECT_EQ(res->get_header_value("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(res->get_header_value("X-Frame-Options"), "DENY");
  for (const char* path : {"/app.js", "/style.css", "/doc.js", "/about/review"}) {
    auto file = Client().Get(path);
    ASSERT_TRUE(file);
    EXPECT_EQ(file->status, 200) << path;
    EXPECT_FALSE(file->body.empty()) << path;
  }
}

// GET /api/documents/{id} serves what `medoracle show ID --format json` prints; the id is
// percent-encoded (its '/' and '#' included).
TEST_F(ServerTest, DocumentApiServesWhatShowPrints) {
  auto res = Client().Get("/api/documents/test%3ANIDDK%2F0000044%2316");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/json; charset=utf-8");
  const auto served = nlohmann::json::parse(res->body);
  const auto shown = testing::RunCommand(std::string(MEDORACLE_BINARY) + " --index '" + (*dir_ / "index") +
                                             "' show 'test:NIDDK/0000044#16' --format json",
                                         *dir_ / "show.err");
  ASSERT_EQ(shown.code, 0) << shown.err;
  EXPECT_EQ(served, nlohmann::json::parse(shown.out));
  EXPECT_EQ(served["id"], "test:NIDDK/0000044#16");
  // Markup in a document comes back as JSON text, never as markup.
  res = Client().Get("/api/documents/test:xss");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body.find("<script>"), std::string::npos);
  EXPECT_NE(nlohmann::json::parse(res->body)["title"].get<std::string>().find("<script>"), std::string::npos);
}

TEST_F(ServerTest, DocumentApiErrorsSayWhat) {
  const std::tuple<const char*, int, const char*> cases[] = {
      {"/api/documents/test%3Anone", 404, "no document with id \"test:none\""},
      {"/api/documents/nocolon", 400, "is not <source>:<id>"},
      {"/api/documents/test%zz", 400, "bad percent escape"},
  };
  for (const auto& [path, status, message] : cases) {
    auto res = Client().Get(path);
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, status) << path;
    const std::string got = nlohmann::json::parse(res->body)["error"]["message"];
    EXPECT_NE(got.find(message), std::string::npos) << path << ": " << got;
  }
}

// GET /d/{id}?span=...: the document as loaded, each span in a <mark>, the first with id quote-1.
TEST_F(ServerTest, SourceViewerHighlightsTheQuotedSpans) {
  const std::string text = "Café au lait spots are flat patches of darker skin.";
  const std::string second = "Six or more such spots can be a sign of neurofibromatosis type 1.";
  const size_t start2 = text.size() + 1;
  auto res = Client().Get("/d/test%3ANIDDK%2F0000044%2316?span=0-" + std::to_string(text.size()) + "&span=" +
                          std::to_string(start2) + "-" + std::to_string(start2 + second.size()));
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/html; charset=utf-8");
  EXPECT_NE(res->get_header_value("Content-Security-Policy").find("script-src 'self'"), std::string::npos);
  EXPECT_NE(res->body.find("<h1>Café au lait spots</h1>"), std::string::npos);
  EXPECT_NE(res->body.find("<mark id=\"quote-1\" tabindex=\"-1\">" + text + "</mark>"), std::string::npos)
      << res->body;
  EXPECT_NE(res->body.find("<mark id=\"quote-2\" tabindex=\"-1\">" + second + "</mark>"), std::string::npos);
  EXPECT_NE(res->body.find("The 2 passages the answer quotes are highlighted."), std::string::npos);
  EXPECT_NE(res->body.find("<script src=\"/doc.js\" defer></script>"), std::string::npos);
  // Without a span: the document, nothing marked.
  res = Client().Get("/d/test:NIDDK/0000044%2316");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body.find("<mark"), std::string::npos);
  // The document's markup is escaped.
  res = Client().Get("/d/test:xss");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->body.find("<script>alert"), std::string::npos);
  EXPECT_NE(res->body.find("Gout &lt;script&gt;alert(1)&lt;/script&gt; tophi"), std::string::npos);
}

TEST_F(ServerTest, SourceViewerExplainsBadLinks) {
  const std::tuple<const char*, int, const char*> cases[] = {
      {"/d/test%3Anone", 404, "No document with the id test:none is loaded"},
      {"/d/nocolon", 400, "This source link is not valid"},
      {"/d/test:xss?span=10-5", 400, "backwards"},
      {"/d/test:xss?span=0-99999", 400, "is outside the document (its text has"},
  };
  for (const auto& [path, status, message] : cases) {
    auto res = Client().Get(path);
    ASSERT_TRUE(res) << path;
    EXPECT_EQ(res->status, status) << path;
    EXPECT_EQ(res->get_header_value("Content-Type"), "text/html; charset=utf-8") << path;
    EXPECT_NE(res->body.find(message), std::string::npos) << path << ": " << res->body;
  }
  // A span outside the text links to the document without highlights.
  auto res = Client().Get("/d/test:xss?span=0-99999");
  ASSERT_TRUE(res);
  EXPECT_NE(res->body.find("href=\"/d/test:xss\""), std::string::npos);
}

TEST_F(ServerTest, HealthAndMetrics) {
  Ask({{"question", "What is the first-line treatment for gout flares?"}});
  auto res = Client().Get("/api/health");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  auto health = nlohmann::json::parse(res->body);
  EXPECT_EQ(health["status"], "ok");
  EXPECT_EQ(health["documents"], 4);
  res = Client().Get("/metrics");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_NE(res->body.find("medoracle_requests_total{route=\"ask\",status=\"200\"}"), std::string::npos);
  EXPECT_NE(res->body.find("medoracle_request_duration_seconds_bucket{route=\"ask\",le=\"+Inf\"}"),
            std::string::npos);
  EXPECT_NE(res->body.find("medoracle_index_documents 4\n"), std::string::npos);
  // Compositions are counted (how many depends on the other tests: the suite shares one server).
  EXPECT_NE(res->body.find("\nmedoracle_compositions_total "), std::string::npos);
}

TEST_F(ServerTest, ConcurrentAsksGetConsistentAnswers) {
  const std::vector<std::string> questions = {"What is the first-line treatment for gout flares?",
                                              "How are gout tophi treated?"};
  std::vector<std::string> ids(questions.size());
  for (size_t i = 0; i < questions.size(); ++i) ids[i] = Ask({{"question", questions[i]}})["id"];
  std::vector<std::thread> clients;
  std::atomic<int> ok{0}, consistent{0};
  for (int t = 0; t < 6; ++t) {
    clients.emplace_back([&, t] {
      httplib::Client client("127.0.0.1", server_->port());
      for (int k = 0; k < 5; ++k) {
        const size_t i = (t + k) % questions.size();
        auto res = client.Post("/api/ask", nlohmann::json({{"question", questions[i]}}).dump(), "application/json");
        if (!res || res->status != 200) continue;
        ++ok;
        consistent += nlohmann::json::parse(res->body)["id"] == ids[i];
      }
    });
  }
  for (auto& c : clients) c.join();
  EXPECT_EQ(ok.load(), 30);
  EXPECT_EQ(consistent.load(), 30);
}

// An ingest by another process while the server runs: the next asks use the new evidence.
TEST(ServerReopenTest, EvidenceIngestedWhileServingIsUsed) {
  TempDir dir;
  WriteFile(dir / "a/docs.jsonl", Doc("test:gl-gout", "guideline", "Test guideline on gout",
                                      "We recommend colchicine as first-line treatment for gout flares."));
  WriteFile(dir / "b/docs.jsonl", Doc("test:zebrafish", "guideline", "Zebrafish fin care",
                                      "Zebrafish fin rot is treated with clean water and salt baths."));
  {
    auto index = OpenIndex(dir / "index", Index::Mode::kReadWrite);
    ASSERT_TRUE(index.ok()) << index.status().ToString();
    ASSERT_TRUE(Ingest(**index, {dir / "a"}, IngestOptions{}).ok());
  }
  ServerOptions options;
  options.index_dir = dir / "index";
  options.web_dir = std::string(MEDORACLE_SOURCE_DIR) + "/web";
  options.port = 0;
  options.threads = 1;
  auto server = Server::Start(options);
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  std::thread thread([&] { (*server)->Run(); });
  httplib::Client client("127.0.0.1", (*server)->port());
  const std::string body = nlohmann::json({{"question", "How is zebrafish fin rot treated?"}}).dump();
  auto res = client.Post("/api/ask", body, "application/json");
  ASSERT_TRUE(res);
  EXPECT_FALSE(nlohmann::json::parse(res->body)["answered"].get<bool>()) << res->body;
  {
    auto index = OpenIndex(dir / "index", Index::Mode::kReadWrite);
    ASSERT_TRUE(index.ok()) << index.status().ToString();
    ASSERT_TRUE(Ingest(**index, {dir / "b"}, IngestOptions{}).ok());
  }
  // Handles catch up at most once a second; ask until the new document is cited (bounded).
  bool cited = false;
  for (int attempt = 0; attempt < 50 && !cited; ++attempt) {
    res = client.Post("/api/ask", body, "application/json");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
    cited = res->body.find("test:zebrafish") != std::string::npos;
    if (!cited) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(cited) << res->body;
  auto health = nlohmann::json::parse(client.Get("/api/health")->body);
  EXPECT_EQ(health["documents"], 2);
  (*server)->Stop();
  thread.join();
}

// Issue 17 defect 5: nothing limited anonymous asks (each new question stores 6.3 KiB). Now each
// address gets anonymous_asks_per_minute, then a 429 with a JSON error and Retry-After.
TEST_F(ServerTest, AnonymousAsksWereUnlimited_NowEachAddressIsRateLimited) {
  ServerOptions options;
  options.index_dir = *dir_ / "index";
  options.web_dir = std::string(MEDORACLE_SOURCE_DIR) + "/web";
  options.port = 0;
  options.anonymous_asks_per_minute = 3;
  auto other = Server::Start(options);
  ASSERT_TRUE(other.ok()) << other.status().ToString();
  std::thread thread([&] { (*other)->Run(); });
  httplib::Client client("127.0.0.1", (*other)->port());
  const std::string body = nlohmann::json({{"question", "How are gout tophi treated?"}}).dump();
  for (int i = 0; i < 3; ++i) {
    auto res = client.Post("/api/ask", body, "application/json");
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 200) << i;
  }
  auto res = client.Post("/api/ask", body, "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 429);
  EXPECT_EQ(res->get_header_value("Content-Type"), "application/json; charset=utf-8");
  const int wait = std::atoi(res->get_header_value("Retry-After").c_str());
  EXPECT_GE(wait, 15);  // a token every 20 s
  EXPECT_LE(wait, 20);
  EXPECT_EQ(nlohmann::json::parse(res->body)["error"]["message"],
            "too many questions from this address; try again in " + std::to_string(wait) +
                " seconds (or sign in)");
  (*other)->Stop();
  thread.join();
}

// Issue 17 defect 8: a full disk showed the store's file path to anonymous users. Server errors
// now go to the log; the client gets a generic message (client errors keep theirs).
TEST(AskRequestTest, AFullDiskShowedTheStorePath_NowTheMessageIsGeneric) {
  const auto body = nlohmann::json::parse(
      ErrorBody(HttpStatusFor(Status::IoError("database or disk is full: /var/lib/medoracle/app.db")),
                "database or disk is full: /var/lib/medoracle/app.db"));
  EXPECT_EQ(body["error"]["status"], 500);
  EXPECT_EQ(body["error"]["message"], "the server could not complete the request; the details are in its log");
  EXPECT_EQ(nlohmann::json::parse(ErrorBody(400, "\"question\" is missing"))["error"]["message"],
            "\"question\" is missing");
  EXPECT_EQ(nlohmann::json::parse(ErrorBody(503, "busy"))["error"]["message"], "busy");
}

// Found by http_request_fuzz: a number too large for a double made nlohmann::json throw
// out_of_range, which ParseAskRequest did not catch (the server answered 500; other callers died).
TEST(AskRequestTest, AnOverflowingNumberEscapedTheParser_NowItIsA400) {
  for (const char* body : {"5555555555555e555555555-5-", R"({"question": "gout", "x": 1e99999})"}) {
    auto parsed = ParseAskRequest(body, 1000);
    ASSERT_FALSE(parsed.ok()) << body;
    EXPECT_EQ(HttpStatusFor(parsed.status()), 400) << body;
  }
}

TEST(AskRequestTest, StatusMapping) {
  EXPECT_EQ(HttpStatusFor(Status::InvalidArgument("x")), 400);
  EXPECT_EQ(HttpStatusFor(Status::NotFound("x")), 404);
  EXPECT_EQ(HttpStatusFor(Status::Busy("x")), 503);
  EXPECT_EQ(HttpStatusFor(Status::Corruption("x")), 500);
}

}  // namespace
}  // namespace medoracle::server
