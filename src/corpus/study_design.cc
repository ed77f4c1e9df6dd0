// Study design of a research record from its MeSH check tags, title and text (study_design.h).
//
// The cues follow how abstracts name their own design (the CONSORT, PRISMA and STROBE reporting
// guidelines ask authors to state it in the title or abstract: "randomized", "systematic review",
// "cohort study"). Phrases are matched as whole words in lower case. Rejected alternative: a
// trained classifier over PubMed publication types, which the loaded research collections
// (PubMedQA, SciFact, BioASQ) do not carry, so there is nothing here to train it on.
#include "corpus/study_design.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <string_view>

#include "corpus/text.h"

namespace medoracle {
namespace {

bool WordChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }

// True when phrase occurs in text (both lower case) with no letter or digit right before or after.
bool HasPhrase(std::string_view text, std::string_view phrase) {
  for (size_t at = text.find(phrase); at != std::string_view::npos; at = text.find(phrase, at + 1)) {
    const size_t end = at + phrase.size();
    if ((at == 0 || !WordChar(text[at - 1])) && (end == text.size() || !WordChar(text[end]))) return true;
  }
  return false;
}

template <size_t N>
bool HasAny(std::string_view text, const std::array<std::string_view, N>& phrases) {
  return std::any_of(phrases.begin(), phrases.end(), [text](std::string_view p) { return HasPhrase(text, p); });
}

// Titles that name their design.
// (Only titles that are statements: "Are guidelines followed ...?" is a study of guidelines.)
constexpr std::array<std::string_view, 7> kTitleGuideline = {
    "clinical practice guideline", "clinical practice guidelines", "practice guideline", "practice parameter",
    "consensus statement", "position statement", "consensus recommendations"};
constexpr std::array<std::string_view, 7> kTitleSystematic = {
    "systematic review", "meta-analysis", "meta analysis", "metaanalysis", "meta-analyses",
    "pooled analysis", "cochrane review"};
constexpr std::array<std::string_view, 7> kTitleRandomized = {
    "randomized", "randomised", "randomized controlled trial", "controlled trial", "placebo-controlled",
    "double-blind", "double blind"};
constexpr std::array<std::string_view, 12> kTitleObservational = {
    "cohort study",    "cohort",           "case-control",   "case control",      "cross-sectional",
    "cross sectional", "retrospective",    "prospective study", "registry",       "population-based",
    "observational",   "longitudinal study"};
constexpr std::array<std::string_view, 3> kTitleCaseReport = {"case report", "a case of", "case reports"};
constexpr std::array<std::string_view, 5> kTitleReview = {"a review", "review of", "an update", "narrative review",
                                                          "literature review"};

// Methods sentences of the work itself.
constexpr std::array<std::string_view, 9> kTextSystematic = {
    "we conducted a systematic review", "this systematic review", "we performed a systematic review",
    "a systematic review and meta-analysis", "we performed a meta-analysis", "this meta-analysis",
    "we searched medline",            "we searched pubmed",   "we searched embase"};
constexpr std::array<std::string_view, 12> kTextRandomized = {
    "were randomly assigned", "were randomly allocated", "were randomized to", "were randomised to",
    "randomly assigned to",   "we randomly assigned",    "we randomized",      "we randomised",
    "in this randomized",     "in this randomised",      "this randomized controlled trial",
    "double-blind, placebo-controlled"};
constexpr std::array<std::string_view, 14> kTextObservational = {
    "retrospective cohort",  "prospective cohort",      "retrospective study",     "retrospective analysis",
    "retrospective review",  "case-control study",      "cross-sectional study",   "cross-sectional survey",
    "population-based cohort", "observational study",   "we retrospectively",      "were retrospectively",
    "medical records were reviewed", "charts were reviewed"};
// Weaker cues of a study of people observed, not assigned: they count only when the text speaks of
// people studied (a laboratory "survey" of genes is not one).
constexpr std::array<std::string_view, 12> kTextObservedPeople = {
    "retrospectively", "prospectively",  "consecutive patients", "consecutive",  "questionnaire",
    "questionnaires",  "survey",         "medical records",      "chart review", "case series",
    "registry",        "cohort"};
constexpr std::array<std::string_view, 5> kTextCaseReport = {"we report a case", "we describe a case",
                                                             "we present a case", "we report the case",
                                                             "this case report"};
constexpr std::array<std::string_view, 6> kTextReview = {"in this review", "this review summarizes",
                                                         "this review discusses", "we review the",
                                                         "purpose of review", "this review"};

// Animals and cells studied, and people studied (which rule out a laboratory-only record).
constexpr std::array<std::string_view, 22> kAnimalOrCell = {
    "mice",       "mouse",         "murine",     "rats",          "rat",          "zebrafish",
    "drosophila", "rabbits",       "hamsters",   "guinea pigs",   "piglets",      "monkeys",
    "primates",   "in vitro",      "cell line",  "cell lines",    "cultured cells", "knockout",
    "xenograft",  "xenografts",    "yeast",      "c. elegans"};
constexpr std::array<std::string_view, 16> kPeople = {
    "patients", "patient",  "participants", "subjects", "volunteers", "women",  "men",     "children",
    "infants",  "adults",   "adolescents",  "persons",  "people",     "cohort", "pregnant", "clinical trial"};

// The design a title or a text names, kOther when none (higher evidence first).
RefType DesignOfTitle(std::string_view title) {
  const bool question = !title.empty() && title.back() == '?';
  if (HasAny(title, kTitleSystematic)) return RefType::kSystematicReview;
  if (!question && HasAny(title, kTitleGuideline)) return RefType::kGuideline;
  if (HasAny(title, kTitleRandomized)) return RefType::kRandomizedTrial;
  if (HasAny(title, kTitleObservational)) return RefType::kObservationalStudy;
  if (HasAny(title, kTitleCaseReport)) return RefType::kCaseReport;
  if (HasAny(title, kTitleReview)) return RefType::kReview;
  return RefType::kOther;
}

// Reviews of others' work, told by the text: they may discuss animal work without being it.
RefType ReviewOfText(std::string_view text) {
  if (HasAny(text, kTextSystematic)) return RefType::kSystematicReview;
  if (HasAny(text, kTextReview)) return RefType::kReview;
  return RefType::kOther;
}

// Primary studies of people, told by the text.
RefType StudyOfText(std::string_view text) {
  if (HasAny(text, kTextRandomized)) return RefType::kRandomizedTrial;
  if (HasAny(text, kTextObservational)) return RefType::kObservationalStudy;
  if (HasAny(text, kTextCaseReport)) return RefType::kCaseReport;
  if (HasAny(text, kTextObservedPeople) && HasAny(text, kPeople)) return RefType::kObservationalStudy;
  return RefType::kOther;
}

}  // namespace

RefType StudyDesignOf(const Document& doc) {
  const std::string title = AsciiLower(doc.title);
  const std::string text = AsciiLower(doc.text);
  // MeSH check tags, where the record has MeSH headings, settle animal work.
  bool animals = false;
  bool humans = false;
  for (const std::string& k : doc.keywords) {
    animals = animals || k == "Animals";
    humans = humans || k == "Humans";
  }
  const bool has_check_tags = animals || humans;
  if (animals && !humans) return RefType::kAnimalStudy;
  if (const RefType t = DesignOfTitle(title); t != RefType::kOther) return t;
  if (const RefType t = ReviewOfText(text); t != RefType::kOther) return t;
  if (!has_check_tags && (HasAny(title, kAnimalOrCell) || HasAny(text, kAnimalOrCell)) && !HasAny(title, kPeople) &&
      !HasAny(text, kPeople)) {
    return RefType::kAnimalStudy;
  }
  return StudyOfText(text);
}

}  // namespace medoracle
