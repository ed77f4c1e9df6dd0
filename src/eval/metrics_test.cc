// Metric tests against values computed by hand (and the trec_eval conventions).
#include "eval/metrics.h"

#include <gtest/gtest.h>

#include <cmath>

namespace medoracle::eval {
namespace {

std::vector<RunEntry> Ranked(std::initializer_list<const char*> ids) {
  std::vector<RunEntry> out;
  double score = 100;
  for (const char* id : ids) out.push_back({id, score--});
  return out;
}

TEST(MetricsTest, NdcgWithGradedGainsIsLinearWithLog2Discount) {
  // Judged: a=2, b=1, c=1 (d unjudged). Ranking d, a, c, b.
  const std::map<std::string, int> j = {{"a", 2}, {"b", 1}, {"c", 1}};
  const auto r = Ranked({"d", "a", "c", "b"});
  // DCG = 0/log2(2) + 2/log2(3) + 1/log2(4) + 1/log2(5)
  const double dcg = 2 / std::log2(3.0) + 1 / 2.0 + 1 / std::log2(5.0);
  // Ideal: 2, 1, 1 -> 2/1 + 1/log2(3) + 1/2
  const double ideal = 2 + 1 / std::log2(3.0) + 0.5;
  EXPECT_NEAR(NdcgAt(r, j, 10), dcg / ideal, 1e-12);
  EXPECT_NEAR(NdcgAt(r, j, 10), 0.7003, 1e-4);  // by hand: 2.1926 / 3.1309
  // Cut at 2: DCG@2 = 2/log2(3) = 1.2619; ideal@2 = 2 + 0.6309 = 2.6309.
  EXPECT_NEAR(NdcgAt(r, j, 2), 1.26186 / 2.63093, 1e-4);
  EXPECT_DOUBLE_EQ(NdcgAt(Ranked({"a", "b", "c"}), j, 10), 1.0);
  EXPECT_DOUBLE_EQ(NdcgAt(Ranked({"x", "y"}), j, 10), 0.0);
}

TEST(MetricsTest, NonPositiveGradesAreNotRelevant) {
  const std::map<std::string, int> j = {{"a", 1}, {"b", 0}, {"c", -1}};
  const auto r = Ranked({"b", "c", "a"});
  EXPECT_NEAR(NdcgAt(r, j, 10), 1 / std::log2(4.0), 1e-12);  // only a counts, at rank 3
  EXPECT_DOUBLE_EQ(RecallAt(r, j, 2), 0.0);
  EXPECT_DOUBLE_EQ(RecallAt(r, j, 3), 1.0);
  EXPECT_NEAR(AveragePrecision(r, j), 1.0 / 3, 1e-12);
}

TEST(MetricsTest, AveragePrecisionAndRecallByHand) {
  // 4 relevant: a b c d; retrieved a x b y z c (d never retrieved).
  const std::map<std::string, int> j = {{"a", 1}, {"b", 1}, {"c", 1}, {"d", 1}};
  const auto r = Ranked({"a", "x", "b", "y", "z", "c"});
  // AP = (1/1 + 2/3 + 3/6) / 4 = 2.1667 / 4 = 0.541667
  EXPECT_NEAR(AveragePrecision(r, j), (1 + 2.0 / 3 + 0.5) / 4, 1e-12);
  EXPECT_DOUBLE_EQ(RecallAt(r, j, 1), 0.25);
  EXPECT_DOUBLE_EQ(RecallAt(r, j, 3), 0.5);
  EXPECT_DOUBLE_EQ(RecallAt(r, j, 100), 0.75);
}

TEST(MetricsTest, TiesAreBrokenByDocumentIdDescendingLikeTrecEval) {
  std::vector<RunEntry> r = {{"a", 1.0}, {"c", 1.0}, {"b", 2.0}};
  SortLikeTrecEval(&r);
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].doc_id, "b");
  EXPECT_EQ(r[1].doc_id, "c");
  EXPECT_EQ(r[2].doc_id, "a");
}

TEST(MetricsTest, EvaluateAveragesOverJudgedTopicsAndCountsMissingRunsAsZero) {
  Qrels qrels;
  qrels["q1"] = {{"a", 1}};
  qrels["q2"] = {{"b", 2}, {"c", 1}};
  qrels["q3"] = {{"z", 0}};  // no relevant document: not a topic of the mean
  eval::Run run;
  run["q1"] = {{"x", 3}, {"a", 2}};  // a at rank 2
  // q2 missing from the run: scores 0.
  run["q9"] = {{"a", 1}};  // not judged: ignored
  const RunMetrics m = Evaluate(run, qrels);
  EXPECT_EQ(m.topics, 2u);
  EXPECT_NEAR(m.ndcg10, (1 / std::log2(3.0)) / 2, 1e-12);
  EXPECT_NEAR(m.map, 0.5 / 2, 1e-12);
  EXPECT_NEAR(m.recall100, 0.5, 1e-12);
  EXPECT_EQ(m.per_topic.at("q1").relevant_retrieved, 1u);
  EXPECT_EQ(m.per_topic.at("q2").retrieved, 0u);
}

TEST(MetricsTest, EvaluateSortsByScoreNotInputOrderAndCutsAtDepth) {
  Qrels qrels;
  qrels["q"] = {{"a", 1}};
  eval::Run run;
  run["q"] = {{"b", 1.0}, {"a", 5.0}};  // a has the higher score: rank 1
  EXPECT_DOUBLE_EQ(Evaluate(run, qrels).ndcg10, 1.0);
  run["q"] = {{"b", 5.0}, {"a", 1.0}};
  EXPECT_DOUBLE_EQ(Evaluate(run, qrels, 1).map, 0.0);  // a is at rank 2, beyond depth 1
}

}  // namespace
}  // namespace medoracle::eval
