// Tests for medquad_reader: the whole real MedQuAD folder and small inline fixtures.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "corpus/collecting_sink.h"
#include "corpus/reader.h"
#include "corpus/reader_test_util.h"
#include "test_data.h"

namespace medoracle {
namespace {

using ::medoracle::testing::ExpectSpansWellFormed;
using ::medoracle::testing::FindDoc;
using ::medoracle::testing::FindSentence;
using ::medoracle::testing::SectionOf;
using ::medoracle::testing::SentenceTexts;
using ::medoracle::testing::SharedData;

// Every span lies inside text and is non-empty, every sentence inside a section, and the
// id has the "medquad:" prefix.
void ExpectWellFormed(const Document& doc) {
  SCOPED_TRACE(doc.id);
  EXPECT_EQ(doc.id.rfind("medquad:", 0), 0u);
  EXPECT_EQ(doc.source, "medquad");
  EXPECT_EQ(doc.type, RefType::kConsumerHealth);
  EXPECT_FALSE(doc.title.empty());
  ExpectSpansWellFormed(doc);
}

Status ReadFixture(const std::string& xml, CollectingSink* sink,
                   const std::string& path = "dir/0000001.xml") {
  return ReadMedquadXml(InputFile{path, xml}, *sink);
}

std::string Doc(const std::string& attrs, const std::string& body) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Document " + attrs + ">\n" + body + "</Document>\n";
}

std::string Pair(const std::string& pid, const std::string& question, const std::string& answer) {
  return "<QAPair pid=\"" + pid + "\"><Question qid=\"q\" qtype=\"information\">" + question +
         "</Question><Answer>" + answer + "</Answer></QAPair>";
}

// ---------------------------------------------------------------------------------------
// Inline fixtures

TEST(MedquadReaderFixture, OneDocumentPerAnsweredPair) {
  const std::string xml =
      Doc("id=\"0000042\" source=\"GHR\" url=\"https://ghr.nlm.nih.gov/condition/x\"",
          "<Focus>Example syndrome</Focus>\n<FocusAnnotations><UMLS><CUIs><CUI>C1</CUI></CUIs></UMLS>"
          "<Synonyms><Synonym>ES</Synonym><Synonym>Example disease</Synonym><Synonym>ES</Synonym>"
          "<Synonym>example SYNDROME</Synonym></Synonyms></FocusAnnotations>\n<QAPairs>" +
              Pair("1", "What is (are)  Example syndrome ?",
                   "Example syndrome is rare. It affects &lt;1% of people.") +
              Pair("2", "What causes Example syndrome ?", "   \n  ") + "</QAPairs>\n");
  CollectingSink sink;
  ASSERT_TRUE(ReadFixture(xml, &sink).ok());
  ASSERT_EQ(sink.documents.size(), 1u);
  const Document& doc = sink.documents[0];
  ExpectWellFormed(doc);
  EXPECT_EQ(doc.id, "medquad:GHR/0000042#1");
  EXPECT_EQ(doc.title, "What is (are) Example syndrome ?");
  EXPECT_EQ(doc.questions, (std::vector<std::string>{"What is (are) Example syndrome ?"}));
  EXPECT_EQ(doc.focus, "Example syndrome");
  EXPECT_EQ(doc.synonyms, (std::vector<std::string>{"ES", "Example disease"}));
  EXPECT_EQ(doc.url, "https://ghr.nlm.nih.gov/condition/x");
  EXPECT_EQ(doc.venue, "Genetics Home Reference");
  EXPECT_EQ(SentenceTexts(doc),
            (std::vector<std::string>{"Example syndrome is rare.", "It affects <1% of people."}));
  EXPECT_EQ(doc.sections[0].label, "Answer");

  ASSERT_EQ(sink.skipped_records.size(), 1u);
  EXPECT_EQ(sink.skipped_records[0].file, "dir/0000001.xml");
  EXPECT_EQ(sink.skipped_records[0].record, "GHR/0000042#2");
  EXPECT_EQ(sink.skipped_records[0].reason, "empty answer");

  ASSERT_EQ(sink.vocabulary.size(), 1u);
  EXPECT_EQ(sink.vocabulary[0].source, "medquad");
  EXPECT_EQ(sink.vocabulary[0].id, "GHR/0000042");
  EXPECT_EQ(sink.vocabulary[0].term, "Example syndrome");
  EXPECT_EQ(sink.vocabulary[0].synonyms, (std::vector<std::string>{"ES", "Example disease"}));
}

TEST(MedquadReaderFixture, AnswerStructureBecomesSectionsAndSentences) {
  const std::string answer =
      "Key Points\n                    - First point is here.    - Second point (with detail).\n"
      "                \n                \n"
      "                    Treatment depends on the stage.\n"
      "Check with your doctor if you have any of the following:         - Fever.    -  Night sweats.   "
      "      More text after the list.\n"
      "Chemotherapy      Chemotherapy uses drugs. It has side effects - some serious.\n"
      "    -  \nItem on its own line\n";
  CollectingSink sink;
  ASSERT_TRUE(ReadFixture(Doc("id=\"0000001_1\" source=\"CancerGov\" url=\"u\"",
                              "<Focus>Cancer</Focus><QAPairs>" + Pair("3", "Q?", answer) + "</QAPairs>"),
                          &sink)
                  .ok());
  ASSERT_EQ(sink.documents.size(), 1u);
  const Document& doc = sink.documents[0];
  ExpectWellFormed(doc);
  EXPECT_EQ(doc.id, "medquad:CancerGov/0000001_1#3");
  EXPECT_EQ(doc.venue, "National Cancer Institute");
  EXPECT_TRUE(sink.vocabulary.empty());  // no synonyms, no vocabulary entry
  EXPECT_EQ(SentenceTexts(doc), (std::vector<std::string>{
                                    "First point is here.",
                                    "Second point (with detail).",
                                    "Treatment depends on the stage.",
                                    "Check with your doctor if you have any of the following:",
                                    "Fever.",
                                    "Night sweats.",
                                    "More text after the list.",
                                    "Chemotherapy uses drugs.",
                                    "It has side effects - some serious.",
                                    "Item on its own line",
                                }));
  std::vector<std::pair<std::string, std::string>> sections;
  for (const Section& s : doc.sections) sections.emplace_back(s.label, std::string(doc.Slice(s.span)));
  EXPECT_EQ(sections,
            (std::vector<std::pair<std::string, std::string>>{
                {"Answer > Key Points", "First point is here. Second point (with detail)."},
                {"Answer", "Treatment depends on the stage."},
                {"Answer", "Check with your doctor if you have any of the following: Fever. Night sweats."},
                {"Answer", "More text after the list."},
                {"Answer > Chemotherapy", "Chemotherapy uses drugs. It has side effects - some serious."},
                {"Answer > Chemotherapy", "Item on its own line"},
            }));
}

// "What is the treatment for gout?" was answered with "... associated with uric acid production. -
// Searching for new treatment approaches.": the page's list, flattened to one line, read as one
// sentence with its next item's heading.
TEST(MedquadReaderFixture, BulletAfterASentenceWasGluedToIt_NowItIsAnItemOfItsOwn) {
  const std::string answer =
      "Here are some areas of gout research. - Refining current treatments. Doctors compare NSAIDs. -  "
      "Searching for new treatment approaches. Gout can flare - sometimes - at night.";
  CollectingSink sink;
  ASSERT_TRUE(ReadFixture(Doc("id=\"0000028\" source=\"NIHSeniorHealth\" url=\"u\"",
                              "<Focus>Gout</Focus><QAPairs>" + Pair("6", "Q?", answer) + "</QAPairs>"),
                          &sink)
                  .ok());
  ASSERT_EQ(sink.documents.size(), 1u);
  ExpectWellFormed(sink.documents[0]);
  EXPECT_EQ(SentenceTexts(sink.documents[0]), (std::vector<std::string>{
                                                  "Here are some areas of gout research.",
                                                  "Refining current treatments.",
                                                  "Doctors compare NSAIDs.",
                                                  "Searching for new treatment approaches.",
                                                  "Gout can flare - sometimes - at night.",
                                              }));
}

TEST(MedquadReaderFixture, DocumentWithoutIdOrSourceIsSkipped) {
  for (const std::string attrs :
       {"source=\"GARD\" url=\"u\"", "id=\"0000001\" url=\"u\"", "id=\"\" source=\"GARD\""}) {
    CollectingSink sink;
    ASSERT_TRUE(
        ReadFixture(Doc(attrs, "<Focus>F</Focus><QAPairs>" + Pair("1", "Q?", "A.") + "</QAPairs>"), &sink)
            .ok());
    EXPECT_TRUE(sink.documents.empty()) << attrs;
    ASSERT_EQ(sink.skipped_records.size(), 1u) << attrs;
    EXPECT_EQ(sink.skipped_records[0].record, "record 1");
    EXPECT_EQ(sink.skipped_records[0].reason, "MedQuAD document without an id or source attribute");
  }
}

TEST(MedquadReaderFixture, PairWithoutPidIsNumberedByPosition) {
  CollectingSink sink;
  ASSERT_TRUE(
      ReadFixture(
          Doc("id=\"7\" source=\"NINDS\" url=\"u\"",
              "<Focus>F</Focus><QAPairs><QAPair><Question>Q1?</Question><Answer>A one.</Answer></QAPair>"
              "<QAPair><Question>Q2?</Question><Answer>A two.</Answer></QAPair></QAPairs>"),
          &sink)
          .ok());
  ASSERT_EQ(sink.documents.size(), 2u);
  EXPECT_EQ(sink.documents[1].id, "medquad:NINDS/7#2");
  EXPECT_EQ(sink.documents[1].venue, "National Institute of Neurological Disorders and Stroke");
}

TEST(MedquadReaderFixture, NoPairsIsReported) {
  CollectingSink sink;
  ASSERT_TRUE(
      ReadFixture(Doc("id=\"56\" source=\"NIDDK\" url=\"u\"", "<Focus>F</Focus><QAPairs>\n</QAPairs>"), &sink)
          .ok());
  EXPECT_TRUE(sink.documents.empty());
  ASSERT_EQ(sink.skipped_records.size(), 1u);
  EXPECT_EQ(sink.skipped_records[0].record, "NIDDK/56");
  EXPECT_EQ(sink.skipped_records[0].reason, "no question-answer pairs");
}

// Found by medquad_fuzz: a source attribute with bytes that are not UTF-8 (or a control character)
// became part of the document id, which no /d/{id} page can open and JSON cannot carry as text.
TEST(MedquadReaderFixture, IdWithBytesThatAreNotUtf8WasKept_NowTheDocumentIsSkippedWithAReason) {
  for (const std::string& source : {std::string("Ca\xff\xfe"), std::string("Ca&#1;ncer")}) {
    const std::string xml = Doc("id=\"1\" source=\"" + source + "\" url=\"u\"",
                                "<Focus>F</Focus><QAPairs>" + Pair("1", "Q?", "A.") + "</QAPairs>");
    CollectingSink sink;
    ASSERT_TRUE(ReadFixture(xml, &sink).ok()) << source;
    EXPECT_TRUE(sink.documents.empty()) << sink.documents[0].id;
    ASSERT_EQ(sink.skipped_records.size(), 1u) << source;
    EXPECT_NE(sink.skipped_records[0].reason.find("UTF-8"), std::string::npos);
  }
}

// Found by medquad_fuzz (CI, 2026-12-06): a pair's pid attribute with bytes that are not UTF-8
// became part of that pair's document id. The pair is skipped with a reason naming it; the
// document's other pairs are kept.
TEST(MedquadReaderFixture, PidWithBytesThatAreNotUtf8WasKeptInTheId_NowThatPairIsSkippedWithAReason) {
  const std::string xml =
      Doc("id=\"1\" source=\"CDC\" url=\"u\"", "<Focus>F</Focus><QAPairs>" + Pair("1", "Q one?", "A one.") +
                                                   Pair("\xa5\xa5"
                                                        "3",
                                                        "Q two?", "A two.") +
                                                   "</QAPairs>");
  CollectingSink sink;
  ASSERT_TRUE(ReadFixture(xml, &sink).ok());
  ASSERT_EQ(sink.documents.size(), 1u);
  EXPECT_EQ(sink.documents[0].id, "medquad:CDC/1#1");
  ASSERT_EQ(sink.skipped_records.size(), 1u);
  EXPECT_EQ(sink.skipped_records[0].record, "CDC/1 pair 2");
  EXPECT_NE(sink.skipped_records[0].reason.find("pid"), std::string::npos);
  EXPECT_NE(sink.skipped_records[0].reason.find("UTF-8"), std::string::npos);
}

TEST(MedquadReaderFixture, MalformedXmlIsCorruption) {
  const std::string xml = Doc("id=\"1\" source=\"CDC\" url=\"u\"",
                              "<Focus>F</Focus><QAPairs>" + Pair("1", "Q?", "A.") + "</QAPairs>");
  CollectingSink sink;
  const Status truncated = ReadFixture(xml.substr(0, xml.size() - 20), &sink);
  EXPECT_EQ(truncated.code(), Status::Code::kCorruption);
  EXPECT_NE(truncated.message().find("dir/0000001.xml"), std::string::npos) << truncated.message();
  EXPECT_NE(truncated.message().find("line"), std::string::npos) << truncated.message();
  EXPECT_TRUE(sink.documents.empty());

  CollectingSink wrong_root;
  const Status status = ReadFixture("<PubmedArticleSet/>", &wrong_root);
  EXPECT_EQ(status.code(), Status::Code::kCorruption);
  EXPECT_NE(status.message().find("<PubmedArticleSet>"), std::string::npos) << status.message();

  CollectingSink empty;
  EXPECT_EQ(ReadFixture("", &empty).code(), Status::Code::kCorruption);
}

// ---------------------------------------------------------------------------------------
// The real folder

const char kMedquad[] = "medquad";

struct FolderResult {
  CollectingSink sink;
  size_t files = 0;
  std::vector<std::string> errors;
};

// Reads every MedQuAD XML file once (the whole folder takes a few seconds).
const FolderResult& ReadFolder() {
  static const FolderResult* result = [] {
    auto* r = new FolderResult;
    std::vector<std::string> paths;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(SharedData(kMedquad))) {
      if (entry.is_regular_file() && entry.path().extension() == ".xml")
        paths.push_back(entry.path().string());
    }
    std::sort(paths.begin(), paths.end());
    for (const std::string& path : paths) {
      ++r->files;
      StatusOr<InputFile> file = LoadInputFile(path);
      Status status = file.ok() ? ReadMedquadXml(*file, r->sink) : file.status();
      if (!status.ok()) r->errors.push_back(status.ToString());
    }
    return r;
  }();
  return *result;
}

TEST(MedquadReaderRealFiles, WholeFolderCounts) {
  MEDORACLE_REQUIRE_SHARED_DATA(kMedquad);
  const FolderResult& r = ReadFolder();
  EXPECT_EQ(r.files, 5497u);
  EXPECT_TRUE(r.errors.empty()) << r.errors.front();
  // 16,428 QA pairs in all (16,407 in <Document> files as the README says, 5 in the one CDC
  // <DiseaseFile>, 16 in four NINDS <doc> files); 5 GARD pairs have an empty answer.
  EXPECT_EQ(r.sink.documents.size(), 16423u);
  std::map<std::string, int> reasons;
  for (const SkippedRecord& s : r.sink.skipped_records) ++reasons[s.reason];
  EXPECT_EQ(reasons, (std::map<std::string, int>{{"empty answer", 5}, {"no question-answer pairs", 6}}));
  EXPECT_EQ(r.sink.vocabulary.size(), 4002u);  // documents whose focus has synonyms

  std::set<std::string> ids;
  std::map<std::string, int> per_venue;
  for (const Document& doc : r.sink.documents) {
    ExpectWellFormed(doc);
    ids.insert(doc.id);
    ++per_venue[doc.venue];
    EXPECT_EQ(doc.questions.size(), 1u) << doc.id;
    EXPECT_FALSE(doc.url.empty()) << doc.id;
  }
  EXPECT_EQ(ids.size(), r.sink.documents.size());  // ids are unique
  EXPECT_EQ(per_venue.size(), 9u);
  EXPECT_EQ(per_venue["Genetic and Rare Diseases Information Center"], 5389);
}

TEST(MedquadReaderRealFiles, KnownPairs) {
  MEDORACLE_REQUIRE_SHARED_DATA(kMedquad);
  const CollectingSink& sink = ReadFolder().sink;

  const Document* all = FindDoc(sink, "medquad:CancerGov/0000001_1#1");
  ASSERT_NE(all, nullptr);
  EXPECT_EQ(all->title, "What is (are) Adult Acute Lymphoblastic Leukemia ?");
  EXPECT_EQ(all->url, "https://www.cancer.gov/types/leukemia/patient/adult-all-treatment-pdq");
  EXPECT_EQ(all->focus, "Adult Acute Lymphoblastic Leukemia");
  EXPECT_EQ(all->venue, "National Cancer Institute");
  EXPECT_EQ(all->sections[0].label, "Answer > Key Points");
  EXPECT_EQ(
      all->Slice(all->sentences[0]),
      "Adult acute lymphoblastic leukemia (ALL) is a type of cancer in which the bone marrow makes too many "
      "lymphocytes (a type of white blood cell).");
  EXPECT_EQ(all->Slice(all->sentences[1]),
            "Leukemia may affect red blood cells, white blood cells, and platelets.");

  const Document* symptoms = FindDoc(sink, "medquad:CancerGov/0000001_1#2");
  ASSERT_NE(symptoms, nullptr);
  const int lead = FindSentence(*symptoms, "Check with your doctor if you have any of the following:");
  ASSERT_GE(lead, 0);
  EXPECT_EQ(symptoms->Slice(symptoms->sentences[lead + 1]), "Weakness or feeling tired.");
  EXPECT_EQ(symptoms->Slice(symptoms->sentences[lead + 2]), "Fever or night sweats.");
  EXPECT_EQ(SectionOf(*symptoms, symptoms->sentences[lead + 2]),
            SectionOf(*symptoms, symptoms->sentences[lead]));

  const Document* drpla = FindDoc(sink, "medquad:GHR/0000276#1");
  ASSERT_NE(drpla, nullptr);
  EXPECT_EQ(drpla->focus, "dentatorubral-pallidoluysian atrophy");
  EXPECT_EQ(drpla->synonyms, (std::vector<std::string>{"DRPLA", "Haw River syndrome",
                                                       "Myoclonic epilepsy with choreoathetosis",
                                                       "Naito-Oyanagi disease", "NOD"}));

  // Several CancerGov files repeat id="0000013_2"; the file name keeps them apart.
  const Document* pv = FindDoc(sink, "medquad:CancerGov/0000013_2_1#1");
  ASSERT_NE(pv, nullptr);
  EXPECT_EQ(pv->focus, "Polycythemia Vera");
  ASSERT_NE(FindDoc(sink, "medquad:CancerGov/0000013_2#1"), nullptr);
  EXPECT_EQ(FindDoc(sink, "medquad:CancerGov/0000013_2#1")->focus, "Chronic Myeloproliferative Neoplasms");

  // The differently spelled files: <doc docid corpus> (NINDS) and <DiseaseFile fid> (CDC).
  const Document* has = FindDoc(sink, "medquad:NINDS/0000007#1");
  ASSERT_NE(has, nullptr);
  EXPECT_EQ(has->title, "what is holmes-adie syndrome ?");
  EXPECT_EQ(has->focus, "Holmes-Adie");
  EXPECT_EQ(has->url, "http://www.ninds.nih.gov/disorders/holmes_adie/holmes_adie.htm");
  const Document* taeniasis = FindDoc(sink, "medquad:CDC/0000397#1");
  ASSERT_NE(taeniasis, nullptr);
  EXPECT_EQ(taeniasis->focus, "Parasites - Taeniasis");
  EXPECT_EQ(taeniasis->venue, "Centers for Disease Control and Prevention");

  bool found_empty = false;
  for (const SkippedRecord& s : sink.skipped_records) {
    if (s.record == "GARD/0002079#1") {
      found_empty = true;
      EXPECT_EQ(s.reason, "empty answer");
      EXPECT_NE(s.file.find("2_GARD_QA/0002079.xml"), std::string::npos);
    }
  }
  EXPECT_TRUE(found_empty);
}

}  // namespace
}  // namespace medoracle
