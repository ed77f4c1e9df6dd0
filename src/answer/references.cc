// Reference entries and their numbering by first use.
#include "answer/references.h"

#include <algorithm>
#include <map>

namespace medoracle {

Reference ReferenceFor(const Document& doc) {
  Reference r;
  r.id = doc.id;
  r.type = doc.type;
  r.title = DisplayTitle(doc);
  r.source = doc.type == RefType::kEditorialOverview ? "medoracle editorial team" : doc.venue;
  r.year = doc.year;
  r.url = doc.url;
  r.loaded = true;
  if (r.url.empty() && !doc.pmid.empty()) r.url = "https://pubmed.ncbi.nlm.nih.gov/" + doc.pmid + "/";
  if (r.url.empty() && !doc.doi.empty()) r.url = "https://doi.org/" + doc.doi;
  return r;
}

void NumberReferences(Answer* answer) {
  // Display order: the callouts (a drug's boxed warning), the bottom line, the patient's "seek
  // care now" block right under it, then the sections.
  std::vector<Statement*> order;
  for (auto& callout : answer->callouts) {
    for (auto& st : callout.statements) order.push_back(&st);
  }
  order.push_back(&answer->bottom_line);
  for (auto& st : answer->seek_care) order.push_back(&st);
  for (auto& section : answer->sections) {
    for (auto& st : section.statements) order.push_back(&st);
  }
  std::map<int, int> renumber;  // old -> new
  auto note = [&renumber](int old) {
    if (!renumber.count(old)) renumber.emplace(old, static_cast<int>(renumber.size()) + 1);
  };
  for (const Statement* st : order) {
    // Within a statement: its own source first, then the works it cites.
    for (const Evidence& e : st->evidence) note(e.ref);
    for (int c : st->citations) note(c);
  }
  for (Statement* st : order) {
    for (Evidence& e : st->evidence) e.ref = renumber.count(e.ref) ? renumber[e.ref] : e.ref;
    for (int& c : st->citations) c = renumber[c];
    std::sort(st->citations.begin(), st->citations.end());
    st->citations.erase(std::unique(st->citations.begin(), st->citations.end()), st->citations.end());
  }
  std::vector<Reference> kept;
  for (Reference r : answer->references) {
    auto it = renumber.find(r.n);
    if (it == renumber.end()) continue;
    r.n = it->second;
    kept.push_back(std::move(r));
  }
  std::sort(kept.begin(), kept.end(), [](const Reference& a, const Reference& b) { return a.n < b.n; });
  answer->references = std::move(kept);
}

}  // namespace medoracle
