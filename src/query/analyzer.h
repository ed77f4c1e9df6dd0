// Question analysis: a question becomes weighted index terms (its own words, minus
// stopwords, plus weighted expansions from abbreviations, related terms and the ingested
// vocabularies) and a list of recognised focus concepts (condition, drug, ...).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "corpus/reader.h"
#include "index/index.h"
#include "medoracle/status.h"
#include "query/tokenizer.h"

namespace medoracle::query {

// Every technique can be switched off so the benchmark can show what it adds
// (docs/retrieval.md has the measurements).
struct AnalyzerOptions {
  // Drop stopwords: Lucene's English stop set (what the BM25 baselines use) plus
  // question words ("which", "does", ...), which carry no topic.
  bool remove_stopwords = true;
  // Abbreviations written in capitals are expanded to their long form and a spelled-out
  // long form adds its abbreviation: the built-in list, then definitions learned from the
  // corpus (index metadata kAbbreviationsMetadataKey).
  bool abbreviations = true;
  bool learned_abbreviations = true;
  double abbreviation_weight = 0.5;
  // Built-in related terms ("pinched nerve" -> "radiculopathy"; organ adjectives).
  bool related_terms = true;
  double related_weight = 0.3;
  // Synonyms of concepts recognised from the vocabularies in the index (Disease Ontology
  // names and exact synonyms, HPO layperson synonyms, MedQuAD focus synonyms). Each
  // recognised concept adds its other names, weighing synonym_weight in total per name
  // (shared among a name's words), at most max_synonyms names per concept.
  bool synonyms = true;
  double synonym_weight = 0.3;
  size_t max_synonyms = 6;
};

// A concept recognised in the question.
struct FocusConcept {
  std::string text;    // as written in the question
  std::string name;    // preferred name ("myocardial infarction")
  std::string kind;    // condition, phenotype, drug, procedure, anatomy, abbreviation
  std::string source;  // doid, hpo, medquad, builtin, learned, pattern
  std::string id;      // e.g. "DOID:5844"; empty for built-in and patterns
  size_t start = 0;    // byte offsets into the question
  size_t end = 0;
  // For a concept inferred from a pattern of words (source "inferred": "L5 impingement at the
  // foramen" is a lumbar radiculopathy): the stems of the question's words it stands for. A
  // source about the concept need not repeat them.
  std::vector<std::string> subsumes;
};

// An expansion added to the query: which words of the question it came from, the phrase
// added, its weight and why.
struct Expansion {
  std::string from;
  std::string phrase;
  double weight = 0;
  std::string source;
};

struct AnalysedQuery {
  std::vector<Token> tokens;
  std::vector<QueryTerm> terms;  // for SearchOptions::terms
  std::vector<FocusConcept> focus;
  std::vector<Expansion> expansions;
};

class QueryAnalyzer {
 public:
  explicit QueryAnalyzer(AnalyzerOptions options = {});

  // Adds vocabulary concepts (the entries Index::Vocabulary returns).
  void AddVocabulary(const std::vector<VocabularyEntry>& entries);
  // Adds abbreviation definitions (short form -> long form), e.g. learned from a corpus.
  void AddAbbreviations(const std::map<std::string, std::string>& definitions, std::string_view source);
  // Loads the index's vocabulary and learned abbreviations.
  Status LoadFromIndex(const Index& index);

  AnalysedQuery Analyse(std::string_view question) const;

  const AnalyzerOptions& options() const { return options_; }
  size_t concept_count() const { return concepts_.size(); }

 private:
  struct Concept {
    std::string name;
    std::string source;
    std::string id;
    std::string kind;
    std::vector<std::string> names;  // every name, preferred first
  };
  // A phrase key: the stems of its words joined by spaces.
  std::string KeyOf(std::string_view phrase) const;
  // The same, faster while loading: plain ASCII phrases are split here (as the Tokenizer
  // would split them) and their words' stems are cached.
  std::string LoadKeyOf(std::string_view phrase);
  void AddConcept(Concept c);

  AnalyzerOptions options_;
  Tokenizer tokenizer_;
  std::vector<Concept> concepts_;
  // (phrase key, concept index), sorted by key once loading is done (SortKeys): one flat
  // array loads much faster than a hash map of lists, and a question looks up a few
  // dozen word runs.
  std::vector<std::pair<std::string, uint32_t>> keys_;
  void SortKeys();
  std::unordered_map<std::string, size_t> by_short_form_;  // "HTN" -> abbreviation concept
  size_t max_phrase_words_ = 1;
  std::unordered_map<std::string, std::string> stem_cache_;  // lower-case word -> stem
};

// True for the words AnalyzerOptions::remove_stopwords drops (lower case, unstemmed).
bool IsStopword(std::string_view lower_word);

}  // namespace medoracle::query
