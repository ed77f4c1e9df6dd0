// NCBI E-utilities and the PubMed file server: request URLs and parsers of their responses
// (esearch results, efetch batches of PubMed XML, directory listings, .md5 files).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "medoracle/status.h"

namespace medoracle::pubmed {

inline constexpr char kDefaultEutilsUrl[] = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils";

// What every E-utilities request carries (NCBI's usage policy: tool and email identify the
// caller; an API key raises the rate limit from 3 to 10 requests a second).
struct EutilsIdentity {
  std::string api_key;
  std::string email;
  std::string tool = "medoracle";
};

// esearch.fcgi?db=pubmed&term=QUERY&usehistory=y&retmax=0, with datetype=edat&mindate=SINCE&
// maxdate=3000 when since ("YYYY/MM/DD", "YYYY/MM" or "YYYY") is set.
std::string EsearchUrl(const std::string& eutils_url, const std::string& query, const std::string& since,
                       const EutilsIdentity& identity);

// efetch.fcgi?db=pubmed&query_key=K&WebEnv=W&retstart=S&retmax=N&retmode=xml.
std::string EfetchUrl(const std::string& eutils_url, const std::string& webenv, const std::string& query_key,
                      uint64_t retstart, uint64_t retmax, const EutilsIdentity& identity);

// "2024-01-31" or "2024/01/31" (or "2024-01", "2024") as E-utilities wants it ("2024/01/31").
// Errors: kInvalidArgument naming the text when it is not such a date.
StatusOr<std::string> NormaliseDate(const std::string& text);

struct EsearchResult {
  uint64_t count = 0;     // records matching the query
  std::string query_key;  // the history server's handles for efetch
  std::string webenv;
};

// An esearch XML response (<eSearchResult>). Errors: kCorruption when it is not XML or lacks
// Count, QueryKey or WebEnv; kInvalidArgument carrying NCBI's own <ERROR> text (a bad query).
StatusOr<EsearchResult> ParseEsearch(std::string_view body);

// Checks that an efetch response is a complete PubmedArticleSet and returns how many articles
// (PubmedArticle and PubmedBookArticle) it holds. Errors: kCorruption for XML that does not
// parse (a truncated transfer) or another root element, with NCBI's <ERROR> text when present.
StatusOr<uint64_t> CheckPubmedBatch(std::string_view body);

// True for a PubMed baseline or update file name, "pubmed25n0001.xml.gz".
bool IsPubmedFileName(std::string_view name);

// The sort key of such a file: its release year digits then its number ("25", 1) as one integer.
uint64_t PubmedFileOrder(std::string_view name);

// The PubMed file names an HTML directory listing links to (href="pubmed25n0001.xml.gz"), in
// order, without repeats; and whether it links to "baseline/" and "updatefiles/" subfolders.
struct Listing {
  std::vector<std::string> files;
  bool has_baseline = false;
  bool has_updatefiles = false;
};
Listing ParseListing(std::string_view html);

// The digest of an .md5 file: "MD5(pubmed25n0001.xml.gz)= 0123..." or "0123...  name".
// Errors: kCorruption when it holds no 32-hex-digit digest.
StatusOr<std::string> ParseMd5File(std::string_view text);

}  // namespace medoracle::pubmed
