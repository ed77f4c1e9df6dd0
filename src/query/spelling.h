// Spelling correction of questions: words the index does not know are corrected against the
// index's own terms (weighted by how many passages hold them) and the words of the medical
// vocabularies it loaded (Disease Ontology, HPO, MedQuAD foci), by symmetric-delete lookup and
// Damerau-Levenshtein distance. docs/spelling.md gives the rules and the measured effect.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "corpus/reader.h"
#include "index/index.h"
#include "medoracle/status.h"
#include "query/tokenizer.h"

namespace medoracle::query {

struct SpellingOptions {
  // A word is known, and never corrected, when its index term (lower-case, stemmed) is held by at
  // least this many passages, or when it is a word of a vocabulary name. 1: any word the corpus
  // uses, so a rare drug a single guideline names is kept; the price is that a misspelling the
  // corpus itself contains is kept too.
  uint64_t min_known_passages = 1;
  // Index terms become correction targets from this many passages on (vocabulary words always
  // are). A stem can be a word ("treatment") or not ("foramin", of "foraminal"), and a rare one is
  // often a typo of the corpus or a word's odd form: "foramen" in an index that holds
  // "foraminal" in two passages stays "foramen", and "febuxostatt" does not become "febuxostats".
  // docs/spelling.md has the measurements.
  uint64_t min_target_passages = 10;
  // Shorter words are left alone: too many real words lie one edit apart ("dose", "does").
  size_t min_word_length = 4;
  // At most this many edits (insertion, deletion, substitution, transposition of neighbours);
  // words of up to short_word_length letters get at most one.
  size_t max_distance = 2;
  size_t short_word_length = 5;
};

// One corrected word of a question.
struct SpellingCorrection {
  std::string from;  // as written
  std::string to;    // what replaced it (an upper-case first letter is kept)
  size_t start = 0;  // byte offsets of `from` in the question
  size_t end = 0;
};

struct CorrectedQuestion {
  std::string text;                             // the question with every correction applied
  std::vector<SpellingCorrection> corrections;  // in question order; empty when nothing changed
};

// Which words a corrector may change: letters only (ASCII), at least min_word_length of them,
// no capital after the first letter (abbreviations such as "HTN", names such as "McArdle"), no
// digits. Other words are always left as written.
bool Correctable(const Token& token, const SpellingOptions& options);

// Built once per index revision (LoadFromIndex, about a third of a second on the whole shared
// data) and then read-only: Correct and CorrectWord may be called from many threads at once.
class SpellingCorrector {
 public:
  explicit SpellingCorrector(SpellingOptions options = {});

  // Adds index terms with the number of passages holding each (Index::Terms). Terms that are not
  // plain lower-case ASCII words are ignored.
  void AddTerms(const std::vector<Index::TermCount>& terms);
  // Adds the words of every vocabulary name and synonym: known words, and correction targets
  // written as people write them ("hypertension", where the index holds "hypertens").
  void AddVocabulary(const std::vector<VocabularyEntry>& entries);
  // Adds passage texts (Index::SamplePassages): the words as people write them, which the index's
  // stemmed terms lose. A word written at least twice becomes a target as written ("before", whose
  // index term is "befor"), and an index term that the sample writes only with a suffix is not
  // offered bare ("posit", of "positive" and "position", is not a word).
  void AddSample(const std::vector<std::string>& texts);
  // Builds the lookup table from what was added. Call once, after the Add calls (AddTerms first:
  // vocabulary and sample words take their passages from the index terms), before Correct.
  void Build();
  // Passages LoadFromIndex samples: about 40 ms on the whole shared data.
  static constexpr size_t kSamplePassages = 2000;
  // AddTerms(index.Terms(1)), AddVocabulary(index.Vocabulary("")), AddSample(index.SamplePassages(
  // kSamplePassages)), Build(). Errors: the index's.
  Status LoadFromIndex(const Index& index);

  // The question with its unknown, correctable words corrected: for each, the target at the fewest
  // edits, then seen written (a vocabulary or sample word) rather than inferred from an index
  // term, then held by the most passages, then the first in byte order; a word without a target
  // within reach is kept.
  CorrectedQuestion Correct(std::string_view question) const;
  // One lower-case word's correction, or "" when it is known, not correctable or has no target.
  std::string CorrectWord(std::string_view lower_word) const;
  // True when the word (lower case) is known: see SpellingOptions::min_known_passages.
  bool Known(std::string_view lower_word) const;

  size_t targets() const { return entries_.size(); }
  size_t table_size() const { return table_.size(); }
  const SpellingOptions& options() const { return options_; }

 private:
  struct Entry {
    std::string word;        // an index term (a stem), or a vocabulary word as written, or both
    uint64_t passages = 0;   // passages holding the word's index term
    bool index_term = false;  // word is an index term: its surface forms are recovered per question
    bool written = false;     // word is seen written (a vocabulary word or a sample word): shown as it is
  };
  std::string Best(std::string_view word, const Tokenizer& tokenizer) const;
  bool KnownWord(std::string_view word, const Tokenizer& tokenizer) const;
  // True when word is a target seen written: a vocabulary word or a word of the sample.
  bool Written(const std::string& word) const;
  // Whether form, inferred from index term `term` (the term bare, or with a word's ending), may be
  // offered: not a term the sample writes only with a suffix ("posit"), and not a form of a term
  // the sample writes in other forms only ("acutation": the sample has "acute", "acutely").
  bool Plausible(const std::string& form, const std::string& term) const;
  uint32_t EntryFor(const std::string& word);

  SpellingOptions options_;
  std::unordered_map<std::string, uint64_t> terms_;  // index term -> passages (every plain word)
  std::unordered_map<std::string, uint32_t> by_word_;  // entry word -> entry
  std::vector<std::string> vocabulary_words_;          // sorted, for Known
  std::unordered_map<std::string, uint32_t> sample_;    // word as written in the sample -> count
  // Index terms the sample writes only with a suffix other than an inflection (never bare): not
  // offered as words.
  std::unordered_set<std::string> truncated_;
  std::unordered_set<std::string> sampled_words_;  // every word of the sample
  std::unordered_set<std::string> sampled_stems_;  // their index terms
  std::vector<Entry> entries_;
  // The symmetric-delete table (Garbe 2012, "SymSpell"): for every entry and every string made by
  // deleting up to max_distance of its letters, (32-bit FNV-1a hash << 32 | entry index), grouped
  // in hash buckets (bucket b: table_[bucket_start_[b], bucket_start_[b + 1])). A hash collision
  // costs one distance check.
  std::vector<uint64_t> table_;
  std::vector<uint32_t> bucket_start_;
  uint32_t mask_ = 0;
};

// True when some correctable word of question has an index term held by fewer than
// options.min_known_passages passages, i.e. when building a corrector could change the question.
// Costs one term lookup per word, so a process answering one question (the CLI) builds no
// corrector for a question spelled right. Errors: the index's.
StatusOr<bool> MayNeedCorrection(const Index& index, std::string_view question, const SpellingOptions& options = {});

// Damerau-Levenshtein distance of a and b (optimal string alignment: a transposition of two
// neighbours counts 1), or max + 1 when it exceeds max.
size_t EditDistance(std::string_view a, std::string_view b, size_t max);

}  // namespace medoracle::query
