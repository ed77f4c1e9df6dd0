// Stale flags after an ingest: approved answers whose cited text changed or that would now cite new evidence.
#include <optional>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include <nlohmann/json.hpp>

#include "answer/render.h"
#include "corpus/text.h"
#include "review/workflow.h"

namespace medoracle::review {
namespace {

using nlohmann::json;

constexpr size_t kPage = 500;

// Every statement of an answer JSON: callouts, bottom line, seek-care block, sections.
std::vector<const json*> Statements(const json& answer) {
  std::vector<const json*> out;
  if (answer.contains("callouts") && answer["callouts"].is_array()) {
    for (const json& callout : answer["callouts"]) {
      if (!callout.is_object() || !callout.contains("statements") || !callout["statements"].is_array()) continue;
      for (const json& st : callout["statements"]) out.push_back(&st);
    }
  }
  if (answer.contains("bottom_line") && answer["bottom_line"].is_object())
    out.push_back(&answer["bottom_line"]);
  if (answer.contains("seek_care") && answer["seek_care"].is_array()) {
    for (const json& st : answer["seek_care"]) out.push_back(&st);
  }
  if (answer.contains("sections") && answer["sections"].is_array()) {
    for (const json& section : answer["sections"]) {
      if (!section.is_object() || !section.contains("statements") || !section["statements"].is_array())
        continue;
      for (const json& st : section["statements"]) out.push_back(&st);
    }
  }
  return out;
}

// Documents fetched once per run; nullopt = not in the index.
class DocumentCache {
 public:
  explicit DocumentCache(const Index& index) : index_(index) {}

  StatusOr<const Document*> Get(const std::string& id) {
    auto it = docs_.find(id);
    if (it == docs_.end()) {
      StatusOr<Document> doc = index_.Fetch(id);
      if (!doc.ok() && doc.status().code() != Status::Code::kNotFound) return doc.status();
      it = docs_.emplace(id, doc.ok() ? std::optional<Document>(std::move(*doc)) : std::nullopt).first;
    }
    return it->second ? &*it->second : nullptr;
  }

 private:
  const Index& index_;
  std::unordered_map<std::string, std::optional<Document>> docs_;
};

struct Quote {
  std::string doc_id;
  int64_t start = 0;
  int64_t end = 0;
};

std::vector<Quote> Quotes(const json& statement) {
  std::vector<Quote> quotes;
  if (!statement.contains("evidence") || !statement["evidence"].is_array()) return quotes;
  for (const json& e : statement["evidence"]) {
    quotes.push_back({e.value("doc_id", ""), e.value("start", int64_t{0}), e.value("end", int64_t{0})});
  }
  return quotes;
}

std::string SpanName(const Quote& q) {
  return q.doc_id + " changed at " + std::to_string(q.start) + "-" + std::to_string(q.end);
}

// Why the approved answer no longer matches the documents of changed that it cites ("" when it does).
StatusOr<std::string> CitedChange(const json& answer, const std::unordered_set<std::string>& changed,
                                  const Index& index, DocumentCache& docs) {
  for (const json* st : Statements(answer)) {
    const std::vector<Quote> quotes = Quotes(*st);
    bool touched = false;
    for (const Quote& q : quotes) touched = touched || changed.count(q.doc_id) != 0;
    if (!touched) continue;
    const std::string text = CollapseWhitespace(st->value("text", ""));
    std::string joined;
    const Quote* blamed = nullptr;
    for (const Quote& q : quotes) {
      auto doc = docs.Get(q.doc_id);
      if (!doc.ok()) return doc.status();
      if (*doc == nullptr) return "cited " + q.doc_id + " was deleted";
      const Document& d = **doc;
      if (q.start < 0 || q.end < q.start || static_cast<uint64_t>(q.end) > d.text.size()) {
        return "cited " + SpanName(q);
      }
      const std::string slice =
          CollapseWhitespace(d.Slice({static_cast<uint32_t>(q.start), static_cast<uint32_t>(q.end)}));
      if (blamed == nullptr && changed.count(q.doc_id) != 0 && text.find(slice) == std::string::npos)
        blamed = &q;
      joined += (joined.empty() ? "" : " ") + slice;
    }
    if (joined != text) {
      if (blamed == nullptr) {
        for (const Quote& q : quotes) {
          if (blamed == nullptr && changed.count(q.doc_id) != 0) blamed = &q;
        }
      }
      return "cited " + SpanName(*blamed);
    }
  }
  if (answer.contains("references") && answer["references"].is_array()) {
    for (const json& r : answer["references"]) {
      const std::string id = r.value("id", "");
      if (changed.count(id) != 0 && !index.Contains(id)) return "cited " + id + " was deleted";
    }
  }
  return std::string();
}

// Why recomposing the answer now quotes new evidence from changed ("" when it does not): a
// statement of a changed document that no version of the answer quoted, or a changed document
// that none of its versions listed among its references.
StatusOr<std::string> NewEvidence(store::Store& store, const Index& index, const store::AnswerRecord& record,
                                  const json& approved, const std::unordered_set<std::string>& changed) {
  const std::string retrieval = approved.contains("searched_as") && approved["searched_as"].is_string()
                                    ? approved["searched_as"].get<std::string>()
                                    : approved.value("question", record.question);
  AskOptions options;
  options.audience = record.audience;
  auto recomposed = ComposeAnswer(index, retrieval, options);
  if (!recomposed.ok()) return recomposed.status();
  const json now = AnswerToJson(*recomposed);

  auto versions = store.ListVersions(record.id);
  if (!versions.ok()) return versions.status();
  std::set<std::pair<std::string, std::string>> quoted;  // (doc id, statement text)
  std::set<std::string> referenced;
  for (const store::AnswerVersion& v : *versions) {
    json j = json::parse(v.json, nullptr, false);
    if (j.is_discarded() || !j.is_object()) continue;
    for (const json* st : Statements(j)) {
      for (const Quote& q : Quotes(*st)) quoted.emplace(q.doc_id, CollapseWhitespace(st->value("text", "")));
    }
    for (const std::string& id : v.cited_doc_ids) referenced.insert(id);
  }
  for (const json* st : Statements(now)) {
    for (const Quote& q : Quotes(*st)) {
      if (changed.count(q.doc_id) == 0) continue;
      if (quoted.count({q.doc_id, CollapseWhitespace(st->value("text", ""))}) == 0) {
        return "new evidence " + q.doc_id + " would now be cited";
      }
    }
  }
  for (const Reference& r : recomposed->references) {
    if (changed.count(r.id) != 0 && referenced.count(r.id) == 0)
      return "new evidence " + r.id + " would now be cited";
  }
  return std::string();
}

}  // namespace

StatusOr<StalenessReport> FlagStaleAnswers(store::Store& store, const Index& index,
                                           const std::vector<std::string>& changed_doc_ids,
                                           const store::Actor& actor) {
  StalenessReport report;
  if (changed_doc_ids.empty()) return report;
  const std::unordered_set<std::string> changed(changed_doc_ids.begin(), changed_doc_ids.end());

  // Listed first: flagging moves answers out of "approved", which would shift the pages.
  std::vector<store::AnswerRecord> approved;
  store::AnswerFilter filter;
  filter.status = store::ReviewStatus::kApproved;
  filter.limit = kPage;
  for (;; filter.offset += kPage) {
    auto page = store.ListAnswers(filter);
    if (!page.ok()) return page.status();
    approved.insert(approved.end(), page->begin(), page->end());
    if (page->size() < kPage) break;
  }

  DocumentCache docs(index);
  for (const store::AnswerRecord& record : approved) {
    if (record.stale || record.approved_version <= 0) continue;
    ++report.checked;
    auto version = store.GetVersion(record.id, record.approved_version);
    if (!version.ok()) return version.status();
    json answer = json::parse(version->json, nullptr, false);
    if (answer.is_discarded() || !answer.is_object()) {
      return Status::Corruption("answer " + record.id + " version " +
                                std::to_string(record.approved_version) +
                                ": stored answer JSON does not parse");
    }
    StatusOr<std::string> reason = std::string();
    try {
      reason = CitedChange(answer, changed, index, docs);
      if (reason.ok() && reason->empty()) reason = NewEvidence(store, index, record, answer, changed);
    } catch (const json::exception& e) {
      reason =
          Status::Corruption("answer " + record.id + " version " + std::to_string(record.approved_version) +
                             ": stored answer JSON does not have the answer schema: " + e.what());
    }
    if (!reason.ok()) return reason.status();
    if (reason->empty()) continue;
    auto marked = store.MarkStale(record.id, *reason, actor);
    if (!marked.ok()) return marked.status();
    report.stale.emplace_back(record.id, *reason);
  }
  return report;
}

}  // namespace medoracle::review
