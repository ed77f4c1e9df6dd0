// Tests for the biomedical sentence splitter: each case asserts the exact sentences.
#include "corpus/sentence_splitter.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace medoracle {
namespace {

using Sentences = std::vector<std::string>;

// The sentences of text as strings, after checking the span contract.
Sentences Split(std::string_view text) {
  Sentences out;
  uint32_t previous_end = 0;
  for (const Span& span : SplitSentences(text)) {
    EXPECT_LT(span.start, span.end);
    EXPECT_LE(span.end, text.size());
    EXPECT_LE(previous_end, span.start);
    previous_end = span.end;
    out.emplace_back(text.substr(span.start, span.end - span.start));
  }
  return out;
}

TEST(SentenceSplitterTest, EmptyAndBlankTextHaveNoSentences) {
  EXPECT_EQ(Split(""), Sentences{});
  EXPECT_EQ(Split(" \n\t \n"), Sentences{});
}

TEST(SentenceSplitterTest, TextWithoutBoundaryIsOneTrimmedSentence) {
  EXPECT_EQ(Split("  low back pain with sciatica \n"), Sentences{"low back pain with sciatica"});
  const std::vector<Span> spans = SplitSentences("  low back pain ");
  ASSERT_EQ(spans.size(), 1u);
  EXPECT_EQ(spans[0], (Span{2, 15}));
}

TEST(SentenceSplitterTest, PlainSentences) {
  EXPECT_EQ(Split("Pain improved. Function did not! Why was that? Nobody knows."),
            (Sentences{"Pain improved.", "Function did not!", "Why was that?", "Nobody knows."}));
}

TEST(SentenceSplitterTest, SpansAreByteOffsets) {
  const std::vector<Span> spans = SplitSentences("Ab c.  De f.");
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(spans[0], (Span{0, 5}));
  EXPECT_EQ(spans[1], (Span{7, 12}));
}

TEST(SentenceSplitterTest, LowerCaseAfterPeriodDoesNotSplit) {
  EXPECT_EQ(Split("The dose was 5 mg. once daily was enough."),
            Sentences{"The dose was 5 mg. once daily was enough."});
}

TEST(SentenceSplitterTest, ExempliGratiaAndIdEst) {
  EXPECT_EQ(Split("Use an NSAID, e.g. Ibuprofen, first. Avoid opioids, i.e. Oxycodone. Then reassess."),
            (Sentences{"Use an NSAID, e.g. Ibuprofen, first.", "Avoid opioids, i.e. Oxycodone.",
                       "Then reassess."}));
}

TEST(SentenceSplitterTest, VersusPlacebo) {
  EXPECT_EQ(Split("Drug vs. placebo was compared. Drug vs. Sham was not. Both were safe."),
            (Sentences{"Drug vs. placebo was compared.", "Drug vs. Sham was not.", "Both were safe."}));
}

TEST(SentenceSplitterTest, EtAlFollowedByYear) {
  EXPECT_EQ(Split("Smith et al. (2010) showed a benefit. Jones et al. [4] did not."),
            (Sentences{"Smith et al. (2010) showed a benefit.", "Jones et al. [4] did not."}));
}

TEST(SentenceSplitterTest, EtAlAtTheEndOfASentence) {
  EXPECT_EQ(Split("This was first reported by Smith et al. The effect was large."),
            (Sentences{"This was first reported by Smith et al.", "The effect was large."}));
  EXPECT_EQ(Split("Smith et al. Lancet 2010;375:1-9."), Sentences{"Smith et al. Lancet 2010;375:1-9."});
}

TEST(SentenceSplitterTest, FigureAndReferenceLabels) {
  EXPECT_EQ(Split("Pain fell (Fig. 2). See Figs. 3 and 4 and Ref. 12 for details. Fig. S1 shows more."),
            (Sentences{"Pain fell (Fig. 2).", "See Figs. 3 and 4 and Ref. 12 for details.",
                       "Fig. S1 shows more."}));
}

TEST(SentenceSplitterTest, ApproxCaAndNumberAbbreviations) {
  EXPECT_EQ(
      Split("We enrolled approx. 500 adults, ca. 60 % women, in vol. 3 of No. 12 trials. All consented."),
      (Sentences{"We enrolled approx. 500 adults, ca. 60 % women, in vol. 3 of No. 12 trials.",
                 "All consented."}));
}

TEST(SentenceSplitterTest, NoAsAWordStillEndsASentence) {
  EXPECT_EQ(Split("The answer was no. The trial stopped."),
            (Sentences{"The answer was no.", "The trial stopped."}));
}

TEST(SentenceSplitterTest, TitlesBeforeNames) {
  EXPECT_EQ(
      Split("Dr. Smith, Mr. Brown, Mrs. Green, Ms. White and Prof. Black agreed. They signed."),
      (Sentences{"Dr. Smith, Mr. Brown, Mrs. Green, Ms. White and Prof. Black agreed.", "They signed."}));
}

TEST(SentenceSplitterTest, MillisecondsAreNotATitle) {
  EXPECT_EQ(Split("The QT interval rose by 20 ms. The drug was stopped."),
            (Sentences{"The QT interval rose by 20 ms.", "The drug was stopped."}));
}

TEST(SentenceSplitterTest, ShortVersus) {
  EXPECT_EQ(Split("Sensitivity was 68.7% v. 56.3% in Roe v. Wade cohorts. Specificity was high."),
            (Sentences{"Sensitivity was 68.7% v. 56.3% in Roe v. Wade cohorts.", "Specificity was high."}));
}

TEST(SentenceSplitterTest, SaintAndMonths) {
  EXPECT_EQ(
      Split("St. John's wort interacts with warfarin. Data from Jan. 2010 to Dec. 2012 were used."),
      (Sentences{"St. John's wort interacts with warfarin.", "Data from Jan. 2010 to Dec. 2012 were used."}));
}

TEST(SentenceSplitterTest, UsBeforeANameAndAtTheEnd) {
  EXPECT_EQ(
      Split("The U.S. Food and Drug Administration approved it. It is sold in the U.S. The price is high."),
      (Sentences{"The U.S. Food and Drug Administration approved it.", "It is sold in the U.S.",
                 "The price is high."}));
}

TEST(SentenceSplitterTest, WeightVolumeCfResp) {
  EXPECT_EQ(Split("Body wt. Loss was 5 %, cf. Table 2. Rates were 10 and 20 %, resp. The rest is noise."),
            (Sentences{"Body wt. Loss was 5 %, cf. Table 2.", "Rates were 10 and 20 %, resp.",
                       "The rest is noise."}));
}

TEST(SentenceSplitterTest, DosingAbbreviations) {
  EXPECT_EQ(Split("Give 1 g i.v. Twice daily, b.i.d. Dosing is usual. Give it p.o. The next dose follows."),
            (Sentences{"Give 1 g i.v. Twice daily, b.i.d. Dosing is usual.", "Give it p.o.",
                       "The next dose follows."}));
}

TEST(SentenceSplitterTest, Initials) {
  EXPECT_EQ(Split("J. Smith and K. L. Jones reported it. It was reviewed by J.R. Brown. Nothing changed."),
            (Sentences{"J. Smith and K. L. Jones reported it.", "It was reviewed by J.R. Brown.",
                       "Nothing changed."}));
}

TEST(SentenceSplitterTest, InitialsInsideParentheses) {
  EXPECT_EQ(Split("This matches sperm (P. M. Saling and B. T. Storey, 1979). It was new."),
            (Sentences{"This matches sperm (P. M. Saling and B. T. Storey, 1979).", "It was new."}));
}

TEST(SentenceSplitterTest, SingleCapitalAfterALowerCaseWordEndsASentence) {
  EXPECT_EQ(Split("Levels of vitamin D. Patients with hepatitis B. The others had group A. Streptococcus was "
                  "absent."),
            (Sentences{"Levels of vitamin D.", "Patients with hepatitis B.", "The others had group A.",
                       "Streptococcus was absent."}));
}

TEST(SentenceSplitterTest, SpeciesNames) {
  EXPECT_EQ(Split("E. coli and S. aureus were isolated. Growth of P. aeruginosa was slow."),
            (Sentences{"E. coli and S. aureus were isolated.", "Growth of P. aeruginosa was slow."}));
}

TEST(SentenceSplitterTest, DecimalsAndDoses) {
  EXPECT_EQ(
      Split("We gave 0.5 mg/kg. Then 1.5-2.0 mg was given at 2.5. Levels were 3.75 ng/mL."),
      (Sentences{"We gave 0.5 mg/kg.", "Then 1.5-2.0 mg was given at 2.5.", "Levels were 3.75 ng/mL."}));
}

TEST(SentenceSplitterTest, PValues) {
  EXPECT_EQ(Split("Pain fell (p < .05). Function rose, p = 0.001. Both held."),
            (Sentences{"Pain fell (p < .05).", "Function rose, p = 0.001.", "Both held."}));
}

TEST(SentenceSplitterTest, VertebralLevels) {
  EXPECT_EQ(Split("The herniation was at L5-S1. The L4.5 foramen was narrow. C5-C6 was normal."),
            (Sentences{"The herniation was at L5-S1.", "The L4.5 foramen was narrow.", "C5-C6 was normal."}));
}

TEST(SentenceSplitterTest, CitationBracketAfterThePeriod) {
  EXPECT_EQ(Split("Pain was reduced.[12] The effect lasted.[3, 4] It faded by week 12.[5–7] No harm."),
            (Sentences{"Pain was reduced.[12]", "The effect lasted.[3, 4]", "It faded by week 12.[5–7]",
                       "No harm."}));
}

TEST(SentenceSplitterTest, CitationBracketBeforeThePeriod) {
  EXPECT_EQ(Split("Pain was reduced [12]. The effect lasted (3). It faded [4-6]. Done."),
            (Sentences{"Pain was reduced [12].", "The effect lasted (3).", "It faded [4-6].", "Done."}));
}

TEST(SentenceSplitterTest, ClosingQuotesAndParentheses) {
  EXPECT_EQ(Split("He said \"stop now.\" Then he left. (See above.) Next “quoted.” Last."),
            (Sentences{"He said \"stop now.\"", "Then he left.", "(See above.)", "Next “quoted.”", "Last."}));
}

TEST(SentenceSplitterTest, SentenceOpeningWithQuoteOrBracket) {
  EXPECT_EQ(Split("It worked. \"Remarkable,\" they said. [Editor's note] Fine."),
            (Sentences{"It worked.", "\"Remarkable,\" they said.", "[Editor's note] Fine."}));
}

TEST(SentenceSplitterTest, NumberedListAtLineStarts) {
  EXPECT_EQ(Split("Steps:\n1. Rest the knee.\n2. Apply ice.\n3. Elevate"),
            (Sentences{"Steps:", "1. Rest the knee.", "2. Apply ice.", "3. Elevate"}));
}

TEST(SentenceSplitterTest, EnumeratorAtTextStartIsNotASentence) {
  EXPECT_EQ(Split("1. Take aspirin daily. Stop if bleeding."),
            (Sentences{"1. Take aspirin daily.", "Stop if bleeding."}));
}

TEST(SentenceSplitterTest, NumberBeforePeriodInsideALineEndsASentence) {
  EXPECT_EQ(Split("Results are in Table 1. Table 2 shows harms."),
            (Sentences{"Results are in Table 1.", "Table 2 shows harms."}));
}

TEST(SentenceSplitterTest, LetteredAndParenthesisedItems) {
  EXPECT_EQ(Split("Criteria:\n(a) leg pain\n(b) a deficit\n(iv) imaging\nc) failed care"),
            (Sentences{"Criteria:", "(a) leg pain", "(b) a deficit", "(iv) imaging", "c) failed care"}));
}

TEST(SentenceSplitterTest, DashBulletsAreItemsWithoutTheMarker) {
  EXPECT_EQ(Split("Symptoms include\n- fever\n- neck stiffness\n* rash"),
            (Sentences{"Symptoms include", "fever", "neck stiffness", "rash"}));
}

TEST(SentenceSplitterTest, BulletGlyphsInRunningText) {
  EXPECT_EQ(Split("Red flags: • fever • weight loss • night pain"),
            (Sentences{"Red flags:", "fever", "weight loss", "night pain"}));
  EXPECT_EQ(Split("• one\n• two"), (Sentences{"one", "two"}));
}

TEST(SentenceSplitterTest, HyphenInsideALineIsNotABullet) {
  EXPECT_EQ(Split("Pain - often severe - improved. Patients - mostly men - agreed."),
            (Sentences{"Pain - often severe - improved.", "Patients - mostly men - agreed."}));
}

TEST(SentenceSplitterTest, BlankLineIsABoundary) {
  EXPECT_EQ(Split("Introduction\n\nThe study enrolled 40 adults\n  \nResults follow"),
            (Sentences{"Introduction", "The study enrolled 40 adults", "Results follow"}));
}

TEST(SentenceSplitterTest, BlankLineEndsEvenAfterAnAbbreviation) {
  EXPECT_EQ(Split("See Fig.\n\nThe next part."), (Sentences{"See Fig.", "The next part."}));
}

TEST(SentenceSplitterTest, SingleLineBreakIsAWrapNotABoundary) {
  EXPECT_EQ(Split("The drug was\ngiven daily to\nall patients. It\nworked."),
            (Sentences{"The drug was\ngiven daily to\nall patients.", "It\nworked."}));
}

TEST(SentenceSplitterTest, LowerCaseStartAfterQuestionMarkAndNewline) {
  EXPECT_EQ(Split("Is it safe?\nyes, in most adults.\nwhat about children?\r\nunknown."),
            (Sentences{"Is it safe?", "yes, in most adults.\nwhat about children?", "unknown."}));
}

TEST(SentenceSplitterTest, QuestionMarkBeforeLowerCaseOnTheSameLineDoesNotSplit) {
  EXPECT_EQ(Split("Is it \"safe?\" asked the patient. Yes."),
            (Sentences{"Is it \"safe?\" asked the patient.", "Yes."}));
}

TEST(SentenceSplitterTest, RepeatedMarks) {
  EXPECT_EQ(Split("Really?! Yes. Truly!!! Fine."), (Sentences{"Really?!", "Yes.", "Truly!!!", "Fine."}));
}

TEST(SentenceSplitterTest, Ellipses) {
  EXPECT_EQ(
      Split("The results were... inconclusive. They waited... The next day it rained… Then it stopped."),
      (Sentences{"The results were... inconclusive.", "They waited...", "The next day it rained…",
                 "Then it stopped."}));
  EXPECT_EQ(Split("He wrote that [...] pain fell. Done."),
            (Sentences{"He wrote that [...] pain fell.", "Done."}));
}

TEST(SentenceSplitterTest, UrlsEmailsAndDois) {
  EXPECT_EQ(Split("See https://www.nih.gov/health/info.html?a=1.2 for details. Visit www.cdc.gov. "
                  "Mail john.doe@nih.gov. The DOI is 10.1000/xyz.123 here. Done."),
            (Sentences{"See https://www.nih.gov/health/info.html?a=1.2 for details.", "Visit www.cdc.gov.",
                       "Mail john.doe@nih.gov.", "The DOI is 10.1000/xyz.123 here.", "Done."}));
}

TEST(SentenceSplitterTest, SymbolAndGeneNamesOpenSentences) {
  EXPECT_EQ(
      Split("Levels rose. mRNA expression fell. p53 was mutated. pH was 7.4. eGFR fell."),
      (Sentences{"Levels rose.", "mRNA expression fell.", "p53 was mutated.", "pH was 7.4.", "eGFR fell."}));
}

TEST(SentenceSplitterTest, GreekAndDigitOpenSentences) {
  EXPECT_EQ(Split("Pain fell. β-Blockers helped. 25 patients improved. Über alles."),
            (Sentences{"Pain fell.", "β-Blockers helped.", "25 patients improved.", "Über alles."}));
}

TEST(SentenceSplitterTest, NoBreakSpacesAreWhitespace) {
  EXPECT_EQ(Split("\xC2\xA0Pain fell.\xC2\xA0The end.\xC2\xA0"), (Sentences{"Pain fell.", "The end."}));
}

TEST(SentenceSplitterTest, PhdAndCompanies) {
  EXPECT_EQ(Split("Jane Roe, Ph.D. Wrote it for Acme Inc. The company paid."),
            (Sentences{"Jane Roe, Ph.D. Wrote it for Acme Inc.", "The company paid."}));
}

TEST(SentenceSplitterTest, StructuredAbstractCollapsed) {
  EXPECT_EQ(
      Split("BACKGROUND: Sciatica is common. METHODS: We randomised 120 adults (mean age 45.2 y) to ESI vs. "
            "sham. RESULTS: Leg pain fell at 3 wk (p < .01).[8] CONCLUSIONS: ESI gives short-term relief."),
      (Sentences{"BACKGROUND: Sciatica is common.",
                 "METHODS: We randomised 120 adults (mean age 45.2 y) to ESI vs. sham.",
                 "RESULTS: Leg pain fell at 3 wk (p < .01).[8]",
                 "CONCLUSIONS: ESI gives short-term relief."}));
}

// Found by sentence_splitter_fuzz (CI, 2026-12-05), whose check counted only ASCII whitespace as
// blank: text of no-break spaces has no sentence, and sentences are trimmed of them.
TEST(SentenceSplitterTest, TextOfNoBreakSpacesOnly_HasNoSentences) {
  EXPECT_TRUE(SplitSentences("\xC2\xA0").empty());
  EXPECT_TRUE(SplitSentences(" \xC2\xA0\n\xC2\xA0").empty());
  EXPECT_EQ(Split("\xC2\xA0Gout is common.\xC2\xA0"), (Sentences{"Gout is common."}));
}

// Found by sentence_splitter_fuzz (2026-12-05), whose check wanted a sentence for any text not
// blank: a bullet marker alone is no sentence.
TEST(SentenceSplitterTest, BulletMarkerAlone_IsNoSentence) {
  EXPECT_TRUE(SplitSentences("+\n").empty());
  EXPECT_TRUE(SplitSentences("- ").empty());
  EXPECT_EQ(Split("+ Gout is common.\n+\n"), (Sentences{"Gout is common."}));
}

TEST(SentenceSplitterTest, LongTextIsSplitInOnePass) {
  std::string text;
  for (int i = 0; i < 20000; ++i)
    text += "Smith et al. (2010) gave 0.5 mg/kg vs. placebo in E. coli sepsis. ";
  EXPECT_EQ(SplitSentences(text).size(), 20000u);
  const std::string no_boundary(1 << 20, 'a');
  EXPECT_EQ(SplitSentences(no_boundary).size(), 1u);
  const std::string dots(1 << 20, '.');
  EXPECT_EQ(SplitSentences(dots).size(), 1u);
}

}  // namespace
}  // namespace medoracle
