// Tests for the Disease Ontology .obo and HPO layperson-synonym readers.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "corpus/collecting_sink.h"
#include "corpus/reader.h"
#include "test_data.h"

namespace medoracle {
namespace {

using Strings = std::vector<std::string>;

const VocabularyEntry* Find(const CollectingSink& sink, const std::string& id) {
  for (const auto& entry : sink.vocabulary) {
    if (entry.id == id) return &entry;
  }
  return nullptr;
}

size_t SynonymCount(const CollectingSink& sink) {
  size_t n = 0;
  for (const auto& entry : sink.vocabulary) n += entry.synonyms.size();
  return n;
}

CollectingSink ReadShared(const std::string& rel, Format expected_format) {
  CollectingSink sink;
  StatusOr<InputFile> file = LoadInputFile(testing::SharedData(rel));
  EXPECT_TRUE(file.ok()) << file.status().ToString();
  if (!file.ok()) return sink;
  EXPECT_EQ(DetectFormat(*file), expected_format);
  const Status status = ReadFile(*file, expected_format, sink);
  EXPECT_TRUE(status.ok()) << status.ToString();
  return sink;
}

constexpr char kObo[] = R"obo(format-version: 1.2
ontology: doid

[Term]
id: DOID:9352
name: type 2 diabetes mellitus
synonym: "NIDDM" EXACT []
synonym: "non-insulin-dependent diabetes mellitus" EXACT [SNOMEDCT:1]
synonym: "Type 2 Diabetes Mellitus" EXACT []
synonym: "type 2 diabetes mellitus (disorder)" EXACT []
synonym: "adult-onset diabetes" RELATED []
synonym: "ketosis-resistant diabetes" NARROW []
synonym: "diabetes" BROAD []
synonym: "the \"quoted\" form" EXACT []
is_a: DOID:9351 ! diabetes mellitus

[Term]
id: DOID:1
name: old disease
is_obsolete: true

[Term]
name: a term without id

[Term]
id: DOID:2
name: lipoma
synonym: "broken EXACT []

[Typedef]
id: part_of
name: part of
)obo";

TEST(OboVocabularyTest, ReadsExactSynonymsOfLiveTerms) {
  CollectingSink sink;
  ASSERT_TRUE(ReadOboVocabulary({"fixture.obo", kObo}, sink).ok());
  ASSERT_EQ(sink.vocabulary.size(), 2u);
  const VocabularyEntry& t2dm = sink.vocabulary[0];
  EXPECT_EQ(t2dm.source, "doid");
  EXPECT_EQ(t2dm.id, "DOID:9352");
  EXPECT_EQ(t2dm.term, "type 2 diabetes mellitus");
  // RELATED/NARROW/BROAD left out; case repeats and the SNOMED "(disorder)" tag folded.
  EXPECT_EQ(t2dm.synonyms,
            (Strings{"NIDDM", "non-insulin-dependent diabetes mellitus", "the \"quoted\" form"}));
  EXPECT_EQ(sink.vocabulary[1].id, "DOID:2");
  EXPECT_TRUE(sink.vocabulary[1].synonyms.empty());

  ASSERT_EQ(sink.skipped_records.size(), 3u);
  EXPECT_EQ(sink.skipped_records[0].record, "DOID:1");
  EXPECT_EQ(sink.skipped_records[0].reason, "obsolete term");
  EXPECT_EQ(sink.skipped_records[1].record, "line 22");
  EXPECT_EQ(sink.skipped_records[1].reason, "[Term] stanza without an id");
  EXPECT_EQ(sink.skipped_records[2].record, "line 28");
  EXPECT_EQ(sink.skipped_records[2].reason, "malformed synonym (no closing quote)");
  EXPECT_EQ(sink.skipped_records[2].file, "fixture.obo");
}

TEST(OboVocabularyTest, FileWithoutTermsIsNotAnOntology) {
  CollectingSink sink;
  const Status status = ReadOboVocabulary({"empty.obo", "format-version: 1.2\n\n[Typedef]\nid: x\n"}, sink);
  EXPECT_EQ(status.code(), Status::Code::kCorruption);
  EXPECT_NE(status.message().find("empty.obo"), std::string::npos);
}

TEST(OboVocabularyTest, WindowsLineEndings) {
  CollectingSink sink;
  ASSERT_TRUE(
      ReadOboVocabulary(
          {"crlf.obo", "[Term]\r\nid: DOID:5\r\nname: gout\r\nsynonym: \"podagra\" EXACT []\r\n"}, sink)
          .ok());
  ASSERT_EQ(sink.vocabulary.size(), 1u);
  EXPECT_EQ(sink.vocabulary[0].term, "gout");
  EXPECT_EQ(sink.vocabulary[0].synonyms, Strings{"podagra"});
}

TEST(OboVocabularyTest, DiseaseOntology2016) {
  const std::string rel = "disease_ontology/doid_2016-09-01.obo";
  MEDORACLE_REQUIRE_SHARED_DATA(rel);
  const CollectingSink sink = ReadShared(rel, Format::kOboVocabulary);
  // 9,344 [Term] stanzas: 2,373 obsolete (skipped), 6,971 live. Of the file's 15,269
  // synonyms 14,711 are EXACT, 11,537 of them on live terms; 9,667 remain once SNOMED
  // semantic tags and case repeats of the name or another synonym are folded.
  EXPECT_EQ(sink.vocabulary.size(), 6971u);
  EXPECT_EQ(sink.skipped_records.size(), 2373u);
  for (const auto& skipped : sink.skipped_records) {
    ASSERT_EQ(skipped.reason, "obsolete term");
    ASSERT_EQ(skipped.record.rfind("DOID:", 0), 0u);
  }
  EXPECT_EQ(SynonymCount(sink), 9667u);
  const VocabularyEntry* t2dm = Find(sink, "DOID:9352");
  ASSERT_NE(t2dm, nullptr);
  EXPECT_EQ(t2dm->term, "type 2 diabetes mellitus");
  EXPECT_EQ(t2dm->synonyms,
            (Strings{"NIDDM", "non-insulin-dependent diabetes mellitus", "type II diabetes mellitus"}));
  const VocabularyEntry* angiosarcoma = Find(sink, "DOID:0001816");
  ASSERT_NE(angiosarcoma, nullptr);
  EXPECT_EQ(angiosarcoma->synonyms, Strings{"hemangiosarcoma"});
  for (const auto& entry : sink.vocabulary) {
    ASSERT_EQ(entry.source, "doid");
    ASSERT_EQ(entry.id.rfind("DOID:", 0), 0u) << entry.id;
    ASSERT_FALSE(entry.term.empty()) << entry.id;
  }
}

TEST(OboVocabularyTest, DiseaseOntologySlims) {
  const std::string rel = "disease_ontology/DO_rare_slim.obo";
  MEDORACLE_REQUIRE_SHARED_DATA(rel);
  const CollectingSink sink = ReadShared(rel, Format::kOboVocabulary);
  EXPECT_EQ(sink.vocabulary.size(), 3458u);
  EXPECT_EQ(sink.skipped_records.size(), 2u);
  EXPECT_EQ(SynonymCount(sink), 8482u);
}

constexpr char kHpo[] =
    "?term\t?term_label\t?layperson\n"
    "<http://purl.obolibrary.org/obo/HP_0001658>\t\"Myocardial infarction\"\t\"Heart attack\"\n"
    "<http://purl.obolibrary.org/obo/HP_0025251>\t\"Open comedo\"@en\t\"Blackhead\"\n"
    "<http://purl.obolibrary.org/obo/HP_0001658>\t\"Myocardial infarction\"\t\"heart  attack\"\n"
    "<http://purl.obolibrary.org/obo/HP_0005632>\t\"Absent forearm\"\t\"Absent forearm\"\n"
    "<http://purl.obolibrary.org/obo/HP_0001658>\t\"Myocardial infarction\"\t\"Cardiac infarction\"\n"
    "<http://purl.obolibrary.org/obo/MP_0001>\t\"Mouse thing\"\t\"Thing\"\n"
    "<http://purl.obolibrary.org/obo/HP_0000001>\t\"only two fields\"\n"
    "<http://purl.obolibrary.org/obo/HP_0000002>\tunquoted\t\"x\"\n"
    "\n";

TEST(HpoLaypersonTest, GroupsPhrasesByTerm) {
  CollectingSink sink;
  ASSERT_TRUE(ReadHpoLayperson({"lay.tsv", kHpo}, sink).ok());
  ASSERT_EQ(sink.vocabulary.size(), 3u);
  EXPECT_EQ(sink.vocabulary[0].source, "hpo");
  EXPECT_EQ(sink.vocabulary[0].id, "HP:0001658");
  EXPECT_EQ(sink.vocabulary[0].term, "Myocardial infarction");
  EXPECT_EQ(sink.vocabulary[0].synonyms, (Strings{"Heart attack", "Cardiac infarction"}));
  EXPECT_EQ(sink.vocabulary[1].id, "HP:0025251");
  EXPECT_EQ(sink.vocabulary[1].term, "Open comedo");
  EXPECT_EQ(sink.vocabulary[1].synonyms, Strings{"Blackhead"});
  EXPECT_EQ(sink.vocabulary[2].id, "HP:0005632");
  EXPECT_TRUE(sink.vocabulary[2].synonyms.empty());

  ASSERT_EQ(sink.skipped_records.size(), 3u);
  EXPECT_EQ(sink.skipped_records[0].record, "line 7");
  EXPECT_EQ(sink.skipped_records[0].reason, "not an HPO term IRI: <http://purl.obolibrary.org/obo/MP_0001>");
  EXPECT_EQ(sink.skipped_records[1].record, "line 8");
  EXPECT_EQ(sink.skipped_records[1].reason, "expected 3 tab-separated fields, found 2");
  EXPECT_EQ(sink.skipped_records[2].record, "line 9");
  EXPECT_EQ(sink.skipped_records[2].reason, "label and layperson phrase must be quoted strings");
}

TEST(HpoLaypersonTest, WrongHeaderIsCorruption) {
  CollectingSink sink;
  const Status status = ReadHpoLayperson({"other.tsv", "id\tname\nHP:1\tx\n"}, sink);
  EXPECT_EQ(status.code(), Status::Code::kCorruption);
  EXPECT_NE(status.message().find("other.tsv: line 1"), std::string::npos);
  EXPECT_TRUE(sink.vocabulary.empty());
}

TEST(HpoLaypersonTest, RealLaypersonSynonyms) {
  const std::string rel = "hpo/layperson-synonyms.tsv";
  MEDORACLE_REQUIRE_SHARED_DATA(rel);
  const CollectingSink sink = ReadShared(rel, Format::kHpoLayperson);
  // 7,186 rows for 4,701 terms; 1,098 rows repeat the label itself, leaving 6,088 phrases.
  EXPECT_EQ(sink.vocabulary.size(), 4701u);
  EXPECT_TRUE(sink.skipped_records.empty());
  EXPECT_EQ(SynonymCount(sink), 6088u);
  const VocabularyEntry* mi = Find(sink, "HP:0001658");
  ASSERT_NE(mi, nullptr);
  EXPECT_EQ(mi->term, "Myocardial infarction");
  EXPECT_EQ(mi->synonyms, Strings{"Heart attack"});
  const VocabularyEntry* comedo = Find(sink, "HP:0025251");
  ASSERT_NE(comedo, nullptr);
  EXPECT_EQ(comedo->term, "Open comedo");  // the "@en" language tag is not part of the label
  for (const auto& entry : sink.vocabulary) {
    ASSERT_EQ(entry.source, "hpo");
    ASSERT_EQ(entry.id.rfind("HP:", 0), 0u);
    ASSERT_EQ(entry.id.size(), 10u) << entry.id;
  }
}

}  // namespace
}  // namespace medoracle
