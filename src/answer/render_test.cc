// Tests of how answers show the engine's judgements: limited evidence, animal or laboratory
// findings, and the disclaimer for each audience.
#include "answer/render.h"

#include <gtest/gtest.h>

#include "answer/composer.h"
#include "answer/references.h"

namespace medoracle {
namespace {

Answer Sample(bool limited, bool non_human) {
  Answer a;
  a.id = "0123456789abcdef";
  a.question = "Does metformin protect the brain?";
  a.answered = true;
  a.limited_evidence = limited;
  a.confidence = limited ? 0.5 : 0.9;
  a.bottom_line.text = "Metformin reduced infarct size in mice.";
  a.bottom_line.non_human = non_human;
  a.bottom_line.citations = {1};
  a.bottom_line.evidence = {{1, "pmid:1", {0, 39}}};
  a.references = {{1, "pmid:1", RefType::kOther, "A mouse study", "Journal", 2020, ""}};
  return a;
}

TEST(RenderTest, LimitedEvidenceIsSaidAboveTheAnswer) {
  EXPECT_NE(RenderText(Sample(true, false)).find("Limited evidence"), std::string::npos);
  EXPECT_NE(RenderMarkdown(Sample(true, false)).find("Limited evidence"), std::string::npos);
  EXPECT_NE(RenderHtml(Sample(true, false)).find("class=\"limited\""), std::string::npos);
  EXPECT_EQ(RenderText(Sample(false, false)).find("Limited evidence"), std::string::npos);
  EXPECT_EQ(AnswerToJson(Sample(true, false))["limited_evidence"], true);
  EXPECT_EQ(AnswerToJson(Sample(false, false))["limited_evidence"], false);
}

TEST(RenderTest, AnimalOrLaboratoryFindingsAreMarked) {
  EXPECT_NE(RenderText(Sample(false, true)).find("(animal or laboratory study)"), std::string::npos);
  EXPECT_NE(RenderMarkdown(Sample(false, true)).find("(animal or laboratory study)"), std::string::npos);
  EXPECT_EQ(RenderText(Sample(false, false)).find("(animal or laboratory study)"), std::string::npos);
  EXPECT_EQ(AnswerToJson(Sample(false, true))["bottom_line"]["non_human"], true);
  EXPECT_FALSE(AnswerToJson(Sample(false, false))["bottom_line"].contains("non_human"));
}

// Patients saw the clinician disclaimer (one hard-coded string).
TEST(RenderTest, PatientsSawTheClinicianDisclaimer_NowTheirOwn) {
  EXPECT_NE(Disclaimer("clinician").find("clinicians'"), std::string::npos);
  EXPECT_EQ(Disclaimer("patient").find("clinicians'"), std::string::npos);
  EXPECT_NE(Disclaimer("patient").find("your own doctor"), std::string::npos);
}

// The source viewer can show only loaded documents: a work an overview cites but that is not
// loaded says so ("loaded": false), and the flag survives the JSON round trip of the review workflow.
TEST(RenderTest, ReferencesSayWhenTheirDocumentIsNotLoaded) {
  Answer a = Sample(false, false);
  Document doc;
  doc.id = "overview:x";
  doc.type = RefType::kEditorialOverview;
  doc.title = "An overview";
  a.references = {ReferenceFor(doc), {2, "ngc:1", RefType::kGuideline, "A guideline it cites", "A body", 2017, ""}};
  a.references[0].n = 1;
  const nlohmann::json j = AnswerToJson(a);
  EXPECT_FALSE(j["references"][0].contains("loaded"));
  EXPECT_EQ(j["references"][1]["loaded"], false);
  auto back = AnswerFromJson(j);
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_TRUE(back->references[0].loaded);
  EXPECT_FALSE(back->references[1].loaded);
  EXPECT_EQ(AnswerToJson(*back)["references"], j["references"]);
}

}  // namespace
}  // namespace medoracle
