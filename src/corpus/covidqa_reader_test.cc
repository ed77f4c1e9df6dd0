// Tests for covidqa_reader.
#include <gtest/gtest.h>

#include <map>
#include <set>
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

struct FileCounts {
  size_t documents = 0;
  size_t questions = 0;  // distinct questions per document (Document::questions)
  size_t qas = 0;        // question entries in the file
  size_t answers = 0;
  size_t answers_found = 0;  // CollapseWhitespace(answer) is a substring of the document text
};

FileCounts ReadAndCheck(const std::string& relative, std::set<std::string>* ids) {
  FileCounts counts;
  auto file = LoadInputFile(testing::SharedData(relative));
  EXPECT_TRUE(file.ok()) << file.status().ToString();
  if (!file.ok()) return counts;
  CollectingSink sink;
  EXPECT_TRUE(ReadCovidqaJson(*file, sink).ok());
  EXPECT_TRUE(sink.skipped_records.empty());
  std::map<std::string, const Document*> by_id;
  for (const Document& doc : sink.documents) {
    EXPECT_EQ(SpanProblems(doc, "covidqa:"), "");
    EXPECT_EQ(doc.source, "covidqa");
    EXPECT_FALSE(doc.title.empty()) << doc.id;
    counts.questions += doc.questions.size();
    by_id[doc.id] = &doc;
    ids->insert(doc.id);
  }
  counts.documents = sink.documents.size();
  const json root = json::parse(file->content);
  for (const json& article : root["data"]) {
    for (const json& paragraph : article["paragraphs"]) {
      const Document& doc = *by_id.at("covidqa:" + paragraph["document_id"].dump());
      for (const json& qa : paragraph["qas"]) {
        ++counts.qas;
        for (const json& answer : qa["answers"]) {
          ++counts.answers;
          const std::string text = CollapseWhitespace(answer["text"].get<std::string>());
          if (doc.text.find(text) != std::string::npos) ++counts.answers_found;
        }
      }
    }
  }
  return counts;
}

TEST(CovidqaReaderTest, CountsAndAnswerFindabilityPerFile) {
  MEDORACLE_REQUIRE_SHARED_DATA("covid_qa/covid-qa-dev.json");
  std::set<std::string> ids;
  const FileCounts dev = ReadAndCheck("covid_qa/covid-qa-dev.json", &ids);
  EXPECT_EQ(dev.documents, 21u);
  EXPECT_EQ(dev.qas, 203u);
  EXPECT_EQ(dev.questions, 202u);  // one question is asked twice of the same paper
  EXPECT_EQ(dev.answers, 203u);
  EXPECT_EQ(dev.answers_found, 203u);  // 100%
}

TEST(CovidqaReaderTest, AllFilesTogetherHold145Papers) {
  MEDORACLE_REQUIRE_SHARED_DATA("covid_qa/covid-qa-train.json");
  std::set<std::string> ids;
  const FileCounts train = ReadAndCheck("covid_qa/covid-qa-train.json", &ids);
  const FileCounts dev = ReadAndCheck("covid_qa/covid-qa-dev.json", &ids);
  const FileCounts test = ReadAndCheck("covid_qa/covid-qa-test.json", &ids);
  EXPECT_EQ(train.documents, 103u);
  EXPECT_EQ(test.documents, 21u);
  EXPECT_EQ(ids.size(), 145u);
  EXPECT_EQ(train.qas + dev.qas + test.qas, 1995u);
  EXPECT_EQ(train.questions + dev.questions + test.questions, 1955u);  // 40 repeats within a paper
  // The answers not found cross a blank line of the context (our text keeps "\n\n" between
  // paragraphs where the collapsed answer has one space): 2 in train, 1 in test.
  EXPECT_EQ(train.answers, 1417u);
  EXPECT_EQ(train.answers_found, 1415u);
  EXPECT_EQ(test.answers, 375u);
  EXPECT_EQ(test.answers_found, 374u);
  EXPECT_EQ(dev.answers_found, dev.answers);
}

TEST(CovidqaReaderTest, Cord19HeaderBecomesMetadata) {
  MEDORACLE_REQUIRE_SHARED_DATA("covid_qa/covid-qa-dev.json");
  auto file = LoadInputFile(testing::SharedData("covid_qa/covid-qa-dev.json"));
  ASSERT_TRUE(file.ok());
  CollectingSink sink;
  ASSERT_TRUE(ReadCovidqaJson(*file, sink).ok());
  ASSERT_FALSE(sink.documents.empty());
  const Document& doc = sink.documents[0];
  EXPECT_EQ(doc.id, "covidqa:1667");
  EXPECT_EQ(doc.type, RefType::kOther);
  EXPECT_EQ(doc.title,
            "C. difficile 630\xCE\x94"
            "erm Spo0A Regulates Sporulation, but Does Not Contribute to Toxin Production, "
            "by Direct High-Affinity Binding to Target DNA");
  EXPECT_EQ(doc.url, "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC3485338/");
  EXPECT_EQ(doc.doi, "10.1371/journal.pone.0048608");
  EXPECT_EQ(doc.year, 2012);
  EXPECT_EQ(doc.authors, (std::vector<std::string>{"Rosenbusch, Katharina E.", "Bakker, Dennis",
                                                   "Kuijper, Ed J.", "Smits, Wiep Klaas"}));
  ASSERT_GE(doc.sections.size(), 3u);
  EXPECT_EQ(doc.sections[0].label, "Abstract");
  EXPECT_EQ(doc.Slice(doc.sections[0].span).substr(0, 44), "Clostridium difficile is a Gram positive, an");
  EXPECT_EQ(doc.sections[1].label, "Full text");
  EXPECT_EQ(doc.Slice(doc.sections[1].span).substr(0, 30), "Sporulation is an adaptive str");
  EXPECT_EQ(doc.text.find("SHA:"), std::string::npos);
  ASSERT_FALSE(doc.questions.empty());
  EXPECT_EQ(doc.questions[0], "What is Clodstridium difficile?");  // sic
}

TEST(CovidqaReaderTest, FixtureWithoutHeaderAndBadEntries) {
  const std::string content = R"({"data": [
    {"paragraphs": [{"document_id": 7,
                     "context": "A Plain Title\n\nFirst paragraph,\nwrapped  line.\n \nSecond one.",
                     "qas": [{"question": "What?", "id": "1",
                              "answers": [{"text": "paragraph,\nwrapped", "answer_start": 20}]},
                             {"question": "What?", "id": "2", "answers": []}]}]},
    {"paragraphs": [{"context": "No id here.", "qas": []}]},
    {"paragraphs": [{"document_id": "8", "context": " \n\n ", "qas": []}]},
    {"paragraphs": [{"document_id": 7, "context": "Again.", "qas": []}]},
    {"title": "no paragraphs"}
  ]})";
  CollectingSink sink;
  ASSERT_TRUE(ReadCovidqaJson(InputFile{"covid.json", content}, sink).ok());
  ASSERT_EQ(sink.documents.size(), 1u);
  const Document& doc = sink.documents[0];
  EXPECT_EQ(doc.id, "covidqa:7");
  EXPECT_EQ(doc.title, "A Plain Title");
  EXPECT_EQ(doc.text, "First paragraph, wrapped line.\n\nSecond one.");
  EXPECT_EQ(doc.questions, std::vector<std::string>{"What?"});
  EXPECT_EQ(SpanProblems(doc, "covidqa:"), "");
  ASSERT_EQ(sink.skipped_records.size(), 4u);
  EXPECT_EQ(sink.skipped_records[0].record, "record 2");
  EXPECT_EQ(sink.skipped_records[0].reason, "no document_id");
  EXPECT_EQ(sink.skipped_records[1].record, "covidqa:8");
  EXPECT_EQ(sink.skipped_records[1].reason, "empty context");
  EXPECT_EQ(sink.skipped_records[2].record, "covidqa:7");
  EXPECT_EQ(sink.skipped_records[3].record, "record 5");
}

TEST(CovidqaReaderTest, MalformedJsonIsCorruptionNamingFile) {
  CollectingSink sink;
  Status status =
      ReadCovidqaJson(InputFile{"covid-qa-dev.json", "{\"data\": [\n{\"paragraphs\": [}\n]}"}, sink);
  EXPECT_EQ(status.code(), Status::Code::kCorruption);
  EXPECT_NE(status.message().find("covid-qa-dev.json"), std::string::npos);
  EXPECT_NE(status.message().find("line 2"), std::string::npos) << status.message();
  status = ReadCovidqaJson(InputFile{"other.json", R"({"questions": []})"}, sink);
  EXPECT_EQ(status.code(), Status::Code::kCorruption);
  EXPECT_TRUE(sink.documents.empty());
}

}  // namespace
}  // namespace medoracle
