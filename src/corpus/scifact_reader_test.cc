// Tests for scifact_reader: SciFact and BEIR corpus.jsonl.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "corpus/collecting_sink.h"
#include "corpus/reader.h"
#include "corpus/reader_test_util.h"
#include "corpus/text.h"
#include "test_data.h"

namespace medoracle {
namespace {

using nlohmann::json;
using ::medoracle::testing::SpanProblems;

CollectingSink ReadFixture(Status (*reader)(const InputFile&, RecordSink&), const std::string& content,
                           Status* status) {
  CollectingSink sink;
  *status = reader(InputFile{"fixture.jsonl", content}, sink);
  return sink;
}

TEST(ScifactReaderTest, ReadsWholeCorpus) {
  MEDORACLE_REQUIRE_SHARED_DATA("scifact/corpus.jsonl");
  auto file = LoadInputFile(testing::SharedData("scifact/corpus.jsonl"));
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  CollectingSink sink;
  ASSERT_TRUE(ReadScifactCorpus(*file, sink).ok());
  EXPECT_EQ(sink.documents.size(), 5183u);
  EXPECT_TRUE(sink.skipped_records.empty());
  for (const Document& doc : sink.documents) {
    ASSERT_EQ(SpanProblems(doc, "scifact:"), "");
    ASSERT_EQ(doc.source, "scifact");
    ASSERT_EQ(doc.sections.size(), 1u);
    ASSERT_EQ(doc.sections[0].label, "Abstract");
    ASSERT_FALSE(doc.title.empty()) << doc.id;
  }
  EXPECT_EQ(sink.documents[0].id, "scifact:4983");
  EXPECT_EQ(
      sink.documents[0].title,
      "Microstructural development of human newborn cerebral white matter assessed in vivo by diffusion "
      "tensor magnetic resonance imaging.");
  EXPECT_EQ(sink.documents[0].type, RefType::kOther);
}

// Rationales are sentence indices: sentence i of a document must be abstract[i].
TEST(ScifactReaderTest, SentenceIndicesMatchAbstractIndices) {
  MEDORACLE_REQUIRE_SHARED_DATA("scifact/corpus.jsonl");
  auto file = LoadInputFile(testing::SharedData("scifact/corpus.jsonl"));
  ASSERT_TRUE(file.ok());
  CollectingSink sink;
  ASSERT_TRUE(ReadScifactCorpus(*file, sink).ok());
  std::ifstream in(file->path);
  std::string line;
  size_t i = 0;
  std::map<std::string, const Document*> by_id;
  while (std::getline(in, line)) {
    ASSERT_LT(i, sink.documents.size());
    const Document& doc = sink.documents[i++];
    const json record = json::parse(line);
    ASSERT_EQ(doc.id, "scifact:" + record["doc_id"].dump());
    const json& abstract = record["abstract"];
    ASSERT_EQ(doc.sentences.size(), abstract.size()) << doc.id;
    for (size_t s = 0; s < abstract.size(); ++s) {
      ASSERT_EQ(doc.Slice(doc.sentences[s]), CollapseWhitespace(abstract[s].get<std::string>()))
          << doc.id << " #" << s;
    }
    by_id[doc.id] = &doc;
  }
  EXPECT_EQ(i, sink.documents.size());

  // Claim 3 of the BEIR test split cites doc 14717500, sentences 2, 5 and 7.
  const Document& doc = *by_id.at("scifact:14717500");
  EXPECT_EQ(doc.title, "Rare Variants Create Synthetic Genome-Wide Associations");
  ASSERT_EQ(doc.sentences.size(), 8u);
  EXPECT_EQ(doc.Slice(doc.sentences[2]).substr(0, 42), "We propose as an alternative explanation t");
  EXPECT_EQ(doc.Slice(doc.sentences[7]).substr(0, 40), "In conclusion, uncommon or rare genetic ");

  // Every rationale index of claims_dev.jsonl lands on a sentence.
  std::ifstream claims(testing::SharedData("scifact/claims_dev.jsonl"));
  size_t rationales = 0;
  while (std::getline(claims, line)) {
    const json claim = json::parse(line);
    for (const auto& [doc_id, sets] : claim["evidence"].items()) {
      const Document& cited = *by_id.at("scifact:" + doc_id);
      for (const json& set : sets) {
        for (const json& index : set["sentences"]) {
          ASSERT_LT(index.get<size_t>(), cited.sentences.size()) << cited.id;
          ++rationales;
        }
      }
    }
  }
  EXPECT_GT(rationales, 0u);
}

TEST(ScifactReaderTest, SkipsBadLinesWithLineNumbersAndKeepsReading) {
  const std::string content =
      R"({"doc_id": 1, "title": "One", "abstract": ["First sentence.", "Second  sentence. "], )"
      R"("structured": false})"
      "\n"
      R"({"doc_id": 2, "title": "Broken", "abstract": ["x"])"  // unterminated object
      "\n\n"
      R"({"title": "No id", "abstract": ["Text."]})"
      "\n"
      R"({"doc_id": "3", "title": "No abstract", "abstract": []})"
      "\n"
      R"({"doc_id": 4, "title": "Gap", "abstract": ["A.", "  ", "C."]})"
      "\n";
  Status status;
  CollectingSink sink = ReadFixture(ReadScifactCorpus, content, &status);
  ASSERT_TRUE(status.ok()) << status.ToString();
  ASSERT_EQ(sink.documents.size(), 2u);
  EXPECT_EQ(sink.documents[0].id, "scifact:1");
  EXPECT_EQ(sink.documents[0].text, "First sentence. Second sentence.");
  ASSERT_EQ(sink.skipped_records.size(), 3u);
  EXPECT_EQ(sink.skipped_records[0].file, "fixture.jsonl");
  EXPECT_EQ(sink.skipped_records[0].record, "line 2");
  EXPECT_NE(sink.skipped_records[0].reason.find("malformed JSON"), std::string::npos);
  EXPECT_EQ(sink.skipped_records[1].record, "line 4");
  EXPECT_EQ(sink.skipped_records[1].reason, "no doc_id");
  EXPECT_EQ(sink.skipped_records[2].record, "scifact:3");

  // An empty sentence keeps its index: sentence 2 is still "C.".
  const Document& gap = sink.documents[1];
  ASSERT_EQ(gap.sentences.size(), 3u);
  EXPECT_EQ(gap.Slice(gap.sentences[2]), "C.");
  for (const Document& doc : sink.documents) EXPECT_EQ(SpanProblems(doc, "scifact:"), "");
}

TEST(ScifactReaderTest, FileWithoutAnyJsonObjectIsCorrupt) {
  Status status;
  CollectingSink sink = ReadFixture(ReadScifactCorpus, "doc_id\ttitle\n1\tfoo\n", &status);
  EXPECT_EQ(status.code(), Status::Code::kCorruption);
  EXPECT_NE(status.message().find("fixture.jsonl"), std::string::npos);
  EXPECT_NE(status.message().find("line 1"), std::string::npos);
  EXPECT_TRUE(sink.documents.empty());
}

TEST(BeirReaderTest, ReadsRecordsAndMetadata) {
  const std::string content =
      R"({"_id": "ug7v899j", "title": "Clinical features of culture-proven Mycoplasma pneumoniae )"
      R"(infections", "text": "OBJECTIVE: This retrospective chart review describes the epidemiology. )"
      R"(Patients were 4 to 12 years.", "metadata": {"url": )"
      R"("https://www.ncbi.nlm.nih.gov/pmc/articles/PMC35282/", "pubmed_id": "11472636"}})"
      "\n"
      R"({"_id": 42, "title": "Title only", "text": ""})"
      "\n"
      R"({"title": "No id", "text": "Some text."})"
      "\n"
      R"(not json)"
      "\n"
      R"({"_id": "empty", "title": "", "text": "  "})"
      "\n";
  Status status;
  CollectingSink sink = ReadFixture(ReadBeirCorpus, content, &status);
  ASSERT_TRUE(status.ok()) << status.ToString();
  ASSERT_EQ(sink.documents.size(), 2u);
  const Document& doc = sink.documents[0];
  EXPECT_EQ(doc.id, "beir:ug7v899j");
  EXPECT_EQ(doc.source, "beir");
  EXPECT_EQ(doc.title, "Clinical features of culture-proven Mycoplasma pneumoniae infections");
  EXPECT_EQ(doc.url, "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC35282/");
  EXPECT_EQ(doc.pmid, "11472636");
  ASSERT_EQ(doc.sections.size(), 1u);
  EXPECT_EQ(doc.sections[0].label, "Text");
  ASSERT_EQ(doc.sentences.size(), 2u);
  EXPECT_EQ(doc.Slice(doc.sentences[1]), "Patients were 4 to 12 years.");
  EXPECT_EQ(sink.documents[1].id, "beir:42");
  EXPECT_EQ(sink.documents[1].text, "Title only");
  for (const Document& d : sink.documents) EXPECT_EQ(SpanProblems(d, "beir:"), "");

  ASSERT_EQ(sink.skipped_records.size(), 3u);
  EXPECT_EQ(sink.skipped_records[0].record, "line 3");
  EXPECT_EQ(sink.skipped_records[0].reason, "no _id");
  EXPECT_EQ(sink.skipped_records[1].record, "line 4");
  EXPECT_EQ(sink.skipped_records[2].record, "beir:empty");
  EXPECT_EQ(sink.skipped_records[2].reason, "no title or text");
}

}  // namespace
}  // namespace medoracle
