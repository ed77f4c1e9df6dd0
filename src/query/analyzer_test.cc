// Question analysis tests: stopwords, abbreviations both ways, vocabulary synonyms,
// related terms, focus recognition, Schwartz & Hearst definitions.
#include "query/analyzer.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "query/abbreviations.h"

namespace medoracle::query {
namespace {

double WeightOf(const AnalysedQuery& q, const std::string& term) {
  for (const auto& t : q.terms) {
    if (t.term == term) return t.weight;
  }
  return 0;
}

bool HasFocus(const AnalysedQuery& q, const std::string& kind, const std::string& name) {
  return std::any_of(q.focus.begin(), q.focus.end(),
                     [&](const FocusConcept& f) { return f.kind == kind && f.name == name; });
}

TEST(AnalyzerTest, DropsStopwordsAndQuestionWordsAndCountsRepeats) {
  QueryAnalyzer analyzer;
  const auto q = analyzer.Analyse("What is the role of the gut microbiome in gut inflammation?");
  EXPECT_EQ(WeightOf(q, "what"), 0);
  EXPECT_EQ(WeightOf(q, "the"), 0);
  EXPECT_EQ(WeightOf(q, "role"), 1);
  EXPECT_EQ(WeightOf(q, "gut"), 2);
  EXPECT_EQ(WeightOf(q, "inflamm"), 1);  // stemmed as the index stems
  // A question of stopwords only keeps them rather than matching nothing.
  EXPECT_FALSE(analyzer.Analyse("What is it?").terms.empty());
}

TEST(AnalyzerTest, ExpandsAbbreviationsBothWays) {
  QueryAnalyzer analyzer;
  const auto q = analyzer.Analyse("Is HTN a risk factor for CKD in NSAIDs users?");
  EXPECT_EQ(WeightOf(q, "htn"), 1);
  EXPECT_DOUBLE_EQ(WeightOf(q, "hypertens"), 0.5);
  EXPECT_DOUBLE_EQ(WeightOf(q, "kidney"), 0.5);
  EXPECT_DOUBLE_EQ(WeightOf(q, "nonsteroid"), 0.5);  // plural short form
  EXPECT_TRUE(HasFocus(q, "abbreviation", "hypertension"));
  // Spelled out, the abbreviation is added.
  const auto spelled = analyzer.Analyse("hydroxyurea in sickle cell disease");
  EXPECT_DOUBLE_EQ(WeightOf(spelled, "scd"), 0.5);
  // Lower-case words are not abbreviations ("ms" is not multiple sclerosis).
  EXPECT_EQ(WeightOf(analyzer.Analyse("reaction time in ms"), "sclerosi"), 0);
}

// "pregnant" and "pregnancy" stem apart, so "What should a pregnant woman take?" did not reach the
// guideline for the management of pregnancy (nor "short of breath" a label's "dyspnea").
TEST(AnalyzerTest, ConditionAdjectiveMissedItsNoun_NowItFindsIt) {
  QueryAnalyzer analyzer;
  EXPECT_GT(WeightOf(analyzer.Analyse("What supplements should a pregnant woman take?"), "pregnanc"), 0);
  EXPECT_GT(WeightOf(analyzer.Analyse("He feels short of breath on Brilinta"), "dyspnea"), 0);
  EXPECT_GT(WeightOf(analyzer.Analyse("an anemic child"), "anemia"), 0);
}

// "How can I help a patient with HIV who is living in a shelter stick to his antiretroviral
// regimen?" was answered with the homeless HIV guideline's housing and hepatitis advice: its
// adherence recommendations never say "stick".
TEST(AnalyzerTest, StickToHisRegimenMissedAdherence_NowItFindsIt) {
  QueryAnalyzer analyzer;
  EXPECT_GT(WeightOf(analyzer.Analyse("How can I help him stick to his antiretroviral regimen?"), "adher"), 0);
}

// A Gulf War veteran's fatigue question found a page on ALS in Gulf War veterans: the guideline
// on chronic multisymptom illness (Gulf War illness) never names the war.
TEST(AnalyzerTest, GulfWarVeteranMissedChronicMultisymptomIllness_NowItFindsIt) {
  QueryAnalyzer analyzer;
  const auto q = analyzer.Analyse("A Gulf War veteran has exhausting fatigue. What treatments help?");
  EXPECT_GT(WeightOf(q, "multisymptom"), 0);
  EXPECT_GT(WeightOf(q, "ill"), 0);
}

// A child with sickle cell anemia and "a temperature of 39.6 C" was answered from the transfusion
// guideline: the guideline on acute complications calls it fever.
TEST(AnalyzerTest, TemperatureInTheRangeOfFeverMissedFever_NowItFindsIt) {
  QueryAnalyzer analyzer;
  for (const char* q : {"A 3-year-old has a temperature of 39.6 C. What work-up?", "temp 102F in a child with SCD",
                        "Temperature 38.5 \u00b0C after surgery", "with a temperature of 101 in a toddler"}) {
    EXPECT_GT(WeightOf(analyzer.Analyse(q), "fever"), 0) << q;
  }
  for (const char* q : {"A temperature of 37.2 C after a run", "temp 99.1 F", "Temperature-controlled storage at 40 mg",
                        "How long does a temperature take to come down?"}) {
    EXPECT_EQ(WeightOf(analyzer.Analyse(q), "fever"), 0) << q;
  }
}

TEST(AnalyzerTest, LearnedAbbreviationsMatchTheirExactCase) {
  QueryAnalyzer analyzer;
  analyzer.AddAbbreviations({{"5hmC", "5-hydroxymethylcytosine"}}, "learned");
  EXPECT_GT(WeightOf(analyzer.Analyse("5hmC levels in embryonic stem cells"), "5"), 0);
  EXPECT_GT(WeightOf(analyzer.Analyse("5hmC levels in embryonic stem cells"), "hydroxymethylcytosin"), 0);
}

TEST(AnalyzerTest, VocabularySynonymsAndFocus) {
  QueryAnalyzer analyzer;
  analyzer.AddVocabulary({{"hpo", "HP:0001658", "Myocardial infarction", {"Heart attack"}},
                          {"doid", "DOID:9352", "type 2 diabetes mellitus", {"NIDDM", "type II diabetes"}}});
  const auto q = analyzer.Analyse("Does aspirin after a heart attack help people with type II diabetes?");
  EXPECT_DOUBLE_EQ(WeightOf(q, "myocardi"), 0.3);
  EXPECT_DOUBLE_EQ(WeightOf(q, "infarct"), 0.3);
  EXPECT_DOUBLE_EQ(WeightOf(q, "niddm"), 0.3);
  EXPECT_TRUE(HasFocus(q, "phenotype", "Myocardial infarction"));
  EXPECT_TRUE(HasFocus(q, "condition", "type 2 diabetes mellitus"));
  AnalyzerOptions off;
  off.synonyms = false;
  off.related_terms = false;  // the built-in related terms also know "heart attack"
  QueryAnalyzer no_synonyms(off);
  no_synonyms.AddVocabulary({{"hpo", "HP:0001658", "Myocardial infarction", {"Heart attack"}}});
  const auto plain = no_synonyms.Analyse("heart attack");
  EXPECT_EQ(WeightOf(plain, "myocardi"), 0);
  EXPECT_TRUE(HasFocus(plain, "phenotype", "Myocardial infarction"));  // still recognised
}

TEST(AnalyzerTest, SpineQuestionFindsClinicalTerms) {
  QueryAnalyzer analyzer;
  const auto q = analyzer.Analyse("L5 impingement at the foramen");
  for (const char* term : {"foramin", "stenosi", "compress", "lumbar", "radiculopathi", "root"}) {
    EXPECT_GT(WeightOf(q, term), 0) << term;
  }
  EXPECT_TRUE(HasFocus(q, "anatomy", "lumbar spine L5"));
  EXPECT_TRUE(HasFocus(q, "anatomy", "foramen"));
}

// The condition a spinal level and a compression word describe is what sources name.
TEST(AnalyzerTest, SpinalLevelWithCompressionIsARadiculopathy) {
  QueryAnalyzer analyzer;
  const auto q = analyzer.Analyse("What is the treatment for L5 (lumbar 5) impingement at the foramen level?");
  EXPECT_TRUE(HasFocus(q, "condition", "lumbar radiculopathy"));
  EXPECT_DOUBLE_EQ(WeightOf(q, "radiculopathi"), 1.0);
  EXPECT_GT(WeightOf(q, "sciatica"), 0);
  EXPECT_GT(WeightOf(q, "pain"), 0);  // the broader condition, low back pain
  // The anatomy it stands for weighs less than the words it does not: "lumbar", "treatment".
  EXPECT_LT(WeightOf(q, "l5"), WeightOf(q, "lumbar"));
  EXPECT_LT(WeightOf(q, "foramen"), WeightOf(q, "treatment"));
  const auto cervical = analyzer.Analyse("herniated disc compressing the C6 nerve root");
  EXPECT_TRUE(HasFocus(cervical, "condition", "cervical radiculopathy"));
  // Stenosis of the canal without a level or root is its own condition.
  const auto stenosis = analyzer.Analyse("lumbar spinal stenosis treatment");
  EXPECT_FALSE(HasFocus(stenosis, "condition", "lumbar radiculopathy"));
}

// "depression" is a synonym of HPO's Depressivity and MedQuAD's Depression by its own name: the
// phenotype came first and was the focus, and the major depressive disorder guideline's title
// never counted as naming the question's condition.
TEST(AnalyzerTest, PhenotypeSynonymHidTheConditionNamedByItsOwnName_NowTheConditionIsTheFocus) {
  QueryAnalyzer analyzer;
  analyzer.AddVocabulary({{"hpo", "HP:0000716", "Depressivity", {"depression"}},
                          {"medquad", "MPlusHealthTopics/0000264", "Depression", {"Major depressive disorder"}}});
  const auto q = analyzer.Analyse("How should I screen for depression in primary care?");
  ASSERT_FALSE(q.focus.empty());
  EXPECT_EQ(q.focus.front().kind, "condition");
  EXPECT_EQ(q.focus.front().name, "Depression");
  EXPECT_EQ(std::count_if(q.focus.begin(), q.focus.end(), [](const FocusConcept& f) { return f.text == "depression"; }),
            1);
}

// A drug label's names (source "fda": generic name, brand names as synonyms) make a brand name
// find the generic one.
TEST(AnalyzerTest, ABrandNameFindsItsGenericName) {
  QueryAnalyzer analyzer;
  analyzer.AddVocabulary({{"fda", "fda:0001", "clopidogrel bisulfate", {"Plavix"}}});
  const auto q = analyzer.Analyse("What is the dose of Plavix?");
  EXPECT_TRUE(HasFocus(q, "drug", "clopidogrel bisulfate"));
  EXPECT_GT(WeightOf(q, "clopidogrel"), 0);
}

// A pharmacologic class names each of its member labels, by its full or its short name.
TEST(AnalyzerTest, ADrugClassNamesEveryMemberLabel) {
  QueryAnalyzer analyzer;
  analyzer.AddVocabulary({{"fda-class", "fda:0001", "p2y12 platelet inhibitor", {"p2y12 inhibitor"}},
                          {"fda-class", "fda:0002", "p2y12 platelet inhibitor", {"p2y12 inhibitor"}}});
  const auto q = analyzer.Analyse("Which P2Y12 inhibitors interact with omeprazole?");
  std::vector<std::string> ids;
  for (const auto& f : q.focus) {
    if (f.kind == "drug class") ids.push_back(f.id);
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"fda:0001", "fda:0002"}));
}

TEST(AnalyzerTest, RecognisesDrugsAndProcedures) {
  QueryAnalyzer analyzer;
  const auto q = analyzer.Analyse("metformin or empagliflozin before laminectomy");
  EXPECT_TRUE(HasFocus(q, "drug", "metformin"));
  EXPECT_TRUE(HasFocus(q, "drug", "empagliflozin"));
  EXPECT_TRUE(HasFocus(q, "procedure", "laminectomy"));
}

TEST(AnalyzerTest, EverythingOffLeavesTheQuestionWords) {
  AnalyzerOptions off;
  off.abbreviations = off.related_terms = off.synonyms = false;
  QueryAnalyzer analyzer(off);
  const auto q = analyzer.Analyse("HTN and heart attack");
  ASSERT_EQ(q.terms.size(), 3u);
  EXPECT_TRUE(q.expansions.empty());
}

TEST(AbbreviationsTest, FindsDefinitionsLikeSchwartzAndHearst) {
  const auto defs = FindAbbreviationDefinitions(
      "Patients with sickle cell disease (SCD) were given hydroxyurea. Tumour necrosis factor alpha "
      "(TNF-alpha) "
      "rose. Preterm infants (n = 17) were scanned. We measured heat shock protein (HSP; 70 kDa). "
      "The elderly (aged 80) were excluded. TBI (traumatic brain injury) is common.");
  std::map<std::string, std::string> found;
  for (const auto& d : defs) found[d.short_form] = d.long_form;
  EXPECT_EQ(found["SCD"], "sickle cell disease");
  EXPECT_EQ(found["TNF-alpha"], "Tumour necrosis factor alpha");
  EXPECT_EQ(found["HSP"], "heat shock protein");
  EXPECT_EQ(found["TBI"], "traumatic brain injury");
  EXPECT_EQ(found.count("n = 17"), 0u);
  EXPECT_EQ(found.size(), 4u);
}

TEST(AbbreviationsTest, CollectorKeepsTheMostFrequentLongForm) {
  AbbreviationCollector c;
  c.AddText("sickle cell disease (SCD) and again sickle cell disease (SCD)");
  c.AddText("sudden cardiac death (SCD)");
  const auto defs = c.Definitions(2);
  ASSERT_EQ(defs.size(), 1u);
  EXPECT_EQ(defs.at("SCD"), "sickle cell disease");
  EXPECT_EQ(AbbreviationCollector::FromJson(AbbreviationCollector::ToJson(defs)), defs);
  EXPECT_TRUE(AbbreviationCollector::FromJson("not json").empty());
}

}  // namespace
}  // namespace medoracle::query
