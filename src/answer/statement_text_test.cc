// Tests of reading a candidate sentence: labels, glued headings, fragments, roles.
#include "answer/statement_text.h"

#include <gtest/gtest.h>

#include <string>

namespace medoracle {
namespace {

std::string Cut(std::string_view s, SentenceRole* role = nullptr) {
  return std::string(s.substr(LeadingNonStatementBytes(s, role)));
}

TEST(StatementTextTest, AbstractLabelIsNotPartOfTheStatement) {
  SentenceRole role = SentenceRole::kUnknown;
  EXPECT_EQ(Cut("CONCLUSIONS Metformin reduced the risk of diabetes.", &role), "Metformin reduced the risk of diabetes.");
  EXPECT_EQ(role, SentenceRole::kConclusions);
  EXPECT_EQ(Cut("BACKGROUND Adverse effects of metformin are common.", &role), "Adverse effects of metformin are common.");
  EXPECT_EQ(role, SentenceRole::kBackground);
  EXPECT_EQ(Cut("Methods: We enrolled 134 women.", &role), "We enrolled 134 women.");
  EXPECT_EQ(role, SentenceRole::kMethods);
  EXPECT_EQ(Cut("MAIN OUTCOME MEASURES Pain at 12 weeks."), "Pain at 12 weeks.");
}

TEST(StatementTextTest, AbbreviationsAndOrdinarySentencesAreLeftWhole) {
  EXPECT_EQ(Cut("COPD is a common disease."), "COPD is a common disease.");
  EXPECT_EQ(Cut("HIV PrEP should be offered to people at substantial risk."),
            "HIV PrEP should be offered to people at substantial risk.");
  EXPECT_EQ(Cut("Results of the trial were mixed."), "Results of the trial were mixed.");
  EXPECT_EQ(Cut("We recommend against opioids for acute low back pain."),
            "We recommend against opioids for acute low back pain.");
}

TEST(StatementTextTest, GluedHeadingIsCut) {
  EXPECT_EQ(Cut("Diagnosis May Be Difficult Gout may be hard to diagnose."), "Gout may be hard to diagnose.");
  EXPECT_EQ(Cut("Testing for Gout To confirm a diagnosis, the doctor draws joint fluid."),
            "To confirm a diagnosis, the doctor draws joint fluid.");
  EXPECT_EQ(Cut("Sudden, Intense Joint Pain Gout is a form of arthritis."), "Gout is a form of arthritis.");
  EXPECT_EQ(Cut("Chronic Kidney Disease is a condition in which the kidneys are damaged."),
            "Chronic Kidney Disease is a condition in which the kidneys are damaged.");
  EXPECT_EQ(Cut("Type 2 Diabetes Mellitus Is Common in adults."), "Type 2 Diabetes Mellitus Is Common in adults.");
  EXPECT_EQ(Cut("In the United States, Medicare pays for screening."), "In the United States, Medicare pays for screening.");
  EXPECT_EQ(Cut("Patients With Diabetes should be screened."), "Patients With Diabetes should be screened.");
}

// "What is the treatment for gout?" opened its bottom line with "Common Treatments The most common
// treatments for an attack of gout are ...": a heading of two words was not looked for.
TEST(StatementTextTest, TwoWordHeadingWasGlued_NowItIsCutBeforeASentenceOpener) {
  EXPECT_EQ(Cut("Common Treatments The most common treatments for an attack of gout are NSAIDs."),
            "The most common treatments for an attack of gout are NSAIDs.");
  EXPECT_EQ(Cut("Preventing Attacks Your diet can help."), "Your diet can help.");
  EXPECT_EQ(Cut("Seek Care When symptoms last a week."), "Seek Care When symptoms last a week.");
  EXPECT_EQ(Cut("Acute Gout Attacks are painful."), "Acute Gout Attacks are painful.");
  EXPECT_EQ(Cut("Chronic Gout The joints can be damaged."), "The joints can be damaged.");
  EXPECT_EQ(Cut("Vitamin D The body makes it in sunlight."), "Vitamin D The body makes it in sunlight.");
}

// f01 (development set) asks which carpal tunnel treatments lack evidence; the guideline says so
// in a note among the interventions it considered, a section read as boilerplate, so the
// answer never named vitamin B6, diuretics, magnets, lasers or botulinum toxin.
TEST(StatementTextTest, NotRecommendedNoteWasBoilerplate_NowItIsContent) {
  constexpr std::string_view kConsidered = "Interventions and Practices Considered > Treatment";
  EXPECT_FALSE(ConsideredButNotRecommended("Rating Scheme for the Strength of the Recommendations",
                                           "Note: There is insufficient evidence to recommend for or against."));
  EXPECT_TRUE(ConsideredButNotRecommended(
      kConsidered,
      "Note: The following treatments are not recommended for carpal tunnel syndrome because there is inadequate or "
      "conflicting evidence concerning their effectiveness: vitamin B6 (pyridoxine), oral diuretics, magnets."));
  EXPECT_TRUE(ConsideredButNotRecommended(
      kConsidered,
      "*Note: Quetiapine, olanzapine, and other atypical antipsychotics were not recommended as monotherapy."));
  EXPECT_TRUE(ConsideredButNotRecommended(
      kConsidered,
      "Note: The following interventions were considered but there was insufficient evidence to recommend: NAC"));
  EXPECT_FALSE(ConsideredButNotRecommended(
      kConsidered, "*Note: Not all of the listed interventions and practices are recommended routinely or generally."));
  EXPECT_FALSE(
      ConsideredButNotRecommended(kConsidered, "Functional questionnaires Clinical examination (not recommended)"));
  EXPECT_FALSE(ConsideredButNotRecommended(kConsidered,
                                           "Note from the National Heart, Lung, and Blood Institute: not recommended"));
}

TEST(StatementTextTest, LeadInsAdvisingAgainstAreKnownByTheirWords) {
  EXPECT_TRUE(LeadsIntoAdviceAgainst("Use Is NOT RECOMMENDED:"));
  EXPECT_TRUE(LeadsIntoAdviceAgainst("DO NOT USE:"));
  EXPECT_TRUE(LeadsIntoAdviceAgainst("Use with CAUTION:"));
  EXPECT_TRUE(LeadsIntoAdviceAgainst("Avoid the following drugs:"));
  EXPECT_FALSE(LeadsIntoAdviceAgainst("In patients with no contraindications, give:"));
  EXPECT_FALSE(LeadsIntoAdviceAgainst("To avoid complications, do the following:"));
  EXPECT_FALSE(LeadsIntoAdviceAgainst("Precautions include:"));
}

TEST(StatementTextTest, DrugLabelCapitalHeadingIsCut) {
  EXPECT_EQ(Cut("WARNING: LACTIC ACIDOSIS Postmarketing cases of lactic acidosis have resulted in death."),
            "Postmarketing cases of lactic acidosis have resulted in death.");
  EXPECT_EQ(Cut("WARNINGS Patients treated with aminoglycosides should be under close observation."),
            "Patients treated with aminoglycosides should be under close observation.");
  // Abbreviations that start a sentence stay.
  EXPECT_EQ(Cut("HIV PrEP should be offered to people at substantial risk."),
            "HIV PrEP should be offered to people at substantial risk.");
  EXPECT_EQ(Cut("ANC monitoring is required before each dispensing."),
            "ANC monitoring is required before each dispensing.");
}

// "The following recommendations will help manage the worker's pain and minimize their risk
// associated with surgery." was an algorithm step of six development answers.
TEST(StatementTextTest, SentencePointingAtWhatFollowsWasAStatement_NowItIsNot) {
  EXPECT_FALSE(ReadsAsStatement(
      "The following recommendations will help manage the worker's pain and minimize their risk associated with "
      "surgery.",
      5));
  EXPECT_FALSE(ReadsAsStatement("The following should be considered when attempting to return a worker to work.", 5));
  EXPECT_TRUE(ReadsAsStatement("The following drugs are not recommended: carisoprodol, meperidine.", 5));
  EXPECT_TRUE(ReadsAsStatement("The following should be considered before surgery:", 5));
}

TEST(StatementTextTest, FragmentsDoNotReadAsStatements) {
  EXPECT_FALSE(ReadsAsStatement("Have family member with gout", 5));
  EXPECT_FALSE(ReadsAsStatement("Treatment Options (Adults)", 5));
  EXPECT_FALSE(ReadsAsStatement("and then the patient was seen.", 5));
  EXPECT_FALSE(ReadsAsStatement("Use NSAIDs.", 5));
  EXPECT_TRUE(ReadsAsStatement("Offer NSAIDs to patients with acute low back pain.", 5));
}

TEST(StatementTextTest, GradeTaggedRecommendationsReadAsStatements) {
  EXPECT_TRUE(ReadsAsStatement(
      "We recommend against the use of systemic corticosteroids for low back pain. (Strong Against; Reviewed, "
      "New-replaced)",
      5));
  EXPECT_TRUE(ReadsAsStatement("We suggest offering yoga for chronic low back pain (Weak for)", 5));
  EXPECT_TRUE(ReadsAsStatement("Imaging is not recommended in the first six weeks. [B]", 5));
  EXPECT_TRUE(ReadsAsStatement("Consider the following measures:", 3));
}

TEST(StatementTextTest, RolesFromLabelsAndCues) {
  EXPECT_EQ(RoleOf("We recommend exercise therapy.", "Major Recommendations > Non-pharmacologic"),
            SentenceRole::kRecommendation);
  EXPECT_EQ(RoleOf("In total, 134 women were randomized to two arms.", ""), SentenceRole::kMethods);
  EXPECT_EQ(RoleOf("Pain improved by 2 points.", "RESULTS"), SentenceRole::kResults);
  EXPECT_EQ(RoleOf("In conclusion, yoga helps.", ""), SentenceRole::kConclusions);
  EXPECT_EQ(RoleOf("The aim of this study was to compare two drugs.", ""), SentenceRole::kBackground);
  // A guideline's glossary entry stood among the seed question's procedures.
  EXPECT_EQ(RoleOf("\"Functional outcomes\" refer to the patient's ability to improve functional tolerances.",
                   "Major Recommendations > Therapeutic Procedures–Operative"),
            SentenceRole::kBackground);
  EXPECT_EQ(RoleOf("Because side effects may come from the microbiome, we tested whether a modulator helps.", ""),
            SentenceRole::kBackground);
  EXPECT_EQ(RoleOf("Gout is a form of arthritis.", ""), SentenceRole::kUnknown);
}

TEST(StatementTextTest, NonHumanEvidenceAndBoilerplate) {
  EXPECT_TRUE(NonHumanEvidence("Metformin reduced infarct size in mice after stroke."));
  EXPECT_TRUE(NonHumanEvidence("In vitro, the drug inhibited growth."));
  EXPECT_FALSE(NonHumanEvidence("Metformin reduced HbA1c in adults with type 2 diabetes."));
  EXPECT_TRUE(BoilerplateSection("Rating Scheme for the Strength of the Recommendations"));
  EXPECT_TRUE(BoilerplateSection("Target Population"));
  EXPECT_FALSE(BoilerplateSection("Major Recommendations > D. Pharmacologic Therapy"));
  EXPECT_TRUE(BoilerplateSentence("Note from the National Guideline Clearinghouse (NGC): This summary includes the "
                                  "treatment recommendations."));
  EXPECT_TRUE(BoilerplateSentence("Refer to the original guideline document for additional information."));
  EXPECT_FALSE(BoilerplateSentence("We recommend NSAIDs for acute low back pain."));
}

TEST(StatementTextTest, PointersAndBibliographicReferencesAreBoilerplate) {
  EXPECT_TRUE(BoilerplateSentence("Evidence of side effects of hydroxyurea in sickle cell anemia (SCA) is presented "
                                  "in Exhibit 13 in the original guideline document."));
  EXPECT_TRUE(BoilerplateSentence("Hydroxyurea therapy in the management of sickle cell disease. In: Evidence-based "
                                  "management of sickle cell disease. Bethesda (MD): NHLBI; 2014. p. 71-8."));
  EXPECT_TRUE(BoilerplateSentence("The accompanying recommendations are provided below."));
  EXPECT_TRUE(BoilerplateSentence("Providers should seek information from other sources."));
  // A lead-in that only says how a list is ordered (it was shown alone, without its list).
  EXPECT_TRUE(BoilerplateSentence("The following are listed in alphabetical order."));
  EXPECT_TRUE(
      BoilerplateSentence("The following drug classes are listed in alphabetical order, not in order of "
                          "preference."));
  EXPECT_TRUE(
      BoilerplateSentence("The grades of recommendations (Strong For, Weak For, Strong Against, Weak "
                          "Against) are defined at the end of the \"Major Recommendations\" field."));
  // A pointer in brackets after a statement leaves the statement standing.
  EXPECT_FALSE(BoilerplateSentence("The Work Group suggests a target HbA1c range of 6.0% to 7.0% for patients with a "
                                   "life expectancy greater than 10 to 15 years (see Table 2 in the original "
                                   "guideline document)."));
}

TEST(StatementTextTest, ShortSentencesLeaningOnTheOneBeforeAreNotStatements) {
  EXPECT_FALSE(ReadsAsStatement("Therefore, it is not recommended.", 5));
  EXPECT_FALSE(ReadsAsStatement("This was not statistically significant.", 5));
  EXPECT_TRUE(ReadsAsStatement("It is recommended that all adults with low back pain stay active and avoid bed rest.",
                               5));
  EXPECT_TRUE(ReadsAsStatement("Therapy with NSAIDs is recommended first.", 5));
}

TEST(StatementTextTest, AdviceAgainstIsRecognisedWordByWord) {
  EXPECT_TRUE(AdvisesAgainst("There is strong evidence that ESIs do not, on average, provide long-term improvement."));
  EXPECT_TRUE(AdvisesAgainst("We recommend against benzodiazepines. (Strong Against; Reviewed)"));
  EXPECT_TRUE(AdvisesAgainst("Opioids don't help chronic low back pain."));
  EXPECT_FALSE(AdvisesAgainst("We recommend treating with nonsteroidal anti-inflammatory drugs. (Strong For)"));
  EXPECT_FALSE(AdvisesAgainst("Notify the surgeon; know the red flags."));
}

// A guideline summary's "Bibliographic Source" was quoted as a bottom line ("Management of
// Concussion-mild Traumatic Brain Injury Working Group. VA/DoD clinical practice guideline...").
TEST(StatementTextTest, BibliographicSourceWasQuoted_NowBoilerplate) {
  EXPECT_TRUE(BoilerplateSection("Bibliographic Source"));
  EXPECT_TRUE(BoilerplateSection("Clinical Algorithm(s)"));
  EXPECT_FALSE(BoilerplateSection("Major Recommendations > Pharmacologic Therapy"));
}

TEST(StatementTextTest, FirstStepCues) {
  EXPECT_TRUE(FirstStepCue("Conservative care is recommended for six weeks before surgery is considered."));
  EXPECT_TRUE(FirstStepCue("Metformin is the first-line agent."));
  EXPECT_FALSE(FirstStepCue("Rule out non-operative conditions mimicking radiculopathy before surgery."));
}

// An opioid question's bottom line was "This should include the worker's current opioid dose
// ...": its subject is the sentence before it.
TEST(LeansOnThePreviousSentenceTest, PronounSubjectBottomLineWasShown_NowItLeans) {
  EXPECT_TRUE(LeansOnThePreviousSentence("This should include the worker's current opioid dose."));
  EXPECT_TRUE(LeansOnThePreviousSentence("These are given at night in this fixture."));
  EXPECT_TRUE(LeansOnThePreviousSentence("Such is the case in older adults."));
  EXPECT_FALSE(LeansOnThePreviousSentence("This guideline recommends exercise therapy."));
  EXPECT_FALSE(LeansOnThePreviousSentence("These patients should receive an NSAID first."));
  EXPECT_FALSE(LeansOnThePreviousSentence("Thiazides are first-line drugs."));
}

TEST(RecommendationsSectionTest, NamesTheDocumentsAdviceSections) {
  EXPECT_TRUE(RecommendationsSection("Major Recommendations > Plan and Management > Foot Care"));
  EXPECT_TRUE(RecommendationsSection("Recommendations"));
  EXPECT_FALSE(RecommendationsSection("Scope"));
  EXPECT_FALSE(RecommendationsSection("Potential Benefits"));
}

// The seed question's algorithm summary had the step "It is also recommended for subacute or
// acute low back pain for patients who cannot tolerate non-steroidal anti-inflammatory drugs
// (NSAIDs) or other medications." ("It" is acupuncture, named the sentence before).
TEST(LeansOnThePreviousSentenceTest, ItIsAlsoRecommendedWasAnAlgorithmStep_NowItLeans) {
  EXPECT_TRUE(LeansOnThePreviousSentence("It is also recommended for subacute or acute low back pain."));
  EXPECT_TRUE(LeansOnThePreviousSentence("It also reduces pain in the short term."));
  EXPECT_TRUE(LeansOnThePreviousSentence("They may also be given at night."));
  EXPECT_FALSE(LeansOnThePreviousSentence("It is recommended that all patients receive an NSAID."));
  EXPECT_FALSE(LeansOnThePreviousSentence("They should be offered physical therapy first."));
  EXPECT_FALSE(LeansOnThePreviousSentence("Items also include a written care plan."));
}

// The seed question's procedures quoted "Reserved for those low back pain patients with pain,
// radiculopathy, and failed surgery ..." (its subject, spinal cord stimulators, is the heading).
TEST(ReadsAsStatementTest, SentenceLeaningOnItsHeadingForASubjectWasQuoted_NowItIsAFragment) {
  EXPECT_FALSE(ReadsAsStatement(
      "Reserved for those low back pain patients with pain, radiculopathy, and failed surgery of greater than "
      "six months duration.",
      6));
  EXPECT_FALSE(ReadsAsStatement("Not recommended for patients with acute low back pain.", 6));
  EXPECT_FALSE(ReadsAsStatement("Indicated for severe pain that has not responded to other treatment.", 6));
  EXPECT_FALSE(ReadsAsStatement(
      "To include all of the following: specific diagnosis of nerve root compression proven by MRI and failure of "
      "6 weeks of active therapy.",
      6));
  EXPECT_TRUE(ReadsAsStatement("To include the family, the visit is held in the evening.", 6));
  // A subject of its own after the participle's phrase, or a participle that is the subject's.
  EXPECT_TRUE(ReadsAsStatement("Used for more than ten years, the drug remains the first choice.", 6));
  EXPECT_TRUE(ReadsAsStatement("Recommended for adults at risk, the vaccine is given in two doses.", 6));
  EXPECT_TRUE(ReadsAsStatement("Reserved treatments are given when first-line care has failed.", 6));
}

TEST(OpensWithAConnectiveTest, SentencesGoingOnFromTheOneBeforeAreRecognised) {
  EXPECT_TRUE(OpensWithAConnective("Therefore, the maximum recommended dosage in older patients is lower."));
  EXPECT_TRUE(OpensWithAConnective("However, no difference in mortality was seen."));
  EXPECT_TRUE(OpensWithAConnective("In addition, monitor potassium."));
  EXPECT_FALSE(OpensWithAConnective("The maximum recommended dosage is 20 mg once daily."));
  EXPECT_FALSE(OpensWithAConnective("Thus far no case has been reported."));  // "thus" without its comma
}

}  // namespace
}  // namespace medoracle
