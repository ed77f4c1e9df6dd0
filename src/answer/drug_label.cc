// Drug questions against drug labels: aspects asked, label parts, label sentence relevance.
#include "answer/drug_label.h"

#include <algorithm>
#include <array>
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

const std::array<AspectCues, 17>& Cues() {
  static const std::array<AspectCues, 17> cues = {{
      {DrugAspect::kBoxedWarning, {"boxed warning", "black box", "black-box"}, {"warning"}},
      {DrugAspect::kDose,
       {" dose", "dosing", "dosed", "dosage", " starting ", " start ", "titrat", "maximum", "highest", " max ",
        "loading", "how much", " mg "},
       {" dose", "dosage", "dosing", "mg/kg", "titrat", "initial", "maintenance", "maximum", "starting",
        "once daily", "twice daily", "per day", "/day", "every 12 hours"}},
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
        "raises them", "raise its", " raises ", "grapefruit"},
       {"concomitant", "coadminist", "co-administ", "inhibitor", "inducer", "interaction", "combination with",
        "in combination", "together with", "grapefruit", "cyp3a", "p-gp"}},
      {DrugAspect::kAdverse,
       {"side effect", "adverse", "toxicit", "harm", " risky", "reaction", "dangerous"},
       {"adverse", "reaction", "toxicity", " risk", "side effect", "incidence", "fatal", "serious"}},
      {DrugAspect::kMonitoring,
       {"monitor", " labs ", "lab test", "blood test", " levels ", " level ", "screen", " check", " test",
        "watch for", "measure", "follow-up"},
       {"monitor", "measure", " check", " test", " level", "concentration", "baseline", "periodic", " assess",
        "obtain", "evaluat", " count", " exam", " inr", "trough", " peak"}},
      {DrugAspect::kContraindications,
       {"contraindicat", "should not", "not receive", "shouldn't", " avoid", " never ", "who cannot", "can't",
        "appropriate", " be used", " safe", " ok to", "okay to"},
       {"contraindicated", "do not", "should not", "not recommended", " avoid", "must not"}},
      {DrugAspect::kGenetics,
       {"genotyp", "genetic", " cyp", "metaboliz", "ugt1a1", "tpmt", "nudt15", " dpd", "dpyd", "hla-", "g6pd",
        "allele", "pharmacogen", "variant"},
       {"genotyp", "metabolizer", "allele", "cyp2", "ugt1a1", "tpmt", "nudt15", " dpd", "dpyd", "hla-b", "g6pd",
        "variant", "polymorphism", "homozygous", "heterozygous", "genetic"}},
      {DrugAspect::kOverdose, {"overdos", "too much", "toxic dose"}, {"overdos", "hemodialysis", "antidote"}},
      {DrugAspect::kIndication,
       {"used for", "indicated", "indication", "approved for", " used to treat"},
       {"indicated", "treatment of", "indication"}},
      {DrugAspect::kAdministration,
       {"administ", " take it", " taken", "with food", " meal", "handled", "handle", "storage", " store",
        "sample", "infus", "inject", "timed", "timing", "missed dose", "crush", "swallow", " stopped",
        " stop ", "discontinu", "switch"},
       {"administ", " take ", "taken", " meal", " food", "swallow", "inject", "infus", "collect", " store",
        "handl", "prepar", "sample", " tube", "bedtime", "missed", "discontinu", "taper", "switch"}},
      {DrugAspect::kMechanism, {"mechanism", "how does it work"}, {"mechanism", "inhibits", "binds", "blocks"}},
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
  const std::string lower = " " + AsciiLower(question) + " ";
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
  const std::string padded = " " + AsciiLower(last == std::string_view::npos ? heading : heading.substr(last + 3)) +
                             " " + AsciiLower(text) + " ";
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
    const double part_weight = population && !says ? 0.0 : PartWeight(a, part);
    const double score = 0.6 * part_weight + 0.4 * (says ? 1.0 : 0.0);
    best = std::max(best, score);
    sum += score;
  }
  return 0.7 * best + 0.3 * sum / static_cast<double>(asked.size());
}

}  // namespace medoracle
