// Tests for question intent, section templates and content terms.
#include "answer/intent.h"

#include <gtest/gtest.h>

namespace medoracle {
namespace {

TEST(IntentTest, ClassifiesEachIntentFromItsCueWords) {
  EXPECT_EQ(ClassifyIntent("What is the treatment for L5 impingement at the foramen level?"), Intent::kTreatment);
  EXPECT_EQ(ClassifyIntent("First-line therapy for hypertension"), Intent::kTreatment);
  EXPECT_EQ(ClassifyIntent("How is carpal tunnel syndrome diagnosed?"), Intent::kDiagnosis);
  EXPECT_EQ(ClassifyIntent("When is an MRI needed for back pain?"), Intent::kImaging);
  EXPECT_EQ(ClassifyIntent("What dose of chlorthalidone should I use?"), Intent::kDosing);
  EXPECT_EQ(ClassifyIntent("What is the prognosis of sickle cell disease?"), Intent::kPrognosis);
  EXPECT_EQ(ClassifyIntent("How can HIV infection be prevented?"), Intent::kPrevention);
  EXPECT_EQ(ClassifyIntent("What is sickle cell disease?"), Intent::kDefinition);
  EXPECT_EQ(ClassifyIntent("Chlorthalidone versus hydrochlorothiazide"), Intent::kComparison);
  EXPECT_EQ(ClassifyIntent("What are the side effects of hydroxyurea?"), Intent::kAdverseEffects);
}

TEST(IntentTest, TreatmentTemplateFollowsTheProductOrder) {
  const auto& t = SectionTemplate(Intent::kTreatment);
  ASSERT_GE(t.size(), 9u);
  EXPECT_EQ(t[0], "First-line management");
  auto pos = [&t](const std::string& s) { return std::find(t.begin(), t.end(), s) - t.begin(); };
  EXPECT_LT(pos("Pharmacologic treatment"), pos("Red flags and pitfalls"));
  EXPECT_LT(pos("Red flags and pitfalls"), pos("Diagnostic work-up and imaging"));
  EXPECT_LT(pos("Diagnostic work-up and imaging"), pos("When to refer"));
  EXPECT_LT(pos("When to refer"), pos("Follow-up and outcomes"));
  EXPECT_NE(SectionTemplate(Intent::kDiagnosis)[0], t[0]);
}

TEST(IntentTest, ContentStemsDropQuestionAndIntentWordsButKeepCodes) {
  auto stems = ContentStems("What is the first-line treatment for L5 (lumbar 5) impingement at the foramen level?");
  EXPECT_EQ(stems, (std::vector<std::string>{"l5", "lumbar", "imping", "foramen"}));
  EXPECT_TRUE(ContentStems("What is the treatment?").empty());
  EXPECT_EQ(ContentStems("T2DM dosing"), (std::vector<std::string>{"t2dm"}));
}

// A case's pronouns weighed as the rarest words of a question ("her" in no guideline sentence
// about "patients").
TEST(IntentTest, PronounsWereContent_NowTheyAreNot) {
  EXPECT_EQ(ContentStems("How should her hepatitis B risk be managed, and his?"),
            (std::vector<std::string>{"hepat", "risk"}));
  // Lower case makes HE (hepatic encephalopathy) and US (ultrasound) of "he" and "us": kept.
  EXPECT_EQ(ContentStems("HE after TIPS on US"), (std::vector<std::string>{"he", "tip", "us"}));
}

// "a pregnant woman" met the guideline's "pregnant women" nowhere; stored question keys keep the
// index's stems.
TEST(IntentTest, WomanMissedWomen_NowTheyMeetButIndexStemsStay) {
  EXPECT_EQ(ContentStems("depression in a pregnant woman"), ContentStems("depression in pregnant women"));
  EXPECT_EQ(TextStems("children and their feet"), (std::vector<std::string>{"child", "and", "their", "foot"}));
  EXPECT_EQ(IndexStems("children and their feet"), (std::vector<std::string>{"children", "and", "their", "feet"}));
  EXPECT_EQ(TextStems("MEN 2A"), (std::vector<std::string>{"men", "2a"}));
}

// The index counted "child" apart from "children", so a question's "children" (read "child")
// weighed as a rare word; the composer now adds the plural's passages (Composer::WeighTerms).
TEST(IntentTest, ChildWasWeighedWithoutChildren_NowThePluralsStemsAreKnown) {
  EXPECT_EQ(IndexStemsOfPluralsOf("child"), (std::vector<std::string>{"children"}));
  EXPECT_EQ(IndexStemsOfPluralsOf("woman"), (std::vector<std::string>{"women"}));
  EXPECT_TRUE(IndexStemsOfPluralsOf("vaccin").empty());
}

// "A 3-year-old with sickle cell anemia has a temperature of 39.6 C. What should the emergency
// work-up include, and how should he be treated?" weighed "he" (5.8) and "work" (4.1, the
// work-related guidelines' word) among its heaviest terms.
TEST(IntentTest, HeAndWorkUpWereTopicWords_NowOnlyInCapitalsAndNotAsAWorkUp) {
  EXPECT_EQ(ContentWords("What should the emergency work-up include, and how should he be treated?"),
            (std::vector<std::string>{"emergency", "include"}));
  EXPECT_EQ(ContentWords("What is the work up for anemia?"), (std::vector<std::string>{"anemia"}));
  EXPECT_EQ(ContentWords("Does HE respond to lactulose?"), (std::vector<std::string>{"he", "respond", "lactulose"}));
  EXPECT_EQ(ContentWords("When is US better than CT for us?"), (std::vector<std::string>{"us", "ct"}));
  EXPECT_EQ(ContentWords("Can he return to work?"), (std::vector<std::string>{"return", "work"}));
  EXPECT_EQ(ContentWords("He has had fever for two days."), (std::vector<std::string>{"fever", "two", "days"}));
}

TEST(IntentTest, AskedQuestionTypeReadsBankAndConsumerWordings) {
  EXPECT_EQ(AskedQuestionType("What are the treatments for Hemorrhoids ?"), "treatment");
  EXPECT_EQ(AskedQuestionType("What can I do at home to treat hemorrhoids, and when would they need a procedure?"),
            "treatment");
  EXPECT_EQ(AskedQuestionType("What causes Hemorrhoids ?"), "causes");
  EXPECT_EQ(AskedQuestionType("Is fragile X syndrome inherited from the mother?"), "inheritance");
  EXPECT_EQ(AskedQuestionType("What are the symptoms of Gout ?"), "symptoms");
  EXPECT_EQ(AskedQuestionType("How to prevent Deep Vein Thrombosis ?"), "prevention");
  EXPECT_EQ(AskedQuestionType("What is (are) Gout ?"), "");
}

// Found by follow_up_fuzz (CI, 2026-12-05): a no-break space glued two words into one.
TEST(IntentTest, NoBreakSpaceGluedTwoWords_NowItSeparatesThem) {
  EXPECT_EQ(ContentWords("gout\xC2\xA0"
                         "flares in pregnancy"),
            (std::vector<std::string>{"gout", "flares", "pregnancy"}));
  // A lone C2 before it is kept as a word of its own, as CollapseWhitespace reads the bytes.
  EXPECT_EQ(ContentWords("ab\xC2\xC2\xA0"
                         "cd"),
            (std::vector<std::string>{"ab\xC2", "cd"}));
}

}  // namespace
}  // namespace medoracle
