// Tests for stale flags after an ingest (changed or deleted cited text, new evidence, identical
// re-ingests), and the review command line end to end: users, the queue, stale flags at ingest,
// backup and restore.
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "answer/composer.h"
#include "review/review_fixture.h"
#include "review/workflow.h"

namespace medoracle::review {
namespace {

using nlohmann::json;
using store::ReviewStatus;
using testing::BaseCorpus;
using testing::Doc;
using testing::kGoutQuestion;
using testing::ReviewTest;
using testing::TempDir;

const store::Actor kIngest{"cli:test", ""};

bool Cites(const std::string& answer_json, const std::string& doc_id) {
  const json j = json::parse(answer_json);
  for (const json& r : j["references"]) {
    if (r["id"] == doc_id) return true;
  }
  return false;
}

class StalenessTest : public ReviewTest {
 protected:
  // Approves the gout answer, which must cite the guideline.
  void SetUp() override {
    ReviewTest::SetUp();
    id_ = AskAndApprove(kGoutQuestion);
    auto v1 = store_->GetVersion(id_, 1);
    ASSERT_TRUE(v1.ok()) << v1.status().ToString();
    ASSERT_TRUE(Cites(v1->json, "test:gl-gout")) << v1->json;
  }

  StalenessReport Flag(const std::vector<std::string>& changed) {
    auto report = FlagStaleAnswers(*store_, *index_, changed, kIngest);
    EXPECT_TRUE(report.ok()) << report.status().ToString();
    return report.ok() ? *report : StalenessReport{};
  }

  store::AnswerRecord Record() {
    auto record = store_->GetAnswer(id_);
    EXPECT_TRUE(record.ok()) << record.status().ToString();
    return record.ok() ? *record : store::AnswerRecord{};
  }

  std::string id_;
};

TEST_F(StalenessTest, ChangedCitedTextFlagsTheAnswerAndUnpinsIt) {
  const std::vector<std::string> changed = IngestFile(
      "changed.jsonl", Doc("test:gl-gout", "guideline", "Test guideline on gout flares",
                           "We now recommend NSAIDs alone as first-line treatment of gout flares in adults. "
                           "Low-dose colchicine treats a gout flare as well as high-dose colchicine."));
  EXPECT_EQ(changed, std::vector<std::string>{"test:gl-gout"});
  const StalenessReport report = Flag(changed);
  EXPECT_EQ(report.checked, 1u);
  ASSERT_EQ(report.stale.size(), 1u);
  EXPECT_EQ(report.stale[0].first, id_);
  EXPECT_NE(report.stale[0].second.find("cited test:gl-gout changed at "), std::string::npos)
      << report.stale[0].second;
  const store::AnswerRecord record = Record();
  EXPECT_TRUE(record.stale);
  EXPECT_EQ(record.status, ReviewStatus::kSubmitted);
  EXPECT_EQ(record.stale_reason, report.stale[0].second);
  auto served = Ask(kGoutQuestion);
  ASSERT_TRUE(served.ok()) << served.status().ToString();
  EXPECT_FALSE(served->pinned);
  EXPECT_EQ(json::parse(served->json)["review"]["stale"], true);
}

TEST_F(StalenessTest, IdenticalReingestChangesNothing) {
  const std::vector<std::string> changed = IngestFile("again.jsonl", BaseCorpus());
  EXPECT_EQ(changed.size(), 3u);
  const StalenessReport report = Flag(changed);
  EXPECT_EQ(report.checked, 1u);
  EXPECT_TRUE(report.stale.empty()) << report.stale[0].second;
  EXPECT_EQ(Record().status, ReviewStatus::kApproved);
  auto served = Ask(kGoutQuestion);
  ASSERT_TRUE(served.ok());
  EXPECT_TRUE(served->pinned);
}

TEST_F(ReviewTest, IngestReportsPutsAndDeletionsButNotDeletionsOfAbsentDocuments) {
  using medoracle::testing::PubmedArticle;
  using medoracle::testing::PubmedSet;
  EXPECT_EQ(IngestFile("a.xml", PubmedSet(PubmedArticle("11", "A", "Text one."))),
            std::vector<std::string>{"pmid:11"});
  EXPECT_EQ(
      IngestFile("update.xml", PubmedSet("", "<PMID Version=\"1\">11</PMID><PMID Version=\"1\">999</PMID>")),
      std::vector<std::string>{"pmid:11"});
  EXPECT_FALSE(index_->Contains("pmid:11"));
}

TEST_F(StalenessTest, DeletedCitedDocumentFlagsTheAnswer) {
  ASSERT_TRUE(index_->Delete("test:gl-gout").ok());
  ASSERT_TRUE(index_->Commit().ok());
  const StalenessReport report = Flag({"test:gl-gout"});
  ASSERT_EQ(report.stale.size(), 1u);
  EXPECT_EQ(report.stale[0].second, "cited test:gl-gout was deleted");
}

TEST_F(StalenessTest, NewEvidenceThatWouldNowBeCitedFlagsTheAnswer) {
  const std::vector<std::string> changed = IngestFile(
      "new.jsonl", Doc("test:gl-new", "guideline", "Treatment of gout flares: 2026 guideline",
                       "Treatment of gout flares should start within 24 hours with colchicine, an NSAID "
                       "or a glucocorticoid. Treatment of gout flares with ice packs adds pain relief."));
  ASSERT_EQ(changed, std::vector<std::string>{"test:gl-new"});
  AskOptions options;
  auto recomposed = ComposeAnswer(*index_, kGoutQuestion, options);
  ASSERT_TRUE(recomposed.ok());
  bool cites_new = false;
  for (const Reference& r : recomposed->references) cites_new |= r.id == "test:gl-new";
  ASSERT_TRUE(cites_new) << "the test needs a document the recomposition cites";

  const StalenessReport report = Flag(changed);
  ASSERT_EQ(report.stale.size(), 1u);
  EXPECT_EQ(report.stale[0].second, "new evidence test:gl-new would now be cited");
  EXPECT_TRUE(Record().stale);
}

TEST_F(StalenessTest, StatementsAnEditorRemovedAreNotNewEvidence) {
  auto v1 = store_->GetVersion(id_, 1);
  ASSERT_TRUE(v1.ok());
  // Keep the bottom line alone; everything else (whatever it cites) is removed.
  AnswerEdit edit;
  edit.base_version = 1;
  auto edited = EditAnswer(*store_, id_, edit, editor_);
  ASSERT_TRUE(edited.ok()) << edited.status().ToString();
  ASSERT_TRUE(
      SetReviewStatus(*store_, id_, ReviewStatus::kUnderReview, ReviewStatus::kApproved, 2, "", editor_)
          .ok());
  const std::vector<std::string> changed = IngestFile("again.jsonl", BaseCorpus());
  const StalenessReport report = Flag(changed);
  EXPECT_EQ(report.checked, 1u);
  EXPECT_TRUE(report.stale.empty()) << report.stale[0].second;
}

TEST_F(StalenessTest, OnlyApprovedAnswersAreChecked) {
  ASSERT_TRUE(
      SetReviewStatus(*store_, id_, ReviewStatus::kApproved, ReviewStatus::kUnderReview, 0, "", editor_)
          .ok());
  const std::vector<std::string> changed = IngestFile(
      "changed.jsonl",
      Doc("test:gl-gout", "guideline", "Test guideline on gout flares", "Gout flares: see elsewhere."));
  const StalenessReport report = Flag(changed);
  EXPECT_EQ(report.checked, 0u);
  EXPECT_TRUE(report.stale.empty());
  EXPECT_FALSE(Record().stale);
}

// --- the command line, end to end ----------------------------------------------------------

struct Output {
  int code = -1;
  std::string text;  // stdout and stderr
};

// Runs medoracle with args (and stdin_text on its standard input).
Output Medoracle(const std::string& args, const std::string& stdin_text = "") {
  const std::string input = stdin_text.empty() ? "</dev/null" : "<<'EOF'\n" + stdin_text + "\nEOF";
  const std::string command = std::string(MEDORACLE_BINARY) + " " + args + " 2>&1 " + input;
  Output out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  char buf[4096];
  for (size_t n; (n = std::fread(buf, 1, sizeof(buf), pipe)) > 0;) out.text.append(buf, n);
  const int status = pclose(pipe);
  out.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return out;
}

bool Has(const Output& out, const std::string& text) { return out.text.find(text) != std::string::npos; }

TEST(ReviewCliTest, UsersQueueStaleFlagsBackupAndRestore) {
  TempDir dir;
  const std::string base = "--index " + (dir / "index") + " --db " + (dir / "app.db") + " ";
  medoracle::testing::WriteFile(dir / "corpus/base.jsonl", BaseCorpus());
  Output out = Medoracle(base + "ingest -q " + (dir / "corpus"));
  ASSERT_EQ(out.code, 0) << out.text;
  EXPECT_FALSE(Has(out, "flagged stale")) << "no store yet: " << out.text;

  out = Medoracle(base + "user add ann --role editor", "too short");
  EXPECT_EQ(out.code, 2) << out.text;
  EXPECT_TRUE(Has(out, "10")) << out.text;
  out = Medoracle(base + "user add ann --role editor", "correct horse battery");
  ASSERT_EQ(out.code, 0) << out.text;
  EXPECT_TRUE(Has(out, "Added user ann (editor)")) << out.text;
  out = Medoracle(base + "user add ann --role admin", "correct horse battery");
  EXPECT_EQ(out.code, 2) << out.text;
  out = Medoracle(base + "user list");
  EXPECT_EQ(out.code, 0) << out.text;
  EXPECT_TRUE(Has(out, "ann") && Has(out, "editor")) << out.text;

  // An answer asked through the library, as the server does.
  std::string id;
  {
    auto index = OpenIndex(dir / "index", Index::Mode::kReadOnly);
    ASSERT_TRUE(index.ok());
    auto db = store::OpenSqliteStore(dir / "app.db");
    ASSERT_TRUE(db.ok());
    auto served = AnswerQuestion(**db, **index, kGoutQuestion, kGoutQuestion, AskOptions{}, {});
    ASSERT_TRUE(served.ok()) << served.status().ToString();
    ASSERT_TRUE(Cites(served->json, "test:gl-gout"));
    id = served->record.id;
  }
  out = Medoracle(base + "review list");
  EXPECT_EQ(out.code, 0) << out.text;
  EXPECT_TRUE(Has(out, id) && Has(out, "submitted") && Has(out, kGoutQuestion)) << out.text;

  out = Medoracle(base + "review set " + id + " approved");
  EXPECT_EQ(out.code, 2) << out.text;
  EXPECT_TRUE(Has(out, "answer " + id + ": cannot approve: status is submitted; start the review first"))
      << out.text;
  out = Medoracle(base + "review set " + id + " under_review");
  EXPECT_EQ(out.code, 0) << out.text;
  out = Medoracle(base + "review set " + id + " approved --comment 'checked against the guideline'");
  EXPECT_EQ(out.code, 0) << out.text;
  EXPECT_TRUE(Has(out, "under_review -> approved (version 1)")) << out.text;
  out = Medoracle(base + "review list --status approved");
  EXPECT_TRUE(Has(out, id)) << out.text;
  out = Medoracle(base + "review show " + id);
  EXPECT_EQ(out.code, 0) << out.text;
  EXPECT_TRUE(Has(out, "BOTTOM LINE") && Has(out, "version 1 approved") && Has(out, "by cli:")) << out.text;
  EXPECT_TRUE(Has(out, "checked against the guideline")) << out.text;
  out = Medoracle(base + "review show 0000000000000000");
  EXPECT_EQ(out.code, 1) << out.text;

  // A new version of the cited guideline.
  medoracle::testing::WriteFile(
      dir / "update/gl.jsonl",
      Doc("test:gl-gout", "guideline", "Test guideline on gout flares",
          "We now recommend NSAIDs alone as first-line treatment of gout flares in adults."));
  out = Medoracle(base + "ingest -q " + (dir / "update"));
  EXPECT_EQ(out.code, 0) << out.text;
  EXPECT_TRUE(Has(out, "1 approved answers flagged stale")) << out.text;
  EXPECT_TRUE(Has(out, id + ": cited test:gl-gout changed at")) << out.text;
  out = Medoracle(base + "review list --stale");
  EXPECT_TRUE(Has(out, id) && Has(out, "stale")) << out.text;

  // Backup, a change, restore: the change is gone.
  out = Medoracle(base + "backup " + (dir / "backup.db"));
  ASSERT_EQ(out.code, 0) << out.text;
  ASSERT_TRUE(std::filesystem::exists(dir / "backup.db"));
  ASSERT_EQ(Medoracle(base + "user add bob --role reader", "another good password").code, 0);
  medoracle::testing::WriteFile(dir / "garbage.db", "not a database");
  out = Medoracle(base + "restore " + (dir / "garbage.db"));
  EXPECT_EQ(out.code, 2) << out.text;
  EXPECT_TRUE(Has(Medoracle(base + "user list"), "bob")) << "a bad backup replaced the store";
  out = Medoracle(base + "restore " + (dir / "backup.db"));
  EXPECT_EQ(out.code, 0) << out.text;
  out = Medoracle(base + "user list");
  EXPECT_TRUE(Has(out, "ann")) << out.text;
  EXPECT_FALSE(Has(out, "bob")) << out.text;
  out = Medoracle(base + "review list --stale");
  EXPECT_TRUE(Has(out, id)) << out.text;
}

}  // namespace
}  // namespace medoracle::review
