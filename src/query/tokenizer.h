// Words of a question, split, lower-cased and stemmed exactly as the index's Xapian
// TermGenerator does (english stemmer, STEM_ALL), but keeping their order and case so
// phrases and abbreviations can be recognised.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace medoracle::query {

struct Token {
  std::string text;   // as written (e.g. "COPD", "Alzheimer's", "1,000")
  std::string lower;  // Unicode lower case: the unstemmed term
  std::string stem;   // the index term
  size_t start = 0;   // byte offsets into the input
  size_t end = 0;
  bool upper = false;  // two or more letters, all letters upper case ("HTN", "T2DM", "NSAIDs" not)
};

// Xapian's TermGenerator rules (1.4): a word is a run of Unicode word characters
// (letters, marks, numbers, connector punctuation); an apostrophe, '&' or a middle dot
// between two word characters, or ',', '.' or ';' between two digits, joins the pieces;
// up to three trailing '+' or '#' are kept ("C++"); "U.S." style acronyms lose their
// dots; words over 64 bytes are dropped.
class Tokenizer {
 public:
  Tokenizer() : stemmer_("english") {}
  std::vector<Token> Tokenize(std::string_view text) const;
  // The index term of one word (lower-cased and stemmed).
  std::string Stem(std::string_view lower_word) const { return stemmer_(std::string(lower_word)); }

 private:
  Xapian::Stem stemmer_;
};

}  // namespace medoracle::query
