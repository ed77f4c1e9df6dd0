// Format detection from file name and content, and dispatch to the per-format readers.
#include <string>

#include "corpus/reader.h"
#include "corpus/text.h"

namespace medoracle {
namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string_view Head(const std::string& content, size_t n) {
  return std::string_view(content).substr(0, std::min(n, content.size()));
}

bool Contains(std::string_view hay, std::string_view needle) { return hay.find(needle) != std::string_view::npos; }

// An openFDA drug label (SPL fields): a "set_id" and either the "openfda" names or one of
// the LOINC section fields every prescribing information has.
bool LooksLikeDrugLabel(std::string_view text) {
  return Contains(text, "\"set_id\"") &&
         (Contains(text, "\"openfda\"") || Contains(text, "\"indications_and_usage\"") ||
          Contains(text, "\"dosage_and_administration\"") || Contains(text, "\"spl_product_data_elements\""));
}

// The first non-blank line of content (for JSONL sniffing).
std::string_view FirstLine(const std::string& content) {
  std::string_view v(content);
  size_t start = v.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return {};
  size_t end = v.find('\n', start);
  return v.substr(start, end == std::string_view::npos ? v.size() - start : end - start);
}

}  // namespace

std::string_view FormatName(Format format) {
  switch (format) {
    case Format::kUnknown: return "unknown";
    case Format::kPubmedXml: return "pubmed-xml";
    case Format::kMedlineText: return "medline-text";
    case Format::kJats: return "pmc-jats";
    case Format::kNgcXml: return "ngc-xml";
    case Format::kMedquadXml: return "medquad-xml";
    case Format::kScifactCorpus: return "scifact-corpus";
    case Format::kBeirCorpus: return "beir-corpus";
    case Format::kPubmedqaJson: return "pubmedqa-json";
    case Format::kBioasqJson: return "bioasq-json";
    case Format::kCovidqaJson: return "covidqa-json";
    case Format::kNfcorpusDocs: return "nfcorpus-docs";
    case Format::kMedoracleJsonl: return "medoracle-jsonl";
    case Format::kOverviewMarkdown: return "overview-markdown";
    case Format::kOboVocabulary: return "obo-vocabulary";
    case Format::kHpoLayperson: return "hpo-layperson";
    case Format::kOpenfdaLabels: return "openfda-labels";
  }
  return "unknown";
}

Format DetectFormat(const InputFile& file) {
  std::string name = AsciiLower(file.path);
  if (EndsWith(name, ".gz")) name.resize(name.size() - 3);
  if (EndsWith(name, ".zip")) name.resize(name.size() - 4);
  const std::string_view head = Head(file.content, 4096);

  if (EndsWith(name, ".obo") && Contains(head, "format-version:")) return Format::kOboVocabulary;
  if (EndsWith(name, ".tsv") && Contains(head, "?layperson")) return Format::kHpoLayperson;
  if (EndsWith(name, ".docs") && !head.empty() && Contains(FirstLine(file.content), "\t")) return Format::kNfcorpusDocs;
  if (EndsWith(name, ".md") && head.substr(0, 4) == "---\n" && Contains(head, "\nslug:")) return Format::kOverviewMarkdown;

  // XML formats only when the content is XML: a README that quotes "<QAPairs>" is not.
  const size_t first = file.content.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  if (first != std::string::npos && file.content[first] == '<') {
    if (Contains(head, "<PubmedArticleSet") || Contains(head, "<MedlineCitationSet") ||
        Contains(head, "<PubmedArticle>") || Contains(head, "<DeleteCitation")) {
      return Format::kPubmedXml;
    }
    if (Contains(head, "<QAPairs") || (Contains(head, "<Document ") && Contains(head, "<Focus")) ||
        (Contains(head, "<doc docid") && Contains(head, "<qaPairs")) || Contains(head, "<DiseaseFile")) {
      return Format::kMedquadXml;
    }
    if (Contains(head, "<xmlSource>") && Contains(head, "National Guideline Clearinghouse")) return Format::kNgcXml;
    if (EndsWith(name, ".nxml") || (Contains(head, "<article") && Contains(head, "JATS"))) return Format::kJats;
    return Format::kUnknown;
  }
  if (head.substr(0, 5) == "PMID-" || Contains(head, "\nPMID- ")) return Format::kMedlineText;

  if (EndsWith(name, ".jsonl") || EndsWith(name, ".ndjson")) {
    const std::string_view first = FirstLine(file.content);
    if (LooksLikeDrugLabel(first) && !Contains(first, "\"sections\"")) return Format::kOpenfdaLabels;
    if (Contains(first, "\"doc_id\"") && Contains(first, "\"abstract\"")) return Format::kScifactCorpus;
    if (Contains(first, "\"_id\"") && Contains(first, "\"text\"")) return Format::kBeirCorpus;
    if (Contains(first, "\"id\"") && Contains(first, "\"sections\"")) return Format::kMedoracleJsonl;
    return Format::kUnknown;
  }
  if (EndsWith(name, ".json")) {
    if (Contains(head, "\"questions\"") && Contains(head, "\"snippets\"")) return Format::kBioasqJson;
    if (Contains(head, "\"questions\"") && Contains(file.content, "\"snippets\"")) return Format::kBioasqJson;
    // COVID-QA's "document_id" follows each paper's long context, past the head.
    if (Contains(head, "\"data\"") && Contains(head, "\"paragraphs\"") &&
        Contains(file.content, "\"document_id\"")) {
      return Format::kCovidqaJson;
    }
    if (Contains(head, "\"QUESTION\"") && Contains(head, "\"CONTEXTS\"")) return Format::kPubmedqaJson;
    // openFDA API / bulk download: {"meta": {...}, "results": [label, ...]}; a label's
    // "set_id" may come after a long product element list, past the head.
    if (Contains(head, "\"results\"") && Contains(head, "\"meta\"") && LooksLikeDrugLabel(file.content)) {
      return Format::kOpenfdaLabels;
    }
  }
  return Format::kUnknown;
}

Status ReadFile(const InputFile& file, Format format, RecordSink& sink) {
  if (file.content.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Status::InvalidArgument(file.path + ": file is empty");
  }
  switch (format) {
    case Format::kPubmedXml: return ReadPubmedXml(file, sink);
    case Format::kMedlineText: return ReadMedlineText(file, sink);
    case Format::kJats: return ReadJats(file, sink);
    case Format::kNgcXml: return ReadNgcXml(file, sink);
    case Format::kMedquadXml: return ReadMedquadXml(file, sink);
    case Format::kScifactCorpus: return ReadScifactCorpus(file, sink);
    case Format::kBeirCorpus: return ReadBeirCorpus(file, sink);
    case Format::kPubmedqaJson: return ReadPubmedqaJson(file, sink);
    case Format::kBioasqJson: return ReadBioasqJson(file, sink);
    case Format::kCovidqaJson: return ReadCovidqaJson(file, sink);
    case Format::kNfcorpusDocs: return ReadNfcorpusDocs(file, sink);
    case Format::kMedoracleJsonl: return ReadMedoracleJsonl(file, sink);
    case Format::kOverviewMarkdown: return ReadOverviewMarkdown(file, sink);
    case Format::kOboVocabulary: return ReadOboVocabulary(file, sink);
    case Format::kHpoLayperson: return ReadHpoLayperson(file, sink);
    case Format::kOpenfdaLabels: return ReadOpenfdaLabels(file, sink);
    case Format::kUnknown: break;
  }
  return Status::Unsupported(file.path + ": not a recognised corpus format");
}

}  // namespace medoracle
