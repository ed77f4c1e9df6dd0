// The learned sentence ranker's model file: parsing the tree ensemble and the committed model.
#include "answer/sentence_ranker.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <random>
#include <string>

namespace medoracle {
namespace {

// Two trees over two features: the first splits on feature 0 at 0.5, the second is one leaf.
constexpr char kModel[] =
    "# a comment\n"
    "features 2\n"
    "tree\n"
    "0 0 0.5 1 2\n"
    "1 leaf -1.25\n"
    "2 1 0.25 3 4\n"
    "3 leaf 0.5\n"
    "4 leaf 2\n"
    "tree\n"
    "0 leaf 0.125\n";

TEST(SentenceRankerTest, ParsesATreeEnsembleAndSumsItsLeaves) {
  auto m = ParseTreeEnsemble(kModel);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->features, 2u);
  ASSERT_EQ(m->trees.size(), 2u);
  EXPECT_DOUBLE_EQ(m->Score({0.1, 0.9}), -1.25 + 0.125);  // below the first split: left leaf
  EXPECT_DOUBLE_EQ(m->Score({0.9, 0.1}), 0.5 + 0.125);
  EXPECT_DOUBLE_EQ(m->Score({0.9, 0.9}), 2 + 0.125);
  // A value equal to the threshold goes right, as in XGBoost ("yes" is strictly below).
  EXPECT_DOUBLE_EQ(m->Score({0.5, 0.25}), 2 + 0.125);
}

// The flattened trees (complete, branch-free) score exactly as the nodes do: the committed model
// and a lopsided one (a leaf at the root's side, depth 3 on the other), on random features and on
// values equal to the thresholds.
TEST(SentenceRankerTest, FlattenedTreesScoreExactlyAsTheNodes) {
  auto lopsided = ParseTreeEnsemble(
      "features 3\n"
      "tree\n0 0 0.5 1 2\n1 leaf -1\n2 1 0.5 3 4\n3 leaf 0.25\n4 2 0.75 5 6\n5 leaf 3\n6 leaf 4\n"
      "tree\n0 leaf 0.125\n");
  ASSERT_TRUE(lopsided.ok()) << lopsided.status().ToString();
  ASSERT_NE(SentenceRanker(), nullptr);
  std::mt19937 rng(11);
  for (const TreeEnsemble* model : std::vector<const TreeEnsemble*>{&*lopsided, SentenceRanker()}) {
    ASSERT_GE(model->flat_depth, 0) << "not flattened";
    TreeEnsemble walked = *model;
    walked.flat_depth = -1;
    std::uniform_real_distribution<double> value(-0.5, 1.5);
    for (int round = 0; round < 2000; ++round) {
      std::vector<double> x(model->features);
      for (double& v : x) v = round % 4 == 0 ? static_cast<double>(static_cast<float>(0.25 * (rng() % 5))) : value(rng);
      ASSERT_EQ(model->Score(x), walked.Score(x)) << "round " << round;
    }
  }
  EXPECT_EQ(lopsided->Score({0.9, 0.9, 0.9}), 4 + 0.125);
  EXPECT_EQ(lopsided->Score({0.1, 0.9, 0.9}), -1 + 0.125);
}

TEST(SentenceRankerTest, BadModelsAreRefusedWithTheLineAndReason) {
  auto refused = [](const std::string& text, const std::string& says) {
    auto m = ParseTreeEnsemble(text);
    ASSERT_FALSE(m.ok()) << text;
    EXPECT_NE(m.status().ToString().find(says), std::string::npos) << m.status().ToString();
  };
  refused("", "no trees");
  refused("tree\n0 leaf 1\n", "line 1: 'features N' must come first");
  refused("features 2\nhello\n", "line 2: unknown field");
  refused("features 2\n0 leaf 1\n", "before the first 'tree'");
  refused("features 2\ntree\n0 leaf abc\n", "line 3: leaf is not a number");
  refused("features 2\ntree\n0 5 0.5 1 2\n1 leaf 1\n2 leaf 2\n", "line 3: feature 5 out of range");
  refused("features 2\ntree\n0 0 0.5 1 2\n1 leaf 1\n", "node 0 points to missing node 2");
  refused("features 2\ntree\n1 leaf 1\n", "tree 0: node 0 is missing");
  refused("features 2\ntree\n0 leaf 1\n0 leaf 2\n", "node 0 defined twice");
  // A child before its parent could loop for ever.
  refused("features 2\ntree\n0 leaf 1\n1 0 0.5 0 2\n2 leaf 1\n", "a child must follow its parent");
  refused("features 2\ntree\n0 0 0.5 1\n", "expected 'ID FEATURE THRESHOLD YES NO'");
  refused("features 0\ntree\n0 leaf 1\n", "bad feature count");
}

// The model compiled in was trained on today's feature list (else statements would be ordered
// by the hand-weighted score, silently).
TEST(SentenceRankerTest, TheCommittedModelMatchesTheFeatures) {
  const TreeEnsemble* ranker = SentenceRanker();
  ASSERT_NE(ranker, nullptr) << "models/sentence_ranker.txt does not match kSentenceFeatureNames";
  EXPECT_EQ(ranker->features, kSentenceFeatureNames.size());
  // Two recommendations of 25 words in the top guideline, read whole: one that covers the
  // question and what it asks, in the best section, outranks one that covers nothing in a section
  // about something else. (Values a real candidate has: a vector of zeros but for the coverage,
  // 0 words among them, is no sentence, and the trees may score it anyhow.)
  std::vector<double> good(kSentenceFeatureNames.size(), 0.0), poor(kSentenceFeatureNames.size(), 0.0);
  for (size_t i = 0; i < kSentenceFeatureNames.size(); ++i) {
    const std::string_view name = kSentenceFeatureNames[i];
    if (name == "document_score" || name == "top_document" || name == "read_whole" || name == "role_recommendation" ||
        name == "relative_document") {
      good[i] = poor[i] = 1.0;
    } else if (name == "evidence_prior" || name == "top_document_prior") {
      good[i] = poor[i] = 0.12;
    } else if (name == "log_words") {
      good[i] = poor[i] = std::log(25.0);
    } else if (name == "context_coverage" || name == "own_coverage" || name == "section_coverage" ||
               name == "relative_context" || name == "relative_own" || name == "relative_section" ||
               name == "section_relevance" || name == "section_rank_decay" || name == "section_top3" ||
               name == "asked_coverage" || name == "asked_heading_coverage" || name == "relative_asked" ||
               name == "relative_asked_heading" || name == "hand_score" || name == "relative_score" ||
               name == "rank_decay" || name == "rank_top20" || name == "passage_score" || name == "relative_passage") {
      good[i] = 1.0;
    }
  }
  EXPECT_GT(ranker->Score(good), ranker->Score(poor));
}

// A ranker file named for cross-validation (MEDORACLE_SENTENCE_RANKER) is used when it fits the
// composer's features; one that cannot be read, does not parse or has another feature count is
// refused with the file named, and the committed model answers instead of no ranker at all.
TEST(SentenceRankerTest, AnOverrideFileIsUsedWhenItFitsElseTheCommittedModel) {
  const std::string dir = ::testing::TempDir();
  std::string fitting = "features " + std::to_string(kSentenceFeatureNames.size()) + "\ntree\n0 leaf 0.75\n";
  std::ofstream(dir + "ranker_fits.txt") << fitting;
  std::ofstream(dir + "ranker_two_features.txt") << kModel;
  std::ofstream(dir + "ranker_bad.txt") << "features " + std::to_string(kSentenceFeatureNames.size()) +
                                               "\ntree\n0 branch\n";
  auto fits = LoadSentenceRanker((dir + "ranker_fits.txt").c_str());
  ASSERT_NE(fits, nullptr);
  ASSERT_EQ(fits->trees.size(), 1u);
  EXPECT_DOUBLE_EQ(fits->Score(std::vector<double>(kSentenceFeatureNames.size(), 0.0)), 0.75);
  const size_t committed_trees = LoadSentenceRanker(nullptr)->trees.size();
  EXPECT_GT(committed_trees, 1u);
  for (const std::string name : {"ranker_two_features.txt", "ranker_bad.txt", "ranker_missing.txt"}) {
    ::testing::internal::CaptureStderr();
    auto fallback = LoadSentenceRanker((dir + name).c_str());
    const std::string said = ::testing::internal::GetCapturedStderr();
    ASSERT_NE(fallback, nullptr) << name;
    EXPECT_EQ(fallback->trees.size(), committed_trees) << name;
    EXPECT_NE(said.find(name), std::string::npos) << said;
    EXPECT_NE(said.find("using the committed ranker"), std::string::npos) << said;
  }
}

}  // namespace
}  // namespace medoracle
