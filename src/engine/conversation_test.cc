// Tests of the engine's in-memory pieces: the LRU map, follow-up turns and conversation ids.
#include "engine/conversation.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace medoracle::engine {
namespace {

// Undoes std::mt19937_64's output tempering: the generator's state word behind one output.
uint64_t Untemper(uint64_t y) {
  y ^= y >> 43;
  y ^= (y << 37) & 0xFFF7EEE000000000ULL;
  uint64_t x = y;  // y ^= (y << 17) & mask, undone 17 bits at a time
  for (int i = 0; i < 4; ++i) x = y ^ ((x << 17) & 0x71D67FFFEDA60000ULL);
  y = x;
  x = y;  // y ^= (y >> 29) & mask, undone 29 bits at a time
  for (int i = 0; i < 3; ++i) x = y ^ ((x >> 29) & 0x5555555555555555ULL);
  return x;
}

std::string Hex128(unsigned long long a, unsigned long long b) {
  char buf[33];
  std::snprintf(buf, sizeof(buf), "%016llx%016llx", a, b);
  return buf;
}

// What an attacker predicts as the next id from 156 earlier ones if ids came from a Mersenne
// Twister (two 64-bit outputs per id): the 312 outputs give its whole state.
std::string PredictNext(const std::vector<std::string>& ids) {
  std::ostringstream state;
  for (const std::string& id : ids) {
    state << Untemper(std::stoull(id.substr(0, 16), nullptr, 16)) << ' '
          << Untemper(std::stoull(id.substr(16, 16), nullptr, 16)) << ' ';
  }
  state << 312;  // libstdc++'s position: the state is used up, the next call twists it
  std::mt19937_64 twin;
  std::istringstream in(state.str());
  in >> twin;
  const unsigned long long a = twin(), b = twin();
  return Hex128(a, b);
}

TEST(PredictNextTest, PredictsAMersenneTwistersIds) {
  std::mt19937_64 rng(12345);
  std::vector<std::string> ids;
  for (int i = 0; i < 157; ++i) {
    const unsigned long long a = rng(), b = rng();
    ids.push_back(Hex128(a, b));
  }
  const std::string next = ids.back();
  ids.pop_back();
  EXPECT_EQ(PredictNext(ids), next);  // the attack works on the old generator
}

// Issue 17: after 156 anonymous asks the next conversation id of another user was predicted at
// the first try (std::mt19937_64 seeded with 32 bits), and a follow-up on it returned their
// question. Ids now come from the system CSPRNG.
TEST(ConversationStoreTest, ConversationIdsWerePredictableFrom156EarlierIds_NowUnpredictable) {
  ConversationStore store(8);
  std::vector<std::string> ids;
  for (int i = 0; i < 156; ++i) ids.push_back(store.NewId());
  const std::string next = store.NewId();
  EXPECT_NE(PredictNext(ids), next);
  std::set<std::string> distinct(ids.begin(), ids.end());
  EXPECT_EQ(distinct.size(), ids.size());
  for (const std::string& id : ids) {
    ASSERT_EQ(id.size(), 32u);
    EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos) << id;
  }
}

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

// Found by follow_up_fuzz (CI, 2026-12-05): words holding the bytes of a no-break space inside
// invalid UTF-8 were split again when the carried words were joined, carrying more than max_words.
TEST(EngineFollowUpTest, NoBreakSpaceInsideInvalidUtf8CarriedTooManyWords_NowAtMostMaxWords) {
  const Turn first = FollowUp(nullptr, "gout\xC2\xC2\xA0\xC2\xC2 flares\xC2\xA0\xC2knee pain swelling");
  const Turn next = FollowUp(&first, "and in pregnancy?", 2);
  ASSERT_EQ(next.retrieval.rfind("and in pregnancy? (", 0), 0u) << next.retrieval;
  const std::string carried = next.retrieval.substr(19, next.retrieval.size() - 20);
  EXPECT_EQ(std::count(carried.begin(), carried.end(), ' '), 1) << carried;
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
