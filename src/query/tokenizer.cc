// Question tokenisation consistent with the index's TermGenerator.
#include "query/tokenizer.h"

#include <xapian.h>

namespace medoracle::query {

struct Tokenizer::Stemmer {
  Xapian::Stem stem{"english"};
};

Tokenizer::Tokenizer() : stemmer_(std::make_unique<Stemmer>()) {}
Tokenizer::~Tokenizer() = default;
Tokenizer::Tokenizer(const Tokenizer&) : stemmer_(std::make_unique<Stemmer>()) {}
Tokenizer& Tokenizer::operator=(const Tokenizer&) { return *this; }

std::string Tokenizer::Stem(std::string_view lower_word) const {
  return stemmer_->stem(std::string(lower_word));
}

namespace {

using Xapian::Unicode::is_wordchar;

constexpr unsigned kIgnore = 0xFFFFFFFF;
constexpr size_t kMaxWordBytes = 64;

bool IsDigit(unsigned ch) {
  return Xapian::Unicode::get_category(ch) == Xapian::Unicode::DECIMAL_DIGIT_NUMBER;
}

bool IsZeroWidth(unsigned ch) {
  return ch == 0x200B || ch == 0x200C || ch == 0x200D || ch == 0x2060 || ch == 0xFEFF;
}

// Characters that join two words into one term (termgenerator_internal.cc check_infix).
unsigned InfixOf(unsigned ch) {
  if (ch == '\'' || ch == '&' || ch == 0xB7 || ch == 0x5F4 || ch == 0x2027) return ch;
  if (ch == 0x2019 || ch == 0x201B) return '\'';
  if (IsZeroWidth(ch)) return kIgnore;
  return 0;
}

// Characters that join two digits (check_infix_digit): "1,000", "3.14".
unsigned InfixDigitOf(unsigned ch) {
  switch (ch) {
    case ',':
    case '.':
    case ';':
    case 0x37E:
    case 0x589:
    case 0x60D:
    case 0x7F8:
    case 0x2044:
    case 0xFE10:
    case 0xFE13:
    case 0xFE14:
      return ch;
  }
  return IsZeroWidth(ch) ? kIgnore : 0;
}

bool IsUpper(unsigned ch) { return Xapian::Unicode::get_category(ch) == Xapian::Unicode::UPPERCASE_LETTER; }

}  // namespace

std::vector<Token> Tokenizer::Tokenize(std::string_view text) const {
  std::vector<Token> out;
  const char* base = text.data();
  Xapian::Utf8Iterator itor(text.data(), text.size()), end;
  auto offset = [&](const Xapian::Utf8Iterator& it) {
    return it == end ? text.size() : static_cast<size_t>(it.raw() - base);
  };
  while (itor != end) {
    while (itor != end && !is_wordchar(*itor)) ++itor;
    if (itor == end) break;
    Token tok;
    tok.start = offset(itor);
    std::string lower;
    size_t letters = 0, upper_letters = 0;
    // "U.S.A." -> "usa": single upper-case letters each followed by a dot.
    if (IsUpper(*itor)) {
      Xapian::Utf8Iterator p = itor;
      std::string acronym;
      size_t n = 0;
      while (p != end && IsUpper(*p)) {
        Xapian::Utf8Iterator dot = p;
        ++dot;
        if (dot == end || *dot != '.') break;
        Xapian::Unicode::append_utf8(acronym, Xapian::Unicode::tolower(*p));
        ++n;
        p = ++dot;
      }
      if (n >= 2 && (p == end || !is_wordchar(*p))) {
        tok.end = offset(p);
        tok.text = std::string(text.substr(tok.start, tok.end - tok.start));
        tok.lower = acronym;
        tok.upper = true;
        tok.stem = Stem(tok.lower);
        out.push_back(std::move(tok));
        itor = p;
        continue;
      }
    }
    unsigned prev = 0;
    while (true) {
      while (itor != end && is_wordchar(*itor)) {
        const unsigned ch = *itor;
        if (Xapian::Unicode::is_wordchar(ch) &&
            Xapian::Unicode::get_category(ch) <= Xapian::Unicode::OTHER_LETTER) {
          ++letters;
          if (IsUpper(ch)) ++upper_letters;
        }
        Xapian::Unicode::append_utf8(lower, Xapian::Unicode::tolower(ch));
        prev = ch;
        ++itor;
      }
      if (itor == end) break;
      Xapian::Utf8Iterator next = itor;
      ++next;
      if (next == end || !is_wordchar(*next)) break;
      const unsigned joiner = IsDigit(prev) && IsDigit(*next) ? InfixDigitOf(*itor) : InfixOf(*itor);
      if (joiner == 0) break;
      if (joiner != kIgnore) Xapian::Unicode::append_utf8(lower, joiner);
      itor = next;
    }
    // Up to three '+' or '#' directly after the word, when no word character follows.
    if (itor != end && (*itor == '+' || *itor == '#')) {
      Xapian::Utf8Iterator p = itor;
      std::string suffix;
      while (p != end && (*p == '+' || *p == '#') && suffix.size() < 3) {
        suffix += static_cast<char>(*p);
        ++p;
      }
      if (p == end || !is_wordchar(*p)) {
        lower += suffix;
        itor = p;
      }
    }
    tok.end = offset(itor);
    if (lower.size() > kMaxWordBytes) continue;
    tok.text = std::string(text.substr(tok.start, tok.end - tok.start));
    tok.upper = letters >= 2 && upper_letters == letters;
    tok.lower = std::move(lower);
    tok.stem = Stem(tok.lower);
    out.push_back(std::move(tok));
  }
  return out;
}

}  // namespace medoracle::query
