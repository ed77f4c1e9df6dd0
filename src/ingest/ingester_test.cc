// Tests for the ingester: idempotent reloads, replacement, deletion, reporting, merges.
#include "ingest/ingester.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>

#include "fixtures.h"

namespace medoracle {
namespace {

using testing::JsonlDoc;
using testing::PubmedArticle;
using testing::PubmedSet;
using testing::TempDir;
using testing::WriteFile;

class IngesterTest : public ::testing::Test {
 protected:
  std::unique_ptr<Index> OpenWritable() {
    auto index = OpenIndex(tmp_ / "index", Index::Mode::kReadWrite);
    EXPECT_TRUE(index.ok()) << index.status().ToString();
    return std::move(index).value();
  }
  IngestReport Run(Index& index, const std::vector<std::string>& paths, bool force = false) {
    IngestOptions options;
    options.force = force;
    auto report = Ingest(index, paths, options);
    EXPECT_TRUE(report.ok()) << report.status().ToString();
    return report.ok() ? *report : IngestReport{};
  }
  TempDir tmp_;
};

TEST_F(IngesterTest, LoadsAFolderAndReportsPerFormat) {
  WriteFile(tmp_ / "corpus/a.xml", PubmedSet(PubmedArticle("11", "Aspirin after stroke", "Aspirin helped.") +
                                             PubmedArticle("12", "Statins", "Statins lowered LDL.")));
  WriteFile(tmp_ / "corpus/own.jsonl", JsonlDoc("hosp:1", "Local protocol", "Give fluids early."));
  auto index = OpenWritable();
  IngestReport r = Run(*index, {tmp_ / "corpus"});
  EXPECT_EQ(r.documents, 3u);
  EXPECT_EQ(r.by_format["pubmed-xml"].documents, 2u);
  EXPECT_EQ(r.by_format["pubmed-xml"].files, 1u);
  EXPECT_EQ(r.by_format["medoracle-jsonl"].documents, 1u);
  EXPECT_TRUE(r.failed_files.empty());
  EXPECT_TRUE(index->Contains("pmid:11"));
  EXPECT_TRUE(index->Contains("hosp:1"));
}

TEST_F(IngesterTest, UnchangedFilesAreNotReadAgainAndForcedReloadMakesNoDuplicates) {
  WriteFile(tmp_ / "a.xml", PubmedSet(PubmedArticle("11", "Aspirin", "Aspirin helped.")));
  auto index = OpenWritable();
  Run(*index, {tmp_ / "a.xml"});
  IngestReport again = Run(*index, {tmp_ / "a.xml"});
  EXPECT_EQ(again.documents, 0u);
  ASSERT_EQ(again.unchanged_files.size(), 1u);
  IngestReport forced = Run(*index, {tmp_ / "a.xml"}, /*force=*/true);
  EXPECT_EQ(forced.documents, 1u);
  auto stats = index->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->documents, 1u);
  EXPECT_EQ(stats->passages, 1u);
}

TEST_F(IngesterTest, ANewVersionOfADocumentReplacesTheOld) {
  auto index = OpenWritable();
  WriteFile(tmp_ / "v1.xml", PubmedSet(PubmedArticle("11", "Aspirin", "Old finding about zebrafish.")));
  Run(*index, {tmp_ / "v1.xml"});
  WriteFile(tmp_ / "v2.xml", PubmedSet(PubmedArticle("11", "Aspirin", "New finding about mice.")));
  Run(*index, {tmp_ / "v2.xml"});
  auto doc = index->Fetch("pmid:11");
  ASSERT_TRUE(doc.ok());
  EXPECT_NE(doc->text.find("mice"), std::string::npos);
  auto old_hits = index->Search("zebrafish", {});
  ASSERT_TRUE(old_hits.ok());
  EXPECT_TRUE(old_hits->empty());
}

TEST_F(IngesterTest, DeleteCitationRemovesTheDocument) {
  auto index = OpenWritable();
  WriteFile(tmp_ / "base.xml", PubmedSet(PubmedArticle("11", "A", "Text one.") + PubmedArticle("12", "B", "Text two.")));
  Run(*index, {tmp_ / "base.xml"});
  WriteFile(tmp_ / "update.xml", PubmedSet("", "<PMID Version=\"1\">11</PMID><PMID Version=\"1\">999</PMID>"));
  IngestReport r = Run(*index, {tmp_ / "update.xml"});
  EXPECT_EQ(r.deletions, 2u);  // deleting a never-loaded PMID is not an error
  EXPECT_FALSE(index->Contains("pmid:11"));
  EXPECT_TRUE(index->Contains("pmid:12"));
}

TEST_F(IngesterTest, UnknownFilesAreFailedWhenNamedAndIgnoredInFolders) {
  WriteFile(tmp_ / "dir/notes.txt", "just some notes\n");
  WriteFile(tmp_ / "dir/a.xml", PubmedSet(PubmedArticle("11", "A", "Text one.")));
  auto index = OpenWritable();
  IngestReport r = Run(*index, {tmp_ / "dir", tmp_ / "dir/notes.txt", tmp_ / "missing.xml"});
  ASSERT_EQ(r.ignored_files.size(), 1u);
  EXPECT_NE(r.ignored_files[0].find("notes.txt"), std::string::npos);
  ASSERT_EQ(r.failed_files.size(), 2u);
  EXPECT_NE(r.failed_files[0].file.find("missing.xml"), std::string::npos);
  EXPECT_EQ(r.failed_files[0].reason, "no such file or directory");
  EXPECT_NE(r.failed_files[1].reason.find("not a recognised corpus format"), std::string::npos);
  EXPECT_EQ(r.documents, 1u);
}

TEST_F(IngesterTest, BioasqSnippetsOfOnePmidAreMergedAcrossFiles) {
  auto bioasq = [](const std::string& question, const std::string& snippet) {
    return "{\"questions\": [{\"body\": \"" + question + "\", \"id\": \"q\", \"type\": \"factoid\", "
           "\"documents\": [\"http://www.ncbi.nlm.nih.gov/pubmed/555\"], \"ideal_answer\": [\"x\"], "
           "\"snippets\": [{\"text\": \"" + snippet + "\", \"document\": \"http://www.ncbi.nlm.nih.gov/pubmed/555\", "
           "\"beginSection\": \"abstract\", \"endSection\": \"abstract\", \"offsetInBeginSection\": 0, "
           "\"offsetInEndSection\": 10}]}]}";
  };
  WriteFile(tmp_ / "1_golden.json", bioasq("What is A?", "Snippet about A."));
  WriteFile(tmp_ / "2_golden.json", bioasq("What is B?", "Snippet about B."));
  auto index = OpenWritable();
  Run(*index, {tmp_ / "1_golden.json", tmp_ / "2_golden.json"});
  auto doc = index->Fetch("pmid:555");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  EXPECT_NE(doc->text.find("Snippet about A."), std::string::npos);
  EXPECT_NE(doc->text.find("Snippet about B."), std::string::npos);
  EXPECT_EQ(doc->sentences.size(), 2u);
}

// A drug label (one set_id) in two files: the later effective version stays, whichever file
// is read last, and the older one is reported as skipped with both dates.
TEST_F(IngesterTest, TheNewerVersionOfADrugLabelWinsAcrossFiles) {
  auto label = [](const std::string& effective, const std::string& dose) {
    return "{\"set_id\": \"d0d0d0d0-0000-4000-8000-000000000001\", \"version\": \"1\", \"effective_time\": \"" +
           effective + "\", \"openfda\": {\"brand_name\": [\"Fixturol\"], \"generic_name\": [\"FIXTUROLAN\"]}, "
           "\"dosage_and_administration\": [\"2 DOSAGE AND ADMINISTRATION The fixture dose is " + dose +
           " once daily.\"]}\n";
  };
  WriteFile(tmp_ / "1_new.jsonl", label("20240301", "10 mg"));
  WriteFile(tmp_ / "2_old.jsonl", label("20210101", "5 mg"));
  auto index = OpenWritable();
  const IngestReport report = Run(*index, {tmp_ / "1_new.jsonl", tmp_ / "2_old.jsonl"});
  auto doc = index->Fetch("fda:d0d0d0d0-0000-4000-8000-000000000001");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  EXPECT_NE(doc->text.find("10 mg"), std::string::npos);
  EXPECT_EQ(doc->text.find("5 mg"), std::string::npos);
  bool reported = false;
  for (const auto& skip : report.skipped_records) {
    reported = reported || (skip.reason.find("older than the version already loaded") != std::string::npos &&
                            skip.reason.find("2024-03-01") != std::string::npos);
  }
  EXPECT_TRUE(reported);
  // A newer file read later replaces it.
  WriteFile(tmp_ / "3_newest.jsonl", label("20250101", "20 mg"));
  Run(*index, {tmp_ / "3_newest.jsonl"});
  auto newest = index->Fetch("fda:d0d0d0d0-0000-4000-8000-000000000001");
  ASSERT_TRUE(newest.ok());
  EXPECT_NE(newest->text.find("20 mg"), std::string::npos);
}

// Issue 17: a 1 MB gzip file inflated to 2.1 GB and the process died, loading nothing, and the
// valid file beside it never got in. Now the file over the limit fails with the reason and the
// others load.
TEST_F(IngesterTest, AGzipBombKilledTheIngest_NowItFailsAloneAndTheOthersLoad) {
  const std::string bomb = tmp_ / "corpus/bomb.jsonl.gz";
  std::filesystem::create_directories(tmp_ / "corpus");
  gzFile gz = gzopen(bomb.c_str(), "wb9");
  ASSERT_NE(gz, nullptr);
  const std::string zeros(1 << 20, ' ');
  for (int i = 0; i < 8; ++i) ASSERT_GT(gzwrite(gz, zeros.data(), static_cast<unsigned>(zeros.size())), 0);
  ASSERT_EQ(gzclose(gz), Z_OK);
  WriteFile(tmp_ / "corpus/own.jsonl", JsonlDoc("hosp:1", "Local protocol", "Give fluids early."));
  auto index = OpenWritable();
  IngestOptions options;
  options.max_file_bytes = 4 << 20;
  auto report = Ingest(*index, {tmp_ / "corpus"}, options);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ(report->failed_files.size(), 1u);
  EXPECT_EQ(report->failed_files[0].file, bomb);
  EXPECT_NE(report->failed_files[0].reason.find("more than 4 MB once decompressed"), std::string::npos)
      << report->failed_files[0].reason;
  EXPECT_TRUE(index->Fetch("hosp:1").ok());
}

// Issue 17: one 200 MB record made every question that retrieved it take 18-23 s. A record over
// the limits is skipped with the reason; the file's other records load.
TEST_F(IngesterTest, AHugeRecordSlowedEveryQuestion_NowItIsSkipped) {
  std::string text;
  for (int i = 0; i < 3000; ++i) text += "Sentence number " + std::to_string(i) + " of a very long record. ";
  WriteFile(tmp_ / "corpus/docs.jsonl",
            JsonlDoc("hosp:huge", "Huge", text) + JsonlDoc("hosp:small", "Small", "Give fluids early."));
  auto index = OpenWritable();
  IngestOptions options;
  options.max_sentences = 1000;
  auto report = Ingest(*index, {tmp_ / "corpus"}, options);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_EQ(report->skipped_records.size(), 1u);
  EXPECT_EQ(report->skipped_records[0].record, "hosp:huge");
  EXPECT_NE(report->skipped_records[0].reason.find("3000 sentences, over the limit of 1000"), std::string::npos)
      << report->skipped_records[0].reason;
  EXPECT_FALSE(index->Fetch("hosp:huge").ok());
  EXPECT_TRUE(index->Fetch("hosp:small").ok());
}

TEST_F(IngesterTest, ProgressIsReportedForEveryFile) {
  for (int i = 0; i < 3; ++i) {
    WriteFile(tmp_ / ("d/" + std::to_string(i) + ".xml"), PubmedSet(PubmedArticle(std::to_string(100 + i), "T", "X.")));
  }
  auto index = OpenWritable();
  std::vector<size_t> seen;
  IngestOptions options;
  options.on_progress = [&seen](const IngestProgress& p) { seen.push_back(p.files_done); };
  ASSERT_TRUE(Ingest(*index, {tmp_ / "d"}, options).ok());
  EXPECT_EQ(seen, (std::vector<size_t>{1, 2, 3}));
}

}  // namespace
}  // namespace medoracle
