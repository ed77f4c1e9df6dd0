// End to end: `medoracle ask --llm-url URL --llm-model NAME` (the real binary) against a fake
// OpenAI-compatible server that writes its completion from the statements it was sent: the answer
// JSON gains "summary" with the verified sentences and the dropped ones with their reasons; the text
// format shows the summary's heading; a timeout or malformed JSON leaves the extractive answer whole.
#include <gtest/gtest.h>

#include <atomic>
#include <nlohmann/json.hpp>
#include <regex>
#include <thread>

#include "fake_http_server.h"
#include "fixtures.h"
#include "net/http_client.h"
#include "server/server.h"

namespace medoracle {
namespace {

using nlohmann::json;
using testing::FakeHttpServer;
using testing::FakeRequest;
using testing::FakeResponse;

constexpr char kQuestion[] = "What is the first-line treatment for hypertension?";

enum class Script { kFaithful, kInventedDose, kTimeout, kMalformed };

// Statement [1] of the request, as sent.
std::string FirstStatement(const FakeRequest& req) {
  const json body = json::parse(req.body);
  const std::string user = body["messages"][1]["content"];
  const size_t at = user.find("\n[1] ");
  if (at == std::string::npos) return "";
  const size_t end = user.find('\n', at + 5);
  return user.substr(at + 5, end - at - 5);
}

// text with "[1]" closing each of its sentences, as a faithful model cites them.
std::string CitedEverySentence(const std::string& text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '.' && (i + 1 == text.size() || text[i + 1] == ' ')) {
      out += " [1].";
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string Completion(const std::string& content) {
  return json({{"choices", {{{"message", {{"role", "assistant"}, {"content", content}}}}}}}).dump();
}

class LlmAskTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    const auto out = testing::RunCommand(std::string(MEDORACLE_BINARY) + " --index '" + (*dir_ / "index") +
                                             "' ingest -q '" + MEDORACLE_SOURCE_DIR + "/library'",
                                         *dir_ / "ingest.err");
    ASSERT_EQ(out.code, 0) << out.err;
  }
  static void TearDownTestSuite() { delete dir_; }

  testing::CommandOutput Ask(const std::string& url, const std::string& extra) {
    return testing::RunCommand(std::string(MEDORACLE_BINARY) + " --index '" + (*dir_ / "index") + "' --db '" +
                                   (*dir_ / "store.db") + "' ask '" + kQuestion + "' --llm-url " + url +
                                   " --llm-model test-model " + extra,
                               *dir_ / "ask.err");
  }

  std::atomic<Script> script_{Script::kFaithful};
  std::string statement_;
  static testing::TempDir* dir_;
  FakeHttpServer server_{[this](const FakeRequest& req) {
    FakeResponse r;
    const std::string first = FirstStatement(req);
    statement_ = first;
    switch (script_.load()) {
      case Script::kFaithful:
        r.body = Completion(CitedEverySentence(first));
        break;
      case Script::kInventedDose:
        r.body = Completion(CitedEverySentence(first) + " Take 975 mg of it daily [1].");
        break;
      case Script::kTimeout:
        r.delay_ms = 4000;
        r.body = Completion(first + " [1]");
        break;
      case Script::kMalformed:
        r.body = "{\"choices\": [{\"message\": ";
        break;
    }
    return r;
  }};
};

testing::TempDir* LlmAskTest::dir_ = nullptr;

TEST_F(LlmAskTest, JsonGainsTheVerifiedSummary) {
  const auto out = Ask(server_.url(), "--format json");
  ASSERT_EQ(out.code, 0) << out.err;
  const json answer = json::parse(out.out);
  ASSERT_TRUE(answer["answered"].get<bool>());
  ASSERT_TRUE(answer.contains("summary")) << out.out;
  const json& summary = answer["summary"];
  ASSERT_FALSE(summary["sentences"].empty()) << summary.dump(2);
  EXPECT_TRUE(summary["dropped"].empty()) << summary.dump(2);
  EXPECT_FALSE(summary.contains("error"));
  // The statement given as [1] is the bottom line; the summary carries its references.
  EXPECT_EQ(answer["bottom_line"]["text"], statement_);
  EXPECT_EQ(summary["sentences"][0]["citations"], answer["bottom_line"]["citations"]);
  EXPECT_EQ(summary["heading"], "Generated summary (verified against the cited statements)");
}

TEST_F(LlmAskTest, AnInventedDoseIsDroppedWithItsReason) {
  script_ = Script::kInventedDose;
  const auto out = Ask(server_.url(), "--format json");
  ASSERT_EQ(out.code, 0) << out.err;
  const json summary = json::parse(out.out)["summary"];
  EXPECT_FALSE(summary["sentences"].empty());
  ASSERT_EQ(summary["dropped"].size(), 1u) << summary.dump(2);
  EXPECT_EQ(summary["dropped"][0]["text"], "Take 975 mg of it daily [1].");
  EXPECT_NE(summary["dropped"][0]["reason"].get<std::string>().find("975 mg"), std::string::npos);
  EXPECT_NE(out.err.find("generated sentence dropped"), std::string::npos);
}

TEST_F(LlmAskTest, TextShowsTheHeadingBesideTheExtractiveAnswer) {
  const auto out = Ask(server_.url(), "--format text");
  ASSERT_EQ(out.code, 0) << out.err;
  EXPECT_NE(out.out.find("BOTTOM LINE"), std::string::npos);
  EXPECT_NE(out.out.find("Generated summary (verified against the cited statements)"), std::string::npos);
  const auto html = Ask(server_.url(), "--format html");
  EXPECT_NE(html.out.find("Generated summary (verified against the cited statements)"), std::string::npos);
}

TEST_F(LlmAskTest, ATimeoutFallsBackToTheExtractiveAnswer) {
  script_ = Script::kTimeout;
  const auto out = Ask(server_.url(), "--format json --llm-timeout 1");
  ASSERT_EQ(out.code, 0) << out.err;
  const json answer = json::parse(out.out);
  EXPECT_TRUE(answer["answered"].get<bool>());
  EXPECT_FALSE(answer["sections"].empty());
  EXPECT_TRUE(answer["summary"]["sentences"].empty());
  EXPECT_NE(answer["summary"]["error"].get<std::string>().find("timed out"), std::string::npos);
  EXPECT_NE(out.err.find("no generated summary"), std::string::npos);
}

TEST_F(LlmAskTest, MalformedJsonFallsBackToTheExtractiveAnswer) {
  script_ = Script::kMalformed;
  const auto out = Ask(server_.url(), "--format json");
  ASSERT_EQ(out.code, 0) << out.err;
  const json answer = json::parse(out.out);
  EXPECT_TRUE(answer["answered"].get<bool>());
  EXPECT_NE(answer["summary"]["error"].get<std::string>().find("not JSON"), std::string::npos);
}

TEST_F(LlmAskTest, TheUrlFromTheEnvironmentAndAMissingModel) {
  const auto out = testing::RunCommand("MEDORACLE_LLM_URL=" + server_.url() + " " + MEDORACLE_BINARY + " --index '" +
                                           (*dir_ / "index") + "' --db '" + (*dir_ / "store.db") + "' ask '" +
                                           kQuestion + "' --llm-model m --format json",
                                       *dir_ / "env.err");
  ASSERT_EQ(out.code, 0) << out.err;
  EXPECT_FALSE(json::parse(out.out)["summary"]["sentences"].empty());
  const auto no_model = testing::RunCommand(std::string(MEDORACLE_BINARY) + " --index '" + (*dir_ / "index") +
                                                "' ask '" + kQuestion + "' --llm-url " + server_.url(),
                                            *dir_ / "nomodel.err");
  EXPECT_EQ(no_model.code, 2);
  EXPECT_NE(no_model.err.find("--llm-model"), std::string::npos);
  // Without --llm-url there is no summary.
  const auto plain = testing::RunCommand(std::string(MEDORACLE_BINARY) + " --index '" + (*dir_ / "index") +
                                             "' --db '" + (*dir_ / "store.db") + "' ask '" + kQuestion +
                                             "' --format json",
                                         *dir_ / "plain.err");
  EXPECT_FALSE(json::parse(plain.out).contains("summary"));
}

TEST_F(LlmAskTest, TheServerAddsTheSummaryToApiAsk) {
  server::ServerOptions options;
  options.index_dir = *dir_ / "index";
  options.db_path = *dir_ / "server.db";
  options.web_dir = std::string(MEDORACLE_SOURCE_DIR) + "/web";
  options.port = 0;
  options.threads = 1;
  options.llm.url = server_.url();
  options.llm.model = "test-model";
  auto srv = server::Server::Start(options);
  ASSERT_TRUE(srv.ok()) << srv.status().ToString();
  std::thread runner([&srv] { (*srv)->Run(); });
  net::HttpRequest req;
  req.method = "POST";
  req.url = "http://127.0.0.1:" + std::to_string((*srv)->port()) + "/api/ask";
  req.headers.push_back({"Content-Type", "application/json"});
  req.body = json({{"question", kQuestion}}).dump();
  auto res = net::Fetch(req);
  (*srv)->Stop();
  runner.join();
  ASSERT_TRUE(res.ok()) << res.status().ToString();
  ASSERT_EQ(res->status, 200) << res->body;
  const json answer = json::parse(res->body);
  ASSERT_TRUE(answer.contains("summary")) << res->body;
  EXPECT_FALSE(answer["summary"]["sentences"].empty());
  EXPECT_EQ(answer["summary"]["heading"], "Generated summary (verified against the cited statements)");
}

}  // namespace
}  // namespace medoracle
