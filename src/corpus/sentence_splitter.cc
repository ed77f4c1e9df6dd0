// Sentence splitter for biomedical text: one linear pass that decides a boundary only at a
// terminal mark (. ? ! …), a line break or a bullet, from the token before and the word after.
#include "corpus/sentence_splitter.h"

#include <algorithm>
#include <iterator>
#include <string_view>

namespace medoracle {
namespace {

using std::string_view;

// Abbreviations that never end a sentence: titles, figure and reference labels, Latin,
// months ("Fig. 2", "Dr. Smith", "e.g. Parkinson disease", "vs. placebo", "Jan. 2010").
constexpr string_view kNeverFinal[] = {
    "Dr",   "Mr",  "Mrs",  "Ms",   "Prof", "St",  "Fig",  "fig",  "FIG",   "Figs",   "figs",
    "Ref",  "ref", "Refs", "refs", "Eq",   "eq",  "Eqs",  "Tab",  "Suppl", "suppl",  "vs",
    "Vs",   "v",   "cf",   "Cf",   "e.g",  "E.g", "i.e",  "I.e",  "viz",   "approx", "Approx",
    "incl", "esp", "Dept", "Univ", "Lt",   "Col", "Gen",  "Capt", "Sgt",   "Jan",    "Feb",
    "Mar",  "Apr", "Jun",  "Jul",  "Aug",  "Sep", "Sept", "Oct",  "Nov",   "Dec",
};

// Abbreviations that do not end a sentence when a number follows ("No. 5", "ca. 50 %").
constexpr string_view kBeforeNumber[] = {"no", "No", "nos", "Nos", "ca", "vol", "Vol", "pp", "p"};

// Abbreviations that end sentences often enough ("... in the U.S.", "Smith et al."): a
// boundary only when a common sentence-opening word follows.
constexpr string_view kWeak[] = {"resp", "wt", "Inc", "Ltd", "Co", "Corp", "Jr", "Sr", "Ph.D"};

// Words that commonly open a sentence; after a weak abbreviation or an initial they decide.
constexpr string_view kOpeners[] = {
    "A",     "After",  "All",     "Also",     "Although", "Among",   "An",      "And",         "Are",
    "As",    "At",     "Because", "Before",   "Both",     "But",     "By",      "Can",         "Do",
    "Does",  "During", "Each",    "Finally",  "For",      "From",    "Further", "Furthermore", "He",
    "Hence", "Her",    "Here",    "His",      "How",      "However", "If",      "In",          "Is",
    "It",    "Its",    "Many",    "Moreover", "Most",     "No",      "None",    "Of",          "On",
    "One",   "Only",   "Our",     "Overall",  "Patients", "Results", "She",     "Since",       "Some",
    "Such",  "That",   "The",     "Their",    "There",    "These",   "They",    "This",        "Those",
    "Thus",  "To",     "We",      "What",     "When",     "Whereas", "While",   "Why",         "With",
};

// Lower-case words that may stand before an initial ("by J. Smith", "and K. Jones").
constexpr string_view kBeforeInitial[] = {"by", "and", "or", "with", "from", "of",
                                          "to", "et",  "de", "van",  "von"};

template <size_t N>
bool In(const string_view (&list)[N], string_view word) {
  return std::find(std::begin(list), std::end(list), word) != std::end(list);
}

bool IsAsciiUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsAsciiLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAsciiAlpha(char c) { return IsAsciiUpper(c) || IsAsciiLower(c); }

// Called at nearly every byte (is it U+00A0, an ellipsis, a bullet?): the first byte decides
// most calls without a comparison of the rest.
bool StartsWith(string_view text, size_t i, string_view prefix) {
  return i < text.size() && text[i] == prefix[0] && text.size() - i >= prefix.size() &&
         text.compare(i, prefix.size(), prefix) == 0;
}

// Byte length of the whitespace character at text[i] (ASCII space or U+00A0), else 0.
size_t SpaceLen(string_view text, size_t i) {
  const char c = text[i];
  if (c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f' || c == '\v') return 1;
  return StartsWith(text, i, "\xC2\xA0") ? 2 : 0;
}

size_t SkipSpace(string_view text, size_t i) {
  while (i < text.size()) {
    const size_t len = SpaceLen(text, i);
    if (len == 0) break;
    i += len;
  }
  return i;
}

// True when text[i] is preceded by whitespace (or is the start of the text).
bool AfterSpace(string_view text, size_t i) {
  if (i == 0) return true;
  if (SpaceLen(text, i - 1) == 1) return true;
  return i >= 2 && StartsWith(text, i - 2, "\xC2\xA0");
}

// Byte length of a bullet glyph at text[i] (• ‣ ⁃ ▪ ● ◦), else 0.
size_t BulletGlyphLen(string_view text, size_t i) {
  if (text[i] != '\xE2') return 0;
  for (string_view g :
       {"\xE2\x80\xA2", "\xE2\x80\xA3", "\xE2\x81\x83", "\xE2\x96\xAA", "\xE2\x97\x8F", "\xE2\x97\xA6"}) {
    if (StartsWith(text, i, g)) return 3;
  }
  return 0;
}

bool SpaceOrEndAt(string_view text, size_t i) { return i >= text.size() || SpaceLen(text, i) > 0; }

// Byte length of a Markdown-style bullet ("- ", "* ", "+ ", "• ") at text[i], excluding the
// space after it; 0 when there is none.
size_t BulletLen(string_view text, size_t i) {
  if (i >= text.size()) return 0;
  const char c = text[i];
  if ((c == '-' || c == '*' || c == '+') && i + 1 < text.size() && SpaceLen(text, i + 1) > 0) return 1;
  const size_t glyph = BulletGlyphLen(text, i);
  return glyph > 0 && SpaceOrEndAt(text, i + glyph) ? glyph : 0;
}

// True when a list item marker starts at text[i]: a bullet, "12. ", "3) ", "a) ", "(a) ",
// "(iv) ", "(2) ".
bool ListMarkerAt(string_view text, size_t i) {
  const size_t n = text.size();
  if (i >= n) return false;
  if (BulletLen(text, i) > 0) return true;
  size_t j = i;
  if (IsDigit(text[j])) {
    while (j < n && j - i < 4 && IsDigit(text[j])) ++j;
    if (j - i > 3 || j >= n || (text[j] != '.' && text[j] != ')')) return false;
    return j + 1 < n && SpaceLen(text, j + 1) > 0;
  }
  if (IsAsciiLower(text[j]) && j + 2 < n && text[j + 1] == ')') return SpaceLen(text, j + 2) > 0;
  if (text[j] != '(') return false;
  ++j;
  const size_t body = j;
  while (j < n && j - body < 5 && (IsDigit(text[j]) || IsAsciiLower(text[j]))) ++j;
  const string_view inner = text.substr(body, j - body);
  if (inner.empty() || j >= n || text[j] != ')' || j + 1 >= n || SpaceLen(text, j + 1) == 0) return false;
  const bool digits = std::all_of(inner.begin(), inner.end(), IsDigit) && inner.size() <= 3;
  const bool roman = inner.find_first_not_of("ivx") == string_view::npos && inner.size() <= 4;
  return digits || roman || inner.size() == 1;
}

// A line break at text[i] (a '\n') ends the sentence when a blank line or a list item
// follows.
bool LineBreakEnds(string_view text, size_t i) {
  size_t j = i + 1;
  while (j < text.size() && (text[j] == ' ' || text[j] == '\t' || text[j] == '\r')) ++j;
  if (j >= text.size()) return false;
  return text[j] == '\n' || ListMarkerAt(text, j);
}

// Byte length of a terminal mark at text[i]: '.', '?', '!' or '…' (U+2026).
size_t TerminalLen(string_view text, size_t i) {
  const char c = text[i];
  if (c == '.' || c == '?' || c == '!') return 1;
  return StartsWith(text, i, "\xE2\x80\xA6") ? 3 : 0;
}

// Skips closing quotes and brackets, then citation markers glued to the mark
// ("reduced.[12]", ".[3, 4]", ".[5-7]", ".(12)").
size_t SkipClosers(string_view text, size_t i) {
  const size_t n = text.size();
  while (i < n) {
    const char c = text[i];
    if (c == '"' || c == '\'' || c == ')') {
      ++i;
    } else if (StartsWith(text, i, "\xE2\x80\x9D") || StartsWith(text, i, "\xE2\x80\x99")) {
      i += 3;
    } else if (StartsWith(text, i, "\xC2\xBB")) {
      i += 2;
    } else {
      break;
    }
  }
  while (i < n && (text[i] == '[' || text[i] == '(')) {
    const char close = text[i] == '[' ? ']' : ')';
    size_t j = i + 1;
    bool digit = false;
    while (j < n && j - i < 40) {
      const char c = text[j];
      if (IsDigit(c)) {
        digit = true;
        ++j;
      } else if (c == ',' || c == ' ' || c == '-' || c == ';') {
        ++j;
      } else if (StartsWith(text, j, "\xE2\x80\x93")) {  // en dash
        j += 3;
      } else {
        break;
      }
    }
    if (!digit || j >= n || text[j] != close) break;
    i = j + 1;
  }
  return i;
}

// The token before a terminal mark: the non-space run ending at end, without opening
// brackets and quotes. start_out receives where the raw run began.
string_view TokenBefore(string_view text, size_t end, size_t* start_out) {
  size_t start = end;
  while (start > 0 && !AfterSpace(text, start)) --start;
  *start_out = start;
  while (start < end) {
    const char c = text[start];
    if (c == '(' || c == '[' || c == '{' || c == '"' || c == '\'') {
      ++start;
    } else if (StartsWith(text, start, "\xE2\x80\x9C") || StartsWith(text, start, "\xE2\x80\x98")) {
      start += 3;
    } else {
      break;
    }
  }
  return text.substr(start, end - start);
}

// The word before position start (skipping whitespace), without trailing , ; : and opening
// brackets.
string_view WordBefore(string_view text, size_t start) {
  size_t end = start;
  while (end > 0 && SpaceLen(text, end - 1) > 0) --end;
  size_t ignored;
  string_view word = TokenBefore(text, end, &ignored);
  while (!word.empty() && (word.back() == ',' || word.back() == ';' || word.back() == ':'))
    word.remove_suffix(1);
  return word;
}

bool AtLineStart(string_view text, size_t i) {
  while (i > 0 && (text[i - 1] == ' ' || text[i - 1] == '\t')) --i;
  return i == 0 || text[i - 1] == '\n';
}

// "U.S", "a.m", "J.R", "b.i.d": single letters joined by periods.
bool IsDottedAcronym(string_view token) {
  if (token.size() < 3) return false;
  for (size_t k = 0; k < token.size(); ++k) {
    const bool want_letter = k % 2 == 0;
    if (want_letter ? !IsAsciiAlpha(token[k]) : token[k] != '.') return false;
  }
  return token.size() % 2 == 1;
}

bool IsSingleUpper(string_view token) { return token.size() == 1 && IsAsciiUpper(token[0]); }

// What the text looks like where a possible next sentence starts.
enum class Next { kUpper, kDigit, kOpen, kLower, kCamel, kOther };

Next ClassifyNext(string_view text, size_t i) {
  const char c = text[i];
  if (IsAsciiUpper(c)) return Next::kUpper;
  if (IsDigit(c)) return Next::kDigit;
  if (c == '(' || c == '[' || c == '"' || c == '\'' || StartsWith(text, i, "\xE2\x80\x9C") ||
      StartsWith(text, i, "\xE2\x80\x98")) {
    return Next::kOpen;
  }
  if (IsAsciiLower(c)) {
    // A lower-case start that is clearly a symbol or gene name ("mRNA", "p53", "pH",
    // "gamma-Tocopherol", "daf-16").
    for (size_t j = i + 1; j < text.size() && (IsAsciiAlpha(text[j]) || IsDigit(text[j]) || text[j] == '-');
         ++j) {
      if (IsAsciiUpper(text[j]) || IsDigit(text[j])) return Next::kCamel;
    }
    return Next::kLower;
  }
  const auto b0 = static_cast<unsigned char>(c);
  if (i + 1 < text.size()) {
    const auto b1 = static_cast<unsigned char>(text[i + 1]);
    // Latin-1 capitals U+00C0..U+00DE except U+00D7.
    if (b0 == 0xC3 && b1 >= 0x80 && b1 <= 0x9E && b1 != 0x97) return Next::kUpper;
    // Greek letters of either case ("α-Synuclein", "β-Blockers").
    if ((b0 == 0xCE && b1 >= 0x91) || (b0 == 0xCF && b1 <= 0x89)) return Next::kUpper;
  }
  return Next::kOther;
}

// True when the word at text[i] commonly opens a sentence (and is not an initial "A.").
bool OpenerAt(string_view text, size_t i) {
  size_t j = i;
  while (j < text.size() && IsAsciiAlpha(text[j])) ++j;
  if (j < text.size() && text[j] == '.' && j - i == 1) return false;
  return In(kOpeners, text.substr(i, j - i));
}

// Decides whether the terminal run text[mark, run_end) followed by closers up to end and
// whitespace up to next ends a sentence.
bool EndsSentence(string_view text, size_t mark, size_t run_end, size_t end, size_t next) {
  bool newline = false;
  for (size_t k = end; k < next; ++k) {
    if (text[k] != '\n') continue;
    if (LineBreakEnds(text, k)) return true;
    newline = true;
  }
  const Next kind = ClassifyNext(text, next);
  const bool sentence_like = kind == Next::kUpper || kind == Next::kDigit || kind == Next::kOpen;
  bool question = false;
  for (size_t k = mark; k < run_end; ++k) question = question || text[k] == '?' || text[k] == '!';
  if (question) return sentence_like || kind == Next::kCamel || newline;

  size_t raw_start;
  const string_view token = TokenBefore(text, mark, &raw_start);
  const bool ellipsis = run_end - mark > 1;
  if (!ellipsis && !token.empty()) {
    // A list enumerator at the start of a line: "1. Take ...".
    if (token.size() <= 3 && std::all_of(token.begin(), token.end(), IsDigit) &&
        AtLineStart(text, raw_start)) {
      return false;
    }
    if (In(kNeverFinal, token)) return false;
    if (In(kBeforeNumber, token) && kind == Next::kDigit) return false;
    // Species and initials before a lower-case word: "E. coli", "S. aureus".
    if (IsSingleUpper(token) && (kind == Next::kLower || kind == Next::kCamel || kind == Next::kOther))
      return false;
    bool weak = In(kWeak, token) || IsDottedAcronym(token);
    if (!weak && token == "al") weak = WordBefore(text, raw_start) == "et";
    if (!weak && IsSingleUpper(token)) {
      // An initial ("J. Smith", "by J. Smith", "(P. M. Saling") unless a lower-case word
      // precedes the letter, as in "vitamin D. Patients" or "hepatitis B. The".
      const string_view prev = WordBefore(text, raw_start);
      weak = prev.empty() || !IsAsciiLower(prev[0]) || In(kBeforeInitial, prev) ||
             token.data() != text.data() + raw_start;
    }
    if (weak) return OpenerAt(text, next);
  }
  return sentence_like || kind == Next::kCamel;
}

// Appends [start, end) trimmed of whitespace and of a leading bullet, if not empty.
void Push(string_view text, size_t start, size_t end, std::vector<Span>* out) {
  start = SkipSpace(text, start);
  if (const size_t bullet = BulletLen(text, start); bullet > 0 && start + bullet <= end) {
    start = SkipSpace(text, start + bullet);
  }
  while (end > start) {
    if (SpaceLen(text, end - 1) == 1) {
      --end;
    } else if (end - start >= 2 && StartsWith(text, end - 2, "\xC2\xA0")) {
      end -= 2;
    } else {
      break;
    }
  }
  if (end > start) out->push_back({static_cast<uint32_t>(start), static_cast<uint32_t>(end)});
}

}  // namespace

std::vector<Span> SplitSentences(std::string_view text) {
  std::vector<Span> out;
  const size_t n = text.size();
  size_t start = 0;
  size_t i = 0;
  while (i < n) {
    if (const size_t len = TerminalLen(text, i); len > 0) {
      size_t run_end = i + len;
      while (run_end < n) {
        const size_t more = TerminalLen(text, run_end);
        if (more == 0) break;
        run_end += more;
      }
      const size_t end = SkipClosers(text, run_end);
      const size_t next = SkipSpace(text, end);
      if (next == end || next >= n) {
        i = std::max(end, i + len);
        continue;
      }
      if (EndsSentence(text, i, run_end, end, next)) {
        Push(text, start, end, &out);
        start = next;
      }
      i = next;
      continue;
    }
    if (text[i] == '\n') {
      if (LineBreakEnds(text, i)) {
        Push(text, start, i, &out);
        start = SkipSpace(text, i);
        i = start;
        continue;
      }
    } else if (i > start && BulletGlyphLen(text, i) > 0 && AfterSpace(text, i)) {
      // A bullet glyph inside running text ("Symptoms: • fever • cough") starts an item.
      Push(text, start, i, &out);
      start = i;
    }
    ++i;
  }
  Push(text, start, n, &out);
  return out;
}

}  // namespace medoracle
