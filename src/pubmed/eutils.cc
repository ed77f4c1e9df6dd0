// E-utilities URLs and response parsers (pugixml for XML).
#include "pubmed/eutils.h"

#include <pugixml.hpp>

#include <algorithm>
#include <cctype>
#include <set>

#include "net/http_client.h"

namespace medoracle::pubmed {
namespace {

std::string IdentityParams(const EutilsIdentity& id) {
  std::string out;
  if (!id.tool.empty()) out += "&tool=" + net::UrlEncode(id.tool);
  if (!id.email.empty()) out += "&email=" + net::UrlEncode(id.email);
  if (!id.api_key.empty()) out += "&api_key=" + net::UrlEncode(id.api_key);
  return out;
}

std::string Trimmed(const char* text) {
  std::string s = text;
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
  size_t i = 0;
  while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
  return s.substr(i);
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::string EsearchUrl(const std::string& eutils_url, const std::string& query, const std::string& since,
                       const EutilsIdentity& identity) {
  std::string url = net::JoinUrl(eutils_url, "esearch.fcgi") + "?db=pubmed&term=" + net::UrlEncode(query) +
                    "&usehistory=y&retmax=0";
  if (!since.empty()) url += "&datetype=edat&mindate=" + net::UrlEncode(since) + "&maxdate=3000";
  return url + IdentityParams(identity);
}

std::string EfetchUrl(const std::string& eutils_url, const std::string& webenv, const std::string& query_key,
                      uint64_t retstart, uint64_t retmax, const EutilsIdentity& identity) {
  return net::JoinUrl(eutils_url, "efetch.fcgi") + "?db=pubmed&query_key=" + net::UrlEncode(query_key) +
         "&WebEnv=" + net::UrlEncode(webenv) + "&retstart=" + std::to_string(retstart) +
         "&retmax=" + std::to_string(retmax) + "&retmode=xml" + IdentityParams(identity);
}

StatusOr<std::string> NormaliseDate(const std::string& text) {
  std::string s = text;
  std::replace(s.begin(), s.end(), '-', '/');
  const bool ok = (s.size() == 4 && AllDigits(s)) ||
                  (s.size() == 7 && AllDigits(s.substr(0, 4)) && s[4] == '/' && AllDigits(s.substr(5))) ||
                  (s.size() == 10 && AllDigits(s.substr(0, 4)) && s[4] == '/' && AllDigits(s.substr(5, 2)) &&
                   s[7] == '/' && AllDigits(s.substr(8)));
  if (!ok) return Status::InvalidArgument("not a date (YYYY-MM-DD, YYYY-MM or YYYY): \"" + text + "\"");
  if (s.size() >= 7) {
    const int month = std::stoi(s.substr(5, 2));
    if (month < 1 || month > 12) return Status::InvalidArgument("not a date (month " + s.substr(5, 2) + "): " + text);
  }
  if (s.size() == 10) {
    const int day = std::stoi(s.substr(8, 2));
    if (day < 1 || day > 31) return Status::InvalidArgument("not a date (day " + s.substr(8, 2) + "): " + text);
  }
  return s;
}

StatusOr<EsearchResult> ParseEsearch(std::string_view body) {
  pugi::xml_document doc;
  const pugi::xml_parse_result parsed = doc.load_buffer(body.data(), body.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!parsed) return Status::Corruption(std::string("esearch response is not XML: ") + parsed.description());
  const pugi::xml_node root = doc.child("eSearchResult");
  if (!root) return Status::Corruption("esearch response has no <eSearchResult>");
  if (const pugi::xml_node error = root.child("ERROR")) {
    return Status::InvalidArgument("esearch: " + Trimmed(error.child_value()));
  }
  EsearchResult r;
  const std::string count = Trimmed(root.child("Count").child_value());
  r.query_key = Trimmed(root.child("QueryKey").child_value());
  r.webenv = Trimmed(root.child("WebEnv").child_value());
  if (!AllDigits(count) || count.size() > 12) return Status::Corruption("esearch response has no numeric <Count>");
  r.count = std::stoull(count);
  if (r.count > 0 && (r.query_key.empty() || r.webenv.empty())) {
    return Status::Corruption("esearch response lacks <QueryKey> or <WebEnv> (was usehistory=y sent?)");
  }
  return r;
}

StatusOr<uint64_t> CheckPubmedBatch(std::string_view body) {
  pugi::xml_document doc;
  const pugi::xml_parse_result parsed = doc.load_buffer(body.data(), body.size(), pugi::parse_default, pugi::encoding_utf8);
  if (!parsed) {
    return Status::Corruption("efetch response is not complete XML (" + std::string(parsed.description()) +
                              " at byte " + std::to_string(parsed.offset) + " of " + std::to_string(body.size()) + ")");
  }
  const pugi::xml_node root = doc.document_element();
  if (std::string_view(root.name()) != "PubmedArticleSet") {
    std::string error = Trimmed(root.child("ERROR").child_value());
    return Status::Corruption("efetch response is <" + std::string(root.name()) + ">, not <PubmedArticleSet>" +
                              (error.empty() ? "" : ": " + error));
  }
  uint64_t n = 0;
  for (const pugi::xml_node child : root.children()) {
    const std::string_view name = child.name();
    n += name == "PubmedArticle" || name == "PubmedBookArticle";
  }
  return n;
}

bool IsPubmedFileName(std::string_view name) {
  // pubmed + 2 digits + "n" + 4 digits + ".xml.gz"
  if (name.size() != 20 || name.substr(0, 6) != "pubmed" || name[8] != 'n' || name.substr(13) != ".xml.gz") return false;
  return AllDigits(name.substr(6, 2)) && AllDigits(name.substr(9, 4));
}

uint64_t PubmedFileOrder(std::string_view name) {
  if (!IsPubmedFileName(name)) return 0;
  return std::stoull(std::string(name.substr(6, 2))) * 100000 + std::stoull(std::string(name.substr(9, 4)));
}

Listing ParseListing(std::string_view html) {
  Listing listing;
  std::set<std::string> seen;
  size_t pos = 0;
  while ((pos = html.find("href=", pos)) != std::string_view::npos) {
    pos += 5;
    if (pos >= html.size()) break;
    const char quote = html[pos];
    size_t start = pos, end;
    if (quote == '"' || quote == '\'') {
      start = pos + 1;
      end = html.find(quote, start);
    } else {
      end = html.find_first_of(" >", start);
    }
    if (end == std::string_view::npos) break;
    std::string_view target = html.substr(start, end - start);
    pos = end;
    if (const size_t slash = target.find_last_of('/'); slash != std::string_view::npos && slash + 1 < target.size()) {
      target = target.substr(slash + 1);
    }
    if (target == "baseline/" || html.substr(start, end - start).ends_with("baseline/")) listing.has_baseline = true;
    if (target == "updatefiles/" || html.substr(start, end - start).ends_with("updatefiles/")) {
      listing.has_updatefiles = true;
    }
    if (IsPubmedFileName(target) && seen.insert(std::string(target)).second) listing.files.emplace_back(target);
  }
  std::sort(listing.files.begin(), listing.files.end(),
            [](const std::string& a, const std::string& b) { return PubmedFileOrder(a) < PubmedFileOrder(b); });
  return listing;
}

StatusOr<std::string> ParseMd5File(std::string_view text) {
  for (size_t i = 0; i + 32 <= text.size(); ++i) {
    size_t n = 0;
    while (n < 32 && std::isxdigit(static_cast<unsigned char>(text[i + n]))) ++n;
    const bool bounded = (i == 0 || !std::isxdigit(static_cast<unsigned char>(text[i - 1]))) &&
                         (i + 32 == text.size() || !std::isxdigit(static_cast<unsigned char>(text[i + 32])));
    if (n == 32 && bounded) {
      std::string digest(text.substr(i, 32));
      for (char& c : digest) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      return digest;
    }
    if (n > 0) i += n - 1;
  }
  return Status::Corruption("no MD5 digest (32 hex digits) in the .md5 file");
}

}  // namespace medoracle::pubmed
