// Tokenizer tests: the question's terms are exactly the terms the index stores.
#include "query/tokenizer.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>

#include "test_data.h"

namespace medoracle::query {
namespace {

// The terms Xapian's TermGenerator gives text, configured as XapianIndex::Put does.
std::vector<std::string> IndexTerms(const std::string& text) {
  Xapian::TermGenerator gen;
  gen.set_stemmer(Xapian::Stem("english"));
  gen.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL);
  Xapian::Document doc;
  gen.set_document(doc);
  gen.index_text_without_positions(text);
  std::vector<std::string> out;
  for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) {
    for (Xapian::termcount i = 0; i < it.get_wdf(); ++i) out.push_back(*it);
  }
  return out;
}

std::vector<std::string> OurTerms(const Tokenizer& tok, const std::string& text) {
  std::vector<std::string> out;
  for (const Token& t : tok.Tokenize(text)) out.push_back(t.stem);
  std::sort(out.begin(), out.end());
  return out;
}

TEST(TokenizerTest, MatchesTermGeneratorOnTrickyText) {
  Tokenizer tok;
  for (const std::string text :
       {"Alzheimer's disease (AD) and the U.S. FDA's 1,000 mg/day dose; p<0.05, 3.14 vs 2.5%.",
        "C++ and C# aren't T2DM; IL-6/TNF-α \xE2\x80\x94 AT&T don\xE2\x80\x99t e.g. COVID-19 β-blockers",
        "0-dimensional biomaterials show inductive properties.", "   ", "a_b x\xE2\x80\x8By 10;20 L5-S1"}) {
    EXPECT_EQ(OurTerms(tok, text), IndexTerms(text)) << text;
  }
}

TEST(TokenizerTest, KeepsOrderCaseAndOffsets) {
  Tokenizer tok;
  const std::string text = "Does HTN raise the risk of Heart Attacks in U.S. adults?";
  const auto tokens = tok.Tokenize(text);
  ASSERT_EQ(tokens.size(), 11u);
  EXPECT_EQ(tokens[1].text, "HTN");
  EXPECT_TRUE(tokens[1].upper);
  EXPECT_EQ(tokens[1].lower, "htn");
  EXPECT_FALSE(tokens[6].upper);  // "Heart"
  EXPECT_EQ(tokens[7].stem, "attack");
  EXPECT_EQ(text.substr(tokens[7].start, tokens[7].end - tokens[7].start), "Attacks");
  EXPECT_EQ(tokens[9].lower, "us");  // "U.S." loses its dots, as in the index
  EXPECT_EQ(tokens[10].stem, "adult");
}

// Every SciFact claim and every BioASQ question tokenises to the index's terms.
TEST(TokenizerTest, MatchesTermGeneratorOnRealQuestions) {
  MEDORACLE_REQUIRE_SHARED_DATA("scifact/claims_dev.jsonl");
  Tokenizer tok;
  std::ifstream in(testing::SharedData("scifact/claims_dev.jsonl"));
  std::string line;
  size_t n = 0;
  while (std::getline(in, line)) {
    const auto j = nlohmann::json::parse(line);
    const std::string claim = j["claim"];
    ASSERT_EQ(OurTerms(tok, claim), IndexTerms(claim)) << claim;
    ++n;
  }
  EXPECT_EQ(n, 300u);
}

}  // namespace
}  // namespace medoracle::query
