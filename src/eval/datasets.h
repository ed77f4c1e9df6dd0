// The benchmark datasets as (corpus files to ingest, topics, qrels): SciFact, NFCorpus,
// BioASQ golden snippets, any BEIR folder, any TREC-style corpus + topics + qrels.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "corpus/document.h"
#include "eval/trec_io.h"
#include "medoracle/status.h"

namespace medoracle::eval {

// What a run ranks and the qrels judge.
enum class Unit {
  kDocument,  // document ids ("scifact:4983"): passage hits are aggregated per document
  kSnippet,   // sentence ids ("pmid:123#<hash>"): passage hits are expanded into sentences
  kPassage,   // passage ids ("pmid:123@<start>-<end>"): the index's own passages
};

struct Dataset {
  std::string name;                       // "scifact", "nfcorpus", "bioasq", "beir:<dir>", ...
  std::vector<std::string> corpus_paths;  // files or folders to ingest
  std::vector<Topic> topics;
  Qrels qrels;
  Unit unit = Unit::kDocument;
};

// SciFact, BEIR "test" split: claims_dev.jsonl (300 claims) against corpus.jsonl (5,183
// abstracts); a claim's relevant documents are its cited_doc_ids (339 pairs), as in BEIR.
// split "train" (claims_train.jsonl, 809 claims) is for tuning, so the test numbers are
// not tuned on the test claims.
StatusOr<Dataset> LoadScifact(const std::string& data_dir, const std::string& split = "dev");
// NFCorpus original release, test split: test.docs against test.titles.queries, graded
// with test.2-1-0.qrel (2 = directly linked, 1 = indirectly; the qrels of the paper).
StatusOr<Dataset> LoadNfcorpus(const std::string& data_dir);
// BioASQ golden questions (mirage/rawdata/bioasq/Task*BGoldenEnriched): every question
// body against the collection of all gold snippets; a question's relevant units are its
// own gold snippets (grade 1), identified by SnippetUnitId.
StatusOr<Dataset> LoadBioasq(const std::string& data_dir);
// A BEIR dataset folder: corpus.jsonl, queries.jsonl, qrels/<split>.tsv. Only queries
// with judgments are kept. Document ids get the "beir:" prefix of the BEIR reader.
StatusOr<Dataset> LoadBeir(const std::string& dir, const std::string& split);
// A corpus (any ingestible files) with TREC topics and qrels; doc_prefix is prepended to
// the qrels' document ids so they match the index ("pmid:", "beir:", ...).
StatusOr<Dataset> LoadTrec(const std::vector<std::string>& corpus_paths, const std::string& topics_path,
                           const std::string& qrels_path, const std::string& doc_prefix);

// "pmid:123#" + 12 hex digits of a 64-bit FNV-1a hash of the sentence text as the
// readers clean it (UTF-8 repaired, whitespace collapsed): the same id whichever system
// indexed the sentence, and stable across ingest order.
std::string SnippetUnitId(const std::string& doc_id, std::string_view sentence_text);

// "pmid:123@10-250": a passage by its document and byte span (as `medoracle search
// --passages` writes them).
std::string PassageUnitId(const std::string& doc_id, Span span);

// The retrieval units of a document for the given unit: (id, text) pairs. Documents: one
// unit, the title and the text joined by a newline. Snippets: one unit per sentence.
// Passages: the index's passages (MakePassages), each preceded by the title.
std::vector<std::pair<std::string, std::string>> RetrievalUnits(const Document& doc, Unit unit);

}  // namespace medoracle::eval
