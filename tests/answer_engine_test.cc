// The answer engine on the real NGC guideline summaries of ../shared/data, with no editorial
// overview loaded: answers come from the evidence itself, non-medical questions are declined.
#include <gtest/gtest.h>

#include <algorithm>
#include <regex>

#include "answer/composer.h"
#include "answer/ranking_weights.h"
#include "answer/render.h"
#include "answer/statement_text.h"
#include "corpus/text.h"
#include "answer_checks.h"
#include "fixtures.h"
#include "ingest/ingester.h"
#include "test_data.h"

namespace medoracle {
namespace {

constexpr char kGuidelines[] = "ngc_guidelines_pd/summaries";

class GuidelineAnswerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!testing::HasSharedData(kGuidelines)) return;
    dir_ = new testing::TempDir();
    auto index = OpenIndex(*dir_ / "index", Index::Mode::kReadWrite);
    ASSERT_TRUE(index.ok()) << index.status().ToString();
    auto report = Ingest(**index, {testing::SharedData(kGuidelines)}, IngestOptions{});
    ASSERT_TRUE(report.ok()) << report.status().ToString();
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  void SetUp() override {
    MEDORACLE_REQUIRE_SHARED_DATA(kGuidelines);
    auto index = OpenIndex(*dir_ / "index", Index::Mode::kReadOnly);
    ASSERT_TRUE(index.ok());
    index_ = std::move(index).value();
  }

  Answer Ask(const std::string& question) { return AskWithDomain(question, -1); }

  // The question with the question-domain models' probabilities that it is medical (negative:
  // no model), as the engine passes them.
  Answer AskWithDomain(const std::string& question, double first, double second = -1) {
    AskOptions options;
    options.medical_probability = first;
    options.consumer_medical_probability = second;
    auto answer = ComposeAnswer(*index_, question, options);
    EXPECT_TRUE(answer.ok()) << answer.status().ToString();
    return answer.ok() ? *answer : Answer{};
  }

  // Every statement equals its document's text at its span (whitespace-normalised).
  void ExpectFaithful(const Answer& a) { testing::ExpectFaithful(*index_, a); }

  static std::string AllText(const Answer& a) {
    std::string text = a.bottom_line.text;
    for (const auto& s : a.sections) {
      for (const auto& st : s.statements) text += "\n" + st.text;
    }
    return text;
  }

  static size_t Words(const Answer& a) {
    size_t n = CountWords(a.bottom_line.text);
    for (const auto& s : a.sections) {
      for (const auto& st : s.statements) n += CountWords(st.text);
    }
    return n;
  }

  static testing::TempDir* dir_;
  std::unique_ptr<Index> index_;
};

testing::TempDir* GuidelineAnswerTest::dir_ = nullptr;

// The seed question got "no answer" from the guidelines alone (the quick start looked good
// only because library/ holds an overview of that topic).
TEST_F(GuidelineAnswerTest, SeedQuestionWasDeclinedWithoutTheLibrary_NowAnsweredFromTheGuidelines) {
  const Answer a = Ask("What is the treatment for L5 (lumbar 5) impingement at the foramen level?");
  ASSERT_TRUE(a.answered) << a.no_answer_reason;
  ASSERT_FALSE(a.references.empty());
  for (const Reference& r : a.references) EXPECT_EQ(r.type, RefType::kGuideline) << r.id;
  // "L5 ... impingement at the foramen" is read as a lumbar radiculopathy: the statements are
  // about radiculopathy, not about compression fractures or needle placement at L5.
  auto cited = [&a](const std::string& id) {
    return std::any_of(a.references.begin(), a.references.end(), [&](const Reference& r) { return r.id == id; });
  };
  EXPECT_TRUE(cited("ngc:10647")) << RenderText(a);  // Colorado low back pain guideline
  EXPECT_EQ(AsciiLower(AllText(a)).find("compression fracture"), std::string::npos) << RenderText(a);
  EXPECT_NE(AsciiLower(AllText(a)).find("radicul"), std::string::npos) << RenderText(a);
  // The bottom line of a treatment question does not advise against something.
  EXPECT_FALSE(AdvisesAgainst(a.bottom_line.text)) << a.bottom_line.text;
  const std::string text = AsciiLower(AllText(a));
  EXPECT_NE(text.find("decompression"), std::string::npos) << RenderText(a);
  EXPECT_NE(text.find("mri"), std::string::npos) << RenderText(a);
  EXPECT_TRUE(std::regex_search(text, std::regex("epidural|\\besis?\\b"))) << RenderText(a);
  EXPECT_LE(Words(a), 600u);
  EXPECT_GE(Words(a), 250u);
  ExpectFaithful(a);
}

// Recommendations ending in their grade tag were never candidates (74% of NGC's "recommends"
// sentences); a treatment question now gets graded recommendations, the grade kept.
TEST_F(GuidelineAnswerTest, GradeTaggedRecommendationsWereDropped_NowAnsweredWithTheirGrades) {
  const Answer a = Ask("Which medications should I use for chronic low back pain?");
  ASSERT_TRUE(a.answered) << a.no_answer_reason;
  EXPECT_TRUE(std::regex_search(AllText(a), std::regex("\\((Strong|Weak) (for|against)", std::regex::icase)))
      << RenderText(a);
  ExpectFaithful(a);
}

// The guideline's subsection on the asked treatment holds the answer; the sentences of its
// other sections that name the same words used to fill the answer first (one of these key
// points was found). The ranker now knows how well a sentence's section answers the question.
TEST_F(GuidelineAnswerTest, AnswerSectionWasCrowdedOutByTopicalSentences_NowItsStatementsLead) {
  const Answer a = Ask("Is a hyaluronic acid injection worth trying for an injured worker's shoulder pain?");
  ASSERT_TRUE(a.answered) << a.no_answer_reason;
  const std::string text = AllText(a);
  size_t found = 0;
  for (const char* point : {"has not approved this for use in the shoulder", "hyaluronate in rotator cuff tendinopathy",
                            "adhesive capsulitis over the improvements seen with PT",
                            "subacromial injection of hyaluronic acid", "three weekly injections of HA"}) {
    found += std::regex_search(text, std::regex(point, std::regex::icase));
  }
  EXPECT_GE(found, 3u) << RenderText(a);
  ExpectFaithful(a);
}

TEST_F(GuidelineAnswerTest, NonMedicalQuestionsAreDeclined) {
  for (const char* q : {"How do I fix my car's brakes?", "What is the best dose of fertilizer for tomato plants?",
                        "Which river is the longest in Europe?"}) {
    SCOPED_TRACE(q);
    const Answer a = Ask(q);
    EXPECT_FALSE(a.answered) << RenderText(a);
    EXPECT_FALSE(a.no_answer_reason.empty());
    EXPECT_TRUE(a.references.empty());
  }
}

// A clinical question naming no vocabulary concept needs stronger evidence (0.65) unless the
// question-domain model is sure it is medical; one it judges non-medical needs much more.
TEST_F(GuidelineAnswerTest, TheQuestionDomainDecidesHowMuchEvidenceAQuestionNeeds) {
  const std::string q = "Can a 38-year-old woman who smokes keep using the combined pill?";
  AskOptions options;
  auto plain = ComposeAnswer(*index_, q, options);
  ASSERT_TRUE(plain.ok());
  ASSERT_GE(plain->confidence, DefaultRankingWeights().decline_below) << plain->confidence;
  ASSERT_LT(plain->confidence, DefaultRankingWeights().decline_without_medical_concept_below) << plain->confidence;
  EXPECT_FALSE(plain->answered);
  options.medical_probability = 0.99;
  auto medical = ComposeAnswer(*index_, q, options);
  ASSERT_TRUE(medical.ok());
  EXPECT_TRUE(medical->answered) << medical->no_answer_reason;
  options.medical_probability = 0.1;
  auto other = ComposeAnswer(*index_, q, options);
  ASSERT_TRUE(other.ok());
  EXPECT_FALSE(other->answered);
}

// Issue 11: the question-domain model read this guideline question as not medical (0.302) and its
// evidence (0.88 here, 0.897 on all the shared data) fell short of the 0.9 such a question needs;
// the second model, trained with patients' questions too, calls it medical (0.961; models_tests
// checks both values' sides), so the question needs no more than one naming no concept.
TEST_F(GuidelineAnswerTest, SuicidalVeteranQuestionWasDeclinedAsNonMedical_NowTheSecondDomainModelVouchesForIt) {
  const std::string q =
      "How do I limit a suicidal veteran's access to lethal means, and is a no-suicide contract useful?";
  const Answer first_only = AskWithDomain(q, 0.302);
  ASSERT_LT(first_only.confidence, DefaultRankingWeights().decline_non_medical_question_below);
  EXPECT_FALSE(first_only.answered);
  const Answer both = AskWithDomain(q, 0.302, 0.961);
  ASSERT_TRUE(both.answered) << both.no_answer_reason;
  EXPECT_TRUE(std::any_of(both.references.begin(), both.references.end(), [](const Reference& r) {
    return r.id == "ngc:9978";
  })) << RenderText(both);
}

// A question naming a vocabulary concept is judged as naming none when both models are sure it
// is not medical ("How do I bleed air out of a diesel fuel line?": "bleed" was answered), never
// on the first model alone (it read "How can I stop it from coming back? (gout)" as 0.000). A
// medical question with made-up probabilities shows the rule.
TEST_F(GuidelineAnswerTest, ConceptWordsInANonMedicalSenseWereAnswered_NowBothDomainModelsCanOverruleThem) {
  const std::string q = "How long should I wait before imaging low back pain in an athlete?";  // names low back pain
  const RankingWeights& w = DefaultRankingWeights();
  const Answer first_only = AskWithDomain(q, 0.0);
  ASSERT_GE(first_only.confidence, w.decline_below);
  ASSERT_LT(first_only.confidence, w.decline_non_medical_question_below);
  EXPECT_TRUE(first_only.answered) << first_only.no_answer_reason;
  EXPECT_TRUE(AskWithDomain(q, 0.0, 0.5).answered);
  EXPECT_FALSE(AskWithDomain(q, 0.0, 0.01).answered);
}

TEST_F(GuidelineAnswerTest, AnswersCarryAConfidenceAndStayWithinTheWordBudget) {
  const Answer a = Ask("When should I order imaging for a patient with low back pain?");
  ASSERT_TRUE(a.answered) << a.no_answer_reason;
  EXPECT_GT(a.confidence, 0.45);
  EXPECT_LE(a.confidence, 1.0);
  EXPECT_LE(Words(a), 600u);
  testing::ExpectReferencesInDisplayOrder(a);
}

}  // namespace
}  // namespace medoracle
