// Sentence-by-sentence verification of a generated summary (see verifier.h for the rules).
#include "llm/verifier.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>

#include "corpus/sentence_splitter.h"
#include "corpus/text.h"
#include "query/analyzer.h"
#include "query/tokenizer.h"

namespace medoracle::llm {
namespace {

constexpr size_t kMaxGeneratedBytes = 64 * 1024;  // a short answer is far below this
constexpr size_t kMaxSentenceBytes = 2000;
constexpr int kMaxCitationsPerSentence = 50;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAlnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::string Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return std::string(s);
}

// A citation group "[1]", "[1, 3]", "[2-4]", "[1; 2]" starting at text[pos] == '['; its numbers and
// its length, or nullopt when the brackets hold anything else.
std::optional<std::pair<std::vector<int>, size_t>> CitationAt(std::string_view text, size_t pos) {
  if (pos >= text.size() || text[pos] != '[') return std::nullopt;
  std::vector<int> numbers;
  size_t i = pos + 1;
  int range_from = -1;
  bool expect_number = true;
  while (i < text.size()) {
    const char c = text[i];
    if (c == ' ') {
      ++i;
    } else if (IsDigit(c) && expect_number) {
      int n = 0;
      size_t digits = 0;
      while (i < text.size() && IsDigit(text[i])) {
        if (++digits > 6) return std::nullopt;
        n = n * 10 + (text[i] - '0');
        ++i;
      }
      if (range_from >= 0) {
        if (n < range_from || n - range_from > kMaxCitationsPerSentence) return std::nullopt;
        for (int k = range_from + 1; k <= n; ++k) numbers.push_back(k);
        range_from = -1;
      } else {
        numbers.push_back(n);
      }
      expect_number = false;
    } else if ((c == ',' || c == ';') && !expect_number) {
      expect_number = true;
      ++i;
    } else if (c == '-' && !expect_number && range_from < 0) {
      range_from = numbers.back();
      expect_number = true;
      ++i;
    } else if (c == ']' && !expect_number && !numbers.empty()) {
      if (numbers.size() > static_cast<size_t>(kMaxCitationsPerSentence)) return std::nullopt;
      return std::make_pair(std::move(numbers), i + 1 - pos);
    } else {
      return std::nullopt;
    }
  }
  return std::nullopt;
}

// text without its citation groups (and the space before each), and the numbers they held.
std::string StripCitations(std::string_view text, std::vector<int>* cited) {
  std::string out;
  for (size_t i = 0; i < text.size();) {
    if (auto group = CitationAt(text, i)) {
      cited->insert(cited->end(), group->first.begin(), group->first.end());
      while (!out.empty() && out.back() == ' ') out.pop_back();
      i += group->second;
      continue;
    }
    out += text[i++];
  }
  // "pain ." left by "pain [1] ." and doubled spaces.
  std::string clean;
  for (size_t i = 0; i < out.size(); ++i) {
    if (out[i] == ' ' && i + 1 < out.size() && (out[i + 1] == '.' || out[i + 1] == ',' || out[i + 1] == ';')) continue;
    clean += out[i];
  }
  return CollapseWhitespace(clean);
}

// A line without its list marker and Markdown emphasis.
std::string CleanLine(std::string_view line) {
  std::string s = Trim(line);
  while (!s.empty() && s.front() == '#') s.erase(s.begin());
  s = Trim(s);
  if (s.size() >= 2 && (s[0] == '-' || s[0] == '*' || s[0] == '+') && s[1] == ' ') s = Trim(s.substr(2));
  if (s.rfind("\xE2\x80\xA2", 0) == 0) s = Trim(s.substr(3));  // bullet
  size_t digits = 0;
  while (digits < s.size() && IsDigit(s[digits])) ++digits;
  if (digits > 0 && digits < s.size() - 1 && (s[digits] == '.' || s[digits] == ')') && s[digits + 1] == ' ') {
    s = Trim(s.substr(digits + 2));
  }
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if ((s[i] == '*' || s[i] == '_') && i + 1 < s.size() && s[i + 1] == s[i]) {
      ++i;
      continue;
    }
    out += s[i];
  }
  return out;
}

// The generated sentences, each with its citation groups; a group that opens a sentence (written
// after the previous one's full stop) goes back to the previous sentence.
std::vector<std::string> GeneratedSentences(std::string_view generated) {
  std::vector<std::string> sentences;
  ForEachLine(generated, [&](std::string_view raw, size_t) {
    const std::string line = CleanLine(raw);
    if (line.empty()) return;
    for (const Span& span : SplitSentences(line)) {
      std::string_view s = std::string_view(line).substr(span.start, span.end - span.start);
      size_t lead = 0;
      while (true) {
        size_t j = lead;
        while (j < s.size() && s[j] == ' ') ++j;
        auto group = CitationAt(s, j);
        if (!group) break;
        lead = j + group->second;
      }
      if (lead > 0 && !sentences.empty()) {
        sentences.back() += " " + std::string(s.substr(0, lead));
        s.remove_prefix(lead);
      }
      std::string rest = Trim(s);
      // Punctuation left alone after moving a group back ("[1]." -> ".").
      if (rest.empty() || (rest.size() == 1 && std::ispunct(static_cast<unsigned char>(rest[0])))) continue;
      sentences.push_back(std::move(rest));
    }
  });
  return sentences;
}

// --- numbers and doses -------------------------------------------------------------------

struct Quantity {
  std::string number;  // "1000", "0.5"
  std::string unit;    // canonical unit, or "" for a bare number
  std::string as_written;
};

const std::map<std::string, std::string>& Units() {
  static const std::map<std::string, std::string> units = {
      {"mg", "mg"}, {"milligram", "mg"}, {"milligrams", "mg"}, {"g", "g"}, {"gram", "g"}, {"grams", "g"},
      {"mcg", "mcg"}, {"\xC2\xB5g", "mcg"}, {"\xCE\xBCg", "mcg"}, {"ug", "mcg"}, {"microgram", "mcg"},
      {"micrograms", "mcg"}, {"kg", "kg"}, {"ng", "ng"}, {"ml", "ml"}, {"l", "l"}, {"dl", "dl"},
      {"iu", "iu"}, {"unit", "unit"}, {"units", "unit"}, {"meq", "meq"}, {"mmol", "mmol"}, {"mmhg", "mmhg"},
      {"%", "%"}, {"percent", "%"}, {"h", "hour"}, {"hr", "hour"}, {"hrs", "hour"}, {"hour", "hour"},
      {"hours", "hour"}, {"day", "day"}, {"days", "day"}, {"d", "day"}, {"week", "week"}, {"weeks", "week"},
      {"wk", "week"}, {"wks", "week"}, {"month", "month"}, {"months", "month"}, {"mo", "month"},
      {"year", "year"}, {"years", "year"}, {"yr", "year"}, {"yrs", "year"}, {"min", "minute"},
      {"minute", "minute"}, {"minutes", "minute"}, {"times", "times"}, {"tablet", "tablet"},
      {"tablets", "tablet"}, {"dose", "dose"}, {"doses", "dose"}, {"mm", "mm"}, {"cm", "cm"},
      {"mmol/l", "mmol/l"}, {"mg/dl", "mg/dl"}, {"mg/kg", "mg/kg"}, {"mcg/kg", "mcg/kg"}, {"ml/min", "ml/min"},
      {"mg/day", "mg/day"}, {"mg/d", "mg/day"}, {"bpm", "bpm"}, {"puffs", "puff"}, {"puff", "puff"}};
  return units;
}

std::string NormaliseNumber(std::string n) {
  n.erase(std::remove(n.begin(), n.end(), ','), n.end());
  if (n.find('.') != std::string::npos) {
    while (!n.empty() && n.back() == '0') n.pop_back();
    if (!n.empty() && n.back() == '.') n.pop_back();
  }
  size_t lead = 0;
  while (lead + 1 < n.size() && n[lead] == '0' && n[lead + 1] != '.') ++lead;
  return n.substr(lead);
}

std::vector<Quantity> Quantities(std::string_view text) {
  std::vector<Quantity> out;
  std::vector<bool> range_with_next;
  size_t i = 0;
  while (i < text.size()) {
    if (!IsDigit(text[i]) || (i > 0 && (IsAlnum(text[i - 1]) || text[i - 1] == '.' || text[i - 1] == '_'))) {
      ++i;
      continue;
    }
    const size_t start = i;
    while (i < text.size()) {
      if (IsDigit(text[i])) {
        ++i;
      } else if (text[i] == '.' && i + 1 < text.size() && IsDigit(text[i + 1])) {
        ++i;
      } else if (text[i] == ',' && i + 3 < text.size() &&
                 IsDigit(text[i + 1]) && IsDigit(text[i + 2]) && IsDigit(text[i + 3]) &&
                 (i + 4 >= text.size() || !IsDigit(text[i + 4]))) {
        ++i;  // a thousands separator: "1,000"
      } else {
        break;
      }
    }
    Quantity q;
    q.number = NormaliseNumber(std::string(text.substr(start, i - start)));
    // The unit: "%", or a word (with "/word") right after the number or after one space.
    size_t u = i;
    if (u < text.size() && text[u] == ' ') ++u;
    size_t end = u;
    if (end < text.size() && text[end] == '%') {
      ++end;
    } else {
      while (end < text.size() && (std::isalpha(static_cast<unsigned char>(text[end])) ||
                                   static_cast<unsigned char>(text[end]) >= 0x80)) {
        ++end;
      }
      if (end < text.size() && text[end] == '/' && end + 1 < text.size() &&
          std::isalpha(static_cast<unsigned char>(text[end + 1]))) {
        size_t e2 = end + 1;
        while (e2 < text.size() && std::isalpha(static_cast<unsigned char>(text[e2]))) ++e2;
        const std::string compound = AsciiLower(text.substr(u, e2 - u));
        if (Units().count(compound)) end = e2;
      }
    }
    const std::string word = AsciiLower(text.substr(u, end - u));
    if (auto it = Units().find(word); it != Units().end()) {
      q.unit = it->second;
      i = end;
    } else if (const size_t slash = word.find('/'); slash != std::string::npos && Units().count(word.substr(0, slash))) {
      q.unit = Units().at(word.substr(0, slash));
      i = end;
    }
    q.as_written = Trim(text.substr(start, i - start));
    // "10 to 20 mg", "10-20 mg": the first number takes the second's unit.
    size_t k = i;
    while (k < text.size() && text[k] == ' ') ++k;
    bool range = false;
    if (k < text.size() && text[k] == '-') {
      range = true;
    } else if (text.substr(k, 3) == "\xE2\x80\x93") {
      range = true;
    } else if (text.substr(k, 3) == "to " || text.substr(k, 3) == "or ") {
      range = true;
    }
    out.push_back(std::move(q));
    range_with_next.push_back(range);
  }
  for (size_t j = out.size(); j-- > 1;) {
    if (out[j - 1].unit.empty() && range_with_next[j - 1] && !out[j].unit.empty()) out[j - 1].unit = out[j].unit;
  }
  return out;
}

// --- words -------------------------------------------------------------------------------

struct Words {
  std::vector<query::Token> tokens;
  std::vector<std::vector<std::string>> negated_scopes;  // content stems after each negation cue
  std::set<std::string> negated_stems;                   // union of the scopes
  std::set<std::string> stems;                           // every stem
  std::set<std::string> lowers;                          // every lower-case word
};

bool IsNegationCue(const std::string& lower) {
  static const std::set<std::string> cues = {"not",  "no",      "never",  "none",    "neither", "nor",
                                             "cannot", "without", "avoid", "avoided", "avoiding", "lack",
                                             "lacks", "lacking", "nothing", "nobody"};
  if (cues.count(lower)) return true;
  return lower.size() > 3 && lower.compare(lower.size() - 3, 3, "n't") == 0;
}

bool IsClauseBreakWord(const std::string& lower) {
  return lower == "but" || lower == "although" || lower == "however" || lower == "whereas" || lower == "while" ||
         lower == "though" || lower == "yet";
}

bool IsNumberToken(const query::Token& t) { return !t.text.empty() && IsDigit(t.text[0]); }

bool IsContent(const query::Token& t) {
  return !IsNumberToken(t) && t.lower.size() >= 2 && !query::IsStopword(t.lower) && !IsNegationCue(t.lower);
}

Words Analyse(const query::Tokenizer& tokenizer, std::string_view text) {
  Words w;
  w.tokens = tokenizer.Tokenize(text);
  for (const auto& t : w.tokens) {
    w.stems.insert(t.stem);
    w.lowers.insert(t.lower);
  }
  for (size_t i = 0; i < w.tokens.size(); ++i) {
    if (!IsNegationCue(w.tokens[i].lower)) continue;
    std::vector<std::string> scope;
    for (size_t j = i + 1; j < w.tokens.size() && scope.size() < 4; ++j) {
      const std::string_view between = text.substr(w.tokens[j - 1].end, w.tokens[j].start - w.tokens[j - 1].end);
      if (between.find_first_of(",;:.()") != std::string_view::npos) break;
      if (IsClauseBreakWord(w.tokens[j].lower) || IsNegationCue(w.tokens[j].lower)) break;
      if (IsContent(w.tokens[j])) scope.push_back(w.tokens[j].stem);
    }
    if (scope.empty()) continue;
    w.negated_stems.insert(scope.begin(), scope.end());
    w.negated_scopes.push_back(std::move(scope));
  }
  return w;
}

// Antonyms a summary must not swap (stems): the sentence says one where the cited statements say
// only the other.
const std::vector<std::pair<std::string, std::string>>& Antonyms() {
  static const std::vector<std::pair<std::string, std::string>> pairs = {
      {"increas", "decreas"}, {"increas", "reduc"},  {"rais", "lower"},     {"higher", "lower"},
      {"more", "less"},       {"more", "fewer"},     {"effect", "ineffect"}, {"safe", "unsaf"},
      {"indic", "contraind"}, {"improv", "worsen"},  {"benefit", "harm"},   {"recommend", "discourag"},
      {"start", "stop"},      {"continu", "discontinu"}, {"abov", "below"}, {"maximum", "minimum"},
      {"earli", "later"},     {"first", "last"}};
  return pairs;
}

// Drug and condition name patterns (the USAN stems and common disease suffixes).
bool LooksLikeName(const query::Token& t, size_t index, const std::set<std::string>& names) {
  if (names.count(t.lower)) return true;
  if (t.upper && t.lower.size() >= 2) return true;  // an abbreviation: "COPD", "NSAID"
  static const std::vector<std::string> suffixes = {
      "mab",    "nib",     "pril",   "sartan", "olol",   "statin", "azole",   "cillin",  "mycin",  "cycline",
      "floxacin", "prazole", "dipine", "tidine", "parin", "oxetine", "triptan", "profen", "afil", "gliptin",
      "gliflozin", "glutide", "lukast", "semide", "thiazide", "zepam", "zolam", "barbital", "caine", "codone",
      "morphone", "phine", "vudine", "navir", "tegravir", "setron", "pramine", "tyline", "oxacin", "pentin",
      "gabalin", "platin", "rubicin", "tinib", "conazole", "dronate", "parib", "xaban", "gatran", "grel",
      "itis",   "osis",    "emia",   "aemia",  "pathy",  "oma",    "algia",   "plasia",  "penia",  "uria",
      "trophy", "sclerosis", "ectasia", "megaly", "rrhea", "rrhoea"};
  if (t.lower.size() >= 6) {
    for (const std::string& s : suffixes) {
      if (t.lower.size() > s.size() + 2 && t.lower.compare(t.lower.size() - s.size(), s.size(), s) == 0) return true;
    }
  }
  // A capitalised word inside the sentence (a brand name, an eponym).
  const unsigned char first = static_cast<unsigned char>(t.text[0]);
  return index > 0 && std::isupper(first) && t.lower.size() >= 3;
}

// Words a faithful summary adds around the statements' content without adding a claim.
bool IsGlue(const std::string& stem) {
  static const std::set<std::string> glue = {"evid",  "suggest", "show",   "report", "found",   "note",
                                             "overal", "also",   "howev",  "addit",  "general", "typic",
                                             "includ", "such",   "both",   "option", "summari", "accord",
                                             "statement", "sourc", "guidelin", "studi", "data"};
  return glue.count(stem) > 0;
}

bool Covered(const std::string& stem, const std::set<std::string>& stems) {
  if (stems.count(stem)) return true;
  if (stem.size() < 7) return false;
  const std::string prefix = stem.substr(0, 6);
  auto it = stems.lower_bound(prefix);
  return it != stems.end() && it->compare(0, prefix.size(), prefix) == 0 && it->size() >= 7;
}

std::string Quote(const std::string& s) { return "'" + s + "'"; }

std::string NumbersList(const std::vector<int>& ns) {
  std::string out;
  for (size_t i = 0; i < ns.size(); ++i) out += (i ? ", " : "") + std::to_string(ns[i]);
  return out;
}

// Why sentence (its citations removed: clean) is not supported by the cited statements, or "".
std::string Check(const query::Tokenizer& tokenizer, const std::string& clean, const std::vector<int>& cited,
                  const std::vector<NumberedStatement>& statements, const VerifyOptions& options) {
  if (cited.empty()) return "cites no statement";
  std::map<int, const NumberedStatement*> by_n;
  for (const auto& s : statements) by_n[s.n] = &s;
  std::string cited_text;
  for (int n : cited) {
    auto it = by_n.find(n);
    if (it == by_n.end()) {
      return "cites statement [" + std::to_string(n) + "], which does not exist (the statements given were " +
             (statements.empty() ? std::string("none") : "[1]-[" + std::to_string(statements.size()) + "]") + ")";
    }
    cited_text += it->second->text + "\n";
  }
  const std::string cites = "statement" + std::string(cited.size() > 1 ? "s [" : " [") + NumbersList(cited) + "]";

  // Numbers and doses.
  std::set<std::pair<std::string, std::string>> doses;
  std::set<std::string> numbers;
  for (const Quantity& q : Quantities(cited_text)) {
    doses.insert({q.number, q.unit});
    numbers.insert(q.number);
  }
  for (const Quantity& q : Quantities(clean)) {
    if (!q.unit.empty() && !doses.count({q.number, q.unit})) {
      return "the dose or quantity " + Quote(q.as_written) + " is not in the cited " + cites;
    }
    if (!numbers.count(q.number)) return "the number " + Quote(q.as_written) + " is not in the cited " + cites;
  }

  const Words sentence = Analyse(tokenizer, clean);
  const Words source = Analyse(tokenizer, cited_text);

  // Negations: what the sentence negates must be negated in a cited statement...
  for (const auto& scope : sentence.negated_scopes) {
    bool found = false;
    for (const std::string& stem : scope) found = found || source.negated_stems.count(stem) > 0;
    if (!found) {
      return "negates " + Quote(scope.front()) + " but the cited " + cites + " do not";
    }
  }
  // ... and what a cited statement negates must not be asserted.
  for (const auto& scope : source.negated_scopes) {
    const std::string& head = scope.front();
    if (!sentence.stems.count(head) || sentence.negated_stems.count(head)) continue;
    size_t shared = 0;
    for (const std::string& stem : scope) shared += sentence.stems.count(stem) && !sentence.negated_stems.count(stem);
    if (2 * shared >= scope.size()) {
      return "asserts " + Quote(head) + " where the cited " + cites + " negate it (the negation was dropped)";
    }
  }
  for (const auto& [a, b] : Antonyms()) {
    for (const auto& [said, other] : {std::pair{a, b}, std::pair{b, a}}) {
      if (sentence.stems.count(said) && !source.stems.count(said) && source.stems.count(other)) {
        return "says " + Quote(said) + " where the cited " + cites + " say " + Quote(other);
      }
    }
  }

  // Drug and condition names.
  for (size_t i = 0; i < sentence.tokens.size(); ++i) {
    const query::Token& t = sentence.tokens[i];
    if (IsNumberToken(t) || query::IsStopword(t.lower)) continue;
    if (!LooksLikeName(t, i, options.names)) continue;
    if (source.lowers.count(t.lower) || source.stems.count(t.stem)) continue;
    return "names " + Quote(t.text) + ", which the cited " + cites + " do not mention";
  }

  // Content words.
  size_t total = 0;
  std::vector<std::string> missing;
  for (const query::Token& t : sentence.tokens) {
    if (!IsContent(t) || IsGlue(t.stem)) continue;
    ++total;
    if (!Covered(t.stem, source.stems)) missing.push_back(t.text);
  }
  if (total == 0) return "no content words to check against the cited " + cites;
  const double coverage = static_cast<double>(total - missing.size()) / static_cast<double>(total);
  if (coverage + 1e-9 < options.min_coverage) {
    std::string words;
    for (size_t i = 0; i < missing.size() && i < 6; ++i) words += (i ? ", " : "") + Quote(missing[i]);
    char share[32];
    std::snprintf(share, sizeof(share), "%.2f", coverage);
    return "words not in the cited " + cites + ": " + words + " (" + share + " of its content words covered)";
  }
  return "";
}

}  // namespace

Verification VerifySummary(std::string_view generated, const std::vector<NumberedStatement>& statements,
                           const VerifyOptions& options) {
  Verification result;
  if (generated.size() > kMaxGeneratedBytes) generated = generated.substr(0, kMaxGeneratedBytes);
  const std::string text = SanitizeUtf8(generated);
  const query::Tokenizer tokenizer;
  for (const std::string& sentence : GeneratedSentences(text)) {
    if (sentence.size() > kMaxSentenceBytes) {
      result.dropped.push_back({sentence.substr(0, kMaxSentenceBytes), "longer than " +
                                                                          std::to_string(kMaxSentenceBytes) + " bytes"});
      continue;
    }
    std::vector<int> cited;
    const std::string clean = StripCitations(sentence, &cited);
    std::sort(cited.begin(), cited.end());
    cited.erase(std::unique(cited.begin(), cited.end()), cited.end());
    const std::string reason = Check(tokenizer, clean, cited, statements, options);
    if (reason.empty()) {
      result.kept.push_back({clean, cited});
    } else {
      result.dropped.push_back({sentence, reason});
    }
  }
  return result;
}

}  // namespace medoracle::llm
