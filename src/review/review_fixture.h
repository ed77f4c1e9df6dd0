// Shared by the review tests: a small generated corpus ingested into an index, and a store, in a temp folder.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "fixtures.h"
#include "index/index.h"
#include "ingest/ingester.h"
#include "review/workflow.h"
#include "store/store.h"

namespace medoracle::review::testing {

using medoracle::testing::TempDir;
using medoracle::testing::WriteFile;

// One document of medoracle's JSONL format with one section.
inline std::string Doc(const std::string& id, const std::string& type, const std::string& title,
                       const std::string& text) {
  nlohmann::json j = {{"id", id}, {"type", type}, {"title", title}, {"year", 2020}, {"venue", "Test body"}};
  j["sections"] = nlohmann::json::array({{{"label", "Recommendations"}, {"text", text}}});
  return j.dump() + "\n";
}

inline constexpr char kGuidelineText[] =
    "We recommend colchicine, NSAIDs or glucocorticoids as first-line treatment of gout flares. "
    "Low-dose colchicine treats a gout flare as well as high-dose colchicine with fewer side effects.";

// The guideline the gout answer cites, the trial, and an unrelated review.
inline std::string BaseCorpus(const std::string& guideline_text = kGuidelineText) {
  return Doc("test:gl-gout", "guideline", "Test guideline on gout flares", guideline_text) +
         Doc("test:rct-gout", "randomized_trial", "Prednisolone versus NSAIDs in gout flares",
             "Oral prednisolone and NSAIDs relieved gout flare pain equally in a randomised trial.") +
         Doc("test:dx-asthma", "review", "Asthma diagnosis", "Spirometry confirms the diagnosis of asthma.");
}

inline constexpr char kGoutQuestion[] = "What is the treatment of gout flares?";

// An index of BaseCorpus() and an empty store, opened for the whole test.
class ReviewTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto index = OpenIndex(dir_ / "index", Index::Mode::kReadWrite);
    ASSERT_TRUE(index.ok()) << index.status().ToString();
    index_ = std::move(index).value();
    auto db = store::OpenSqliteStore(dir_ / "store.db");
    ASSERT_TRUE(db.ok()) << db.status().ToString();
    store_ = std::move(db).value();
    IngestFile("base.jsonl", BaseCorpus());
  }

  // Writes content to dir/corpus/name and ingests that file; returns the ids the ingest reported
  // changed.
  std::vector<std::string> IngestFile(const std::string& name, const std::string& content) {
    const std::string path = dir_ / ("corpus/" + name);
    WriteFile(path, content);
    std::set<std::string> changed;
    IngestOptions options;
    options.force = true;
    options.on_document_changed = [&changed](const std::string& id) { changed.insert(id); };
    auto report = Ingest(*index_, {path}, options);
    EXPECT_TRUE(report.ok()) << report.status().ToString();
    if (report.ok()) {
      EXPECT_TRUE(report->failed_files.empty()) << report->failed_files[0].reason;
    }
    return {changed.begin(), changed.end()};
  }

  StatusOr<Served> Ask(const std::string& question, const std::string& audience = "clinician") {
    AskOptions options;
    options.audience = audience;
    return AnswerQuestion(*store_, *index_, question, question, options, editor_);
  }

  // Asks question and approves the answer's first version; returns the answer id.
  std::string AskAndApprove(const std::string& question) {
    auto served = Ask(question);
    EXPECT_TRUE(served.ok()) << served.status().ToString();
    if (!served.ok()) return "";
    const std::string id = served->record.id;
    auto review = SetReviewStatus(*store_, id, store::ReviewStatus::kSubmitted,
                                  store::ReviewStatus::kUnderReview, 0, "", editor_);
    EXPECT_TRUE(review.ok()) << review.status().ToString();
    auto approved = SetReviewStatus(*store_, id, store::ReviewStatus::kUnderReview,
                                    store::ReviewStatus::kApproved, 0, "", editor_);
    EXPECT_TRUE(approved.ok()) << approved.status().ToString();
    return id;
  }

  TempDir dir_;
  std::unique_ptr<Index> index_;
  std::unique_ptr<store::Store> store_;
  store::Actor editor_{"ann", "127.0.0.1"};
};

}  // namespace medoracle::review::testing
