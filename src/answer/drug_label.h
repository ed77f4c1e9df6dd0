// What a drug question asks of a drug label (dose, kidney or liver, children, pregnancy,
// interactions, monitoring, ...), which part of a label a heading path is, and how much a
// label sentence speaks to the question. Pure functions of text.
#pragma once

#include <cstddef>
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
  kManagement,  // what to do about a harm: withhold, treat, taper ("how are they managed")
};

// The aspects the question asks about, in the order it first names them ("What dose of
// rivaroxaban ... reduced kidney function ... liver disease?" -> dose, renal, hepatic). None
// for a question that asks nothing a label answers ("Does desflurane alter left ventricular
// function during aortic surgery?" asks for studies).
std::vector<DrugAspect> AskedDrugAspects(std::string_view question);

// What a question asks of a drug it only names ("What is Prograf?", "Tell me about Plavix"):
// what it is for, its dose, who must not take it and its harms.
std::vector<DrugAspect> WholeLabelAspects();

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

// True for a label sentence that says nothing of the drug's use: the adverse reactions
// section's standard prose ("Because clinical trials are conducted under widely varying
// conditions, ...", "The following adverse reactions have been identified during
// postapproval use of KEYTRUDA."), a pointer to another section as the sentence itself
// ("Infusion-related reactions [see Warnings and Precautions (5.2)].", "LABOR & DELIVERY See
// Contraindications ."), a table's note ("(n=10) Values are mean (SD).") or a highlights
// entry that only lists a form ("Tablets: 50 mg ( 3 )."). heading is the sentence's section
// heading path. A contraindication named with its pointer ("Concomitant use of cyclosporine,
// danazol or gemfibrozil [see Drug Interactions (7.1)].") is no pointer: it says what not to do.
bool LabelBoilerplate(std::string_view heading, std::string_view text);

// True when a label sentence tells the prescriber what to do: it starts with an instruction
// ("Withhold ...", "Evaluate liver enzymes ...", "Do not exceed ...", "In general, if KEYTRUDA
// requires interruption, administer ...") or says what is recommended, contraindicated or to be
// avoided ("... is contraindicated", "... should not be used", "Dosages above 40 mg once daily
// are not recommended").
bool LabelDirective(std::string_view text);

// True when a label sentence reports trial or exposure figures ("Immune-mediated pneumonitis
// occurred in 3.4% (94/2799) of patients ...", "Pneumonitis led to discontinuation of KEYTRUDA in
// 26 (4.5%) of patients.") or describes how a study was run ("In an uncontrolled, open-label, US
// multicenter study, 66 pediatric patients ..."): what happened in the studies, not what to do.
// A directive (LabelDirective) is never one.
bool LabelTrialFigures(std::string_view text);

// How many trailing bytes of a label sentence are a pointer to other sections, with the
// spaces and full stop around it: "Withhold KEYTRUDA depending on severity [see Dosage and
// Administration (2.3) ] ." -> the bytes from " [see"; "... 20 mg once daily ( 2.2 , 8.5 )." ->
// from " ( 2.2". The statement is the rest (a narrower span of the same text). 0 when the
// sentence ends otherwise, or when cutting would leave fewer than min_words words.
size_t LabelTrailingPointerBytes(std::string_view sentence, size_t min_words);

// True for the heading of a label table's section, as the openFDA reader names them
// ("Dosage and administration > Table", "Adverse reactions > Table: Table 2: ...").
bool LabelTableSection(std::string_view heading);

// True when a row of a label's table can be quoted as a statement: at least min_words words,
// starting as a sentence does (a capital, a digit, a bracket), a number among them (a dose, a
// rate, a threshold: the column headers, "Indication Recommended Dose Frequency", have none), and
// not the caption ("Table 8. ..."). A row has no full stop, so it is not judged as a sentence.
bool LabelTableRowStatement(std::string_view row, size_t min_words);

// The last five words of a table row, as the label's text has them where the table is flattened
// ("... 2.5 mg twice daily, plus aspirin (75–100 mg) once daily Take with or without food" ->
// "(75–100 mg) once daily Take with or without food"), or "" for a row of fewer than seven words
// (a short row's words could be anywhere).
std::string LabelRowTail(std::string_view row);

// True when a label sentence states a dose: a number with a dose unit ("60 mg", "0.5 mg/kg",
// "2.5 mcg", "10 units", "5 mL").
bool LabelDoseStatement(std::string_view sentence);

// Where the statement starts in a label "sentence" that is only a short lead-in fragment naming a
// population or indication ("• Patients with CAD and No Prior Stroke or MI •", "Pediatric Patients
// 1 to 11 Years of Age"): at its first word (after any bullet). npos when the sentence is a
// statement of its own (it ends with a full stop, a colon or the like), is longer than 12 words,
// or does not start with a capital.
size_t LabelLeadFragmentStart(std::string_view sentence);

// How many leading bytes of a label sentence are a pointer left over from the highlights
// entry before it, with the spaces after it: "( 2.1 ) Do not administer as an intravenous bolus."
// -> the bytes before "Do"; "( 2.2 , 2.3 , 5.1 , 14.1 ) (B) Spinal/epidural hematoma ..." -> the
// bytes before "(B)". The statement is the rest (a narrower span of the same text). 0 when the
// sentence starts otherwise or nothing that starts a sentence follows.
size_t LabelLeadingPointerBytes(std::string_view sentence);

// How many leading bytes of a label sentence are an unnumbered subheading glued to it, as the
// openFDA text runs them together: "Immune-Mediated Pneumonitis KEYTRUDA can cause ..." -> the
// bytes before "KEYTRUDA". A heading is two to eight capitalised words (and connectors) before
// a drug name in capitals followed by a lower-case word. 0 when there is none.
size_t LabelHeadingLength(std::string_view text);

}  // namespace medoracle
