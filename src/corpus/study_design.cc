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
#include <cstdint>
#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "corpus/text.h"

namespace medoracle {
namespace {

// An ASCII letter or digit (std::isalnum in the "C" locale, without the call).
bool WordChar(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

// The cue lists a text is read for (below), each a bit of a Found mask.
enum Cues : uint32_t {
  kTitleGuidelineCue = 1u << 0,
  kTitleSystematicCue = 1u << 1,
  kTitleRandomizedCue = 1u << 2,
  kTitleObservationalCue = 1u << 3,
  kTitleCaseReportCue = 1u << 4,
  kTitleReviewCue = 1u << 5,
  kTextSystematicCue = 1u << 6,
  kTextRandomizedCue = 1u << 7,
  kTextObservationalCue = 1u << 8,
  kTextObservedPeopleCue = 1u << 9,
  kTextCaseReportCue = 1u << 10,
  kTextReviewCue = 1u << 11,
  kAnimalOrCellCue = 1u << 12,
  kPeopleCue = 1u << 13,
};

// Phrases (lower case, starting with a letter) found as whole words in one pass over a text:
// at each word start only the phrases of its first two letters are compared (the ingest of
// 1M abstracts had spent 5% of its time searching the text for each phrase in turn).
class PhraseScanner {
 public:
  void Add(std::string_view phrase, uint32_t cue) { buckets_[Key(phrase[0], phrase[1])].push_back({phrase, cue}); }

  // The cues of every phrase that occurs in text with no letter or digit right before or after.
  uint32_t Found(std::string_view text) const {
    uint32_t found = 0;
    for (size_t at = 0; at + 1 < text.size(); ++at) {
      if (!WordChar(text[at]) || (at > 0 && WordChar(text[at - 1]))) continue;
      for (const Entry& e : buckets_[Key(text[at], text[at + 1])]) {
        const size_t end = at + e.phrase.size();
        if (end > text.size() || (end < text.size() && WordChar(text[end]))) continue;
        if (text.compare(at, e.phrase.size(), e.phrase) == 0) found |= e.cue;
      }
    }
    return found;
  }

 private:
  struct Entry {
    std::string_view phrase;
    uint32_t cue;
  };
  static size_t Key(char a, char b) {
    return (static_cast<unsigned char>(a) * 31u + static_cast<unsigned char>(b)) % kBuckets;
  }
  static constexpr size_t kBuckets = 1024;
  std::array<std::vector<Entry>, kBuckets> buckets_;
};

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

// A scanner of the phrases of each list, found as the list's cue.
PhraseScanner ScannerOf(std::initializer_list<std::pair<std::span<const std::string_view>, uint32_t>> lists) {
  PhraseScanner scanner;
  for (const auto& [phrases, cue] : lists) {
    for (std::string_view p : phrases) scanner.Add(p, cue);
  }
  return scanner;
}

const PhraseScanner& TitleScanner() {
  static const PhraseScanner scanner = ScannerOf({{kTitleGuideline, kTitleGuidelineCue},
                                                  {kTitleSystematic, kTitleSystematicCue},
                                                  {kTitleRandomized, kTitleRandomizedCue},
                                                  {kTitleObservational, kTitleObservationalCue},
                                                  {kTitleCaseReport, kTitleCaseReportCue},
                                                  {kTitleReview, kTitleReviewCue},
                                                  {kAnimalOrCell, kAnimalOrCellCue},
                                                  {kPeople, kPeopleCue}});
  return scanner;
}

const PhraseScanner& TextScanner() {
  static const PhraseScanner scanner = ScannerOf({{kTextSystematic, kTextSystematicCue},
                                                  {kTextRandomized, kTextRandomizedCue},
                                                  {kTextObservational, kTextObservationalCue},
                                                  {kTextObservedPeople, kTextObservedPeopleCue},
                                                  {kTextCaseReport, kTextCaseReportCue},
                                                  {kTextReview, kTextReviewCue},
                                                  {kAnimalOrCell, kAnimalOrCellCue},
                                                  {kPeople, kPeopleCue}});
  return scanner;
}

// The design a title names, kOther when none (higher evidence first); title holds its cues.
RefType DesignOfTitle(uint32_t title, bool question) {
  if (title & kTitleSystematicCue) return RefType::kSystematicReview;
  if (!question && (title & kTitleGuidelineCue)) return RefType::kGuideline;
  if (title & kTitleRandomizedCue) return RefType::kRandomizedTrial;
  if (title & kTitleObservationalCue) return RefType::kObservationalStudy;
  if (title & kTitleCaseReportCue) return RefType::kCaseReport;
  if (title & kTitleReviewCue) return RefType::kReview;
  return RefType::kOther;
}

// Reviews of others' work, told by the text's cues: they may discuss animal work without being it.
RefType ReviewOfText(uint32_t text) {
  if (text & kTextSystematicCue) return RefType::kSystematicReview;
  if (text & kTextReviewCue) return RefType::kReview;
  return RefType::kOther;
}

// Primary studies of people, told by the text's cues.
RefType StudyOfText(uint32_t text) {
  if (text & kTextRandomizedCue) return RefType::kRandomizedTrial;
  if (text & kTextObservationalCue) return RefType::kObservationalStudy;
  if (text & kTextCaseReportCue) return RefType::kCaseReport;
  if ((text & kTextObservedPeopleCue) && (text & kPeopleCue)) return RefType::kObservationalStudy;
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
  const uint32_t title_cues = TitleScanner().Found(title);
  if (const RefType t = DesignOfTitle(title_cues, !title.empty() && title.back() == '?'); t != RefType::kOther) {
    return t;
  }
  const uint32_t text_cues = TextScanner().Found(text);
  if (const RefType t = ReviewOfText(text_cues); t != RefType::kOther) return t;
  if (!has_check_tags && ((title_cues | text_cues) & kAnimalOrCellCue) && !((title_cues | text_cues) & kPeopleCue)) {
    return RefType::kAnimalStudy;
  }
  return StudyOfText(text_cues);
}

}  // namespace medoracle
