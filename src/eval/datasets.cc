// Benchmark dataset loaders.
#include "eval/datasets.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>

#include "corpus/text.h"
#include "index/passages.h"

namespace medoracle::eval {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

Status RequireFile(const std::string& path) {
  if (!fs::exists(path)) return Status::NotFound(path + ": not found");
  return Status::Ok();
}

std::string JsonId(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number_integer()) return v.dump();
  return "";
}

// The PMID at the end of a PubMed URL, as the BioASQ reader reads it.
std::string PmidFromUrl(std::string url) {
  while (!url.empty() && (url.back() == '/' || url.back() == ' ')) url.pop_back();
  const size_t slash = url.rfind('/');
  std::string last = slash == std::string::npos ? url : url.substr(slash + 1);
  if (last.empty() || last.find_first_not_of("0123456789") != std::string::npos) return "";
  return last;
}

}  // namespace

std::string SnippetUnitId(const std::string& doc_id, std::string_view sentence_text) {
  const std::string clean = CollapseWhitespace(SanitizeUtf8(sentence_text));
  uint64_t h = 1469598103934665603ull;  // FNV-1a 64
  for (unsigned char c : clean) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char hex[17];
  std::snprintf(hex, sizeof(hex), "%016llx", static_cast<unsigned long long>(h));
  return doc_id + "#" + std::string(hex, 12);
}

std::string PassageUnitId(const std::string& doc_id, Span span) {
  return doc_id + "@" + std::to_string(span.start) + "-" + std::to_string(span.end);
}

std::vector<std::pair<std::string, std::string>> RetrievalUnits(const Document& doc, Unit unit) {
  std::vector<std::pair<std::string, std::string>> out;
  if (unit == Unit::kDocument) {
    out.emplace_back(doc.id, doc.title.empty() ? doc.text : doc.title + "\n" + doc.text);
    return out;
  }
  if (unit == Unit::kPassage) {
    for (const Passage& p : MakePassages(doc)) {
      const std::string text(doc.Slice(p.span));
      out.emplace_back(PassageUnitId(doc.id, p.span), doc.title.empty() ? text : doc.title + "\n" + text);
    }
    return out;
  }
  std::set<std::string> seen;
  for (const Span& s : doc.sentences) {
    const std::string text(doc.Slice(s));
    std::string id = SnippetUnitId(doc.id, text);
    if (seen.insert(id).second) out.emplace_back(std::move(id), text);
  }
  return out;
}

StatusOr<Dataset> LoadScifact(const std::string& data_dir, const std::string& split) {
  Dataset ds;
  ds.name = split == "dev" ? "scifact" : "scifact-" + split;
  const std::string corpus = data_dir + "/scifact/corpus.jsonl";
  const std::string claims = data_dir + "/scifact/claims_" + split + ".jsonl";
  for (const auto& p : {corpus, claims}) {
    if (Status s = RequireFile(p); !s.ok()) return s;
  }
  ds.corpus_paths = {corpus};
  auto text = ReadWholeFile(claims);
  if (!text.ok()) return text.status();
  size_t line_no = 0;
  for (size_t pos = 0; pos < text->size();) {
    size_t end = text->find('\n', pos);
    if (end == std::string::npos) end = text->size();
    const std::string line = text->substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const json j = json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      return Status::Corruption(claims + ": line " + std::to_string(line_no) + ": malformed JSON");
    }
    const std::string id = JsonId(j.value("id", json()));
    const std::string claim = j.value("claim", "");
    if (id.empty() || claim.empty()) {
      return Status::Corruption(claims + ": line " + std::to_string(line_no) + ": no id or claim");
    }
    ds.topics.push_back({id, claim});
    if (const auto cited = j.find("cited_doc_ids"); cited != j.end() && cited->is_array()) {
      for (const json& d : *cited) {
        const std::string doc = JsonId(d);
        if (!doc.empty()) ds.qrels[id]["scifact:" + doc] = 1;
      }
    }
  }
  return ds;
}

StatusOr<Dataset> LoadNfcorpus(const std::string& data_dir) {
  Dataset ds;
  ds.name = "nfcorpus";
  const std::string dir = data_dir + "/nfcorpus_orig";
  for (const auto& p : {dir + "/test.docs", dir + "/test.titles.queries", dir + "/test.2-1-0.qrel"}) {
    if (Status s = RequireFile(p); !s.ok()) return s;
  }
  ds.corpus_paths = {dir + "/test.docs"};
  auto topics = ReadTopics(dir + "/test.titles.queries");
  if (!topics.ok()) return topics.status();
  ds.topics = std::move(*topics);
  auto qrels = ReadQrels(dir + "/test.2-1-0.qrel", "nfcorpus:");
  if (!qrels.ok()) return qrels.status();
  ds.qrels = std::move(*qrels);
  return ds;
}

StatusOr<Dataset> LoadBioasq(const std::string& data_dir) {
  Dataset ds;
  ds.name = "bioasq";
  ds.unit = Unit::kSnippet;
  const std::string dir = data_dir + "/mirage/rawdata/bioasq";
  if (Status s = RequireFile(dir); !s.ok()) return s;
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& e : fs::recursive_directory_iterator(dir, ec)) {
    if (e.is_regular_file() && e.path().extension() == ".json") files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  if (files.empty()) return Status::NotFound(dir + ": no BioASQ .json files");
  ds.corpus_paths = files;
  std::set<std::string> seen_questions;
  for (const auto& f : files) {
    auto text = ReadWholeFile(f);
    if (!text.ok()) return text.status();
    const json root = json::parse(*text, nullptr, false);
    if (root.is_discarded() || !root.contains("questions") || !root["questions"].is_array()) {
      return Status::Corruption(f + ": not a BioASQ questions file");
    }
    for (const json& q : root["questions"]) {
      if (!q.is_object()) continue;
      const std::string id = q.value("id", "");
      const std::string body = CollapseWhitespace(SanitizeUtf8(q.value("body", "")));
      if (id.empty() || body.empty() || !seen_questions.insert(id).second) continue;
      ds.topics.push_back({id, body});
      if (!q.contains("snippets") || !q["snippets"].is_array()) continue;
      for (const json& s : q["snippets"]) {
        if (!s.is_object() || !s.contains("text") || !s["text"].is_string()) continue;
        const std::string pmid = PmidFromUrl(s.value("document", ""));
        const std::string snippet = s["text"].get<std::string>();
        if (pmid.empty() || CollapseWhitespace(snippet).empty()) continue;
        ds.qrels[id][SnippetUnitId("pmid:" + pmid, snippet)] = 1;
      }
    }
  }
  return ds;
}

StatusOr<Dataset> LoadBeir(const std::string& dir, const std::string& split) {
  Dataset ds;
  ds.name = "beir:" + fs::path(dir).filename().string();
  const std::string qrels_path = dir + "/qrels/" + split + ".tsv";
  for (const auto& p : {dir + "/corpus.jsonl", dir + "/queries.jsonl", qrels_path}) {
    if (Status s = RequireFile(p); !s.ok()) return s;
  }
  ds.corpus_paths = {dir + "/corpus.jsonl"};
  auto qrels = ReadQrels(qrels_path, "beir:");
  if (!qrels.ok()) return qrels.status();
  ds.qrels = std::move(*qrels);
  auto topics = ReadTopics(dir + "/queries.jsonl");
  if (!topics.ok()) return topics.status();
  for (auto& t : *topics) {
    if (ds.qrels.count(t.id)) ds.topics.push_back(std::move(t));
  }
  return ds;
}

StatusOr<Dataset> LoadTrec(const std::vector<std::string>& corpus_paths, const std::string& topics_path,
                           const std::string& qrels_path, const std::string& doc_prefix) {
  Dataset ds;
  ds.name = "trec:" + fs::path(topics_path).filename().string();
  ds.corpus_paths = corpus_paths;
  auto topics = ReadTopics(topics_path);
  if (!topics.ok()) return topics.status();
  ds.topics = std::move(*topics);
  auto qrels = ReadQrels(qrels_path, doc_prefix);
  if (!qrels.ok()) return qrels.status();
  ds.qrels = std::move(*qrels);
  return ds;
}

}  // namespace medoracle::eval
