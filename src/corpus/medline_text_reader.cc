// Reader for the MEDLINE/PubMed display text format (PMID- tagged lines).
#include <algorithm>
#include <cctype>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "corpus/reader.h"
#include "corpus/study_design.h"
#include "corpus/text.h"

namespace medoracle {
namespace {

// One "TAG - value" field; continuation lines are joined to value with a space.
struct Field {
  std::string tag;
  std::string value;
};

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// "PMID- 123", "TI  - ...", "AU  - ...": a tag of up to four characters padded to four,
// then "- ". Returns false for anything else.
bool ParseTagLine(std::string_view line, Field* field) {
  if (line.size() < 5 || line[4] != '-' || (line.size() > 5 && line[5] != ' ')) return false;
  const std::string_view tag = Trim(line.substr(0, 4));
  if (tag.empty() || !std::all_of(tag.begin(), tag.end(),
                                  [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); })) {
    return false;
  }
  field->tag = std::string(tag);
  field->value = std::string(Trim(line.substr(5)));
  return true;
}

bool IsLabelChar(char c) {
  return (c >= 'A' && c <= 'Z') || c == ' ' || c == '/' || c == '&' || c == '-' || c == ',';
}

// If a structured-abstract label ("METHODS", "MATERIALS AND METHODS", "CONCLUSIONS/SIGNIFICANCE")
// followed by ": " starts at text[pos], returns its length (without ": "), else 0.
size_t LabelAt(std::string_view text, size_t pos) {
  size_t end = pos;
  while (end < text.size() && IsLabelChar(text[end])) ++end;
  // A sentence that merely starts with a capitalised word stops the run at its first
  // lower-case letter, so only all-capitals text right before ": " is a label.
  if (end + 1 >= text.size() || text[end] != ':' || text[end + 1] != ' ') return 0;
  const std::string_view label = text.substr(pos, end - pos);
  auto upper = [](char c) { return c >= 'A' && c <= 'Z'; };
  if (label.empty() || !upper(label.front()) || !upper(label.back())) return 0;
  if (std::count_if(label.begin(), label.end(), upper) < 3) return 0;
  return label.size();
}

// Splits "BACKGROUND: ... METHODS: ..." into labelled parts. A structured abstract starts
// with a label, and each later label follows the end of a sentence; otherwise the whole
// text is one "Abstract" part.
std::vector<std::pair<std::string, std::string>> SplitAbstract(const std::string& abstract) {
  const std::string text = CollapseWhitespace(abstract);
  std::vector<std::pair<size_t, size_t>> labels;  // (start, length)
  if (size_t len = LabelAt(text, 0)) labels.push_back({0, len});
  if (labels.empty()) return {{"Abstract", text}};
  for (size_t i = 2; i < text.size(); ++i) {
    if (text[i - 1] != ' ' || (text[i - 2] != '.' && text[i - 2] != '?' && text[i - 2] != '!')) continue;
    if (size_t len = LabelAt(text, i)) labels.push_back({i, len});
  }
  std::vector<std::pair<std::string, std::string>> parts;
  for (size_t k = 0; k < labels.size(); ++k) {
    const auto [start, len] = labels[k];
    const size_t body = start + len + 2;
    const size_t end = k + 1 < labels.size() ? labels[k + 1].first : text.size();
    parts.emplace_back(text.substr(start, len), text.substr(body, end > body ? end - body : 0));
  }
  return parts;
}

// "*Software" -> "Software" (the star marks a major topic).
std::string WithoutStar(std::string_view term) {
  while (!term.empty() && term.front() == '*') term.remove_prefix(1);
  return std::string(Trim(term));
}

// "Information Storage and Retrieval/*methods" -> "Information Storage and Retrieval"
// (the MeSH descriptor without its qualifiers, as DescriptorName in the XML).
std::string MeshDescriptor(std::string_view heading) {
  return WithoutStar(heading.substr(0, heading.find('/')));
}

void AddUnique(std::vector<std::string>* list, std::string value) {
  if (value.empty() || std::find(list->begin(), list->end(), value) != list->end()) return;
  list->push_back(std::move(value));
}

// "10.1118/1.4748329 [doi]" -> "10.1118/1.4748329" when the bracketed kind is doi.
std::string DoiOf(std::string_view value) {
  constexpr std::string_view kSuffix = "[doi]";
  value = Trim(value);
  if (value.size() <= kSuffix.size() || value.substr(value.size() - kSuffix.size()) != kSuffix) return "";
  return std::string(Trim(value.substr(0, value.size() - kSuffix.size())));
}

class MedlineTextReader {
 public:
  MedlineTextReader(const InputFile& file, RecordSink& sink) : file_(file), sink_(sink) {}

  void Read() {
    std::string_view rest = file_.content;
    while (!rest.empty()) {
      const size_t nl = rest.find('\n');
      std::string_view line = rest.substr(0, nl);
      rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
      if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
      ReadLine(line);
    }
    Flush();
  }

  bool saw_fields() const { return saw_fields_; }

 private:
  void ReadLine(std::string_view line) {
    if (Trim(line).empty()) return Flush();  // a blank line ends a record
    Field field;
    if (!line.empty() && line.front() != ' ' && line.front() != '\t' && ParseTagLine(line, &field)) {
      if (field.tag == "PMID" && has_pmid_) Flush();  // records not separated by a blank line
      has_pmid_ = has_pmid_ || field.tag == "PMID";
      saw_fields_ = true;
      fields_.push_back(std::move(field));
    } else if (!fields_.empty()) {
      // A continuation line (indented by six spaces; unindented stray text is joined too).
      fields_.back().value += ' ';
      fields_.back().value += Trim(line);
    }
  }

  void Flush() {
    if (!fields_.empty()) Emit();
    fields_.clear();
    has_pmid_ = false;
  }

  // The cleaned value of the first field with this tag, or "".
  std::string First(std::string_view tag) const {
    for (const Field& f : fields_) {
      if (f.tag == tag) return CollapseWhitespace(SanitizeUtf8(f.value));
    }
    return "";
  }

  // The DOI from the first "AID - ... [doi]" line, else from an "LID - ... [doi]" line.
  std::string Doi() const {
    for (std::string_view tag : {"AID", "LID"}) {
      for (const Field& f : fields_) {
        if (f.tag != tag) continue;
        if (std::string doi = DoiOf(CollapseWhitespace(SanitizeUtf8(f.value))); !doi.empty()) return doi;
      }
    }
    return "";
  }

  void Emit() {
    ++record_number_;
    Document doc;
    doc.pmid = First("PMID");
    if (doc.pmid.empty()) {
      sink_.OnSkip({file_.path, "record " + std::to_string(record_number_), "no PMID line"});
      return;
    }
    doc.id = "pmid:" + doc.pmid;
    doc.source = "pubmed";
    doc.url = "https://pubmed.ncbi.nlm.nih.gov/" + doc.pmid + "/";
    doc.title = First("TI");
    if (doc.title.empty()) doc.title = First("TT");  // transliterated title
    doc.venue = First("JT");
    if (doc.venue.empty()) doc.venue = First("TA");
    doc.year = FirstYear(First("DP"));
    if (doc.year == 0) doc.year = FirstYear(First("DEP").substr(0, 4));  // DEP is YYYYMMDD
    doc.doi = Doi();
    doc.language = First("LA");
    std::vector<std::string> publication_types;
    for (const Field& f : fields_) {
      const std::string value = CollapseWhitespace(SanitizeUtf8(f.value));
      if (f.tag == "AU" || f.tag == "CN") AddUnique(&doc.authors, value);
      if (f.tag == "PT") publication_types.push_back(value);
      if (f.tag == "MH") AddUnique(&doc.keywords, MeshDescriptor(value));
      if (f.tag == "OT") AddUnique(&doc.keywords, WithoutStar(value));
    }
    doc.type = RefTypeFromPublicationTypes(publication_types);

    DocumentBuilder builder(std::move(doc));
    for (const auto& [label, text] : SplitAbstract(First("AB"))) builder.AddSection(label, text);
    // As in PubMed XML: a citation without an abstract is its title.
    if (builder.empty()) builder.AddSection("Title", builder.doc().title);
    if (builder.empty()) {
      sink_.OnSkip({file_.path, builder.doc().id, "no title or abstract"});
      return;
    }
    Document finished = builder.Finish();
    // As in PubMed XML: a record typed only "Journal Article" is typed by what it says.
    if (finished.type == RefType::kOther) finished.type = StudyDesignOf(finished);
    sink_.OnDocument(std::move(finished));
  }

  const InputFile& file_;
  RecordSink& sink_;
  std::vector<Field> fields_;
  bool has_pmid_ = false;
  bool saw_fields_ = false;
  int record_number_ = 0;
};

}  // namespace

Status ReadMedlineText(const InputFile& file, RecordSink& sink) {
  MedlineTextReader reader(file, sink);
  reader.Read();
  if (!reader.saw_fields()) {
    return Status::Corruption(file.path +
                              ": not MEDLINE text: no \"TAG - value\" line (e.g. \"PMID- 123\") found");
  }
  return Status::Ok();
}

}  // namespace medoracle
