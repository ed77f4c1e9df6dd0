// Long messages reduced to their main question and focus.
#include "query/message.h"

#include <gtest/gtest.h>

namespace medoracle::query {
namespace {

TEST(MessageTest, PlainQuestionsAreLeftAsTheyAre) {
  const ReducedMessage r = ReduceMessage("What is the treatment for gout?", nullptr);
  EXPECT_FALSE(r.reduced);
  EXPECT_EQ(r.searched_as, "What is the treatment for gout?");
}

// 11 of our 100 guideline questions and 4 of 42 drug questions open with a sentence of context;
// the engine cut them to their last sentence ("When is a Bankart repair justified?") and lost what
// they were about: development key points through the engine 0.628 -> 0.608.
TEST(MessageTest, AShortQuestionWithASentenceOfContextWasCutToItsLastSentence_NowAskedWhole) {
  EXPECT_FALSE(ReadsAsMessage(
      "A worker keeps dislocating his shoulder. When is stabilization surgery such as a Bankart repair justified?"));
  EXPECT_FALSE(ReadsAsMessage("What is the treatment for gout?"));
  // Two questions, or a long text, still read as a message.
  EXPECT_TRUE(ReadsAsMessage("My knee is swollen. Is it serious? Should I see a doctor?"));
  EXPECT_TRUE(ReadsAsMessage(std::string(150, 'a') + ". " + std::string(100, 'b') + "?"));
}

// The ranker weighs what a question asks apart from the case it describes (docs/models.md).
TEST(MessageTest, AskedPartIsTheLastSentence) {
  EXPECT_EQ(AskedPart("A worker has an acute tibial shaft fracture. Should I add a bone growth stimulator?"),
            "Should I add a bone growth stimulator?");
  EXPECT_EQ(AskedPart("  What is the treatment for gout? "), "What is the treatment for gout?");
  EXPECT_EQ(AskedPart("A 3-year-old has a temperature of 39.6 C. What should the work-up include?"),
            "What should the work-up include?");
  EXPECT_EQ(AskedPart("  "), "");
  EXPECT_EQ(AskedPart("Is there a cure. Tell me"), "Tell me");
}

// The engine composes a follow-up as its question with the carried focus after it, and a long
// message as its main question with its focus appended: the asked part was the carried words
// ("(hepatitis b vaccine)"), and a case question's confidence judged the focus alone.
TEST(MessageTest, AskedPartWasTheCarriedFocus_NowItIsTheQuestion) {
  EXPECT_EQ(AskedPart("What about in children? (hepatitis b vaccine)"), "What about in children?");
  EXPECT_EQ(AskedPart("What are the treatment options? atrial fibrillation"), "What are the treatment options?");
}

TEST(MessageTest, SentencesSplitAtStopsAndLineEnds) {
  EXPECT_EQ(SplitSentences("Subject line\nI am 52. Is it serious? Thanks!"),
            (std::vector<std::string>{"Subject line", "I am 52.", "Is it serious?", "Thanks!"}));
  EXPECT_EQ(SplitSentences("Take 2.5 mg daily."), (std::vector<std::string>{"Take 2.5 mg daily."}));
}

TEST(MessageTest, AMessageIsReducedToItsQuestionsInOrder) {
  const ReducedMessage r = ReduceMessage(
      "Always tired\nI'm 34 and exhausted for months. My GP said my iron is low. Why would I be low on iron if I "
      "eat meat? What is the treatment if the tablets don't work?",
      nullptr);
  EXPECT_TRUE(r.reduced);
  EXPECT_EQ(r.main_question, "Why would I be low on iron if I eat meat?");
  EXPECT_EQ(r.other_questions, (std::vector<std::string>{"What is the treatment if the tablets don't work?"}));
}

// A subject line ending in '?' was taken for the main question; it names the topic, the body asks.
TEST(MessageTest, SubjectLineEndingInAQuestionMarkWasTheMainQuestion_NowTheBodysQuestion) {
  const ReducedMessage r = ReduceMessage(
      "Bone scan says osteoporosis, what now?\nI'm 68 and broke my wrist last winter. My doctor wants me to start "
      "a pill. What are the treatments for osteoporosis? What else can I do to avoid breaking another bone?",
      nullptr);
  EXPECT_EQ(r.main_question, "What are the treatments for osteoporosis?");
  EXPECT_EQ(r.other_questions, (std::vector<std::string>{"Bone scan says osteoporosis, what now?",
                                                         "What else can I do to avoid breaking another bone?"}));
}

TEST(MessageTest, WithoutAQuestionMarkAQuestionWordOrTheLastSentenceIsTheQuestion) {
  EXPECT_EQ(ReduceMessage("My knee hurts after running. It is swollen. What should I do about it", nullptr)
                .main_question,
            "What should I do about it");
  EXPECT_EQ(ReduceMessage("My knee hurts after running. It is swollen. Please tell me about knee pain", nullptr)
                .main_question,
            "Please tell me about knee pain");
}

TEST(MessageTest, TheFocusNamedInTheContextJoinsTheQuestion) {
  QueryAnalyzer analyzer;
  analyzer.AddVocabulary({{"doid", "DOID:0060224", "atrial fibrillation", {"AF"}}});
  const ReducedMessage r = ReduceMessage(
      "My father is 71. They told him he has atrial fibrillation and sent him home with Coumadin. He is worried "
      "about bleeding. What are the treatment options, and why the blood thinner?",
      &analyzer);
  ASSERT_TRUE(r.reduced);
  EXPECT_EQ(r.main_question, "What are the treatment options, and why the blood thinner?");
  EXPECT_EQ(r.searched_as, "What are the treatment options, and why the blood thinner? atrial fibrillation");
}

// A drug in the context of a question about a condition is history, not the question
// (msg01 of bench/answers/messages was answered from the Coumadin label); it joins a question
// that names no condition.
TEST(MessageTest, ContextDrugJoinsOnlyAQuestionThatIsNotAboutACondition) {
  QueryAnalyzer analyzer;
  analyzer.AddVocabulary({{"doid", "DOID:0060224", "atrial fibrillation", {"AF"}}});
  analyzer.AddVocabulary({{"fda", "fda:0001", "warfarin sodium", {"Coumadin"}}});
  const ReducedMessage history = ReduceMessage(
      "My father was sent home with Coumadin. He feels fine now. What are the treatment options for atrial "
      "fibrillation?",
      &analyzer);
  EXPECT_EQ(history.searched_as, history.main_question);
  const ReducedMessage drug = ReduceMessage(
      "My father was sent home with Coumadin. He bruises easily. What side effects should we watch for?", &analyzer);
  EXPECT_EQ(drug.searched_as, "What side effects should we watch for? coumadin");
}

}  // namespace
}  // namespace medoracle::query
