// Question intent and section templates.
#include "answer/intent.h"

#include <algorithm>
#include <array>
#include <unordered_map>
#include <unordered_set>

#include "corpus/text.h"
#include "query/tokenizer.h"

namespace medoracle {
namespace {

bool Has(std::string_view text, std::string_view cue) { return text.find(cue) != std::string_view::npos; }

template <size_t N>
bool HasAny(std::string_view text, const std::array<std::string_view, N>& cues) {
  return std::any_of(cues.begin(), cues.end(), [text](std::string_view c) { return Has(text, c); });
}

// Words that say what kind of question it is, or nothing at all, rather than what it is
// about; they must not decide whether a sentence is on topic.
// Function words: they say nothing about the topic and only cost time in retrieval.
// Pronouns and function words a case question tells its patient with ("her hepatitis B risk",
// "his pain", "one whose episodes come every winter") are among them: a guideline says
// "patients". Not "he" and "us", which lower case makes of HE (hepatic encephalopathy) and US
// (ultrasound); SaysNothingOfTheTopic drops them when written in lower case.
const std::unordered_set<std::string>& StopWords() {
  static const auto* words = new std::unordered_set<std::string>{
      "a",          "about", "after",  "all",    "also",     "am",     "an",      "and",   "any",     "are",
      "as",         "at",    "be",     "been",   "best",     "better", "between", "but",   "by",      "can",
      "could",      "do",    "does",   "for",    "from",     "had",    "has",     "have",  "how",     "i",
      "if",         "in",    "into",   "is",     "it",       "its",    "me",      "my",    "of",      "on",
      "or",         "our",   "should", "so",     "than",     "that",   "the",     "their", "them",    "then",
      "there",      "these", "they",   "this",   "those",    "to",     "was",     "we",    "were",    "what",
      "when",       "where", "which",  "while",  "who",      "whom",   "why",     "will",  "with",    "would",
      "you",        "your",  "him",    "his",    "himself",  "she",    "her",     "hers",  "herself", "itself",
      "themselves", "ours",  "yours",  "myself", "yourself", "whose",  "being",   "did",   "just",    "very",
      "too",        "here",  "ago",    "yet"};
  return *words;
}

const std::unordered_set<std::string>& NonContentWords() {
  static const auto* words = new std::unordered_set<std::string>{
      "treatment",
      "treatments",
      "treat",
      "treated",
      "treating",
      "therapy",
      "therapies",
      "management",
      "manage",
      "managed",
      "managing",
      "first",
      "line",
      "first-line",
      "option",
      "options",
      "recommended",
      "recommendation",
      "recommendations",
      "approach",
      "level",
      "patient",
      "patients",
      "adult",
      "adults",
      "people",
      "person",
      "someone",
      "way",
      "ways",
      "used",
      "use",
      "using",
      "need",
      "needed",
      "get",
      "take",
      "know",
      "tell",
      "explain",
      "mean",
      "means",
      "is",
      "are",
      "current",
      "latest",
      "guideline",
      "guidelines",
      "evidence",
      "diagnosis",
      "diagnose",
      "diagnosed",
      "work-up",
      "workup",
      "evaluation",
      "evaluate",
      "dose",
      "dosing",
      "dosage",
      "prognosis",
      "outlook",
      "prevent",
      "prevention",
      "side",
      "effects",
      "effect",
      "adverse",
      "type",
      "kind",
      "cause",
      "causes",
      "symptoms",
      "signs",
      "initial",
      "best",
      "good",
      "most",
      "common",
      // Inflections of the intent words above that questions use ("How can flu be prevented?").
      "prevented",
      "preventing",
      "prevents",
      "preventable",
      "treats",
      "diagnoses",
      "doses",
      "caused",
      "causing",
      "effective",
      "effectiveness",
  };
  return *words;
}

// Calls emit(token, offset) for each token of text, lower-cased, with its byte offset in text.
template <typename Emit>
void ForEachToken(std::string_view text, Emit&& emit) {
  const std::string lower = AsciiLower(text);
  const size_t n = lower.size();
  for (size_t i = 0; i < n;) {
    // Letters, digits and non-ASCII bytes but a no-break space (U+00A0, C2 A0), which separates
    // words as CollapseWhitespace reads it.
    auto word = [&lower, n](size_t k) {
      const char c = lower[k];
      if (c == '\xC2' && k + 1 < n && lower[k + 1] == '\xA0') return false;
      if (c == '\xA0' && k > 0 && lower[k - 1] == '\xC2') return false;
      return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (static_cast<unsigned char>(c) >= 0x80);
    };
    if (!word(i)) {
      ++i;
      continue;
    }
    const size_t start = i;
    while (i < n && word(i)) ++i;
    emit(std::string_view(lower).substr(start, i - start), start);
  }
}

// Tokens of text, lower-cased, each with its byte offset in text.
std::vector<std::pair<std::string, size_t>> TokensAt(std::string_view text) {
  std::vector<std::pair<std::string, size_t>> out;
  ForEachToken(text, [&out](std::string_view token, size_t at) { out.emplace_back(std::string(token), at); });
  return out;
}

std::vector<std::string> Tokens(std::string_view text) {
  std::vector<std::string> out;
  ForEachToken(text, [&out](std::string_view token, size_t) { out.emplace_back(token); });
  return out;
}

// Whether the k-th token of a question is one of the words that say nothing of its topic although
// they are no stop words everywhere: "he" and "us" written in lower case (in capitals they are
// HE, hepatic encephalopathy, and US, ultrasound); "work-up" or "work up" (the index stems "work"
// as in the many work-related guidelines). (Not the age of "a 3-year-old": "year" and "old" find
// a label's "patients over 65 years of age" and "older patients".)
bool SaysNothingOfTheTopic(std::string_view question, const std::vector<std::pair<std::string, size_t>>& tokens,
                           size_t k) {
  const auto& [token, at] = tokens[k];
  // (std::string_view on both sides: a conditional of a std::string and "" is a temporary string.)
  auto next = [&](size_t d) {
    return k + d < tokens.size() ? std::string_view(tokens[k + d].first) : std::string_view();
  };
  auto previous = [&](size_t d) { return k >= d ? std::string_view(tokens[k - d].first) : std::string_view(); };
  // A pronoun unless both letters are capitals ("He has had fever ..." opens a case).
  if (token == "he" || token == "us") {
    return !(question[at] >= 'A' && question[at] <= 'Z' && question[at + 1] >= 'A' && question[at + 1] <= 'Z');
  }
  if (token == "work" && next(1) == "up") return true;
  if (token == "up" && previous(1) == "work") return true;
  return false;
}

// The singular of an irregular plural the stemmer leaves alone ("women" for a question's "a
// pregnant woman"); other words as they are.
const std::unordered_map<std::string, std::string>& IrregularPlurals() {
  static const auto* plurals = new std::unordered_map<std::string, std::string>{
      {"women", "woman"}, {"children", "child"}, {"feet", "foot"}, {"teeth", "tooth"},
      {"mice", "mouse"},  {"geese", "goose"},    {"lice", "louse"}};
  return *plurals;
}

const std::string& Singular(const std::string& word) {
  const auto it = IrregularPlurals().find(word);
  return it == IrregularPlurals().end() ? word : it->second;
}

// One stemmer per thread, the index's (the tokenizer's english stemmer): it is not safe to share
// between threads (the server composes answers on several).
const query::Tokenizer& Stemmer() {
  static thread_local const query::Tokenizer tokenizer;
  return tokenizer;
}

// Stems of words seen before on this thread: every candidate sentence of every answer is
// stemmed, and its words repeat (stemming was a tenth of an answer's instructions). Bounded:
// cleared when it reaches kMaxCachedStems words.
constexpr size_t kMaxCachedStems = 200000;
const std::string& CachedStem(const std::string& word) {
  static thread_local std::unordered_map<std::string, std::string> cache;
  auto it = cache.find(word);
  if (it != cache.end()) return it->second;
  if (cache.size() >= kMaxCachedStems) cache.clear();
  return cache.emplace(word, Stemmer().Stem(Singular(word))).first->second;
}

}  // namespace

std::string_view IntentName(Intent intent) {
  switch (intent) {
    case Intent::kTreatment: return "treatment";
    case Intent::kDiagnosis: return "diagnosis";
    case Intent::kImaging: return "imaging";
    case Intent::kDosing: return "dosing";
    case Intent::kPrognosis: return "prognosis";
    case Intent::kPrevention: return "prevention";
    case Intent::kDefinition: return "definition";
    case Intent::kComparison: return "comparison";
    case Intent::kAdverseEffects: return "adverse_effects";
  }
  return "treatment";
}

Intent ClassifyIntent(std::string_view raw) {
  const std::string q = " " + AsciiLower(raw) + " ";
  static constexpr std::array<std::string_view, 6> kDosing = {" dose",     "dosing", "dosage",
                                                              "how much ", " mg ",   "titrat"};
  static constexpr std::array<std::string_view, 6> kAdverse = {"side effect", "adverse", "harm",
                                                               "toxicit",     "safe to", "risks of"};
  static constexpr std::array<std::string_view, 5> kComparison = {" vs ", " vs. ", "versus", "compared", "better than"};
  static constexpr std::array<std::string_view, 6> kPrognosis = {"prognosis",       "outlook", "survival",
                                                                 "life expectancy", "recover", "long-term outcome"};
  static constexpr std::array<std::string_view, 6> kPrevention = {"prevent",  "screen",          "vaccin",
                                                                  "prophyla", "reduce the risk", "avoid getting"};
  static constexpr std::array<std::string_view, 6> kImaging = {" mri",       "imaging", "x-ray",
                                                               "radiograph", " ct ",    "ultrasound"};
  static constexpr std::array<std::string_view, 8> kDiagnosis = {"diagnos", "work-up", "workup",  "evaluat",
                                                                 " test",   "assess",  "symptom", "sign"};
  static constexpr std::array<std::string_view, 9> kTreatment = {
      "treat", "therap", "manag", "first-line", "first line", "medication", "drug", "surgery", "how to "};
  // Order matters: the more specific cue wins over the general ones.
  if (HasAny(q, kDosing)) return Intent::kDosing;
  if (HasAny(q, kAdverse)) return Intent::kAdverseEffects;
  if (HasAny(q, kComparison)) return Intent::kComparison;
  if (HasAny(q, kTreatment)) return Intent::kTreatment;
  if (HasAny(q, kPrognosis)) return Intent::kPrognosis;
  if (HasAny(q, kPrevention)) return Intent::kPrevention;
  if (HasAny(q, kImaging)) return Intent::kImaging;
  if (HasAny(q, kDiagnosis)) return Intent::kDiagnosis;
  if (Has(q, " what is ") || Has(q, " what are ") || Has(q, " define ") || Has(q, "definition")) {
    return Intent::kDefinition;
  }
  return Intent::kTreatment;
}

const std::vector<std::string>& SectionTemplate(Intent intent) {
  static const std::vector<std::string> kTreatmentSections = {
      "First-line management",  "Pharmacologic treatment",        "Non-pharmacologic treatment",
      "Red flags and pitfalls", "Diagnostic work-up and imaging", "When to refer",
      "Procedures and surgery", "Follow-up and outcomes",         "Special populations",
      "Supporting evidence"};
  static const std::vector<std::string> kDiagnosisSections = {
      "Clinical features",  "Diagnostic work-up and imaging", "Red flags and pitfalls",
      "When to refer",      "First-line management",          "Special populations",
      "Supporting evidence"};
  static const std::vector<std::string> kImagingSections = {
      "Diagnostic work-up and imaging", "Red flags and pitfalls", "Clinical features",  "When to refer",
      "Procedures and surgery",         "Special populations",    "Supporting evidence"};
  static const std::vector<std::string> kDosingSections = {"Pharmacologic treatment", "Red flags and pitfalls",
                                                           "Special populations", "Follow-up and outcomes",
                                                           "Supporting evidence"};
  static const std::vector<std::string> kPrognosisSections = {"Follow-up and outcomes", "Red flags and pitfalls",
                                                              "First-line management", "Special populations",
                                                              "Supporting evidence"};
  static const std::vector<std::string> kPreventionSections = {"Prevention and screening", "First-line management",
                                                               "Special populations", "Supporting evidence"};
  static const std::vector<std::string> kDefinitionSections = {"Overview", "Clinical features",
                                                               "Diagnostic work-up and imaging",
                                                               "First-line management", "Supporting evidence"};
  static const std::vector<std::string> kComparisonSections = {"Comparative evidence", "Pharmacologic treatment",
                                                               "Non-pharmacologic treatment", "Red flags and pitfalls",
                                                               "Supporting evidence"};
  static const std::vector<std::string> kAdverseSections = {"Adverse effects and harms", "Red flags and pitfalls",
                                                            "Special populations", "Supporting evidence"};
  switch (intent) {
    case Intent::kTreatment: return kTreatmentSections;
    case Intent::kDiagnosis: return kDiagnosisSections;
    case Intent::kImaging: return kImagingSections;
    case Intent::kDosing: return kDosingSections;
    case Intent::kPrognosis: return kPrognosisSections;
    case Intent::kPrevention: return kPreventionSections;
    case Intent::kDefinition: return kDefinitionSections;
    case Intent::kComparison: return kComparisonSections;
    case Intent::kAdverseEffects: return kAdverseSections;
  }
  return kTreatmentSections;
}

std::vector<std::string> SearchWords(std::string_view question) {
  std::vector<std::string> out;
  for (std::string& token : Tokens(question)) {
    if (!StopWords().count(token)) out.push_back(std::move(token));
  }
  return out;
}

std::vector<std::string> ContentWords(std::string_view question) {
  std::vector<std::string> out;
  const std::vector<std::pair<std::string, size_t>> tokens = TokensAt(question);
  for (size_t k = 0; k < tokens.size(); ++k) {
    const std::string& token = tokens[k].first;  // not moved from: its neighbours read it
    if (StopWords().count(token) || NonContentWords().count(token)) continue;
    if (SaysNothingOfTheTopic(question, tokens, k)) continue;
    const bool has_letter = std::any_of(token.begin(), token.end(), [](char c) { return c >= 'a' && c <= 'z'; });
    if (!has_letter && static_cast<unsigned char>(token[0]) < 0x80) continue;  // bare numbers
    if (token.size() < 2) continue;
    if (std::find(out.begin(), out.end(), token) == out.end()) out.push_back(token);
  }
  return out;
}

std::string_view AskedQuestionType(std::string_view question) {
  const std::string lower = " " + AsciiLower(question) + " ";
  struct Type {
    std::string_view name;
    std::array<std::string_view, 4> cues;
  };
  static constexpr std::array<Type, 8> kTypes = {{
      {"inheritance", {"inherit", "passed down", "genetic change", "carrier"}},
      {"treatment", {"treat", "therap", "manag", "cure"}},
      {"symptoms", {"symptom", " signs ", " sign of", " signs of"}},
      {"causes", {"what causes", " cause of", " causes of", " caused by"}},
      {"diagnosis", {"diagnos", " tests ", " test for", "exams and tests"}},
      {"prevention", {"prevent", "avoid getting", "reduce the risk", "lower the risk"}},
      {"outlook", {"outlook", "prognos", "life expectancy", "survival"}},
      {"risk", {"at risk", "risk factor", "who gets", "who is likely"}},
  }};
  for (const Type& type : kTypes) {
    if (ContainsAnyOf(lower, type.cues)) return type.name;
  }
  return {};
}

bool AsksForTreatment(std::string_view question) {
  const std::string lower = AsciiLower(question);
  return ContainsAnyOf(lower, std::array<std::string_view, 3>{"treat", "therap", "manag"});
}

std::vector<std::string> ContentStems(std::string_view question) {
  std::vector<std::string> out;
  for (const std::string& word : ContentWords(question)) {
    std::string stem = Stemmer().Stem(Singular(word));
    if (std::find(out.begin(), out.end(), stem) == out.end()) out.push_back(std::move(stem));
  }
  return out;
}

std::vector<std::string> TextStems(std::string_view text) {
  std::vector<std::string> out;
  for (const std::string& token : Tokens(text)) out.push_back(CachedStem(token));
  return out;
}

std::vector<std::string> IndexStemsOfPluralsOf(const std::string& stem) {
  std::vector<std::string> out;
  for (const auto& [plural, singular] : IrregularPlurals()) {
    if (Stemmer().Stem(singular) == stem) out.push_back(Stemmer().Stem(plural));
  }
  return out;
}

std::vector<std::string> IndexStems(std::string_view text) {
  std::vector<std::string> out;
  for (const std::string& token : Tokens(text)) out.push_back(Stemmer().Stem(token));
  return out;
}

}  // namespace medoracle
