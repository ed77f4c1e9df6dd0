// Tests of the recommendation grades read from statements, and of their place in the answer JSON.
#include "answer/grades.h"

#include <gtest/gtest.h>

#include "answer/render.h"

namespace medoracle {
namespace {

std::vector<std::string> Labels(std::string_view text) {
  std::vector<std::string> labels;
  for (const auto& g : RecommendationGrades(text)) labels.push_back(g.label);
  return labels;
}

TEST(GradesTest, GradeWordsInParenthesesOrBrackets) {
  EXPECT_EQ(Labels("Use the history and examination to look for red flags (strong for)."),
            std::vector<std::string>{"Strong for"});
  EXPECT_EQ(Labels("Do not use oral steroids (Weak Against; Reviewed, Amended)."),
            std::vector<std::string>{"Weak against"});
  EXPECT_EQ(Labels("Offer thiazides (category A; strong for thiazide-type diuretics) [weak against beta blockers]"),
            (std::vector<std::string>{"Strong for", "Weak against"}));
  EXPECT_EQ(Labels("Avoid benzodiazepines and opioids (both strong against)."),
            std::vector<std::string>{"Strong against"});
  EXPECT_EQ(Labels("There is insufficient evidence (neither for nor against)."),
            std::vector<std::string>{"Neither for nor against"});
  EXPECT_EQ(Labels("Screen adults for hypertension (strong recommendation, high-quality evidence)."),
            std::vector<std::string>{"Strong recommendation"});
  EXPECT_EQ(Labels("We suggest bracing (conditional for) and exercise (strong for) (strong for)."),
            (std::vector<std::string>{"Conditional for", "Strong for"}));
  const auto g = RecommendationGrades("Statins (Strong For).");
  ASSERT_EQ(g.size(), 1u);
  EXPECT_EQ(g[0].strength, "strong");
  EXPECT_EQ(g[0].direction, "for");
}

TEST(GradesTest, AfterStrengthOfRecommendation) {
  EXPECT_EQ(Labels("Exercise therapy helps. Strength of recommendation: Weak for."),
            std::vector<std::string>{"Weak for"});
  EXPECT_EQ(Labels("Recommendation: strong against routine imaging."), std::vector<std::string>{"Strong against"});
}

TEST(GradesTest, ProseIsNotAGrade) {
  EXPECT_TRUE(Labels("There is strong evidence for exercise in low back pain.").empty());
  EXPECT_TRUE(Labels("A strong for-profit sector (see text) exists.").empty());
  EXPECT_TRUE(Labels("The recommendation was weak for older adults.").empty());
  EXPECT_TRUE(Labels("(Strong or Weak)").empty());
  EXPECT_TRUE(Labels("Unclosed (strong").empty());
  EXPECT_TRUE(Labels("").empty());
}

// Each statement of the answer JSON carries the grades it quotes; others carry none.
TEST(GradesTest, AnswerJsonCarriesTheGrades) {
  Answer a;
  a.answered = true;
  a.bottom_line.text = "NSAIDs are recommended with attention to individual risks (strong for).";
  a.bottom_line.citations = {1};
  a.sections.push_back({"Red flags", {{"Assess for cauda equina syndrome.", {1}, {}, false, 0}}, false, false});
  const nlohmann::json j = AnswerToJson(a);
  ASSERT_EQ(j["bottom_line"]["grades"].size(), 1u);
  EXPECT_EQ(j["bottom_line"]["grades"][0],
            (nlohmann::json{{"strength", "strong"}, {"direction", "for"}, {"label", "Strong for"}}));
  EXPECT_FALSE(j["sections"][0]["statements"][0].contains("grades"));
}

}  // namespace
}  // namespace medoracle
