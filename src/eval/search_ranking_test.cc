// Ranking behaviour of Index::Search that the benchmarks rely on: no query syntax, title
// weighting, document evidence, one hit per document, the evidence preference, filters.
#include <gtest/gtest.h>

#include "corpus/document.h"
#include "fixtures.h"
#include "index/index.h"

namespace medoracle {
namespace {

Document Doc(const std::string& id, const std::string& title, const std::vector<std::string>& sentences,
             RefType type = RefType::kOther, int year = 2020) {
  Document d;
  d.id = id;
  d.source = "test";
  d.type = type;
  d.title = title;
  d.year = year;
  DocumentBuilder b(std::move(d));
  b.AddSplitSection("Abstract", sentences);
  return b.Finish();
}

// Filler sentences so documents have several passages (passages hold up to 4 sentences).
std::vector<std::string> With(std::vector<std::string> first, size_t filler) {
  for (size_t i = 0; i < filler; ++i) {
    first.push_back("Unrelated filler sentence number " + std::to_string(i) + " here.");
  }
  return first;
}

class SearchRankingTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto index = OpenIndex(dir_ / "index", Index::Mode::kReadWrite);
    ASSERT_TRUE(index.ok()) << index.status().ToString();
    index_ = std::move(*index);
  }
  void Add(const Document& d) { ASSERT_TRUE(index_->Put(d).ok()); }
  std::vector<std::string> Ids(const std::string& query, const SearchOptions& options) {
    auto hits = index_->Search(query, options);
    EXPECT_TRUE(hits.ok()) << hits.status().ToString();
    std::vector<std::string> ids;
    if (hits.ok()) {
      for (const auto& h : *hits) ids.push_back(h.doc_id);
    }
    return ids;
  }
  testing::TempDir dir_;
  std::unique_ptr<Index> index_;
};

TEST_F(SearchRankingTest, QueryTextIsWordsNotSyntax) {
  Add(Doc("t:1", "Interleukin 6", {"IL-6 (interleukin 6) levels rise in sepsis: a cohort \"study\"."}));
  ASSERT_TRUE(index_->Commit().ok());
  SearchOptions o;
  for (const std::string q :
       {"IL-6 (interleukin) AND \"sepsis\" -cohort", "title:sepsis OR", "NEAR/3 sepsis*"}) {
    auto hits = index_->Search(q, o);
    ASSERT_TRUE(hits.ok()) << q << ": " << hits.status().ToString();
    ASSERT_EQ(hits->size(), 1u) << q;
    EXPECT_EQ((*hits)[0].doc_id, "t:1");
  }
  EXPECT_TRUE(index_->Search("?! ... ((", o)->empty());
}

TEST_F(SearchRankingTest, TitleMatchesCountAtTitleWeight) {
  Add(Doc("t:title", "Statins and myopathy", {"Muscle symptoms were recorded in the trial."}));
  Add(Doc("t:body", "A cohort of outpatients", {"Statins and myopathy were recorded in the trial."}));
  ASSERT_TRUE(index_->Commit().ok());
  SearchOptions o;
  o.document_weight = 0;
  o.title_weight = 0;
  EXPECT_EQ(Ids("statins myopathy", o), std::vector<std::string>{"t:body"});
  o.title_weight = 2;
  EXPECT_EQ(Ids("statins myopathy", o), (std::vector<std::string>{"t:title", "t:body"}));
}

TEST_F(SearchRankingTest, DocumentEvidenceFavoursDocumentsAboutTheQuery) {
  // Same best passage; t:about mentions the topic again in a later passage.
  Add(Doc("t:about", "", With({"Vitamin D lowers fracture risk in older adults."}, 4)));
  Add(Doc("t:about2", "", [] {
    auto s = With({"Vitamin D lowers fracture risk in older adults."}, 4);
    s.push_back("Vitamin D supplements and fracture outcomes were followed up.");
    return s;
  }()));
  ASSERT_TRUE(index_->Commit().ok());
  SearchOptions o;
  o.one_per_document = true;
  o.title_weight = 0;
  o.document_weight = 3;
  const auto ids = Ids("vitamin D fracture", o);
  ASSERT_EQ(ids.size(), 2u);  // one hit per document
  EXPECT_EQ(ids[0], "t:about2");
  auto hits = index_->Search("vitamin D fracture", o);
  EXPECT_GT((*hits)[0].score, (*hits)[0].bm25);
}

TEST_F(SearchRankingTest, CloseScoresPreferHigherEvidence) {
  Add(Doc("t:other", "", {"Exercise therapy reduces chronic low back pain."}, RefType::kOther));
  Add(Doc("t:guideline", "", {"Exercise therapy reduces chronic low back pain."}, RefType::kGuideline));
  ASSERT_TRUE(index_->Commit().ok());
  SearchOptions o;
  o.evidence_boost = 0;
  o.document_weight = 0;
  EXPECT_EQ(Ids("exercise low back pain", o)[0], "t:other");  // equal scores: index order
  o.evidence_boost = 0.05;
  EXPECT_EQ(Ids("exercise low back pain", o)[0], "t:guideline");
}

TEST_F(SearchRankingTest, FiltersAndTextlessHits) {
  Add(Doc("t:old", "", {"Aspirin for primary prevention."}, RefType::kReview, 1999));
  Add(Doc("t:new", "", {"Aspirin for primary prevention."}, RefType::kRandomizedTrial, 2019));
  ASSERT_TRUE(index_->Commit().ok());
  SearchOptions o;
  o.min_year = 2000;
  EXPECT_EQ(Ids("aspirin", o), std::vector<std::string>{"t:new"});
  o.min_year = 0;
  o.types = {RefType::kReview};
  EXPECT_EQ(Ids("aspirin", o), std::vector<std::string>{"t:old"});
  o.types.clear();
  o.with_text = false;
  auto hits = index_->Search("aspirin", o);
  ASSERT_EQ(hits->size(), 2u);
  EXPECT_TRUE((*hits)[0].text.empty());
  EXPECT_EQ((*hits)[0].year == 2019 ? (*hits)[0].type : RefType::kRandomizedTrial, RefType::kRandomizedTrial);
  o.with_text = true;
  hits = index_->Search("aspirin", o);
  EXPECT_EQ((*hits)[0].text, "Aspirin for primary prevention.");
}

TEST_F(SearchRankingTest, WeightedTermsReplaceTheQueryText) {
  Add(Doc("t:mi", "", {"Myocardial infarction outcomes."}));
  Add(Doc("t:ha", "", {"Heart attack outcomes."}));
  ASSERT_TRUE(index_->Commit().ok());
  SearchOptions o;
  o.terms = {{"heart", 1}, {"attack", 1}, {"myocardi", 0.3}, {"infarct", 0.3}};
  EXPECT_EQ(Ids("ignored when terms are given", o), (std::vector<std::string>{"t:ha", "t:mi"}));
}

}  // namespace
}  // namespace medoracle
