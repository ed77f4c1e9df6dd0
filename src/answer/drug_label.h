// What a drug question asks of a drug label (dose, kidney or liver, children, pregnancy,
// interactions, monitoring, ...), which part of a label a heading path is, and how much a
// label sentence speaks to the question. Pure functions of text.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace medoracle {

// The parts of a prescribing information (21 CFR 201.57 and the older unnumbered format),
// as the openFDA reader labels its sections (docs/formats/openfda.md).
enum class LabelPart {
  kBoxedWarning,
  kIndications,
  kDosing,               // dosage and administration, dosage forms
  kContraindications,
  kWarnings,             // warnings and precautions, warnings, precautions, laboratory tests
  kAdverseReactions,
  kInteractions,         // drug interactions, drug/laboratory test interactions
  kPopulations,          // use in specific populations, pregnancy, lactation, pediatric, geriatric, ...
  kPharmacogenomics,
  kOverdosage,
  kPharmacology,         // clinical pharmacology, mechanism, pharmacokinetics
  kPatientInformation,   // patient counseling, medication guide, patient information
  kOther,                // description, how supplied, clinical studies, nonclinical toxicology, ...
};

// Which part of a drug label a section's heading path is: "Warnings and precautions > 5.2
// QT prolongation" -> kWarnings; "Clinical pharmacology > 12.5 Pharmacogenomics" ->
// kPharmacogenomics. Headings that are no label part give kOther.
LabelPart LabelPartOf(std::string_view heading);

// The answer section a label part's statements go to ("Dosing", "Contraindications",
// "Warnings and precautions", ...). kBoxedWarning has its own callout, not a section.
std::string_view LabelSectionTitle(LabelPart part);

// What a question asks about a drug.
enum class DrugAspect {
  kDose,
  kRenal,
  kHepatic,
  kOlder,
  kChildren,
  kPregnancy,
  kLactation,
  kInteractions,
  kAdverse,
  kMonitoring,
  kContraindications,
  kGenetics,
  kBoxedWarning,
  kOverdose,
  kIndication,
  kAdministration,
  kMechanism,
};

// The aspects the question asks about, in the order it first names them ("What dose of
// rivaroxaban ... reduced kidney function ... liver disease?" -> dose, renal, hepatic). None
// for a question that asks nothing a label answers ("Does desflurane alter left ventricular
// function during aortic surgery?" asks for studies).
std::vector<DrugAspect> AskedDrugAspects(std::string_view question);

// The section titles of a drug answer, in display order: the sections of the asked aspects
// first (in the question's order), then the others in label order, "Supporting evidence"
// last.
std::vector<std::string> DrugSectionTemplate(const std::vector<DrugAspect>& asked);

// How much a label sentence speaks to the asked aspects, 0..1: for each aspect, whether the
// sentence sits in a part of the label that answers it (the dose in Dosage and
// administration, kidney function there or in Use in specific populations) and whether the
// sentence or its heading uses the aspect's words ("renal", "CrCl", "dialysis"); the best
// aspect counts most, the others' mean adds. heading is the sentence's section heading path.
double LabelRelevance(const std::vector<DrugAspect>& asked, std::string_view heading, std::string_view text);

}  // namespace medoracle
