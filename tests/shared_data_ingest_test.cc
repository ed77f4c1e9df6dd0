// Ingest of every corpus in ../shared/data (plus the editorial library) into one index,
// with the exact document counts per collection, and spot checks of what was stored.
#include <gtest/gtest.h>

#include "corpus/text.h"
#include "fixtures.h"
#include "ingest/ingester.h"
#include "test_data.h"

namespace medoracle {
namespace {

class SharedDataIngestTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!testing::HasSharedData()) return;
    dir_ = new testing::TempDir();
    auto index = OpenIndex(*dir_ / "index", Index::Mode::kReadWrite);
    ASSERT_TRUE(index.ok()) << index.status().ToString();
    auto report = Ingest(**index, {testing::SharedDataDir(), std::string(MEDORACLE_SOURCE_DIR) + "/library"},
                         IngestOptions{});
    ASSERT_TRUE(report.ok()) << report.status().ToString();
    report_ = new IngestReport(*report);
  }
  static void TearDownTestSuite() {
    delete report_;
    delete dir_;
    report_ = nullptr;
    dir_ = nullptr;
  }
  void SetUp() override {
    MEDORACLE_REQUIRE_SHARED_DATA("");
    ASSERT_NE(report_, nullptr);
    auto index = OpenIndex(*dir_ / "index", Index::Mode::kReadOnly);
    ASSERT_TRUE(index.ok());
    index_ = std::move(index).value();
  }

  static testing::TempDir* dir_;
  static IngestReport* report_;
  std::unique_ptr<Index> index_;
};

testing::TempDir* SharedDataIngestTest::dir_ = nullptr;
IngestReport* SharedDataIngestTest::report_ = nullptr;

TEST_F(SharedDataIngestTest, EveryCorpusFileLoadsWithoutFailure) {
  for (const auto& f : report_->failed_files) ADD_FAILURE() << f.file << ": " << f.reason;
  for (const char* format : {"pubmed-xml", "medline-text", "pmc-jats", "ngc-xml", "medquad-xml", "scifact-corpus",
                             "pubmedqa-json", "bioasq-json", "covidqa-json", "nfcorpus-docs", "overview-markdown",
                             "obo-vocabulary", "hpo-layperson", "openfda-labels"}) {
    EXPECT_GT(report_->by_format[format].files, 0u) << format << " was not loaded";
  }
}

TEST_F(SharedDataIngestTest, ExactDocumentCountsPerCollection) {
  auto stats = index_->Stats();
  ASSERT_TRUE(stats.ok());
  std::map<std::string, uint64_t> expected = {
      {"ngc", 53},          // 53 public-domain guideline summaries
      {"scifact", 5183},    // SciFact corpus.jsonl
      {"pubmedqa", 1000},   // PubMedQA-L ori_pqal.json (MIRAGE's test_set.json is a subset)
      {"medquad", 16423},   // answered QA pairs (5 empty answers and 6 empty files skipped)
      {"bioasq", 13448},    // distinct PMIDs of the golden snippets, less 1 also in PubMedQA
      {"covidqa", 145},     // COVID-QA papers over train/dev/test
      {"nfcorpus", 3395},   // distinct documents of test.docs and dev.docs
      {"pubmed", 30},       // PubMed XML and MEDLINE samples after DeleteCitation
      {"pmc", 6},           // PMC JATS samples
      {"overview", 20},     // the editorial library
      {"fda", 363},         // openFDA drug labels: 363 set_ids (the 25 of the API sample are among them)
  };
  EXPECT_EQ(stats->documents_by_source, expected);
  EXPECT_EQ(stats->documents, 40066u);
  EXPECT_EQ(stats->vocabulary_by_source["doid"], 8998u);
  EXPECT_EQ(stats->vocabulary_by_source["hpo"], 4701u);
  EXPECT_EQ(stats->vocabulary_by_source["medquad"], 4002u);
  EXPECT_EQ(stats->vocabulary_by_source["fda"], 363u);  // one per drug label: generic name, brand names
  // One per label and established pharmacologic class: 171 pairs over the 157 labels with one.
  EXPECT_EQ(stats->vocabulary_by_source["fda-class"], 171u);
  // The guidelines' Disease/Condition(s) of at most five words, one entry each.
  EXPECT_EQ(stats->vocabulary_by_source["ngc"], 95u);
  EXPECT_EQ(report_->by_format["bioasq-json"].files, 25u);
  // labels.jsonl.gz (363 lines) and drug-label-sample.json (25 results): every record loads,
  // none is skipped; the sample's labels are replaced by the same versions from the JSONL.
  EXPECT_EQ(report_->by_format["openfda-labels"].files, 2u);
  EXPECT_EQ(report_->by_format["openfda-labels"].documents, 388u);
  EXPECT_EQ(report_->by_format["openfda-labels"].skipped_records, 0u);
}

TEST_F(SharedDataIngestTest, DrugLabelKeepsNamesSectionsAndDailyMedLink) {
  auto doc = index_->Fetch("fda:492dbdb2-077e-4064-bff3-372d6af0a7a2");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  EXPECT_EQ(doc->type, RefType::kDrugLabel);
  EXPECT_EQ(doc->title, "Herceptin (trastuzumab) prescribing information");
  EXPECT_EQ(doc->year, 2021);
  EXPECT_EQ(doc->url, "https://dailymed.nlm.nih.gov/dailymed/lookup.cfm?setid=492dbdb2-077e-4064-bff3-372d6af0a7a2");
  bool boxed = false, subsection = false;
  for (const auto& s : doc->sections) {
    boxed |= s.label.rfind("Boxed warning", 0) == 0;
    subsection |= s.label == "Use in specific populations > 8.4 Pediatric use";
  }
  EXPECT_TRUE(boxed);
  EXPECT_TRUE(subsection);
}

TEST_F(SharedDataIngestTest, SkippedRecordsNameFileRecordAndReason) {
  ASSERT_FALSE(report_->skipped_records.empty());
  for (const auto& s : report_->skipped_records) {
    EXPECT_FALSE(s.file.empty());
    EXPECT_FALSE(s.record.empty()) << s.file;
    EXPECT_FALSE(s.reason.empty()) << s.file << " " << s.record;
  }
}

TEST_F(SharedDataIngestTest, GuidelineKeepsRecommendationsGradesAndComparisons) {
  auto doc = index_->Fetch("ngc:11288");
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ(doc->type, RefType::kGuideline);
  EXPECT_EQ(doc->year, 2017);
  EXPECT_NE(doc->text.find("(Strong For"), std::string::npos);
  bool major = false;
  for (const auto& s : doc->sections) major |= s.label.rfind("Major Recommendations", 0) == 0;
  EXPECT_TRUE(major);
  // "<150 mmHg" survives the double unescaping of NGC fields.
  auto htn = index_->Fetch("ngc:10598");
  ASSERT_TRUE(htn.ok());
  EXPECT_NE(htn->text.find("<150 mmHg"), std::string::npos);
}

TEST_F(SharedDataIngestTest, SpansOfEveryFetchedDocumentSliceItsText) {
  for (const char* id : {"ngc:11288", "scifact:4983", "pmid:21645374", "medquad:CancerGov/0000001_1#1",
                         "overview:hypertension"}) {
    SCOPED_TRACE(id);
    auto doc = index_->Fetch(id);
    ASSERT_TRUE(doc.ok()) << doc.status().ToString();
    ASSERT_FALSE(doc->sentences.empty());
    EXPECT_TRUE(IsValidUtf8(doc->text));
    for (const auto& s : doc->sentences) {
      ASSERT_LT(s.start, s.end);
      ASSERT_LE(s.end, doc->text.size());
      EXPECT_TRUE(IsValidUtf8(doc->Slice(s)));
    }
  }
}

TEST_F(SharedDataIngestTest, SearchFindsGuidelinePassagesByType) {
  SearchOptions guidelines;
  guidelines.types = {RefType::kGuideline};
  auto hits = index_->Search("lumbar radiculopathy epidural steroid injection", guidelines);
  ASSERT_TRUE(hits.ok());
  ASSERT_FALSE(hits->empty());
  for (const auto& h : *hits) EXPECT_EQ(h.type, RefType::kGuideline);
}

}  // namespace
}  // namespace medoracle
