// Tests of section classification, intent cues, algorithm steps and reference numbering:
// answer stages that need no index.
#include <gtest/gtest.h>

#include "answer/references.h"
#include "answer/sections.h"

namespace medoracle {
namespace {

std::string_view Classify(std::string_view text, std::string_view heading, Intent intent = Intent::kTreatment) {
  SectionInput in;
  in.text = text;
  in.heading = heading;
  in.type = RefType::kGuideline;
  in.intent = intent;
  return ClassifySection(in, SectionTemplate(intent));
}

TEST(SectionsTest, HeadingPathCarriesTheSection) {
  EXPECT_EQ(Classify("We suggest offering this for patients with chronic pain. (Weak for)",
                     "Major Recommendations > D. Pharmacologic Therapy"),
            "Pharmacologic treatment");
  EXPECT_EQ(Classify("We suggest offering this for patients with chronic pain. (Weak for)",
                     "Major Recommendations > C. Non-pharmacologic Therapy"),
            "Non-pharmacologic treatment");
  EXPECT_EQ(Classify("It is appropriate for some patients after six weeks.", "Major Recommendations > Surgical Treatment"),
            "Procedures and surgery");
}

TEST(SectionsTest, RedFlagsAndReferralWinOverTheHeading) {
  EXPECT_EQ(Classify("Patients with cauda equina syndrome need emergency evaluation.",
                     "Major Recommendations > D. Pharmacologic Therapy"),
            "Red flags and pitfalls");
  EXPECT_EQ(Classify("Refer to a spine specialist when deficits progress.", "Major Recommendations > Imaging"),
            "When to refer");
}

// The seed question's "When to refer" held a definition: "refer to" meaning "denote" or "see".
TEST(SectionsTest, DefinitionSayingReferToWasUnderWhenToRefer_NowNot) {
  const std::string_view heading = "Major Recommendations > Therapeutic Procedures - Operative";
  EXPECT_EQ(Classify("\"Functional outcomes\" refer to the patient's ability to improve functional tolerances such "
                     "as standing, walking and strength.",
                     heading),
            "Procedures and surgery");
  EXPECT_NE(Classify("Refer to Section F.4, \"Trigger Point Injections\", in the original guideline document.", ""),
            "When to refer");
  EXPECT_EQ(Classify("Refer to a spine surgeon when deficits progress.", ""), "When to refer");
  EXPECT_NE(StepOf("The term radiculopathy refers to pain in the distribution of a nerve root."),
            AlgorithmStep::kReferral);
}

TEST(SectionsTest, SentenceCuesWithoutHeading) {
  EXPECT_EQ(Classify("Obtain an MRI when symptoms persist beyond six weeks.", ""), "Diagnostic work-up and imaging");
  EXPECT_EQ(Classify("NSAIDs relieve pain in the short term.", ""), "Pharmacologic treatment");
  EXPECT_EQ(Classify("Gout is a form of arthritis.", "", Intent::kDefinition), "Overview");
}

TEST(SectionsTest, IntentCues) {
  EXPECT_TRUE(IntentCue(Intent::kTreatment, " we recommend exercise therapy "));
  EXPECT_TRUE(IntentCue(Intent::kDosing, " start at 500 mg daily "));
  EXPECT_FALSE(IntentCue(Intent::kImaging, " we recommend exercise therapy "));
}

TEST(SectionsTest, AlgorithmStepsInClinicalOrder) {
  EXPECT_EQ(StepOf("Evaluate urgently for cauda equina syndrome."), AlgorithmStep::kRedFlags);
  EXPECT_EQ(StepOf("We recommend NSAIDs as initial treatment."), AlgorithmStep::kFirstLine);
  EXPECT_EQ(StepOf("Consider decompression if pain persists after 6 weeks of conservative care."),
            AlgorithmStep::kEscalation);
  EXPECT_EQ(StepOf("Refer patients with progressive deficits to a surgeon."), AlgorithmStep::kReferral);
}

Statement Cited(std::vector<int> refs) {
  Statement st;
  st.text = "x";
  st.citations = refs;
  for (int r : refs) st.evidence.push_back({r, "doc" + std::to_string(r), {0, 1}});
  return st;
}

// A patient answer cited [1, 2, 8, 9, 3, ...]: references were numbered in the order the
// composer met them, not in the order a reader sees them.
TEST(ReferencesTest, PatientAnswerCitesOutOfOrder_NumberedByFirstUseInDisplayOrder) {
  Answer a;
  a.bottom_line = Cited({8});
  AnswerSection s1{"Overview", {Cited({3}), Cited({8, 9})}};
  AnswerSection s2{"Treatment", {Cited({1})}};
  a.sections = {s1, s2};
  a.seek_care = {Cited({2})};
  for (int n = 1; n <= 10; ++n) {
    Reference r;
    r.n = n;
    r.id = "doc" + std::to_string(n);
    a.references.push_back(r);
  }
  NumberReferences(&a);
  ASSERT_EQ(a.references.size(), 5u);  // 4, 5, 6, 7 and 10 were never cited
  EXPECT_EQ(a.bottom_line.citations, std::vector<int>({1}));
  EXPECT_EQ(a.references[0].id, "doc8");
  // The seek-care block is shown right under the bottom line.
  EXPECT_EQ(a.seek_care[0].citations, std::vector<int>({2}));
  EXPECT_EQ(a.seek_care[0].evidence[0].ref, 2);
  EXPECT_EQ(a.sections[0].statements[0].citations, std::vector<int>({3}));
  EXPECT_EQ(a.sections[0].statements[1].citations, std::vector<int>({1, 4}));
  EXPECT_EQ(a.sections[1].statements[0].citations, std::vector<int>({5}));
  for (size_t i = 0; i < a.references.size(); ++i) EXPECT_EQ(a.references[i].n, static_cast<int>(i) + 1);
  Answer again = a;
  NumberReferences(&again);
  EXPECT_EQ(again.references.size(), a.references.size());
  EXPECT_EQ(again.sections[0].statements[1].citations, a.sections[0].statements[1].citations);
}

}  // namespace
}  // namespace medoracle
