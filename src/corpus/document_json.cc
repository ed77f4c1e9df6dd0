// JSON form of a Document.
#include "corpus/document_json.h"

namespace medoracle {
namespace {

nlohmann::json SpanJson(Span s) { return {{"start", s.start}, {"end", s.end}}; }

bool ReadSpan(const nlohmann::json& j, size_t text_size, Span* span) {
  if (!j.is_object() || !j.contains("start") || !j.contains("end")) return false;
  span->start = j["start"].get<uint32_t>();
  span->end = j["end"].get<uint32_t>();
  return span->start <= span->end && span->end <= text_size;
}

template <typename T>
void SetIfNotEmpty(nlohmann::json& j, const char* key, const T& value) {
  if (!value.empty()) j[key] = value;
}

}  // namespace

nlohmann::json DocumentToJson(const Document& doc) {
  nlohmann::json j;
  j["id"] = doc.id;
  j["source"] = doc.source;
  j["type"] = std::string(RefTypeName(doc.type));
  j["title"] = doc.title;
  SetIfNotEmpty(j, "venue", doc.venue);
  if (doc.year != 0) j["year"] = doc.year;
  SetIfNotEmpty(j, "authors", doc.authors);
  SetIfNotEmpty(j, "url", doc.url);
  SetIfNotEmpty(j, "pmid", doc.pmid);
  SetIfNotEmpty(j, "doi", doc.doi);
  SetIfNotEmpty(j, "language", doc.language);
  SetIfNotEmpty(j, "keywords", doc.keywords);
  SetIfNotEmpty(j, "focus", doc.focus);
  SetIfNotEmpty(j, "synonyms", doc.synonyms);
  SetIfNotEmpty(j, "questions", doc.questions);
  if (!doc.displayable) j["displayable"] = false;
  SetIfNotEmpty(j, "review_status", doc.review_status);
  SetIfNotEmpty(j, "updated", doc.updated);
  if (!doc.references.empty()) {
    auto& refs = j["references"] = nlohmann::json::array();
    for (const auto& r : doc.references) {
      nlohmann::json rj = {{"id", r.id}, {"title", r.title}};
      SetIfNotEmpty(rj, "venue", r.venue);
      if (r.year != 0) rj["year"] = r.year;
      SetIfNotEmpty(rj, "url", r.url);
      refs.push_back(std::move(rj));
    }
  }
  if (!doc.citations.empty()) {
    auto& cites = j["citations"] = nlohmann::json::array();
    for (const auto& c : doc.citations) {
      cites.push_back({{"start", c.span.start}, {"end", c.span.end}, {"sources", c.source_ids}});
    }
  }
  j["text"] = doc.text;
  auto& sections = j["sections"] = nlohmann::json::array();
  for (const auto& s : doc.sections) {
    sections.push_back({{"label", s.label}, {"start", s.span.start}, {"end", s.span.end}});
  }
  auto& sentences = j["sentences"] = nlohmann::json::array();
  for (const auto& s : doc.sentences) sentences.push_back(SpanJson(s));
  return j;
}

StatusOr<Document> DocumentFromJson(const nlohmann::json& j) {
  try {
    Document doc;
    doc.id = j.at("id").get<std::string>();
    doc.source = j.value("source", "");
    if (!ParseRefType(j.value("type", "other"), &doc.type)) {
      return Status::Corruption(doc.id + ": unknown reference type " + j.value("type", ""));
    }
    doc.title = j.value("title", "");
    doc.venue = j.value("venue", "");
    doc.year = j.value("year", 0);
    doc.authors = j.value("authors", std::vector<std::string>{});
    doc.url = j.value("url", "");
    doc.pmid = j.value("pmid", "");
    doc.doi = j.value("doi", "");
    doc.language = j.value("language", "");
    doc.keywords = j.value("keywords", std::vector<std::string>{});
    doc.focus = j.value("focus", "");
    doc.synonyms = j.value("synonyms", std::vector<std::string>{});
    doc.questions = j.value("questions", std::vector<std::string>{});
    doc.displayable = j.value("displayable", true);
    doc.review_status = j.value("review_status", "");
    doc.updated = j.value("updated", "");
    doc.text = j.at("text").get<std::string>();
    if (j.contains("references")) {
      for (const auto& rj : j["references"]) {
        doc.references.push_back({rj.value("id", ""), rj.value("title", ""), rj.value("venue", ""),
                                  rj.value("year", 0), rj.value("url", "")});
      }
    }
    if (j.contains("citations")) {
      for (const auto& cj : j["citations"]) {
        Citation c;
        if (!ReadSpan(cj, doc.text.size(), &c.span)) return Status::Corruption(doc.id + ": citation span out of range");
        c.source_ids = cj.value("sources", std::vector<std::string>{});
        doc.citations.push_back(std::move(c));
      }
    }
    for (const auto& sj : j.at("sections")) {
      Section s;
      s.label = sj.value("label", "");
      if (!ReadSpan(sj, doc.text.size(), &s.span)) return Status::Corruption(doc.id + ": section span out of range");
      doc.sections.push_back(std::move(s));
    }
    for (const auto& sj : j.at("sentences")) {
      Span s;
      if (!ReadSpan(sj, doc.text.size(), &s)) return Status::Corruption(doc.id + ": sentence span out of range");
      doc.sentences.push_back(s);
    }
    return doc;
  } catch (const nlohmann::json::exception& e) {
    return Status::Corruption(std::string("document JSON: ") + e.what());
  }
}

}  // namespace medoracle
