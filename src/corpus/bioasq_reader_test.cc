// Tests for bioasq_reader.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "corpus/collecting_sink.h"
#include "corpus/reader.h"
#include "corpus/reader_test_util.h"
#include "corpus/text.h"
#include "test_data.h"

namespace medoracle {
namespace {

using nlohmann::json;
using ::medoracle::testing::SentenceTexts;
using ::medoracle::testing::SpanProblems;

std::vector<std::string> GoldenFiles() {
  std::vector<std::string> files;
  for (const auto& entry :
       std::filesystem::recursive_directory_iterator(testing::SharedData("mirage/rawdata/bioasq"))) {
    const std::string name = entry.path().filename().string();
    if (name.size() > 12 && name.ends_with("_golden.json")) files.push_back(entry.path().string());
  }
  std::sort(files.begin(), files.end());
  return files;
}

// Every gold snippet of every file is a sentence span of its PMID's document, verbatim
// after whitespace collapsing; the counts are the ones the benchmark reports.
TEST(BioasqReaderTest, EverySnippetIsASentenceSpanOfItsPmid) {
  MEDORACLE_REQUIRE_SHARED_DATA("mirage/rawdata/bioasq");
  const std::vector<std::string> files = GoldenFiles();
  ASSERT_EQ(files.size(), 25u);
  size_t questions = 0, snippets = 0, documents = 0, sentences = 0;
  std::set<std::string> pmids;
  std::set<std::pair<std::string, std::string>> pairs;
  for (const std::string& path : files) {
    SCOPED_TRACE(path);
    auto file = LoadInputFile(path);
    ASSERT_TRUE(file.ok()) << file.status().ToString();
    CollectingSink sink;
    ASSERT_TRUE(ReadBioasqJson(*file, sink).ok());
    EXPECT_TRUE(sink.skipped_records.empty());
    std::map<std::string, std::set<std::string>> sentences_of;
    for (const Document& doc : sink.documents) {
      ASSERT_EQ(SpanProblems(doc, "pmid:"), "");
      ASSERT_EQ(doc.source, "bioasq");
      ASSERT_EQ(doc.id, "pmid:" + doc.pmid);
      ASSERT_FALSE(doc.questions.empty()) << doc.id;
      const std::vector<std::string> texts = SentenceTexts(doc);
      std::set<std::string> distinct(texts.begin(), texts.end());
      ASSERT_EQ(distinct.size(), texts.size()) << doc.id << " has a duplicate snippet";
      ASSERT_TRUE(sentences_of.emplace(doc.pmid, std::move(distinct)).second) << doc.id << " emitted twice";
      for (const Section& s : doc.sections)
        ASSERT_TRUE(s.label == "title" || s.label == "abstract") << s.label;
      if (!doc.title.empty()) {
        ASSERT_EQ(doc.sections[0].label, "title");
      }
      sentences += texts.size();
      pmids.insert(doc.pmid);
      for (const std::string& t : texts) pairs.emplace(doc.pmid, t);
    }
    documents += sink.documents.size();

    const json root = json::parse(file->content);
    for (const json& q : root["questions"]) {
      ++questions;
      for (const json& s : q["snippets"]) {
        ++snippets;
        const std::string url = s["document"].get<std::string>();
        const std::string pmid = url.substr(url.rfind('/') + 1);
        const auto it = sentences_of.find(pmid);
        ASSERT_NE(it, sentences_of.end()) << pmid;
        ASSERT_EQ(it->second.count(CollapseWhitespace(s["text"].get<std::string>())), 1u) << pmid;
      }
    }
  }
  EXPECT_EQ(questions, 2310u);
  EXPECT_EQ(snippets, 21998u);      // the README's count: every snippet, duplicates included
  EXPECT_EQ(sentences, 20891u);     // distinct collapsed snippet texts per PMID within each file
  EXPECT_EQ(pairs.size(), 20588u);  // distinct (PMID, collapsed text) over all files
  EXPECT_EQ(documents, 13935u);     // per-file documents; the ingest layer merges repeats
  EXPECT_EQ(pmids.size(), 13449u);
}

TEST(BioasqReaderTest, KnownRecordOfTask7B1) {
  MEDORACLE_REQUIRE_SHARED_DATA("mirage/rawdata/bioasq/Task7BGoldenEnriched/7B1_golden.json");
  auto file =
      LoadInputFile(testing::SharedData("mirage/rawdata/bioasq/Task7BGoldenEnriched/7B1_golden.json"));
  ASSERT_TRUE(file.ok());
  CollectingSink sink;
  ASSERT_TRUE(ReadBioasqJson(*file, sink).ok());
  ASSERT_EQ(sink.documents.size(), 331u);
  EXPECT_EQ(sink.documents[0].id, "pmid:28293123");
  const auto it = std::find_if(sink.documents.begin(), sink.documents.end(),
                               [](const Document& d) { return d.id == "pmid:29106446"; });
  ASSERT_NE(it, sink.documents.end());
  const Document& doc = *it;
  EXPECT_EQ(doc.pmid, "29106446");
  EXPECT_EQ(doc.url, "https://pubmed.ncbi.nlm.nih.gov/29106446/");
  EXPECT_EQ(doc.type, RefType::kOther);
  EXPECT_EQ(doc.title, "FunImageJ: a Lisp framework for scientific image processing.");
  EXPECT_EQ(doc.questions,
            std::vector<std::string>{"Which Lisp framework has been developed for image processing?"});
  ASSERT_EQ(doc.sections.size(), 2u);
  EXPECT_EQ(doc.sections[0].label, "title");
  EXPECT_EQ(doc.sections[1].label, "abstract");
  // Ordered by offsetInBeginSection (0, then 9); markup in the gold text is kept verbatim.
  ASSERT_EQ(doc.sentences.size(), 3u);
  EXPECT_EQ(doc.Slice(doc.sentences[0]), "FunImageJ: a Lisp framework for scientific image processing.");
  EXPECT_EQ(
      doc.Slice(doc.sentences[1]),
      "<b>Summary</b>: FunImageJ is a Lisp framework for scientific image processing built upon the ImageJ "
      "software ecosystem.");
  EXPECT_EQ(doc.Slice(doc.sentences[2]).substr(0, 40), "FunImageJ is a Lisp framework for scient");
}

TEST(BioasqReaderTest, GroupsDedupesAndOrdersSnippets) {
  const std::string content = R"({"questions": [
    {"id": "q1", "body": "What is A?", "documents": ["http://www.ncbi.nlm.nih.gov/pubmed/100",
                                                   "http://www.ncbi.nlm.nih.gov/pubmed/200"],
     "snippets": [
       {"text": "Second  sentence of 100.", "document": "http://www.ncbi.nlm.nih.gov/pubmed/100",
        "beginSection": "abstract", "offsetInBeginSection": 50},
       {"text": "First sentence of 100.", "document": "http://www.ncbi.nlm.nih.gov/pubmed/100",
        "beginSection": "abstract", "offsetInBeginSection": 0},
       {"text": "Title of 100", "document": "http://www.ncbi.nlm.nih.gov/pubmed/100",
        "beginSection": "title", "offsetInBeginSection": 0},
       {"text": "Orphan", "document": "http://example.org/no-pmid", "beginSection": "abstract"}]},
    {"id": "q2", "body": "What is B?", "documents": ["http://www.ncbi.nlm.nih.gov/pubmed/100"],
     "snippets": [
       {"text": "Second sentence of 100. ", "document": "http://www.ncbi.nlm.nih.gov/pubmed/100",
        "beginSection": "abstract", "offsetInBeginSection": 50},
       {"text": "Only snippet of 300.", "document": "https://pubmed.ncbi.nlm.nih.gov/300/",
        "beginSection": "abstract", "offsetInBeginSection": 7},
       {"text": "   ", "document": "http://www.ncbi.nlm.nih.gov/pubmed/300", "beginSection": "abstract"}]}
  ]})";
  CollectingSink sink;
  ASSERT_TRUE(ReadBioasqJson(InputFile{"fixture_golden.json", content}, sink).ok());
  ASSERT_EQ(sink.documents.size(), 2u);  // 200 is cited but has no snippet
  const Document& doc = sink.documents[0];
  EXPECT_EQ(doc.id, "pmid:100");
  EXPECT_EQ(doc.title, "Title of 100");
  EXPECT_EQ(SentenceTexts(doc),
            (std::vector<std::string>{"Title of 100", "First sentence of 100.", "Second sentence of 100."}));
  EXPECT_EQ(doc.questions, (std::vector<std::string>{"What is A?", "What is B?"}));
  EXPECT_EQ(SpanProblems(doc, "pmid:"), "");
  EXPECT_EQ(sink.documents[1].id, "pmid:300");
  EXPECT_EQ(sink.documents[1].title, "");
  EXPECT_EQ(sink.documents[1].questions, std::vector<std::string>{"What is B?"});
  ASSERT_EQ(sink.skipped_records.size(), 2u);
  EXPECT_EQ(sink.skipped_records[0].record, "q1 snippet 4");
  EXPECT_EQ(sink.skipped_records[0].reason, "no PubMed id in \"document\" URL");
  EXPECT_EQ(sink.skipped_records[1].record, "q2 snippet 3");
  EXPECT_EQ(sink.skipped_records[1].reason, "empty snippet text");
}

TEST(BioasqReaderTest, MalformedOrForeignJsonIsCorruption) {
  CollectingSink sink;
  Status status =
      ReadBioasqJson(InputFile{"x/7B1_golden.json", "{\"questions\": [\n{\"body\": \"q\"\n]}"}, sink);
  EXPECT_EQ(status.code(), Status::Code::kCorruption);
  EXPECT_NE(status.message().find("x/7B1_golden.json"), std::string::npos);
  EXPECT_NE(status.message().find("line 3"), std::string::npos) << status.message();
  status = ReadBioasqJson(InputFile{"other.json", R"({"data": []})"}, sink);
  EXPECT_EQ(status.code(), Status::Code::kCorruption);
  EXPECT_NE(status.message().find("other.json"), std::string::npos);
  EXPECT_TRUE(sink.documents.empty());
}

}  // namespace
}  // namespace medoracle
