// Tests for the document model: reference types and DocumentBuilder's text and spans.
#include "corpus/document.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

namespace medoracle {
namespace {

using Strings = std::vector<std::string>;

Strings Slices(const Document& doc, const std::vector<Span>& spans) {
  Strings out;
  for (const Span& s : spans) out.emplace_back(doc.Slice(s));
  return out;
}

Strings SectionTexts(const Document& doc) {
  Strings out;
  for (const Section& s : doc.sections) out.emplace_back(doc.Slice(s.span));
  return out;
}

TEST(DocumentBuilderTest, SectionsAreCleanedJoinedAndSplit) {
  Document seed;
  seed.id = "pmid:1";
  DocumentBuilder builder(std::move(seed));
  builder.AddSection("  BACKGROUND ", "  Sciatica is\ncommon.\tMost cases\xC2\xA0resolve, e.g. with rest.  ");
  builder.AddSection("RESULTS", "Pain fell at 3\xE9wk (p < .05). Function rose.");
  const Document doc = builder.Finish();
  EXPECT_EQ(doc.id, "pmid:1");
  EXPECT_EQ(doc.text,
            "Sciatica is common. Most cases resolve, e.g. with rest.\n\n"
            "Pain fell at 3\xEF\xBF\xBDwk (p < .05). Function rose.");
  ASSERT_EQ(doc.sections.size(), 2u);
  EXPECT_EQ(doc.sections[0].label, "BACKGROUND");
  EXPECT_EQ(SectionTexts(doc), (Strings{"Sciatica is common. Most cases resolve, e.g. with rest.",
                                        "Pain fell at 3\xEF\xBF\xBDwk (p < .05). Function rose."}));
  EXPECT_EQ(Slices(doc, doc.sentences),
            (Strings{"Sciatica is common.", "Most cases resolve, e.g. with rest.",
                     "Pain fell at 3\xEF\xBF\xBDwk (p < .05).", "Function rose."}));
  EXPECT_EQ(doc.sentences[2].start, doc.sections[1].span.start);
}

TEST(DocumentBuilderTest, EmptySectionsAreDropped) {
  DocumentBuilder builder(Document{});
  EXPECT_TRUE(builder.empty());
  builder.AddSection("EMPTY", " \n\t\xC2\xA0 ");
  EXPECT_TRUE(builder.empty());
  builder.AddSection("A", "First.");
  builder.AddSection("B", "");
  builder.AddSection("C", "Second.");
  EXPECT_FALSE(builder.empty());
  const Document doc = builder.Finish();
  ASSERT_EQ(doc.sections.size(), 2u);
  EXPECT_EQ(doc.sections[0].label, "A");
  EXPECT_EQ(doc.sections[1].label, "C");
  EXPECT_EQ(doc.text, "First.\n\nSecond.");
  EXPECT_EQ(doc.sections[1].span, (Span{8, 15}));
}

TEST(DocumentBuilderTest, SplitSectionKeepsGivenSentences) {
  DocumentBuilder builder(Document{});
  builder.AddSection("Title", "Overview.");
  const std::vector<Span> spans =
      builder.AddSplitSection("Abstract", {" Two sentences. In one span. ", "", "  ", "Last\nitem"});
  const Document doc = builder.Finish();
  EXPECT_EQ(doc.text, "Overview.\n\nTwo sentences. In one span. Last item");
  ASSERT_EQ(spans.size(), 4u);
  EXPECT_EQ(doc.Slice(spans[0]), "Two sentences. In one span.");
  EXPECT_EQ(spans[1], (Span{0, 0}));
  EXPECT_EQ(spans[2], (Span{0, 0}));
  EXPECT_EQ(doc.Slice(spans[3]), "Last item");
  EXPECT_EQ(Slices(doc, doc.sentences), (Strings{"Overview.", "Two sentences. In one span.", "Last item"}));
  ASSERT_EQ(doc.sections.size(), 2u);
  EXPECT_EQ(doc.Slice(doc.sections[1].span), "Two sentences. In one span. Last item");
}

TEST(DocumentBuilderTest, SplitSectionWithNothingIsDropped) {
  DocumentBuilder builder(Document{});
  const std::vector<Span> spans = builder.AddSplitSection("Empty", {"", " \n "});
  EXPECT_EQ(spans, (std::vector<Span>{{0, 0}, {0, 0}}));
  EXPECT_TRUE(builder.empty());
  EXPECT_EQ(builder.Finish().text, "");
}

TEST(DocumentBuilderTest, EverySpanIsInsideTextAndItsSection) {
  DocumentBuilder builder(Document{});
  builder.AddSection("A", "Dr. Smith et al. (2010) gave 0.5 mg/kg. It worked.[3] Or did it? Yes.");
  builder.AddSplitSection("B", {"x", "y"});
  builder.AddSection("C", "One more. And another.");
  const Document doc = builder.Finish();
  size_t section = 0;
  for (const Span& s : doc.sentences) {
    ASSERT_LT(s.start, s.end);
    ASSERT_LE(s.end, doc.text.size());
    while (section < doc.sections.size() && doc.sections[section].span.end < s.end) ++section;
    ASSERT_LT(section, doc.sections.size());
    EXPECT_GE(s.start, doc.sections[section].span.start);
  }
  EXPECT_EQ(Slices(doc, doc.sentences),
            (Strings{"Dr. Smith et al. (2010) gave 0.5 mg/kg.", "It worked.[3]", "Or did it?", "Yes.", "x",
                     "y", "One more.", "And another."}));
}

TEST(RefTypeTest, NamesRoundTrip) {
  std::set<std::string_view> names;
  std::set<std::string_view> labels;
  for (int t = 0; t <= static_cast<int>(RefType::kAnimalStudy); ++t) {
    const auto type = static_cast<RefType>(t);
    RefType parsed = RefType::kOther;
    ASSERT_TRUE(ParseRefType(RefTypeName(type), &parsed)) << RefTypeName(type);
    EXPECT_EQ(parsed, type);
    EXPECT_TRUE(names.insert(RefTypeName(type)).second);
    EXPECT_TRUE(labels.insert(RefTypeLabel(type)).second);
  }
  EXPECT_EQ(RefTypeName(RefType::kSystematicReview), "systematic_review");
  EXPECT_EQ(RefTypeLabel(RefType::kSystematicReview), "Systematic review / meta-analysis");
  EXPECT_EQ(RefTypeName(RefType::kEditorialOverview), "editorial_overview");
  EXPECT_EQ(RefTypeLabel(RefType::kConsumerHealth), "Consumer health");
  // Issue 13: "OTHER" meant nothing to a clinician.
  EXPECT_EQ(RefTypeLabel(RefType::kOther), "Research");
  EXPECT_EQ(RefTypeLabel(RefType::kAnimalStudy), "Animal / laboratory study");
  EXPECT_EQ(EvidenceRank(RefType::kAnimalStudy), EvidenceRank(RefType::kOther));
}

TEST(RefTypeTest, ParseRejectsUnknownNames) {
  RefType type = RefType::kGuideline;
  EXPECT_FALSE(ParseRefType("Guideline", &type));  // labels and other cases are not names
  EXPECT_FALSE(ParseRefType("blog", &type));
  EXPECT_FALSE(ParseRefType("", &type));
  EXPECT_EQ(type, RefType::kGuideline);  // left unchanged
}

TEST(RefTypeTest, HighestPublicationTypeWins) {
  EXPECT_EQ(RefTypeFromPublicationTypes({"Journal Article", "Randomized Controlled Trial", "Meta-Analysis"}),
            RefType::kSystematicReview);
  EXPECT_EQ(RefTypeFromPublicationTypes({"Review", "Practice Guideline"}), RefType::kGuideline);
  EXPECT_EQ(RefTypeFromPublicationTypes({"Case Reports", "Review"}), RefType::kCaseReport);
  EXPECT_EQ(RefTypeFromPublicationTypes({"Comparative Study", "Review"}), RefType::kObservationalStudy);
  EXPECT_EQ(RefTypeFromPublicationTypes({"Journal Article", "Systematic Review"}),
            RefType::kSystematicReview);
  EXPECT_EQ(RefTypeFromPublicationTypes({"Clinical Trial, Phase III", "Multicenter Study"}),
            RefType::kRandomizedTrial);
  EXPECT_EQ(RefTypeFromPublicationTypes({"Clinical Trial, Phase II"}), RefType::kObservationalStudy);
  EXPECT_EQ(RefTypeFromPublicationTypes({"RANDOMIZED CONTROLLED TRIAL"}), RefType::kRandomizedTrial);
  EXPECT_EQ(RefTypeFromPublicationTypes({"Review"}), RefType::kReview);
}

TEST(RefTypeTest, UnrecognisedPublicationTypesAreOther) {
  EXPECT_EQ(RefTypeFromPublicationTypes({}), RefType::kOther);
  EXPECT_EQ(RefTypeFromPublicationTypes({"Journal Article", "Letter", "Comment"}), RefType::kOther);
}

}  // namespace
}  // namespace medoracle
