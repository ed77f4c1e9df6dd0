// Summarize against a fake OpenAI-compatible server: the request it sends, and each scripted
// completion (faithful, unfaithful, timeout, malformed JSON, an HTTP error) handled as documented.
#include "llm/synthesis.h"

#include <gtest/gtest.h>

#include "fake_http_server.h"

namespace medoracle::llm {
namespace {

using testing::FakeHttpServer;
using testing::FakeRequest;
using testing::FakeResponse;

Statement St(const std::string& text, std::vector<int> refs) {
  Statement s;
  s.text = text;
  s.citations = std::move(refs);
  return s;
}

Answer SampleAnswer() {
  Answer a;
  a.question = "How is lumbar radiculopathy treated?";
  a.answered = true;
  a.bottom_line = St("Most patients with acute lumbar radiculopathy improve within 6 weeks with conservative care.", {1});
  AnswerSection first;
  first.title = "First-line management";
  first.statements.push_back(St("Gabapentin 300 mg at bedtime may reduce neuropathic pain in lumbar radiculopathy.", {2}));
  first.statements.push_back(St("Epidural steroid injections are not recommended for axial low back pain.", {3}));
  a.sections.push_back(first);
  AnswerSection flags;
  flags.title = "Red flags";
  flags.statements.push_back(a.bottom_line);  // a repeat: given once
  a.sections.push_back(flags);
  return a;
}

std::string Completion(const std::string& content) {
  nlohmann::json j = {{"id", "chatcmpl-1"},
                      {"object", "chat.completion"},
                      {"choices", {{{"index", 0}, {"message", {{"role", "assistant"}, {"content", content}}},
                                    {"finish_reason", "stop"}}}}};
  return j.dump();
}

LlmOptions Options(const FakeHttpServer& server) {
  LlmOptions o;
  o.url = server.url();
  o.model = "test-model";
  o.api_key = "secret-key";
  o.timeout_seconds = 5;
  return o;
}

TEST(ChatCompletionsUrl, AcceptsABaseOrTheEndpoint) {
  EXPECT_EQ(ChatCompletionsUrl("http://h:1"), "http://h:1/v1/chat/completions");
  EXPECT_EQ(ChatCompletionsUrl("http://h:1/v1/"), "http://h:1/v1/chat/completions");
  EXPECT_EQ(ChatCompletionsUrl("http://h:1/v1/chat/completions"), "http://h:1/v1/chat/completions");
}

TEST(SelectStatements, BottomLineFirstSectionsRoundRobinNoRepeats) {
  const auto s = SelectStatements(SampleAnswer(), 12);
  ASSERT_EQ(s.size(), 3u);
  EXPECT_EQ(s[0].n, 1);
  EXPECT_EQ(s[1].text, "Gabapentin 300 mg at bedtime may reduce neuropathic pain in lumbar radiculopathy.");
  EXPECT_EQ(s[2].references, std::vector<int>({3}));
  EXPECT_EQ(SelectStatements(SampleAnswer(), 2).size(), 2u);
  Answer unanswered;
  EXPECT_TRUE(SelectStatements(unanswered, 12).empty());
}

TEST(ParseChatCompletion, ContentOrAReason) {
  EXPECT_EQ(*ParseChatCompletion(Completion("Hello [1].")), "Hello [1].");
  EXPECT_EQ(*ParseChatCompletion(R"({"choices":[{"text":"legacy"}]})"), "legacy");
  EXPECT_EQ(ParseChatCompletion("{\"choices\": [").status().code(), Status::Code::kCorruption);
  EXPECT_EQ(ParseChatCompletion("[]").status().code(), Status::Code::kCorruption);
  EXPECT_EQ(ParseChatCompletion(R"({"choices":[]})").status().code(), Status::Code::kCorruption);
  EXPECT_EQ(ParseChatCompletion(R"({"choices":[{"message":{"content":null}}]})").status().code(),
            Status::Code::kCorruption);
  const auto error = ParseChatCompletion(R"({"error":{"message":"model not loaded"}})");
  ASSERT_FALSE(error.ok());
  EXPECT_NE(error.status().message().find("model not loaded"), std::string::npos);
}

TEST(Summarize, SendsOnlyTheNumberedStatementsAndKeepsAFaithfulSummary) {
  FakeHttpServer server([](const FakeRequest&) {
    FakeResponse r;
    r.body = Completion(
        "Most patients with acute lumbar radiculopathy improve within 6 weeks with conservative care [1]. "
        "Gabapentin 300 mg at bedtime may reduce neuropathic pain [2].");
    return r;
  });
  const GeneratedSummary s = Summarize(SampleAnswer(), Options(server));
  EXPECT_TRUE(s.present);
  EXPECT_TRUE(s.error.empty()) << s.error;
  ASSERT_EQ(s.sentences.size(), 2u);
  EXPECT_TRUE(s.dropped.empty());
  EXPECT_EQ(s.sentences[1].citations, std::vector<int>({2}));  // the answer's reference, not the statement number
  EXPECT_EQ(s.sentences[1].statements, std::vector<int>({2}));

  const auto requests = server.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].path, "/v1/chat/completions");
  EXPECT_EQ(requests[0].headers.at("authorization"), "Bearer secret-key");
  const auto body = nlohmann::json::parse(requests[0].body);
  EXPECT_EQ(body["model"], "test-model");
  const std::string user = body["messages"][1]["content"];
  EXPECT_NE(user.find("Question: How is lumbar radiculopathy treated?"), std::string::npos);
  EXPECT_NE(user.find("[1] Most patients"), std::string::npos);
  EXPECT_NE(user.find("[3] Epidural steroid injections are not recommended"), std::string::npos);
  EXPECT_EQ(user.find("[4]"), std::string::npos);
}

TEST(Summarize, DropsEveryScriptedUnfaithfulSentence) {
  FakeHttpServer server([](const FakeRequest&) {
    FakeResponse r;
    r.body = Completion(
        "Gabapentin 900 mg at bedtime may reduce neuropathic pain [2]. "                  // invented dose
        "Epidural steroid injections are recommended for axial low back pain [3]. "       // flipped negation
        "Most patients improve within 6 weeks with conservative care [9]. "               // no statement 9
        "Most patients improve within 6 weeks with conservative care. "                   // uncited
        "Most patients with acute lumbar radiculopathy improve within 6 weeks [1].");    // faithful
    return r;
  });
  const GeneratedSummary s = Summarize(SampleAnswer(), Options(server));
  ASSERT_EQ(s.sentences.size(), 1u);
  EXPECT_EQ(s.sentences[0].text, "Most patients with acute lumbar radiculopathy improve within 6 weeks.");
  ASSERT_EQ(s.dropped.size(), 4u);
  EXPECT_NE(s.dropped[0].reason.find("900 mg"), std::string::npos);
  EXPECT_NE(s.dropped[1].reason.find("negat"), std::string::npos);
  EXPECT_NE(s.dropped[2].reason.find("does not exist"), std::string::npos);
  EXPECT_EQ(s.dropped[3].reason, "cites no statement");
}

TEST(Summarize, ATimeoutLeavesNoSummaryAndSaysWhy) {
  FakeHttpServer server([](const FakeRequest&) {
    FakeResponse r;
    r.delay_ms = 3000;
    r.body = Completion("Too late [1].");
    return r;
  });
  LlmOptions o = Options(server);
  o.timeout_seconds = 0.5;
  const GeneratedSummary s = Summarize(SampleAnswer(), o);
  EXPECT_TRUE(s.present);
  EXPECT_TRUE(s.sentences.empty());
  EXPECT_NE(s.error.find("timed out"), std::string::npos) << s.error;
}

TEST(Summarize, MalformedJsonAnHttpErrorAndNoServerEachSayWhy) {
  FakeHttpServer bad_json([](const FakeRequest&) {
    FakeResponse r;
    r.body = "{\"choices\": [{\"message\": {\"content\": \"Most patients";
    return r;
  });
  GeneratedSummary s = Summarize(SampleAnswer(), Options(bad_json));
  EXPECT_TRUE(s.sentences.empty());
  EXPECT_NE(s.error.find("not JSON"), std::string::npos) << s.error;

  FakeHttpServer failing([](const FakeRequest&) {
    FakeResponse r;
    r.status = 503;
    r.body = "loading model";
    return r;
  });
  s = Summarize(SampleAnswer(), Options(failing));
  EXPECT_NE(s.error.find("HTTP 503: loading model"), std::string::npos) << s.error;

  LlmOptions nowhere;
  nowhere.url = "http://127.0.0.1:1";
  nowhere.model = "m";
  s = Summarize(SampleAnswer(), nowhere);
  EXPECT_NE(s.error.find("127.0.0.1:1"), std::string::npos) << s.error;
}

TEST(Summarize, AnUnansweredQuestionIsNotSentToTheModel) {
  FakeHttpServer server([](const FakeRequest&) { return FakeResponse{}; });
  Answer unanswered;
  const GeneratedSummary s = Summarize(unanswered, Options(server));
  EXPECT_FALSE(s.error.empty());
  EXPECT_TRUE(server.requests().empty());
}

}  // namespace
}  // namespace medoracle::llm
