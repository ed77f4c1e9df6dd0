// Tests of the study design read from a research record (issue 13: PubMed, SciFact, PubMedQA and
// BioASQ references were all "OTHER"): MeSH check tags, titles, methods sentences, and the
// background sentences that must not count; and, over the shared PubMedQA set, how many of each.
#include "corpus/study_design.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <map>

#include "corpus/collecting_sink.h"
#include "corpus/reader.h"
#include "test_data.h"

namespace medoracle {
namespace {

Document Record(std::string title, std::string text, std::vector<std::string> mesh = {}) {
  Document doc;
  doc.id = "pmid:1";
  doc.pmid = "1";
  doc.title = std::move(title);
  doc.text = std::move(text);
  doc.keywords = std::move(mesh);
  return doc;
}

TEST(StudyDesignTest, MeshCheckTagsSettleAnimalWork) {
  EXPECT_EQ(StudyDesignOf(Record("Metformin after stroke", "Infarct volume fell.", {"Animals", "Rats", "Stroke"})),
            RefType::kAnimalStudy);
  // Both tags: people were studied too, so the design comes from the text.
  EXPECT_EQ(StudyDesignOf(Record("Metformin after stroke", "Patients were randomly assigned to metformin.",
                                 {"Animals", "Humans"})),
            RefType::kRandomizedTrial);
  // Humans only: mice mentioned in the background do not make it animal work.
  EXPECT_EQ(StudyDesignOf(Record("Statins and sepsis", "In mice statins protect; we ran a retrospective cohort study.",
                                 {"Humans"})),
            RefType::kObservationalStudy);
}

TEST(StudyDesignTest, WithoutMeshAnimalsOrCellsOnlyMeanLaboratoryWork) {
  EXPECT_EQ(StudyDesignOf(Record("Targeting A20 decreases glioma stem cell survival",
                                 "A20 knockdown in cell lines and xenografts in mice reduced tumor growth.")),
            RefType::kAnimalStudy);
  // A review that discusses mouse work is a review.
  EXPECT_EQ(StudyDesignOf(Record("Cytokines in Crohn's disease",
                                 "PURPOSE OF REVIEW To summarise what murine colitis models teach.")),
            RefType::kReview);
  EXPECT_EQ(StudyDesignOf(Record("Aspirin and colorectal adenoma",
                                 "Mouse models suggested benefit; we followed 3,000 patients for ten years.")),
            RefType::kOther);
}

TEST(StudyDesignTest, TitlesThatNameTheirDesign) {
  const std::pair<const char*, RefType> cases[] = {
      {"Exercise for low back pain: a systematic review and meta-analysis", RefType::kSystematicReview},
      {"Colchicine in gout flares: a randomized, double-blind trial", RefType::kRandomizedTrial},
      {"Sleep and dementia in a population-based cohort", RefType::kObservationalStudy},
      {"Carotid intima thickness and atheroma burden: a cross sectional study", RefType::kObservationalStudy},
      {"Syncope during bathing in infants: a case report", RefType::kCaseReport},
      {"Management of hyperkalaemia: a review", RefType::kReview},
      {"Clinical practice guideline for the management of gout", RefType::kGuideline},
      {"Are clinical practice guidelines followed in rural clinics?", RefType::kOther},
      {"Bayesian measures of model complexity and fit", RefType::kOther},
  };
  for (const auto& [title, type] : cases) {
    EXPECT_EQ(StudyDesignOf(Record(title, "We studied it.", {"Humans"})), type) << title;
  }
}

TEST(StudyDesignTest, MethodsSentencesNameTheDesignBackgroundSentencesDoNot) {
  const std::pair<const char*, RefType> cases[] = {
      {"We searched MEDLINE and Embase to 2019 and pooled 12 trials.", RefType::kSystematicReview},
      {"Adults with gout were randomly assigned to colchicine or placebo.", RefType::kRandomizedTrial},
      {"We reviewed 412 charts in a retrospective cohort of children.", RefType::kObservationalStudy},
      {"We report a case of a 4-month-old infant with syncope while bathing.", RefType::kCaseReport},
      {"In this review we summarise the treatment of hyperkalaemia.", RefType::kReview},
      // A design mentioned as what is missing is not this work's design.
      {"No randomized controlled trial has tested this; we describe our experience.", RefType::kOther},
      {"Meta-analyses disagree about the benefit in older patients.", RefType::kOther},
      // Weaker cues of people observed count only with people studied.
      {"We analysed 85 consecutive patients treated with surgery.", RefType::kObservationalStudy},
      {"A genome-wide survey of transcription factor binding sites.", RefType::kOther},
  };
  for (const auto& [text, type] : cases) {
    EXPECT_EQ(StudyDesignOf(Record("Outcomes of treatment", text, {"Humans"})), type) << text;
  }
  // A systematic review of randomized trials is a systematic review.
  EXPECT_EQ(StudyDesignOf(Record("Outcomes", "This meta-analysis pooled patients who were randomly assigned.")),
            RefType::kSystematicReview);
  // The title wins over the text.
  EXPECT_EQ(StudyDesignOf(Record("A randomized trial of exercise", "We conducted a retrospective analysis too.")),
            RefType::kRandomizedTrial);
}

TEST(StudyDesignTest, WholeWordsOnly) {
  // "rat" inside "ratio" or "cohort" inside "cohorts" of a title are no cues... ("cohorts" is).
  EXPECT_EQ(StudyDesignOf(Record("Odds ratio estimation", "The hazard ratio was computed for the model.")),
            RefType::kOther);
  EXPECT_EQ(StudyDesignOf(Record("Randomizedness of sequences", "Pseudo-random sequences were generated.")),
            RefType::kOther);
}

// Over the 1,000 PubMedQA abstracts of the shared data: every record gets a type, most a design, and
// animal work is recognised by its check tags.
TEST(StudyDesignTest, SharedPubmedqaRecordsAreTypedByDesign) {
  MEDORACLE_REQUIRE_SHARED_DATA("pubmedqa/data/ori_pqal.json");
  auto file = LoadInputFile(testing::SharedData("pubmedqa/data/ori_pqal.json"));
  ASSERT_TRUE(file.ok()) << file.status().ToString();
  CollectingSink sink;
  ASSERT_TRUE(ReadPubmedqaJson(*file, sink).ok());
  std::map<RefType, int> counts;
  for (const Document& d : sink.documents) ++counts[d.type];
  ASSERT_EQ(sink.documents.size(), 1000u);
  // 32 records carry "Animals" without "Humans" (checked with the file's MESHES).
  EXPECT_EQ(counts[RefType::kAnimalStudy], 32);
  EXPECT_GE(counts[RefType::kRandomizedTrial], 20);
  EXPECT_GE(counts[RefType::kObservationalStudy], 200);
  EXPECT_LT(counts[RefType::kOther], 500) << "most abstracts state their design";
  EXPECT_EQ(counts[RefType::kGuideline], 0) << "PubMedQA holds no guidelines (its titles are questions)";
  for (const auto& [type, n] : counts) std::printf("  %-35s %d\n", std::string(RefTypeLabel(type)).c_str(), n);
}

}  // namespace
}  // namespace medoracle
