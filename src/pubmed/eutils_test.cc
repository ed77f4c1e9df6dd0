// E-utilities URLs and the parsers of esearch, efetch, listings and .md5 files.
#include "pubmed/eutils.h"

#include <gtest/gtest.h>

namespace medoracle::pubmed {
namespace {

TEST(EutilsUrls, CarryTheQueryHistoryDatesAndIdentity) {
  EutilsIdentity id;
  id.api_key = "k1";
  id.email = "a@b.org";
  const std::string search = EsearchUrl("http://h/eutils/", "lumbar radiculopathy epidural", "2020/01/31", id);
  EXPECT_EQ(search,
            "http://h/eutils/esearch.fcgi?db=pubmed&term=lumbar%20radiculopathy%20epidural&usehistory=y&retmax=0"
            "&datetype=edat&mindate=2020%2F01%2F31&maxdate=3000&tool=medoracle&email=a%40b.org&api_key=k1");
  EXPECT_EQ(EfetchUrl("http://h/eutils", "MCID_1", "1", 200, 100, EutilsIdentity{}),
            "http://h/eutils/efetch.fcgi?db=pubmed&query_key=1&WebEnv=MCID_1&retstart=200&retmax=100&retmode=xml"
            "&tool=medoracle");
}

TEST(NormaliseDate, AcceptsIsoAndSlashesRejectsTheRest) {
  EXPECT_EQ(*NormaliseDate("2024-01-31"), "2024/01/31");
  EXPECT_EQ(*NormaliseDate("2024/01"), "2024/01");
  EXPECT_EQ(*NormaliseDate("2024"), "2024");
  EXPECT_FALSE(NormaliseDate("31.01.2024").ok());
  EXPECT_FALSE(NormaliseDate("2024-13-01").ok());
  EXPECT_FALSE(NormaliseDate("yesterday").ok());
}

TEST(ParseEsearch, CountAndHistoryOrTheReason) {
  auto r = ParseEsearch("<?xml version=\"1.0\"?><eSearchResult><Count>1234</Count><RetMax>0</RetMax>"
                        "<QueryKey>1</QueryKey><WebEnv>MCID_abc</WebEnv><IdList/></eSearchResult>");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->count, 1234u);
  EXPECT_EQ(r->query_key, "1");
  EXPECT_EQ(r->webenv, "MCID_abc");
  EXPECT_EQ(ParseEsearch("<eSearchResult><Count>0</Count></eSearchResult>")->count, 0u);
  EXPECT_EQ(ParseEsearch("<eSearchResult><ERROR>Invalid query</ERROR></eSearchResult>").status().code(),
            Status::Code::kInvalidArgument);
  EXPECT_EQ(ParseEsearch("<eSearchResult><Count>5</Count></eSearchResult>").status().code(), Status::Code::kCorruption);
  EXPECT_EQ(ParseEsearch("{\"esearchresult\": {}}").status().code(), Status::Code::kCorruption);
  EXPECT_EQ(ParseEsearch("<eSearchResult><Count>many</Count></eSearchResult>").status().code(),
            Status::Code::kCorruption);
}

TEST(CheckPubmedBatch, CountsArticlesAndRejectsTruncatedXml) {
  const std::string set =
      "<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID></MedlineCitation></PubmedArticle>"
      "<PubmedBookArticle/><DeleteCitation/></PubmedArticleSet>";
  EXPECT_EQ(*CheckPubmedBatch(set), 2u);
  const auto cut = CheckPubmedBatch(set.substr(0, set.size() - 20));
  ASSERT_FALSE(cut.ok());
  EXPECT_NE(cut.status().message().find("not complete XML"), std::string::npos);
  const auto error = CheckPubmedBatch("<eFetchResult><ERROR>Unable to obtain query #1</ERROR></eFetchResult>");
  ASSERT_FALSE(error.ok());
  EXPECT_NE(error.status().message().find("Unable to obtain query #1"), std::string::npos);
}

TEST(PubmedFiles, NamesOrderListingsAndChecksums) {
  EXPECT_TRUE(IsPubmedFileName("pubmed25n0001.xml.gz"));
  EXPECT_FALSE(IsPubmedFileName("pubmed25n0001.xml.gz.md5"));
  EXPECT_FALSE(IsPubmedFileName("pubmed25n001.xml.gz"));
  EXPECT_LT(PubmedFileOrder("pubmed25n0999.xml.gz"), PubmedFileOrder("pubmed25n1000.xml.gz"));
  const Listing l = ParseListing(
      "<html><a href=\"pubmed25n0002.xml.gz\">x</a> <a href=\"pubmed25n0002.xml.gz.md5\">m</a>"
      "<a href='/pubmed/updatefiles/pubmed25n0001.xml.gz'>y</a><a href=baseline/>b</a>"
      "<a href=\"updatefiles/\">u</a><a href=\"pubmed25n0002.xml.gz\">again</a></html>");
  EXPECT_EQ(l.files, std::vector<std::string>({"pubmed25n0001.xml.gz", "pubmed25n0002.xml.gz"}));
  EXPECT_TRUE(l.has_baseline);
  EXPECT_TRUE(l.has_updatefiles);
  EXPECT_EQ(*ParseMd5File("MD5(pubmed25n0001.xml.gz)= 0CC175B9C0F1B6A831C399E269772661\n"),
            "0cc175b9c0f1b6a831c399e269772661");
  EXPECT_EQ(*ParseMd5File("0cc175b9c0f1b6a831c399e269772661  pubmed25n0001.xml.gz"), "0cc175b9c0f1b6a831c399e269772661");
  EXPECT_FALSE(ParseMd5File("MD5(x)= 0cc175b9").ok());
  EXPECT_FALSE(ParseMd5File("0cc175b9c0f1b6a831c399e2697726611").ok());  // 33 digits
}

}  // namespace
}  // namespace medoracle::pubmed
