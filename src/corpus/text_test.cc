// Tests for the text clean-up helpers: UTF-8 repair, whitespace, entities.
#include "corpus/text.h"

#include <gtest/gtest.h>

#include <array>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace medoracle {
namespace {

const std::string kReplacement = "\xEF\xBF\xBD";  // U+FFFD

TEST(TextTest, ValidUtf8) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain ASCII"));
  EXPECT_TRUE(IsValidUtf8("caf\xC3\xA9 \xE2\x80\x93 \xCE\xB2-blocker \xF0\x9F\x98\x80"));  // é – β 😀
  EXPECT_TRUE(IsValidUtf8("\xF4\x8F\xBF\xBF"));                                            // U+10FFFF
}

TEST(TextTest, InvalidUtf8) {
  EXPECT_FALSE(IsValidUtf8("caf\xE9"));           // Latin-1 byte
  EXPECT_FALSE(IsValidUtf8("abc\xE2\x80"));       // truncated 3-byte sequence at the end
  EXPECT_FALSE(IsValidUtf8("\xF0\x9F\x98 x"));    // truncated 4-byte sequence mid-text
  EXPECT_FALSE(IsValidUtf8("\x80"));              // stray continuation byte
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xE0\x80\xAF"));      // overlong '/' in three bytes
  EXPECT_FALSE(IsValidUtf8("\xF0\x80\x80\xAF"));  // overlong '/' in four bytes
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // UTF-16 surrogate U+D800
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xFF\xFE"));          // never valid
}

TEST(TextTest, SanitizeKeepsValidText) {
  const std::string text = "caf\xC3\xA9 \xE2\x80\x93 \xF0\x9F\x98\x80";
  EXPECT_EQ(SanitizeUtf8(text), text);
  EXPECT_EQ(SanitizeUtf8(""), "");
}

TEST(TextTest, SanitizeReplacesEachBadByte) {
  EXPECT_EQ(SanitizeUtf8("caf\xE9!"), "caf" + kReplacement + "!");
  // A truncated sequence: each of its bytes is replaced, what follows is kept.
  EXPECT_EQ(SanitizeUtf8("abc\xE2\x80"), "abc" + kReplacement + kReplacement);
  EXPECT_EQ(SanitizeUtf8("\xE2\x80x"), kReplacement + kReplacement + "x");
  // Overlong and surrogate encodings are not decoded to the character they smuggle.
  EXPECT_EQ(SanitizeUtf8("a\xC0\xAF"
                         "b"),
            "a" + kReplacement + kReplacement + "b");
  EXPECT_EQ(SanitizeUtf8("\xED\xA0\x80"), kReplacement + kReplacement + kReplacement);
  const std::string repaired = SanitizeUtf8("\xF0\x9F\x98 \xFF\xC3\xA9");
  EXPECT_EQ(repaired, kReplacement + kReplacement + kReplacement + " " + kReplacement + "\xC3\xA9");
  EXPECT_TRUE(IsValidUtf8(repaired));
}

TEST(TextTest, CollapseWhitespace) {
  EXPECT_EQ(CollapseWhitespace("  low \t back\r\n\n pain  "), "low back pain");
  EXPECT_EQ(CollapseWhitespace(""), "");
  EXPECT_EQ(CollapseWhitespace(" \n\t "), "");
  EXPECT_EQ(CollapseWhitespace("no-change"), "no-change");
}

TEST(TextTest, CountWordsCountsRunsBetweenSpacesTabsAndNewlines) {
  EXPECT_EQ(CountWords(""), 0u);
  EXPECT_EQ(CountWords("  \t\n "), 0u);
  EXPECT_EQ(CountWords("pain"), 1u);
  EXPECT_EQ(CountWords(" low\tback\n\npain  now"), 4u);
  EXPECT_EQ(CountWords("5-10 mg/kg/day, twice."), 3u);
}

TEST(TextTest, CollapseWhitespaceTreatsNoBreakSpaceAsSpace) {
  EXPECT_EQ(CollapseWhitespace("5\xC2\xA0mg"), "5 mg");
  EXPECT_EQ(CollapseWhitespace("\xC2\xA0\xC2\xA0"
                               "a \xC2\xA0 b\xC2\xA0"),
            "a b");
  // Other characters that merely contain the byte 0xA0 are untouched (U+00E0 "à" is C3 A0).
  EXPECT_EQ(CollapseWhitespace("voil\xC3\xA0 ici"), "voil\xC3\xA0 ici");
  // Thin space U+2009 is not ASCII whitespace or NBSP and is kept.
  EXPECT_EQ(CollapseWhitespace("5\xE2\x80\x89mg"), "5\xE2\x80\x89mg");
}

TEST(TextTest, DecodeNamedEntities) {
  EXPECT_EQ(DecodeEntities("a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&apos;"), "a & b <c> \"d\" 'e'");
  EXPECT_EQ(DecodeEntities("caf&eacute; &beta;-blocker 5&nbsp;mg &ndash; &hellip;"),
            "caf\xC3\xA9 \xCE\xB2-blocker 5\xC2\xA0mg \xE2\x80\x93 \xE2\x80\xA6");
  EXPECT_EQ(DecodeEntities("&le;5 &plusmn; 1 &deg;C &micro;g"),
            "\xE2\x89\xA4"
            "5 \xC2\xB1 1 \xC2\xB0"
            "C \xC2\xB5g");
  // One level only: a double-escaped reference decodes once.
  EXPECT_EQ(DecodeEntities("&amp;lt;i&amp;gt;"), "&lt;i&gt;");
}

TEST(TextTest, DecodeNumericEntities) {
  EXPECT_EQ(DecodeEntities("caf&#233; caf&#xE9; caf&#XE9; caf&#x00e9;"),
            "caf\xC3\xA9 caf\xC3\xA9 caf\xC3\xA9 caf\xC3\xA9");
  EXPECT_EQ(DecodeEntities("&#x1F600;"), "\xF0\x9F\x98\x80");
  EXPECT_EQ(DecodeEntities("&#65;&#x42;"), "AB");
  EXPECT_EQ(DecodeEntities("&#0;"), kReplacement);      // NUL is not passed through
  EXPECT_EQ(DecodeEntities("&#xD800;"), kReplacement);  // nor a lone surrogate
}

TEST(TextTest, UnknownAndMalformedEntitiesAreKept) {
  EXPECT_EQ(DecodeEntities("&foo; &Amp; AT&T R&D;"), "&foo; &Amp; AT&T R&D;");
  EXPECT_EQ(DecodeEntities("&amp"), "&amp");  // no semicolon
  EXPECT_EQ(DecodeEntities("&#xZZ; &#; &#x; &#12a;"), "&#xZZ; &#; &#x; &#12a;");
  EXPECT_EQ(DecodeEntities("&#x110000;"), "&#x110000;");  // beyond Unicode
  EXPECT_EQ(DecodeEntities("a & b; c"), "a & b; c");
  EXPECT_EQ(DecodeEntities("&"), "&");
}

TEST(TextTest, AsciiLowerAndAppendUtf8) {
  EXPECT_EQ(AsciiLower("Randomized CONTROLLED Trial \xC3\x89"), "randomized controlled trial \xC3\x89");
  std::string out;
  AppendUtf8(U'A', &out);
  AppendUtf8(0xE9, &out);
  AppendUtf8(0x2013, &out);
  AppendUtf8(0x1F600, &out);
  AppendUtf8(0x110000, &out);
  EXPECT_EQ(out, "A\xC3\xA9\xE2\x80\x93\xF0\x9F\x98\x80" + kReplacement);
}

// Up to max bytes over a small alphabet (a space, three letters and a UTF-8 lead byte), so that
// partial matches and shared first bytes abound.
std::string RandomText(std::mt19937* rng, size_t max) {
  std::string s((*rng)() % (max + 1), ' ');
  for (char& c : s) c = " abe\xC3"[(*rng)() % 5];
  return s;
}

// ContainsAnyOf reads text once for all needles; it must say what a find per needle says.
TEST(TextTest, ContainsAnyOfAgreesWithAFindPerNeedle) {
  const std::array<std::string_view, 4> cues = {" were randomized", "we suggest", "(strong", " rat "};
  EXPECT_TRUE(ContainsAnyOf(" patients were randomized to ", cues));
  EXPECT_TRUE(ContainsAnyOf("we suggest", cues));                                  // the whole text
  EXPECT_TRUE(ContainsAnyOf("a rat ", std::array<std::string_view, 1>{" rat "}));  // at the end
  EXPECT_FALSE(ContainsAnyOf(" patients were randomised ", cues));
  EXPECT_FALSE(ContainsAnyOf("", cues));
  EXPECT_FALSE(ContainsAnyOf("we sugges", cues));                       // shorter than the needle
  EXPECT_TRUE(ContainsAnyOf("", std::array<std::string_view, 1>{""}));  // as find("") == 0
  EXPECT_FALSE(ContainsAnyOf("abc", std::array<std::string_view, 0>{}));
  EXPECT_TRUE(ContainsAnyOf("a%b", std::array<std::string_view, 2>{" mg", "%"}));  // one-byte needles
  EXPECT_TRUE(ContainsAnyOf("\xC3\xA9t\xC3\xA9", std::array<std::string_view, 1>{"\xA9t"}));
  // Random texts and needles over a small alphabet, so that partial matches abound.
  std::mt19937 rng(7);
  auto random_string = [&rng](size_t max) { return RandomText(&rng, max); };
  for (int round = 0; round < 20000; ++round) {
    const std::string text = random_string(24);
    std::vector<std::string> owned;
    // Mostly a few needles; now and then hundreds.
    const size_t count = round % 50 == 0 ? 300 + rng() % 20 : rng() % 6;
    for (size_t k = count; k > 0; --k) owned.push_back(random_string(round % 50 == 0 ? 8 : 5));
    const std::vector<std::string_view> needles(owned.begin(), owned.end());
    bool expected = false;
    for (std::string_view n : needles) expected = expected || text.find(n) != std::string::npos;
    ASSERT_EQ(ContainsAnyOf(text, needles), expected) << "text \"" << text << "\"";
  }
}

// A prepared NeedleSet says, in one pass, which of its tables occur in a text: exactly what a find
// per needle says (random texts and tables over a small alphabet, so that partial matches and
// shared first bytes abound; empty and one-byte needles included).
TEST(TextTest, NeedleSetAgreesWithAFindPerNeedle) {
  const NeedleSet roles({{" were randomized", "we suggest"}, {"(strong", " rat "}, {"%"}});
  EXPECT_EQ(roles.Which(" patients were randomized (strong for) "), 0b011u);
  EXPECT_EQ(roles.Which("a 5% rise in rats"), 0b100u);  // " rat " needs its space after
  EXPECT_TRUE(roles.In("we suggest"));
  EXPECT_FALSE(roles.In(""));
  EXPECT_EQ(NeedleSet({{}, {""}}).Which("abc"), 0b10u);
  std::mt19937 rng(17);
  auto random_string = [&rng](size_t max) { return RandomText(&rng, max); };
  for (int round = 0; round < 5000; ++round) {
    const std::string text = random_string(30);
    std::vector<std::vector<std::string>> owned(1 + rng() % 4);
    std::vector<std::vector<std::string_view>> tables;
    for (auto& table : owned) {
      for (size_t k = rng() % 6; k > 0; --k) table.push_back(random_string(5));
      tables.emplace_back(table.begin(), table.end());
    }
    uint32_t expected = 0;
    for (size_t t = 0; t < tables.size(); ++t) {
      for (std::string_view n : tables[t]) {
        if (text.find(n) != std::string::npos) expected |= uint32_t{1} << t;
      }
    }
    const NeedleSet set(tables);
    ASSERT_EQ(set.Which(text), expected) << "text \"" << text << "\" round " << round;
    ASSERT_EQ(set.In(text), expected != 0) << "text \"" << text << "\"";
  }
}

}  // namespace
}  // namespace medoracle
