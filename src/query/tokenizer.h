// Words of a question, split, lower-cased and stemmed exactly as the index's Xapian
// TermGenerator does (english stemmer, STEM_ALL), but keeping their order and case so
// phrases and abbreviations can be recognised.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

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
// Xapian's Unicode tables and english (Porter2) stemmer are used so the terms are the
// index's terms; they stay inside tokenizer.cc. Not safe for concurrent use: each thread
// needs its own Tokenizer (copies get their own stemmer).
class Tokenizer {
 public:
  Tokenizer();
  ~Tokenizer();
  Tokenizer(const Tokenizer& other);
  Tokenizer& operator=(const Tokenizer& other);
  std::vector<Token> Tokenize(std::string_view text) const;
  // The index term of one word (lower-cased and stemmed).
  std::string Stem(std::string_view lower_word) const;

 private:
  struct Stemmer;
  std::unique_ptr<Stemmer> stemmer_;
};

}  // namespace medoracle::query
