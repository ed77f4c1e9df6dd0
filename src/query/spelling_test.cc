// Spelling corrector tests: medical misspellings restored, known words (a rare drug, common
// words) never changed, abbreviations, numbers and short words left alone, loading from an index.
#include "query/spelling.h"

#include <gtest/gtest.h>

#include "memory_index.h"

namespace medoracle::query {
namespace {

// A dictionary as an index would give it: words stemmed as the index stems them, with the number
// of passages holding each (about what the whole shared data holds).
SpellingCorrector Corrector(SpellingOptions options = {}) {
  const std::vector<std::pair<std::string, uint64_t>> words = {
      {"what", 9000},        {"treatment", 15388},   {"treatments", 2000},   {"hypertension", 876},
      {"hypertensive", 300}, {"tension", 60},        {"metformin", 136},     {"diabetes", 3188},
      {"diabetic", 900},     {"dose", 4000},         {"does", 5000},         {"pregnancy", 1199},
      {"therapy", 6671},     {"first", 8000},        {"line", 3000},         {"patients", 20000},
      {"children", 5000},    {"guidelines", 2500},   {"asthma", 1500},       {"meningitis", 200},
      {"symptoms", 6000},    {"gout", 300},          {"allopurinol", 40},     {"colchicine", 24},
      {"febuxostat", 2},     {"pegloticase", 2},     {"canagliflozin", 50},   {"simvastatin", 40},
      {"insulin", 2500},     {"treat", 3000},        {"trial", 4000},        {"trail", 3},
      {"infection", 7000},   {"injection", 2000},    {"with", 30000},        {"management", 9000}};
  Tokenizer tokenizer;
  std::vector<Index::TermCount> terms;
  for (const auto& [word, passages] : words) terms.push_back({tokenizer.Stem(word), passages});
  SpellingCorrector corrector(options);
  corrector.AddTerms(terms);
  corrector.AddVocabulary({{"doid", "DOID:10763", "hypertension", {"high blood pressure"}},
                           {"doid", "DOID:9351", "diabetes mellitus", {}},
                           {"doid", "DOID:2841", "asthma", {}},
                           {"hpo", "HP:0001337", "tremor", {"shakiness"}}});
  corrector.Build();
  return corrector;
}

TEST(SpellingTest, RestoresMisspelledMedicalWords) {
  const SpellingCorrector c = Corrector();
  EXPECT_EQ(c.CorrectWord("hypertention"), "hypertension");
  EXPECT_EQ(c.CorrectWord("treatmnt"), "treatment");
  EXPECT_EQ(c.CorrectWord("metformn"), "metformin");
  EXPECT_EQ(c.CorrectWord("diabetis"), "diabetes");
  EXPECT_EQ(c.CorrectWord("hypertensoin"), "hypertension");  // a transposition is one edit
  EXPECT_EQ(c.CorrectWord("pregnacy"), "pregnancy");
  EXPECT_EQ(c.CorrectWord("symptomps"), "symptoms");
  EXPECT_EQ(c.CorrectWord("alopurinol"), "allopurinol");
  EXPECT_EQ(c.CorrectWord("shakyness"), "shakiness");  // a vocabulary word the index lacks
}

TEST(SpellingTest, CorrectsAQuestionAndSaysWhat) {
  const SpellingCorrector c = Corrector();
  const CorrectedQuestion q = c.Correct("wat is the treatmnt for Hypertention?");
  EXPECT_EQ(q.text, "wat is the treatment for Hypertension?");  // "wat": three letters, left alone
  ASSERT_EQ(q.corrections.size(), 2u);
  EXPECT_EQ(q.corrections[0].from, "treatmnt");
  EXPECT_EQ(q.corrections[0].to, "treatment");
  EXPECT_EQ(q.corrections[0].start, 11u);
  EXPECT_EQ(q.corrections[0].end, 19u);
  EXPECT_EQ(q.corrections[1].from, "Hypertention");
  EXPECT_EQ(q.corrections[1].to, "Hypertension");  // the capital is kept
  const CorrectedQuestion clean = c.Correct("What is the first-line treatment for hypertension?");
  EXPECT_TRUE(clean.corrections.empty());
  EXPECT_EQ(clean.text, "What is the first-line treatment for hypertension?");
}

TEST(SpellingTest, NeverChangesARareDrugTheIndexHolds) {
  const SpellingCorrector c = Corrector();
  // Two passages of the gout guideline name them: known, so never corrected, even where a
  // frequent word is near ("trail": three passages, one edit from "trial").
  EXPECT_EQ(c.CorrectWord("febuxostat"), "");
  EXPECT_EQ(c.CorrectWord("pegloticase"), "");
  EXPECT_EQ(c.CorrectWord("trail"), "");
  const std::string q = "Is febuxostat or pegloticase better than allopurinol for gout?";
  EXPECT_EQ(c.Correct(q).text, q);
  // A misspelling of it is left alone: so rare an index term is no target (a stem need not be a
  // word; SpellingOptions::min_target_passages), in no form ("febuxostats").
  EXPECT_EQ(c.CorrectWord("febuxostatt"), "");
  EXPECT_EQ(c.CorrectWord("febuxostar"), "");
}

TEST(SpellingTest, ARareStemIsNotOfferedAsAWord) {
  // The index holds "foraminal" (index term "foramin") in two passages, and not "foramen":
  // "foramen" must not become "foramin" (the L5 foramen question on an index of overviews).
  Tokenizer tokenizer;
  SpellingCorrector c;  // default options
  c.AddTerms({{tokenizer.Stem("foraminal"), 2}, {tokenizer.Stem("treatment"), 35}, {tokenizer.Stem("level"), 4}});
  c.Build();
  EXPECT_EQ(c.CorrectWord("foramen"), "");
  EXPECT_EQ(c.CorrectWord("treatmnt"), "treatment");
}

TEST(SpellingTest, AnUnknownDrugNameIsNotTurnedIntoAnotherDrug) {
  const SpellingCorrector c = Corrector();
  // Not in this index, two edits from a drug that is: a drug-name ending allows one edit only.
  EXPECT_EQ(c.CorrectWord("dapagliflozin"), "");
  EXPECT_EQ(c.CorrectWord("simvistatin"), "simvastatin");
}

TEST(SpellingTest, NeverChangesCommonWords) {
  const SpellingCorrector c = Corrector();
  for (const char* word : {"does", "dose", "treat", "trial", "with", "first", "patients", "management"}) {
    EXPECT_EQ(c.CorrectWord(word), "") << word;
  }
  const std::string q = "What dose of insulin does a patient with diabetes need?";
  EXPECT_EQ(c.Correct(q).text, q);
}

TEST(SpellingTest, LeavesAbbreviationsNumbersAndShortWordsAlone) {
  const SpellingCorrector c = Corrector();
  for (const char* q : {"HTN in T2DM", "COPD and HTNN", "metformn 500mg", "2019 guidlines2", "NSAIDs", "McArdle",
                        "flu wat", "Ménière"}) {
    const CorrectedQuestion r = c.Correct(q);
    if (std::string(q) == "metformn 500mg") {
      EXPECT_EQ(r.text, "metformin 500mg");  // the word is corrected, the dose left as written
    } else {
      EXPECT_EQ(r.text, q);
      EXPECT_TRUE(r.corrections.empty()) << q;
    }
  }
}

TEST(SpellingTest, ShortWordsGetOneEditLongWordsTwo) {
  const SpellingCorrector c = Corrector();
  EXPECT_EQ(c.CorrectWord("astma"), "asthma");      // five letters, one edit
  EXPECT_EQ(c.CorrectWord("gotu"), "gout");         // four letters, a transposition
  EXPECT_EQ(c.CorrectWord("gxxt"), "");             // four letters, two edits: too far
  EXPECT_EQ(c.CorrectWord("mennigitis"), "meningitis");  // two edits
  EXPECT_EQ(c.CorrectWord("mxnxxgitis"), "");       // three edits
}

TEST(SpellingTest, PrefersFewerEditsThenMorePassages) {
  const SpellingCorrector c = Corrector();
  // "injektion": one edit from "injection", two from "infection" (more passages).
  EXPECT_EQ(c.CorrectWord("injektion"), "injection");
  // "infxction": one edit from "infection" only.
  EXPECT_EQ(c.CorrectWord("infxction"), "infection");
  // "tretment": one edit from "treatment" (15,388 passages) and from nothing else.
  EXPECT_EQ(c.CorrectWord("tretment"), "treatment");
}

TEST(SpellingTest, EditDistanceCountsATranspositionOnce) {
  EXPECT_EQ(EditDistance("hypertensoin", "hypertension", 2), 1u);
  EXPECT_EQ(EditDistance("abc", "abc", 2), 0u);
  EXPECT_EQ(EditDistance("", "ab", 2), 2u);
  EXPECT_EQ(EditDistance("kitten", "sitting", 5), 3u);
  EXPECT_EQ(EditDistance("kitten", "sitting", 2), 3u);  // over max: max + 1
  EXPECT_EQ(EditDistance("treatmnt", "treatment", 1), 1u);
}

TEST(SpellingTest, LoadsFromAnIndexAndTellsWhenAQuestionMayNeedIt) {
  testing::MemoryIndex index;
  Document doc;
  doc.id = "t:1";
  doc.title = "Hypertension";
  DocumentBuilder builder(std::move(doc));
  builder.AddSection("Body",
                     "First-line treatment of hypertension is a thiazide. Treatment of hypertension in pregnancy "
                     "uses labetalol.");
  ASSERT_TRUE(index.Put(builder.Finish()).ok());
  ASSERT_TRUE(index.AddVocabulary({"doid", "DOID:10763", "hypertension", {}}).ok());
  ASSERT_TRUE(index.Commit().ok());
  auto terms = index.Terms(1);
  ASSERT_TRUE(terms.ok());
  EXPECT_TRUE(std::any_of(terms->begin(), terms->end(), [](const Index::TermCount& t) {
    return t.term == "hypertens" && t.passages >= 1;
  }));
  SpellingCorrector c(SpellingOptions{.min_target_passages = 1});
  ASSERT_TRUE(c.LoadFromIndex(index).ok());
  // "hypertension": the vocabulary's word; "treatment": written twice in the passages sampled.
  EXPECT_EQ(c.Correct("treatmnt of hypertention").text, "treatment of hypertension");
  EXPECT_EQ(c.Correct("labetalo in pregnacy").text, "labetalol in pregnancy");
  EXPECT_EQ(c.Correct("labetalol in pregnancy").text, "labetalol in pregnancy");
  auto may = MayNeedCorrection(index, "treatment of hypertension in pregnancy");
  ASSERT_TRUE(may.ok());
  EXPECT_FALSE(*may);
  may = MayNeedCorrection(index, "treatmnt of hypertension");
  ASSERT_TRUE(may.ok());
  EXPECT_TRUE(*may);
  may = MayNeedCorrection(index, "HTN in T2DM?");  // nothing correctable
  ASSERT_TRUE(may.ok());
  EXPECT_FALSE(*may);
}

}  // namespace
}  // namespace medoracle::query
