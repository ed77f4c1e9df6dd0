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

// Issue 17: `ask --format html` kept "javascript:" and "data:" links from corpus URLs (clicking
// ran script in Chromium) and `--format markdown` passed a raw <script> through.
TEST(RenderTest, CorpusScriptLinksAndRawHtmlPassedThrough_NowNeutralised) {
  Answer a = Sample(false, false);
  a.bottom_line.text = "Metformin <script>alert(1)</script> reduced [infarct](javascript:alert(2)) size.";
  a.references[0].url = "javascript:alert(3)";
  a.references.push_back({2, "pmid:2", RefType::kOther, "Data link", "Journal", 2021, "data:text/html,<b>x</b>"});
  a.references.push_back({3, "pmid:3", RefType::kOther, "A real link", "Journal", 2022, "https://example.org/a"});
  const std::string html = RenderHtml(a);
  EXPECT_EQ(html.find("javascript:alert(3)\""), std::string::npos);
  EXPECT_EQ(html.find("href=\"javascript:"), std::string::npos);
  EXPECT_EQ(html.find("href=\"data:"), std::string::npos);
  EXPECT_NE(html.find("href=\"https://example.org/a\""), std::string::npos);
  EXPECT_EQ(html.find("<script>"), std::string::npos);
  const std::string md = RenderMarkdown(a);
  EXPECT_EQ(md.find("<script>"), std::string::npos) << md;
  EXPECT_NE(md.find("\\<script\\>"), std::string::npos) << md;
  EXPECT_NE(md.find("\\[infarct\\](javascript:"), std::string::npos) << md;  // brackets escaped: no link
  EXPECT_EQ(md.find("<javascript:"), std::string::npos) << md;
  EXPECT_EQ(md.find("<data:"), std::string::npos) << md;
  EXPECT_NE(md.find("<https://example.org/a>"), std::string::npos) << md;
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
