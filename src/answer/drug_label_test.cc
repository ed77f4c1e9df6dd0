#include "answer/drug_label.h"

#include <gtest/gtest.h>

#include <algorithm>

namespace medoracle {
namespace {

TEST(LabelPartOf, ReadsTheTopLevelOfTheHeadingPath) {
  EXPECT_EQ(LabelPartOf("Boxed warning"), LabelPart::kBoxedWarning);
  EXPECT_EQ(LabelPartOf("Boxed warning > Ischemic heart disease"), LabelPart::kBoxedWarning);
  EXPECT_EQ(LabelPartOf("Dosage and administration > 2.6 Dosage modification for renal impairment"),
            LabelPart::kDosing);
  EXPECT_EQ(LabelPartOf("Warnings and precautions > 5.2 QT-Prolongation"), LabelPart::kWarnings);
  EXPECT_EQ(LabelPartOf("Precautions"), LabelPart::kWarnings);
  EXPECT_EQ(LabelPartOf("Use in specific populations > 8.6 Renal impairment"), LabelPart::kPopulations);
  EXPECT_EQ(LabelPartOf("Nursing mothers"), LabelPart::kPopulations);
  EXPECT_EQ(LabelPartOf("Clinical pharmacology > 12.5 Pharmacogenomics"), LabelPart::kPharmacogenomics);
  EXPECT_EQ(LabelPartOf("Clinical pharmacology > 12.3 Pharmacokinetics absorption"), LabelPart::kPharmacology);
  EXPECT_EQ(LabelPartOf("How supplied"), LabelPart::kOther);
  // A guideline heading is no label part.
  EXPECT_EQ(LabelPartOf("Major Recommendations > Pharmacologic Therapy"), LabelPart::kOther);
}

TEST(AskedDrugAspects, InTheOrderTheQuestionNamesThem) {
  const auto asked = AskedDrugAspects(
      "What dose of rivaroxaban should a patient with atrial fibrillation and reduced kidney function take, and is "
      "it safe in liver disease?");
  ASSERT_GE(asked.size(), 3u);
  EXPECT_EQ(asked[0], DrugAspect::kDose);
  EXPECT_EQ(asked[1], DrugAspect::kRenal);
  EXPECT_NE(std::find(asked.begin(), asked.end(), DrugAspect::kHepatic), asked.end());
}

TEST(AskedDrugAspects, AnAgeMakesAnOlderOrAChildPatient) {
  const auto older = AskedDrugAspects("What is the highest citalopram dose I can give a 70-year-old?");
  EXPECT_NE(std::find(older.begin(), older.end(), DrugAspect::kOlder), older.end());
  const auto child = AskedDrugAspects("How much ibuprofen for a 6-year-old?");
  EXPECT_NE(std::find(child.begin(), child.end(), DrugAspect::kChildren), child.end());
  EXPECT_EQ(std::find(child.begin(), child.end(), DrugAspect::kOlder), child.end());
}

TEST(AskedDrugAspects, GenotypeAndInteractionWords) {
  const auto asked = AskedDrugAspects(
      "Does Plavix work in CYP2C19 poor metabolizers, and which proton pump inhibitors should be avoided with it?");
  EXPECT_NE(std::find(asked.begin(), asked.end(), DrugAspect::kGenetics), asked.end());
  EXPECT_NE(std::find(asked.begin(), asked.end(), DrugAspect::kContraindications), asked.end());
}

// A research question about a drug asks nothing of its label (PubMedQA's "Is amoxapine an
// atypical antipsychotic?" was answered from the amoxapine label instead of its study).
TEST(AskedDrugAspects, AResearchQuestionAsksNothingOfTheLabel) {
  EXPECT_TRUE(AskedDrugAspects("Is amoxapine an atypical antipsychotic?").empty());
  EXPECT_TRUE(AskedDrugAspects("Does desflurane alter left ventricular function when used to control surgical "
                               "stimulation during aortic surgery?")
                  .empty());
  EXPECT_TRUE(AskedDrugAspects("Do adjuvant aromatase inhibitors increase the cardiovascular risk in postmenopausal "
                               "women with early breast cancer?")
                  .empty());
}

// "What are the risks of Prograf?", "How does Plavix work?" asked nothing of the label and were
// answered from studies, without the label's boxed warning.
TEST(AskedDrugAspects, RisksCausesAndHowItWorksAskedNothing_NowTheyAskTheLabel) {
  EXPECT_EQ(AskedDrugAspects("What are the risks of Prograf?"), std::vector<DrugAspect>{DrugAspect::kAdverse});
  EXPECT_EQ(AskedDrugAspects("What precautions should I take with Xeloda?"),
            std::vector<DrugAspect>{DrugAspect::kAdverse});
  EXPECT_EQ(AskedDrugAspects("Can Zocor cause muscle pain?"), std::vector<DrugAspect>{DrugAspect::kAdverse});
  EXPECT_EQ(AskedDrugAspects("How does Plavix work?"), std::vector<DrugAspect>{DrugAspect::kMechanism});
  EXPECT_EQ(AskedDrugAspects("Can Plavix be given with aspirin?"), std::vector<DrugAspect>{DrugAspect::kInteractions});
  for (const char* q : {"Does Prograf need to be tapered?", "How is Prograf given?",
                        "How long can a patient stay on Xeloda?", "What if a patient misses a dose of Brilinta?"}) {
    const std::vector<DrugAspect> asked = AskedDrugAspects(q);
    EXPECT_NE(std::find(asked.begin(), asked.end(), DrugAspect::kAdministration), asked.end()) << q;
  }
}

TEST(DrugSectionTemplate, AskedSectionsComeFirst) {
  const auto sections = DrugSectionTemplate({DrugAspect::kInteractions, DrugAspect::kDose});
  ASSERT_GE(sections.size(), 3u);
  EXPECT_EQ(sections[0], "Drug interactions");
  EXPECT_EQ(sections[1], "Dosing");
  EXPECT_EQ(sections.back(), "Supporting evidence");
  // Each title once; the boxed warning is a callout, not a section.
  EXPECT_EQ(std::count(sections.begin(), sections.end(), "Dosing"), 1);
  EXPECT_EQ(std::count(sections.begin(), sections.end(), "Boxed warning"), 0);
}

TEST(LabelRelevance, TheAskedPartAndItsWordsRankFirst) {
  const std::vector<DrugAspect> renal_dose = {DrugAspect::kDose, DrugAspect::kRenal};
  const double renal = LabelRelevance(renal_dose, "Use in specific populations > 8.6 Renal impairment",
                                      "For patients with CrCl 15 to 50 mL/min, the recommended dose is 15 mg once "
                                      "daily.");
  const double dose = LabelRelevance(renal_dose, "Dosage and administration > 2.1 Recommended dosage",
                                     "The recommended dose is 20 mg once daily with the evening meal.");
  const double description = LabelRelevance(renal_dose, "Description",
                                            "Rivaroxaban is a white to yellowish powder.");
  EXPECT_GT(renal, dose);
  EXPECT_GT(dose, description);
  EXPECT_DOUBLE_EQ(description, 0.0);
  EXPECT_LE(renal, 1.0);
}

// "What is the highest citalopram dose I can give a 70-year-old?" quoted the pregnancy
// subsection's animal doses ("... maternal toxicity ... at 112 mg/kg/day"): the populations part
// weighed for the dose, whichever population its subsection is on.
TEST(LabelRelevance, AnotherPopulationsSubsectionAnsweredADoseQuestion_NowOnlyItsWordsCount) {
  const std::vector<DrugAspect> older_dose = {DrugAspect::kDose, DrugAspect::kOlder};
  const std::string animal_dose = "In pregnant rats, citalopram caused maternal toxicity at 112 mg/kg/day.";
  const double pregnancy = LabelRelevance(older_dose, "Use in specific populations > 8.1 Pregnancy", animal_dose);
  const double warning = LabelRelevance(older_dose, "Warnings and precautions > 5.2 QT prolongation",
                                        "Doses above 40 mg once daily are not recommended.");
  const double geriatric = LabelRelevance(older_dose, "Use in specific populations > 8.5 Geriatric use",
                                          "The maximum dose for patients over 60 years of age is 20 mg daily.");
  EXPECT_LE(pregnancy, warning);
  EXPECT_GT(geriatric, warning);
  // Asked about pregnancy, the subsection answers.
  EXPECT_GT(LabelRelevance({DrugAspect::kDose, DrugAspect::kPregnancy}, "Use in specific populations > 8.1 Pregnancy",
                           animal_dose),
            warning);
}

// Brilinta's boxed warning callout quoted the highlights' pointer "WARNING: (A) BLEEDING RISK, and
// (B) ASPIRIN DOSE ... See full prescribing information for complete boxed warning.": its title
// has a lower-case "and", so it was not read as a capital heading before "See".
TEST(LabelBoilerplate, BoxedWarningPointerAfterATitleWithLowerCaseWordsWasQuoted_NowBoilerplate) {
  EXPECT_TRUE(LabelBoilerplate("Boxed warning",
                               "WARNING: (A) BLEEDING RISK, and (B) ASPIRIN DOSE AND BRILINTA EFFECTIVENESS IN "
                               "PATIENTS WITH ACS See full prescribing information for complete boxed warning."));
  EXPECT_TRUE(LabelBoilerplate("Boxed warning > Malignancies and serious infections",
                               "WARNING: MALIGNANCIES AND SERIOUS INFECTIONS See full prescribing information for "
                               "complete boxed warning."));
  EXPECT_FALSE(LabelBoilerplate("Boxed warning",
                                "BRILINTA, like other antiplatelet agents, can cause significant, "
                                "sometimes fatal bleeding."));
}

// Keytruda's answer quoted the adverse reactions section's list of reactions described
// elsewhere ("Infusion-related reactions [see Warnings and Precautions (5.2)].") and its
// dangling lead-in to the postmarketing list, while the management sentences were refused.
TEST(LabelBoilerplate, LabelPointerSentenceWasQuoted_NowBoilerplate) {
  const std::string_view adverse = "Adverse reactions";
  EXPECT_TRUE(LabelBoilerplate(adverse, "Infusion-related reactions [see Warnings and Precautions (5.2)]."));
  EXPECT_TRUE(LabelBoilerplate(
      adverse, "Severe and fatal immune-mediated adverse reactions [see Warnings and Precautions (5.1)]."));
  EXPECT_TRUE(LabelBoilerplate("Adverse reactions > 6.2 Postmarketing experience",
                               "The following adverse reactions have been identified during postapproval use of "
                               "KEYTRUDA."));
  EXPECT_TRUE(LabelBoilerplate("Use in specific populations", "LABOR & DELIVERY See Contraindications ."));
  EXPECT_TRUE(LabelBoilerplate("Dosage forms and strengths", "Tablets: 50 mg ( 3 )."));
  EXPECT_TRUE(LabelBoilerplate("Clinical pharmacology > 12.3 Pharmacokinetics", "(n=10) Values are mean (SD)."));
  EXPECT_TRUE(LabelBoilerplate(adverse,
                               "Because clinical trials are conducted under widely varying conditions, adverse "
                               "reaction rates observed in the clinical trials of a drug cannot be directly compared "
                               "to rates in the clinical trials of another drug."));
  // A contraindication named with its pointer says what not to do; a reaction with its rate
  // says how often.
  EXPECT_FALSE(LabelBoilerplate(
      "Contraindications", "Concomitant use of cyclosporine, danazol or gemfibrozil [see Drug Interactions (7.1)]."));
  EXPECT_FALSE(
      LabelBoilerplate(adverse, "Dyspnea was reported in 14% of patients [see Warnings and Precautions (5.3)]."));
  // A postmarketing lead-in that carries its list is kept.
  EXPECT_FALSE(LabelBoilerplate("Adverse reactions > 6.2 Postmarketing experience",
                                "The following adverse reactions have been identified during postapproval use of "
                                "KEYTRUDA:"));
}

TEST(LabelHeadingLength, LabelSubheadingGluedToSentence_NowCut) {
  const std::string_view glued = "Immune-Mediated Pneumonitis KEYTRUDA can cause immune-mediated pneumonitis.";
  EXPECT_EQ(glued.substr(LabelHeadingLength(glued)), "KEYTRUDA can cause immune-mediated pneumonitis.");
  const std::string_view with_connector = "Hepatitis and Hepatotoxicity ELAHERE can cause liver injury.";
  EXPECT_EQ(with_connector.substr(LabelHeadingLength(with_connector)), "ELAHERE can cause liver injury.");
  // A sentence, or one capitalised word before the name, is left whole.
  EXPECT_EQ(LabelHeadingLength("KEYTRUDA can cause immune-mediated colitis."), 0u);
  EXPECT_EQ(LabelHeadingLength("Hypophysitis KEYTRUDA can cause immune-mediated hypophysitis."), 0u);
  EXPECT_EQ(LabelHeadingLength("Patients Receiving CYP3A4 Inhibitors should be monitored."), 0u);
}

// Keytruda's management sentences (baseline tests, prednisone until grade 1, the taper) tied
// with the trial figures of each reaction and lost their places to them.
TEST(LabelDirective, ManagementSentencesTiedWithTrialFigures_NowDirectivesRankFirst) {
  EXPECT_TRUE(
      LabelDirective("Evaluate liver enzymes, creatinine, and thyroid function at baseline and periodically "
                     "during treatment."));
  EXPECT_TRUE(
      LabelDirective("In general, if KEYTRUDA requires interruption or discontinuation, administer systemic "
                     "corticosteroid therapy (1 to 2 mg/kg/day prednisone or equivalent) until improvement "
                     "to Grade 1 or less."));
  EXPECT_TRUE(
      LabelDirective("Upon improvement to Grade 1 or less, initiate corticosteroid taper and continue to "
                     "taper over at least 1 month."));
  EXPECT_TRUE(LabelDirective("Dosages above 40 mg once daily are not recommended due to the risk of QT prolongation."));
  EXPECT_FALSE(LabelDirective("KEYTRUDA can cause immune-mediated pneumonitis."));
  const std::string_view figures =
      "Immune-mediated pneumonitis occurred in 3.4% (94/2799) of patients receiving KEYTRUDA, including fatal (0.1%), "
      "Grade 4 (0.3%), Grade 3 (0.9%), and Grade 2 (1.3%) adverse reactions.";
  EXPECT_FALSE(LabelDirective(figures));
  EXPECT_TRUE(LabelTrialFigures(figures));
  EXPECT_TRUE(LabelTrialFigures("Pneumonitis led to discontinuation of KEYTRUDA in 26 (4.5%) of patients."));
  EXPECT_FALSE(LabelTrialFigures("Reduce the dose of XELODA by 25% in patients with CrCl 30 to 50 mL/min."));
}

TEST(AskedDrugAspects, HowAreTheyManagedAsksForManagement) {
  const auto asked = AskedDrugAspects("What immune-related side effects can Keytruda cause, and how are they managed?");
  ASSERT_EQ(asked.size(), 2u);
  EXPECT_EQ(asked[0], DrugAspect::kAdverse);
  EXPECT_EQ(asked[1], DrugAspect::kManagement);
}

// "after a kidney transplant" asked tacrolimus's label for renal dosing.
TEST(AskedDrugAspects, KidneyTransplantAskedForRenalDosing_NowNoRenalAspect) {
  const auto asked =
      AskedDrugAspects("How should tacrolimus levels be monitored after a kidney transplant, and what raises them?");
  EXPECT_EQ(std::find(asked.begin(), asked.end(), DrugAspect::kRenal), asked.end());
  EXPECT_NE(std::find(asked.begin(), asked.end(), DrugAspect::kMonitoring), asked.end());
  const auto renal = AskedDrugAspects("Does tacrolimus need a lower dose in kidney failure after a liver transplant?");
  EXPECT_NE(std::find(renal.begin(), renal.end(), DrugAspect::kRenal), renal.end());
  EXPECT_EQ(std::find(renal.begin(), renal.end(), DrugAspect::kHepatic), renal.end());
}

// Lansoprazole's pediatric answer quoted its pediatric studies' designs ("In an uncontrolled,
// open-label, US multicenter study, 66 pediatric patients ...") before the pediatric doses.
TEST(LabelTrialFigures, PediatricStudyDesignsRankedAboveDoses_NowStudyDescriptions) {
  EXPECT_TRUE(
      LabelTrialFigures("One year to 11 years of age In an uncontrolled, open-label, US multicenter study, 66 "
                        "pediatric patients (one year to 11 years of age) with GERD were assigned ..."));
  EXPECT_TRUE(LabelTrialFigures("At baseline, 89% of these patients had mild to moderate overall GERD symptoms."));
  EXPECT_FALSE(LabelTrialFigures("Do not exceed the recommended dose and duration of use in pediatric patients."));
}

// Prasugrel for "an 80-year-old who weighs 55 kg" read no dosing sentence: the 5 mg maintenance
// dose under 60 kg scored no relevance.
TEST(AskedDrugAspects, PatientWeightAskedNoDose_NowAsksForTheDose) {
  const auto asked = AskedDrugAspects(
      "Is prasugrel appropriate after PCI for an 80-year-old who weighs 55 kg and had a TIA last year?");
  EXPECT_NE(std::find(asked.begin(), asked.end(), DrugAspect::kDose), asked.end());
  EXPECT_NE(std::find(asked.begin(), asked.end(), DrugAspect::kOlder), asked.end());
}

// Ticagrelor's adverse reactions lead-in "The following adverse reactions are also discussed
// elsewhere in the labeling:" was quoted with its list of pointers.
TEST(LabelBoilerplate, DiscussedElsewhereLeadInWasQuoted_NowBoilerplate) {
  EXPECT_TRUE(LabelBoilerplate("Adverse reactions",
                               "The following adverse reactions are also discussed elsewhere in the labeling:"));
}

// Label statements spent a tenth of the word budget on their pointers to other sections
// ("... depending on severity [see Dosage and Administration (2.3) ] ."); the statement now ends
// before them (a narrower span of the same text).
TEST(LabelTrailingPointerBytes, PointerWordsSpentTheBudget_NowCut) {
  auto cut = [](std::string_view s) { return s.substr(0, s.size() - LabelTrailingPointerBytes(s, 5)); };
  EXPECT_EQ(cut("Withhold or permanently discontinue KEYTRUDA depending on severity [see Dosage and Administration "
                "(2.3) ] ."),
            "Withhold or permanently discontinue KEYTRUDA depending on severity");
  EXPECT_EQ(cut("Discontinue CELEXA in patients with persistent QTc measurements > 500 ms ( 5.2 , 7 )."),
            "Discontinue CELEXA in patients with persistent QTc measurements > 500 ms");
  // Celexa's label text breaks the word "see".
  EXPECT_EQ(cut("The maximum recommended dosage of CELEXA for patients who are greater than 60 years of age is 20 mg "
                "once daily [ s ee Warnings and Precautions ( 5.2 ) , Clinical Pharmacology ( 12.3 ) ] ."),
            "The maximum recommended dosage of CELEXA for patients who are greater than 60 years of age is 20 mg once "
            "daily");
  // Nothing to cut: no pointer, a clinical parenthesis, or too little left.
  EXPECT_EQ(LabelTrailingPointerBytes("Rash was reported in 2% of patients (seen in Table 3 of the study).", 5), 0u);
  EXPECT_EQ(LabelTrailingPointerBytes("Patients should also take aspirin (75 mg to 325 mg) daily.", 5), 0u);
  EXPECT_EQ(LabelTrailingPointerBytes("Monitor serum TSH (thyroid stimulating hormone).", 5), 0u);
  EXPECT_EQ(LabelTrailingPointerBytes("Infusion-related reactions [see Warnings and Precautions (5.2)].", 5), 0u);
  EXPECT_EQ(LabelTrailingPointerBytes("ANECTINE is contraindicated in patients with: ( 4 )", 5), 0u);
}

// A highlights entry ends with its pointer ("... intravenous infusion. ( 2.1 )"), which the
// sentence splitter gives to the next sentence: the answers quoted "( 2.1 ) Do not administer as
// an intravenous bolus." The statement now starts after it (a narrower span of the same text).
TEST(LabelLeadingPointerBytes, HighlightsPointerLedTheNextStatement_NowCut) {
  auto rest = [](std::string_view s) { return s.substr(LabelLeadingPointerBytes(s)); };
  EXPECT_EQ(rest("( 2.1 ) Do not administer as an intravenous bolus."), "Do not administer as an intravenous bolus.");
  EXPECT_EQ(rest("( 2.2 , 2.3 , 5.1 , 14.1 ) (B) Spinal/epidural hematoma Epidural or spinal hematomas have occurred."),
            "(B) Spinal/epidural hematoma Epidural or spinal hematomas have occurred.");
  EXPECT_EQ(rest("[see Warnings and Precautions (5.1)] ( 8.1 ) Pediatrics : Use is not recommended."),
            "Pediatrics : Use is not recommended.");
  // Nothing to cut: no leading pointer, a clinical parenthesis, a pointer and nothing after it, or
  // a lower-case continuation.
  EXPECT_EQ(LabelLeadingPointerBytes("Do not administer as an intravenous bolus ( 2.1 )."), 0u);
  EXPECT_EQ(LabelLeadingPointerBytes("(75 mg to 325 mg) of aspirin daily."), 0u);
  EXPECT_EQ(LabelLeadingPointerBytes("( 5.2 , 7 )"), 0u);
  EXPECT_EQ(LabelLeadingPointerBytes("( 5.2 ) and other reactions."), 0u);
}

TEST(LabelTableRowStatement, RowsWithANumberAreStatementsHeadersAndCaptionsAreNot) {
  EXPECT_TRUE(LabelTableSection("Dosage and administration > Table"));
  EXPECT_TRUE(LabelTableSection("Adverse reactions > Table: Table 2: Adverse Reactions in Trials"));
  EXPECT_FALSE(LabelTableSection("Dosage and administration > 2.2 Tablets"));
  EXPECT_FALSE(LabelTableSection("Dosage and administration > Tablets"));
  EXPECT_TRUE(LabelTableRowStatement("Short-Term Treatment of Symptomatic GERD: Non-erosive GERD 15 mg Once daily", 5));
  EXPECT_TRUE(
      LabelTableRowStatement("\u2264"
                             "30 kg 15 mg Once daily for up to 12 weeks",
                             5));
  // Column headers (no number), a caption, too few words, a lower-case continuation.
  EXPECT_FALSE(LabelTableRowStatement("Indication Recommended Dose Frequency", 3));
  EXPECT_FALSE(LabelTableRowStatement("Table 8. Established Drug Interactions with 20 Drugs", 5));
  EXPECT_FALSE(LabelTableRowStatement("Nausea 12% 5%", 5));
  EXPECT_FALSE(LabelTableRowStatement("and 15 mg once daily thereafter", 5));
}

// Prograf's table of trough concentrations by race: its column headers, "Time After Transplant
// Caucasian N = 114 African-AmericanN = 56", were quoted in a tacrolimus monitoring answer.
TEST(LabelTableRowStatement, HeadersThatCountPatientsWereQuoted_NowTheyAreNotStatements) {
  EXPECT_FALSE(LabelTableRowStatement("Time After Transplant Caucasian N = 114 African-AmericanN = 56", 5));
  EXPECT_FALSE(LabelTableRowStatement("Adverse Reaction Placebo (n=120) Drug (N=1,021)", 5));
  // A count beside another number is a row of figures.
  EXPECT_TRUE(LabelTableRowStatement("Kidney transplant with azathioprine N = 205 trough 7-20 ng/mL", 5));
  EXPECT_TRUE(LabelTableRowStatement("Patients with hepatic impairment 10 mg once daily", 5));
}

// A table flattened into a label's text read as one run-on "sentence" from its caption on
// ("Table 3 - Percentage of patients reporting ... Dyspnea 13.8 7.8 ...") and took a tenth of an
// answer's words; its rows are now read from the table's own section, and the run-on is not quoted.
TEST(LabelBoilerplate, FlattenedTableWasQuotedAsARunOn_NowItIsBoilerplate) {
  const std::string run_on =
      "Table 3 - Percentage of patients reporting non-hemorrhagic adverse reactions at least 4% or more in "
      "either group and more frequently on BRILINTA (PLATO) BRILINTA 90 mg BID N=9235 Clopidogrel N=9186 "
      "Dyspnea 13.8 7.8 Dizziness 4.5 3.9 Nausea 4.3 3.8";
  EXPECT_TRUE(LabelBoilerplate("Adverse reactions > 6.1 Clinical trials experience", run_on));
  // The table's own rows and caption, and a sentence that only names a table, are not.
  EXPECT_FALSE(LabelBoilerplate("Adverse reactions > Table: Table 3 - Percentage of patients", run_on));
  EXPECT_FALSE(LabelBoilerplate("Adverse reactions > 6.1 Clinical trials experience",
                                "Table 3 shows the adverse reactions reported in PLATO."));
}

TEST(LabelDoseStatement, ANumberWithADoseUnit) {
  EXPECT_TRUE(LabelDoseStatement("Administer 60 mg BRILINTA twice daily."));
  EXPECT_TRUE(LabelDoseStatement("Start at 0.5mg/kg/day."));
  EXPECT_TRUE(LabelDoseStatement("Increase by 12.5 to 25 mcg per day."));
  EXPECT_FALSE(LabelDoseStatement("Reduce the dose of Calmora by half."));
  EXPECT_FALSE(LabelDoseStatement("Monitor INR every 4 weeks."));
}

TEST(LabelLeadFragmentStart, AShortFragmentNamingAPopulation) {
  const std::string bullet = "\u2022";
  EXPECT_EQ(LabelLeadFragmentStart(bullet + " Patients with CAD and No Prior Stroke or MI " + bullet), 4u);
  EXPECT_EQ(LabelLeadFragmentStart("Pediatric Patients 1 to 11 Years of Age"), 0u);
  // A sentence of its own, a lead-in with its colon, a lower-case continuation, a long run.
  EXPECT_EQ(LabelLeadFragmentStart("Use in patients with CAD."), std::string_view::npos);
  EXPECT_EQ(LabelLeadFragmentStart("Patients with CAD:"), std::string_view::npos);
  EXPECT_EQ(LabelLeadFragmentStart("and patients with CAD"), std::string_view::npos);
  EXPECT_EQ(LabelLeadFragmentStart("Patients With Coronary Artery Disease And No Prior Stroke Or Myocardial Infarction "
                                   "Who Have Had A Stent"),
            std::string_view::npos);
}

// Rows of grids of numbers became statements with the table rows ("150 mg (Day 5) 7 (2) 18 (7) 19
// (5) 16"), meaningless without their column headers; they are not quoted now.
TEST(LabelTableRowStatement, NumericGridRowWasQuotedWithoutItsHeaders_NowItIsNot) {
  EXPECT_FALSE(LabelTableRowStatement("150 mg (Day 5) 7 (2) 18 (7) 19 (5) 16", 5));
  EXPECT_FALSE(LabelTableRowStatement("GG 5-7 mg 5-7 mg 3-4 mg 3-4 mg 3-4 mg 0.5-2 mg", 5));
  EXPECT_TRUE(
      LabelTableRowStatement("Reduction in Risk of Stroke in Nonvalvular Atrial Fibrillation CrCl >50 mL/min 20 mg "
                             "once daily Take with evening meal",
                             5));
  EXPECT_TRUE(LabelTableRowStatement("New onset hypothyroidism (TSH < 10 mIU per liter) 1.0 mcg/kg/day", 5));
}

TEST(LabelRowTail, TheLastFiveWordsOfALongRow) {
  EXPECT_EQ(LabelRowTail("Reduction of Risk in CAD No dose adjustment needed based on CrCl 2.5 mg twice daily"),
            "CrCl 2.5 mg twice daily");
  EXPECT_EQ(LabelRowTail("Nausea 12% 5% in trials"), "");
}

}  // namespace
}  // namespace medoracle
