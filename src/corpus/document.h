// The document model: one piece of evidence (guideline, abstract, paper, consumer page,
// overview) with its metadata, full text, sections and sentence spans.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace medoracle {

// Reference type shown beside each reference of an answer, ordered roughly from the
// highest level of evidence to the lowest (used as a tie-breaker when scores are close;
// EvidenceRank gives the level).
enum class RefType {
  kGuideline,
  kDrugLabel,  // regulator-approved prescribing information (FDA SPL / openFDA drug label)
  kSystematicReview,  // systematic review or meta-analysis
  kRandomizedTrial,
  kObservationalStudy,
  kCaseReport,
  kReview,
  kConsumerHealth,
  kEditorialOverview,
  kOther,        // research whose design the record does not state (label "Research")
  // Animal or laboratory work (MeSH "Animals" without "Humans", or cells and animals only): listed
  // after kOther so every other type keeps its value; its evidence rank is kOther's (EvidenceRank).
  kAnimalStudy,
};

// Stable machine name ("guideline", "systematic_review", ...), used in JSON and the index.
std::string_view RefTypeName(RefType type);
// Human label ("Guideline", "Systematic review / meta-analysis", ...).
std::string_view RefTypeLabel(RefType type);
// Inverse of RefTypeName; returns false for an unknown name.
bool ParseRefType(std::string_view name, RefType* type);

// Level of evidence from 0 (guidelines and drug labels: both authoritative, issued by a
// professional body or the regulator) to EvidenceRank(RefType::kOther), the lowest, which animal or
// laboratory studies share.
int EvidenceRank(RefType type);

// Maps PubMed PublicationType values (e.g. "Meta-Analysis", "Randomized Controlled
// Trial", "Practice Guideline", "Case Reports", "Review") to the highest reference type
// among them; kOther when none is recognised.
RefType RefTypeFromPublicationTypes(const std::vector<std::string>& publication_types);

// Half-open range [start, end) of UTF-8 byte offsets into Document::text.
struct Span {
  uint32_t start = 0;
  uint32_t end = 0;
  bool operator==(const Span&) const = default;
};

// A labelled part of the text ("BACKGROUND", "Major Recommendations", an answer to a
// MedQuAD question, ...). span covers the section's text inside Document::text.
struct Section {
  std::string label;
  Span span;
};

// A work that a document itself cites (an editorial overview's guideline sources).
struct CitedSource {
  std::string id;      // document id of the cited work, e.g. "ngc:11288"
  std::string title;
  std::string venue;   // issuing body or journal
  int year = 0;
  std::string url;
};

// A span of the text and the ids (CitedSource::id) it cites.
struct Citation {
  Span span;
  std::vector<std::string> source_ids;
};

struct Document {
  std::string id;        // "<source>:<native id>", e.g. "pmid:123", "ngc:11288"
  std::string source;    // collection: pubmed, pmc, ngc, medquad, scifact, beir, pubmedqa,
                         // bioasq, covidqa, nfcorpus, overview, or a JSONL id's prefix
  RefType type = RefType::kOther;
  std::string title;
  std::string venue;     // issuing body (guidelines) or journal
  int year = 0;          // 0 when unknown
  std::vector<std::string> authors;
  std::string url;
  std::string pmid;
  std::string doi;
  std::string language;  // ISO code when known, e.g. "eng"
  std::vector<std::string> keywords;   // MeSH headings, keywords
  std::string focus;                   // MedQuAD focus, overview topic
  std::vector<std::string> synonyms;   // of the focus
  std::vector<std::string> questions;  // questions this document answers (question bank)
  bool displayable = true;             // false for pre-tokenised text (NFCorpus)
  std::string review_status;           // overviews: "submitted", "approved", ...
  std::string updated;                 // ISO date of last review / revision, when known
  std::vector<CitedSource> references; // works this document cites (overviews)
  std::vector<Citation> citations;     // which spans of text cite which references

  std::string text;                // full text: the sections joined by "\n\n"
  std::vector<Section> sections;   // in order, spans into text
  std::vector<Span> sentences;     // in order, spans into text, inside section spans

  std::string_view Slice(Span span) const {
    return std::string_view(text).substr(span.start, span.end - span.start);
  }
};

// The title to show for doc: its title; else, for a record loaded without one (a BioASQ PMID
// whose snippets hold no title), "PubMed record <PMID> (title not loaded)"; else "Untitled
// document".
std::string DisplayTitle(const Document& doc);

// Builds a Document's text, sections and sentences. Section text is cleaned (invalid
// UTF-8 replaced, whitespace runs collapsed, trimmed); empty sections are dropped.
class DocumentBuilder {
 public:
  explicit DocumentBuilder(Document doc) : doc_(std::move(doc)) {}

  // Appends a section and splits it into sentences with the biomedical sentence splitter.
  void AddSection(std::string_view label, std::string_view text);
  // Appends a section whose sentences are already known (e.g. SciFact's sentence-split
  // abstracts, list items, snippets); each is cleaned and they are joined by single
  // spaces. Returns the span of each input sentence in order ({0,0} for one that was
  // empty after cleaning and so left out).
  std::vector<Span> AddSplitSection(std::string_view label, const std::vector<std::string>& sentences);

  bool empty() const { return doc_.sections.empty(); }
  Document& doc() { return doc_; }
  // Returns the finished document. The builder must not be used afterwards.
  Document Finish() { return std::move(doc_); }

 private:
  void StartSection();
  Document doc_;
};

}  // namespace medoracle
