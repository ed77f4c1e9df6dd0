#include "answer/drug_label.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace medoracle
