// Drug questions against drug labels: aspects asked, label parts, label sentence relevance.
#include "answer/drug_label.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>
#include <initializer_list>
#include <utility>

#include "corpus/text.h"

namespace medoracle {
namespace {

using Words = std::initializer_list<std::string_view>;
using WordList = std::vector<std::string_view>;

// How a question says it asks about an aspect (lower-cased question padded with spaces).
struct AspectCues {
  DrugAspect aspect;
  WordList question;  // cue words in the question
  WordList sentence;  // words of label sentences and headings that speak to it
};

const std::array<AspectCues, 18>& Cues() {
  static const std::array<AspectCues, 18> cues = {{
      {DrugAspect::kBoxedWarning, {"boxed warning", "black box", "black-box"}, {"warning"}},
      {DrugAspect::kDose,
       {" dose", "dosing", "dosed", "dosage", " starting ", " start ", "titrat", "maximum", "highest", " max ",
        "loading", "how much", " mg ",
        // A patient's weight asks for the dose that goes with it ("who weighs 55 kg").
        " kg ", " kg,", "weighs", "body weight"},
       {" dose", "dosage", "dosing", "mg/kg", "titrat", "initial", "maintenance", "maximum", "starting", "once daily",
        "twice daily", "per day", "/day", "every 12 hours"}},
      {DrugAspect::kRenal,
       {"kidney", "renal", "creatinine", "crcl", "dialysis", "egfr", " gfr"},
       {"renal", "kidney", "creatinine", "crcl", "dialysis", "egfr", "esrd"}},
      {DrugAspect::kHepatic,
       {"liver", "hepatic", "cirrho", "child-pugh"},
       {"hepatic", "liver", "child-pugh", "cirrho"}},
      {DrugAspect::kOlder,
       {"elderly", "older", "frail", "geriatric", " aged "},
       {"geriatric", "elderly", "older", "65 years", "75 years", " aged", "debilitated"}},
      {DrugAspect::kChildren,
       {"child", "pediatric", "paediatric", "infant", "neonat", "newborn", "adolescent", " teen", " baby"},
       {"pediatric", "children", "child ", "infant", "neonat", "adolescent", "years of age"}},
      {DrugAspect::kPregnancy,
       {"pregnan", "trimester", "gestation"},
       {"pregnan", "trimester", "fetal", "fetus", "labor", "delivery", "gestation", " term "}},
      {DrugAspect::kLactation,
       {"breastfe", "breast-fe", "lactat", "nursing"},
       {"lactation", "breast", "nursing", "milk"}},
      {DrugAspect::kInteractions,
       {"interact", "combined", "combine", "together", "coadminist", "co-administ", "concomitant", "with other",
        "raises them", "raise its", " raises ", "grapefruit", "given with", "with alcohol", " and alcohol"},
       {"concomitant", "coadminist", "co-administ", "inhibitor", "inducer", "interaction", "combination with",
        "in combination", "together with", "grapefruit", "cyp3a", "p-gp"}},
      {DrugAspect::kAdverse,
       {"side effect", "adverse", "toxicit", "harm", " risky", "reaction", "dangerous", " risks", "risk of",
        " warnings", "precaution", "safety", " cause ", " causes "},
       {"adverse", "reaction", "toxicity", " risk", "side effect", "incidence", "fatal", "serious"}},
      {DrugAspect::kMonitoring,
       {"monitor", " labs ", "lab test", "blood test", " levels ", " level ", "screen", " check", " test", "watch for",
        "measure", "follow-up"},
       {"monitor", "measure", " check", " test", " level", "concentration", "baseline", "periodic", " assess", "obtain",
        "evaluat", " count", " exam", " inr", "trough", " peak"}},
      {DrugAspect::kContraindications,
       {"contraindicat", "should not", "not receive", "shouldn't", " avoid", " never ", "who cannot", "can't",
        "appropriate", " be used", " safe", " ok to", "okay to"},
       {"contraindicated", "do not", "should not", "not recommended", " avoid", "must not"}},
      {DrugAspect::kGenetics,
       {"genotyp", "genetic", " cyp", "metaboliz", "ugt1a1", "tpmt", "nudt15", " dpd", "dpyd", "hla-", "g6pd", "allele",
        "pharmacogen", "variant"},
       {"genotyp", "metabolizer", "allele", "cyp2", "ugt1a1", "tpmt", "nudt15", " dpd", "dpyd", "hla-b", "g6pd",
        "variant", "polymorphism", "homozygous", "heterozygous", "genetic"}},
      {DrugAspect::kOverdose, {"overdos", "too much", "toxic dose"}, {"overdos", "hemodialysis", "antidote"}},
      {DrugAspect::kIndication,
       {"used for", "indicated", "indication", "approved for", " used to treat"},
       {"indicated", "treatment of", "indication"}},
      {DrugAspect::kAdministration,
       {"administ",    " take it", " taken",          "with food",    " meal",       "handled",      "handle",
        "storage",     " store",   "sample",          "infus",        "inject",      "timed",        "timing",
        "missed dose", "crush",    "swallow",         " stopped",     " stop ",      "discontinu",   "switch",
        "taper",       " given? ", "how long should", "how long can", "how long to", "misses a dose"},
       {"administ", " take ", "taken", " meal", " food", "swallow", "inject", "infus", "collect", " store", "handl",
        "prepar", "sample", " tube", "bedtime", "missed", "discontinu", "taper", "switch"}},
      {DrugAspect::kMechanism,
       {"mechanism", "how does it work", " work? ", " works? ", "mode of action"},
       {"mechanism", "inhibits", "binds", "blocks"}},
      {DrugAspect::kManagement,
       {" managed", " manage ", "management", "what to do", "what should i do", " be treated", " are treated",
        " is treated"},
       {"withhold", "discontinu", "interrupt", "corticosteroid", "administer", "initiate", "taper", "resume",
        "reduce the dose", "dose reduction", " treat", "manage", "promptly", "supportive", "consult"}},
  }};
  return cues;
}

const AspectCues& CuesOf(DrugAspect aspect) {
  for (const AspectCues& c : Cues()) {
    if (c.aspect == aspect) return c;
  }
  return Cues()[0];
}

// How well a label part answers an aspect: 1 where the label says it, less where it may.
double PartWeight(DrugAspect aspect, LabelPart part) {
  using P = LabelPart;
  auto pick = [part](std::initializer_list<std::pair<P, double>> weights) {
    for (const auto& [p, w] : weights) {
      if (p == part) return w;
    }
    return 0.0;
  };
  switch (aspect) {
    case DrugAspect::kDose: return pick({{P::kDosing, 1}, {P::kPopulations, 0.5}, {P::kBoxedWarning, 0.3}});
    case DrugAspect::kRenal:
    case DrugAspect::kHepatic:
      return pick({{P::kDosing, 1}, {P::kPopulations, 1}, {P::kContraindications, 0.7}, {P::kWarnings, 0.7},
                   {P::kBoxedWarning, 0.5}});
    case DrugAspect::kOlder:
      return pick({{P::kPopulations, 1}, {P::kDosing, 1}, {P::kWarnings, 0.5}, {P::kBoxedWarning, 0.5}});
    case DrugAspect::kChildren:
      return pick({{P::kPopulations, 1}, {P::kDosing, 1}, {P::kBoxedWarning, 0.7}, {P::kContraindications, 0.7},
                   {P::kWarnings, 0.5}});
    case DrugAspect::kPregnancy:
    case DrugAspect::kLactation:
      return pick({{P::kPopulations, 1}, {P::kContraindications, 0.7}, {P::kWarnings, 0.7}, {P::kDosing, 0.5},
                   {P::kBoxedWarning, 0.5}});
    case DrugAspect::kInteractions:
      return pick({{P::kInteractions, 1}, {P::kContraindications, 1}, {P::kDosing, 0.6}, {P::kWarnings, 0.6},
                   {P::kBoxedWarning, 0.5}});
    case DrugAspect::kAdverse:
      return pick({{P::kWarnings, 1}, {P::kBoxedWarning, 1}, {P::kAdverseReactions, 0.8},
                   {P::kContraindications, 0.4}});
    case DrugAspect::kMonitoring:
      return pick({{P::kWarnings, 1}, {P::kDosing, 1}, {P::kBoxedWarning, 1}, {P::kAdverseReactions, 0.3}});
    case DrugAspect::kContraindications:
      return pick({{P::kContraindications, 1}, {P::kBoxedWarning, 1}, {P::kWarnings, 0.7}});
    case DrugAspect::kGenetics:
      return pick({{P::kPharmacogenomics, 1}, {P::kDosing, 1}, {P::kWarnings, 0.8}, {P::kBoxedWarning, 0.8},
                   {P::kPharmacology, 0.5}});
    case DrugAspect::kBoxedWarning: return pick({{P::kBoxedWarning, 1}});
    case DrugAspect::kOverdose: return pick({{P::kOverdosage, 1}, {P::kBoxedWarning, 0.3}});
    case DrugAspect::kIndication: return pick({{P::kIndications, 1}});
    case DrugAspect::kAdministration: return pick({{P::kDosing, 1}, {P::kOther, 0.3}, {P::kBoxedWarning, 0.3}});
    case DrugAspect::kMechanism: return pick({{P::kPharmacology, 1}});
    case DrugAspect::kManagement:
      return pick({{P::kWarnings, 1},
                   {P::kDosing, 1},
                   {P::kBoxedWarning, 0.7},
                   {P::kOverdosage, 0.5},
                   {P::kAdverseReactions, 0.2}});
  }
  return 0;
}

// The section an aspect's statements are looked for in first.
LabelPart HomePart(DrugAspect aspect) {
  switch (aspect) {
    case DrugAspect::kDose:
    case DrugAspect::kAdministration: return LabelPart::kDosing;
    case DrugAspect::kRenal:
    case DrugAspect::kHepatic:
    case DrugAspect::kOlder:
    case DrugAspect::kChildren:
    case DrugAspect::kPregnancy:
    case DrugAspect::kLactation: return LabelPart::kPopulations;
    case DrugAspect::kInteractions: return LabelPart::kInteractions;
    case DrugAspect::kAdverse: return LabelPart::kAdverseReactions;
    case DrugAspect::kMonitoring: return LabelPart::kWarnings;
    case DrugAspect::kContraindications: return LabelPart::kContraindications;
    case DrugAspect::kGenetics: return LabelPart::kPharmacogenomics;
    case DrugAspect::kBoxedWarning: return LabelPart::kBoxedWarning;
    case DrugAspect::kOverdose: return LabelPart::kOverdosage;
    case DrugAspect::kIndication: return LabelPart::kIndications;
    case DrugAspect::kMechanism: return LabelPart::kPharmacology;
    case DrugAspect::kManagement: return LabelPart::kWarnings;
  }
  return LabelPart::kOther;
}

// "80-year-old", "70 year old": the age a question gives, or -1.
int AgeIn(std::string_view lower) {
  for (std::string_view marker : {"-year-old", " year old", " years old", "-years-old"}) {
    const size_t at = lower.find(marker);
    if (at == std::string_view::npos || at == 0) continue;
    size_t start = at;
    while (start > 0 && lower[start - 1] >= '0' && lower[start - 1] <= '9') --start;
    if (start == at) continue;
    return std::atoi(std::string(lower.substr(start, at - start)).c_str());
  }
  return -1;
}

bool Upper(char c) { return c >= 'A' && c <= 'Z'; }
bool Lower(char c) { return c >= 'a' && c <= 'z'; }

// The text outside brackets and parentheses (lower case), and whether a bracket points to
// another part of the label: "[see Warnings and Precautions (5.2)]", "( 5.5 , 8.1 )".
struct OutsideBrackets {
  std::string text;
  bool pointer = false;
};

// "[ s ee Warnings and Precautions ( 5.2 ) ]": "see" broken apart by the label's text, then the
// capital of the section named.
bool BrokenSee(std::string_view inside) {
  std::string letters;
  for (char c : inside) {
    if (c != ' ') letters += c;
    if (letters.size() == 4) break;
  }
  return letters.size() == 4 && AsciiLower(letters.substr(0, 3)) == "see" && Upper(letters[3]);
}

OutsideBrackets SplitBrackets(std::string_view text) {
  OutsideBrackets out;
  std::string inside;
  int depth = 0;
  for (char c : text) {
    if (c == '(' || c == '[') {
      if (depth++ == 0) inside.clear();
      continue;
    }
    if ((c == ')' || c == ']') && depth > 0) {
      if (--depth == 0) {
        const std::string lower = AsciiLower(inside);
        const bool numbers = !inside.empty() && inside.find_first_not_of("0123456789., ") == std::string::npos &&
                             inside.find_first_of("0123456789") != std::string::npos;
        if (numbers || lower.find("see ") != std::string::npos || BrokenSee(inside)) out.pointer = true;
      }
      continue;
    }
    if (depth == 0) {
      out.text += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      inside += c;
    }
  }
  return out;
}

}  // namespace

LabelPart LabelPartOf(std::string_view heading) {
  const std::string lower = AsciiLower(heading);
  const size_t sep = lower.find(" > ");
  const std::string_view top = std::string_view(lower).substr(0, sep);
  // A pharmacogenomics subsection of clinical pharmacology is its own part.
  if (lower.find("pharmacogenomic") != std::string::npos) return LabelPart::kPharmacogenomics;
  auto is = [top](Words names) {
    return std::any_of(names.begin(), names.end(), [top](std::string_view n) { return top == n; });
  };
  if (is({"boxed warning"})) return LabelPart::kBoxedWarning;
  if (is({"indications and usage"})) return LabelPart::kIndications;
  if (is({"dosage and administration", "dosage forms and strengths"})) return LabelPart::kDosing;
  if (is({"contraindications"})) return LabelPart::kContraindications;
  if (is({"warnings and precautions", "warnings", "precautions", "general precautions", "laboratory tests",
          "risks", "other safety information"})) {
    return LabelPart::kWarnings;
  }
  if (is({"adverse reactions"})) return LabelPart::kAdverseReactions;
  if (is({"drug interactions", "drug and laboratory test interactions"})) return LabelPart::kInteractions;
  if (is({"use in specific populations", "pregnancy", "teratogenic effects", "nonteratogenic effects",
          "labor and delivery", "lactation", "nursing mothers", "females and males of reproductive potential",
          "pediatric use", "geriatric use", "renal impairment", "hepatic impairment"})) {
    return LabelPart::kPopulations;
  }
  if (is({"overdosage"})) return LabelPart::kOverdosage;
  if (is({"clinical pharmacology", "mechanism of action", "pharmacodynamics", "pharmacokinetics"})) {
    return LabelPart::kPharmacology;
  }
  if (is({"patient counseling information", "medication guide", "patient information", "patient package insert",
          "instructions for use"})) {
    return LabelPart::kPatientInformation;
  }
  return LabelPart::kOther;
}

std::string_view LabelSectionTitle(LabelPart part) {
  switch (part) {
    case LabelPart::kBoxedWarning: return "Boxed warning";
    case LabelPart::kIndications: return "Indications";
    case LabelPart::kDosing: return "Dosing";
    case LabelPart::kContraindications: return "Contraindications";
    case LabelPart::kWarnings: return "Warnings and precautions";
    case LabelPart::kAdverseReactions: return "Adverse effects and harms";
    case LabelPart::kInteractions: return "Drug interactions";
    case LabelPart::kPopulations: return "Special populations";
    case LabelPart::kPharmacogenomics: return "Pharmacogenomics";
    case LabelPart::kOverdosage: return "Overdose";
    case LabelPart::kPharmacology: return "Clinical pharmacology";
    case LabelPart::kPatientInformation: return "Patient information";
    case LabelPart::kOther: return "Supporting evidence";
  }
  return "Supporting evidence";
}

std::vector<DrugAspect> AskedDrugAspects(std::string_view question) {
  std::string lower = " " + AsciiLower(question) + " ";
  // A transplanted organ names the patient, not impaired kidney or liver function ("after a
  // kidney transplant" asked for renal dosing in tacrolimus's answer).
  for (std::string_view organ : {"kidney transplant", "renal transplant", "liver transplant", "hepatic transplant"}) {
    for (size_t at = lower.find(organ); at != std::string::npos; at = lower.find(organ, at + 1)) {
      lower.replace(at, organ.size(), std::string(organ.size(), ' '));
    }
  }
  std::vector<std::pair<size_t, DrugAspect>> found;
  for (const AspectCues& c : Cues()) {
    size_t first = std::string::npos;
    for (std::string_view cue : c.question) first = std::min(first, lower.find(cue));
    if (first != std::string::npos) found.push_back({first, c.aspect});
  }
  const int age = AgeIn(lower);
  if (age >= 65) found.push_back({lower.find("year"), DrugAspect::kOlder});
  if (age >= 0 && age < 18) found.push_back({lower.find("year"), DrugAspect::kChildren});
  // "the boxed warning" is not a request for contraindications or risks as well.
  std::stable_sort(found.begin(), found.end());
  std::vector<DrugAspect> out;
  for (const auto& [at, aspect] : found) {
    if (std::find(out.begin(), out.end(), aspect) == out.end()) out.push_back(aspect);
  }
  return out;
}

std::vector<DrugAspect> WholeLabelAspects() {
  return {DrugAspect::kIndication, DrugAspect::kDose, DrugAspect::kContraindications, DrugAspect::kAdverse};
}

std::vector<std::string> DrugSectionTemplate(const std::vector<DrugAspect>& asked) {
  std::vector<std::string> out;
  auto add = [&out](LabelPart part) {
    if (part == LabelPart::kBoxedWarning || part == LabelPart::kOther) return;
    const std::string title(LabelSectionTitle(part));
    if (std::find(out.begin(), out.end(), title) == out.end()) out.push_back(title);
  };
  for (DrugAspect a : asked) add(HomePart(a));
  for (LabelPart part : {LabelPart::kIndications, LabelPart::kDosing, LabelPart::kContraindications,
                         LabelPart::kWarnings, LabelPart::kAdverseReactions, LabelPart::kInteractions,
                         LabelPart::kPopulations, LabelPart::kPharmacogenomics, LabelPart::kOverdosage,
                         LabelPart::kPharmacology, LabelPart::kPatientInformation}) {
    add(part);
  }
  out.emplace_back("Supporting evidence");
  return out;
}

double LabelRelevance(const std::vector<DrugAspect>& asked, std::string_view heading, std::string_view text) {
  if (asked.empty()) return 0;
  const LabelPart part = LabelPartOf(heading);
  // The heading's last level names the subsection ("8.6 Renal impairment"); the first is
  // the part, already weighed.
  const size_t last = heading.rfind(" > ");
  const std::string last_level = AsciiLower(last == std::string_view::npos ? heading : heading.substr(last + 3));
  const std::string padded = " " + last_level + " " + AsciiLower(text) + " ";
  // A subsection on one population ("8.1 Pregnancy", "8.5 Geriatric Use") answers questions about
  // that population: its animal doses are no dose for an older patient's question.
  const std::string subsection = last == std::string_view::npos ? std::string(" ") : " " + last_level;
  static constexpr std::array<std::pair<std::string_view, DrugAspect>, 8> kPopulationHeadings = {{
      {" 8.1", DrugAspect::kPregnancy},
      {"pregnan", DrugAspect::kPregnancy},
      {"lactation", DrugAspect::kLactation},
      {"nursing mothers", DrugAspect::kLactation},
      {"pediatric", DrugAspect::kChildren},
      {"geriatric", DrugAspect::kOlder},
      {"renal impairment", DrugAspect::kRenal},
      {"hepatic impairment", DrugAspect::kHepatic},
  }};
  bool other_population = false;
  if (part == LabelPart::kPopulations) {
    for (const auto& [cue, population] : kPopulationHeadings) {
      if (subsection.find(cue) == std::string::npos) continue;
      other_population = std::find(asked.begin(), asked.end(), population) == asked.end();
      break;
    }
  }
  double best = 0, sum = 0;
  for (DrugAspect a : asked) {
    const WordList& words = CuesOf(a).sentence;
    const bool says = std::any_of(words.begin(), words.end(),
                                  [&padded](std::string_view w) { return padded.find(w) != std::string::npos; });
    // A population (kidney, liver, age, pregnancy) is answered where the label names it: the
    // part alone (Use in specific populations holds them all) says nothing.
    const bool population = a == DrugAspect::kRenal || a == DrugAspect::kHepatic || a == DrugAspect::kOlder ||
                            a == DrugAspect::kChildren || a == DrugAspect::kPregnancy ||
                            a == DrugAspect::kLactation;
    const double part_weight = (population && !says) || other_population ? 0.0 : PartWeight(a, part);
    const double score = 0.6 * part_weight + 0.4 * (says ? 1.0 : 0.0);
    best = std::max(best, score);
    sum += score;
  }
  return 0.7 * best + 0.3 * sum / static_cast<double>(asked.size());
}

bool LabelBoilerplate(std::string_view heading, std::string_view text) {
  const std::string lower = AsciiLower(text);
  // The adverse reactions section's standard prose, and tables' notes.
  static constexpr std::array<std::string_view, 11> kProse = {
      "clinical trials are conducted under widely varying", "cannot be directly compared to rates in the clinical",
      "may not reflect the rates observed in", "reported voluntarily from a population of uncertain size",
      "not always possible to reliably estimate their frequency", "described elsewhere in the label",
      "discussed elsewhere in the label", "discussed in greater detail in other sections", "values are mean",
      "values are expressed as",
      // The highlights' boxed warning: its title, then where the whole warning is.
      "for complete boxed warning"};
  if (ContainsAnyOf(lower, kProse) || lower.rfind("(n=", 0) == 0) return true;
  // "The following adverse reactions have been identified during postapproval use of X." with
  // its list elsewhere (a lead-in ending in ':' brings its items along).
  if (lower.find("identified during post") != std::string::npos && !text.empty() && text.back() != ':' &&
      CountWords(text) <= 16) {
    return true;
  }
  // A table flattened into the text, caption first ("Table 3 - Percentage of patients reporting
  // ... Dyspnea 13.8 7.8 ..."): its rows are read from the table's own section.
  if (!LabelTableSection(heading) && text.size() > 6 && text.substr(0, 6) == "Table " && text[6] >= '0' &&
      text[6] <= '9' && CountWords(text) > 25) {
    return true;
  }
  const OutsideBrackets outside = SplitBrackets(text);
  // What is left once a heading in capitals is passed: "LABOR & DELIVERY See Contraindications ."
  std::string_view rest = text;
  while (!rest.empty()) {
    const size_t end = std::min(rest.size(), rest.find(' '));
    const std::string_view word = rest.substr(0, end);
    if (std::any_of(word.begin(), word.end(), Lower)) break;
    rest.remove_prefix(std::min(rest.size(), end + 1));
  }
  if (rest.size() >= 4 && rest.substr(0, 4) == "See ") return true;
  if (!outside.pointer) return false;
  const size_t words = CountWords(outside.text);
  const LabelPart part = LabelPartOf(heading);
  // The adverse reactions section's list of reactions "described elsewhere", each a name and
  // a pointer: nothing is said of them (a sentence with a verb or a rate is kept).
  if (part == LabelPart::kAdverseReactions && words <= 12) {
    static constexpr std::array<std::string_view, 14> kSays = {" is ",   " are ", " was ",   " were ",   " can ",
                                                               " may ",  " has ", " have ",  " should ", "occur",
                                                               " cause", "%",     " report", " increase"};
    if (!ContainsAnyOf(" " + outside.text + " ", kSays)) return true;
  }
  // A highlights entry listing a dosage form: "Tablets: 50 mg ( 3 )."
  const std::string heading_lower = AsciiLower(heading);
  return heading_lower.find("dosage forms and strengths") != std::string::npos && words <= 6;
}

bool LabelDirective(std::string_view text) {
  std::string_view t = text;
  // "In general, if ... , administer ...": the instruction after a leading clause.
  const std::string lower = " " + AsciiLower(t) + " ";
  static constexpr std::array<std::string_view, 14> kSays = {" is contraindicated",
                                                             " are contraindicated",
                                                             " not recommended",
                                                             " is recommended",
                                                             " are recommended",
                                                             " should not ",
                                                             " should be ",
                                                             " must ",
                                                             " do not ",
                                                             " avoid ",
                                                             " consider ",
                                                             " should ",
                                                             " recommended ",
                                                             " contraindicated in "};
  if (ContainsAnyOf(lower, kSays)) return true;
  static constexpr std::array<std::string_view, 40> kVerbs = {
      "administer",  "adjust",    "advise",   "assess",      "avoid",    "calculate", "check",    "collect",
      "consider",    "continue",  "decrease", "discontinue", "evaluate", "give",      "increase", "initiate",
      "instruct",    "interrupt", "limit",    "maintain",    "measure",  "monitor",   "obtain",   "perform",
      "permanently", "reduce",    "reserve",  "resume",      "screen",   "start",     "stop",     "take",
      "taper",       "test",      "titrate",  "treat",       "use",      "withhold",  "inform",   "correct"};
  auto starts_with_verb = [](std::string_view s) {
    const size_t end = std::min(s.size(), s.find_first_of(" ,"));
    const std::string word = AsciiLower(s.substr(0, end));
    return std::find(kVerbs.begin(), kVerbs.end(), word) != kVerbs.end();
  };
  if (starts_with_verb(t)) return true;
  // After a leading clause ("If ..., ", "In general, if ..., ", "For ..., ").
  const size_t comma = t.rfind(", ", std::min(t.size(), static_cast<size_t>(160)));
  if (comma != std::string_view::npos &&
      (lower.rfind(" if ", 0) == 0 || lower.rfind(" in ", 0) == 0 || lower.rfind(" for ", 0) == 0 ||
       lower.rfind(" when ", 0) == 0 || lower.rfind(" upon ", 0) == 0 || lower.rfind(" during ", 0) == 0)) {
    for (size_t at = t.find(", "); at != std::string_view::npos && at <= comma; at = t.find(", ", at + 2)) {
      if (starts_with_verb(t.substr(at + 2))) return true;
    }
  }
  return false;
}

bool LabelTrialFigures(std::string_view text) {
  if (LabelDirective(text)) return false;
  const std::string lower = AsciiLower(text);
  // How a study was run: the sentence is about the study whatever its figures.
  static constexpr std::array<std::string_view, 9> kStudy = {"open-label",   "double-blind",    "placebo-controlled",
                                                             "multicenter",  "intent-to-treat", "were studied",
                                                             "at baseline,", "were enrolled",   "were randomized"};
  if (ContainsAnyOf(lower, kStudy)) return true;
  static constexpr std::array<std::string_view, 9> kFigures = {"% (",
                                                               "occurred in ",
                                                               "led to permanent discontinuation",
                                                               "led to discontinuation",
                                                               "led to withholding",
                                                               "were withheld",
                                                               "patients receiving",
                                                               "median time to onset",
                                                               "(n="};
  return lower.find('%') != std::string::npos && ContainsAnyOf(lower, kFigures);
}

size_t LabelTrailingPointerBytes(std::string_view sentence, size_t min_words) {
  std::string_view rest = sentence;
  auto trim = [&rest](std::string_view chars) {
    while (!rest.empty() && chars.find(rest.back()) != std::string_view::npos) rest.remove_suffix(1);
  };
  bool cut = false;
  for (int pointers = 0; pointers < 2; ++pointers) {
    trim(" .");
    if (rest.empty() || (rest.back() != ')' && rest.back() != ']')) break;
    // The bracket that opens the last group, nested brackets inside it included.
    int depth = 0;
    size_t open = std::string_view::npos;
    for (size_t i = rest.size(); i-- > 0;) {
      if (rest[i] == ')' || rest[i] == ']') ++depth;
      if ((rest[i] == '(' || rest[i] == '[') && --depth == 0) {
        open = i;
        break;
      }
    }
    if (open == std::string_view::npos) break;
    if (!SplitBrackets(rest.substr(open)).pointer) break;
    // "(see 5.1)" with its own words outside brackets: only the group itself.
    if (!SplitBrackets(rest.substr(open)).text.empty()) break;
    rest = rest.substr(0, open);
    cut = true;
  }
  if (!cut) return 0;
  trim(" ");
  // A list lead-in keeps its colon; the sentence its words.
  if (rest.empty() || rest.back() == ':' || CountWords(rest) < min_words) return 0;
  return sentence.size() - rest.size();
}

size_t LabelHeadingLength(std::string_view text) {
  constexpr size_t kMaxHeadingWords = 8;
  size_t capitals = 0, k = 0, at = 0;
  while (at < text.size() && k <= kMaxHeadingWords) {
    const size_t end = std::min(text.size(), text.find(' ', at));
    const std::string_view word = text.substr(at, end - at);
    const size_t next_at = std::min(text.size(), end + 1);
    if (word.empty()) return 0;
    const bool all_capitals =
        word.size() >= 3 &&
        std::all_of(word.begin(), word.end(),
                    [](char c) { return Upper(c) || c == '-' || c == '\'' || (c >= '0' && c <= '9'); }) &&
        std::count_if(word.begin(), word.end(), Upper) >= 3;
    if (all_capitals) {
      if (capitals < 2) return 0;
      // The sentence goes on in lower case: "KEYTRUDA can cause ...".
      if (next_at >= text.size() || !Lower(text[next_at])) return 0;
      return at;
    }
    const bool capitalised =
        Upper(word[0]) && word.size() > 1 && !Upper(word[1]) && std::none_of(word.begin(), word.end(), [](char c) {
          return c == '.' || c == ',' || c == ':' || c == ';' || c == '(' || c == ')';
        });
    static constexpr std::array<std::string_view, 8> kConnectors = {"and", "of",  "with", "in",
                                                                    "or",  "the", "to",   "for"};
    if (capitalised) {
      ++capitals;
    } else if (std::find(kConnectors.begin(), kConnectors.end(), word) == kConnectors.end() || k == 0) {
      return 0;
    }
    ++k;
    at = next_at;
  }
  return 0;
}

size_t LabelLeadingPointerBytes(std::string_view sentence) {
  size_t at = 0;
  for (int pointers = 0; pointers < 2; ++pointers) {
    if (at >= sentence.size() || (sentence[at] != '(' && sentence[at] != '[')) break;
    int depth = 0;
    size_t close = std::string_view::npos;
    for (size_t i = at; i < sentence.size(); ++i) {
      if (sentence[i] == '(' || sentence[i] == '[') ++depth;
      if ((sentence[i] == ')' || sentence[i] == ']') && --depth == 0) {
        close = i;
        break;
      }
    }
    if (close == std::string_view::npos) break;
    const OutsideBrackets group = SplitBrackets(sentence.substr(at, close + 1 - at));
    if (!group.pointer || !group.text.empty()) break;
    at = close + 1;
    while (at < sentence.size() && sentence[at] == ' ') ++at;
  }
  // What follows must be a sentence of its own: a capital, a bracket or a digit first.
  if (at == 0 || at >= sentence.size()) return 0;
  const char first = sentence[at];
  if (!Upper(first) && first != '(' && first != '[' && !(first >= '0' && first <= '9')) return 0;
  return at;
}

bool LabelTableSection(std::string_view heading) {
  const size_t at = heading.find(" > Table");
  return at != std::string_view::npos && (at + 8 == heading.size() || heading[at + 8] == ':' || heading[at + 8] == ' ');
}

// True when row has a digit that is not part of a group's count ("N = 114", "(n=56)", "N=1,021").
bool HasNumberOutsideCounts(std::string_view row) {
  for (size_t i = 0; i < row.size(); ++i) {
    if (row[i] >= '0' && row[i] <= '9') return true;
    // "N" or "n" as a word of its own (or "N" glued to the word before, "African-AmericanN"),
    // then "=" (spaces around it), then the count.
    if (row[i] != 'N' && row[i] != 'n') continue;
    if (i > 0 && (Upper(row[i - 1]) || (Lower(row[i - 1]) && row[i] == 'n'))) continue;
    size_t j = i + 1;
    while (j < row.size() && row[j] == ' ') ++j;
    if (j >= row.size() || row[j] != '=') continue;
    ++j;
    while (j < row.size() && row[j] == ' ') ++j;
    if (j >= row.size() || row[j] < '0' || row[j] > '9') continue;
    while (j < row.size() && ((row[j] >= '0' && row[j] <= '9') || row[j] == ',')) ++j;
    i = j - 1;
  }
  return false;
}

bool LabelTableRowStatement(std::string_view row, size_t min_words) {
  if (row.empty() || CountWords(row) < min_words) return false;
  const char first = row.front();
  if (!(Upper(first) || (first >= '0' && first <= '9') || first == '(' || first == '[' ||
        static_cast<unsigned char>(first) >= 0x80)) {
    return false;
  }
  // The caption ("Table 8. Established and Other Potentially Significant Drug Interactions ...")
  // names the table; the section heading carries it.
  if (row.rfind("Table ", 0) == 0 && row.size() > 6 && row[6] >= '0' && row[6] <= '9') return false;
  if (!std::any_of(row.begin(), row.end(), [](char c) { return c >= '0' && c <= '9'; })) return false;
  // Column headers that count each column's patients ("Time After Transplant Caucasian N = 114
  // African-American N = 56", "Placebo (n=120)"): no number outside the counts.
  if (!HasNumberOutsideCounts(row)) return false;
  // A row of a grid of numbers ("150 mg (Day 5) 7 (2) 18 (7) 19 (5) 16", "GG 5-7 mg 5-7 mg 3-4 mg")
  // says nothing without its column headers: at least three words, and half the row, must be
  // words (letters, no digits, not a unit).
  static constexpr std::array<std::string_view, 12> kUnits = {"mg", "mcg", "g",  "kg",   "ml",    "l",
                                                              "h",  "hr",  "iu", "mmol", "mg/kg", "ml/min"};
  size_t tokens = 0, words = 0;
  size_t at = 0;
  while (at < row.size()) {
    const size_t end = std::min(row.size(), row.find(' ', at));
    const std::string_view token = row.substr(at, end - at);
    at = end + 1;
    if (token.empty()) continue;
    ++tokens;
    const bool letters = std::any_of(token.begin(), token.end(), [](char c) { return Upper(c) || Lower(c); });
    const bool digits = std::any_of(token.begin(), token.end(), [](char c) { return c >= '0' && c <= '9'; });
    std::string bare = AsciiLower(token);
    while (!bare.empty() && !Lower(bare.back())) bare.pop_back();
    while (!bare.empty() && !Lower(bare.front())) bare.erase(bare.begin());
    if (letters && !digits && std::find(kUnits.begin(), kUnits.end(), bare) == kUnits.end()) ++words;
  }
  return words >= 3 && 2 * words >= tokens;
}

bool LabelDoseStatement(std::string_view sentence) {
  const std::string lower = AsciiLower(sentence);
  static constexpr std::array<std::string_view, 7> kUnits = {" mg", "mg/", " mcg", " g ", " units", " ml ", " ml/"};
  for (std::string_view unit : kUnits) {
    for (size_t at = lower.find(unit); at != std::string::npos; at = lower.find(unit, at + 1)) {
      // A number just before the unit ("60 mg", "0.5mg/kg").
      size_t k = at;
      if (unit[0] != ' ') {
        if (k > 0 && lower[k - 1] >= '0' && lower[k - 1] <= '9') return true;
        continue;
      }
      if (k > 0 && lower[k - 1] >= '0' && lower[k - 1] <= '9') return true;
    }
  }
  return false;
}

size_t LabelLeadFragmentStart(std::string_view sentence) {
  size_t at = 0;
  auto skip_bullets = [&sentence](size_t i) {
    while (i < sentence.size()) {
      if (sentence[i] == ' ' || sentence[i] == '-' || sentence[i] == '*') {
        ++i;
      } else if (sentence.substr(i, 3) == "\u2022") {
        i += 3;
      } else {
        break;
      }
    }
    return i;
  };
  at = skip_bullets(at);
  std::string_view rest = sentence.substr(at);
  while (!rest.empty() && (rest.back() == ' ' || rest.back() == '*' || rest.back() == '-')) rest.remove_suffix(1);
  if (rest.size() >= 3 && rest.substr(rest.size() - 3) == "\u2022") rest.remove_suffix(3);
  while (!rest.empty() && rest.back() == ' ') rest.remove_suffix(1);
  if (rest.empty() || !Upper(rest.front())) return std::string_view::npos;
  const char last = rest.back();
  if (last == '.' || last == '!' || last == '?' || last == ':' || last == ';' || last == ')' || last == ']') {
    return std::string_view::npos;
  }
  const size_t words = CountWords(rest);
  if (words < 2 || words > 12) return std::string_view::npos;
  return at;
}

std::string LabelRowTail(std::string_view row) {
  constexpr size_t kTailWords = 5, kMinWords = 7;
  std::vector<std::string_view> words;
  size_t at = 0;
  while (at < row.size()) {
    const size_t end = std::min(row.size(), row.find(' ', at));
    if (end > at) words.push_back(row.substr(at, end - at));
    at = end + 1;
  }
  if (words.size() < kMinWords) return "";
  const std::string_view first = words[words.size() - kTailWords];
  return std::string(row.substr(static_cast<size_t>(first.data() - row.data())));
}

}  // namespace medoracle
