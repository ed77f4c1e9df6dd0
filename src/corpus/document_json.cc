// JSON form of a Document.
#include "corpus/document_json.h"

#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

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

// ---- ScanDocument: the same reading as DocumentFromJson, on the JSON text.

bool ScanStrings(JsonScanner* in, std::vector<std::string>* out) {
  out->clear();
  if (!in->BeginArray()) return false;
  for (bool done = false;;) {
    if (!in->NextElement(&done)) return false;
    if (done) return true;
    out->emplace_back();
    if (!in->String(&out->back())) return false;
  }
}

bool ScanUint32(JsonScanner* in, uint32_t* out) {
  uint64_t v = 0;
  if (!in->Unsigned(&v) || v > std::numeric_limits<uint32_t>::max()) return false;
  *out = static_cast<uint32_t>(v);
  return true;
}

bool ScanInt(JsonScanner* in, int* out) {
  uint64_t v = 0;
  if (!in->Unsigned(&v) || v > static_cast<uint64_t>(std::numeric_limits<int>::max())) return false;
  *out = static_cast<int>(v);
  return true;
}

// An array of objects: on_member(key) reads (or skips) each member's value and returns a bit
// number for a known key (1-31; a repeat of it is refused), 0 for another, -1 on error; on_end()
// after each object.
template <typename OnMember, typename OnEnd>
bool ScanObjects(JsonScanner* in, OnMember on_member, OnEnd on_end) {
  if (!in->BeginArray()) return false;
  std::string key;
  for (bool done = false;;) {
    if (!in->NextElement(&done)) return false;
    if (done) return true;
    if (!in->BeginObject()) return false;
    uint32_t seen = 0;
    for (bool end = false;;) {
      if (!in->NextKey(&key, &end)) return false;
      if (end) break;
      const int bit = on_member(key);
      if (bit < 0) return false;
      if (bit > 0) {
        if (seen & (1u << bit)) return false;
        seen |= 1u << bit;
      }
    }
    on_end();
  }
}

}  // namespace

bool ScanDocument(JsonScanner* in, Document* doc, bool text_given) {
  std::string text;
  std::vector<Span> given_sentences;
  if (text_given) {
    text = std::move(doc->text);
    given_sentences = std::move(doc->sentences);
  }
  *doc = Document();
  if (!in->BeginObject()) return false;
  // Spans are checked against the text once it is read (keys come in any order).
  struct PendingSpan {
    Span span;
    bool complete = false;
  };
  std::vector<PendingSpan> citation_spans, section_spans, sentence_spans;
  std::string type = "other", key;
  bool has_id = false, has_text = text_given, has_sections = false, has_sentences = text_given;
  if (text_given) {
    doc->text = std::move(text);
    doc->sentences = std::move(given_sentences);
  }
  uint64_t seen = 0;
  // Member readers for the span arrays: bit 1 start, 2 end; 0 other; -1 error.
  auto span_member = [in](std::string_view k, Span* s) -> int {
    if (k == "start") return ScanUint32(in, &s->start) ? 1 : -1;
    if (k == "end") return ScanUint32(in, &s->end) ? 2 : -1;
    return in->Skip() ? 0 : -1;
  };
  for (bool done = false;;) {
    if (!in->NextKey(&key, &done)) return false;
    if (done) break;
    // Each known key once (a repeat is left to nlohmann, where the last one wins).
    static constexpr std::string_view kKeys[] = {"id",          "source",        "type",     "title",    "venue",
                                                 "year",        "authors",       "url",      "pmid",     "doi",
                                                 "language",    "keywords",      "focus",    "synonyms", "questions",
                                                 "displayable", "review_status", "updated",  "text",     "references",
                                                 "citations",   "sections",      "sentences"};
    size_t which = std::size(kKeys);
    for (size_t k = 0; k < std::size(kKeys); ++k) {
      if (key == kKeys[k]) which = k;
    }
    if (which == std::size(kKeys)) {
      if (!in->Skip()) return false;
      continue;
    }
    if (seen & (uint64_t{1} << which)) return false;
    if (text_given && (key == "text" || key == "sentences")) return false;
    seen |= uint64_t{1} << which;
    bool ok = true;
    if (key == "id") {
      ok = in->String(&doc->id), has_id = true;
    } else if (key == "source") {
      ok = in->String(&doc->source);
    } else if (key == "type") {
      ok = in->String(&type);
    } else if (key == "title") {
      ok = in->String(&doc->title);
    } else if (key == "venue") {
      ok = in->String(&doc->venue);
    } else if (key == "year") {
      ok = ScanInt(in, &doc->year);
    } else if (key == "authors") {
      ok = ScanStrings(in, &doc->authors);
    } else if (key == "url") {
      ok = in->String(&doc->url);
    } else if (key == "pmid") {
      ok = in->String(&doc->pmid);
    } else if (key == "doi") {
      ok = in->String(&doc->doi);
    } else if (key == "language") {
      ok = in->String(&doc->language);
    } else if (key == "keywords") {
      ok = ScanStrings(in, &doc->keywords);
    } else if (key == "focus") {
      ok = in->String(&doc->focus);
    } else if (key == "synonyms") {
      ok = ScanStrings(in, &doc->synonyms);
    } else if (key == "questions") {
      ok = ScanStrings(in, &doc->questions);
    } else if (key == "displayable") {
      ok = in->Bool(&doc->displayable);
    } else if (key == "review_status") {
      ok = in->String(&doc->review_status);
    } else if (key == "updated") {
      ok = in->String(&doc->updated);
    } else if (key == "text") {
      ok = in->String(&doc->text), has_text = true;
    } else if (key == "references") {
      CitedSource r;
      ok = ScanObjects(
          in,
          [&](std::string_view k) -> int {
            if (k == "id") return in->String(&r.id) ? 1 : -1;
            if (k == "title") return in->String(&r.title) ? 2 : -1;
            if (k == "venue") return in->String(&r.venue) ? 3 : -1;
            if (k == "year") return ScanInt(in, &r.year) ? 4 : -1;
            if (k == "url") return in->String(&r.url) ? 5 : -1;
            return in->Skip() ? 0 : -1;
          },
          [&] {
            doc->references.push_back(std::move(r));
            r = CitedSource();
          });
    } else if (key == "citations") {
      Citation c;
      PendingSpan span;
      int parts = 0;
      ok = ScanObjects(
          in,
          [&](std::string_view k) -> int {
            if (k == "sources") return ScanStrings(in, &c.source_ids) ? 3 : -1;
            const int bit = span_member(k, &span.span);
            if (bit > 0) parts |= bit;
            return bit;
          },
          [&] {
            span.complete = (parts & 3) == 3;
            citation_spans.push_back(span);
            doc->citations.push_back(std::move(c));
            c = Citation(), span = PendingSpan(), parts = 0;
          });
    } else if (key == "sections") {
      Section s;
      PendingSpan span;
      int parts = 0;
      ok = ScanObjects(
          in,
          [&](std::string_view k) -> int {
            if (k == "label") return in->String(&s.label) ? 3 : -1;
            const int bit = span_member(k, &span.span);
            if (bit > 0) parts |= bit;
            return bit;
          },
          [&] {
            span.complete = (parts & 3) == 3;
            section_spans.push_back(span);
            doc->sections.push_back(std::move(s));
            s = Section(), span = PendingSpan(), parts = 0;
          });
      has_sections = true;
    } else if (key == "sentences") {
      PendingSpan span;
      int parts = 0;
      ok = ScanObjects(
          in,
          [&](std::string_view k) -> int {
            const int bit = span_member(k, &span.span);
            if (bit > 0) parts |= bit;
            return bit;
          },
          [&] {
            span.complete = (parts & 3) == 3;
            sentence_spans.push_back(span);
            span = PendingSpan(), parts = 0;
          });
      has_sentences = true;
    }
    if (!ok) return false;
  }
  if (!has_id || !has_text || !has_sections || !has_sentences) return false;
  if (!ParseRefType(type, &doc->type)) return false;
  // ReadSpan's checks: both ends present, in order, inside the text.
  const size_t text_size = doc->text.size();
  auto fits = [text_size](const PendingSpan& p) {
    return p.complete && p.span.start <= p.span.end && p.span.end <= text_size;
  };
  for (size_t i = 0; i < citation_spans.size(); ++i) {
    if (!fits(citation_spans[i])) return false;
    doc->citations[i].span = citation_spans[i].span;
  }
  for (size_t i = 0; i < section_spans.size(); ++i) {
    if (!fits(section_spans[i])) return false;
    doc->sections[i].span = section_spans[i].span;
  }
  doc->sentences.reserve(sentence_spans.size());
  for (const PendingSpan& p : sentence_spans) {
    if (!fits(p)) return false;
    doc->sentences.push_back(p.span);
  }
  return true;
}

StatusOr<Document> DocumentFromJsonText(std::string_view json) {
  Document doc;
  JsonScanner in(json);
  if (ScanDocument(&in, &doc) && in.AtEnd()) return doc;
  nlohmann::json j = nlohmann::json::parse(json, nullptr, false);
  if (j.is_discarded()) return Status::Corruption("document JSON: malformed");
  return DocumentFromJson(j);
}

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
