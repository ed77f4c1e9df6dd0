// Tests for pubmedqa_reader.
#include <gtest/gtest.h>

#include <string>

#include "corpus/collecting_sink.h"
#include "corpus/reader.h"
#include "corpus/reader_test_util.h"
#include "test_data.h"

namespace medoracle {
namespace {

using ::medoracle::testing::SpanProblems;

TEST(PubmedqaReaderTest, ReadsAllThousandEntries) {
  MEDORACLE_REQUIRE_SHARED_DATA("pubmedqa/data/ori_pqal.json");
  auto file = LoadInputFile(testing::SharedData("pubmedqa/data/ori_pqal.json"));
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  CollectingSink sink;
  ASSERT_TRUE(ReadPubmedqaJson(*file, sink).ok());
  ASSERT_EQ(sink.documents.size(), 1000u);
  EXPECT_TRUE(sink.skipped_records.empty());
  size_t without_year = 0;
  for (const Document& doc : sink.documents) {
    ASSERT_EQ(SpanProblems(doc, "pmid:"), "");
    ASSERT_EQ(doc.source, "pubmedqa");
    ASSERT_EQ(doc.id, "pmid:" + doc.pmid);
    ASSERT_EQ(doc.questions.size(), 1u);
    ASSERT_EQ(doc.title, doc.questions[0]);
    ASSERT_EQ(doc.sections.back().label, "CONCLUSIONS") << doc.id;
    if (doc.year == 0) ++without_year;
  }
  EXPECT_EQ(without_year, 58u);  // "YEAR": null

  // The first entry, in file order.
  const Document& doc = sink.documents[0];
  EXPECT_EQ(doc.id, "pmid:21645374");
  EXPECT_EQ(doc.url, "https://pubmed.ncbi.nlm.nih.gov/21645374/");
  EXPECT_EQ(doc.year, 2011);
  EXPECT_EQ(doc.type, RefType::kOther);
  EXPECT_EQ(doc.title,
            "Do mitochondria play a role in remodelling lace plant leaves during programmed cell death?");
  EXPECT_EQ(doc.keywords, (std::vector<std::string>{"Alismataceae", "Apoptosis", "Cell Differentiation",
                                                    "Mitochondria", "Plant Leaves"}));
  ASSERT_EQ(doc.sections.size(), 3u);
  EXPECT_EQ(doc.sections[0].label, "BACKGROUND");
  EXPECT_EQ(doc.sections[1].label, "RESULTS");
  EXPECT_EQ(doc.Slice(doc.sections[0].span).substr(0, 70),
            "Programmed cell death (PCD) is the regulated death of cells within an ");
  EXPECT_EQ(doc.Slice(doc.sentences[0]),
            "Programmed cell death (PCD) is the regulated death of cells within an organism.");
  const std::string_view conclusions = doc.Slice(doc.sections[2].span);
  EXPECT_EQ(conclusions.substr(0, 50), "Results depicted mitochondrial dynamics in vivo as");
  EXPECT_TRUE(conclusions.ends_with("regulated PCD in the lace plant.")) << conclusions;
}

TEST(PubmedqaReaderTest, LabelFileIsNotACorpus) {
  MEDORACLE_REQUIRE_SHARED_DATA("pubmedqa/data/test_ground_truth.json");
  auto file = LoadInputFile(testing::SharedData("pubmedqa/data/test_ground_truth.json"));
  ASSERT_TRUE(file.ok());
  CollectingSink sink;
  const Status status = ReadPubmedqaJson(*file, sink);
  EXPECT_EQ(status.code(), Status::Code::kUnsupported);
  EXPECT_NE(status.message().find("test_ground_truth.json"), std::string::npos);
  EXPECT_TRUE(sink.documents.empty());
}

TEST(PubmedqaReaderTest, SkipsEntriesWithoutContexts) {
  const std::string content = R"({
    "111": {"QUESTION": "Is it?", "CONTEXTS": ["Some context here."], "LABELS": ["OBJECTIVE"],
            "MESHES": [], "YEAR": null, "LONG_ANSWER": "It is."},
    "222": {"QUESTION": "No contexts?", "LONG_ANSWER": "Maybe."},
    "abc": {"QUESTION": "Bad key?", "CONTEXTS": ["x"]},
    "333": "yes",
    "444": {"QUESTION": "Empty?", "CONTEXTS": ["  "], "LONG_ANSWER": ""}
  })";
  CollectingSink sink;
  ASSERT_TRUE(ReadPubmedqaJson(InputFile{"pqal.json", content}, sink).ok());
  ASSERT_EQ(sink.documents.size(), 1u);
  const Document& doc = sink.documents[0];
  EXPECT_EQ(doc.id, "pmid:111");
  EXPECT_EQ(doc.year, 0);
  EXPECT_EQ(doc.text, "Some context here.\n\nIt is.");
  EXPECT_EQ(SpanProblems(doc, "pmid:"), "");
  ASSERT_EQ(sink.skipped_records.size(), 4u);
  EXPECT_EQ(sink.skipped_records[0].record, "pmid:222");
  EXPECT_EQ(sink.skipped_records[0].reason, "no CONTEXTS array");
  EXPECT_EQ(sink.skipped_records[1].record, "abc");
  EXPECT_EQ(sink.skipped_records[2].record, "pmid:333");
  EXPECT_EQ(sink.skipped_records[3].record, "pmid:444");
}

// Found by pubmedqa_fuzz in CI: {"": {...}} was skipped as record "", a skip naming no record.
TEST(PubmedqaReaderTest, EmptyKeyWasSkippedUnnamed_NowNamedQuoted) {
  const std::string content = R"({"111": {"QUESTION": "Is it?", "CONTEXTS": ["Some context."]},
    "": {"QUESTION": "Is1 io contebe.be."}, "  ": {"CONTEXTS": ["x"]}})";
  CollectingSink sink;
  ASSERT_TRUE(ReadPubmedqaJson(InputFile{"pqal.json", content}, sink).ok());
  ASSERT_EQ(sink.documents.size(), 1u);
  ASSERT_EQ(sink.skipped_records.size(), 2u);
  EXPECT_EQ(sink.skipped_records[0].file, "pqal.json");
  EXPECT_EQ(sink.skipped_records[0].record, "\"\" (blank key)");
  EXPECT_EQ(sink.skipped_records[0].reason, "key is not a PMID");
  EXPECT_EQ(sink.skipped_records[1].record, "\"  \" (blank key)");
}

TEST(PubmedqaReaderTest, MalformedJsonIsCorruptionNamingFileAndLine) {
  CollectingSink sink;
  const Status status = ReadPubmedqaJson(
      InputFile{"data/ori_pqal.json", "{\n  \"1\": {\"QUESTION\": \"q\",\n  \"CONTEXTS\": [\"a\",]\n}"},
      sink);
  EXPECT_EQ(status.code(), Status::Code::kCorruption);
  EXPECT_NE(status.message().find("data/ori_pqal.json"), std::string::npos) << status.message();
  EXPECT_NE(status.message().find("line 3"), std::string::npos) << status.message();
  EXPECT_TRUE(sink.documents.empty());

  EXPECT_EQ(ReadPubmedqaJson(InputFile{"list.json", "[1, 2]"}, sink).code(), Status::Code::kCorruption);
}

}  // namespace
}  // namespace medoracle
