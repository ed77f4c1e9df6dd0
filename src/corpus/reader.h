// Corpus readers: the formats medoracle ingests, how a file's format is detected, and the
// sink that receives documents, deletions, vocabulary entries and skipped records.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "corpus/document.h"
#include "medoracle/status.h"

namespace medoracle {

enum class Format {
  kUnknown,
  kPubmedXml,       // PubmedArticleSet / MEDLINE citation XML, incl. DeleteCitation updates
  kMedlineText,     // MEDLINE/PubMed display format ("PMID- ...")
  kJats,            // PMC JATS full text (.nxml)
  kNgcXml,          // National Guideline Clearinghouse summary XML
  kMedquadXml,      // MedQuAD <Document> with QAPairs
  kScifactCorpus,   // SciFact corpus.jsonl (doc_id, title, abstract[])
  kBeirCorpus,      // BEIR corpus.jsonl (_id, title, text)
  kPubmedqaJson,    // PubMedQA ori_pqal.json
  kBioasqJson,      // BioASQ golden questions with snippets (snippet collection by PMID)
  kCovidqaJson,     // COVID-QA SQuAD-format papers
  kNfcorpusDocs,    // NFCorpus *.docs (ID TAB pre-tokenised text)
  kMedoracleJsonl,  // our own JSONL document format (docs/formats/jsonl.md)
  kOverviewMarkdown,// editorial overview: Markdown with YAML-like front matter
  kOboVocabulary,   // Disease Ontology .obo
  kHpoLayperson,    // HPO layperson-synonyms.tsv
  kOpenfdaLabels,   // openFDA drug labels: one per line, or an API response {"meta", "results"}
};

std::string_view FormatName(Format format);

// A record that could not be loaded: which file, which record, and why.
struct SkippedRecord {
  std::string file;
  std::string record;  // record id, or "record N" / "line N" / "byte N" when there is no id
  std::string reason;
};

// A vocabulary entry: a preferred term and the terms that mean the same.
struct VocabularyEntry {
  std::string source;            // "doid", "hpo", "medquad"
  std::string id;                // e.g. "DOID:9352"
  std::string term;              // preferred name
  std::vector<std::string> synonyms;
};

// Receives what a reader finds, in file order.
class RecordSink {
 public:
  virtual ~RecordSink() = default;
  virtual void OnDocument(Document doc) = 0;
  // A document the file says to remove (PubMed update DeleteCitation).
  virtual void OnDelete(const std::string& doc_id) = 0;
  virtual void OnVocabulary(VocabularyEntry entry) = 0;
  virtual void OnSkip(SkippedRecord skipped) = 0;
};

// The bytes of one input file, decompressed if it was gzip.
struct InputFile {
  std::string path;     // as given; used in every error message
  std::string content;  // decompressed bytes
};

// Reads path into memory, inflating ".gz" and the one file of a ".zip" archive (by magic bytes,
// not only by name). Errors: kIoError when the file cannot be read; kCorruption for a truncated
// or damaged gzip stream or zip archive (the message says which); kInvalidArgument for a zip
// archive of several files; kInvalidArgument when the file, or what it inflates to, is over
// max_bytes (a 1 MB gzip file can inflate to gigabytes).
inline constexpr uint64_t kDefaultMaxFileBytes = 1ull << 30;
StatusOr<InputFile> LoadInputFile(const std::string& path, uint64_t max_bytes = kDefaultMaxFileBytes);

// Detects the format from the file name and the first bytes of its content. Returns
// kUnknown for files that are not a corpus (README, qrels, query files, code, ...).
Format DetectFormat(const InputFile& file);

// Reads every record of file in the given format into sink. A bad record is reported
// through sink.OnSkip and reading goes on; a non-OK status means the file as a whole
// could not be read (malformed XML/JSON, empty file, wrong format), in which case the
// documents already passed to the sink from this file are the ones before the error.
Status ReadFile(const InputFile& file, Format format, RecordSink& sink);

// One reader per format (the dispatch target of ReadFile). Same contract as ReadFile.
Status ReadPubmedXml(const InputFile& file, RecordSink& sink);
Status ReadMedlineText(const InputFile& file, RecordSink& sink);
Status ReadJats(const InputFile& file, RecordSink& sink);
Status ReadNgcXml(const InputFile& file, RecordSink& sink);
Status ReadMedquadXml(const InputFile& file, RecordSink& sink);
Status ReadScifactCorpus(const InputFile& file, RecordSink& sink);
Status ReadBeirCorpus(const InputFile& file, RecordSink& sink);
Status ReadPubmedqaJson(const InputFile& file, RecordSink& sink);
Status ReadBioasqJson(const InputFile& file, RecordSink& sink);
Status ReadCovidqaJson(const InputFile& file, RecordSink& sink);
Status ReadNfcorpusDocs(const InputFile& file, RecordSink& sink);
Status ReadMedoracleJsonl(const InputFile& file, RecordSink& sink);
Status ReadOverviewMarkdown(const InputFile& file, RecordSink& sink);
Status ReadOboVocabulary(const InputFile& file, RecordSink& sink);
Status ReadHpoLayperson(const InputFile& file, RecordSink& sink);
// openFDA drug labels (docs/formats/openfda.md): documents "fda:<set_id>"; of several
// versions of one set_id in a file the newest (effective_time, then version) is kept and
// the others are skipped as superseded.
Status ReadOpenfdaLabels(const InputFile& file, RecordSink& sink);

}  // namespace medoracle
