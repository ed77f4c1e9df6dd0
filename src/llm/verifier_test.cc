// The verifier keeps faithful sentences and drops each kind of unfaithful one with its reason.
#include "llm/verifier.h"

#include <gtest/gtest.h>

namespace medoracle::llm {
namespace {

const std::vector<NumberedStatement> kStatements = {
    {1, "Epidural steroid injections are not recommended for axial low back pain without radiculopathy.", {1}},
    {2, "Gabapentin 300 mg at bedtime may reduce neuropathic pain in lumbar radiculopathy.", {2}},
    {3, "Most patients with acute lumbar radiculopathy improve within 6 weeks with conservative care.", {1, 3}},
    {4, "Start naproxen 250 to 500 mg twice daily, up to 1,000 mg a day.", {4}},
};

Verification Verify(const std::string& text) { return VerifySummary(text, kStatements); }

std::string OnlyReason(const Verification& v) {
  EXPECT_TRUE(v.kept.empty());
  EXPECT_EQ(v.dropped.size(), 1u);
  return v.dropped.empty() ? "" : v.dropped[0].reason;
}

TEST(VerifySummary, KeepsFaithfulSentencesWithTheirCitations) {
  const Verification v = Verify(
      "Most patients with acute lumbar radiculopathy improve within 6 weeks with conservative care [3]. "
      "Epidural steroid injections are not recommended for axial low back pain [1]. "
      "Gabapentin 300 mg at bedtime may reduce neuropathic pain [2, 3].");
  ASSERT_EQ(v.kept.size(), 3u) << (v.dropped.empty() ? "" : v.dropped[0].reason);
  EXPECT_TRUE(v.dropped.empty());
  EXPECT_EQ(v.kept[0].text, "Most patients with acute lumbar radiculopathy improve within 6 weeks with conservative care.");
  EXPECT_EQ(v.kept[0].statements, std::vector<int>({3}));
  EXPECT_EQ(v.kept[2].statements, std::vector<int>({2, 3}));
}

TEST(VerifySummary, CitationAfterTheFullStopAndListMarkersAndRanges) {
  const Verification v = Verify(
      "- Gabapentin 300 mg at bedtime may reduce neuropathic pain. [2]\n"
      "2. **Most patients** improve within 6 weeks with conservative care [1-3].\n");
  ASSERT_EQ(v.kept.size(), 2u) << (v.dropped.empty() ? "" : v.dropped[0].reason);
  EXPECT_EQ(v.kept[0].statements, std::vector<int>({2}));
  EXPECT_EQ(v.kept[1].statements, std::vector<int>({1, 2, 3}));
  EXPECT_EQ(v.kept[1].text, "Most patients improve within 6 weeks with conservative care.");
}

TEST(VerifySummary, DropsAnInventedDose) {
  const std::string reason = OnlyReason(Verify("Gabapentin 600 mg at bedtime may reduce neuropathic pain [2]."));
  EXPECT_NE(reason.find("'600 mg'"), std::string::npos) << reason;
}

TEST(VerifySummary, DropsAChangedUnitAndAnInventedNumber) {
  EXPECT_NE(OnlyReason(Verify("Gabapentin 300 mcg at bedtime may reduce neuropathic pain [2].")).find("300 mcg"),
            std::string::npos);
  EXPECT_NE(OnlyReason(Verify("Most patients improve within 12 weeks with conservative care [3].")).find("12 weeks"),
            std::string::npos);
  EXPECT_NE(OnlyReason(Verify("About 3 patients with lumbar radiculopathy improve with conservative care [3].")).find(
                "number '3'"),
            std::string::npos);
}

TEST(VerifySummary, DoseRangesAndThousandsMatchTheStatement) {
  const Verification v = Verify("Start naproxen 250 mg to 500 mg twice daily, up to 1000 mg a day [4].");
  EXPECT_EQ(v.kept.size(), 1u) << (v.dropped.empty() ? "" : v.dropped[0].reason);
}

TEST(VerifySummary, DropsAFlippedNegation) {
  const std::string reason =
      OnlyReason(Verify("Epidural steroid injections are recommended for axial low back pain [1]."));
  EXPECT_NE(reason.find("negat"), std::string::npos) << reason;
}

TEST(VerifySummary, DropsAnAddedNegationAndASwappedAntonym) {
  EXPECT_NE(OnlyReason(Verify("Gabapentin does not reduce neuropathic pain in lumbar radiculopathy [2].")).find("negates"),
            std::string::npos);
  EXPECT_NE(OnlyReason(Verify("Gabapentin 300 mg at bedtime may increase neuropathic pain [2].")).find("'increas'"),
            std::string::npos);
}

TEST(VerifySummary, DropsACitationOfAStatementThatDoesNotExist) {
  const std::string reason = OnlyReason(Verify("Gabapentin 300 mg at bedtime may reduce neuropathic pain [7]."));
  EXPECT_NE(reason.find("[7], which does not exist"), std::string::npos) << reason;
}

TEST(VerifySummary, DropsAnUncitedSentence) {
  EXPECT_EQ(OnlyReason(Verify("Most patients improve within 6 weeks with conservative care.")), "cites no statement");
}

TEST(VerifySummary, DropsADrugOrConditionTheCitedStatementsDoNotName) {
  EXPECT_NE(OnlyReason(Verify("Pregabalin may reduce neuropathic pain in lumbar radiculopathy [2].")).find("'Pregabalin'"),
            std::string::npos);
  // Named in statement 2 but cited to statement 3 only.
  EXPECT_NE(OnlyReason(Verify("Gabapentin helps most patients with acute lumbar radiculopathy [3].")).find("Gabapentin"),
            std::string::npos);
  // A caller's name list catches a name without a telltale suffix.
  VerifyOptions options;
  options.names = {"tramadol"};
  const Verification v = VerifySummary("Tramadol may reduce neuropathic pain [2].", kStatements, options);
  ASSERT_EQ(v.dropped.size(), 1u);
  EXPECT_NE(v.dropped[0].reason.find("names"), std::string::npos);
}

TEST(VerifySummary, DropsAnAddedClaim) {
  const std::string reason = OnlyReason(Verify(
      "Most patients with acute lumbar radiculopathy improve with conservative care and physiotherapy accelerates "
      "their return to work [3]."));
  EXPECT_NE(reason.find("words not in the cited statement"), std::string::npos) << reason;
}

TEST(VerifySummary, KeepsTheGoodAndDropsTheBadInOneSummary) {
  const Verification v = Verify(
      "Most patients improve within 6 weeks with conservative care [3]. Gabapentin 900 mg may reduce neuropathic "
      "pain [2]. Opioids are the best option.");
  ASSERT_EQ(v.kept.size(), 1u);
  ASSERT_EQ(v.dropped.size(), 2u);
  EXPECT_NE(v.dropped[0].reason.find("900 mg"), std::string::npos);
  EXPECT_EQ(v.dropped[1].reason, "cites no statement");
}

TEST(VerifySummary, EmptyAndGarbageTextGiveNoSentenceAndNeverCrash) {
  EXPECT_TRUE(Verify("").kept.empty());
  EXPECT_TRUE(Verify("   \n\n").dropped.empty());
  const Verification v = Verify("[1] [2] [[3]] [999999999999] [1-] [-1] \xff\xfe");
  EXPECT_TRUE(v.kept.empty());
}

}  // namespace
}  // namespace medoracle::llm
