// Section classification, intent cues and algorithm steps.
#include "answer/sections.h"

#include <algorithm>
#include <array>
#include <initializer_list>
#include <map>
#include <string>

#include "corpus/text.h"

namespace medoracle {
namespace {

constexpr std::array<std::string_view, 12> kRedFlags = {
    "red flag", "cauda equina", "emergency", "urgent", "immediately", "warning sign", "seek care",
    "call 911", "life-threatening", "suicid", "progressive neurologic", "medical attention"};
constexpr std::array<std::string_view, 6> kRefer = {" refer", "specialist", "consultation", "consult ", "referral",
                                                    "multidisciplinary"};

// True when a lower-cased sentence speaks of referring a patient: a cue of kRefer that is not
// "refer to" meaning "denote" or "see" ("\"Functional outcomes\" refer to the patient's
// ability ...", "refers to", "refer to Section F.4", "Refer to \"Return-to-Work\" below"), which had
// put a definition under "When to refer".
bool SpeaksOfReferral(std::string_view lower) {
  static constexpr std::array<std::string_view, 10> kNotReferral = {
      "\" refer to",    "refers to",       "refer to section",  "refer to the section", "refer to the original",
      "refer to table", "refer to figure", "refer to appendix", "refer to \"",          "refer to the \""};
  if (!ContainsAnyOf(lower, kNotReferral)) return ContainsAnyOf(lower, kRefer);
  std::string rest(lower);
  for (std::string_view pattern : kNotReferral) {
    for (size_t at = rest.find(pattern); at != std::string::npos; at = rest.find(pattern, at)) {
      rest.replace(at, pattern.size(), pattern.size(), ' ');
    }
  }
  return ContainsAnyOf(rest, kRefer);
}
constexpr std::array<std::string_view, 7> kAdverse = {"adverse", "side effect", "harms", "toxicity", "risk of",
                                                      "complication", "overdose"};
constexpr std::array<std::string_view, 13> kWorkup = {
    " mri", "imaging", "radiograph", "x-ray", " ct ", "diagnos", "laboratory", "electrodiagnostic", "evaluat",
    "assessment", " test", "ultrasound", "biopsy"};
constexpr std::array<std::string_view, 10> kSurgery = {
    "surgery", "surgical", "decompression", "fusion", "laminectomy", "discectomy", "foraminotomy", "operative",
    "arthroplasty", "injection"};
constexpr std::array<std::string_view, 23> kDrugs = {
    " mg", "drug", "medication", "nsaid", "opioid", "antidepress", "gabapentin", "pregabalin", " dose",
    "pharmacolog", "statin", "insulin", "metformin", "inhibitor", "agonist", "steroid", "antibiotic",
    "acetaminophen", "blocker", "diuretic", "prescri", "hydroxyurea", "anticoagula"};
constexpr std::array<std::string_view, 16> kNonDrug = {
    "exercise", "physical therapy", "physical activity", "stay active", "remain active", "diet", "weight loss",
    "education", "counsel", "lifestyle", "cognitive behavioral", "yoga", "acupuncture", "manipulation",
    "self-care", "rehabilitation"};
constexpr std::array<std::string_view, 9> kOutcomes = {
    "outcome", "prognosis", "recover", "mortality", "survival", "follow-up", "monitor", "natural history",
    "long-term"};
constexpr std::array<std::string_view, 9> kPopulations = {
    "pregnan", "children", "pediatric", "elderly", "older adult", "breastfeed", "veteran", "women", "adolescent"};
constexpr std::array<std::string_view, 4> kPrevention = {"prevent", "screen", "vaccin", "prophyla"};
constexpr std::array<std::string_view, 6> kFeatures = {"symptom", "present with", "signs", "characterized",
                                                       "manifest", "clinical feature"};
constexpr std::array<std::string_view, 5> kDefinition = {" is a ", " are a ", "refers to", "is defined",
                                                         " is an "};
constexpr std::array<std::string_view, 5> kComparison = {" vs", "versus", "compared", "than ", "superior"};

bool Offered(const std::vector<std::string>& sections, std::string_view title) {
  return std::find(sections.begin(), sections.end(), title) != sections.end();
}

// The section a heading path names, if any ("Pharmacologic Therapy" -> Pharmacologic
// treatment). Only the last heading levels count: the first is the field ("Major
// Recommendations").
std::string_view HeadingSection(std::string_view heading_lower) {
  static constexpr std::array<std::string_view, 4> kHeadNonDrug = {"nonpharmacolog", "non-pharmacolog",
                                                                   "rehabilitat", "self-care"};
  static constexpr std::array<std::string_view, 3> kHeadDrug = {"pharmacolog", "medication", "drug therap"};
  static constexpr std::array<std::string_view, 5> kHeadSurgery = {"surg", "operative", "injection",
                                                                   "interventional", "procedur"};
  static constexpr std::array<std::string_view, 7> kHeadWorkup = {"diagnos", "imaging", "assessment", "evaluation",
                                                                  "testing", "laboratory", "history and physical"};
  static constexpr std::array<std::string_view, 3> kHeadRefer = {"referral", "refer ", "consultation"};
  static constexpr std::array<std::string_view, 3> kHeadFollow = {"follow-up", "monitoring", "prognosis"};
  static constexpr std::array<std::string_view, 2> kHeadPrevent = {"prevent", "screening"};
  if (ContainsAnyOf(heading_lower, kHeadNonDrug)) return "Non-pharmacologic treatment";
  if (ContainsAnyOf(heading_lower, kHeadDrug)) return "Pharmacologic treatment";
  if (ContainsAnyOf(heading_lower, kHeadSurgery)) return "Procedures and surgery";
  if (ContainsAnyOf(heading_lower, kHeadRefer)) return "When to refer";
  if (ContainsAnyOf(heading_lower, kHeadPrevent)) return "Prevention and screening";
  if (ContainsAnyOf(heading_lower, kHeadWorkup)) return "Diagnostic work-up and imaging";
  if (ContainsAnyOf(heading_lower, kHeadFollow)) return "Follow-up and outcomes";
  return {};
}

}  // namespace

std::string_view ClassifySection(const SectionInput& in, const std::vector<std::string>& sections) {
  const std::string t = " " + AsciiLower(in.text) + " ";
  const std::string heading = AsciiLower(in.heading);
  // The heading path without its first level (the field or document part).
  const size_t first = heading.find(" > ");
  const std::string_view sub = first == std::string::npos ? std::string_view() : std::string_view(heading).substr(first);
  // Rules in order; a rule's cues are read only when its section is offered and no earlier
  // rule matched (every candidate sentence of an answer is classified).
  using Cues = bool (*)(std::string_view);
  struct Rule {
    std::string_view title;
    Cues match;
  };
  auto first_match = [&sections, &t](std::initializer_list<Rule> rules) -> std::string_view {
    for (const Rule& r : rules) {
      if (Offered(sections, r.title) && r.match(t)) return r.title;
    }
    return {};
  };
  if (in.intent == Intent::kDefinition && Offered(sections, "Overview") && ContainsAnyOf(t, kDefinition)) {
    return "Overview";
  }
  if (std::string_view title = first_match({
          {"Comparative evidence", [](std::string_view x) { return ContainsAnyOf(x, kComparison); }},
          {"Adverse effects and harms", [](std::string_view x) { return ContainsAnyOf(x, kAdverse); }},
          {"Red flags and pitfalls", [](std::string_view x) { return SpeaksOfRedFlags(x); }},
          {"When to refer", [](std::string_view x) { return SpeaksOfReferral(x); }},
      });
      !title.empty()) {
    return title;
  }
  if (const std::string_view from_heading = HeadingSection(sub);
      !from_heading.empty() && Offered(sections, from_heading)) {
    return from_heading;
  }
  if (std::string_view title = first_match({
          {"Prevention and screening", [](std::string_view x) { return ContainsAnyOf(x, kPrevention); }},
          {"Procedures and surgery", [](std::string_view x) { return ContainsAnyOf(x, kSurgery); }},
          {"Diagnostic work-up and imaging", [](std::string_view x) { return ContainsAnyOf(x, kWorkup); }},
          {"Special populations", [](std::string_view x) { return ContainsAnyOf(x, kPopulations); }},
          {"Pharmacologic treatment", [](std::string_view x) { return ContainsAnyOf(x, kDrugs); }},
          {"Non-pharmacologic treatment", [](std::string_view x) { return ContainsAnyOf(x, kNonDrug); }},
          {"Clinical features", [](std::string_view x) { return ContainsAnyOf(x, kFeatures); }},
          {"Follow-up and outcomes", [](std::string_view x) { return ContainsAnyOf(x, kOutcomes); }},
      });
      !title.empty()) {
    return title;
  }
  const bool recommends = ContainsAnyOf(t, std::array<std::string_view, 5>{"recommend", "should", "suggest",
                                                                         "consider", "offer"});
  if (recommends && Offered(sections, "First-line management")) return "First-line management";
  if (Offered(sections, "Overview") &&
      (in.type == RefType::kConsumerHealth || in.type == RefType::kEditorialOverview)) {
    return "Overview";
  }
  return kSupportingEvidence;
}

bool IntentCue(Intent intent, std::string_view lower) {
  // Per intent, the words that say a sentence or heading speaks to it (prepared once).
  using Table = std::vector<std::string_view>;
  static const std::map<Intent, NeedleSet> kCues = {
      {Intent::kTreatment,
       NeedleSet({{"treat", "therap", "manag", "recommend", "first-line", "medication", "surgery", "surgical",
                   "intervention", "injection", "exercise", "drug", "offer", "prescrib"}})},
      {Intent::kDiagnosis, NeedleSet({{"diagnos", "test", "imaging", " mri", "evaluat", "assess", "examination",
                                       "screen", "laboratory", "symptom", "sign", "criteria"}})},
      {Intent::kImaging,
       NeedleSet({{"imaging", " mri", " ct ", "radiograph", "x-ray", "ultrasound", "scan", "magnetic resonance"}})},
      {Intent::kDosing, NeedleSet({{" dose", "dosing", "dosage", " mg", "titrat", "daily", "per day", "initiat"}})},
      {Intent::kPrognosis,
       NeedleSet({{"prognos", "outcome", "survival", "mortality", "recover", "course", "outlook", "long-term"}})},
      {Intent::kPrevention,
       NeedleSet({{"prevent", "screen", "vaccin", "prophyla", "reduce the risk", "risk reduction", "avoid"}})},
      {Intent::kDefinition, NeedleSet({{" is a ", " are a ", " is an ", "refers to", "defined", "characterized"}})},
      {Intent::kComparison, NeedleSet({Table(kComparison.begin(), kComparison.end())})},
      {Intent::kAdverseEffects, NeedleSet({{"adverse", "side effect", "harm", "toxicit", "risk of", "complication",
                                            "safety", "bleeding", "contraindicat"}})},
  };
  const auto it = kCues.find(intent);
  return it != kCues.end() && it->second.In(lower);
}

AlgorithmStep StepOf(std::string_view statement) {
  const std::string t = " " + AsciiLower(statement) + " ";
  if (SpeaksOfRedFlags(t)) return AlgorithmStep::kRedFlags;
  if (SpeaksOfReferral(t)) return AlgorithmStep::kReferral;
  static constexpr std::array<std::string_view, 14> kEscalation = {
      "persist", "fail", "not respond", "inadequate response", "second-line", "refractory", "surgery", "surgical",
      "decompression", "injection", "add ", "escalat", "after 6", "despite"};
  if (ContainsAnyOf(t, kEscalation)) return AlgorithmStep::kEscalation;
  static constexpr std::array<std::string_view, 12> kFirst = {
      "first-line", "initial", "first ", "conservative", "begin", "start", "education", "exercise",
      "nsaid", "lifestyle", "remain active", "self-care"};
  if (ContainsAnyOf(t, kFirst)) return AlgorithmStep::kFirstLine;
  return AlgorithmStep::kNone;
}

bool SpeaksOfRedFlags(std::string_view lower) { return ContainsAnyOf(lower, kRedFlags); }

bool TreatmentSection(std::string_view title) {
  return title == "First-line management" || title == "Pharmacologic treatment" ||
         title == "Non-pharmacologic treatment" || title == "Procedures and surgery";
}

}  // namespace medoracle
