// Tests of the Index contract: replace, delete, fetch, filters, vocabulary, questions.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <vector>

#include "index/index.h"

namespace medoracle {
namespace {

namespace fs = std::filesystem;

class IndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    std::replace(name.begin(), name.end(), '/', '_');
    dir_ = fs::temp_directory_path() / ("medoracle_index_test_" + std::to_string(::getpid()) + "_" + name);
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::unique_ptr<Index> Open(Index::Mode mode = Index::Mode::kReadWrite) {
    auto index = OpenIndex(dir_.string(), mode);
    EXPECT_TRUE(index.ok()) << index.status().ToString();
    return index.ok() ? std::move(index).value() : nullptr;
  }

  static Document Doc(const std::string& id, const std::string& source, RefType type, int year,
                      const std::string& title, const std::string& text) {
    Document d;
    d.id = id;
    d.source = source;
    d.type = type;
    d.year = year;
    d.title = title;
    DocumentBuilder b(std::move(d));
    b.AddSection("Abstract", text);
    return b.Finish();
  }

  fs::path dir_;
};

// An index of the Xapian backend (removed on 2026-12-06) is refused with what to do, and a folder
// of other files is not taken for an index; neither is changed.
TEST_F(IndexTest, OldXapianIndexOrOtherFilesAreRefusedWithWhatToDo) {
  fs::create_directories(dir_);
  { std::ofstream(dir_ / "iamglass") << "glass"; }
  for (Index::Mode mode : {Index::Mode::kReadOnly, Index::Mode::kReadWrite}) {
    auto index = OpenIndex(dir_.string(), mode);
    ASSERT_FALSE(index.ok());
    EXPECT_EQ(index.status().code(), Status::Code::kInvalidArgument);
    EXPECT_NE(index.status().message().find("Xapian format"), std::string::npos) << index.status().ToString();
    EXPECT_NE(index.status().message().find("ingest your sources into a new index folder"), std::string::npos);
  }
  fs::remove(dir_ / "iamglass");
  { std::ofstream(dir_ / "notes.txt") << "my notes"; }
  auto index = OpenIndex(dir_.string(), Index::Mode::kReadWrite);
  ASSERT_FALSE(index.ok());
  EXPECT_NE(index.status().message().find("not a medoracle index"), std::string::npos) << index.status().ToString();
  EXPECT_EQ(std::vector<fs::path>(fs::directory_iterator(dir_), fs::directory_iterator()),
            std::vector<fs::path>{dir_ / "notes.txt"});
}

TEST_F(IndexTest, PutFetchRoundTripKeepsTextSectionsAndSpans) {
  auto index = Open();
  Document d = Doc("pmid:1", "pubmed", RefType::kRandomizedTrial, 2019, "Gabapentin for sciatica",
                   "Gabapentin reduced leg pain. Adverse effects were mild.");
  d.authors = {"Smith J", "Doe A"};
  d.doi = "10.1000/x";
  ASSERT_TRUE(index->Put(d).ok());
  ASSERT_TRUE(index->Commit().ok());
  auto got = index->Fetch("pmid:1");
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->title, "Gabapentin for sciatica");
  EXPECT_EQ(got->type, RefType::kRandomizedTrial);
  EXPECT_EQ(got->year, 2019);
  EXPECT_EQ(got->authors, d.authors);
  EXPECT_EQ(got->text, d.text);
  ASSERT_EQ(got->sentences.size(), 2u);
  EXPECT_EQ(got->Slice(got->sentences[1]), "Adverse effects were mild.");
}

TEST_F(IndexTest, ReplacingADocumentRemovesItsOldPassages) {
  auto index = Open();
  ASSERT_TRUE(index->Put(Doc("pmid:1", "pubmed", RefType::kOther, 2000, "t", "Zebrafish respond to statins.")).ok());
  ASSERT_TRUE(index->Put(Doc("pmid:1", "pubmed", RefType::kOther, 2001, "t", "Mice respond to aspirin.")).ok());
  ASSERT_TRUE(index->Commit().ok());
  auto old_hits = index->Search("zebrafish", {});
  ASSERT_TRUE(old_hits.ok());
  EXPECT_TRUE(old_hits->empty());
  auto new_hits = index->Search("aspirin", {});
  ASSERT_TRUE(new_hits.ok());
  ASSERT_EQ(new_hits->size(), 1u);
  EXPECT_EQ((*new_hits)[0].doc_id, "pmid:1");
  auto stats = index->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->documents, 1u);
}

TEST_F(IndexTest, DeleteRemovesDocumentAndUnknownIdIsNotFound) {
  auto index = Open();
  ASSERT_TRUE(index->Put(Doc("pmid:7", "pubmed", RefType::kOther, 2000, "t", "Hypertension treatment.")).ok());
  ASSERT_TRUE(index->Delete("pmid:7").ok());
  EXPECT_EQ(index->Delete("pmid:7").code(), Status::Code::kNotFound);
  EXPECT_EQ(index->Fetch("pmid:7").status().code(), Status::Code::kNotFound);
  EXPECT_FALSE(index->Contains("pmid:7"));
}

// Replaced and deleted before any commit (the segment backend already handed them to its builder).
TEST_F(IndexTest, ReplacingAndDeletingBeforeTheCommitLeavesOnlyTheLastVersions) {
  auto index = Open();
  ASSERT_TRUE(index->Put(Doc("pmid:1", "pubmed", RefType::kOther, 2000, "t", "Zebrafish respond to statins.")).ok());
  ASSERT_TRUE(index->Put(Doc("pmid:2", "pubmed", RefType::kOther, 2000, "t", "Zebrafish need water.")).ok());
  ASSERT_TRUE(index->Put(Doc("pmid:1", "pubmed", RefType::kOther, 2001, "t", "Mice respond to aspirin.")).ok());
  ASSERT_TRUE(index->Delete("pmid:2").ok());
  EXPECT_EQ(index->Fetch("pmid:1")->year, 2001);
  EXPECT_FALSE(index->Contains("pmid:2"));
  ASSERT_TRUE(index->Commit().ok());
  // The writer finds the last version after the commit too (found by the segment backend's
  // first shared-data test run: the first version, deleted, was found and hid the second).
  auto last = index->Fetch("pmid:1");
  ASSERT_TRUE(last.ok()) << last.status().ToString();
  EXPECT_EQ(last->year, 2001);
  auto reader = Open(Index::Mode::kReadOnly);
  EXPECT_EQ(reader->Fetch("pmid:1")->year, 2001);
  auto hits = reader->Search("zebrafish", {});
  ASSERT_TRUE(hits.ok());
  EXPECT_TRUE(hits->empty());
  auto stats = reader->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->documents, 1u);
  EXPECT_EQ(stats->passages, 1u);
  auto frequencies = reader->TermFrequencies({"zebrafish", "mice"});
  ASSERT_TRUE(frequencies.ok());
  EXPECT_EQ(frequencies->passage_frequency, (std::vector<uint64_t>{0, 1}));
}

TEST_F(IndexTest, SearchFiltersByTypeSourceAndYear) {
  auto index = Open();
  ASSERT_TRUE(
      index->Put(Doc("ngc:1", "ngc", RefType::kGuideline, 2017, "Low back pain", "Use NSAIDs for back pain.")).ok());
  ASSERT_TRUE(index->Put(Doc("pmid:2", "pubmed", RefType::kCaseReport, 2022, "Case", "Back pain after a fall.")).ok());
  ASSERT_TRUE(index->Commit().ok());
  SearchOptions guidelines;
  guidelines.types = {RefType::kGuideline};
  auto hits = index->Search("back pain", guidelines);
  ASSERT_TRUE(hits.ok());
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ((*hits)[0].doc_id, "ngc:1");
  EXPECT_EQ((*hits)[0].type, RefType::kGuideline);
  EXPECT_EQ((*hits)[0].year, 2017);
  EXPECT_EQ((*hits)[0].text, "Use NSAIDs for back pain.");

  SearchOptions recent;
  recent.min_year = 2020;
  hits = index->Search("back pain", recent);
  ASSERT_TRUE(hits.ok());
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ((*hits)[0].doc_id, "pmid:2");

  SearchOptions by_source;
  by_source.sources = {"pubmed"};
  hits = index->Search("nsaids", by_source);
  ASSERT_TRUE(hits.ok());
  EXPECT_TRUE(hits->empty());
}

TEST_F(IndexTest, UncommittedChangesAreNotVisibleToReaders) {
  auto writer = Open();
  ASSERT_TRUE(writer->Put(Doc("pmid:1", "pubmed", RefType::kOther, 2000, "t", "Committed text.")).ok());
  ASSERT_TRUE(writer->Commit().ok());
  ASSERT_TRUE(writer->Put(Doc("pmid:2", "pubmed", RefType::kOther, 2000, "t", "Pending text.")).ok());
  auto reader = Open(Index::Mode::kReadOnly);
  EXPECT_TRUE(reader->Contains("pmid:1"));
  EXPECT_FALSE(reader->Contains("pmid:2"));
}

TEST_F(IndexTest, ReaderSeesAnotherWritersCommitAfterReopen) {
  auto writer = Open();
  ASSERT_TRUE(writer->Put(Doc("pmid:1", "pubmed", RefType::kOther, 2000, "t", "First text.")).ok());
  ASSERT_TRUE(writer->Commit().ok());
  auto reader = Open(Index::Mode::kReadOnly);
  ASSERT_TRUE(writer->Put(Doc("pmid:2", "pubmed", RefType::kOther, 2000, "t", "Second text.")).ok());
  ASSERT_TRUE(writer->Commit().ok());
  EXPECT_FALSE(reader->Contains("pmid:2"));
  auto changed = reader->Reopen();
  ASSERT_TRUE(changed.ok()) << changed.status().ToString();
  EXPECT_TRUE(*changed);
  EXPECT_TRUE(reader->Contains("pmid:2"));
  changed = reader->Reopen();
  ASSERT_TRUE(changed.ok());
  EXPECT_FALSE(*changed);
}

// Fetch keeps recently fetched documents parsed; a replaced document must never come back
// from that cache, for the writer or for a reader that caught up with the commit.
TEST_F(IndexTest, FetchNeverReturnsAReplacedDocument) {
  auto writer = Open();
  ASSERT_TRUE(writer->Put(Doc("pmid:1", "pubmed", RefType::kOther, 2020, "Old", "Old text about gout.")).ok());
  ASSERT_TRUE(writer->Commit().ok());
  auto reader = Open(Index::Mode::kReadOnly);
  ASSERT_EQ(writer->Fetch("pmid:1")->title, "Old");
  ASSERT_EQ(reader->Fetch("pmid:1")->title, "Old");
  ASSERT_TRUE(writer->Put(Doc("pmid:1", "pubmed", RefType::kOther, 2021, "New", "New text about gout.")).ok());
  ASSERT_TRUE(writer->Commit().ok());
  EXPECT_EQ(writer->Fetch("pmid:1")->title, "New");
  ASSERT_TRUE(reader->Reopen().ok());
  EXPECT_EQ(reader->Fetch("pmid:1")->title, "New");
  ASSERT_TRUE(writer->Delete("pmid:1").ok());
  ASSERT_TRUE(writer->Commit().ok());
  EXPECT_EQ(writer->Fetch("pmid:1").status().code(), Status::Code::kNotFound);
  ASSERT_TRUE(reader->Reopen().ok());
  EXPECT_EQ(reader->Fetch("pmid:1").status().code(), Status::Code::kNotFound);
}

TEST_F(IndexTest, SecondWriterIsBusy) {
  auto writer = Open();
  auto second = OpenIndex(dir_.string(), Index::Mode::kReadWrite);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), Status::Code::kBusy);
}

TEST_F(IndexTest, ReadOnlyOpenOfMissingIndexSaysHowToCreateOne) {
  auto index = OpenIndex((dir_ / "nope").string(), Index::Mode::kReadOnly);
  ASSERT_FALSE(index.ok());
  EXPECT_EQ(index.status().code(), Status::Code::kNotFound);
  EXPECT_NE(index.status().message().find("medoracle ingest"), std::string::npos);
}

TEST_F(IndexTest, VocabularyIsStoredAndExpandsQueries) {
  auto index = Open();
  ASSERT_TRUE(index->AddVocabulary({"hpo", "HP:0001658", "Myocardial infarction", {"Heart attack"}}).ok());
  ASSERT_TRUE(index->AddVocabulary({"doid", "DOID:10763", "hypertension", {"HTN"}}).ok());
  ASSERT_TRUE(index->Commit().ok());
  auto hpo = index->Vocabulary("hpo");
  ASSERT_TRUE(hpo.ok());
  ASSERT_EQ(hpo->size(), 1u);
  EXPECT_EQ((*hpo)[0].term, "Myocardial infarction");
  EXPECT_EQ((*hpo)[0].synonyms, std::vector<std::string>{"Heart attack"});
  auto all = index->Vocabulary("");
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 2u);
  auto stats = index->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->vocabulary_by_source["hpo"], 1u);
  EXPECT_EQ(stats->vocabulary_by_source["doid"], 1u);
}

TEST_F(IndexTest, TermsListPassageTermsWithTheirPassagesAndSamplesShowTheText) {
  auto index = Open();
  ASSERT_TRUE(index
                  ->Put(Doc("pmid:1", "pubmed", RefType::kReview, 2020, "Gout Treatment",
                            "Colchicine treats gout flares. Allopurinol prevents gout."))
                  .ok());
  ASSERT_TRUE(
      index->Put(Doc("pmid:2", "pubmed", RefType::kReview, 2021, "Asthma", "Asthma is treated with inhalers.")).ok());
  ASSERT_TRUE(index->Commit().ok());
  auto terms = index->Terms(1);
  ASSERT_TRUE(terms.ok()) << terms.status().ToString();
  std::map<std::string, uint64_t> got;
  for (const auto& t : *terms) got[t.term] = t.passages;
  EXPECT_EQ(got["gout"], 1u);  // stemmed passage terms, counted per passage
  EXPECT_EQ(got["treat"], 2u);
  EXPECT_EQ(got.count("Sgout"), 0u);  // no title, field or boolean terms
  EXPECT_EQ(got.count("XDpmid:1"), 0u);
  EXPECT_TRUE(std::is_sorted(terms->begin(), terms->end(),
                             [](const Index::TermCount& a, const Index::TermCount& b) { return a.term < b.term; }));
  auto frequent = index->Terms(2);
  ASSERT_TRUE(frequent.ok());
  ASSERT_EQ(frequent->size(), 1u);
  EXPECT_EQ((*frequent)[0].term, "treat");

  auto sample = index->SamplePassages(10);
  ASSERT_TRUE(sample.ok()) << sample.status().ToString();
  ASSERT_EQ(sample->size(), 2u);  // fewer passages than asked: all of them
  EXPECT_EQ((*sample)[0], "Colchicine treats gout flares. Allopurinol prevents gout.");
  EXPECT_EQ((*sample)[1], "Asthma is treated with inhalers.");
  sample = index->SamplePassages(1);
  ASSERT_TRUE(sample.ok());
  EXPECT_EQ(sample->size(), 1u);
}

TEST_F(IndexTest, StatsCountDocumentsBySourceAndType) {
  auto index = Open();
  ASSERT_TRUE(index->Put(Doc("ngc:1", "ngc", RefType::kGuideline, 2017, "a", "One. Two. Three.")).ok());
  ASSERT_TRUE(index->Put(Doc("pmid:2", "pubmed", RefType::kReview, 2010, "b", "Four.")).ok());
  ASSERT_TRUE(index->Put(Doc("pmid:3", "pubmed", RefType::kReview, 2011, "c", "Five.")).ok());
  ASSERT_TRUE(index->Commit().ok());
  auto stats = index->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->documents, 3u);
  EXPECT_EQ(stats->passages, 3u);
  EXPECT_EQ(stats->documents_by_source["pubmed"], 2u);
  EXPECT_EQ(stats->documents_by_type["guideline"], 1u);
  EXPECT_EQ(stats->documents_by_type["review"], 2u);
}

TEST_F(IndexTest, RejectsDocumentsWithoutIdOrText) {
  auto index = Open();
  EXPECT_EQ(index->Put(Document{}).code(), Status::Code::kInvalidArgument);
  Document no_text;
  no_text.id = "x:1";
  EXPECT_EQ(index->Put(no_text).code(), Status::Code::kInvalidArgument);
}

TEST_F(IndexTest, QuestionBankFindsSimilarQuestionsAndForgetsReplacedOnes) {
  auto index = Open();
  Document d = Doc("overview:lbp", "overview", RefType::kEditorialOverview, 2026, "Low back pain", "Stay active.");
  d.questions = {"What is the treatment for sciatica?", "When is an MRI needed for low back pain?"};
  ASSERT_TRUE(index->Put(d).ok());
  ASSERT_TRUE(index->Commit().ok());
  auto hits = index->SearchQuestions("mri for back pain", 5);
  ASSERT_TRUE(hits.ok()) << hits.status().ToString();
  ASSERT_FALSE(hits->empty());
  EXPECT_EQ((*hits)[0].question, "When is an MRI needed for low back pain?");
  EXPECT_EQ((*hits)[0].doc_id, "overview:lbp");
  EXPECT_EQ(index->Stats()->questions, 2u);

  d.questions = {"How is sciatica treated?"};
  ASSERT_TRUE(index->Put(d).ok());
  ASSERT_TRUE(index->Commit().ok());
  EXPECT_EQ(index->Stats()->questions, 1u);
  ASSERT_TRUE(index->Delete("overview:lbp").ok());
  ASSERT_TRUE(index->Commit().ok());
  EXPECT_EQ(index->Stats()->questions, 0u);
}

// SearchPassagesAndDocuments gives what the two searches give (the index fills both lists in one
// pass over the postings, skipping only what can enter neither: enough documents here for its
// skipping to start early).
TEST_F(IndexTest, PassagesAndDocumentsInOneCallAreTheTwoSearches) {
  auto index = Open();
  // Documents of one to six passages, with the query's words in different measure.
  for (int i = 0; i < 300; ++i) {
    Document d;
    d.id = "pmid:" + std::to_string(i);
    d.source = "pubmed";
    d.type = i % 3 == 0 ? RefType::kGuideline : RefType::kOther;
    d.year = 2000 + i;
    d.title = i % 4 == 0 ? "Gout flares" : "Joint disease";
    DocumentBuilder b(std::move(d));
    for (int k = 0; k <= i % 6; ++k) {
      std::string text = "Section " + std::to_string(k) + " of a study.";
      for (int w = 0; w < (i * 7 + k) % 5; ++w) text += " Colchicine treats gout flares.";
      if ((i + k) % 3 == 0) text += " Allopurinol lowers urate.";
      b.AddSection("Part " + std::to_string(k), text);
    }
    ASSERT_TRUE(index->Put(b.Finish()).ok());
  }
  ASSERT_TRUE(index->Commit().ok());
  auto same = [](const std::vector<PassageHit>& a, const std::vector<PassageHit>& b) {
    ASSERT_EQ(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(a[i].doc_id, b[i].doc_id) << i;
      EXPECT_EQ(a[i].text, b[i].text) << i;
      EXPECT_EQ(a[i].span.start, b[i].span.start) << i;
      EXPECT_EQ(a[i].type, b[i].type) << i;
      EXPECT_EQ(a[i].year, b[i].year) << i;
      EXPECT_DOUBLE_EQ(a[i].score, b[i].score) << i;
    }
  };
  for (const std::string query : {"gout flares colchicine", "allopurinol urate", "study", "nothing matches zzz"}) {
    for (size_t limit : {1, 3, 10, 50}) {
      for (size_t documents : {1, 5, 20, 60}) {
        SCOPED_TRACE(query + " limit " + std::to_string(limit) + " documents " + std::to_string(documents));
        SearchOptions options;
        options.limit = limit;
        auto both = index->SearchPassagesAndDocuments(query, options, documents);
        ASSERT_TRUE(both.ok()) << both.status().ToString();
        auto passages = index->Search(query, options);
        ASSERT_TRUE(passages.ok());
        same(both->passages, *passages);
        SearchOptions per_document = options;
        per_document.one_per_document = true;
        per_document.with_text = false;
        per_document.limit = documents;
        auto ranked = index->Search(query, per_document);
        ASSERT_TRUE(ranked.ok());
        same(both->documents, *ranked);
      }
    }
  }
}

// The composer reads hits through their documents: without text a hit still says where its
// passage is (before, segment hits without text had an empty span and answers lost every
// passage's sentences).
TEST_F(IndexTest, HitsWithoutTextKeepTheirSpans) {
  auto index = Open();
  for (int i = 0; i < 12; ++i) {
    Document d;
    d.id = "pmid:" + std::to_string(i);
    d.source = "pubmed";
    d.title = "Gout";
    DocumentBuilder b(std::move(d));
    b.AddSection("Background", "Joint pain has many causes.");
    for (int k = 0; k <= i % 3; ++k) b.AddSection("Treatment " + std::to_string(k), "Colchicine treats gout flares.");
    ASSERT_TRUE(index->Put(b.Finish()).ok());
  }
  ASSERT_TRUE(index->Commit().ok());
  SearchOptions options;
  options.limit = 20;
  auto with_text = index->Search("colchicine gout", options);
  options.with_text = false;
  auto without = index->Search("colchicine gout", options);
  ASSERT_TRUE(with_text.ok() && without.ok());
  ASSERT_EQ(with_text->size(), without->size());
  ASSERT_FALSE(without->empty());
  for (size_t i = 0; i < without->size(); ++i) {
    const PassageHit& a = (*with_text)[i];
    const PassageHit& b = (*without)[i];
    EXPECT_EQ(a.doc_id, b.doc_id);
    EXPECT_EQ(a.span.start, b.span.start) << a.doc_id;
    EXPECT_EQ(a.span.end, b.span.end) << a.doc_id;
    EXPECT_LT(b.span.start, b.span.end) << a.doc_id;
    EXPECT_TRUE(b.text.empty());
    EXPECT_EQ(a.text, "Colchicine treats gout flares.");
  }
}

}  // namespace
}  // namespace medoracle
