// The evidence index: a narrow interface (add / replace / delete documents, search
// passages, fetch a document, vocabulary), kept in the segment index behind it (segment_index.cc).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "corpus/document.h"
#include "corpus/reader.h"
#include "medoracle/status.h"

namespace medoracle {

// A retrievable unit: a run of whole sentences inside one section of a document.
struct PassageHit {
  std::string doc_id;
  std::string source;
  RefType type = RefType::kOther;
  int year = 0;
  std::string title;
  std::string section;  // section label
  Span span;            // byte offsets into the document's text
  std::string text;     // the passage text (the document text sliced at span)
  double score = 0;
  double bm25 = 0;      // the passage's own BM25 score, before document evidence and boosts
  // With SearchOptions::one_per_document: how many of the document's passages matched
  // (at least; Xapian's collapse count), else 1.
  uint32_t passages_matched = 0;
};

// One term of an analysed query (src/query/analyzer.h builds them): an index term and
// the weight its score is multiplied by (expansions weigh less than the question's words).
struct QueryTerm {
  std::string term;  // as stored in the index: lower-case, stemmed (Xapian "english", STEM_ALL)
  double weight = 1;
};

// Filters and limits for Search. Empty filter lists mean "any".
struct SearchOptions {
  size_t limit = 10;
  std::vector<RefType> types;
  std::vector<std::string> sources;
  int min_year = 0;  // inclusive; 0 = no bound
  int max_year = 0;  // inclusive; 0 = no bound

  // false: hits carry document id, scores, source, type, year and span but no text or
  // section, which saves reading (and, in segments, decompressing) every hit's stored text:
  // for callers that read the documents themselves (the composer) and deep benchmark runs.
  bool with_text = true;

  // --- Ranking. Each technique is switchable so `medoracle eval retrieval` can show what
  // it adds; docs/retrieval.md gives the sources and the measured effect of each.
  // The analysed query. When empty, the query text is tokenised and stemmed as the index
  // is (no query syntax), every distinct term weighing its number of occurrences.
  std::vector<QueryTerm> terms;
  // BM25 (Robertson & Zaragoza 2009). k1 = 0.9, b = 0.4 are Anserini's defaults (Yang,
  // Fang & Lin 2017), the Lucene peer's too; tuning on SciFact train found nothing better
  // beyond noise. 0.5 is Xapian's default floor on the normalised passage length.
  double bm25_k1 = 0.9;
  double bm25_b = 0.4;
  double bm25_min_normlen = 0.5;
  // Field weighting: a match in the document title counts title_weight times a body
  // match (BM25F-style, Robertson et al. 2004); 0 searches the passage text only.
  // 0.3: tuned on SciFact train claims (docs/retrieval.md).
  double title_weight = 0.3;
  // Passage and document evidence combined (Callan 1994, "Passage-level evidence in
  // document retrieval"): a passage's score adds document_weight times the BM25 score of
  // its whole document (all passages as one text, plus the title at title_weight), so a
  // passage of a document about the query outranks an equal passage of one that only
  // mentions it. Computed for the top document_depth candidates. 0 = off. 3: tuned on
  // SciFact train claims.
  double document_weight = 3;
  size_t document_depth = 1000;
  // One hit per document (its best passage), for document-level ranking.
  bool one_per_document = false;
  // Pseudo-relevance feedback, RM3 (Lavrenko & Croft 2001; Abdul-Jaleel et al. 2004, the
  // Anserini defaults 10 documents / 10 terms / 0.5): the query is re-run with the terms
  // most probable in the top prf_documents documents, weighing prf_weight against the
  // original query. 0 = off, the default: it helps NFCorpus but hurts SciFact and BioASQ.
  size_t prf_documents = 0;
  size_t prf_terms = 10;
  double prf_weight = 0.5;
  // Selective feedback (Cronen-Townsend, Zhou & Croft 2004): feedback helps short,
  // underspecified queries and hurts long, specific ones, so it is applied only when the
  // query has at most prf_max_query_terms terms of weight 1 or more (the question's own
  // words; expansions weigh less). 0 = any length.
  size_t prf_max_query_terms = 0;
  // Preference for higher evidence when scores are close: a hit's score is multiplied by
  // 1 + evidence_boost * level, level going from 1 (guideline) down to 0 (other) in the
  // RefType order, so a guideline passage outranks a study passage scoring up to
  // evidence_boost (as a fraction) more. 0 = off.
  double evidence_boost = 0.05;
};

// A question from the question bank (the questions documents say they answer: MedQuAD
// questions, overview questions, PubMedQA and COVID-QA questions).
struct QuestionHit {
  std::string question;
  std::string doc_id;  // the document that answers it
  double score = 0;
};

struct IndexStats {
  uint64_t documents = 0;
  uint64_t passages = 0;
  std::map<std::string, uint64_t> documents_by_source;
  std::map<std::string, uint64_t> documents_by_type;  // RefTypeName -> count
  std::map<std::string, uint64_t> vocabulary_by_source;
  uint64_t questions = 0;  // entries in the question bank
  uint64_t files_loaded = 0;
  uint64_t bytes_on_disk = 0;
  std::string path;
};

class Index {
 public:
  enum class Mode { kReadOnly, kReadWrite };
  virtual ~Index() = default;

  // Adds doc, replacing any document with the same id (all its passages). Visible to
  // readers after the next Commit. Errors: kInvalidArgument when doc has no id or no text.
  virtual Status Put(const Document& doc) = 0;
  // Removes a document and its passages. Returns kNotFound if no such document.
  virtual Status Delete(const std::string& doc_id) = 0;
  // Stores a vocabulary entry (replacing one with the same source and id) and adds its
  // synonyms for query expansion.
  virtual Status AddVocabulary(const VocabularyEntry& entry) = 0;
  // Makes every change since the last commit durable and visible, atomically: after a
  // crash the index is exactly as of the last successful Commit.
  virtual Status Commit() = 0;
  // Brings a read-only handle up to the latest revision another process committed (a writable
  // handle always sees its own). Returns true when the revision changed. Cheap when nothing
  // changed (one small file read). Errors: kIoError / kCorruption from the index.
  virtual StatusOr<bool> Reopen() = 0;

  // The stored document with that id, or kNotFound.
  virtual StatusOr<Document> Fetch(const std::string& doc_id) const = 0;
  virtual bool Contains(const std::string& doc_id) const = 0;
  // Ranked passages for a free-text query (BM25), filtered by options.
  virtual StatusOr<std::vector<PassageHit>> Search(const std::string& query, const SearchOptions& options) const = 0;
  // Search(query, options) and the ranked documents of the same query in one call:
  // `documents` is Search(query, options) with one_per_document = true, with_text = false and
  // limit = document_limit, except that each document's passages_matched may be counted among
  // the passages the search ranked (still "at least"). A backend may answer both from one match
  // (Xapian does when the passages ranked already hold document_limit documents); by default it
  // runs the two searches. Errors: as Search.
  struct PassagesAndDocuments {
    std::vector<PassageHit> passages;
    std::vector<PassageHit> documents;
  };
  virtual StatusOr<PassagesAndDocuments> SearchPassagesAndDocuments(const std::string& query,
                                                                    const SearchOptions& options,
                                                                    size_t document_limit) const {
    PassagesAndDocuments out;
    auto passages = Search(query, options);
    if (!passages.ok()) return passages.status();
    out.passages = std::move(passages).value();
    SearchOptions per_document = options;
    per_document.one_per_document = true;
    per_document.with_text = false;
    per_document.limit = document_limit;
    auto documents = Search(query, per_document);
    if (!documents.ok()) return documents.status();
    out.documents = std::move(documents).value();
    return out;
  }
  // Global statistics of index terms (as QueryTerm::term: lower-case, stemmed), for the
  // answer's sentence scoring: passages containing each term, and the number of passages.
  // Unknown terms count 0. Errors: index errors.
  struct TermStats {
    uint64_t passages = 0;
    std::vector<uint64_t> passage_frequency;  // one per term, in the order asked
  };
  virtual StatusOr<TermStats> TermFrequencies(const std::vector<std::string>& terms) const = 0;
  // Every passage term (as QueryTerm::term: lower-case, stemmed; no title, field or boolean
  // terms) held by at least min_passages passages, with that number, in byte order of the
  // term. For the question spelling corrector (src/query/spelling.h). Errors: index errors.
  struct TermCount {
    std::string term;
    uint64_t passages = 0;
  };
  virtual StatusOr<std::vector<TermCount>> Terms(uint64_t min_passages) const = 0;
  // The text of about `count` passages spread evenly over the index (every n-th), for
  // statistics of words as written, which the stemmed terms do not keep (the spelling
  // corrector: "before", not "befor"). Fewer when the index has fewer. Errors: index errors.
  virtual StatusOr<std::vector<std::string>> SamplePassages(size_t count) const = 0;
  // Questions of the question bank most similar to text (BM25), best first.
  virtual StatusOr<std::vector<QuestionHit>> SearchQuestions(const std::string& text, size_t limit) const = 0;
  // All stored vocabulary entries of one source ("doid", "hpo", "medquad"), or of all
  // sources when source is empty.
  virtual StatusOr<std::vector<VocabularyEntry>> Vocabulary(const std::string& source) const = 0;
  virtual StatusOr<IndexStats> Stats() const = 0;

  // Small string metadata kept with the index (e.g. which files were loaded), committed
  // with the documents. Empty string when absent.
  virtual std::string GetMetadata(const std::string& key) const = 0;
  virtual Status SetMetadata(const std::string& key, const std::string& value) = 0;
};

// Opens (kReadWrite: creating if absent) the segment index (docs/index-format.md) stored in
// directory path. Errors: kNotFound when opening read-only and there is no index; kBusy when
// another process is writing to it; kCorruption when the files are damaged; kInvalidArgument
// when path holds something else (an index of the Xapian backend that medoracle had before
// 2026-12-06, which it no longer reads: the message says to ingest the sources into a new index).
StatusOr<std::unique_ptr<Index>> OpenIndex(const std::string& path, Index::Mode mode);

}  // namespace medoracle
