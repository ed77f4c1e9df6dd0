// The learned sentence ranker's model file: parsing LIBLINEAR output and the committed model.
#include "answer/sentence_ranker.h"

#include <gtest/gtest.h>

namespace medoracle {
namespace {

constexpr char kModel[] =
    "solver_type L2R_LR\nnr_class 2\nlabel 1 -1\nnr_feature 2\nbias 1\nw\n0.5 \n-1.5 \n0.25 \n";

TEST(SentenceRankerTest, ParsesALiblinearModel) {
  auto m = ParseLinearModel(kModel);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  ASSERT_EQ(m->weights.size(), 2u);
  EXPECT_DOUBLE_EQ(m->weights[0], 0.5);
  EXPECT_DOUBLE_EQ(m->weights[1], -1.5);
  EXPECT_DOUBLE_EQ(m->bias, 0.25);
  EXPECT_DOUBLE_EQ(m->Score({1.0, 1.0}), -0.75);
}

// LIBLINEAR writes the weights for its first label: when that is -1 they are turned round so
// that a higher score always means "carries a key point".
TEST(SentenceRankerTest, WeightsAreForLabelOneWhicheverLabelComesFirst) {
  auto m = ParseLinearModel("solver_type L2R_LR\nnr_class 2\nlabel -1 1\nnr_feature 1\nbias -1\nw\n2\n");
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_DOUBLE_EQ(m->weights[0], -2);
  EXPECT_DOUBLE_EQ(m->bias, 0);
}

TEST(SentenceRankerTest, BadModelsAreRefusedWithTheLineAndReason) {
  auto not_a_model = ParseLinearModel("hello\n");
  ASSERT_FALSE(not_a_model.ok());
  EXPECT_NE(not_a_model.status().ToString().find("line 1"), std::string::npos);
  auto three = ParseLinearModel("solver_type L2R_LR\nnr_class 3\n");
  ASSERT_FALSE(three.ok());
  EXPECT_NE(three.status().ToString().find("two classes"), std::string::npos);
  auto short_w = ParseLinearModel("solver_type L2R_LR\nnr_class 2\nlabel 1 -1\nnr_feature 3\nbias 1\nw\n1\n2\n");
  ASSERT_FALSE(short_w.ok());
  EXPECT_NE(short_w.status().ToString().find("expected 4"), std::string::npos);
  auto nan = ParseLinearModel("solver_type L2R_LR\nnr_class 2\nlabel 1 -1\nnr_feature 1\nbias -1\nw\nabc\n");
  ASSERT_FALSE(nan.ok());
  EXPECT_NE(nan.status().ToString().find("line 7"), std::string::npos);
  EXPECT_FALSE(ParseLinearModel("").ok());
}

// The model compiled in was trained on today's feature list (else statements would be ordered
// by the hand-weighted score, silently).
TEST(SentenceRankerTest, TheCommittedModelMatchesTheFeatures) {
  const LinearModel* ranker = SentenceRanker();
  ASSERT_NE(ranker, nullptr) << "models/sentence_ranker.txt does not match kSentenceFeatureNames";
  EXPECT_EQ(ranker->weights.size(), kSentenceFeatureNames.size());
  // A guideline's graded recommendation outranks the same sentence from an unknown source.
  std::vector<double> f(kSentenceFeatureNames.size(), 0.5);
  std::vector<double> g = f;
  for (size_t i = 0; i < kSentenceFeatureNames.size(); ++i) {
    if (kSentenceFeatureNames[i] == "evidence_prior") {
      f[i] = 0.0;
      g[i] = 0.12;
    }
  }
  EXPECT_GT(ranker->Score(g), ranker->Score(f));
}

}  // namespace
}  // namespace medoracle
