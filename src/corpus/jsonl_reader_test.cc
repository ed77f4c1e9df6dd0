// Tests for the medoracle JSONL document reader (docs/formats/jsonl.md).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "corpus/collecting_sink.h"
#include "corpus/reader.h"
#include "corpus/reader_test_util.h"

namespace medoracle {
namespace {

using ::medoracle::testing::ExpectSpansWellFormed;
using ::medoracle::testing::SentenceTexts;
using Strings = std::vector<std::string>;

void ExpectWellFormed(const Document& doc) {
  EXPECT_NE(doc.id.find(':'), std::string::npos);
  EXPECT_EQ(doc.id.substr(0, doc.id.find(':')), doc.source);
  ExpectSpansWellFormed(doc, {.section_labels = false});
}

CollectingSink Read(const std::string& content, Status* status = nullptr) {
  CollectingSink sink;
  const Status s = ReadMedoracleJsonl({"docs.jsonl", content}, sink);
  if (status != nullptr)
    *status = s;
  else
    EXPECT_TRUE(s.ok()) << s.ToString();
  return sink;
}

const char kFull[] =
    R"({"id": "stmarys:protocol-lbp-01", "type": "guideline", "title": "Acute  low back pain", )"
    R"("venue": "St Mary's Spine Service", "year": 2024, "authors": ["A. Rivera", "K. Osei"], )"
    R"("url": "https://intranet.example.org/lbp-01", "pmid": 12345, "doi": "10.1000/xyz.123", )"
    R"("keywords": ["low back pain", ""], "questions": ["When is an MRI needed?"], )"
    R"("extra": {"ignored": true}, "sections": [{"label": "Recommendations", )"
    R"("text": "Advise staying active. Offer an NSAID, e.g. ibuprofen."}, )"
    R"({"label": "Empty", "text": "  "}, {"text": "Refer the same day for saddle anaesthesia."}]})";

TEST(JsonlReaderTest, ReadsEveryField) {
  const CollectingSink sink = Read(std::string(kFull) + "\n");
  ASSERT_EQ(sink.documents.size(), 1u);
  EXPECT_TRUE(sink.skipped_records.empty());
  const Document& doc = sink.documents[0];
  ExpectWellFormed(doc);
  EXPECT_EQ(doc.id, "stmarys:protocol-lbp-01");
  EXPECT_EQ(doc.source, "stmarys");
  EXPECT_EQ(doc.type, RefType::kGuideline);
  EXPECT_EQ(doc.title, "Acute low back pain");
  EXPECT_EQ(doc.venue, "St Mary's Spine Service");
  EXPECT_EQ(doc.year, 2024);
  EXPECT_EQ(doc.authors, (Strings{"A. Rivera", "K. Osei"}));
  EXPECT_EQ(doc.url, "https://intranet.example.org/lbp-01");
  EXPECT_EQ(doc.pmid, "12345");
  EXPECT_EQ(doc.doi, "10.1000/xyz.123");
  EXPECT_EQ(doc.keywords, Strings{"low back pain"});
  EXPECT_EQ(doc.questions, Strings{"When is an MRI needed?"});
  EXPECT_EQ(
      doc.text,
      "Advise staying active. Offer an NSAID, e.g. ibuprofen.\n\nRefer the same day for saddle anaesthesia.");
  ASSERT_EQ(doc.sections.size(), 2u);  // the blank section is dropped
  EXPECT_EQ(doc.sections[0].label, "Recommendations");
  EXPECT_EQ(doc.Slice(doc.sections[1].span), "Refer the same day for saddle anaesthesia.");
  EXPECT_EQ(doc.sections[1].label, "");
  EXPECT_EQ(SentenceTexts(doc), (Strings{"Advise staying active.", "Offer an NSAID, e.g. ibuprofen.",
                                       "Refer the same day for saddle anaesthesia."}));
}

TEST(JsonlReaderTest, MinimalRecordDefaultsToOther) {
  const CollectingSink sink =
      Read("\n\n{\"id\":\"local:1\",\"sections\":[{\"text\":\"Hello there.\"}],\"year\":null}\n");
  ASSERT_EQ(sink.documents.size(), 1u);
  const Document& doc = sink.documents[0];
  ExpectWellFormed(doc);
  EXPECT_EQ(doc.type, RefType::kOther);
  EXPECT_EQ(doc.year, 0);
  EXPECT_EQ(doc.title, "");
}

TEST(JsonlReaderTest, BadRecordsAreSkippedWithTheirReason) {
  const std::string content =
      "{\"id\": \"ok:1\", \"sections\": [{\"text\": \"Fine.\"}]}\n"                      // 1
      "{\"id\": \"ok:2\", \"sections\": [{\"text\": \"Fine\"}]\n"                        // 2 truncated
      "[1, 2]\n"                                                                         // 3
      "{\"sections\": [{\"text\": \"No id.\"}]}\n"                                       // 4
      "{\"id\": \"noprefix\", \"sections\": [{\"text\": \"x\"}]}\n"                      // 5
      "{\"id\": \"Bad Source:1\", \"sections\": [{\"text\": \"x\"}]}\n"                  // 6
      "{\"id\": \"ok:1\", \"sections\": [{\"text\": \"Again.\"}]}\n"                     // 7
      "{\"id\": \"ok:3\", \"type\": \"blog\", \"sections\": [{\"text\": \"x\"}]}\n"      // 8
      "{\"id\": \"ok:4\", \"year\": \"2020\", \"sections\": [{\"text\": \"x\"}]}\n"      // 9
      "{\"id\": \"ok:5\", \"authors\": \"Smith\", \"sections\": [{\"text\": \"x\"}]}\n"  // 10
      "{\"id\": \"ok:6\", \"sections\": [{\"text\": \" \"}]}\n"                          // 11
      "{\"id\": \"ok:7\", \"sections\": [{\"label\": \"x\"}]}\n"                         // 12
      "{\"id\": \"ok:8\"}\n"                                                             // 13
      "{\"id\": \"ok:9\", \"sections\": [{\"text\": \"Last one.\"}]}\n";                 // 14
  const CollectingSink sink = Read(content);
  ASSERT_EQ(sink.documents.size(), 2u);
  EXPECT_EQ(sink.documents[0].id, "ok:1");
  EXPECT_EQ(sink.documents[1].id, "ok:9");
  ASSERT_EQ(sink.skipped_records.size(), 12u);
  const auto& s = sink.skipped_records;
  EXPECT_EQ(s[0].file, "docs.jsonl");
  EXPECT_EQ(s[0].record, "line 2");
  EXPECT_EQ(s[0].reason.rfind("malformed JSON: ", 0), 0u) << s[0].reason;
  EXPECT_EQ(s[1].record, "line 3");
  EXPECT_EQ(s[1].reason, "not a JSON object");
  EXPECT_EQ(s[2].record, "line 4");
  EXPECT_EQ(s[2].reason, "\"id\" is missing or not a string");
  EXPECT_EQ(s[3].record, "line 5");
  EXPECT_EQ(s[3].reason, "\"id\" must be \"<source>:<native id>\" (no ':' in \"noprefix\")");
  EXPECT_EQ(s[4].record, "line 6");
  EXPECT_EQ(s[4].reason, "\"id\" source prefix must be lower-case letters, digits, '_', '-' or '.'");
  EXPECT_EQ(s[5].record, "ok:1");
  EXPECT_EQ(s[5].reason, "duplicate id (first on line 1)");
  EXPECT_EQ(s[6].record, "ok:3");
  EXPECT_EQ(s[6].reason.rfind("\"type\" must be one of guideline, drug_label, systematic_review, ", 0), 0u)
      << s[6].reason;
  EXPECT_EQ(s[7].record, "ok:4");
  EXPECT_EQ(s[7].reason, "\"year\" must be an integer between 0 and 9999");
  EXPECT_EQ(s[8].record, "ok:5");
  EXPECT_EQ(s[8].reason, "\"authors\" must be an array of strings");
  EXPECT_EQ(s[9].record, "ok:6");
  EXPECT_EQ(s[9].reason, "no section has any text");
  EXPECT_EQ(s[10].record, "ok:7");
  EXPECT_EQ(s[10].reason, "sections[0].text is missing or not a string");
  EXPECT_EQ(s[11].record, "ok:8");
  EXPECT_EQ(s[11].reason, "\"sections\" is missing or not an array");
}

TEST(JsonlReaderTest, InvalidUtf8IsRepaired) {
  const CollectingSink sink =
      Read("{\"id\": \"x:1\", \"title\": \"caf\xE9\", \"sections\": [{\"text\": \"Na\xFF\x65.\"}]}");
  ASSERT_EQ(sink.documents.size(), 1u);
  EXPECT_EQ(sink.documents[0].title, "caf\xEF\xBF\xBD");
  EXPECT_EQ(sink.documents[0].text,
            "Na\xEF\xBF\xBD"
            "e.");
}

TEST(JsonlReaderTest, FileWithNoObjectIsCorrupt) {
  Status status;
  const CollectingSink sink = Read("not json\n{broken\n", &status);
  EXPECT_EQ(status.code(), Status::Code::kCorruption);
  EXPECT_NE(status.message().find("docs.jsonl: no JSON object on any line (line 1: malformed JSON"),
            std::string::npos)
      << status.message();
  EXPECT_EQ(sink.skipped_records.size(), 2u);
}

TEST(JsonlReaderTest, DetectedByNameAndFirstLine) {
  EXPECT_EQ(DetectFormat({"local/docs.jsonl", std::string(kFull) + "\n"}), Format::kMedoracleJsonl);
  EXPECT_EQ(DetectFormat({"local/docs.jsonl.gz", std::string(kFull)}), Format::kMedoracleJsonl);
  EXPECT_EQ(DetectFormat({"local/docs.txt", std::string(kFull)}), Format::kUnknown);
}

}  // namespace
}  // namespace medoracle
