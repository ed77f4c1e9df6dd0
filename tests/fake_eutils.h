// A fake NCBI E-utilities server for the PubMed fetch tests: esearch with a history (WebEnv) and
// efetch batches of PubMed XML built from ../shared/data/pubmed_xml_samples (records generated
// when it is absent), with scripted faults (429, 5xx, truncated or cut-off responses).
#pragma once

#include <pugixml.hpp>

#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "fake_http_server.h"
#include "fixtures.h"
#include "test_data.h"

namespace medoracle::testing {

struct PubmedRecord {
  std::string pmid;
  std::string xml;  // one <PubmedArticle> element
};

// The PubmedArticle records of the shared samples with distinct PMIDs (at least 10), or 12
// generated ones when the shared data is absent.
inline std::vector<PubmedRecord> SamplePubmedRecords() {
  std::vector<PubmedRecord> out;
  std::set<std::string> seen;
  const std::string dir = SharedData("pubmed_xml_samples");
  std::error_code ec;
  std::vector<std::string> files;
  if (std::filesystem::is_directory(dir, ec)) {
    for (const auto& e : std::filesystem::recursive_directory_iterator(dir, ec)) {
      if (e.path().extension() == ".xml") files.push_back(e.path().string());
    }
  }
  std::sort(files.begin(), files.end());
  for (const std::string& f : files) {
    pugi::xml_document doc;
    if (!doc.load_file(f.c_str())) continue;
    for (pugi::xml_node a : doc.child("PubmedArticleSet").children("PubmedArticle")) {
      const std::string pmid = a.child("MedlineCitation").child("PMID").child_value();
      if (pmid.empty() || !a.child("MedlineCitation").child("Article").child("Abstract")) continue;
      if (!seen.insert(pmid).second) continue;
      std::ostringstream xml;
      a.print(xml, "", pugi::format_raw);
      out.push_back({pmid, xml.str()});
    }
  }
  if (out.size() >= 10) return out;
  out.clear();
  for (int i = 0; i < 12; ++i) {
    const std::string pmid = std::to_string(90000001 + i);
    out.push_back({pmid, PubmedArticle(pmid, "Generated trial " + std::to_string(i) + " of lumbar radiculopathy",
                                       "Epidural steroid injection number " + std::to_string(i) +
                                           " reduced leg pain at 6 weeks in adults with lumbar radiculopathy.")});
  }
  return out;
}

// esearch.fcgi and efetch.fcgi over records. Faults are keyed by efetch retstart and consumed once
// each (a list per retstart: the first request gets the first fault, ...).
class FakeEutils {
 public:
  enum class Fault { kTooMany, kServerError, kTruncated, kCutXml, kBadWebEnv };

  explicit FakeEutils(std::vector<PubmedRecord> records) : records_(std::move(records)) {}

  void AddFault(uint64_t retstart, Fault fault) {
    std::lock_guard<std::mutex> lock(mu_);
    faults_[retstart].push_back(fault);
  }
  // Every efetch of retstart fails with 500 from now on (or no longer).
  void SetBroken(uint64_t retstart, bool broken) {
    std::lock_guard<std::mutex> lock(mu_);
    if (broken) {
      broken_.insert(retstart);
    } else {
      broken_.erase(retstart);
    }
  }
  void ExpireHistory() {
    std::lock_guard<std::mutex> lock(mu_);
    ++generation_;
  }
  const std::vector<PubmedRecord>& records() const { return records_; }
  std::string url() const { return server_.url(); }
  std::vector<FakeRequest> requests() const { return server_.requests(); }

 private:
  std::string WebEnv() const { return "MCID_fake_" + std::to_string(generation_); }

  FakeResponse Handle(const FakeRequest& req) {
    std::lock_guard<std::mutex> lock(mu_);
    FakeResponse r;
    r.content_type = "text/xml; charset=UTF-8";
    if (req.path.ends_with("/esearch.fcgi")) {
      if (req.query.count("term") == 0 || req.query.at("term").empty()) {
        r.body = "<eSearchResult><ERROR>Empty term and query_key - nothing todo</ERROR></eSearchResult>";
        return r;
      }
      r.body = "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n<!DOCTYPE eSearchResult PUBLIC \"-//NLM//DTD esearch 20060628//EN\" "
               "\"https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20060628/esearch.dtd\">\n<eSearchResult><Count>" +
               std::to_string(records_.size()) + "</Count><RetMax>0</RetMax><RetStart>0</RetStart><QueryKey>1</QueryKey>"
               "<WebEnv>" + WebEnv() + "</WebEnv><IdList></IdList></eSearchResult>\n";
      return r;
    }
    if (!req.path.ends_with("/efetch.fcgi")) {
      r.status = 404;
      r.body = "not found";
      return r;
    }
    if (req.query.count("WebEnv") == 0 || req.query.at("WebEnv") != WebEnv()) {
      r.status = 400;
      r.body = "<eFetchResult><ERROR>Unable to obtain query #1</ERROR></eFetchResult>";
      return r;
    }
    const uint64_t start = std::stoull(req.query.at("retstart"));
    const uint64_t max = std::stoull(req.query.at("retmax"));
    if (broken_.count(start)) {
      r.status = 500;
      r.body = "internal error";
      return r;
    }
    std::string set = "<?xml version=\"1.0\" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC \"-//NLM//DTD PubMedArticle, 1st "
                      "January 2024//EN\" \"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_240101.dtd\">\n"
                      "<PubmedArticleSet>\n";
    for (uint64_t i = start; i < records_.size() && i < start + max; ++i) set += records_[i].xml + "\n";
    set += "</PubmedArticleSet>\n";
    r.body = set;
    auto fault = faults_.find(start);
    if (fault != faults_.end() && !fault->second.empty()) {
      const Fault f = fault->second.front();
      fault->second.erase(fault->second.begin());
      switch (f) {
        case Fault::kTooMany:
          r.status = 429;
          r.headers.push_back({"Retry-After", "0"});
          r.body = "{\"error\":\"API rate limit exceeded\",\"count\":\"4\"}";
          break;
        case Fault::kServerError:
          r.status = 502;
          r.body = "Bad gateway";
          break;
        case Fault::kTruncated:
          r.truncate = true;  // fewer bytes than Content-Length
          break;
        case Fault::kCutXml:
          r.body = set.substr(0, set.size() * 2 / 3);  // a complete response of incomplete XML
          break;
        case Fault::kBadWebEnv:
          break;
      }
    }
    return r;
  }

  std::vector<PubmedRecord> records_;
  std::mutex mu_;
  std::map<uint64_t, std::vector<Fault>> faults_;
  std::set<uint64_t> broken_;
  int generation_ = 1;
  FakeHttpServer server_{[this](const FakeRequest& req) { return Handle(req); }};
};

}  // namespace medoracle::testing
