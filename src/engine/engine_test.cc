// Tests of the engine over a small generated index and store: stable ids, pinning of approved
// answers, follow-ups across engines, answering without a store, concurrency, pass-throughs.
#include "medoracle/engine.h"

#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <thread>

#include "answer/composer.h"
#include "answer/render.h"
#include "fixtures.h"
#include "ingest/ingester.h"
#include "review/review_fixture.h"
#include "review/workflow.h"

namespace medoracle {
namespace {

using medoracle::testing::TempDir;
using medoracle::testing::WriteFile;
using nlohmann::json;
using review::testing::Doc;

constexpr char kQuestion[] = "What is the first-line treatment for gout flares?";

std::string Corpus() {
  return Doc("test:gl-gout", "guideline", "Test guideline on gout",
             "We recommend colchicine, NSAIDs or glucocorticoids as first-line treatment for gout flares. "
             "Allopurinol is the preferred first-line urate-lowering drug for gout.") +
         Doc("test:preg-gout", "review", "Gout treatment in pregnancy",
             "In pregnancy, gout flares are treated with glucocorticoids because colchicine and NSAIDs carry "
             "fetal risks. Allopurinol is avoided for gout during pregnancy.") +
         Doc("test:dx-asthma", "review", "Asthma diagnosis", "Spirometry confirms the diagnosis of asthma.");
}

AskRequest Request(const std::string& question, const std::string& audience = "clinician",
                   const std::string& conversation_id = "") {
  AskRequest request;
  request.question = question;
  request.audience = audience;
  request.conversation_id = conversation_id;
  return request;
}

bool Cites(const json& answer, const std::string& doc_id) {
  for (const json& r : answer["references"]) {
    if (r["id"] == doc_id) return true;
  }
  return false;
}

class EngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    WriteFile(dir_ / "corpus/docs.jsonl", Corpus());
    auto index = OpenIndex(dir_ / "index", Index::Mode::kReadWrite);
    ASSERT_TRUE(index.ok()) << index.status().ToString();
    auto report = Ingest(**index, {dir_ / "corpus"}, IngestOptions{});
    ASSERT_TRUE(report.ok()) << report.status().ToString();
    ASSERT_EQ(report->documents, 3u);
  }

  std::unique_ptr<Engine> OpenEngine(size_t handles = 1) {
    EngineOptions options;
    options.index_dir = dir_ / "index";
    options.db_path = dir_ / "app.db";
    options.index_handles = handles;
    auto engine = Engine::Open(options);
    EXPECT_TRUE(engine.ok()) << engine.status().ToString();
    return engine.ok() ? std::move(engine).value() : nullptr;
  }

  static AskResult MustAsk(Engine& engine, const AskRequest& request) {
    auto result = engine.Ask(request);
    EXPECT_TRUE(result.ok()) << result.status().ToString();
    return result.ok() ? std::move(result).value() : AskResult{};
  }

  TempDir dir_;
  const store::Actor editor_{"ann", "127.0.0.1"};
};

TEST_F(EngineTest, AnswerIsStoredUnderTheStableIdOfItsQuestion) {
  auto engine = OpenEngine();
  ASSERT_NE(engine, nullptr);
  const AskResult a = MustAsk(*engine, Request(kQuestion));
  EXPECT_TRUE(a.stored);
  EXPECT_FALSE(a.pinned);
  EXPECT_EQ(a.answer_id,
            review::AnswerIdFor(review::QuestionKey(kQuestion, "clinician"), *engine->store()->AnswerIdKey()));
  EXPECT_EQ(a.json["id"], a.answer_id);
  EXPECT_EQ(a.json["version"], 1);
  EXPECT_EQ(a.json["review"]["status"], "submitted");
  EXPECT_EQ(a.json["question"], kQuestion);
  EXPECT_FALSE(a.json.contains("searched_as"));
  EXPECT_EQ(a.json["conversation_id"], a.conversation_id);
  EXPECT_EQ(a.conversation_id.size(), 32u);
  EXPECT_TRUE(a.json["answered"].get<bool>()) << a.json.dump(2);
  EXPECT_EQ(a.record.latest_version, 1);
  // Another engine (another process) serves the stored version for the question in other words.
  auto other = OpenEngine();
  ASSERT_NE(other, nullptr);
  const AskResult b = MustAsk(*other, Request("what is the FIRST-LINE treatment for gout flares"));
  EXPECT_EQ(b.answer_id, a.answer_id);
  EXPECT_EQ(b.json["version"], 1);
  EXPECT_EQ(b.json["bottom_line"], a.json["bottom_line"]);
  EXPECT_NE(b.conversation_id, a.conversation_id);
  auto served = other->AnswerJson(a.answer_id);
  ASSERT_TRUE(served.ok()) << served.status().ToString();
  EXPECT_EQ(json::parse(*served)["id"], a.answer_id);
  EXPECT_EQ(other->AnswerJson("0123456789abcdef").status().code(), Status::Code::kNotFound);
}

TEST_F(EngineTest, ApprovedAnswerIsServedPinnedWithItsApprovalDate) {
  auto engine = OpenEngine();
  ASSERT_NE(engine, nullptr);
  const AskResult first = MustAsk(*engine, Request(kQuestion));  // cached in memory from here
  ASSERT_NE(engine->store(), nullptr);
  for (auto [from, to] : {std::pair{store::ReviewStatus::kSubmitted, store::ReviewStatus::kUnderReview},
                          std::pair{store::ReviewStatus::kUnderReview, store::ReviewStatus::kApproved}}) {
    auto changed = review::SetReviewStatus(*engine->store(), first.answer_id, from, to, 0, "", editor_);
    ASSERT_TRUE(changed.ok()) << changed.status().ToString();
  }
  const AskResult again = MustAsk(*engine, Request(kQuestion));
  EXPECT_TRUE(again.pinned);
  EXPECT_EQ(again.answer_id, first.answer_id);
  EXPECT_EQ(again.json["review"]["status"], "approved");
  EXPECT_EQ(again.json["review"]["approved_version"], 1);
  EXPECT_EQ(again.json["version"], 1);
  const std::string approved_at = again.json["review"]["approved_at"];
  EXPECT_FALSE(approved_at.empty());
  // Rendered for the terminal: "Approved" with the approval time.
  auto answer = AnswerFromJson(again.json);
  ASSERT_TRUE(answer.ok()) << answer.status().ToString();
  EXPECT_EQ(answer->review_status, "approved");
  EXPECT_EQ(answer->updated_at, approved_at);
  const std::string text = RenderText(*answer);
  EXPECT_NE(text.find("Review status: Approved   Last updated: " + approved_at), std::string::npos) << text;
}

TEST_F(EngineTest, FollowUpContinuesAConversationBegunInAnotherEngine) {
  auto first_engine = OpenEngine();
  ASSERT_NE(first_engine, nullptr);
  const AskResult first = MustAsk(*first_engine, Request(kQuestion));
  // Another engine (another process) has only the store's record of the conversation.
  auto engine = OpenEngine();
  ASSERT_NE(engine, nullptr);
  const AskResult follow = MustAsk(*engine, Request("and in pregnancy?", "clinician", first.conversation_id));
  EXPECT_EQ(follow.conversation_id, first.conversation_id);
  EXPECT_EQ(follow.json["question"], "and in pregnancy?");
  ASSERT_TRUE(follow.json["searched_as"].is_string()) << follow.json.dump(2);
  EXPECT_EQ(follow.json["searched_as"], follow.searched_as);
  EXPECT_NE(follow.searched_as.find("gout"), std::string::npos) << follow.searched_as;
  EXPECT_NE(follow.answer_id, first.answer_id);
  EXPECT_TRUE(Cites(follow.json, "test:preg-gout")) << follow.json.dump(2);
  // The first engine, from its memory of the conversation, gives the same follow-up the same answer.
  const AskResult same =
      MustAsk(*first_engine, Request("and in pregnancy?", "clinician", first.conversation_id));
  EXPECT_EQ(same.searched_as, follow.searched_as);
  EXPECT_EQ(same.answer_id, follow.answer_id);
  // Outside the conversation the follow-up has no focus.
  const AskResult alone = MustAsk(*engine, Request("and in pregnancy?"));
  EXPECT_FALSE(alone.json.contains("searched_as"));
  EXPECT_EQ(alone.searched_as, "and in pregnancy?");
}

// Regression: with two servers on one store, a conversation whose turns alternate between them
// carried the focus of the last turn the answering server had seen itself, not the latest turn.
TEST_F(EngineTest, AFollowUpOnOneServerMissedTheOthersTurn_NowTheStoreHasTheLatest) {
  auto a = OpenEngine();
  auto b = OpenEngine();
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  const AskResult first = MustAsk(*a, Request(kQuestion));
  const AskResult second = MustAsk(*b, Request("and in pregnancy?", "clinician", first.conversation_id));
  ASSERT_NE(second.searched_as.find("pregnancy"), std::string::npos) << second.searched_as;
  const AskResult third = MustAsk(*a, Request("What about allopurinol?", "clinician", first.conversation_id));
  EXPECT_NE(third.searched_as.find("pregnancy"), std::string::npos) << third.searched_as;
  EXPECT_NE(third.searched_as.find("gout"), std::string::npos) << third.searched_as;
}

// Without the store its answer-id key is unknown: the same answer, under an id of this process.
TEST_F(EngineTest, WithoutAStoreTheSameAnswerIsComposed) {
  EngineOptions options;
  options.index_dir = dir_ / "index";
  options.db_path = dir_ / "no-such-folder/app.db";
  auto strict = Engine::Open(options);
  ASSERT_FALSE(strict.ok());
  EXPECT_EQ(strict.status().code(), Status::Code::kIoError) << strict.status().ToString();

  options.answer_without_store = true;
  auto engine = Engine::Open(options);
  ASSERT_TRUE(engine.ok()) << engine.status().ToString();
  EXPECT_EQ((*engine)->store(), nullptr);
  EXPECT_NE((*engine)->store_problem().find("no-such-folder/app.db"), std::string::npos)
      << (*engine)->store_problem();
  const AskResult loose = MustAsk(**engine, Request(kQuestion));
  EXPECT_FALSE(loose.stored);
  EXPECT_FALSE(loose.store_problem.empty());
  EXPECT_FALSE(loose.json.contains("version"));
  EXPECT_EQ((*engine)->AnswerJson(loose.answer_id).status().code(), Status::Code::kFailedPrecondition);

  auto stored_engine = OpenEngine();
  ASSERT_NE(stored_engine, nullptr);
  const AskResult stored = MustAsk(*stored_engine, Request(kQuestion));
  EXPECT_EQ(loose.answer_id.size(), 16u);
  EXPECT_NE(loose.answer_id, stored.answer_id);
  EXPECT_EQ(loose.json["bottom_line"], stored.json["bottom_line"]);
  EXPECT_EQ(loose.json["references"], stored.json["references"]);
}

TEST_F(EngineTest, EmptyQuestionsAndUnknownAudiencesAreRefused) {
  auto engine = OpenEngine();
  ASSERT_NE(engine, nullptr);
  EXPECT_EQ(engine->Ask(Request(" \n")).status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(engine->Ask(Request(kQuestion, "robot")).status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(engine->cached_answers(), 0u);
}

TEST_F(EngineTest, OpeningWithoutAnIndexIsNotFound) {
  EngineOptions options;
  options.index_dir = dir_ / "no-index";
  options.db_path = dir_ / "app.db";
  EXPECT_EQ(Engine::Open(options).status().code(), Status::Code::kNotFound);
}

TEST_F(EngineTest, ConcurrentAsksShareTheHandlesAndAgree) {
  auto engine = OpenEngine(2);
  ASSERT_NE(engine, nullptr);
  const std::vector<AskRequest> requests = {Request(kQuestion), Request(kQuestion, "patient"),
                                            Request("How is asthma diagnosed?")};
  std::vector<std::string> ids;
  const std::string id_key = *engine->store()->AnswerIdKey();
  for (const AskRequest& r : requests)
    ids.push_back(review::AnswerIdFor(review::QuestionKey(r.question, r.audience), id_key));
  std::atomic<int> ok{0}, consistent{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      for (int k = 0; k < 5; ++k) {
        const size_t i = (t + k) % requests.size();
        auto result = engine->Ask(requests[i]);
        if (!result.ok()) continue;
        ++ok;
        consistent += result->answer_id == ids[i] && result->json["id"] == ids[i];
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 30);
  EXPECT_EQ(consistent.load(), 30);
  EXPECT_EQ(engine->cached_answers(), requests.size());
  EXPECT_EQ(engine->conversations(), 30u);
}

// Issue 17 (throughput): a question asked by several at once was composed once per asker, each
// costing a new answer's CPU (under bench/load this cut answers/s by a fifth); now the first
// composes and the others wait for it and are served the same answer.
TEST_F(EngineTest, AQuestionAskedByManyAtOnceWasComposedForEach_NowItIsComposedOnce) {
  auto engine = OpenEngine(4);
  ASSERT_NE(engine, nullptr);
  const std::vector<std::string> questions = {kQuestion,
                                              "How are gout flares treated?",
                                              "Which drug lowers urate in gout?",
                                              "Is allopurinol safe in pregnancy?",
                                              "How are gout flares treated in pregnancy?",
                                              "What are the risks of colchicine in pregnancy?",
                                              "How is asthma diagnosed?",
                                              "Does spirometry confirm asthma?",
                                              "Are glucocorticoids used for gout?",
                                              "Which NSAIDs treat gout flares?"};
  constexpr int kAskers = 8;
  for (const std::string& question : questions) {
    std::latch start(kAskers);
    std::vector<std::string> ids(kAskers);
    std::vector<std::thread> threads;
    for (int t = 0; t < kAskers; ++t) {
      threads.emplace_back([&, t] {
        start.arrive_and_wait();
        auto result = engine->Ask(Request(question));
        if (result.ok()) ids[t] = result->answer_id;
      });
    }
    for (auto& t : threads) t.join();
    for (const std::string& id : ids) EXPECT_EQ(id, ids[0]) << question;
    EXPECT_FALSE(ids[0].empty()) << question;
  }
  EXPECT_EQ(engine->compositions(), questions.size());
  // Asked again later: served, not composed.
  MustAsk(*engine, Request(kQuestion));
  EXPECT_EQ(engine->compositions(), questions.size());
}

// Issue 17, item 7: composition had no time limit (one huge record made every question that
// retrieved it take 18-23 s). Now it has a deadline: past it the answer degrades and says so, it
// never hangs or fails; a degraded answer is not stored, so the next asker gets the full one.
TEST_F(EngineTest, CompositionHadNoDeadline_NowPastItTheAnswerComesBackDegradedAndMarked) {
  EngineOptions options;
  options.index_dir = dir_ / "index";
  options.db_path = dir_ / "app.db";
  options.compose_time_limit = std::chrono::milliseconds(0);  // past at once
  auto hurried = Engine::Open(options);
  ASSERT_TRUE(hurried.ok()) << hurried.status().ToString();
  const AskResult degraded = MustAsk(**hurried, Request(kQuestion));
  EXPECT_TRUE(degraded.json.value("degraded", false)) << degraded.json.dump(2);
  EXPECT_TRUE(degraded.json["answered"].get<bool>()) << degraded.json.dump(2);
  EXPECT_FALSE(degraded.json["references"].empty());
  EXPECT_TRUE(degraded.json["related_questions"].empty());
  EXPECT_EQ((*hurried)->AnswerJson(degraded.answer_id).status().code(), Status::Code::kNotFound);  // not stored
  EXPECT_EQ((*hurried)->cached_answers(), 0u);

  auto engine = OpenEngine();  // the default limit
  ASSERT_NE(engine, nullptr);
  const AskResult full = MustAsk(*engine, Request(kQuestion));
  EXPECT_FALSE(full.json.contains("degraded")) << full.json.dump(2);
  EXPECT_EQ(full.answer_id, degraded.answer_id);
  EXPECT_EQ(full.json["version"], 1);
  EXPECT_TRUE(engine->AnswerJson(full.answer_id).ok());
}

TEST_F(EngineTest, SearchAndShowReadTheIndex) {
  auto engine = OpenEngine();
  ASSERT_NE(engine, nullptr);
  SearchOptions options;
  options.limit = 5;
  auto hits = engine->Search("spirometry asthma", options);
  ASSERT_TRUE(hits.ok()) << hits.status().ToString();
  ASSERT_FALSE(hits->empty());
  EXPECT_EQ(hits->front().doc_id, "test:dx-asthma");
  auto doc = engine->Show("test:preg-gout");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  EXPECT_EQ(doc->title, "Gout treatment in pregnancy");
  EXPECT_EQ(engine->Show("test:none").status().code(), Status::Code::kNotFound);
  EXPECT_EQ(engine->index_stats().documents, 3u);
}

TEST_F(EngineTest, AnswerFromJsonReadsBackWhatAnswerToJsonWrote) {
  auto index = OpenIndex(dir_ / "index", Index::Mode::kReadOnly);
  ASSERT_TRUE(index.ok()) << index.status().ToString();
  for (const char* audience : {"clinician", "patient"}) {
    AskOptions options;
    options.audience = audience;
    for (const char* question : {kQuestion, "How do I tune a xylophone?"}) {
      auto answer = ComposeAnswer(**index, question, options);
      ASSERT_TRUE(answer.ok()) << answer.status().ToString();
      const json j = AnswerToJson(*answer);
      auto back = AnswerFromJson(j);
      ASSERT_TRUE(back.ok()) << back.status().ToString();
      EXPECT_EQ(AnswerToJson(*back), j) << question << " (" << audience << ")";
      EXPECT_EQ(RenderText(*back), RenderText(*answer));
    }
  }
  EXPECT_EQ(AnswerFromJson(json::array()).status().code(), Status::Code::kInvalidArgument);
  EXPECT_EQ(AnswerFromJson({{"answered", true}, {"sections", 5}}).status().code(), Status::Code::kInvalidArgument);
}

}  // namespace
}  // namespace medoracle
