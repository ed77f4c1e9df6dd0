// End to end with the real binary: `medoracle pubmed fetch` against a fake E-utilities server (a 429
// and a truncated response on the way) ingests every record; `medoracle pubmed sync` applies
// generated baseline and update files from a folder and from a fake file server, checks their MD5,
// removes DeleteCitation records, remembers what it applied and resumes after a failure.
#include <gtest/gtest.h>
#include <zlib.h>

#include <nlohmann/json.hpp>

#include "fake_eutils.h"
#include "fixtures.h"
#include "pubmed/md5.h"

namespace medoracle {
namespace {

using testing::CommandOutput;
using testing::FakeEutils;
using testing::Gzip;
using testing::FakeHttpServer;
using testing::FakeRequest;
using testing::FakeResponse;
using testing::PubmedArticle;
using testing::PubmedSet;

class PubmedCliTest : public ::testing::Test {
 protected:
  CommandOutput Medoracle(const std::string& args) {
    return testing::RunCommand(std::string(MEDORACLE_BINARY) + " --index '" + (dir_ / "index") + "' --db '" +
                                   (dir_ / "store.db") + "' " + args,
                               dir_ / "stderr.txt");
  }
  bool Has(const std::string& doc_id) { return Medoracle("show '" + doc_id + "' --format json").code == 0; }

  testing::TempDir dir_;
};

std::string Md5Line(const std::string& name, const std::string& bytes) {
  return "MD5(" + name + ")= " + pubmed::Md5Hex(bytes) + "\n";
}

std::string Article(const std::string& pmid) {
  return PubmedArticle(pmid, "Trial " + pmid + " of physiotherapy for lumbar radiculopathy",
                       "Physiotherapy reduced leg pain at 12 weeks in trial " + pmid + ".");
}

TEST_F(PubmedCliTest, FetchIngestsEveryRecordThroughA429AndATruncatedResponse) {
  FakeEutils eutils(testing::SamplePubmedRecords());
  eutils.AddFault(0, FakeEutils::Fault::kTooMany);
  eutils.AddFault(5, FakeEutils::Fault::kTruncated);
  const auto out = Medoracle("pubmed fetch --eutils-url " + eutils.url() +
                             " --query 'lumbar radiculopathy epidural' --max 8 --batch 5 --retry-wait 0.01");
  ASSERT_EQ(out.code, 0) << out.err << out.out;
  EXPECT_NE(out.out.find("8 fetched"), std::string::npos) << out.out;
  EXPECT_NE(out.err.find("HTTP 429"), std::string::npos) << out.err;
  EXPECT_NE(out.err.find("truncated"), std::string::npos) << out.err;
  for (size_t i = 0; i < 8; ++i) EXPECT_TRUE(Has("pmid:" + eutils.records()[i].pmid)) << i;
  EXPECT_FALSE(Has("pmid:" + eutils.records()[8].pmid));  // beyond --max

  // Run again: the progress says it is complete, nothing is fetched, the batches are unchanged.
  const size_t before = eutils.requests().size();
  const auto again = Medoracle("pubmed fetch --eutils-url " + eutils.url() +
                               " --query 'lumbar radiculopathy epidural' --max 8 --batch 5");
  ASSERT_EQ(again.code, 0) << again.err;
  EXPECT_EQ(eutils.requests().size(), before);
  EXPECT_NE(again.out.find("(resumed)"), std::string::npos);
}

TEST_F(PubmedCliTest, FetchThatKeepsFailingSaysSoAndResumes) {
  FakeEutils eutils(testing::SamplePubmedRecords());
  eutils.SetBroken(4, true);
  const std::string cmd = "pubmed fetch --eutils-url " + eutils.url() + " --query radiculopathy --max 10 --batch 4 "
                          "--retry-wait 0.01";
  const auto failed = Medoracle(cmd);
  EXPECT_EQ(failed.code, 2);
  EXPECT_NE(failed.err.find("efetch.fcgi"), std::string::npos) << failed.err;
  EXPECT_NE(failed.err.find("resume"), std::string::npos);
  eutils.SetBroken(4, false);
  const auto resumed = Medoracle(cmd);
  ASSERT_EQ(resumed.code, 0) << resumed.err;
  EXPECT_NE(resumed.err.find("resuming: 1 batches"), std::string::npos) << resumed.err;
  for (size_t i = 0; i < 10; ++i) EXPECT_TRUE(Has("pmid:" + eutils.records()[i].pmid)) << i;
}

TEST_F(PubmedCliTest, SyncAppliesFolderFilesInOrderWithDeletionsAndRemembersThem) {
  const std::string files = dir_ / "pubmed";
  const std::string f1 = Gzip(PubmedSet(Article("71000001") + Article("71000002") + Article("71000003")));
  // The update replaces 71000003, adds 71000004 and deletes 71000002.
  const std::string f2 = Gzip(PubmedSet(Article("71000004") + PubmedArticle("71000003", "Corrected trial 71000003",
                                                                           "Corrected abstract of the trial."),
                                        "<PMID Version=\"1\">71000002</PMID>"));
  testing::WriteFile(files + "/baseline/pubmed25n0001.xml.gz", f1);
  testing::WriteFile(files + "/baseline/pubmed25n0001.xml.gz.md5", Md5Line("pubmed25n0001.xml.gz", f1));
  testing::WriteFile(files + "/updatefiles/pubmed25n0002.xml.gz", f2);
  testing::WriteFile(files + "/updatefiles/pubmed25n0002.xml.gz.md5", Md5Line("pubmed25n0002.xml.gz", f2));

  const auto out = Medoracle("pubmed sync '" + files + "'");
  ASSERT_EQ(out.code, 0) << out.err << out.out;
  EXPECT_NE(out.out.find("2 files applied, 0 applied before"), std::string::npos) << out.out;
  EXPECT_LT(out.out.find("applied pubmed25n0001"), out.out.find("applied pubmed25n0002"));
  EXPECT_TRUE(Has("pmid:71000001"));
  EXPECT_FALSE(Has("pmid:71000002"));  // DeleteCitation
  EXPECT_TRUE(Has("pmid:71000004"));
  const auto shown = Medoracle("show pmid:71000003 --format json");
  EXPECT_NE(shown.out.find("Corrected trial"), std::string::npos);
  const auto state = nlohmann::json::parse(testing::ReadFileBytes(dir_ / "index.pubmed/sync.json"));
  ASSERT_EQ(state["applied"].size(), 2u);
  EXPECT_EQ(state["applied"][1]["md5"], pubmed::Md5Hex(f2));

  // Nothing new: nothing applied. A new update with a wrong checksum stops the sync naming it.
  const auto again = Medoracle("pubmed sync '" + files + "'");
  EXPECT_NE(again.out.find("0 files applied, 2 applied before"), std::string::npos) << again.out;
  const std::string f3 = Gzip(PubmedSet(Article("71000005")));
  testing::WriteFile(files + "/updatefiles/pubmed25n0003.xml.gz", f3);
  testing::WriteFile(files + "/updatefiles/pubmed25n0003.xml.gz.md5", Md5Line("pubmed25n0003.xml.gz", f1));
  const auto bad = Medoracle("pubmed sync '" + files + "'");
  EXPECT_EQ(bad.code, 2);
  EXPECT_NE(bad.err.find("pubmed25n0003.xml.gz: MD5"), std::string::npos) << bad.err;
  EXPECT_FALSE(Has("pmid:71000005"));
  testing::WriteFile(files + "/updatefiles/pubmed25n0003.xml.gz.md5", Md5Line("pubmed25n0003.xml.gz", f3));
  const auto fixed = Medoracle("pubmed sync '" + files + "'");
  ASSERT_EQ(fixed.code, 0) << fixed.err;
  EXPECT_NE(fixed.out.find("1 files applied, 2 applied before"), std::string::npos) << fixed.out;
  EXPECT_TRUE(Has("pmid:71000005"));
}

TEST_F(PubmedCliTest, SyncFromAFileServerRetriesAndResumesAfterAMissingChecksum) {
  const std::string f1 = Gzip(PubmedSet(Article("72000001") + Article("72000002")));
  const std::string f2 = Gzip(PubmedSet(Article("72000003"), "<PMID Version=\"1\">72000001</PMID>"));
  std::map<std::string, std::string> files = {
      {"/pubmed/updatefiles/pubmed26n0007.xml.gz", f1},
      {"/pubmed/updatefiles/pubmed26n0007.xml.gz.md5", Md5Line("pubmed26n0007.xml.gz", f1)},
      {"/pubmed/updatefiles/pubmed26n0008.xml.gz", f2}};
  std::mutex mu;
  int failures_left = 1;
  FakeHttpServer server([&](const FakeRequest& req) {
    std::lock_guard<std::mutex> lock(mu);
    FakeResponse r;
    r.content_type = "text/html";
    if (req.path == "/pubmed/updatefiles/") {
      r.body = "<html><body><a href=\"pubmed26n0008.xml.gz\">pubmed26n0008.xml.gz</a>\n"
               "<a href=\"pubmed26n0008.xml.gz.md5\">md5</a>\n<a href=\"pubmed26n0007.xml.gz\">7</a></body></html>";
      return r;
    }
    if (req.path == "/pubmed/updatefiles/pubmed26n0007.xml.gz" && failures_left > 0) {
      --failures_left;
      r.status = 503;
      return r;
    }
    auto it = files.find(req.path);
    if (it == files.end()) {
      r.status = 404;
      r.body = "not found";
      return r;
    }
    r.content_type = "application/octet-stream";
    r.body = it->second;
    return r;
  });
  const std::string cmd = "pubmed sync " + server.url() + "/pubmed/updatefiles/ --retry-wait 0.01";
  const auto first = Medoracle(cmd);
  EXPECT_EQ(first.code, 2);
  EXPECT_NE(first.err.find("no checksum file " + server.url() + "/pubmed/updatefiles/pubmed26n0008.xml.gz.md5"),
            std::string::npos)
      << first.err;
  EXPECT_NE(first.err.find("HTTP 503"), std::string::npos);  // the retry
  EXPECT_TRUE(Has("pmid:72000001"));  // file 7 was applied
  {
    std::lock_guard<std::mutex> lock(mu);
    files["/pubmed/updatefiles/pubmed26n0008.xml.gz.md5"] = Md5Line("pubmed26n0008.xml.gz", f2);
  }
  const size_t before = server.requests().size();
  const auto second = Medoracle(cmd);
  ASSERT_EQ(second.code, 0) << second.err;
  EXPECT_NE(second.out.find("1 files applied, 1 applied before"), std::string::npos) << second.out;
  for (size_t i = before; i < server.requests().size(); ++i) {
    EXPECT_EQ(server.requests()[i].path.find("pubmed26n0007"), std::string::npos);  // not fetched again
  }
  EXPECT_FALSE(Has("pmid:72000001"));  // deleted by file 8
  EXPECT_TRUE(Has("pmid:72000002"));
  EXPECT_TRUE(Has("pmid:72000003"));
}

TEST_F(PubmedCliTest, SyncOfAFolderWithoutPubmedFilesSaysSo) {
  testing::WriteFile(dir_ / "empty/readme.txt", "nothing here");
  const auto out = Medoracle("pubmed sync '" + (dir_ / "empty") + "'");
  EXPECT_EQ(out.code, 2);
  EXPECT_NE(out.err.find("no PubMed files"), std::string::npos) << out.err;
}

}  // namespace
}  // namespace medoracle
