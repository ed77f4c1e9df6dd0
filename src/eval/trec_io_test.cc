// Tests of the qrels, topics and run readers and the run writer.
#include "eval/trec_io.h"

#include <gtest/gtest.h>

#include "eval/datasets.h"
#include "fixtures.h"
#include "test_data.h"

namespace medoracle::eval {
namespace {

TEST(TrecIoTest, ParsesTrecAndBeirQrels) {
  auto trec =
      ParseQrels("PLAIN-2 0 MED-10 2\nPLAIN-2 0 MED-11 1\n\nPLAIN-3\t0\tMED-10\t1\n", "t", "nfcorpus:");
  ASSERT_TRUE(trec.ok()) << trec.status().ToString();
  EXPECT_EQ(trec->size(), 2u);
  EXPECT_EQ(trec->at("PLAIN-2").at("nfcorpus:MED-10"), 2);
  auto beir = ParseQrels("query-id\tcorpus-id\tscore\n1\t31715818\t1\n3\t14717500\t1\n", "b", "beir:");
  ASSERT_TRUE(beir.ok());
  EXPECT_EQ(beir->at("1").at("beir:31715818"), 1);
  auto bad = ParseQrels("q1 0 d1\n", "bad.qrels");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("bad.qrels: line 1"), std::string::npos);
}

TEST(TrecIoTest, ParsesTopicFormats) {
  auto tsv = ParseTopics("PLAIN-1008\tdeafness\nPLAIN-102\tstopping heart disease in childhood\n", "t");
  ASSERT_TRUE(tsv.ok());
  ASSERT_EQ(tsv->size(), 2u);
  EXPECT_EQ((*tsv)[1].id, "PLAIN-102");
  EXPECT_EQ((*tsv)[1].text, "stopping heart disease in childhood");
  auto beir = ParseTopics(
      "{\"_id\": \"1\", \"text\": \"0-dimensional biomaterials\"}\n{\"_id\": 3, \"text\": \"x\"}\n", "q");
  ASSERT_TRUE(beir.ok());
  EXPECT_EQ((*beir)[1].id, "3");
  auto trec = ParseTopics(
      "<top>\n<num> Number: 301\n<title> International Organized Crime\n\n<desc> Description:\n"
      "Identify organizations\n</top>\n<top>\n<num> Number: 302 <title> Poliomyelitis and "
      "Post-Polio\n</top>\n",
      "topics.301");
  ASSERT_TRUE(trec.ok()) << trec.status().ToString();
  ASSERT_EQ(trec->size(), 2u);
  EXPECT_EQ((*trec)[0].id, "301");
  EXPECT_EQ((*trec)[0].text, "International Organized Crime");
  EXPECT_EQ((*trec)[1].text, "Poliomyelitis and Post-Polio");
  auto covid =
      ParseTopics("<topics><topic number=\"1\"><query>coronavirus origin</query></topic></topics>", "c");
  ASSERT_TRUE(covid.ok());
  EXPECT_EQ((*covid)[0].id, "1");
  EXPECT_FALSE(ParseTopics("no tab here\n", "t").ok());
}

TEST(TrecIoTest, WritesAndReadsRunsInTrecEvalOrder) {
  testing::TempDir dir;
  eval::Run run;
  run["q2"] = {{"d9", 3.5}, {"d1", 2.25}, {"d2", 2.25}};
  run["q1"] = {{"d3", 1}};
  ASSERT_TRUE(WriteTrecRun(dir / "run.txt", {"q1", "q2"}, run, "tag", 2).ok());
  auto text = ReadWholeFile(dir / "run.txt");
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(*text, "q1 Q0 d3 1 1.000000 tag\nq2 Q0 d9 1 3.500000 tag\nq2 Q0 d1 2 2.250000 tag\n");
  auto back = ParseTrecRun("q Q0 a 1 2.0 t\nq Q0 b 2 2.0 t\nq Q0 c 3 9 t\n", "r");
  ASSERT_TRUE(back.ok());
  const auto& e = back->at("q");
  EXPECT_EQ(e[0].doc_id, "c");
  EXPECT_EQ(e[1].doc_id, "b");  // tie: document id descending
  EXPECT_EQ(e[2].doc_id, "a");
}

TEST(DatasetsTest, SnippetUnitIdsIgnoreWhitespaceDifferences) {
  EXPECT_EQ(SnippetUnitId("pmid:1", "A  snippet\n text."), SnippetUnitId("pmid:1", "A snippet text."));
  EXPECT_NE(SnippetUnitId("pmid:1", "A snippet text."), SnippetUnitId("pmid:2", "A snippet text."));
  EXPECT_EQ(SnippetUnitId("pmid:1", "x").size(), std::string("pmid:1#").size() + 12);
}

TEST(DatasetsTest, LoadsTheSharedBenchmarksWithTheirPublishedCounts) {
  MEDORACLE_REQUIRE_SHARED_DATA("scifact/claims_dev.jsonl");
  auto scifact = LoadScifact(testing::SharedDataDir());
  ASSERT_TRUE(scifact.ok()) << scifact.status().ToString();
  EXPECT_EQ(scifact->topics.size(), 300u);
  size_t pairs = 0;
  for (const auto& [q, j] : scifact->qrels) pairs += j.size();
  EXPECT_EQ(pairs, 339u);  // BEIR scifact test.tsv
  EXPECT_EQ(scifact->qrels.at("3").count("scifact:14717500"), 1u);

  MEDORACLE_REQUIRE_SHARED_DATA("nfcorpus_orig/test.docs");
  auto nf = LoadNfcorpus(testing::SharedDataDir());
  ASSERT_TRUE(nf.ok()) << nf.status().ToString();
  EXPECT_EQ(nf->topics.size(), 325u);
  EXPECT_EQ(nf->qrels.size(), 323u);
  EXPECT_EQ(nf->qrels.at("PLAIN-2").at("nfcorpus:MED-2427"), 2);

  MEDORACLE_REQUIRE_SHARED_DATA("mirage/rawdata/bioasq");
  auto bioasq = LoadBioasq(testing::SharedDataDir());
  ASSERT_TRUE(bioasq.ok()) << bioasq.status().ToString();
  EXPECT_EQ(bioasq->topics.size(), 2310u);
  EXPECT_EQ(bioasq->corpus_paths.size(), 25u);
  EXPECT_EQ(bioasq->unit, Unit::kSnippet);
}

}  // namespace
}  // namespace medoracle::eval
