// Tests of the engine's in-memory pieces: the LRU map, follow-up turns and conversation ids.
#include "engine/conversation.h"

#include <gtest/gtest.h>

#include <set>

namespace medoracle::engine {
namespace {

TEST(EngineLruMapTest, ForgetsTheLeastRecentlyUsed) {
  LruMap<int> lru(2);
  lru.Put("a", 1);
  lru.Put("b", 2);
  int v = 0;
  EXPECT_TRUE(lru.Get("a", &v));  // a is now the most recent
  lru.Put("c", 3);
  EXPECT_FALSE(lru.Get("b", &v));
  EXPECT_TRUE(lru.Get("a", &v));
  EXPECT_EQ(v, 1);
  EXPECT_EQ(lru.size(), 2u);
}

TEST(EngineFollowUpTest, FirstTurnIsSearchedAsAsked) {
  const Turn turn = FollowUp(nullptr, "What is the treatment of gout flares?");
  EXPECT_EQ(turn.question, "What is the treatment of gout flares?");
  EXPECT_EQ(turn.retrieval, turn.question);
}

TEST(EngineFollowUpTest, FollowUpCarriesThePreviousTurnsContentWords) {
  const Turn first = FollowUp(nullptr, "What is the treatment of gout flares?");
  const Turn next = FollowUp(&first, "and in pregnancy?");
  EXPECT_EQ(next.question, "and in pregnancy?");
  EXPECT_NE(next.retrieval.find("and in pregnancy?"), std::string::npos) << next.retrieval;
  EXPECT_NE(next.retrieval.find("gout"), std::string::npos) << next.retrieval;
  // The focus keeps travelling: a third turn still has gout.
  const Turn third = FollowUp(&next, "what about children?");
  EXPECT_NE(third.retrieval.find("gout"), std::string::npos) << third.retrieval;
}

TEST(EngineFollowUpTest, AskingThePreviousQuestionAgainReusesItsRetrievalText) {
  const Turn first = FollowUp(nullptr, "What is the treatment of gout flares?");
  const Turn next = FollowUp(&first, "and in pregnancy?");
  const Turn again = FollowUp(&next, "And in  pregnancy?");
  EXPECT_EQ(again.retrieval, next.retrieval);
}

TEST(EngineConversationStoreTest, NewIdsAre32HexDigitsAndDistinct) {
  ConversationStore conversations(10);
  std::set<std::string> ids;
  for (int i = 0; i < 100; ++i) {
    const std::string id = conversations.NewId();
    EXPECT_EQ(id.size(), 32u);
    EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos) << id;
    ids.insert(id);
  }
  EXPECT_EQ(ids.size(), 100u);
}

TEST(EngineConversationStoreTest, RemembersTheLastTurnOfEachConversation) {
  ConversationStore conversations(10);
  Turn out;
  EXPECT_FALSE(conversations.Last("c1", &out));
  EXPECT_FALSE(conversations.Last("", &out));
  conversations.Record("c1", {"q1", "r1"});
  conversations.Record("c1", {"q2", "r2"});
  ASSERT_TRUE(conversations.Last("c1", &out));
  EXPECT_EQ(out.question, "q2");
  EXPECT_EQ(out.retrieval, "r2");
  EXPECT_EQ(conversations.size(), 1u);
}

}  // namespace
}  // namespace medoracle::engine

namespace medoracle::engine {
namespace {

TEST(EngineFollowUpTest, QuestionsThatLeanOnAnEarlierOneAreRecognised) {
  for (const char* q : {"and in children?", "What about in pregnancy?", "How is it treated?", "And surgery?",
                        "Are they safe for kids?"}) {
    EXPECT_TRUE(ReadsAsFollowUp(q)) << q;
  }
  for (const char* q : {"What is the treatment for gout?", "How is lumbar radiculopathy treated in older adults?",
                        "Is it safe to take ibuprofen with warfarin when you also have kidney disease and asthma?"}) {
    EXPECT_FALSE(ReadsAsFollowUp(q)) << q;
  }
}

}  // namespace
}  // namespace medoracle::engine
