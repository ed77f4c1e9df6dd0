// FetchPubmed against a fake E-utilities server: batches, NCBI's rate limits, retries of a 429, a
// 502, a truncated transfer and cut-off XML, giving up, resuming, and an expired search history.
#include "pubmed/fetch.h"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>

#include "fake_eutils.h"
#include "fixtures.h"

namespace medoracle::pubmed {
namespace {

using testing::FakeEutils;
using Fault = FakeEutils::Fault;

class FetchPubmedTest : public ::testing::Test {
 protected:
  FetchOptions Options() {
    FetchOptions o;
    o.eutils_url = eutils_.url() + "/entrez/eutils";
    o.query = "lumbar radiculopathy epidural";
    o.max = 1000;
    o.batch_size = 4;
    o.retry_base_seconds = 0.01;
    o.state_dir = dir_.str();
    o.identity.email = "test@example.org";
    o.on_message = [this](const std::string& m) { messages_ += m + "\n"; };
    return o;
  }
  std::vector<uint64_t> EfetchStarts() const {
    std::vector<uint64_t> starts;
    for (const auto& r : eutils_.requests()) {
      if (r.path.ends_with("efetch.fcgi")) starts.push_back(std::stoull(r.query.at("retstart")));
    }
    return starts;
  }
  size_t Esearches() const {
    size_t n = 0;
    for (const auto& r : eutils_.requests()) n += r.path.ends_with("esearch.fcgi");
    return n;
  }

  testing::TempDir dir_;
  FakeEutils eutils_{testing::SamplePubmedRecords()};
  std::string messages_;
};

TEST_F(FetchPubmedTest, FetchesEveryRecordInBatchesAtThreeRequestsASecond) {
  const auto result = FetchPubmed(Options());
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  const size_t n = eutils_.records().size();
  EXPECT_EQ(result->found, n);
  EXPECT_EQ(result->fetched, n);
  EXPECT_EQ(result->batch_files.size(), (n + 3) / 4);
  EXPECT_FALSE(result->resumed);
  for (const std::string& f : result->batch_files) {
    const auto batch = CheckPubmedBatch(testing::ReadFileBytes(f));
    ASSERT_TRUE(batch.ok()) << f;
  }
  const auto requests = eutils_.requests();
  ASSERT_EQ(requests.size(), 1 + (n + 3) / 4);
  EXPECT_EQ(requests[0].query.at("usehistory"), "y");
  EXPECT_EQ(requests[0].query.at("term"), "lumbar radiculopathy epidural");
  EXPECT_EQ(requests[1].query.at("WebEnv"), "MCID_fake_1");
  EXPECT_EQ(requests[1].query.at("email"), "test@example.org");
  EXPECT_EQ(requests[1].query.at("tool"), "medoracle");
  EXPECT_EQ(requests[1].query.count("api_key"), 0u);
  for (size_t i = 1; i < requests.size(); ++i) {
    const double gap = std::chrono::duration<double>(requests[i].received - requests[i - 1].received).count();
    EXPECT_GE(gap, 0.30) << "requests " << i - 1 << " and " << i << " came " << gap << " s apart";
  }
}

TEST_F(FetchPubmedTest, AnApiKeyAllowsTenRequestsASecond) {
  FetchOptions o = Options();
  o.identity.api_key = "KEY123";
  o.batch_size = 2;
  const auto result = FetchPubmed(o);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  const auto requests = eutils_.requests();
  double fastest = 1;
  for (size_t i = 1; i < requests.size(); ++i) {
    EXPECT_EQ(requests[i].query.at("api_key"), "KEY123");
    const double gap = std::chrono::duration<double>(requests[i].received - requests[i - 1].received).count();
    EXPECT_GE(gap, 0.095);
    fastest = std::min(fastest, gap);
  }
  EXPECT_LT(fastest, 0.3);
}

TEST_F(FetchPubmedTest, MaxAndSinceBoundTheSearch) {
  FetchOptions o = Options();
  o.max = 5;
  o.since = "2021-06-01";
  const auto result = FetchPubmed(o);
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->target, 5u);
  EXPECT_EQ(result->fetched, 5u);
  const auto requests = eutils_.requests();
  EXPECT_EQ(requests[0].query.at("mindate"), "2021/06/01");
  EXPECT_EQ(requests[0].query.at("datetype"), "edat");
  EXPECT_EQ(requests.back().query.at("retmax"), "1");
  EXPECT_FALSE(FetchPubmed([&] { auto b = o; b.since = "June"; return b; }()).ok());
}

TEST_F(FetchPubmedTest, RetriesA429A502ATruncatedTransferAndCutOffXml) {
  eutils_.AddFault(4, Fault::kTooMany);
  eutils_.AddFault(4, Fault::kServerError);
  eutils_.AddFault(8, Fault::kTruncated);
  eutils_.AddFault(8, Fault::kCutXml);
  const auto result = FetchPubmed(Options());
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_EQ(result->fetched, eutils_.records().size());
  const auto starts = EfetchStarts();
  EXPECT_EQ(std::count(starts.begin(), starts.end(), 4u), 3);
  EXPECT_EQ(std::count(starts.begin(), starts.end(), 8u), 3);
  EXPECT_NE(messages_.find("HTTP 429"), std::string::npos) << messages_;
  EXPECT_NE(messages_.find("HTTP 502"), std::string::npos);
  EXPECT_NE(messages_.find("truncated"), std::string::npos);
  EXPECT_NE(messages_.find("not complete XML"), std::string::npos);
}

TEST_F(FetchPubmedTest, GivesUpNamingTheUrlThenResumesWhereItStopped) {
  FetchOptions o = Options();
  o.max_attempts = 2;
  eutils_.SetBroken(8, true);
  const auto failed = FetchPubmed(o);
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.status().code(), Status::Code::kIoError);
  EXPECT_NE(failed.status().message().find("efetch.fcgi"), std::string::npos) << failed.status().message();
  EXPECT_NE(failed.status().message().find("HTTP 500"), std::string::npos);
  EXPECT_TRUE(std::filesystem::exists(FetchFolder(o) + "/batch-000001.xml"));
  EXPECT_FALSE(std::filesystem::exists(FetchFolder(o) + "/batch-000002.xml"));
  const size_t before = eutils_.requests().size();

  eutils_.SetBroken(8, false);
  const auto resumed = FetchPubmed(o);
  ASSERT_TRUE(resumed.ok()) << resumed.status().ToString();
  EXPECT_TRUE(resumed->resumed);
  EXPECT_EQ(resumed->fetched, eutils_.records().size());
  const auto requests = eutils_.requests();
  ASSERT_GT(requests.size(), before);
  EXPECT_TRUE(requests[before].path.ends_with("efetch.fcgi"));  // no new search
  EXPECT_EQ(requests[before].query.at("retstart"), "8");
  EXPECT_EQ(Esearches(), 1u);
}

TEST_F(FetchPubmedTest, AnExpiredHistoryIsSearchedAgainOnResume) {
  FetchOptions o = Options();
  o.max_attempts = 1;
  eutils_.SetBroken(4, true);
  ASSERT_FALSE(FetchPubmed(o).ok());
  eutils_.SetBroken(4, false);
  eutils_.ExpireHistory();
  const auto resumed = FetchPubmed(o);
  ASSERT_TRUE(resumed.ok()) << resumed.status().ToString();
  EXPECT_EQ(resumed->fetched, eutils_.records().size());
  EXPECT_EQ(Esearches(), 2u);
  EXPECT_NE(messages_.find("searching again"), std::string::npos);
}

TEST_F(FetchPubmedTest, AnEmptyQueryIsRefusedBeforeAnyRequest) {
  FetchOptions o = Options();
  o.query = "";
  EXPECT_EQ(FetchPubmed(o).status().code(), Status::Code::kInvalidArgument);
  EXPECT_TRUE(eutils_.requests().empty());
}

}  // namespace
}  // namespace medoracle::pubmed
