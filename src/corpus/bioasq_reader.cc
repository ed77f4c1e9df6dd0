// Reader for BioASQ golden-question JSON, as a snippet collection keyed by PMID.
//
// Each PMID that a snippet of the file points to becomes one document: its distinct
// snippets are its sentences (one snippet = one sentence span, exactly), grouped into one
// section per beginSection ("title", "abstract", ...) and ordered by offsetInBeginSection.
// The same PMID recurs across the yearly files; the ingest layer merges those documents.
#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include <nlohmann/json.hpp>

#include "corpus/json_util.h"
#include "corpus/reader.h"
#include "corpus/study_design.h"
#include "corpus/text.h"

namespace medoracle {
namespace {

using nlohmann::json;

// The PMID at the end of a PubMed URL ("http://www.ncbi.nlm.nih.gov/pubmed/28293123",
// "https://pubmed.ncbi.nlm.nih.gov/28293123/"), or "" when there is none.
std::string PmidFromUrl(std::string_view url) {
  while (!url.empty() && (url.back() == '/' || url.back() == ' ')) url.remove_suffix(1);
  const size_t slash = url.rfind('/');
  const std::string_view last = slash == std::string_view::npos ? url : url.substr(slash + 1);
  if (last.empty() || last.find_first_not_of("0123456789") != std::string_view::npos) return "";
  return std::string(last);
}

struct Snippet {
  int section_rank = 0;  // title, abstract, then other sections
  std::string section;
  int64_t offset = 0;
  size_t seq = 0;    // file order, the last tie-breaker
  std::string text;  // cleaned (UTF-8 repaired, whitespace collapsed)
};

struct PmidGroup {
  std::string pmid;
  std::vector<Snippet> snippets;
  std::vector<std::string> questions;
};

int SectionRank(std::string_view section) {
  if (section == "title") return 0;
  if (section == "abstract") return 1;
  return 2;
}

Document BuildDocument(PmidGroup& group) {
  std::stable_sort(group.snippets.begin(), group.snippets.end(), [](const Snippet& a, const Snippet& b) {
    if (a.section_rank != b.section_rank) return a.section_rank < b.section_rank;
    if (a.section != b.section) return a.section < b.section;
    if (a.offset != b.offset) return a.offset < b.offset;
    return a.seq < b.seq;
  });
  Document doc;
  doc.id = "pmid:" + group.pmid;
  doc.source = "bioasq";
  doc.type = RefType::kOther;
  doc.pmid = group.pmid;
  doc.url = "https://pubmed.ncbi.nlm.nih.gov/" + group.pmid + "/";
  doc.questions = std::move(group.questions);
  for (const Snippet& s : group.snippets) {
    if (s.section == "title") {
      doc.title = s.text;
      break;
    }
  }
  DocumentBuilder builder(std::move(doc));
  std::unordered_set<std::string_view> seen;  // views into group.snippets, which outlive it
  std::vector<std::string> items;
  for (size_t i = 0; i < group.snippets.size(); ++i) {
    const Snippet& s = group.snippets[i];
    if (seen.insert(s.text).second) items.push_back(s.text);
    const bool section_ends = i + 1 == group.snippets.size() || group.snippets[i + 1].section != s.section;
    if (section_ends && !items.empty()) {
      builder.AddSplitSection(s.section, items);
      items.clear();
    }
  }
  Document finished = builder.Finish();
  finished.type = StudyDesignOf(finished);  // from its snippets (the ingest retypes merged records)
  return finished;
}

}  // namespace

Status ReadBioasqJson(const InputFile& file, RecordSink& sink) {
  json root;
  if (Status parsed = ParseJsonFile(file, &root); !parsed.ok()) return parsed;
  const json* questions = nullptr;
  if (root.is_object()) {
    if (const auto it = root.find("questions"); it != root.end() && it->is_array()) questions = &*it;
  }
  if (questions == nullptr) {
    return Status::Corruption(file.path + ": not a BioASQ file (no top-level \"questions\" array)");
  }

  std::vector<PmidGroup> groups;  // in order of first appearance in a snippet
  std::unordered_map<std::string, size_t> group_of;
  size_t seq = 0;
  for (size_t qi = 0; qi < questions->size(); ++qi) {
    const json& q = (*questions)[qi];
    const std::string qid = q.is_object() ? StringOf(q, "id") : "";
    const std::string where = qid.empty() ? "question " + std::to_string(qi + 1) : qid;
    if (!q.is_object()) {
      sink.OnSkip({file.path, where, "question is not a JSON object"});
      continue;
    }
    const auto snippets = q.find("snippets");
    if (snippets == q.end() || !snippets->is_array()) continue;
    for (size_t si = 0; si < snippets->size(); ++si) {
      const json& s = (*snippets)[si];
      const std::string snippet_where = where + " snippet " + std::to_string(si + 1);
      if (!s.is_object()) {
        sink.OnSkip({file.path, snippet_where, "snippet is not a JSON object"});
        continue;
      }
      const std::string pmid = PmidFromUrl(StringOf(s, "document"));
      if (pmid.empty()) {
        sink.OnSkip({file.path, snippet_where, "no PubMed id in \"document\" URL"});
        continue;
      }
      Snippet snippet;
      snippet.text = CollapseWhitespace(SanitizeUtf8(StringOf(s, "text")));
      if (snippet.text.empty()) {
        sink.OnSkip({file.path, snippet_where, "empty snippet text"});
        continue;
      }
      snippet.section = CollapseWhitespace(SanitizeUtf8(StringOf(s, "beginSection")));
      snippet.section_rank = SectionRank(snippet.section);
      if (const auto off = s.find("offsetInBeginSection"); off != s.end() && off->is_number_integer()) {
        snippet.offset = off->get<int64_t>();
      }
      snippet.seq = seq++;
      const auto [it, added] = group_of.try_emplace(pmid, groups.size());
      if (added) groups.push_back({pmid, {}, {}});
      groups[it->second].snippets.push_back(std::move(snippet));
    }
  }

  // Questions cite a PMID through their "documents" list or a snippet.
  for (const json& q : *questions) {
    if (!q.is_object()) continue;
    const std::string body = CollapseWhitespace(SanitizeUtf8(StringOf(q, "body")));
    if (body.empty()) continue;
    std::vector<std::string> urls;
    if (const auto docs = q.find("documents"); docs != q.end() && docs->is_array()) {
      for (const json& d : *docs) {
        if (d.is_string()) urls.push_back(d.get<std::string>());
      }
    }
    if (const auto snippets = q.find("snippets"); snippets != q.end() && snippets->is_array()) {
      for (const json& s : *snippets) {
        if (s.is_object()) urls.push_back(StringOf(s, "document"));
      }
    }
    for (const std::string& url : urls) {
      const auto it = group_of.find(PmidFromUrl(url));
      if (it == group_of.end()) continue;
      auto& cited_by = groups[it->second].questions;
      if (std::find(cited_by.begin(), cited_by.end(), body) == cited_by.end()) cited_by.push_back(body);
    }
  }

  for (PmidGroup& group : groups) sink.OnDocument(BuildDocument(group));
  return Status::Ok();
}

}  // namespace medoracle
