// Tests for cutting documents into passages.
#include "index/passages.h"

#include <gtest/gtest.h>

namespace medoracle {
namespace {

Document Build(const std::vector<std::pair<std::string, std::string>>& sections) {
  Document doc;
  doc.id = "test:1";
  DocumentBuilder b(std::move(doc));
  for (const auto& [label, text] : sections) b.AddSection(label, text);
  return b.Finish();
}

TEST(PassagesTest, ShortSectionsAreOnePassageEach) {
  Document d = Build({{"BACKGROUND", "First point here. Second point here."}, {"RESULTS", "It worked."}});
  auto ps = MakePassages(d);
  ASSERT_EQ(ps.size(), 2u);
  EXPECT_EQ(d.Slice(ps[0].span), "First point here. Second point here.");
  EXPECT_EQ(ps[0].sentence_count, 2u);
  EXPECT_EQ(d.Slice(ps[1].span), "It worked.");
  EXPECT_EQ(ps[1].section, 1u);
  EXPECT_EQ(ps[1].first_sentence, 2u);
}

TEST(PassagesTest, LongSectionsSplitAtSentenceBoundariesWithinLimits) {
  std::string text;
  for (int i = 0; i < 11; ++i) text += "Sentence number " + std::to_string(i) + " says something. ";
  Document d = Build({{"Body", text}});
  auto ps = MakePassages(d);
  ASSERT_EQ(ps.size(), 3u);  // 4 + 4 + 3 sentences
  size_t covered = 0;
  for (const auto& p : ps) {
    EXPECT_LE(p.sentence_count, kMaxPassageSentences);
    covered += p.sentence_count;
    // Whole sentences: a passage starts where a sentence starts and ends where one ends.
    EXPECT_EQ(p.span.start, d.sentences[p.first_sentence].start);
    EXPECT_EQ(p.span.end, d.sentences[p.first_sentence + p.sentence_count - 1].end);
  }
  EXPECT_EQ(covered, d.sentences.size());
}

TEST(PassagesTest, WordBudgetStartsANewPassage) {
  std::string long_sentence = "Long";
  for (int i = 0; i < 80; ++i) long_sentence += " word";
  Document d = Build({{"Body", long_sentence + ". Short one. " + long_sentence + "."}});
  ASSERT_EQ(d.sentences.size(), 3u);
  auto ps = MakePassages(d);
  // 81 words, then "Short one." fits (83), then the second long sentence starts anew.
  ASSERT_EQ(ps.size(), 2u);
  EXPECT_EQ(ps[0].sentence_count, 2u);
  EXPECT_EQ(ps[1].sentence_count, 1u);
}

TEST(PassagesTest, EmptyDocumentHasNoPassages) {
  Document d = Build({{"Body", "   "}});
  EXPECT_TRUE(MakePassages(d).empty());
}

}  // namespace
}  // namespace medoracle
