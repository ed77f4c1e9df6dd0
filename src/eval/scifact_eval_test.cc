// End to end: SciFact (BEIR test split) indexed afresh through Ingest, every claim
// analysed and searched with the product defaults, scored like trec_eval. The floor is
// the value measured when the defaults were chosen, less 0.005; Lucene BM25 scores
// 0.6789 on the same data (bench/lucene/run.sh).
#include <gtest/gtest.h>

#include "eval/datasets.h"
#include "eval/retrieval_eval.h"
#include "fixtures.h"
#include "query/analyzer.h"
#include "test_data.h"

namespace medoracle::eval {
namespace {

constexpr double kLuceneBm25Ndcg10 = 0.6789;
constexpr double kNdcg10Floor = 0.6845;

TEST(ScifactEvalTest, BeatsLuceneBm25WithTheDefaults) {
  MEDORACLE_REQUIRE_SHARED_DATA("scifact/corpus.jsonl");
  MEDORACLE_REQUIRE_SHARED_DATA("disease_ontology/doid_2016-09-01.obo");
  testing::TempDir dir;
  auto dataset = LoadScifact(testing::SharedDataDir());
  ASSERT_TRUE(dataset.ok()) << dataset.status().ToString();
  PrepareOptions prep;
  prep.index_dir = dir / "index";
  prep.vocabulary_paths = {testing::SharedData("disease_ontology/doid_2016-09-01.obo"),
                           testing::SharedData("hpo/layperson-synonyms.tsv")};
  auto prepared = PrepareIndex(*dataset, prep);
  ASSERT_TRUE(prepared.ok()) << prepared.status().ToString();
  EXPECT_EQ(prepared->documents, 5183u);
  EXPECT_GT(prepared->abbreviations, 500u);  // learned from the abstracts
  query::QueryAnalyzer analyzer;
  ASSERT_TRUE(analyzer.LoadFromIndex(*prepared->index).ok());
  auto build = [&](const std::string& text) {
    SearchOptions o;
    o.terms = analyzer.Analyse(text).terms;
    return o;
  };
  auto result = RunTopics(*prepared->index, *dataset, build);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->metrics.topics, 300u);
  std::printf("SciFact nDCG@10 %.4f, R@100 %.4f, MAP %.4f (Lucene BM25 nDCG@10 %.4f)\n",
              result->metrics.ndcg10, result->metrics.recall100, result->metrics.map, kLuceneBm25Ndcg10);
  EXPECT_GE(result->metrics.ndcg10, kNdcg10Floor);
  EXPECT_GT(result->metrics.ndcg10, kLuceneBm25Ndcg10);
  EXPECT_GE(result->metrics.recall100, 0.90);
}

}  // namespace
}  // namespace medoracle::eval
