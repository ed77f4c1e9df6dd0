// End to end: a long message (a subject, a paragraph of context, two questions) is answered for its
// main question with the focus named in the context, never cut; the served JSON says what was
// answered and offers the other question. Through the engine and the HTTP API's request check.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "fixtures.h"
#include "ingest/ingester.h"
#include "medoracle/engine.h"
#include "server/api.h"
#include "server/server.h"

namespace medoracle {
namespace {

using medoracle::testing::TempDir;
using medoracle::testing::WriteFile;
using nlohmann::json;

std::string Doc(const std::string& id, const std::string& title, const std::string& text) {
  json j = {{"id", id}, {"type", "guideline"}, {"title", title}, {"year", 2021}, {"venue", "Test body"}};
  j["sections"] = json::array({{{"label", "Recommendations"}, {"text", text}}});
  return j.dump() + "\n";
}

// The context names the condition; the questions do not.
std::string Message() {
  std::string context =
      "Worried about my mother\n\nHello, my mother is 71 and last week she went to the emergency room because her "
      "heart was racing and she felt dizzy. They told her she has atrial fibrillation and sent her home with "
      "warfarin. ";
  for (int i = 0; i < 8; ++i) {
    context += "She says she feels completely fine now and does not see why she should take a tablet every day, "
               "and we are not sure what to tell her. ";
  }
  return context + "What are the treatment options? Does she need it for the rest of her life?";
}

class MessageEngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // The Disease Ontology's entry, so the analyzer knows the condition the context names.
    WriteFile(dir_ / "corpus/doid.obo",
              "format-version: 1.2\n\n[Term]\nid: DOID:0060224\nname: atrial fibrillation\n"
              "def: \"A heart rhythm disorder.\" []\n");
    WriteFile(dir_ / "corpus/docs.jsonl",
              Doc("test:af", "Atrial fibrillation",
                  "Anticoagulation is the treatment that prevents stroke in atrial fibrillation. Rate control with a "
                  "beta blocker is a first-line treatment option for atrial fibrillation.") +
                  Doc("test:gout", "Gout", "Colchicine is a first-line treatment option for gout flares.") +
                  Doc("test:asthma", "Asthma", "Inhaled corticosteroids are the treatment options for asthma."));
    auto index = OpenIndex(dir_ / "index", Index::Mode::kReadWrite);
    ASSERT_TRUE(index.ok()) << index.status().ToString();
    auto report = Ingest(**index, {dir_ / "corpus"}, IngestOptions{});
    ASSERT_TRUE(report.ok()) << report.status().ToString();
    EngineOptions options;
    options.index_dir = dir_ / "index";
    options.db_path = dir_ / "app.db";
    auto engine = Engine::Open(options);
    ASSERT_TRUE(engine.ok()) << engine.status().ToString();
    engine_ = std::move(engine).value();
  }

  TempDir dir_;
  std::unique_ptr<Engine> engine_;
};

// A 1,049-character case description was cut at 1,000 characters and declined.
TEST_F(MessageEngineTest, ALongMessageWasCutAndDeclined_NowAnsweredForItsQuestionWithItsFocus) {
  const std::string message = Message();
  ASSERT_GT(message.size(), 1000u);
  AskRequest request;
  request.question = message;
  request.audience = "patient";
  auto result = engine_->Ask(request);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  const json& a = result->json;
  ASSERT_TRUE(a.value("answered", false)) << a.dump(2);
  std::set<std::string> cited;
  for (const json& r : a["references"]) cited.insert(r.value("id", ""));
  EXPECT_EQ(cited, std::set<std::string>{"test:af"}) << a.dump(2);
  ASSERT_TRUE(a.contains("message")) << a.dump(2);
  EXPECT_EQ(a["message"]["main_question"], "What are the treatment options?");
  EXPECT_EQ(a["message"]["other_questions"], json::array({"Does she need it for the rest of her life?"}));
  EXPECT_EQ(a["message"]["bytes"], message.size());
  EXPECT_NE(a["question"].get<std::string>().find("atrial fibrillation"), std::string::npos) << a["question"];
}

TEST_F(MessageEngineTest, AShortQuestionIsNotAMessage) {
  AskRequest request;
  request.question = "What are the treatment options for atrial fibrillation?";
  auto result = engine_->Ask(request);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_FALSE(result->json.contains("message"));
  EXPECT_EQ(result->json["question"], request.question);
}

// "and in children?" on an empty page answered about children on dialysis as if it were a
// question of its own; it is still answered as a new question, and the answer says so.
TEST_F(MessageEngineTest, AFollowUpWithoutAConversationSaysItWasAnsweredAsANewQuestion) {
  AskRequest alone;
  alone.question = "and what about rate control?";
  auto first = engine_->Ask(alone);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  EXPECT_EQ(first->json.value("follow_up_without_conversation", false), true) << first->json.dump(2);
  AskRequest start;
  start.question = "What are the treatment options for atrial fibrillation?";
  auto opened = engine_->Ask(start);
  ASSERT_TRUE(opened.ok());
  AskRequest next = alone;
  next.conversation_id = opened->conversation_id;
  auto followed = engine_->Ask(next);
  ASSERT_TRUE(followed.ok());
  EXPECT_FALSE(followed->json.contains("follow_up_without_conversation")) << followed->json.dump(2);
  EXPECT_NE(followed->json.value("searched_as", "").find("atrial"), std::string::npos) << followed->json.dump(2);
}

// A consumer health page in MedQuAD's format: one document per question it answers.
std::string ConsumerPage(const std::string& focus, const std::vector<std::pair<std::string, std::string>>& qa) {
  std::string xml =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document id=\"0000001\" source=\"TEST\" "
      "url=\"https://example.org/" +
      focus + "\">\n<Focus>" + focus + "</Focus>\n<QAPairs>\n";
  for (size_t i = 0; i < qa.size(); ++i) {
    const std::string n = std::to_string(i + 1);
    xml += "<QAPair pid=\"" + n + "\"><Question qid=\"0000001-" + n + "\" qtype=\"x\">" + qa[i].first +
           "</Question><Answer>" + qa[i].second + "</Answer></QAPair>\n";
  }
  return xml + "</QAPairs>\n</Document>\n";
}

// A message whose subject line ends in '?' ("Bleeding after the baby - hemorrhoids?") was answered
// for its subject, from the page's other questions (what causes hemorrhoids, what they are); the
// body's question is the main one now, and the page's answer to the same question of the same
// focus ("What are the treatments for Hemorrhoids ?") leads the answer for a patient.
TEST(MessageEntailmentTest, SubjectLineWasTheMainQuestion_NowTheBodysQuestionAnsweredFromTheSameQuestion) {
  TempDir dir;
  WriteFile(dir / "corpus/consumer/0000001.xml",
            ConsumerPage("Hemorrhoids",
                         {{"What is (are) Hemorrhoids ?",
                           "Hemorrhoids are swollen veins of the anus and lower rectum that may bleed and hurt."},
                          {"What causes Hemorrhoids ?",
                           "Straining during bowel movements, pregnancy and the pushing of childbirth can cause "
                           "hemorrhoids to swell and bleed."},
                          {"What are the treatments for Hemorrhoids ?",
                           "Home treatment of hemorrhoids includes more fiber and water, warm sitz baths and not "
                           "straining. Hemorrhoids that keep bleeding may need an office procedure such as rubber "
                           "band ligation."}}));
  auto index = OpenIndex(dir / "index", Index::Mode::kReadWrite);
  ASSERT_TRUE(index.ok()) << index.status().ToString();
  auto report = Ingest(**index, {dir / "corpus"}, IngestOptions{});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  index->reset();
  EngineOptions options;
  options.index_dir = dir / "index";
  options.db_path = dir / "app.db";
  auto engine = Engine::Open(options);
  ASSERT_TRUE(engine.ok()) << engine.status().ToString();
  AskRequest request;
  request.audience = "patient";
  request.question =
      "Bleeding after the baby - hemorrhoids? I had my second baby 5 weeks ago and since the last weeks of pregnancy "
      "I have a painful lump and some bright red blood after I go. My midwife said hemorrhoids are common after "
      "pushing. What can I do at home to treat hemorrhoids, and when would they need a procedure?";
  auto result = (*engine)->Ask(request);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  const json& a = result->json;
  ASSERT_TRUE(a.value("answered", false)) << a.dump(2);
  EXPECT_EQ(a["message"].value("main_question", ""),
            "What can I do at home to treat hemorrhoids, and when would they need a procedure?")
      << a.dump(2);
  ASSERT_FALSE(a["references"].empty()) << a.dump(2);
  EXPECT_EQ(a["references"][0]["id"], "medquad:TEST/0000001#3") << a.dump(2);
}

// The API takes messages up to ServerOptions::max_question_bytes (10,000 bytes) and refuses longer
// ones saying so, never cutting them.
TEST(MessageLimitTest, TheApiTakesTenThousandBytesAndRefusesMoreWithAReason) {
  const size_t limit = server::ServerOptions{}.max_question_bytes;
  EXPECT_EQ(limit, 10000u);
  EXPECT_TRUE(server::ParseAskRequest(json{{"question", std::string(limit, 'a')}}.dump(), limit).ok());
  auto refused = server::ParseAskRequest(json{{"question", std::string(limit + 1, 'a')}}.dump(), limit);
  ASSERT_FALSE(refused.ok());
  EXPECT_NE(refused.status().ToString().find("longer than 10000 bytes"), std::string::npos);
}

}  // namespace
}  // namespace medoracle
