// Bad input never damages the index: each kind of broken file gets a clear error naming
// the file (and record), the rest of the run is loaded, and what was loaded before stays.
#include <gtest/gtest.h>
#include <zlib.h>

#include "fixtures.h"
#include "ingest/ingester.h"

namespace medoracle {
namespace {

using testing::Gzip;
using testing::PubmedArticle;
using testing::PubmedSet;
using testing::TempDir;
using testing::WriteFile;

class BadInputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto index = OpenIndex(tmp_ / "index", Index::Mode::kReadWrite);
    ASSERT_TRUE(index.ok()) << index.status().ToString();
    index_ = std::move(index).value();
    // Something loaded before the bad input arrives.
    WriteFile(tmp_ / "good/base.xml", PubmedSet(PubmedArticle("1", "Baseline record", "Baseline text stays.")));
    IngestReport r = Ingest({tmp_ / "good/base.xml"});
    ASSERT_EQ(r.documents, 1u);
  }

  IngestReport Ingest(const std::vector<std::string>& paths) {
    auto report = medoracle::Ingest(*index_, paths, IngestOptions{});
    EXPECT_TRUE(report.ok()) << report.status().ToString();
    return report.ok() ? *report : IngestReport{};
  }

  // The baseline document is intact and a good file in the same run was loaded.
  void ExpectIndexIntact() {
    auto doc = index_->Fetch("pmid:1");
    ASSERT_TRUE(doc.ok()) << doc.status().ToString();
    EXPECT_EQ(doc->Slice(doc->sentences.at(0)), "Baseline text stays.");
    EXPECT_TRUE(index_->Contains("pmid:2"));
  }

  // Runs the bad file together with a good one; returns the failure for the bad file.
  SkippedRecord IngestExpectingFailure(const std::string& bad_path) {
    WriteFile(tmp_ / "good/next.xml", PubmedSet(PubmedArticle("2", "Next", "Loaded in the same run.")));
    IngestReport r = Ingest({bad_path, tmp_ / "good/next.xml"});
    EXPECT_EQ(r.failed_files.size(), 1u);
    ExpectIndexIntact();
    return r.failed_files.empty() ? SkippedRecord{} : r.failed_files[0];
  }

  TempDir tmp_;
  std::unique_ptr<Index> index_;
};

TEST_F(BadInputTest, MalformedXmlNamesTheFile) {
  WriteFile(tmp_ / "bad.xml", "<?xml version=\"1.0\"?>\n<PubmedArticleSet><PubmedArticle><MedlineCitation>"
                              "<PMID>9</PMID></Article></PubmedArticleSet>");
  SkippedRecord f = IngestExpectingFailure(tmp_ / "bad.xml");
  EXPECT_EQ(f.file, tmp_ / "bad.xml");
  EXPECT_NE(f.reason.find("bad.xml"), std::string::npos) << f.reason;
}

TEST_F(BadInputTest, TruncatedGzipSaysTruncated) {
  std::string gz = Gzip(PubmedSet(PubmedArticle("9", "Cut short", "This will not arrive.")));
  WriteFile(tmp_ / "cut.xml.gz", gz.substr(0, gz.size() / 2));
  SkippedRecord f = IngestExpectingFailure(tmp_ / "cut.xml.gz");
  EXPECT_NE(f.reason.find("truncated"), std::string::npos) << f.reason;
  EXPECT_FALSE(index_->Contains("pmid:9"));
}

TEST_F(BadInputTest, EmptyFileSaysEmpty) {
  WriteFile(tmp_ / "empty.jsonl", "");
  SkippedRecord f = IngestExpectingFailure(tmp_ / "empty.jsonl");
  EXPECT_NE(f.reason.find("empty"), std::string::npos) << f.reason;
}

TEST_F(BadInputTest, UnknownFormatSaysSo) {
  WriteFile(tmp_ / "mystery.dat", "\x01\x02 binary stuff");
  SkippedRecord f = IngestExpectingFailure(tmp_ / "mystery.dat");
  EXPECT_NE(f.reason.find("not a recognised corpus format"), std::string::npos) << f.reason;
}

TEST_F(BadInputTest, InvalidUtf8IsRepairedNotFatal) {
  WriteFile(tmp_ / "latin1.xml", PubmedSet(PubmedArticle("3", "Caf\xE9 study", "Na\xEFve patients improved.")));
  WriteFile(tmp_ / "good/next.xml", PubmedSet(PubmedArticle("2", "Next", "Loaded in the same run.")));
  IngestReport r = Ingest({tmp_ / "latin1.xml", tmp_ / "good/next.xml"});
  EXPECT_TRUE(r.failed_files.empty());
  auto doc = index_->Fetch("pmid:3");
  ASSERT_TRUE(doc.ok()) << doc.status().ToString();
  EXPECT_NE(doc->text.find("\xEF\xBF\xBD"), std::string::npos);  // U+FFFD marks the bad byte
  ExpectIndexIntact();
}

TEST_F(BadInputTest, RecordWithoutIdIsSkippedWithFileRecordAndReason) {
  std::string no_pmid = PubmedArticle("", "No id here", "Orphan text.");
  WriteFile(tmp_ / "mixed.xml", PubmedSet(no_pmid + PubmedArticle("2", "Next", "Loaded in the same run.")));
  IngestReport r = Ingest({tmp_ / "mixed.xml"});
  EXPECT_TRUE(r.failed_files.empty());
  ASSERT_EQ(r.skipped_records.size(), 1u);
  EXPECT_EQ(r.skipped_records[0].file, tmp_ / "mixed.xml");
  EXPECT_FALSE(r.skipped_records[0].record.empty());
  EXPECT_FALSE(r.skipped_records[0].reason.empty());
  ExpectIndexIntact();
}

TEST_F(BadInputTest, BadJsonlLineIsSkippedAndTheRestLoads) {
  WriteFile(tmp_ / "own.jsonl", testing::JsonlDoc("hosp:1", "One", "First.") + "{not json\n" +
                                    testing::JsonlDoc("hosp:2", "Two", "Second."));
  IngestReport r = Ingest({tmp_ / "own.jsonl"});
  EXPECT_EQ(r.documents, 2u);
  ASSERT_EQ(r.skipped_records.size(), 1u);
  EXPECT_NE(r.skipped_records[0].record.find("2"), std::string::npos) << r.skipped_records[0].record;
}

}  // namespace
}  // namespace medoracle
