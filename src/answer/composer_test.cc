// Tests for the answer composer on a small generated corpus: templates per intent,
// faithfulness of every statement to its span, references, no-answer, patient audience,
// JSON schema, determinism.
#include "answer/composer.h"

#include <gtest/gtest.h>

#include <set>

#include "answer/intent.h"
#include "answer/render.h"
#include "corpus/text.h"
#include "fixtures.h"
#include "ingest/ingester.h"

namespace medoracle {
namespace {

using testing::TempDir;
using testing::WriteFile;

std::string JsonlDoc(const std::string& id, const std::string& type, const std::string& title, int year,
                     const std::vector<std::pair<std::string, std::string>>& sections) {
  nlohmann::json j = {{"id", id}, {"type", type}, {"title", title}, {"year", year}, {"venue", "Test body"}};
  j["sections"] = nlohmann::json::array();
  for (const auto& [label, text] : sections) j["sections"].push_back({{"label", label}, {"text", text}});
  return j.dump() + "\n";
}

constexpr char kOverview[] = R"(---
title: Gout in adults
slug: gout
audience: clinician
questions:
  - What is the first-line treatment for an acute gout flare?
  - When should urate-lowering therapy start in gout?
review_status: submitted
last_reviewed: 2026-11-26
sources:
  - id: test:gl-gout
    title: Test guideline on gout
    publisher: Test Rheumatology Society
    year: 2020
---

## Bottom line
Treat a gout flare early with an NSAID, colchicine or a corticosteroid, chosen by comorbidity. [test:gl-gout]

## First-line management
- Start flare treatment within 24 hours of onset for the best response. [test:gl-gout]

## Pharmacologic treatment
- Low-dose colchicine works as well as high-dose colchicine with fewer side effects. [test:gl-gout]

## Red flags and pitfalls
- A hot swollen joint with fever needs aspiration to exclude septic arthritis. [test:gl-gout]

## Algorithm summary
1. Exclude septic arthritis when fever accompanies a hot joint. [test:gl-gout]
2. Treat the flare early with an NSAID, colchicine or a corticosteroid. [test:gl-gout]
3. Discuss urate-lowering therapy after recurrent flares. [test:gl-gout]
)";

class ComposerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    WriteFile(*dir_ / "corpus/gout.md", kOverview);
    std::string jsonl;
    jsonl += JsonlDoc("test:gl-gout", "guideline", "Test guideline on gout", 2020,
                      {{"Major Recommendations",
                        "We recommend colchicine, NSAIDs or glucocorticoids for gout flares. "
                        "Allopurinol is the preferred first-line urate-lowering drug."}});
    jsonl += JsonlDoc("test:rct-gout", "randomized_trial", "Colchicine dose in gout flares", 2010,
                      {{"RESULTS", "Low-dose colchicine reduced gout flare pain by 50% within 24 hours in 38% of "
                                   "patients. Adverse effects of colchicine were diarrhea and nausea."}});
    jsonl += JsonlDoc("test:dx-gout", "review", "Diagnosis of gout", 2018,
                      {{"Body", "Gout is diagnosed by finding monosodium urate crystals in synovial fluid. "
                                "Ultrasound imaging of gout may show a double contour sign. "
                                "Serum urate measurement during a gout flare may be falsely normal."}});
    jsonl += JsonlDoc("test:leaflet-gout", "consumer_health", "Gout (patient leaflet)", 2021,
                      {{"Text", "Gout is a type of arthritis that causes sudden attacks of joint pain. "
                                "Seek care now if a painful gout joint comes with fever or chills."}});
    jsonl += JsonlDoc("test:lead-in", "guideline", "Septic arthritis and gout referral", 2019,
                      {{"Referral", "Refer a patient with suspected gout urgently if any of the following:"},
                       {"Referral", "fever above 38 C."},
                       {"Referral", "inability to bear weight."}});
    WriteFile(*dir_ / "corpus/docs.jsonl", jsonl);
    auto index = OpenIndex(*dir_ / "index", Index::Mode::kReadWrite);
    ASSERT_TRUE(index.ok()) << index.status().ToString();
    auto report = Ingest(**index, {*dir_ / "corpus"}, IngestOptions{});
    ASSERT_TRUE(report.ok()) << report.status().ToString();
    ASSERT_TRUE(report->failed_files.empty()) << report->failed_files[0].reason;
    ASSERT_EQ(report->documents, 6u);
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  void SetUp() override {
    auto index = OpenIndex(*dir_ / "index", Index::Mode::kReadOnly);
    ASSERT_TRUE(index.ok());
    index_ = std::move(index).value();
  }

  Answer Ask(const std::string& question, const std::string& audience = "clinician") {
    AskOptions options;
    options.audience = audience;
    auto answer = ComposeAnswer(*index_, question, options);
    EXPECT_TRUE(answer.ok()) << answer.status().ToString();
    return answer.ok() ? *answer : Answer{};
  }

  // Every statement equals the slice of its cited document at its span, after whitespace
  // normalisation, and its evidence reference is one of its citations.
  void ExpectFaithful(const Answer& a) {
    std::vector<const Statement*> all = {&a.bottom_line};
    for (const auto& s : a.sections) {
      for (const auto& st : s.statements) all.push_back(&st);
    }
    for (const auto& st : a.seek_care) all.push_back(&st);
    for (const Statement* st : all) {
      ASSERT_FALSE(st->evidence.empty()) << st->text;
      std::string joined;
      for (const Evidence& e : st->evidence) {
        auto doc = index_->Fetch(e.doc_id);
        ASSERT_TRUE(doc.ok()) << e.doc_id;
        ASSERT_LE(e.span.end, doc->text.size());
        joined += (joined.empty() ? "" : " ") + CollapseWhitespace(doc->Slice(e.span));
        EXPECT_NE(std::find(st->citations.begin(), st->citations.end(), e.ref), st->citations.end());
        EXPECT_EQ(a.references.at(e.ref - 1).id, e.doc_id);
      }
      EXPECT_EQ(CollapseWhitespace(st->text), joined);
    }
  }

  std::vector<std::string> Titles(const Answer& a) {
    std::vector<std::string> t;
    for (const auto& s : a.sections) t.push_back(s.title);
    return t;
  }

  static TempDir* dir_;
  std::unique_ptr<Index> index_;
};

TempDir* ComposerTest::dir_ = nullptr;

TEST_F(ComposerTest, TreatmentQuestionUsesTheTopicOverviewAndItsGuideline) {
  Answer a = Ask("What is the first-line treatment for an acute gout flare?");
  ASSERT_TRUE(a.answered) << a.no_answer_reason;
  EXPECT_EQ(a.intent, "treatment");
  EXPECT_NE(a.bottom_line.text.find("Treat a gout flare early"), std::string::npos);
  ASSERT_GE(a.references.size(), 2u);
  EXPECT_EQ(a.references[0].id, "overview:gout");
  EXPECT_EQ(a.references[0].type, RefType::kEditorialOverview);
  EXPECT_EQ(a.references[1].id, "test:gl-gout");
  EXPECT_EQ(a.references[1].type, RefType::kGuideline);
  EXPECT_EQ(a.bottom_line.citations, (std::vector<int>{1, 2}));
  std::vector<std::string> titles = Titles(a);
  // Template order, algorithm last and numbered.
  ASSERT_FALSE(titles.empty());
  EXPECT_EQ(titles.front(), "First-line management");
  EXPECT_EQ(titles.back(), "Algorithm summary");
  EXPECT_TRUE(a.sections.back().numbered);
  EXPECT_EQ(a.sections.back().statements.size(), 3u);
  auto red = std::find(titles.begin(), titles.end(), "Red flags and pitfalls");
  auto drugs = std::find(titles.begin(), titles.end(), "Pharmacologic treatment");
  ASSERT_NE(red, titles.end());
  ASSERT_NE(drugs, titles.end());
  EXPECT_LT(drugs, red);
  ExpectFaithful(a);
}

TEST_F(ComposerTest, ReferencesAreNumberedByFirstUse) {
  Answer a = Ask("What is the first-line treatment for an acute gout flare?");
  std::vector<int> order;
  auto note = [&order](const Statement& st) {
    for (int n : st.citations) {
      if (std::find(order.begin(), order.end(), n) == order.end()) order.push_back(n);
    }
  };
  note(a.bottom_line);
  for (const auto& s : a.sections) {
    for (const auto& st : s.statements) note(st);
  }
  std::vector<int> expected(a.references.size());
  for (size_t i = 0; i < expected.size(); ++i) expected[i] = static_cast<int>(i) + 1;
  EXPECT_EQ(order, expected);
}

TEST_F(ComposerTest, DiagnosisQuestionGetsTheDiagnosisTemplate) {
  Answer a = Ask("How is gout diagnosed?");
  ASSERT_TRUE(a.answered) << a.no_answer_reason;
  EXPECT_EQ(a.intent, "diagnosis");
  const auto& allowed = SectionTemplate(Intent::kDiagnosis);
  for (const auto& s : a.sections) {
    if (s.title == "Algorithm summary") continue;
    EXPECT_NE(std::find(allowed.begin(), allowed.end(), s.title), allowed.end()) << s.title;
  }
  EXPECT_NE(AnswerToJson(a).dump().find("monosodium urate crystals"), std::string::npos);
  ExpectFaithful(a);
}

TEST_F(ComposerTest, AdverseEffectsQuestionGetsItsTemplate) {
  Answer a = Ask("What are the adverse effects of colchicine in gout?");
  ASSERT_TRUE(a.answered) << a.no_answer_reason;
  EXPECT_EQ(a.intent, "adverse_effects");
  ASSERT_FALSE(a.sections.empty());
  EXPECT_EQ(a.sections[0].title, "Adverse effects and harms");
  ExpectFaithful(a);
}

TEST_F(ComposerTest, LeadInTravelsWithItsListItems) {
  Answer a = Ask("When should gout be referred urgently?");
  ASSERT_TRUE(a.answered) << a.no_answer_reason;
  bool found = false;
  std::vector<const Statement*> all = {&a.bottom_line};
  for (const auto& s : a.sections) {
    for (const auto& st : s.statements) all.push_back(&st);
  }
  for (const Statement* st : all) {
    if (st->text.find("any of the following:") != std::string::npos) {
      found = true;
      EXPECT_NE(st->text.find("fever above 38 C. inability to bear weight."), std::string::npos) << st->text;
    }
  }
  EXPECT_TRUE(found);
  ExpectFaithful(a);
}

TEST_F(ComposerTest, QuestionOutsideTheEvidenceGetsNoAnswer) {
  Answer a = Ask("What is the treatment for ichthyosis vulgaris?");
  EXPECT_FALSE(a.answered);
  EXPECT_TRUE(a.sections.empty());
  EXPECT_TRUE(a.bottom_line.text.empty());
  EXPECT_FALSE(a.no_answer_reason.empty());
  EXPECT_FALSE(a.suggestions.empty());
  nlohmann::json j = AnswerToJson(a);
  EXPECT_TRUE(j["bottom_line"].is_null());
  EXPECT_TRUE(j.contains("no_answer"));
  EXPECT_NE(RenderText(a).find("No answer"), std::string::npos);
}

TEST_F(ComposerTest, QuestionWithoutMedicalTermsGetsNoAnswer) {
  Answer a = Ask("What is the best treatment?");
  EXPECT_FALSE(a.answered);
}

TEST_F(ComposerTest, PatientAudiencePrefersConsumerSourcesAndWarnsWhenToSeekCare) {
  Answer a = Ask("What is gout?", "patient");
  ASSERT_TRUE(a.answered) << a.no_answer_reason;
  EXPECT_EQ(a.audience, "patient");
  bool cites_leaflet = false;
  for (const auto& r : a.references) cites_leaflet |= r.id == "test:leaflet-gout";
  EXPECT_TRUE(cites_leaflet);
  Answer care = Ask("What is the first-line treatment for an acute gout flare?", "patient");
  ASSERT_FALSE(care.seek_care.empty());
  for (const auto& s : care.sections) EXPECT_NE(s.title, "Red flags and pitfalls");
  ExpectFaithful(care);
}

TEST_F(ComposerTest, JsonFollowsTheProductSchema) {
  nlohmann::json j = AnswerToJson(Ask("What is the first-line treatment for an acute gout flare?"));
  for (const char* key : {"id", "question", "audience", "bottom_line", "sections", "references", "related_questions",
                          "review", "disclaimer"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  EXPECT_TRUE(j["bottom_line"]["text"].is_string());
  EXPECT_TRUE(j["bottom_line"]["citations"].is_array());
  const auto& st = j["sections"][0]["statements"][0];
  EXPECT_TRUE(st["text"].is_string());
  EXPECT_TRUE(st["citations"][0].is_number_integer());
  const auto& ev = st["evidence"][0];
  EXPECT_TRUE(ev["ref"].is_number_integer());
  EXPECT_TRUE(ev["doc_id"].is_string());
  EXPECT_TRUE(ev["start"].is_number_unsigned());
  EXPECT_TRUE(ev["end"].is_number_unsigned());
  const auto& ref = j["references"][0];
  for (const char* key : {"n", "id", "type", "title", "source", "year", "url"}) EXPECT_TRUE(ref.contains(key)) << key;
  EXPECT_EQ(j["review"]["status"], "submitted");
  EXPECT_FALSE(j["review"]["updated_at"].get<std::string>().empty());
}

TEST_F(ComposerTest, SameQuestionGivesTheSameAnswer) {
  const std::string q = "What is the first-line treatment for an acute gout flare?";
  EXPECT_EQ(AnswerToJson(Ask(q)).dump(), AnswerToJson(Ask(q)).dump());
  EXPECT_NE(Ask(q).id, Ask(q, "patient").id);
}

TEST_F(ComposerTest, RelatedQuestionsComeFromTheBankAndExcludeTheQuestion) {
  Answer a = Ask("What is the first-line treatment for an acute gout flare?");
  ASSERT_FALSE(a.related_questions.empty());
  for (const auto& q : a.related_questions) EXPECT_NE(q, "What is the first-line treatment for an acute gout flare?");
  EXPECT_NE(std::find(a.related_questions.begin(), a.related_questions.end(),
                      "When should urate-lowering therapy start in gout?"),
            a.related_questions.end());
}

TEST_F(ComposerTest, HtmlEscapesCorpusText) {
  Answer a = Ask("What is the first-line treatment for an acute gout flare?");
  a.bottom_line.text = "<script>alert(1)</script>";
  const std::string html = RenderHtml(a);
  EXPECT_EQ(html.find("<script>alert"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
}

TEST_F(ComposerTest, RejectsEmptyQuestionAndUnknownAudience) {
  EXPECT_EQ(ComposeAnswer(*index_, "   ", AskOptions{}).status().code(), Status::Code::kInvalidArgument);
  AskOptions bad;
  bad.audience = "robot";
  EXPECT_EQ(ComposeAnswer(*index_, "gout", bad).status().code(), Status::Code::kInvalidArgument);
}

}  // namespace
}  // namespace medoracle
