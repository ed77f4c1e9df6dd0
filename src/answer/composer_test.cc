// Tests for the answer composer on a small generated corpus: templates per intent,
// faithfulness of every statement to its span, references, no-answer, patient audience,
// JSON schema, determinism.
#include "answer/composer.h"

#include <gtest/gtest.h>

#include <set>

#include "answer/intent.h"
#include "answer/render.h"
#include "corpus/text.h"
#include "answer_checks.h"
#include "fixtures.h"
#include "ingest/ingester.h"
#include "query/analyzer.h"

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

// n guidelines on another topic (asthma), so the question's words weigh as in a real index.
std::string AsthmaGuidelines(int n) {
  std::string jsonl;
  for (int i = 1; i <= n; ++i) {
    jsonl += JsonlDoc("test:other" + std::to_string(i), "guideline", "Asthma guideline " + std::to_string(i), 2015,
                      {{"Recommendations",
                        "Review inhaler technique at every visit and step up asthma therapy "
                        "when symptoms occur on " +
                            std::to_string(i) + " days a week."}});
  }
  return jsonl;
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

// Every statement of an answer: callouts, bottom line, sections, seek-care block.
std::vector<const Statement*> AllStatements(const Answer& a) {
  std::vector<const Statement*> all;
  for (const auto& callout : a.callouts) {
    for (const auto& st : callout.statements) all.push_back(&st);
  }
  all.push_back(&a.bottom_line);
  for (const auto& s : a.sections) {
    for (const auto& st : s.statements) all.push_back(&st);
  }
  for (const auto& st : a.seek_care) all.push_back(&st);
  return all;
}

// Where text first appears in the answer: "Bottom line", a section title, "Seek care now",
// or "" when it is not quoted at all.
std::string WhereIs(const Answer& a, std::string_view text) {
  if (a.bottom_line.text.find(text) != std::string::npos) return "Bottom line";
  for (const auto& s : a.sections) {
    for (const auto& st : s.statements) {
      if (st.text.find(text) != std::string::npos) return s.title;
    }
  }
  for (const auto& st : a.seek_care) {
    if (st.text.find(text) != std::string::npos) return "Seek care now";
  }
  return "";
}

// Each of texts is quoted under section or as the bottom line (which holds the single
// best statement), and the section is there.
void ExpectUnder(const Answer& a, const std::vector<std::string>& texts, const std::string& section) {
  for (const std::string& text : texts) {
    const std::string where = WhereIs(a, text);
    EXPECT_TRUE(where == section || where == "Bottom line")
        << "\"" << text << "\" is under \"" << where << "\", not \"" << section << "\"";
  }
  const auto titles = std::find_if(a.sections.begin(), a.sections.end(),
                                   [&section](const AnswerSection& s) { return s.title == section; });
  EXPECT_NE(titles, a.sections.end()) << "no section " << section;
}

std::vector<std::string> Titles(const Answer& a) {
  std::vector<std::string> t;
  for (const auto& s : a.sections) t.push_back(s.title);
  return t;
}

// The answer's sections are titles of the intent's template, in template order, with the
// mixed-evidence section first and the algorithm summary last when present.
void ExpectTemplateOrder(const Answer& a, Intent intent) {
  const std::vector<std::string>& tmpl = SectionTemplate(intent);
  ptrdiff_t last = -1;
  for (size_t i = 0; i < a.sections.size(); ++i) {
    const std::string& title = a.sections[i].title;
    if (title == "Algorithm summary") {
      EXPECT_EQ(i + 1, a.sections.size()) << "the algorithm summary is not last";
      continue;
    }
    if (title == "Evidence is mixed") {
      EXPECT_EQ(i, 0u) << "the mixed-evidence section is not first";
      continue;
    }
    const auto it = std::find(tmpl.begin(), tmpl.end(), title);
    ASSERT_NE(it, tmpl.end()) << title << " is not in the " << IntentName(intent) << " template";
    EXPECT_GT(it - tmpl.begin(), last) << title << " is out of template order";
    last = it - tmpl.begin();
  }
}

// Writes files (name -> content) into dir/corpus and ingests them into dir/index.
void BuildIndex(const TempDir& dir, const std::vector<std::pair<std::string, std::string>>& files,
                size_t documents) {
  for (const auto& [name, content] : files) WriteFile(dir / ("corpus/" + name), content);
  auto index = OpenIndex(dir / "index", Index::Mode::kReadWrite);
  ASSERT_TRUE(index.ok()) << index.status().ToString();
  auto report = Ingest(**index, {dir / "corpus"}, IngestOptions{});
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  ASSERT_TRUE(report->failed_files.empty()) << report->failed_files[0].reason;
  ASSERT_EQ(report->documents, documents);
}

// Shared by the fixtures: an index opened read-only per test, and the checks.
class IndexedCorpusTest : public ::testing::Test {
 protected:
  void OpenReadOnly(const TempDir& dir) {
    auto index = OpenIndex(dir / "index", Index::Mode::kReadOnly);
    ASSERT_TRUE(index.ok()) << index.status().ToString();
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
    for (const Statement* st : AllStatements(a)) {
      if (st == &a.bottom_line && !a.answered) continue;
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

  std::unique_ptr<Index> index_;
};

// A fixture whose index Derived::Build(dir) writes once per suite, opened read-only per test.
template <typename Derived>
class SuiteIndexTest : public IndexedCorpusTest {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    Derived::Build(*dir_);
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  void SetUp() override { OpenReadOnly(*dir_); }

  static inline TempDir* dir_ = nullptr;
};

class ComposerTest : public SuiteIndexTest<ComposerTest> {
 public:
  static void Build(const TempDir& dir) {
    std::string jsonl;
    jsonl += JsonlDoc("test:gl-gout", "guideline", "Test guideline on gout", 2020,
                      {{"Major Recommendations",
                        "We recommend colchicine, NSAIDs or glucocorticoids for gout flares. "
                        "Allopurinol is the preferred first-line urate-lowering drug."}});
    jsonl += JsonlDoc("test:rct-gout", "randomized_trial", "Colchicine dose in gout flares", 2010,
                      {{"RESULTS",
                        "Low-dose colchicine reduced gout flare pain by 50% within 24 hours in 38% of "
                        "patients. Adverse effects of colchicine were diarrhea and nausea."},
                       {"METHODS", "The trial was registered before enrolment began at 12 sites."}});
    jsonl += JsonlDoc("test:dx-gout", "review", "Diagnosis of gout", 2018,
                      {{"Body",
                        "Gout is diagnosed by finding monosodium urate crystals in synovial fluid. "
                        "Ultrasound imaging of gout may show a double contour sign. "
                        "Serum urate measurement during a gout flare may be falsely normal. "
                        "The authors thank the library staff for their help with searches."}});
    jsonl += JsonlDoc("test:leaflet-gout", "consumer_health", "Gout (patient leaflet)", 2021,
                      {{"Text",
                        "Gout is a type of arthritis that causes sudden attacks of joint pain. "
                        "Seek care now if a painful gout joint comes with fever or chills."}});
    jsonl += JsonlDoc("test:lead-in", "guideline", "Septic arthritis and gout referral", 2019,
                      {{"Referral", "Refer a patient with suspected gout urgently if any of the following:"},
                       {"Referral", "fever above 38 C."},
                       {"Referral", "inability to bear weight."}});
    BuildIndex(dir, {{"gout.md", kOverview}, {"docs.jsonl", jsonl}}, 6);
  }
};

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
  ExpectTemplateOrder(a, Intent::kTreatment);
  EXPECT_EQ(WhereIs(a, "registered before enrolment"), "");
  EXPECT_EQ(WhereIs(a, "library staff"), "");
  std::vector<std::string> titles = Titles(a);
  // Algorithm last and numbered.
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
  testing::ExpectReferencesInDisplayOrder(a);
}

TEST_F(ComposerTest, DiagnosisQuestionGetsTheDiagnosisTemplate) {
  Answer a = Ask("How is gout diagnosed?");
  ASSERT_TRUE(a.answered) << a.no_answer_reason;
  EXPECT_EQ(a.intent, "diagnosis");
  ExpectTemplateOrder(a, Intent::kDiagnosis);
  ExpectUnder(a, {"monosodium urate crystals", "Ultrasound imaging of gout"},
              "Diagnostic work-up and imaging");
  EXPECT_EQ(WhereIs(a, "library staff"), "");
  ExpectFaithful(a);
}

TEST_F(ComposerTest, AdverseEffectsQuestionGetsItsTemplate) {
  Answer a = Ask("What are the adverse effects of colchicine in gout?");
  ASSERT_TRUE(a.answered) << a.no_answer_reason;
  EXPECT_EQ(a.intent, "adverse_effects");
  ExpectTemplateOrder(a, Intent::kAdverseEffects);
  ASSERT_FALSE(a.sections.empty());
  EXPECT_EQ(a.sections[0].title, "Adverse effects and harms");
  ExpectUnder(a, {"Adverse effects of colchicine were diarrhea"}, "Adverse effects and harms");
  EXPECT_EQ(WhereIs(a, "registered before enrolment"), "");
  ExpectFaithful(a);
}

TEST_F(ComposerTest, LeadInTravelsWithItsListItems) {
  Answer a = Ask("When should gout be referred urgently?");
  ASSERT_TRUE(a.answered) << a.no_answer_reason;
  bool found = false;
  for (const Statement* st : AllStatements(a)) {
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

// One small corpus per intent template: documents whose on-point sentences belong to a
// known section, beside off-topic sentences (study logistics, other conditions sharing a
// generic word) that must never be quoted.
class IntentTemplateTest : public SuiteIndexTest<IntentTemplateTest> {
 public:
  static void Build(const TempDir& dir) {
    std::string jsonl;
    // Dosing.
    jsonl += JsonlDoc("test:gl-chlor", "guideline", "Chlorthalidone in hypertension", 2019,
                      {{"Recommendations",
                        "Start chlorthalidone at 12.5 mg once daily for hypertension. "
                        "Increase the chlorthalidone dose to 25 mg once daily when hypertension stays above "
                        "target after 4 weeks."},
                       {"Methods", "The panel met four times and voted on each statement."}});
    jsonl += JsonlDoc("test:rct-chlor", "randomized_trial", "Low-dose chlorthalidone in older adults", 2016,
                      {{"RESULTS",
                        "In older adults with hypertension, chlorthalidone 6.25 mg daily lowered "
                        "systolic pressure by 10 mmHg."},
                       {"FUNDING", "Funding came from a national research council grant."}});
    // Prognosis.
    jsonl += JsonlDoc("test:obs-panc", "observational_study", "Survival in pancreatic cancer", 2017,
                      {{"RESULTS",
                        "Five-year survival of pancreatic cancer was 9 percent across all stages. "
                        "Pancreatic cancer found at a resectable stage had a median survival of 28 "
                        "months."},
                       {"METHODS", "Questionnaires were mailed to all participating hospitals in 2012."}});
    jsonl += JsonlDoc("test:obs-lung", "observational_study", "Lung cancer screening uptake", 2018,
                      {{"RESULTS", "Lung cancer screening uptake was 12 percent among eligible smokers."}});
    // Prevention.
    jsonl +=
        JsonlDoc("test:gl-flu", "guideline", "Influenza vaccination", 2021,
                 {{"Recommendations",
                   "Annual influenza vaccination is recommended for everyone aged 6 months and older. "
                   "Antiviral prophylaxis with oseltamivir can prevent influenza after household exposure."},
                  {"Scope", "This guideline replaces the 2009 edition."}});
    jsonl += JsonlDoc("test:rct-vitc", "randomized_trial", "Vitamin C and the common cold", 2005,
                      {{"RESULTS", "Vitamin C taken daily did not prevent the common cold in adults."}});
    // Definition.
    jsonl += JsonlDoc("test:leaf-scd", "consumer_health", "Sickle cell disease", 2020,
                      {{"Text",
                        "Sickle cell disease is a group of inherited red blood cell disorders. "
                        "Our clinic is open Monday to Friday for appointments."}});
    jsonl += JsonlDoc("test:rev-scd", "review", "Sickle cell disease: a review", 2019,
                      {{"Body",
                        "Sickle cell disease is an autosomal recessive haemoglobin disorder caused by a "
                        "point mutation in the beta-globin gene."}});
    jsonl += JsonlDoc("test:leaf-celiac", "consumer_health", "Celiac disease", 2020,
                      {{"Text", "Celiac disease is an immune disease triggered by eating gluten."}});
    // Comparison.
    jsonl +=
        JsonlDoc("test:rct-apix", "randomized_trial", "Apixaban or warfarin in atrial fibrillation", 2011,
                 {{"RESULTS",
                   "Apixaban caused less major bleeding than warfarin in atrial fibrillation. "
                   "Apixaban reduced stroke or systemic embolism by 21 percent compared with "
                   "warfarin in atrial fibrillation."},
                  {"METHODS", "Enrolment ran from 2006 to 2010 in 39 countries."}});
    // Imaging.
    jsonl += JsonlDoc("test:gl-lbp", "guideline", "Imaging for low back pain", 2017,
                      {{"Recommendations",
                        "Obtain an MRI for low back pain after 6 weeks of failed conservative care in a "
                        "candidate for surgery. "
                        "MRI shows disc herniation and nerve root compression in low back pain better than "
                        "plain radiographs. "
                        "Low back pain with fever or unexplained weight loss warrants urgent MRI."},
                       {"Panel", "The guideline panel included two patient representatives."}});
    jsonl += JsonlDoc("test:leaf-knee", "consumer_health", "Knee pain", 2020,
                      {{"Text", "Knee pain is common in runners and usually settles with rest."}});
    // Conflicting evidence: two trials that disagree (SciFact style), two opposite
    // yes/no conclusions (PubMedQA style).
    jsonl += JsonlDoc("test:rct-vitd-yes", "randomized_trial", "Vitamin D in nursing home residents", 2012,
                      {{"RESULTS",
                        "Vitamin D supplementation reduced hip fractures by 30 percent in nursing home "
                        "residents."}});
    jsonl += JsonlDoc("test:rct-vitd-no", "randomized_trial", "Annual high-dose vitamin D", 2010,
                      {{"RESULTS",
                        "Vitamin D supplementation did not reduce hip fractures in community-dwelling "
                        "women."}});
    jsonl += JsonlDoc("test:obs-statin-yes", "observational_study", "Statins and delirium", 2015,
                      {{"CONCLUSIONS",
                        "Preoperative statin use was associated with a lower incidence of delirium "
                        "after cardiac surgery."}});
    jsonl += JsonlDoc("test:obs-statin-no", "observational_study",
                      "Statin therapy and postoperative delirium", 2016,
                      {{"CONCLUSIONS",
                        "Preoperative statin use was not associated with delirium after cardiac "
                        "surgery."}});
    BuildIndex(dir, {{"docs.jsonl", jsonl}}, 16);
  }
};

TEST_F(IntentTemplateTest, DosingQuestionPutsDosesUnderPharmacologicTreatment) {
  Answer a = Ask("What dose of chlorthalidone is used for hypertension?");
  ASSERT_TRUE(a.answered) << a.no_answer_reason;
  EXPECT_EQ(a.intent, "dosing");
  ExpectTemplateOrder(a, Intent::kDosing);
  ExpectUnder(a, {"Increase the chlorthalidone dose to 25 mg", "Start chlorthalidone at 12.5 mg"},
              "Pharmacologic treatment");
  EXPECT_EQ(WhereIs(a, "In older adults with hypertension"), "Special populations");
  EXPECT_EQ(WhereIs(a, "The panel met"), "");
  EXPECT_EQ(WhereIs(a, "Funding came"), "");
  ExpectFaithful(a);
}

TEST_F(IntentTemplateTest, PrognosisQuestionPutsSurvivalUnderOutcomes) {
  Answer a = Ask("What is the prognosis of pancreatic cancer?");
  ASSERT_TRUE(a.answered) << a.no_answer_reason;
  EXPECT_EQ(a.intent, "prognosis");
  ExpectTemplateOrder(a, Intent::kPrognosis);
  ExpectUnder(a, {"median survival of 28 months", "Five-year survival of pancreatic cancer"},
              "Follow-up and outcomes");
  EXPECT_EQ(WhereIs(a, "Questionnaires were mailed"), "");
  EXPECT_EQ(WhereIs(a, "Lung cancer screening"), "");
  ExpectFaithful(a);
}

TEST_F(IntentTemplateTest, PreventionQuestionPutsVaccinationUnderPrevention) {
  Answer a = Ask("How can influenza be prevented?");
  ASSERT_TRUE(a.answered) << a.no_answer_reason;
  EXPECT_EQ(a.intent, "prevention");
  ExpectTemplateOrder(a, Intent::kPrevention);
  ExpectUnder(a, {"Annual influenza vaccination", "Antiviral prophylaxis with oseltamivir"},
              "Prevention and screening");
  EXPECT_EQ(WhereIs(a, "replaces the 2009 edition"), "");
  EXPECT_EQ(WhereIs(a, "common cold"), "");
  ExpectFaithful(a);
}

TEST_F(IntentTemplateTest, DefinitionQuestionPutsTheDefinitionUnderOverview) {
  Answer a = Ask("What is sickle cell disease?");
  ASSERT_TRUE(a.answered) << a.no_answer_reason;
  EXPECT_EQ(a.intent, "definition");
  ExpectTemplateOrder(a, Intent::kDefinition);
  ExpectUnder(a,
              {"is a group of inherited red blood cell disorders", "is an autosomal recessive haemoglobin"},
              "Overview");
  EXPECT_EQ(WhereIs(a, "Our clinic is open"), "");
  EXPECT_EQ(WhereIs(a, "Celiac"), "");
  ExpectFaithful(a);
}

TEST_F(IntentTemplateTest, ComparisonQuestionPutsHeadToHeadResultsUnderComparativeEvidence) {
  Answer a = Ask("Apixaban versus warfarin for atrial fibrillation");
  ASSERT_TRUE(a.answered) << a.no_answer_reason;
  EXPECT_EQ(a.intent, "comparison");
  ExpectTemplateOrder(a, Intent::kComparison);
  ExpectUnder(a, {"less major bleeding than warfarin", "by 21 percent compared with warfarin"},
              "Comparative evidence");
  EXPECT_EQ(WhereIs(a, "Enrolment ran"), "");
  ExpectFaithful(a);
}

TEST_F(IntentTemplateTest, ImagingQuestionLeadsWithWorkUpAndImaging) {
  Answer a = Ask("When is an MRI needed for low back pain?");
  ASSERT_TRUE(a.answered) << a.no_answer_reason;
  EXPECT_EQ(a.intent, "imaging");
  ExpectTemplateOrder(a, Intent::kImaging);
  ASSERT_FALSE(a.sections.empty());
  EXPECT_EQ(a.sections[0].title, "Diagnostic work-up and imaging");
  ExpectUnder(a, {"MRI shows disc herniation", "Obtain an MRI for low back pain after 6 weeks"},
              "Diagnostic work-up and imaging");
  EXPECT_EQ(WhereIs(a, "warrants urgent MRI"), "Red flags and pitfalls");
  EXPECT_EQ(WhereIs(a, "patient representatives"), "");
  EXPECT_EQ(WhereIs(a, "Knee pain"), "");
  ExpectFaithful(a);
}

// The "Evidence is mixed" section and its statements, or nullptr.
const AnswerSection* MixedSection(const Answer& a) {
  for (const auto& s : a.sections) {
    if (s.mixed_evidence) return &s;
  }
  return nullptr;
}

// The reference number of a document in the answer, or 0.
int RefOf(const Answer& a, const std::string& doc_id) {
  for (const auto& r : a.references) {
    if (r.id == doc_id) return r.n;
  }
  return 0;
}

TEST_F(IntentTemplateTest, TrialsThatDisagreeAreShownAsMixedEvidence) {
  Answer a = Ask("Does vitamin D supplementation reduce hip fractures?");
  ASSERT_TRUE(a.answered) << a.no_answer_reason;
  const AnswerSection* mixed = MixedSection(a);
  ASSERT_NE(mixed, nullptr) << RenderText(a);
  EXPECT_EQ(mixed->title, "Evidence is mixed");
  EXPECT_EQ(&a.sections[0], mixed);
  ASSERT_EQ(mixed->statements.size(), 2u);
  std::set<int> cited;
  for (const auto& st : mixed->statements) cited.insert(st.citations.begin(), st.citations.end());
  const int yes = RefOf(a, "test:rct-vitd-yes"), no = RefOf(a, "test:rct-vitd-no");
  EXPECT_EQ(cited, (std::set<int>{yes, no}));
  // The bottom line quotes both sides, as written, so neither reads as settled.
  EXPECT_EQ(a.bottom_line.citations, (std::vector<int>{1, 2}));
  EXPECT_NE(a.bottom_line.text.find("did not reduce hip fractures"), std::string::npos);
  EXPECT_NE(a.bottom_line.text.find("reduced hip fractures by 30 percent"), std::string::npos);
  nlohmann::json j = AnswerToJson(a);
  EXPECT_EQ(j["sections"][0]["title"], "Evidence is mixed");
  EXPECT_EQ(j["sections"][0]["mixed_evidence"], true);
  EXPECT_NE(RenderMarkdown(a).find("## Evidence is mixed"), std::string::npos);
  EXPECT_NE(RenderText(a).find("EVIDENCE IS MIXED"), std::string::npos);
  EXPECT_NE(RenderHtml(a).find("<section class=\"mixed\"><h2>Evidence is mixed</h2>"), std::string::npos);
  ExpectFaithful(a);
}

TEST_F(IntentTemplateTest, OppositeYesNoConclusionsAreShownAsMixedEvidence) {
  Answer a = Ask("Is preoperative statin use associated with delirium after cardiac surgery?");
  ASSERT_TRUE(a.answered) << a.no_answer_reason;
  const AnswerSection* mixed = MixedSection(a);
  ASSERT_NE(mixed, nullptr) << RenderText(a);
  std::set<int> cited;
  for (const auto& st : mixed->statements) cited.insert(st.citations.begin(), st.citations.end());
  EXPECT_EQ(cited, (std::set<int>{RefOf(a, "test:obs-statin-yes"), RefOf(a, "test:obs-statin-no")}));
  ExpectFaithful(a);
}

TEST_F(IntentTemplateTest, EvidenceThatAgreesHasNoMixedSection) {
  for (const char* q :
       {"Apixaban versus warfarin for atrial fibrillation", "What is the prognosis of pancreatic cancer?",
        "What dose of chlorthalidone is used for hypertension?"}) {
    Answer a = Ask(q);
    ASSERT_TRUE(a.answered) << q;
    EXPECT_EQ(MixedSection(a), nullptr) << RenderText(a);
    EXPECT_EQ(AnswerToJson(a).dump().find("mixed_evidence"), std::string::npos);
  }
}

// Patient audience vocabulary: a generated HPO layperson file maps "Kidney stones" to
// "Nephrolithiasis"; the only evidence about them is clinically worded.
class PatientVocabularyTest : public SuiteIndexTest<PatientVocabularyTest> {
 public:
  static void Build(const TempDir& dir) {
    const std::string hpo =
        "?term\t?term_label\t?layperson\n"
        "<http://purl.obolibrary.org/obo/HP_0000787>\t\"Nephrolithiasis\"\t\"Kidney stones\"\n";
    std::string jsonl;
    jsonl += JsonlDoc("test:rev-neph", "review", "Recurrence of nephrolithiasis", 2018,
                      {{"Body",
                        "Drinking enough fluid to pass 2.5 litres of urine a day prevents recurrent "
                        "nephrolithiasis. "
                        "Thiazide diuretics lower urinary calcium and the recurrence of nephrolithiasis."}});
    jsonl +=
        JsonlDoc("test:leaf-gall", "consumer_health", "Gallbladder problems", 2020,
                 {{"Text", "Gallbladder pain after fatty meals is common and often settles by itself."}});
    BuildIndex(dir, {{"hpo/layperson-synonyms.tsv", hpo}, {"docs.jsonl", jsonl}}, 2);
  }
};

TEST_F(PatientVocabularyTest, LayQuestionGetsClinicallyWordedEvidenceForPatients) {
  const std::string q = "How are kidney stones prevented?";
  Answer a = Ask(q, "patient");
  ASSERT_TRUE(a.answered) << a.no_answer_reason;
  EXPECT_NE(RefOf(a, "test:rev-neph"), 0) << RenderText(a);
  EXPECT_NE(WhereIs(a, "prevents recurrent nephrolithiasis"), "");
  EXPECT_EQ(WhereIs(a, "Gallbladder"), "");
  ExpectFaithful(a);
  // Clinicians' questions are expanded the same way (a clinician may use the lay words too).
  Answer clinician = Ask(q);
  EXPECT_NE(RefOf(clinician, "test:rev-neph"), 0) << RenderText(clinician);
}

TEST_F(PatientVocabularyTest, AGivenAnalyzerIsUsed) {
  query::QueryAnalyzer analyzer;
  ASSERT_TRUE(analyzer.LoadFromIndex(*index_).ok());
  AskOptions options;
  options.audience = "patient";
  options.analyzer = &analyzer;
  auto a = ComposeAnswer(*index_, "How are kidney stones prevented?", options);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  EXPECT_NE(RefOf(*a, "test:rev-neph"), 0);
}

}  // namespace
}  // namespace medoracle

namespace medoracle {
namespace {

// A rare disease whose own documents are not loaded: "Paine syndrome" stems to "pain" and
// "syndrome", which a chronic pain page covers completely, and the answer was composed from
// that page with full confidence.
class NamedConditionTest : public SuiteIndexTest<NamedConditionTest> {
 public:
  static void Build(const TempDir& dir) {
    const std::string obo =
        "format-version: 1.2\n\n[Term]\nid: DOID:0050999\nname: Paine syndrome\n"
        "def: \"A syndrome.\" []\n";
    std::string jsonl = JsonlDoc(
        "test:cps", "consumer_health", "Chronic pain syndrome", 2020,
        {{"Symptoms", "The symptoms of chronic pain syndrome include pain lasting months and poor sleep. "
                      "People with this syndrome often have fatigue and low mood."}});
    BuildIndex(dir, {{"doid.obo", obo}, {"docs.jsonl", jsonl}}, 1);
  }
};

TEST_F(NamedConditionTest, RareDiseaseWithoutItsDocumentsWasAnsweredFromAPainPage_NowDeclined) {
  Answer a = Ask("What are the symptoms of Paine syndrome?");
  EXPECT_FALSE(a.answered) << RenderText(a);
  EXPECT_NE(a.no_answer_reason.find("paine syndrome"), std::string::npos) << a.no_answer_reason;
  Answer covered = Ask("What are the symptoms of chronic pain syndrome?");
  EXPECT_TRUE(covered.answered) << covered.no_answer_reason;
}

}  // namespace
}  // namespace medoracle

namespace medoracle {
namespace {

// Two drug labels in openFDA's record format (fixture text, not real labelling): a question
// naming one drug, by its brand name, is answered from its label with the boxed warning first.
class DrugLabelAnswerTest : public SuiteIndexTest<DrugLabelAnswerTest> {
 public:
  static nlohmann::json Label(const std::string& set_id, const std::string& brand, const std::string& generic,
                              const nlohmann::json& fields) {
    nlohmann::json j = {{"set_id", set_id},
                        {"id", "spl-" + set_id},
                        {"version", "1"},
                        {"effective_time", "20240102"},
                        {"openfda",
                         {{"brand_name", {brand}},
                          {"generic_name", {generic}},
                          {"manufacturer_name", {"Fixture Labs"}},
                          {"pharm_class_epc", {brand == "Zentrix" ? "Factor Xa Inhibitor [EPC]" : "Fixture Blocker [EPC]"}}}}};
    for (const auto& [key, value] : fields.items()) j[key] = value;
    return j;
  }

  static void Build(const TempDir& dir) {
    const nlohmann::json zentrix = Label(
        "aaaa0000-0000-4000-8000-000000000001", "Zentrix", "ZENTRAFIBAN SODIUM",
        {{"boxed_warning",
          {"WARNING: FIXTURE BLEEDING RISK Zentrafiban fixture text: stopping zentrafiban early raises the risk of "
           "clots in this fixture. Spinal hematomas may occur with neuraxial anesthesia in this fixture label."}},
         {"indications_and_usage",
          {"1 INDICATIONS AND USAGE Zentrix is indicated in this fixture to reduce the risk of stroke in atrial "
           "fibrillation."}},
         {"dosage_and_administration",
          {"2 DOSAGE AND ADMINISTRATION 2.1 Recommended Dosage The recommended dose of Zentrix is 20 mg once daily "
           "with the evening meal in this fixture. 2.2 Renal Impairment For patients with creatinine clearance 15 "
           "to 50 mL/min, the recommended dose of Zentrix is 15 mg once daily in this fixture [see Use in Specific "
           "Populations ( 8.6 )] ."}},
         {"contraindications",
          {"4 CONTRAINDICATIONS Zentrix is contraindicated in patients with active pathological bleeding in this "
           "fixture."}},
         {"description", {"11 DESCRIPTION Zentrafiban is a white fixture powder that is slightly soluble in water."}}});
    // A label that says one thing twice: inside its boxed warning's long sentence, and alone
    // in its warnings.
    const nlohmann::json repetra =
        Label("dddd0000-0000-4000-8000-000000000004", "Repetra", "REPETRANIB",
              {{"boxed_warning",
                {"WARNING: HEPATOTOXICITY See full prescribing information for complete boxed warning. "
                 "WARNING: HEPATOTOXICITY In this fixture label, severe and sometimes fatal liver injury was reported "
                 "in adults and children alike during the first months of use, and therefore liver tests must be "
                 "checked before the first dose of Repetra and every month while it is taken."}},
               {"warnings_and_precautions",
                {"5 WARNINGS AND PRECAUTIONS 5.1 Hepatotoxicity Liver tests must be checked before the first dose of "
                 "Repetra and every month while it is taken. Stop Repetra when liver enzymes rise above five times "
                 "the upper limit of normal in this fixture."}}});
    const nlohmann::json calmora =
        Label("bbbb0000-0000-4000-8000-000000000002", "Calmora", "CALMORAZINE HYDROCHLORIDE",
              {{"dosage_and_administration",
                {"2 DOSAGE AND ADMINISTRATION 2.1 Renal Impairment In patients with kidney disease and creatinine "
                 "clearance below 30 mL/min, reduce the dose of Calmora by half in this fixture. \u2022 Adults on "
                 "hemodialysis \u2022 Give 2 mg of Calmora after each hemodialysis session in this fixture."}},
               {"dosage_and_administration_table",
                {"<table><tr><th>Population</th><th>Renal function</th><th>Dose</th></tr>"
                 "<tr><td colspan=\"3\">Adults with kidney disease</td></tr>"
                 "<tr><td>On dialysis</td><td>CrCl below 15 mL/min</td><td>5 mg once daily in this fixture</td></tr>"
                 "</table>"}}});
    // A label whose dosing table is also flattened into its text, as openFDA gives them.
    const nlohmann::json dormiva = Label(
        "cccc0000-0000-4000-8000-000000000003", "Dormiva", "DORMIVAZOLE",
        {{"dosage_and_administration",
          {"2 DOSAGE AND ADMINISTRATION 2.1 Recommended Dosage Dormiva is taken at bedtime in this fixture. "
           "Indication Dose Insomnia in adults 10 mg of Dormiva once nightly at bedtime Insomnia in older adults 5 "
           "mg of Dormiva once nightly, no more Take Dormiva on an empty stomach in this fixture."}},
         {"dosage_and_administration_table",
          {"<table><tr><th>Indication</th><th>Dose</th></tr>"
           "<tr><td>Insomnia in adults</td><td>10 mg of Dormiva once nightly at bedtime</td></tr>"
           "<tr><td>Insomnia in older adults</td><td>5 mg of Dormiva once nightly, no more</td></tr></table>"}}});
    // A guideline on the same condition that never names the drug.
    const std::string ckd = JsonlDoc("test:ckd", "guideline", "Drug dosing in kidney disease", 2019,
                                     {{"Recommendations", "In kidney disease, reduce the dose of drugs cleared by the "
                                                          "kidney and check creatinine clearance first."}});
    BuildIndex(dir,
               {{"labels.jsonl",
                 zentrix.dump() + "\n" + calmora.dump() + "\n" + dormiva.dump() + "\n" + repetra.dump() + "\n"},
                {"docs.jsonl", ckd}},
               5);
  }
};

TEST_F(DrugLabelAnswerTest, BrandNamedDrugIsAnsweredFromItsLabelWithTheBoxedWarningFirst) {
  Answer a = Ask("What dose of Zentrix should a patient with kidney disease take?");
  ASSERT_TRUE(a.answered) << a.no_answer_reason;
  const std::string zentrix = "fda:aaaa0000-0000-4000-8000-000000000001";
  ASSERT_EQ(a.callouts.size(), 1u) << RenderText(a);
  EXPECT_EQ(a.callouts[0].kind, "boxed_warning");
  EXPECT_EQ(a.callouts[0].doc_id, zentrix);
  EXPECT_NE(a.callouts[0].title.find("Zentrix"), std::string::npos) << a.callouts[0].title;
  ASSERT_FALSE(a.callouts[0].statements.empty());
  EXPECT_NE(a.callouts[0].statements[0].text.find("stopping zentrafiban early"), std::string::npos);
  // The label is reference 1; the other drug's label, though it speaks of kidney disease and
  // dose, is not read.
  ASSERT_FALSE(a.references.empty());
  EXPECT_EQ(a.references[0].id, zentrix);
  EXPECT_EQ(a.references[0].type, RefType::kDrugLabel);
  EXPECT_EQ(RefOf(a, "fda:bbbb0000-0000-4000-8000-000000000002"), 0) << RenderText(a);
  // The renal dose is given, from the label's dosing part; the powder's colour is not.
  const std::string renal = WhereIs(a, "creatinine clearance 15 to 50 mL/min");
  EXPECT_TRUE(renal == "Bottom line" || renal == "Dosing") << RenderText(a);
  EXPECT_EQ(WhereIs(a, "white fixture powder"), "") << RenderText(a);
  ExpectFaithful(a);
  testing::ExpectReferencesInDisplayOrder(a);
  // The callout survives the JSON the server stores and serves.
  auto round_trip = AnswerFromJson(AnswerToJson(a));
  ASSERT_TRUE(round_trip.ok());
  ASSERT_EQ(round_trip->callouts.size(), 1u);
  EXPECT_EQ(round_trip->callouts[0].statements.size(), a.callouts[0].statements.size());
  EXPECT_EQ(round_trip->callouts[0].statements[0].evidence[0].doc_id, zentrix);
}

// "What is Zentrix?" and "Tell me about Zentrix" asked nothing a label answers, so the label's
// boxed warning was not shown and the answer came from whatever else matched; a question that
// only names the drug now gets what the drug is for first, with its boxed warning.
TEST_F(DrugLabelAnswerTest, QuestionThatOnlyNamedTheDrugGotNoBoxedWarning_NowTheLabelAnswersWithItsIndication) {
  const std::string zentrix = "fda:aaaa0000-0000-4000-8000-000000000001";
  for (const char* question : {"What is Zentrix?", "Tell me about Zentrix", "Zentrix"}) {
    Answer a = Ask(question);
    ASSERT_TRUE(a.answered) << question << ": " << a.no_answer_reason;
    ASSERT_EQ(a.callouts.size(), 1u) << question << "\n" << RenderText(a);
    EXPECT_EQ(a.callouts[0].kind, "boxed_warning");
    EXPECT_NE(a.bottom_line.text.find("indicated in this fixture to reduce the risk of stroke"), std::string::npos)
        << question << "\n"
        << RenderText(a);
    ASSERT_FALSE(a.references.empty());
    EXPECT_EQ(a.references[0].id, zentrix);
    ExpectFaithful(a);
  }
  Answer risks = Ask("What are the risks of Zentrix?");
  ASSERT_TRUE(risks.answered) << risks.no_answer_reason;
  ASSERT_EQ(risks.callouts.size(), 1u) << RenderText(risks);
  EXPECT_EQ(risks.callouts[0].doc_id, zentrix);
}

// "What labs should I check on Prograf?": both question-domain models, which do not know drug
// names, called it non-medical (0.0005 and 0.011) and it was declined although the label was loaded.
TEST_F(DrugLabelAnswerTest, LabelQuestionTheDomainModelsCalledNonMedicalWasDeclined_NowAnswered) {
  AskOptions options;
  options.medical_probability = 0.0005;  // as both models gave it
  options.consumer_medical_probability = 0.011;
  auto a = ComposeAnswer(*index_, "What labs should I check on Zentrix?", options);
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  ASSERT_TRUE(a->answered) << a->no_answer_reason;
  ASSERT_FALSE(a->references.empty());
  EXPECT_EQ(a->references[0].id, "fda:aaaa0000-0000-4000-8000-000000000001");
  ExpectFaithful(*a);
  // Without a drug the same models' verdict still declines.
  auto car = ComposeAnswer(*index_, "What labs should I check on my car's brakes?", options);
  ASSERT_TRUE(car.ok()) << car.status().ToString();
  EXPECT_FALSE(car->answered) << RenderText(*car);
}

// Label statements quoted their pointers to other sections ("... once daily [see Use in Specific
// Populations ( 8.6 )] ."), a tenth of a drug answer's words; the statement now ends before the
// pointer, a narrower span of the same text.
TEST_F(DrugLabelAnswerTest, LabelStatementQuotedItsPointer_NowEndsBeforeIt) {
  Answer a = Ask("What dose of Zentrix should a patient with kidney disease take?");
  ASSERT_TRUE(a.answered) << a.no_answer_reason;
  std::vector<const Statement*> all = {&a.bottom_line};
  for (const auto& section : a.sections) {
    for (const auto& st : section.statements) all.push_back(&st);
  }
  const Statement* renal = nullptr;
  for (const Statement* st : all) {
    if (st->text.find("creatinine clearance 15 to 50 mL/min") != std::string::npos) renal = st;
  }
  ASSERT_NE(renal, nullptr) << RenderText(a);
  EXPECT_EQ(renal->text.find("[see"), std::string::npos) << renal->text;
  EXPECT_NE(renal->text.find("15 mg once daily in this fixture"), std::string::npos) << renal->text;
  ExpectFaithful(a);
}

// A label table's rows have no full stop, so none was ever quoted: a dose given only in a table
// was lost. A row of the named drug's label is now a statement, with the group row over it.
TEST_F(DrugLabelAnswerTest, LabelTableRowWasNeverQuoted_NowItIsAStatementWithItsGroup) {
  Answer a = Ask("What dose of Calmora is used in kidney disease on dialysis?");
  ASSERT_TRUE(a.answered) << a.no_answer_reason;
  std::vector<const Statement*> all = {&a.bottom_line};
  for (const auto& section : a.sections) {
    for (const auto& st : section.statements) all.push_back(&st);
  }
  bool row = false, header = false;
  for (const Statement* st : all) {
    row |= st->text == "Adults with kidney disease: On dialysis CrCl below 15 mL/min 5 mg once daily in this fixture";
    header |= st->text.find("Population Renal function Dose") != std::string::npos;
  }
  EXPECT_TRUE(row) << RenderText(a);
  EXPECT_FALSE(header) << RenderText(a);
  ExpectFaithful(a);
}

// A label's highlights write a population as a bullet of its own before its dose ("• Patients with
// CAD and No Prior Stroke or MI • Administer 60 mg BRILINTA twice daily."); the answer quoted the
// dose alone. The dose statement now starts at its population.
TEST_F(DrugLabelAnswerTest, DoseStatementLostItsPopulation_NowStartsAtIt) {
  Answer a = Ask("What dose of Calmora is given on hemodialysis?");
  ASSERT_TRUE(a.answered) << a.no_answer_reason;
  std::vector<const Statement*> all = {&a.bottom_line};
  for (const auto& section : a.sections) {
    for (const auto& st : section.statements) all.push_back(&st);
  }
  const Statement* dose = nullptr;
  for (const Statement* st : all) {
    if (st->text.find("Give 2 mg of Calmora") != std::string::npos) dose = st;
  }
  ASSERT_NE(dose, nullptr) << RenderText(a);
  EXPECT_EQ(dose->text.rfind("Adults on hemodialysis", 0), 0u) << dose->text;
  ExpectFaithful(a);
}

// A label's table flattened into its text read as one run-on sentence, and answers quoted it;
// the run-on is now left out (it holds the ends of two table rows) and the rows are quoted.
TEST_F(DrugLabelAnswerTest, FlattenedTableRunOnWasQuoted_NowItsRowsAre) {
  Answer a = Ask("What dose of Dormiva is used for insomnia in older adults?");
  ASSERT_TRUE(a.answered) << a.no_answer_reason;
  std::vector<const Statement*> all = {&a.bottom_line};
  for (const auto& section : a.sections) {
    for (const auto& st : section.statements) all.push_back(&st);
  }
  bool row = false, run_on = false;
  for (const Statement* st : all) {
    row |= st->text == "Insomnia in older adults 5 mg of Dormiva once nightly, no more";
    run_on |= st->text.find("Indication Dose Insomnia") != std::string::npos;
  }
  EXPECT_TRUE(row) << RenderText(a);
  EXPECT_FALSE(run_on) << RenderText(a);
  ExpectFaithful(a);
}

// A drug answer is about the drug: a source that does not name it adds nothing, however well it
// matches the question's other words.
TEST_F(DrugLabelAnswerTest, OtherSourcesMustNameTheDrug) {
  Answer a = Ask("What dose of Zentrix should a patient with kidney disease take?");
  ASSERT_TRUE(a.answered) << a.no_answer_reason;
  EXPECT_EQ(RefOf(a, "test:ckd"), 0) << RenderText(a);
  // Without the drug's label path the guideline answers the same words.
  Answer general = Ask("What dose should a patient with kidney disease take?");
  EXPECT_NE(RefOf(general, "test:ckd"), 0) << RenderText(general);
}

// Before, a sentence already quoted inside a longer statement (here the boxed warning's) was
// quoted again on its own: the same words twice in one answer.
TEST_F(DrugLabelAnswerTest, SentenceQuotedInsideALongerOneWasRepeated_NowItIsShownOnce) {
  Answer a = Ask("What are the warnings for Repetra?");
  ASSERT_TRUE(a.answered) << a.no_answer_reason;
  const std::string text = RenderText(a);
  const std::string words = "every month while it is taken";
  size_t count = 0;
  for (size_t at = text.find(words); at != std::string::npos; at = text.find(words, at + 1)) ++count;
  EXPECT_EQ(count, 1u) << text;
  EXPECT_NE(text.find("five times the upper limit"), std::string::npos) << text;
  ExpectFaithful(a);
}

// The highlights' boxed warning opens with its title and a pointer to the full one ("WARNING:
// MALIGNANCIES AND SERIOUS INFECTIONS See full prescribing information for complete boxed
// warning."), which the callout quoted as a statement.
TEST_F(DrugLabelAnswerTest, BoxedWarningQuotedItsPointerToTheFullWarning_NowOnlyWhatItSays) {
  Answer a = Ask("What are the warnings for Repetra?");
  ASSERT_TRUE(a.answered) << a.no_answer_reason;
  ASSERT_EQ(a.callouts.size(), 1u) << RenderText(a);
  ASSERT_FALSE(a.callouts[0].statements.empty()) << RenderText(a);
  for (const Statement& st : a.callouts[0].statements) {
    EXPECT_EQ(st.text.find("See full prescribing information"), std::string::npos) << st.text;
  }
  ExpectFaithful(a);
}

TEST_F(DrugLabelAnswerTest, ADrugClassFindsItsMembersLabel) {
  Answer a = Ask("What dose of a factor Xa inhibitor is used in kidney disease?");
  ASSERT_TRUE(a.answered) << a.no_answer_reason;
  ASSERT_FALSE(a.references.empty());
  EXPECT_EQ(a.references[0].id, "fda:aaaa0000-0000-4000-8000-000000000001") << RenderText(a);
  EXPECT_EQ(RefOf(a, "fda:bbbb0000-0000-4000-8000-000000000002"), 0) << RenderText(a);
  ExpectFaithful(a);
}

TEST_F(DrugLabelAnswerTest, SaltFreeGenericNameFindsTheLabel) {
  Answer a = Ask("Who should not take zentrafiban?");
  ASSERT_TRUE(a.answered) << a.no_answer_reason;
  const std::string where = WhereIs(a, "active pathological bleeding");
  EXPECT_TRUE(where == "Bottom line" || where == "Contraindications") << RenderText(a);
  ASSERT_EQ(a.callouts.size(), 1u);
}

}  // namespace
}  // namespace medoracle

namespace medoracle {
namespace {

// Documents read whole for a question about a lumbar nerve root: three guidelines on other
// regions use its anatomical words more often than the low back pain guideline does, and
// crowded it out of the answer (its NSAID recommendation never became a candidate).
class DocumentTitleTest : public SuiteIndexTest<DocumentTitleTest> {
 public:
  static void Build(const TempDir& dir) {
    std::string jsonl;
    const std::vector<std::pair<std::string, std::string>> others = {
        {"test:neck", "Cervical spine injury treatment guideline"},
        {"test:shoulder", "Shoulder impingement treatment guideline"},
        {"test:wrist", "Carpal tunnel and wrist treatment guideline"}};
    for (const auto& [id, title] : others) {
      std::vector<std::pair<std::string, std::string>> sections;
      for (int i = 1; i <= 25; ++i) {
        sections.push_back({"Foraminal impingement, part " + std::to_string(i),
                            "Treatment of lumbar radiculopathy from impingement at the L5 foramen depends on the level "
                            "in case " + std::to_string(i) + "; radicular pain from foraminal impingement at two "
                            "levels is treated at each level."});
      }
      jsonl += JsonlDoc(id, "guideline", title, 2018, sections);
    }
    // Unrelated guidelines, so that the question's words are rare, as in a real collection.
    for (int i = 1; i <= 150; ++i) {
      jsonl += JsonlDoc("test:other" + std::to_string(i), "guideline", "Hypertension guideline " + std::to_string(i),
                        2015, {{"Recommendations", "Measure blood pressure at every visit and treat stage " +
                                                       std::to_string(i) + " hypertension with diet and exercise."}});
    }
    jsonl += JsonlDoc("test:lbp", "guideline", "Low back pain treatment guideline", 2017,
                      {{"Radicular pain",
                        "For lumbar radiculopathy, we suggest an epidural steroid injection for short-term relief."},
                       {"Pharmacologic therapy",
                        "For patients with low back pain, we recommend treating with nonsteroidal "
                        "anti-inflammatory drugs."}});
    BuildIndex(dir, {{"docs.jsonl", jsonl}}, 154);
  }
};

TEST_F(DocumentTitleTest, GuidelineWhoseTitleNamesTheConditionWasCrowdedOut_NowItIsReadWhole) {
  Answer a = Ask("What is the treatment for L5 impingement at the foramen level?");
  ASSERT_TRUE(a.answered) << a.no_answer_reason;
  const std::string text = RenderText(a);
  EXPECT_NE(text.find("nonsteroidal anti-inflammatory drugs"), std::string::npos) << text;
  ExpectFaithful(a);
}

}  // namespace
}  // namespace medoracle

namespace medoracle {
namespace {

// An emergency the question's condition can hide: the seed question's answer had no red flags,
// because the guideline on cauda equina syndrome ranked below the three read whole.
class EmergencyGuidelineTest : public SuiteIndexTest<EmergencyGuidelineTest> {
 public:
  static void Build(const TempDir& dir) {
    std::string jsonl;
    const std::vector<std::pair<std::string, std::string>> whole = {
        {"test:lbp", "Low back pain treatment guideline"},
        {"test:radic", "Lumbar radiculopathy treatment guideline"},
        {"test:spine", "Spine care treatment guideline"}};
    for (const auto& [id, title] : whole) {
      std::vector<std::pair<std::string, std::string>> sections;
      for (int i = 1; i <= 12; ++i) {
        sections.push_back({"Recommendations, part " + std::to_string(i),
                            "For lumbar radiculopathy from impingement at the L5 foramen, we suggest physical therapy "
                            "and an NSAID in case " +
                                std::to_string(i) + "."});
      }
      jsonl += JsonlDoc(id, "guideline", title, 2018, sections);
    }
    for (int i = 1; i <= 150; ++i) {
      jsonl +=
          JsonlDoc("test:other" + std::to_string(i), "guideline", "Hypertension guideline " + std::to_string(i), 2015,
                   {{"Recommendations", "Measure blood pressure at every visit and treat stage " + std::to_string(i) +
                                            " hypertension with diet and exercise."}});
    }
    // Ranked fourth: its title names an emergency (a red flag), and its recommendations are what
    // a clinician treating a lumbar radiculopathy must not miss.
    jsonl += JsonlDoc("test:ces", "guideline", "Acute cauda equina syndrome diagnosis and treatment", 2014,
                      {{"Major Recommendations",
                        "New loss of bladder or bowel control with lumbar radicular pain calls for an MRI of the "
                        "lumbar spine the same day."},
                       {"Qualifying Statements", "This guideline is meant for lumbar spine surgeons."}});
    // Ranked fifth: not an emergency, so nothing of it is taken as a red flag.
    jsonl +=
        JsonlDoc("test:work", "guideline", "Return to work after lumbar surgery", 2016,
                 {{"Major Recommendations", "After lumbar surgery for radiculopathy, plan a graded return to work."}});
    BuildIndex(dir, {{"docs.jsonl", jsonl}}, 155);
  }
};

TEST_F(EmergencyGuidelineTest, EmergencyGuidelineBelowThoseReadWholeGaveNoRedFlags_NowItsCriteriaAreOne) {
  Answer a = Ask("What is the treatment for L5 impingement at the foramen level?");
  ASSERT_TRUE(a.answered) << a.no_answer_reason;
  const std::string text = RenderText(a);
  const auto red = std::find_if(a.sections.begin(), a.sections.end(),
                                [](const AnswerSection& s) { return s.title == "Red flags and pitfalls"; });
  ASSERT_NE(red, a.sections.end()) << text;
  ASSERT_FALSE(red->statements.empty()) << text;
  EXPECT_EQ(red->statements.front().evidence.front().doc_id, "test:ces") << text;
  EXPECT_NE(red->statements.front().text.find("bladder or bowel"), std::string::npos) << text;
  // Only its recommendations: not its qualifying statements, nor the other guideline ranked below.
  EXPECT_EQ(text.find("meant for lumbar spine surgeons"), std::string::npos) << text;
  ExpectFaithful(a);
}

}  // namespace
}  // namespace medoracle

namespace medoracle {
namespace {

// Labels whose pregnancy sections speak of supplements for pregnant women, and a prenatal care
// guideline (fixture text, not real labelling).
class UnnamedLabelTest : public SuiteIndexTest<UnnamedLabelTest> {
 public:
  static void Build(const TempDir& dir) {
    std::string labels;
    const std::vector<std::pair<std::string, std::string>> drugs = {
        {"Natalor", "NATALORINE"}, {"Gravexa", "GRAVEXANIB"}, {"Folvira", "FOLVIRAZOLE"}};
    for (size_t i = 0; i < drugs.size(); ++i) {
      const auto& [brand, generic] = drugs[i];
      labels += DrugLabelAnswerTest::Label(
                    "abcd000" + std::to_string(i) + "-0000-4000-8000-00000000000" + std::to_string(i), brand, generic,
                    {{"pregnancy",
                      {"8.1 Pregnancy Pregnant women taking " + brand +
                       " should take supplements: in pregnant women, iron and vitamin supplements were taken with " +
                       brand + " in this fixture. A pregnant woman should take her supplements apart from " + brand +
                       " in this fixture."}}})
                    .dump() +
                "\n";
    }
    const std::string guideline =
        JsonlDoc("test:prenatal", "guideline", "Routine prenatal care", 2018,
                 {{"Recommendations",
                   "Offer every pregnant woman a folic acid supplement of at least 400 micrograms daily. Offer "
                   "low-dose aspirin to a pregnant woman at high risk of preeclampsia."}});
    BuildIndex(dir, {{"labels.jsonl", labels}, {"docs.jsonl", guideline}}, 4);
  }
};

// A question naming no drug was answered from the labels of drugs it never named: every label
// has dosing, renal and pregnancy sections ("What preventive supplements should a pregnant woman
// take?" retrieved fifteen labels and not the prenatal care guideline).
TEST_F(UnnamedLabelTest, QuestionNamingNoDrugWasAnsweredFromDrugLabels_NowFromTheOtherSources) {
  const Answer a = Ask("What supplements should a pregnant woman take?");
  ASSERT_TRUE(a.answered) << a.no_answer_reason;
  ASSERT_FALSE(a.references.empty());
  EXPECT_EQ(a.references[0].id, "test:prenatal") << RenderText(a);
  for (const Reference& r : a.references) EXPECT_NE(r.type, RefType::kDrugLabel) << r.id << "\n" << RenderText(a);
  // Named, a drug is answered from its label.
  const Answer named = Ask("What supplements should a pregnant woman taking Natalor take?");
  ASSERT_TRUE(named.answered) << named.no_answer_reason;
  ASSERT_FALSE(named.references.empty());
  EXPECT_EQ(named.references[0].type, RefType::kDrugLabel) << RenderText(named);
}

}  // namespace
}  // namespace medoracle

namespace medoracle {
namespace {

// A drug and a combination product that contains it (fixture labels, not real labelling).
class CombinationLabelTest : public SuiteIndexTest<CombinationLabelTest> {
 public:
  static void Build(const TempDir& dir) {
    const std::string single_text =
        "2 DOSAGE AND ADMINISTRATION The recommended dose of Sedorin is 5 mg of sedozepam at bedtime in this fixture.";
    const std::string combination_text =
        "2 DOSAGE AND ADMINISTRATION The recommended dose of Sedocaf is one tablet of sedozepam and caffixine each "
        "morning in this fixture.";
    nlohmann::json single = DrugLabelAnswerTest::Label("eeee0000-0000-4000-8000-000000000005", "Sedorin", "SEDOZEPAM",
                                                       {{"dosage_and_administration", {single_text}}});
    single["openfda"]["substance_name"] = {"SEDOZEPAM"};
    nlohmann::json combination =
        DrugLabelAnswerTest::Label("ffff0000-0000-4000-8000-000000000006", "Sedocaf", "SEDOZEPAM AND CAFFIXINE",
                                   {{"dosage_and_administration", {combination_text}}});
    combination["openfda"]["substance_name"] = {"SEDOZEPAM", "CAFFIXINE"};
    BuildIndex(dir, {{"labels.jsonl", single.dump() + "\n" + combination.dump() + "\n"}}, 2);
  }
};

constexpr char kSingleLabel[] = "fda:eeee0000-0000-4000-8000-000000000005";
constexpr char kCombinationLabel[] = "fda:ffff0000-0000-4000-8000-000000000006";

// A knee osteoarthritis question "despite acetaminophen and an NSAID" was answered from the label
// of acetaminophen, caffeine and dihydrocodeine: one ingredient named the combination's label.
TEST_F(CombinationLabelTest, OneIngredientNamedTheCombinationsLabel_NowOnlyItsOwn) {
  const Answer a = Ask("What is the dose of sedozepam?");
  ASSERT_TRUE(a.answered) << a.no_answer_reason;
  ASSERT_FALSE(a.references.empty());
  EXPECT_EQ(a.references[0].id, kSingleLabel) << RenderText(a);
  EXPECT_EQ(RefOf(a, kCombinationLabel), 0) << RenderText(a);
}

TEST_F(CombinationLabelTest, CombinationNamedByItsBrandOrAllItsIngredientsIsItsLabel) {
  for (const std::string question :
       {"What is the dose of Sedocaf?", "What is the dose of sedozepam and caffixine tablets?"}) {
    const Answer a = Ask(question);
    ASSERT_TRUE(a.answered) << question << ": " << a.no_answer_reason;
    EXPECT_NE(RefOf(a, kCombinationLabel), 0) << question << "\n" << RenderText(a);
  }
}

}  // namespace
}  // namespace medoracle

namespace medoracle {
namespace {

// Findings that agree were shown as "Evidence is mixed": a negated finding whose "do not" follows
// its subject read as an effect ("improvements"), and a study's aim ("could be cost-effective")
// read as a finding.
class AgreeingFindingsTest : public SuiteIndexTest<AgreeingFindingsTest> {
 public:
  static void Build(const TempDir& dir) {
    std::string jsonl;
    jsonl += JsonlDoc("test:rev-esi-1", "review", "Epidural steroid injections for sciatica", 2015,
                      {{"Results",
                        "Epidural steroid injections do not, on average, provide meaningful long-term improvements "
                        "in leg pain from sciatica."}});
    jsonl += JsonlDoc("test:rev-esi-2", "review", "Long-term outcomes of epidural steroid injections", 2016,
                      {{"Results",
                        "Epidural steroid injections did not improve long-term leg pain from sciatica in pooled "
                        "trials."}});
    jsonl += JsonlDoc("test:rct-gluc", "randomized_trial", "Glucosamine for knee osteoarthritis", 2012,
                      {{"Results", "Glucosamine was ineffective for knee osteoarthritis pain at six months."}});
    jsonl += JsonlDoc("test:cost-oa", "observational_study", "Preventing knee osteoarthritis", 2018,
                      {{"Objective",
                        "We sought to determine when glucosamine for knee osteoarthritis pain could be "
                        "cost-effective."}});
    BuildIndex(dir, {{"docs.jsonl", jsonl}}, 4);
  }
};

TEST_F(AgreeingFindingsTest, FindingsThatAgreeWereShownAsMixed_NowTheyAreNot) {
  for (const char* q : {"Do epidural steroid injections improve long-term leg pain from sciatica?",
                        "Is glucosamine effective for knee osteoarthritis pain?"}) {
    const Answer a = Ask(q);
    ASSERT_TRUE(a.answered) << q << ": " << a.no_answer_reason;
    EXPECT_EQ(MixedSection(a), nullptr) << RenderText(a);
  }
}

}  // namespace
}  // namespace medoracle

namespace medoracle {
namespace {

// A clinician's blood pressure targets question read two consumer pages and one guideline whole,
// and not the hypertension guideline ranked fifth.
class ConsumerPagesTest : public SuiteIndexTest<ConsumerPagesTest> {
 public:
  static void Build(const TempDir& dir) {
    std::string jsonl;
    for (const char* id : {"test:page-bp-1", "test:page-bp-2"}) {
      jsonl += JsonlDoc(id, "consumer_health", "High blood pressure targets for older adults", 2020,
                        {{"Answer",
                          "Older adults with diabetes should ask about blood pressure targets at every visit. Blood "
                          "pressure targets for older adults with diabetes are set with your doctor."}});
    }
    for (const char* id : {"test:gl-bp-a", "test:gl-bp-b"}) {
      jsonl += JsonlDoc(id, "guideline", "Blood pressure in older adults with diabetes: targets", 2016,
                        {{"Recommendations",
                          "Blood pressure targets for older adults with diabetes are reviewed at each follow-up "
                          "visit in primary care."}});
    }
    // Its recommendation does not repeat the question's words: only reading it whole finds it.
    jsonl += JsonlDoc("test:gl-htn", "guideline", "Hypertension management guideline", 2014,
                      {{"Scope", "Blood pressure targets for older adults with diabetes are covered here."},
                       {"Recommendations",
                        "We recommend keeping systolic readings below 140 mmHg, checked every "
                        "three months."}});
    for (int i = 1; i <= 60; ++i) {
      jsonl += JsonlDoc("test:other" + std::to_string(i), "guideline", "Asthma guideline " + std::to_string(i), 2015,
                        {{"Recommendations",
                          "Use an inhaled corticosteroid for persistent asthma in case " + std::to_string(i) + "."}});
    }
    BuildIndex(dir, {{"docs.jsonl", jsonl}}, 65);
  }
};

TEST_F(ConsumerPagesTest, ConsumerPagesTookTheClinicianGuidelinesPlaces_NowTheGuidelineIsRead) {
  const Answer a = Ask("What blood pressure targets should I aim for in older adults with diabetes?");
  ASSERT_TRUE(a.answered) << a.no_answer_reason;
  EXPECT_NE(RenderText(a).find("below 140"), std::string::npos) << RenderText(a);
  ExpectFaithful(a);
}

}  // namespace
}  // namespace medoracle

namespace medoracle {
namespace {

// An opioid question's bottom line was "This should include the worker's current opioid dose
// ...": its subject is the sentence before it.
class PronounBottomLineTest : public SuiteIndexTest<PronounBottomLineTest> {
 public:
  static void Build(const TempDir& dir) {
    const std::string jsonl = JsonlDoc(
        "test:gl-opioid", "guideline", "Opioid prescribing for injured workers", 2015,
        {{"Recommendations",
          "Before opioids are prescribed to an injured worker, the provider performs an opioid evaluation. This "
          "should include the injured worker's current opioid dose, opioid history and an opioid evaluation of "
          "risk."}});
    BuildIndex(dir, {{"docs.jsonl", jsonl}}, 1);
  }
};

TEST_F(PronounBottomLineTest, PronounSubjectWasTheBottomLine_NowTheSentenceItPointsAtIs) {
  const Answer a = Ask("What should the opioid evaluation of an injured worker include?");
  ASSERT_TRUE(a.answered) << a.no_answer_reason;
  EXPECT_EQ(a.bottom_line.text.rfind("This should include", 0), std::string::npos) << RenderText(a);
  EXPECT_NE(a.bottom_line.text.find("the provider performs an opioid evaluation"), std::string::npos) << RenderText(a);
}

}  // namespace
}  // namespace medoracle

namespace medoracle {
namespace {

// A label that says one thing twice, once in full and once in short ("Therapeutic drug
// monitoring is recommended."), gave both: the short one's words are all in the long one, which
// Jaccard similarity (0.36 here) did not call a repeat.
class ContainedStatementTest : public SuiteIndexTest<ContainedStatementTest> {
 public:
  static void Build(const TempDir& dir) {
    const nlohmann::json label = DrugLabelAnswerTest::Label(
        "abab0000-0000-4000-8000-000000000007", "Montora", "MONTORAZINE",
        {{"warnings_and_precautions",
          {"5 WARNINGS AND PRECAUTIONS 5.1 Monitoring Therapeutic drug monitoring of montorazine trough "
           "concentrations is recommended for all patients taking Montora in this fixture. Therapeutic drug "
           "monitoring is recommended. Check liver enzymes every month while taking Montora in this fixture."}}});
    BuildIndex(dir, {{"labels.jsonl", label.dump() + "\n"}}, 1);
  }
};

TEST_F(ContainedStatementTest, ShortStatementWhoseWordsWereAllSaidWasRepeated_NowItIsLeftOut) {
  const Answer a = Ask("How should patients taking Montora be monitored?");
  ASSERT_TRUE(a.answered) << a.no_answer_reason;
  const std::string text = RenderText(a);
  EXPECT_NE(text.find("trough concentrations is recommended for all patients"), std::string::npos) << text;
  EXPECT_EQ(text.find("Therapeutic drug monitoring is recommended."), std::string::npos) << text;
  EXPECT_NE(text.find("liver enzymes every month"), std::string::npos) << text;
  ExpectFaithful(a);
}

}  // namespace
}  // namespace medoracle

namespace medoracle {
namespace {

// A drug answer's bottom line was "Therefore, the maximum recommended dosage in patients 60 years
// of age and older is lower than younger patients": it goes on from a sentence the reader never
// sees.
class ConnectiveBottomLineTest : public SuiteIndexTest<ConnectiveBottomLineTest> {
 public:
  static void Build(const TempDir& dir) {
    const nlohmann::json label = DrugLabelAnswerTest::Label(
        "acac0000-0000-4000-8000-000000000008", "Geriva", "GERIVAZOLE",
        {{"dosage_and_administration", {"2 DOSAGE AND ADMINISTRATION 2.1 Recommended Dosage Take Geriva with food."}},
         {"use_in_specific_populations",
          {"8 USE IN SPECIFIC POPULATIONS 8.5 Geriatric Use Exposure to gerivazole is higher in patients over 60 "
           "years of age in this fixture. Therefore, the maximum recommended dosage of Geriva in patients over 60 "
           "years of age is lower than in younger patients. Patients over 60 years of age take at most 10 mg of "
           "Geriva once daily in this fixture."}}});
    BuildIndex(dir, {{"labels.jsonl", label.dump() + "\n"}}, 1);
  }
};

TEST_F(ConnectiveBottomLineTest, BottomLineOpeningWithTherefore_NowAStatementThatStandsAlone) {
  const Answer a = Ask("What is the maximum dosage of Geriva for patients over 60 years of age?");
  ASSERT_TRUE(a.answered) << a.no_answer_reason;
  EXPECT_EQ(a.bottom_line.text.rfind("Therefore", 0), std::string::npos) << RenderText(a);
  EXPECT_NE(a.bottom_line.text.find("at most 10 mg"), std::string::npos) << RenderText(a);
  ExpectFaithful(a);
}

}  // namespace
}  // namespace medoracle

namespace medoracle {
namespace {

// A guideline whose one block of recommendations answers an elective-surgery question, and
// whose other blocks speak of the same workers and opioids (fixture text written for the test).
class BestSectionTest : public SuiteIndexTest<BestSectionTest> {
 public:
  static constexpr char kSurgery[] = "Major Recommendations > Managing Surgical Pain in Workers on Long-term Opioids";
  static const std::vector<std::string>& SurgeryRecommendations() {
    static const std::vector<std::string> kSentences = {
        "Plan the worker's pain care with the surgeon and the anesthesiologist before elective surgery.",
        "Check the prescription monitoring program for the worker's opioid history before surgery.",
        "Record the opioid dose the worker actually takes in the surgical chart.",
        "Keep the worker's usual opioid dose on the day of surgery to prevent withdrawal.",
        "Do not raise the opioid dose in the weeks before surgery.",
        "Do not start benzodiazepines or sleeping pills around surgery.",
        "Give acetaminophen for surgical pain unless the liver is diseased.",
        "Regional nerve blocks lower the opioid need during surgery where suitable.",
        "Convert intravenous opioids to oral tablets gradually once the worker eats after surgery.",
        "Prescribe short-acting opioids only for the extra pain of the surgical wound.",
        "Avoid extended-release opioids for postoperative pain in this worker.",
        "Taper the worker's opioids back to the preoperative dose within six weeks of surgery.",
        "Name one clinician who prescribes the worker's opioids after the operation.",
        "Expect pain control after surgery to take longer to settle in a worker on opioids."};
    return kSentences;
  }
  static void Build(const TempDir& dir) {
    std::vector<std::pair<std::string, std::string>> sections;
    for (const std::string& s : SurgeryRecommendations()) sections.push_back({kSurgery, s});
    for (const char* s : {"Review the worker's function and pain at every visit while opioids continue.",
                          "Stop chronic opioids when the worker's function does not improve with them.",
                          "Screen the worker for depression before opioids become chronic therapy.",
                          "Offer the worker on chronic opioids naloxone for overdose at home.",
                          "Check urine drug tests at random while the worker takes opioids for chronic pain.",
                          "Limit chronic opioid doses for the worker's pain to the lowest that helps function.",
                          "Write a treatment agreement with the worker before chronic opioid therapy.",
                          "Discuss the worker's goals for work and function when opioids are long-term.",
                          "Reassess the worker's opioid benefit every three months of chronic pain therapy.",
                          "Prefer non-opioid pain medicines for the worker's chronic pain where they help.",
                          "Count the worker's pills at visits while chronic opioid therapy continues.",
                          "Teach the worker how to store opioids safely at home during chronic therapy."}) {
      sections.push_back({"Major Recommendations > Opioids in the Chronic Phase", s});
    }
    std::string jsonl =
        JsonlDoc("test:opioid-workers", "guideline", "Prescribing opioids for pain in injured workers", 2013, sections);
    jsonl += JsonlDoc("test:asthma", "guideline", "Asthma in adults", 2019,
                      {{"Major Recommendations",
                        "Give an inhaled corticosteroid to adults with persistent asthma. "
                        "Check inhaler technique at every asthma review."}});
    jsonl += JsonlDoc("test:gout", "guideline", "Gout flares", 2020,
                      {{"Major Recommendations",
                        "Treat a gout flare with colchicine or an NSAID. "
                        "Start allopurinol after recurrent gout flares."}});
    jsonl += JsonlDoc("test:otitis", "guideline", "Acute otitis media in children", 2018,
                      {{"Major Recommendations",
                        "Offer amoxicillin to a child with severe ear pain and fever. "
                        "Watchful waiting suits a mild ear infection in an older child."}});
    BuildIndex(dir, {{"docs.jsonl", jsonl}}, 4);
  }
};

// Every recommendation of the one block that answers the question falls under one answer
// section, whose cap (ten statements) had refused the rest while the other sections took the
// guideline's less relevant sentences: a worker's elective surgery lost its taper and its
// no-long-acting-opioids recommendations.
TEST_F(BestSectionTest, BlockThatAnswersTheQuestionWasCutAtTenStatements_NowItGivesMore) {
  const Answer a = Ask("How should I manage the long-term opioids of a worker having elective surgery?");
  ASSERT_TRUE(a.answered) << a.no_answer_reason;
  size_t from_block = 0;
  for (const Statement* st : AllStatements(a)) {
    const auto& block = SurgeryRecommendations();
    if (std::find(block.begin(), block.end(), st->text) != block.end()) ++from_block;
  }
  EXPECT_GE(from_block, 12u) << RenderText(a);
  ExpectFaithful(a);
}

}  // namespace
}  // namespace medoracle

namespace medoracle {
namespace {

// A guideline read whole says some of its recommendations without the question's words: a foot
// care question's "Instruct patients to wash socks nightly ..." was refused as off-topic (the
// role model does not call it a recommendation and it names no question term); now a sentence
// under the guideline's recommendations heading is usable. Its scope note still is not.
class RecommendationsHeadingTest : public SuiteIndexTest<RecommendationsHeadingTest> {
 public:
  static void Build(const TempDir& dir) {
    std::string jsonl;
    for (int i = 1; i <= 40; ++i) {
      jsonl +=
          JsonlDoc("test:other" + std::to_string(i), "guideline", "Hypertension guideline " + std::to_string(i), 2015,
                   {{"Recommendations", "Measure blood pressure at every visit and treat stage " + std::to_string(i) +
                                            " hypertension with diet and exercise."}});
    }
    jsonl += JsonlDoc("test:foot", "guideline", "Diabetic foot ulcer prevention guideline", 2013,
                      {{"Major Recommendations > Foot Care",
                        "Examine the feet of every patient with diabetes at each visit to prevent foot ulcers. "
                        "Instruct patients to wash socks nightly and dry them thoroughly."},
                       {"Scope", "This guideline replaces the 2009 edition."}});
    BuildIndex(dir, {{"docs.jsonl", jsonl}}, 41);
  }
};

TEST_F(RecommendationsHeadingTest, SocksRecommendationNamingNoQuestionWordWasOffTopic_NowItIsUsed) {
  Answer a = Ask("How can a diabetic patient prevent foot ulcers?");
  ASSERT_TRUE(a.answered) << a.no_answer_reason;
  const std::string text = RenderText(a);
  EXPECT_NE(text.find("wash socks nightly"), std::string::npos) << text;
  EXPECT_EQ(text.find("replaces the 2009 edition"), std::string::npos) << text;
  ExpectFaithful(a);
}

}  // namespace
}  // namespace medoracle

namespace medoracle {
namespace {

// A case question tells its circumstances before it asks: "a hospital housekeeper ... stuck by a
// needle poking out of a trash bag" are words no guideline uses, and their weight sank the
// evidence's coverage of the question below the decline bar although the hepatitis B guideline
// answers what is asked. Now a case question's confidence is also judged on its focus: what its
// last sentence asks and the medical concepts it names.
class CaseQuestionTest : public SuiteIndexTest<CaseQuestionTest> {
 public:
  static void Build(const TempDir& dir) {
    const std::string obo =
        "format-version: 1.2\n\n[Term]\nid: DOID:2043\nname: hepatitis B\ndef: \"A viral hepatitis.\" []\n";
    std::string jsonl = AsthmaGuidelines(30);
    jsonl += JsonlDoc("test:hbv", "guideline", "Hepatitis B exposure in health care workers", 2016,
                      {{"Major Recommendations",
                        "Give hepatitis B immune globulin and the first vaccine dose to an unvaccinated worker "
                        "after a needlestick exposure to manage the hepatitis B risk. "
                        "Test the source patient for hepatitis B surface antigen when the source is known."}});
    BuildIndex(dir, {{"doid.obo", obo}, {"docs.jsonl", jsonl}}, 31);
  }
};

TEST_F(CaseQuestionTest, HousekeeperStuckByANeedleWasDeclined_NowTheHepatitisBGuidelineAnswers) {
  const Answer a =
      Ask("A hospital housekeeper who never got her shots is stuck by a needle poking out of a trash bag while "
          "emptying bins. How should her hepatitis B risk be managed?");
  ASSERT_TRUE(a.answered) << a.no_answer_reason;
  EXPECT_NE(RenderText(a).find("hepatitis B immune globulin"), std::string::npos) << RenderText(a);
  ExpectFaithful(a);
  // The same case asking what nothing loaded covers is still declined, though it names the
  // guideline's condition.
  const Answer uncovered =
      Ask("A hospital housekeeper who never got her hepatitis B shots is stuck by a needle poking out of a trash "
          "bag while emptying bins. Which gloves and boots should she wear?");
  EXPECT_FALSE(uncovered.answered) << RenderText(uncovered);
}

}  // namespace
}  // namespace medoracle

namespace medoracle {
namespace {

// A guideline's parallel recommendations share most of their words and differ in the claim:
// "... recommends against systemic corticosteroids for fatigue ..." and "... against immunotherapy
// to relieve fatigue ..." (stems in common 0.65 of their union) were refused as repeats, so the
// answer named one treatment to avoid of two. Now a repeat shares 0.7, or one sentence holds the
// other's every word.
class ParallelRecommendationsTest : public SuiteIndexTest<ParallelRecommendationsTest> {
 public:
  static void Build(const TempDir& dir) {
    std::string jsonl = AsthmaGuidelines(30);
    jsonl += JsonlDoc(
        "test:cmi", "guideline", "Management of chronic multisymptom illness", 2014,
        {{"Major Recommendations",
          "The guideline panel recommends against systemic corticosteroids for fatigue in chronic multisymptom "
          "illness. (Strong Against)"},
         {"Major Recommendations",
          "The guideline panel recommends against immunotherapy to relieve fatigue in chronic multisymptom "
          "illness. (Strong Against)"},
         {"Major Recommendations", "In pregnant females, stop the stimulant for fatigue."},
         {"Major Recommendations",
          "In pregnant females, stop the stimulant for fatigue, and do not restart the stimulant after delivery."},
         {"Special Populations",
          "In pregnant females, stop the stimulant for fatigue. (Moderate Recommendation, Very Low-Quality "
          "Evidence)"}});
    BuildIndex(dir, {{"docs.jsonl", jsonl}}, 31);
  }
};

TEST_F(ParallelRecommendationsTest, SecondTreatmentToAvoidWasARepeat_NowBothAreStatedAndRepeatsAreNot) {
  const Answer a = Ask("Which treatments should be avoided for fatigue in chronic multisymptom illness?");
  ASSERT_TRUE(a.answered) << a.no_answer_reason;
  const std::string text = RenderText(a);
  EXPECT_NE(text.find("against systemic corticosteroids"), std::string::npos) << text;
  EXPECT_NE(text.find("against immunotherapy"), std::string::npos) << text;
  size_t stops = 0;
  for (size_t at = text.find("stop the stimulant"); at != std::string::npos;
       at = text.find("stop the stimulant", at + 1)) {
    ++stops;
  }
  EXPECT_EQ(stops, 2u) << text;  // the longer one's extra words are a claim of their own
  EXPECT_NE(text.find("do not restart the stimulant"), std::string::npos) << text;
  ExpectFaithful(a);
}

}  // namespace
}  // namespace medoracle

namespace medoracle {
namespace {

// An opioid guideline lists what not to combine under "Use Is NOT RECOMMENDED:", one item per
// line; the item "Any combination of opioids with benzodiazepines, sedative-hypnotics or
// barbiturates." ends like a sentence and was quoted alone, where it reads as advice to combine
// them. Now an item of a list led in by advice against is quoted with its lead-in or not at all.
class AdviceAgainstListTest : public SuiteIndexTest<AdviceAgainstListTest> {
 public:
  static void Build(const TempDir& dir) {
    std::string jsonl = AsthmaGuidelines(30);
    jsonl += JsonlDoc("test:opioids", "guideline", "Opioid prescribing for injured workers", 2013,
                      {{"Major Recommendations > Drugs and Drug Combinations to Avoid", "Use Is NOT RECOMMENDED:"},
                       {"Major Recommendations > Drugs and Drug Combinations to Avoid", "Carisoprodol (Soma)"},
                       {"Major Recommendations > Drugs and Drug Combinations to Avoid",
                        "Any combination of opioids with benzodiazepines, sedative-hypnotics or barbiturates."},
                       {"Major Recommendations > Dosing",
                        "Prescribe the lowest effective opioid dose for an injured worker's acute pain."}});
    BuildIndex(dir, {{"docs.jsonl", jsonl}}, 31);
  }
};

TEST_F(AdviceAgainstListTest, ItemOfANotRecommendedListWasQuotedAlone_NowOnlyWithItsLeadIn) {
  const Answer a =
      Ask("Which opioid combinations with benzodiazepines or barbiturates should an injured worker avoid?");
  ASSERT_TRUE(a.answered) << a.no_answer_reason;
  const std::string text = RenderText(a);
  for (const Statement* st : AllStatements(a)) {
    EXPECT_NE(st->text.rfind("Any combination of opioids", 0), 0u) << "an item quoted without its lead-in\n" << text;
  }
  EXPECT_NE(text.find("lowest effective opioid dose"), std::string::npos) << text;
  ExpectFaithful(a);
}

}  // namespace
}  // namespace medoracle
