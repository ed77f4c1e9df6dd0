// Verification of a generated summary against the numbered statements it was written from: every
// sentence kept must cite statements that exist and say what it says (numbers, doses, negations,
// drug and condition names, content words); the others are dropped with the reason.
#pragma once

#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace medoracle::llm {

// A statement the model was given, as "[n] text".
struct NumberedStatement {
  int n = 0;                    // 1-based, as shown to the model
  std::string text;
  std::vector<int> references;  // the answer's reference numbers for this statement
};

struct VerifiedSentence {
  std::string text;             // the sentence with its [n] markers removed
  std::vector<int> statements;  // the statements it cites, ascending
};

struct RejectedSentence {
  std::string text;    // as generated, markers included
  std::string reason;  // why it was dropped, naming the unsupported word, number or citation
};

struct Verification {
  std::vector<VerifiedSentence> kept;  // in the generated order
  std::vector<RejectedSentence> dropped;
};

struct VerifyOptions {
  // Share of a sentence's content words (stemmed, stopwords aside) that must occur in the
  // statements it cites. 0.75 keeps paraphrase that reorders or inflects the statements' words and
  // drops a sentence that adds a clause of its own (measured on the scripted cases in
  // verifier_test.cc; 0.6 let "and improves survival" through, 0.9 dropped faithful paraphrase).
  double min_coverage = 0.75;
  // Drug and condition names (lower case, single words) known to the caller, e.g. from the
  // vocabularies; checked as names in addition to the built-in patterns.
  std::set<std::string> names;
};

// Splits generated into sentences (lines, list markers and sentence ends; a citation group after
// the full stop belongs to the sentence before it) and checks each against the statements it cites.
// A sentence is kept only when: it cites at least one statement; every cited number is a
// statement's; every dose (number with a unit: "50 mg", "2 weeks", "30%") and every other number
// occurs in the cited statements; it negates only what a cited statement negates and does not
// assert what a cited statement negates (nor swap an antonym such as increase/decrease); every
// drug or condition name (name-like words: drug and disease suffixes, capitals, options.names) is
// in the cited statements; and at least options.min_coverage of its content words are. Never
// fails: an empty or unusable text gives no sentences. Deterministic.
Verification VerifySummary(std::string_view generated, const std::vector<NumberedStatement>& statements,
                           const VerifyOptions& options = {});

}  // namespace medoracle::llm
