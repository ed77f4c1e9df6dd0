// Readers for vocabularies: Disease Ontology .obo and HPO layperson synonyms.
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "corpus/reader.h"
#include "corpus/text.h"

namespace medoracle {
namespace {

using std::string_view;

std::string Where(size_t line_no) { return "line " + std::to_string(line_no); }

// Reads a double-quoted string with backslash escapes starting at text[0] == '"'. Returns
// false when the closing quote is missing; *rest receives what follows it.
bool ReadQuoted(string_view text, std::string* out, string_view* rest) {
  if (text.empty() || text[0] != '"') return false;
  out->clear();
  for (size_t i = 1; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '"') {
      *rest = text.substr(i + 1);
      return true;
    }
    if (c == '\\' && i + 1 < text.size()) {
      const char e = text[++i];
      *out += e == 'n' ? ' ' : e == 't' ? ' ' : e;
      continue;
    }
    *out += c;
  }
  return false;
}

// A term or synonym as it goes into the vocabulary: valid UTF-8, single spaces, trimmed.
std::string CleanTerm(string_view text) { return CollapseWhitespace(SanitizeUtf8(text)); }

// Adds synonym to entry unless it is empty or repeats the term or an earlier synonym,
// ignoring ASCII case ("Pleomorphic Lipoma" and "pleomorphic lipoma" are one phrase for
// query expansion). seen holds the lower-cased phrases so far.
void AddSynonym(std::string synonym, VocabularyEntry* entry, std::unordered_set<std::string>* seen) {
  if (synonym.empty()) return;
  if (seen->empty()) seen->insert(AsciiLower(entry->term));
  if (!seen->insert(AsciiLower(synonym)).second) return;
  entry->synonyms.push_back(std::move(synonym));
}

// SNOMED CT semantic tags that Disease Ontology copies into synonyms
// ("spindle cell lipoma (disorder)"): they are not part of the phrase anyone writes.
string_view StripSemanticTag(string_view synonym) {
  for (string_view tag : {" (disorder)", " (morphologic abnormality)", " (finding)", " (qualifier value)",
                          " (situation)", " (navigational concept)"}) {
    if (synonym.size() > tag.size() && synonym.substr(synonym.size() - tag.size()) == tag) {
      return synonym.substr(0, synonym.size() - tag.size());
    }
  }
  return synonym;
}

// One OBO [Term] stanza as read so far.
struct OboTerm {
  size_t line_no = 0;  // of the "[Term]" header
  std::string id;
  std::string name;
  std::vector<std::string> exact_synonyms;
  bool obsolete = false;
};

void EmitOboTerm(const std::string& path, OboTerm& term, RecordSink& sink) {
  if (term.id.empty()) {
    sink.OnSkip({path, Where(term.line_no), "[Term] stanza without an id"});
    return;
  }
  if (term.obsolete) {
    sink.OnSkip({path, term.id, "obsolete term"});
    return;
  }
  if (term.name.empty()) {
    sink.OnSkip({path, term.id, "term without a name"});
    return;
  }
  VocabularyEntry entry;
  entry.source = "doid";
  entry.id = term.id;
  entry.term = term.name;
  std::unordered_set<std::string> seen;
  for (const std::string& synonym : term.exact_synonyms) {
    AddSynonym(std::string(StripSemanticTag(synonym)), &entry, &seen);
  }
  sink.OnVocabulary(std::move(entry));
}

// "<http://purl.obolibrary.org/obo/HP_0001658>" -> "HP:0001658"; "" when not an HPO IRI.
std::string HpoIdFromIri(string_view iri) {
  constexpr string_view kPrefix = "<http://purl.obolibrary.org/obo/HP_";
  if (iri.size() <= kPrefix.size() + 1 || iri.substr(0, kPrefix.size()) != kPrefix || iri.back() != '>')
    return "";
  const string_view digits = iri.substr(kPrefix.size(), iri.size() - kPrefix.size() - 1);
  for (char c : digits) {
    if (c < '0' || c > '9') return "";
  }
  return "HP:" + std::string(digits);
}

// A SPARQL result literal: "text" or "text"@en. Returns false when it is not quoted.
bool ReadLiteral(string_view field, std::string* out) {
  string_view rest;
  if (!ReadQuoted(field, out, &rest)) return false;
  return rest.empty() || rest[0] == '@' || rest.substr(0, 2) == "^^";
}

}  // namespace

Status ReadOboVocabulary(const InputFile& file, RecordSink& sink) {
  // Only [Term] stanzas are vocabulary; [Typedef] and header lines are ignored.
  bool in_term = false;
  size_t terms = 0;
  OboTerm term;
  ForEachLine(file.content, [&](string_view line, size_t line_no) {
    if (!line.empty() && line[0] == '[') {
      if (in_term) EmitOboTerm(file.path, term, sink);
      in_term = line == "[Term]";
      if (in_term) {
        ++terms;
        term = OboTerm{};
        term.line_no = line_no;
      }
      return;
    }
    if (!in_term) return;
    const size_t colon = line.find(": ");
    if (colon == string_view::npos) return;
    const string_view tag = line.substr(0, colon);
    const string_view value = line.substr(colon + 2);
    if (tag == "id") {
      term.id = CleanTerm(value);
    } else if (tag == "name") {
      term.name = CleanTerm(value);
    } else if (tag == "is_obsolete") {
      term.obsolete = value.substr(0, 4) == "true";
    } else if (tag == "synonym" || tag == "exact_synonym") {
      std::string text;
      string_view rest;
      if (!ReadQuoted(value, &text, &rest)) {
        sink.OnSkip({file.path, Where(line_no), "malformed synonym (no closing quote)"});
        return;
      }
      // Only EXACT synonyms name the same disease. RELATED, NARROW and BROAD ones name a
      // neighbour, a subtype or a parent ("cancer" for a specific carcinoma); expanding a
      // question with them would drift it to other diseases.
      if (tag == "exact_synonym" || rest.substr(0, 7) == " EXACT " || rest == " EXACT") {
        term.exact_synonyms.push_back(CleanTerm(text));
      }
    }
  });
  if (in_term) EmitOboTerm(file.path, term, sink);
  if (terms == 0) return Status::Corruption(file.path + ": no [Term] stanza (not an OBO ontology)");
  return Status::Ok();
}

Status ReadHpoLayperson(const InputFile& file, RecordSink& sink) {
  // Rows are "<IRI>\t\"label\"\t\"layperson phrase\"", one phrase per row, with a term's
  // rows scattered through the file: group them by term in order of first appearance.
  std::vector<VocabularyEntry> entries;
  std::vector<std::unordered_set<std::string>> seen;
  std::unordered_map<std::string, size_t> index;
  Status status;
  ForEachLine(file.content, [&](string_view line, size_t line_no) {
    if (!status.ok()) return;
    if (line_no == 1) {
      if (line.substr(0, 5) != "?term" || line.find("?layperson") == string_view::npos) {
        status =
            Status::Corruption(file.path + ": line 1: expected the header \"?term ?term_label ?layperson\"");
      }
      return;
    }
    if (line.find_first_not_of(" \t") == string_view::npos) return;
    std::vector<string_view> fields;
    for (size_t pos = 0;;) {
      const size_t tab = line.find('\t', pos);
      fields.push_back(line.substr(pos, tab == string_view::npos ? string_view::npos : tab - pos));
      if (tab == string_view::npos) break;
      pos = tab + 1;
    }
    if (fields.size() != 3) {
      sink.OnSkip({file.path, Where(line_no),
                   "expected 3 tab-separated fields, found " + std::to_string(fields.size())});
      return;
    }
    const std::string id = HpoIdFromIri(fields[0]);
    if (id.empty()) {
      sink.OnSkip(
          {file.path, Where(line_no), "not an HPO term IRI: " + std::string(fields[0].substr(0, 80))});
      return;
    }
    std::string label;
    std::string layperson;
    if (!ReadLiteral(fields[1], &label) || !ReadLiteral(fields[2], &layperson)) {
      sink.OnSkip({file.path, Where(line_no), "label and layperson phrase must be quoted strings"});
      return;
    }
    label = CleanTerm(label);
    layperson = CleanTerm(layperson);
    if (label.empty() || layperson.empty()) {
      sink.OnSkip({file.path, Where(line_no), "empty label or layperson phrase"});
      return;
    }
    auto [it, inserted] = index.emplace(id, entries.size());
    if (inserted) {
      VocabularyEntry entry;
      entry.source = "hpo";
      entry.id = id;
      entry.term = label;
      entries.push_back(std::move(entry));
      seen.emplace_back();
    }
    // A phrase equal to the label only says the label is already plain language.
    AddSynonym(std::move(layperson), &entries[it->second], &seen[it->second]);
  });
  if (!status.ok()) return status;
  for (VocabularyEntry& entry : entries) sink.OnVocabulary(std::move(entry));
  return Status::Ok();
}

}  // namespace medoracle
