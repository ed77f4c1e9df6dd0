// Reading a candidate sentence's own words: labels, glued headings, fragments, role.
#include "answer/statement_text.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <utility>
#include <vector>

#include "corpus/text.h"

namespace medoracle {
namespace {

bool Upper(char c) { return c >= 'A' && c <= 'Z'; }
bool Lower(char c) { return c >= 'a' && c <= 'z'; }
bool Digit(char c) { return c >= '0' && c <= '9'; }

// Structured-abstract labels (NLM's list of common headings, upper case as PubMed, SciFact
// and BioASQ texts print them inline) and the role each names.
struct Label {
  std::string_view text;
  SentenceRole role;
};
constexpr Label kLabels[] = {
    {"MATERIALS AND METHODS", SentenceRole::kMethods},
    {"METHODS AND MATERIALS", SentenceRole::kMethods},
    {"MAIN OUTCOME MEASURES", SentenceRole::kMethods},
    {"MAIN OUTCOMES AND MEASURES", SentenceRole::kMethods},
    {"DESIGN, SETTING, AND PARTICIPANTS", SentenceRole::kMethods},
    {"STUDY DESIGN", SentenceRole::kMethods},
    {"DATA SOURCES", SentenceRole::kMethods},
    {"STUDY SELECTION", SentenceRole::kMethods},
    {"DATA EXTRACTION", SentenceRole::kMethods},
    {"EVIDENCE ACQUISITION", SentenceRole::kMethods},
    {"EVIDENCE SYNTHESIS", SentenceRole::kResults},
    {"CONCLUSIONS AND RELEVANCE", SentenceRole::kConclusions},
    {"CLINICAL RELEVANCE", SentenceRole::kConclusions},
    {"CONCLUSIONS", SentenceRole::kConclusions},
    {"CONCLUSION", SentenceRole::kConclusions},
    {"INTERPRETATION", SentenceRole::kConclusions},
    {"IMPLICATIONS", SentenceRole::kConclusions},
    {"SIGNIFICANCE", SentenceRole::kConclusions},
    {"BACKGROUND", SentenceRole::kBackground},
    {"INTRODUCTION", SentenceRole::kBackground},
    {"CONTEXT", SentenceRole::kBackground},
    {"IMPORTANCE", SentenceRole::kBackground},
    {"RATIONALE", SentenceRole::kBackground},
    {"OBJECTIVES", SentenceRole::kBackground},
    {"OBJECTIVE", SentenceRole::kBackground},
    {"PURPOSE", SentenceRole::kBackground},
    {"AIMS", SentenceRole::kBackground},
    {"AIM", SentenceRole::kBackground},
    {"HYPOTHESIS", SentenceRole::kBackground},
    {"METHODS", SentenceRole::kMethods},
    {"METHOD", SentenceRole::kMethods},
    {"DESIGN", SentenceRole::kMethods},
    {"SETTING", SentenceRole::kMethods},
    {"SETTINGS", SentenceRole::kMethods},
    {"PARTICIPANTS", SentenceRole::kMethods},
    {"PATIENTS", SentenceRole::kMethods},
    {"SUBJECTS", SentenceRole::kMethods},
    {"INTERVENTIONS", SentenceRole::kMethods},
    {"INTERVENTION", SentenceRole::kMethods},
    {"MEASUREMENTS", SentenceRole::kMethods},
    {"RESULTS", SentenceRole::kResults},
    {"FINDINGS", SentenceRole::kResults},
    {"LIMITATIONS", SentenceRole::kUnknown},
};

// Length of a label at the start of s (upper case, or capitalised and followed by ':'),
// including the ':' and spaces after it; 0 when s does not start with one followed by
// the statement's first word.
size_t LabelLength(std::string_view s, SentenceRole* role) {
  for (const Label& label : kLabels) {
    size_t n = 0;
    bool upper_case = s.substr(0, label.text.size()) == label.text;
    if (!upper_case) {
      // "Conclusions: ..." (capitalised, with a colon).
      if (s.size() <= label.text.size() || s[label.text.size()] != ':') continue;
      if (AsciiLower(s.substr(0, label.text.size())) != AsciiLower(label.text)) continue;
      if (!Upper(s[0])) continue;
    }
    n = label.text.size();
    if (n < s.size() && (Upper(s[n]) || Lower(s[n]))) continue;  // "AIMSxyz": a longer word
    if (n < s.size() && s[n] == ':') ++n;
    if (n >= s.size() || s[n] != ' ') continue;
    while (n < s.size() && s[n] == ' ') ++n;
    // The statement must follow: a capitalised word or a number ("CONCLUSIONS Metformin ...").
    if (n >= s.size() || !(Upper(s[n]) || Digit(s[n]))) continue;
    if (role != nullptr) *role = label.role;
    return n;
  }
  return 0;
}

// Small words a title-case heading keeps in lower case.
bool HeadingSmallWord(std::string_view w) {
  static constexpr std::array<std::string_view, 14> kSmall = {"a",  "an", "and", "as", "at",  "by",  "for",
                                                              "in", "of", "on",  "or", "the", "to", "with"};
  for (std::string_view s : kSmall) {
    if (w == s) return true;
  }
  return false;
}

// A word that often opens a sentence and never ends a heading.
bool SentenceOpener(std::string_view w) {
  // (Not "If" or "When": "Seek Care When symptoms last ..." is an instruction, not a heading.)
  static constexpr std::array<std::string_view, 12> kOpeners = {"The",  "A",    "An",   "This", "These", "Most",
                                                                "Many", "Some", "Your", "You",  "It",    "There"};
  return std::find(kOpeners.begin(), kOpeners.end(), w) != kOpeners.end();
}

// A heading glued before the sentence: two (before a sentence opener) to ten title-case words,
// of which at least two capitalised ("Diagnosis May Be Difficult", "Testing for Gout", "Sudden,
// Intense Joint Pain"), then a capitalised word followed by a lower-case one ("Gout may ...").
// Returns the byte offset of that capitalised word, or 0.
size_t GluedHeadingLength(std::string_view s) {
  std::vector<std::pair<size_t, std::string_view>> words;  // (offset, word)
  size_t i = 0;
  while (i < s.size() && words.size() < 14) {
    while (i < s.size() && s[i] == ' ') ++i;
    const size_t start = i;
    while (i < s.size() && s[i] != ' ') ++i;
    if (i > start) words.emplace_back(start, s.substr(start, i - start));
  }
  size_t capitals = 0;
  for (size_t k = 0; k + 1 < words.size() && k < 10; ++k) {
    std::string_view w = words[k].second;
    const std::string_view next = words[k + 1].second;
    const bool next_capital = Upper(next[0]) && (next.size() == 1 || !Upper(next[1]));
    // A comma inside a heading ("Sudden, Intense ...") only after its first word and before
    // another capitalised one ("In the United States, Medicare ..." is a sentence).
    if (k == 0 && w.back() == ',' && next_capital && w.size() > 1) w.remove_suffix(1);
    if (w.back() == '.' || w.back() == ',' || w.back() == ':' || w.back() == ';') return 0;
    const bool capital = Upper(w[0]) && w.size() > 1 && !Upper(w[1]);  // "May", not "HIV"
    if (capital) {
      ++capitals;
    } else if (!HeadingSmallWord(w)) {
      return 0;
    }
    // Two words make a heading only before a word that opens sentences ("Common Treatments The
    // most common ..."; not "Acute Gout Attacks are ...").
    const bool long_enough = k + 1 >= 3 || (k + 1 == 2 && SentenceOpener(next));
    if (long_enough && capitals >= 2 && k + 2 < words.size() && next_capital) {
      const std::string_view after = words[k + 2].second;
      if (Lower(after[0]) && !HeadingSmallWord(after)) return words[k + 1].first;
    }
  }
  return 0;
}

// A heading in capitals glued before a sentence, as drug labels print them: "WARNING: LACTIC
// ACIDOSIS Postmarketing cases ...", "WARNINGS Patients treated with ...". Two or more words in
// capitals (or one label heading word), then a capitalised word followed by a lower-case one.
// Returns the byte offset of that capitalised word, or 0.
size_t CapitalHeadingLength(std::string_view s) {
  static constexpr std::array<std::string_view, 5> kHeadingWords = {"WARNING", "WARNINGS", "PRECAUTIONS",
                                                                    "CONTRAINDICATIONS", "INDICATIONS"};
  auto all_capitals = [](std::string_view w) {
    size_t letters = 0;
    for (char c : w) {
      if (Lower(c)) return false;
      letters += Upper(c);
    }
    return letters >= 2;
  };
  size_t i = 0, capitals = 0;
  bool heading_word = false;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    const size_t start = i;
    while (i < s.size() && s[i] != ' ') ++i;
    if (i == start) break;
    const std::string_view w = s.substr(start, i - start);
    if (all_capitals(w)) {
      std::string_view bare = w;
      while (!bare.empty() && (bare.back() == ':' || bare.back() == ',')) bare.remove_suffix(1);
      heading_word = heading_word || (capitals == 0 && std::find(kHeadingWords.begin(), kHeadingWords.end(), bare) !=
                                                           kHeadingWords.end());
      if (++capitals > 12) return 0;
      continue;
    }
    if (capitals < 2 && !heading_word) return 0;
    // The sentence's first word: capitalised, then lower case ("Postmarketing", "Patients").
    if (w.size() < 2 || !Upper(w[0]) || !Lower(w[1])) return 0;
    return start;
  }
  return 0;
}

}  // namespace

size_t LeadingNonStatementBytes(std::string_view sentence, SentenceRole* label_role) {
  if (label_role != nullptr) *label_role = SentenceRole::kUnknown;
  size_t cut = LabelLength(sentence, label_role);
  if (cut == 0) cut = CapitalHeadingLength(sentence);
  if (cut == 0) cut = GluedHeadingLength(sentence);
  return cut;
}

// Sentences up to this long that start by pointing back ("Therefore, it ...") are not statements.
constexpr size_t kMaxLeaningWords = 8;

namespace {

// True when text starts with a participle whose subject is its heading ("Reserved for those low
// back pain patients with pain, ..." under "Implantable Spinal Cord Stimulators", "Indicated
// for ...", "Not recommended for ..."), and no clause with a subject of its own follows a comma
// ("Used for ten years, the drug ...").
bool LeansOnItsHeadingForASubject(std::string_view text) {
  // (And an infinitive lead-in: "To include all of the following: specific diagnosis ...".)
  static constexpr std::array<std::string_view, 21> kParticipleStarts = {
      "reserved for ",    "generally reserved ", "indicated for ",    "indicated in ",    "indicated when ",
      "recommended for ", "recommended in ",     "recommended when ", "not recommended ", "only recommended ",
      "contraindicated ", "limited to ",         "used for ",         "used in ",         "useful for ",
      "useful in ",       "appropriate for ",    "appropriate in ",   "not indicated ",   "considered for ",
      "to include "};
  const std::string lower = AsciiLower(text);
  const bool starts = std::any_of(kParticipleStarts.begin(), kParticipleStarts.end(),
                                  [&lower](std::string_view p) { return lower.rfind(p, 0) == 0; });
  if (!starts) return false;
  static constexpr std::array<std::string_view, 12> kSubjectAfterComma = {
      ", we ",         ", the ",        ", it ",        ", this ",     ", these ", ", they ",
      ", clinicians ", ", physicians ", ", providers ", ", patients ", ", a ",     ", an "};
  return !ContainsAnyOf(lower, kSubjectAfterComma);
}

// True when text announces what comes after it without leading into it ("The following
// recommendations will help manage the worker's pain and minimize their risk associated with
// surgery."): alone it says nothing, yet six development answers took it as an algorithm step. A
// lead-in ending in ':' or holding its list after a ':' is not this.
bool PointsAtWhatFollows(std::string_view text) {
  const std::string head = AsciiLower(text.substr(0, std::min<size_t>(text.size(), 20)));
  if (head.rfind("the following ", 0) != 0 && head.rfind("these following ", 0) != 0) return false;
  return text.find(':') == std::string_view::npos;
}

}  // namespace

bool ReadsAsStatement(std::string_view text, size_t min_words) {
  if (text.empty() || CountWords(text) < min_words) return false;
  if (LeansOnItsHeadingForASubject(text) || PointsAtWhatFollows(text)) return false;
  // A short sentence that leans on the one before it says nothing alone: "Therefore, it is not
  // recommended.", "This was not significant."
  if (CountWords(text) <= kMaxLeaningWords && text.back() != ':') {
    const std::string lower = AsciiLower(text.substr(0, std::min<size_t>(text.size(), 16)));
    // Not "It is caused by ...": on a consumer page "it" is the page's topic.
    static constexpr std::array<std::string_view, 7> kLeaning = {"therefore", "thus", "hence", "this was",
                                                                 "these were", "it was", "this is why"};
    for (std::string_view lean : kLeaning) {
      if (lower.rfind(lean, 0) == 0) return false;
    }
  }
  const char first = text.front();
  if (!(Upper(first) || Digit(first) || first == '"' || first == '(' || first == '[' ||
        static_cast<unsigned char>(first) >= 0x80)) {
    return false;
  }
  // A grade or citation in brackets after the sentence: look before it.
  std::string_view body = text;
  while (!body.empty() && (body.back() == ')' || body.back() == ']')) {
    const char close = body.back();
    const char open = close == ')' ? '(' : '[';
    const size_t at = body.rfind(open);
    if (at == std::string_view::npos || at == 0) break;
    const std::string_view inside = body.substr(at + 1, body.size() - at - 2);
    // Grades and citations are short; a parenthesised clause that ends the sentence is not.
    if (CountWords(inside) > 8) break;
    body = body.substr(0, at);
    while (!body.empty() && body.back() == ' ') body.remove_suffix(1);
    if (!body.empty() && std::string_view(".?!;").find(body.back()) != std::string_view::npos) return true;
  }
  while (!body.empty() && (body.back() == ')' || body.back() == ']' || body.back() == '"' || body.back() == '\'')) {
    body.remove_suffix(1);
  }
  if (body.empty()) return false;
  if (std::string_view(".?!:;").find(body.back()) != std::string_view::npos) return true;
  // A graded recommendation whose grade follows without a full stop:
  // "... for chronic low back pain (Strong for)".
  const std::string lower = AsciiLower(text);
  return text.back() == ')' && ContainsAnyOf(lower, std::array<std::string_view, 6>{
                                                      "(strong", "(weak", "(grade", "(level", "(conditional",
                                                      "(expert"});
}

bool OpensWithAConnective(std::string_view sentence) {
  static constexpr std::array<std::string_view, 12> kConnectives = {
      "therefore",     "thus,",        "hence,",    "however,",      "conversely,",  "in addition,",
      "additionally,", "furthermore,", "moreover,", "consequently,", "as a result,", "in contrast,"};
  const std::string head = AsciiLower(sentence.substr(0, std::min<size_t>(sentence.size(), 16)));
  return std::any_of(kConnectives.begin(), kConnectives.end(),
                     [&head](std::string_view c) { return head.rfind(c, 0) == 0; });
}

bool LeansOnThePreviousSentence(std::string_view sentence) {
  static constexpr std::array<std::string_view, 4> kPronouns = {"this ", "these ", "those ", "such "};
  static constexpr std::array<std::string_view, 19> kVerbs = {
      "should ", "is ",  "are ",  "was ",  "were ",     "may ",     "might ", "will ",  "can ",  "could ",
      "must ",   "has ", "have ", "does ", "includes ", "include ", "means ", "would ", "shall "};
  const std::string lower = AsciiLower(sentence.substr(0, std::min<size_t>(sentence.size(), 24)));
  for (std::string_view pronoun : kPronouns) {
    if (lower.rfind(pronoun, 0) != 0) continue;
    const std::string_view rest = std::string_view(lower).substr(pronoun.size());
    return std::any_of(kVerbs.begin(), kVerbs.end(), [rest](std::string_view v) { return rest.rfind(v, 0) == 0; });
  }
  // "It" and "they" are often nobody ("It is recommended that ..."), but "also" says who:
  // the subject of the sentence before ("It is also recommended for subacute or acute pain
  // for patients who cannot tolerate NSAIDs" is acupuncture).
  for (std::string_view pronoun : {std::string_view("it "), std::string_view("they ")}) {
    if (lower.rfind(pronoun, 0) != 0) continue;
    const std::string_view rest = std::string_view(lower).substr(pronoun.size());
    if (rest.rfind("also ", 0) == 0) return true;
    return std::any_of(kVerbs.begin(), kVerbs.end(), [rest](std::string_view v) {
      return rest.rfind(v, 0) == 0 && rest.substr(v.size()).rfind("also ", 0) == 0;
    });
  }
  return false;
}

SentenceRole RoleOf(std::string_view sentence, std::string_view section_label) {
  const std::string label = AsciiLower(section_label);
  const std::string s = " " + AsciiLower(sentence) + " ";
  // The sentence's cue tables, read in one pass (RoleOf runs for every candidate sentence).
  enum : uint32_t { kRecommend = 1, kSuggests = 2, kConclusion = 4, kMethods = 8, kBackground = 16 };
  static const NeedleSet kCues({
      {"we recommend", "we suggest", "is recommended", "are recommended", "recommend against", "should be offered",
       "should be considered", "should not be", "clinicians should", "is not recommended", "should be used",
       "should receive"},
      {" recommend", " suggest", " should ", " consider", " offer", " may be "},
      {" in conclusion", " we conclude", " these findings suggest", " these results suggest", " our findings suggest",
       " these data suggest", " this study suggests"},
      {" were randomized", " were randomised", " were enrolled", " were recruited", " we conducted", " we performed",
       " was conducted", " were included", " we searched", " were analyzed", " were analysed", " were assessed",
       " were divided", " we enrolled", " we analyzed", " retrospective", " were collected", " data were"},
      {" the aim of", " we aimed", " this study aimed", " the purpose of this", " the objective of", " little is known",
       " remains unclear", " is unknown", " we investigated", " to investigate whether", " we tested whether",
       " we hypothesized", " we examined whether", " we sought to", " was to determine", " is unclear",
       // A guideline's glossary entry ("\"Functional outcomes\" refer to the patient's ability
       // ..." had stood among the seed question's procedures).
       "\" refer to", "\" refers to"},
  });
  const uint32_t cues = kCues.Which(s);
  if (cues & kRecommend) return SentenceRole::kRecommendation;
  if (label.find("recommendation") != std::string::npos && (cues & kSuggests)) return SentenceRole::kRecommendation;
  using Cues = std::array<std::string_view, 5>;
  if (ContainsAnyOf(label, Cues{"conclusion", "interpretation", "implication", "bottom line", "summary"})) {
    return SentenceRole::kConclusions;
  }
  if (ContainsAnyOf(label, Cues{"result", "finding", "outcome", "evidence synthesis", "efficacy"})) {
    return SentenceRole::kResults;
  }
  if (ContainsAnyOf(label, Cues{"method", "design", "setting", "participant", "measurement"})) {
    return SentenceRole::kMethods;
  }
  if (ContainsAnyOf(label, Cues{"background", "introduction", "objective", "purpose", "context"}) || label == "aim" ||
      label == "aims") {
    return SentenceRole::kBackground;
  }
  if (cues & kConclusion) return SentenceRole::kConclusions;
  if (cues & kMethods) return SentenceRole::kMethods;
  if (cues & kBackground) return SentenceRole::kBackground;
  return SentenceRole::kUnknown;
}

bool NonHumanEvidence(std::string_view text) {
  const std::string s = " " + AsciiLower(text) + " ";
  static const NeedleSet kCues(
      {{" mice ", " mouse ", " murine ", " rats ", " rat ", " in vitro", " rodent", " zebrafish", " cell line",
        " cultured ", " knockout ", " porcine ", " piglets", " rabbits ", " in mice", " animal model"}});
  return kCues.In(s);
}

bool BoilerplateSentence(std::string_view sentence) {
  const std::string s = AsciiLower(sentence);
  static const NeedleSet kCues(
      {{"note from the", "national guideline clearinghouse", "refer to the original guideline",
        "see the original guideline", "this summary includes", "see the \"", "for more information, see",
        "the guideline developer", "the work group used", "seek information from other sources", "is beyond the scope",
        "recommendations are provided below", "recommendations are organized into",
        // A list's lead-in about the list's order, which says nothing of the care ("The following
        // are listed in alphabetical order."): the seed question's answer showed it alone.
        "in alphabetical order",
        // Where the grades are explained ("The grades of recommendations (Strong For, ...) are
        // defined at the end of the "Major Recommendations" field."): 21 of the 53 NGC summaries
        // say so; a triglycerides answer's first-line section was this sentence.
        "defined at the end of the",
        // Bibliographic references quoted in a guideline: "... disease. In: Evidence-based ...".
        ". in: "}});
  if (kCues.In(s)) return true;
  // A pointer elsewhere as the sentence itself ("Evidence of side effects is presented in
  // Exhibit 13 in the original guideline document."), not in brackets after a statement
  // ("... 6.0% to 7.0% ... (see Table 2 in the original guideline document)").
  // (Without a bracket that is the sentence itself.)
  if (s.find_first_of("([") == std::string::npos) return s.find("in the original guideline") != std::string::npos;
  std::string outside;
  outside.reserve(s.size());
  int depth = 0;
  for (char c : s) {
    if (c == '(' || c == '[') ++depth;
    if (depth == 0) outside += c;
    if ((c == ')' || c == ']') && depth > 0) --depth;
  }
  return outside.find("in the original guideline") != std::string::npos;
}

bool AdvisesAgainst(std::string_view sentence) {
  // Word by word, so "do not," and "(Strong Against;" count as well as " not ".
  std::string word;
  auto negative = [](const std::string& w) {
    return w == "not" || w == "no" || w == "against" || w == "insufficient" || w == "neither" || w == "nor" ||
           w == "cannot" || w == "inconclusive";
  };
  for (char ch : sentence) {
    if (std::isalpha(static_cast<unsigned char>(ch))) {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      continue;
    }
    if (ch == '\'' && !word.empty()) {  // "don't", "isn't"
      if (word.size() >= 2 && word.back() == 'n') return true;
      continue;
    }
    if (negative(word)) return true;
    word.clear();
  }
  return negative(word);
}

bool FirstStepCue(std::string_view sentence) {
  const std::string s = " " + AsciiLower(sentence) + " ";
  static constexpr std::array<std::string_view, 12> kCues = {
      "first-line",           "first line",          "initial treatment",      "initial therapy",
      "initial management",   "conservative treatment", "conservative care",   "conservative management",
      "conservative therapy", "non-operative treatment", "nonoperative treatment", "non-surgical treatment"};
  return ContainsAnyOf(s, kCues);
}

bool BoilerplateSection(std::string_view section_label) {
  const std::string label = AsciiLower(section_label);
  // A guideline summary's citation of itself ("Bibliographic Source") and its pointer to the
  // original's algorithms ("Clinical Algorithm(s)") say nothing clinical.
  static constexpr std::array<std::string_view, 18> kBoilerplate = {"rating scheme",
                                                                    "target population",
                                                                    "methodology",
                                                                    "qualifying statement",
                                                                    "funding",
                                                                    "guideline objective",
                                                                    "interventions and practices considered",
                                                                    "major outcomes considered",
                                                                    "type of evidence",
                                                                    "disease/condition",
                                                                    "definitions",
                                                                    "strength of recommendation",
                                                                    "quality of evidence",
                                                                    "grading",
                                                                    "disclaimer",
                                                                    "description of method",
                                                                    "bibliographic source",
                                                                    "clinical algorithm"};
  return ContainsAnyOf(label, kBoilerplate);
}

bool ConsideredButNotRecommended(std::string_view section_label, std::string_view sentence) {
  if (AsciiLower(section_label).find("interventions and practices considered") == std::string::npos) return false;
  const std::string lower = AsciiLower(sentence.substr(0, std::min<size_t>(sentence.size(), 400)));
  size_t start = 0;
  while (start < lower.size() && !(lower[start] >= 'a' && lower[start] <= 'z')) ++start;  // "*Note:", "†Note:"
  if (lower.compare(start, 5, "note:") != 0) return false;
  // Not the pointer every such section carries ("Not all of the listed interventions and
  // practices are recommended routinely or generally. See the ...").
  if (lower.find("not all of the listed") != std::string::npos) return false;
  static constexpr std::array<std::string_view, 4> kNotRecommended = {
      "not recommend", "insufficient evidence to recommend", "no recommendation", "not to recommend"};
  return ContainsAnyOf(lower, kNotRecommended);
}

bool LeadsIntoAdviceAgainst(std::string_view lead_in) {
  const std::string lower = " " + AsciiLower(lead_in);
  // "Avoid" as the lead-in's verb ("Avoid the following drugs:"), not "To avoid complications, ...".
  if (lower.rfind(" avoid ", 0) == 0) return true;
  static constexpr std::array<std::string_view, 9> kAgainst = {
      "not recommended", " do not ", " should not ",  " not use",           " never ",
      " avoid:",         "caution:", " with caution", " contraindications:"};
  return ContainsAnyOf(lower, kAgainst);
}

bool RecommendationsSection(std::string_view section_label) {
  return AsciiLower(section_label).find("recommendation") != std::string::npos;
}

}  // namespace medoracle
