// Tests for html_text and ngc_reader: the 53 real NGC summaries and small inline fixtures.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <ostream>
#include <set>
#include <string>
#include <vector>

#include "corpus/collecting_sink.h"
#include "corpus/html_text.h"
#include "corpus/reader.h"
#include "corpus/reader_test_util.h"
#include "test_data.h"

namespace medoracle {
namespace {

using ::medoracle::testing::ExpectSpansWellFormed;
using ::medoracle::testing::FindSentence;
using ::medoracle::testing::SectionOf;
using ::medoracle::testing::SharedData;

// ---------------------------------------------------------------------------------------
// HtmlToBlocks

struct B {
  HtmlBlock::Kind kind;
  int level;
  std::string text;
  bool operator==(const B&) const = default;
};

std::vector<B> Blocks(const std::string& html) {
  std::vector<B> out;
  for (const HtmlBlock& b : HtmlToBlocks(html)) out.push_back({b.kind, b.level, b.text});
  return out;
}

void PrintTo(const B& b, std::ostream* os) {
  *os << "{" << b.kind << ", " << b.level << ", \"" << b.text << "\"}";
}

constexpr auto kP = HtmlBlock::kParagraph;
constexpr auto kH = HtmlBlock::kHeading;
constexpr auto kLi = HtmlBlock::kListItem;

TEST(HtmlText, BlockElementsEndBlocksInlineOnesDoNot) {
  EXPECT_EQ(
      Blocks(
          "<div class=\"content_para\"><p>Take <em>one</em> tablet<sup>1</sup> with <a href=\"x\">water</a>,"
          "<br />then rest.</p>\n<p>CO<sub>2</sub> <span>levels</span> rise.</p></div>"),
      (std::vector<B>{
          {kP, 0, "Take one tablet1 with water,"}, {kP, 0, "then rest."}, {kP, 0, "CO2 levels rise."}}));
  EXPECT_EQ(Blocks("plain text, no tags"), (std::vector<B>{{kP, 0, "plain text, no tags"}}));
  EXPECT_TRUE(Blocks("").empty());
  EXPECT_TRUE(Blocks("<p> </p><div>&nbsp;</div><br/>").empty());
}

TEST(HtmlText, NestedListsGiveItemsWithTheirDepth) {
  EXPECT_EQ(Blocks("<p>Consider:</p><ol start=\"3\"><li>Education and self-care\n<ul style=\"x\">"
                   "<li>Advise patients to remain active </li><li>Self-care options</li></ul></li>"
                   "<li>Exercise</li></ol><p>After.</p>"),
            (std::vector<B>{{kP, 0, "Consider:"},
                            {kLi, 1, "Education and self-care"},
                            {kLi, 2, "Advise patients to remain active"},
                            {kLi, 2, "Self-care options"},
                            {kLi, 1, "Exercise"},
                            {kP, 0, "After."}}));
}

TEST(HtmlText, HeadingsRealAndEmphasised) {
  // NGC writes headings as emphasised paragraphs: underline+bold, bold, italic.
  EXPECT_EQ(
      Blocks("<h2>Guideline</h2><p><span style=\"text-decoration: underline;\"><strong>A. Treatment</strong>"
             "</span></p><p><strong>Nonpharmacologic Therapy</strong></p><p><em>Exercise</em></p>"
             "<p>Walk daily.</p><h3>Sub <em>part</em></h3>"),
      (std::vector<B>{{kH, 2, "Guideline"},
                      {kH, 1, "A. Treatment"},
                      {kH, 2, "Nonpharmacologic Therapy"},
                      {kH, 3, "Exercise"},
                      {kP, 0, "Walk daily."},
                      {kH, 3, "Sub part"}}));
  // Emphasised text that is a sentence, a lead-in or a run-in label is not a heading.
  EXPECT_EQ(
      Blocks("<p><strong>Do not prescribe benzodiazepines.</strong></p><p><strong>Note</strong>: as above</p>"
             "<p><strong>The following apply:</strong></p>"),
      (std::vector<B>{{kP, 0, "Do not prescribe benzodiazepines."},
                      {kP, 0, "Note: as above"},
                      {kP, 0, "The following apply:"}}));
}

TEST(HtmlText, BoldLeadOfAnItemWithNestedContentIsAHeading) {
  EXPECT_EQ(
      Blocks("<ol><li><strong>Assess Risk for Suicide</strong>\n<ol><li>Ask about thoughts.</li></ol></li>"
             "<li><strong>A bold item</strong></li></ol>"),
      (std::vector<B>{
          {kH, 2, "Assess Risk for Suicide"}, {kLi, 2, "Ask about thoughts."}, {kLi, 1, "A bold item"}}));
}

TEST(HtmlText, TableCellsAreBlocksNumberedByRow) {
  const std::vector<HtmlBlock> blocks = HtmlToBlocks(
      "<table><thead><tr><th>Grade</th><th>Definition</th></tr></thead><tbody><tr><td><strong>A"
      "</strong></td><td>High certainty.</td></tr><tr><td>B</td><td><ul><li>Moderate</li></ul></td>"
      "</tr></tbody></table><p>Below</p>");
  ASSERT_EQ(blocks.size(), 7u);
  const std::vector<std::string> texts = {"Grade", "Definition", "A",    "High certainty.",
                                          "B",     "Moderate",   "Below"};
  const std::vector<int> rows = {1, 1, 2, 2, 3, 0, 0};
  for (size_t i = 0; i < blocks.size(); ++i) {
    EXPECT_EQ(blocks[i].text, texts[i]);
    EXPECT_EQ(blocks[i].table_row, rows[i]) << texts[i];
    // A bold cell is not a heading; a list inside a cell still gives list items.
    EXPECT_EQ(blocks[i].kind, i == 5 ? kLi : kP) << texts[i];
  }
}

TEST(HtmlText, BrokenHtmlIsReadTolerantly) {
  EXPECT_EQ(Blocks("<p>Unclosed <b>bold<ul><li>item one<li>item two</ul>"
                   "<p>x < 5 and y > 3</span></div></p><p>end <a href=\"u>oops</a> text<"),
            (std::vector<B>{{kP, 0, "Unclosed bold"},
                            {kLi, 1, "item one"},
                            {kLi, 1, "item two"},
                            {kP, 0, "x < 5 and y > 3"},
                            {kP, 0, "end oops text<"}}));
  EXPECT_EQ(
      Blocks("<style>p { color: red }</style><script>var s = \"<p>no</p>\";</script><!-- <p>hidden</p> -->"
             "<!DOCTYPE html><P CLASS=x>Shown</P><SCRIPT>never closed"),
      (std::vector<B>{{kP, 0, "Shown"}}));
}

TEST(HtmlText, EntitiesAreDecodedAndWhitespaceCollapsed) {
  EXPECT_EQ(
      Blocks("<p>Dose&nbsp;&nbsp;5 mg &amp; more: &lt;200 &ge;3 &ndash; caf&eacute; &#233;&#xE9; &bogus;\n"
             "\t  end</p>"),
      (std::vector<B>{{kP, 0,
                       "Dose 5 mg & more: <200 \xE2\x89\xA5"
                       "3 \xE2\x80\x93 caf\xC3\xA9 \xC3\xA9\xC3\xA9 &bogus; end"}}));
  // Decoding happens once: "&amp;lt;" is the text "&lt;", not "<".
  EXPECT_EQ(HtmlToText("<p>a &amp;lt; b</p>"), "a &lt; b");
  // Invalid UTF-8 is repaired.
  EXPECT_EQ(HtmlToText("<p>bad \xFF byte</p>"), "bad \xEF\xBF\xBD byte");
}

TEST(HtmlText, LinksAreDecoded) {
  EXPECT_EQ(
      HtmlLinks("<p>See <a title=\"t\" href=\"https://x.org/a?b=1&amp;c=2\">x</a> and <A HREF='/rel'>y</A>"
                "<a name=\"n\">z</a></p>"),
      (std::vector<std::string>{"https://x.org/a?b=1&c=2", "/rel"}));
}

// ---------------------------------------------------------------------------------------
// ReadNgcXml

// Every span lies inside text and is non-empty, every sentence inside a section, and the
// id has the "ngc:" prefix.
void ExpectWellFormed(const Document& doc) {
  SCOPED_TRACE(doc.id);
  EXPECT_EQ(doc.id.rfind("ngc:", 0), 0u);
  EXPECT_EQ(doc.source, "ngc");
  EXPECT_EQ(doc.type, RefType::kGuideline);
  ExpectSpansWellFormed(doc);
}

std::string EscapeAttr(const std::string& html) {
  std::string out;
  for (char c : html) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\n':
        out += "&#xA;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

struct Field {
  int id;
  std::vector<std::string> values;  // HTML, escaped into the attribute by NgcXml
};

std::string NgcXml(const std::vector<Field>& fields) {
  std::string xml =
      "<Version>\n  <xmlSource>This XML content was developed by AHRQ's contractor ECRI Institute for the "
      "National Guideline Clearinghouse (NGC).</xmlSource>\n  <Section SecID=\"1\" Name=\"General\">\n";
  for (const Field& f : fields) {
    xml += "    <Field FieldID=\"" + std::to_string(f.id) + "\" Name=\"x\" Type=\"text\">\n";
    for (const std::string& v : f.values) xml += "      <FieldValue Value=\"" + EscapeAttr(v) + "\" />\n";
    xml += "    </Field>\n";
  }
  return xml + "  </Section>\n</Version>\n";
}

Status ReadFixture(const std::string& xml, CollectingSink* sink,
                   const std::string& path = "dir/ngc-123.xml") {
  return ReadNgcXml(InputFile{path, xml}, *sink);
}

const std::string kRecommendations =
    "<div class=\"content_para\"><p>Recommendations are graded.</p>"
    "<p><span style=\"text-decoration: underline;\"><strong>Treatment</strong></span></p>"
    "<p><strong>Nonpharmacologic Therapy</strong></p>"
    "<p>For patients with back pain, consider the following:</p>\n<ol start=\"4\">\n"
    "  <li>Advise patients to stay active. (<strong>Strong For; Reviewed, Amended</strong>) </li>\n"
    "  <li>Offer exercise therapy.<br />Strength of Recommendation: B</li>\n"
    "  <li>Offer yoga. <strong>[C]</strong> Consider tai chi. [EO]</li>\n"
    "</ol>\n"
    "<p><strong>Pharmacologic Therapy</strong></p>"
    "<p>Use NSAIDs&nbsp;first.</p><p>(Level of Evidence: II-2)</p>"
    "<p><span style=\"text-decoration: underline;\"><strong>Follow-up</strong></span></p>"
    "<p>Reassess in 4 weeks &ndash; or sooner.</p></div>";

std::vector<Field> FullFixture() {
  return {{161, {"<div class=\"content_title\">Fixture guideline for back pain.</div>"}},
          {97,
           {"<table><tr><td>Work Group. Fixture guideline. Washington (DC): Dept; 2016 Jan. 10 "
            "p.</td></tr></table>"}},
          {183, {"Yes"}},
          {151, {kRecommendations}},
          {140,
           {"<div class=\"content_para\"><p>Chronic conditions, including:</p><ul><li>Low back pain</li>"
            "<li>Sciatica</li></ul></div>"}},
          {152, {"<p>Less pain.</p>"}},
          {125, {"<p>United States Government funding.</p>"}},
          {128, {"1999 May (revised 2014 Oct)"}},
          {158,
           {"Department of Defense - Federal Government Agency [U.S.]",
            "Department of Veterans Affairs - Federal Government Agency [U.S.]"}},
          {118,
           {"<p>Available from the <a href=\"mailto:x@y.z\">mail</a> and the "
            "<a href=\"https://example.org/g.pdf?a=1&amp;b=2\" title=\"t\">Web site</a>.</p>"}},
          {97, {"<p>A second copy of the citation is ignored.</p>"}}};
}

TEST(NgcReaderFixture, MetadataFromFields) {
  CollectingSink sink;
  ASSERT_TRUE(ReadFixture(NgcXml(FullFixture()), &sink).ok());
  ASSERT_EQ(sink.documents.size(), 1u);
  EXPECT_TRUE(sink.skipped_records.empty());
  const Document& doc = sink.documents[0];
  ExpectWellFormed(doc);
  EXPECT_EQ(doc.id, "ngc:123");
  EXPECT_EQ(doc.title, "Fixture guideline for back pain");
  EXPECT_EQ(doc.venue, "Department of Defense; Department of Veterans Affairs");
  EXPECT_EQ(doc.year, 2014);  // the revision year
  EXPECT_EQ(doc.url, "https://example.org/g.pdf?a=1&b=2");
  EXPECT_EQ(doc.keywords, (std::vector<std::string>{"Chronic conditions", "Low back pain", "Sciatica"}));
  // Administrative fields and NEATS scores are not text.
  EXPECT_EQ(doc.text.find("funding"), std::string::npos);
  EXPECT_EQ(doc.text.find("second copy"), std::string::npos);
  ASSERT_FALSE(doc.sections.empty());
  EXPECT_EQ(doc.sections.back().label, "Bibliographic Source");
  EXPECT_EQ(doc.Slice(doc.sections.back().span),
            "Work Group. Fixture guideline. Washington (DC): Dept; 2016 Jan. 10 p.");
}

TEST(NgcReaderFixture, RecommendationsKeepHeadingsGradesAndListOrder) {
  CollectingSink sink;
  ASSERT_TRUE(ReadFixture(NgcXml(FullFixture()), &sink).ok());
  ASSERT_EQ(sink.documents.size(), 1u);
  const Document& doc = sink.documents[0];
  std::vector<std::string> labels;
  for (const Section& s : doc.sections) labels.push_back(s.label);
  EXPECT_EQ(labels, (std::vector<std::string>{
                        "Major Recommendations",
                        "Major Recommendations > Treatment > Nonpharmacologic Therapy",
                        "Major Recommendations > Treatment > Pharmacologic Therapy",
                        "Major Recommendations > Follow-up",
                        "Disease/Condition(s)",
                        "Potential Benefits",
                        "Bibliographic Source",
                    }));
  // The lead-in and its items are one section, in order, each item its own sentence with
  // its grade attached.
  const Section& list = doc.sections[1];
  EXPECT_EQ(
      doc.Slice(list.span),
      "For patients with back pain, consider the following: Advise patients to stay active. (Strong For; "
      "Reviewed, Amended) Offer exercise therapy. Strength of Recommendation: B Offer yoga. [C] Consider tai "
      "chi. [EO]");
  const int lead = FindSentence(doc, "For patients with back pain, consider the following:");
  ASSERT_GE(lead, 0);
  const std::vector<std::string> expected = {
      "Advise patients to stay active. (Strong For; Reviewed, Amended)",
      "Offer exercise therapy. Strength of Recommendation: B", "Offer yoga. [C]", "Consider tai chi. [EO]"};
  for (size_t i = 0; i < expected.size(); ++i) {
    ASSERT_LT(lead + 1 + i, doc.sentences.size());
    EXPECT_EQ(doc.Slice(doc.sentences[lead + 1 + i]), expected[i]);
  }
  // A grade in a paragraph of its own stays with the recommendation; "&amp;nbsp;" in the
  // XML attribute is an HTML no-break space (unescaped twice).
  ASSERT_NE(NgcXml(FullFixture()).find("NSAIDs&amp;nbsp;first"), std::string::npos);
  const int nsaids = FindSentence(doc, "Use NSAIDs first. (Level of Evidence: II-2)");
  ASSERT_GE(nsaids, 0);
  EXPECT_EQ(SectionOf(doc, doc.sentences[nsaids])->label,
            "Major Recommendations > Treatment > Pharmacologic Therapy");
  EXPECT_GE(FindSentence(doc, "Reassess in 4 weeks \xE2\x80\x93 or sooner."), 0);
}

// A list of drugs to avoid after a line without a colon ("<p>DO NOT USE</p><ul><li>Meperidine for
// chronic pain</li>...") was a section of its own, cut off from its items, which read alone as
// advice to use them and were never quoted. The line is now the list's lead-in.
TEST(NgcReaderFixture, ListAfterAShortLineWithoutAColonWasCutFromIt_NowTheLineIsItsLeadIn) {
  CollectingSink sink;
  ASSERT_TRUE(ReadFixture(NgcXml({{161, {"Opioids for injured workers"}},
                                  {151,
                                   {"<p><strong>Drugs and Drug Combinations to Avoid</strong></p><p>DO NOT USE</p>"
                                    "<ul><li>Parenteral opioids in an outpatient setting </li><li>Meperidine for "
                                    "chronic pain </li></ul><p>Use Is NOT RECOMMENDED</p><ul><li>Carisoprodol</li>"
                                    "</ul><p>Review the prescription monitoring program.</p><ul><li>Before the first "
                                    "prescription.</li></ul>"}}}),
                          &sink)
                  .ok());
  ASSERT_EQ(sink.documents.size(), 1u);
  const Document& doc = sink.documents[0];
  ExpectWellFormed(doc);
  const int lead = FindSentence(doc, "DO NOT USE:");
  ASSERT_GE(lead, 0) << doc.text;
  ASSERT_LT(lead + 2, static_cast<int>(doc.sentences.size()));
  EXPECT_EQ(doc.Slice(doc.sentences[lead + 1]), "Parenteral opioids in an outpatient setting");
  EXPECT_EQ(doc.Slice(doc.sentences[lead + 2]), "Meperidine for chronic pain");
  EXPECT_EQ(SectionOf(doc, doc.sentences[lead])->span.start, doc.sentences[lead].start);
  EXPECT_EQ(SectionOf(doc, doc.sentences[lead + 2])->span.start, doc.sentences[lead].start);
  EXPECT_GE(FindSentence(doc, "Use Is NOT RECOMMENDED:"), 0) << doc.text;
  // A sentence that ends with a stop stays as written.
  EXPECT_GE(FindSentence(doc, "Review the prescription monitoring program."), 0) << doc.text;
}

// A review-criteria table's cells were sentences of a few words each ("Saddle anesthesia",
// "AND/OR"), too short to quote, so what the table says was never shown. A cell is now one
// statement (its lines joined) led by its column's header ("Objective: ..."); header rows
// (<th> or all emphasised) name the columns and are not statements themselves.
TEST(NgcReaderFixture, TableCellsWereFragments_NowStatementsLedByTheirColumnHeader) {
  CollectingSink sink;
  ASSERT_TRUE(
      ReadFixture(NgcXml({{161, {"Cauda equina syndrome"}},
                          {151,
                           {"<p><strong>Review Criteria</strong></p><table><thead><tr><th>A request may be appropriate "
                            "for</th><th colspan=\"2\">AND the diagnosis is supported by these clinical findings</th>"
                            "</tr></thead><tbody><tr><td><em>Surgical Procedure</em></td><td><em>Subjective</em></td>"
                            "<td><em>Objective</em></td></tr><tr><td>Lumbar decompression</td><td>Loss of bladder "
                            "function<br/><br/><strong>AND/OR</strong><br/>Sexual dysfunction</td><td>Saddle "
                            "anesthesia<br/><strong>AND/OR</strong><br/>Absent anal sphincter tone</td></tr></tbody>"
                            "</table><p>Grade: Strong for</p>"}}}),
                  &sink)
          .ok());
  ASSERT_EQ(sink.documents.size(), 1u);
  const Document& doc = sink.documents[0];
  EXPECT_GE(FindSentence(doc, "Surgical Procedure: Lumbar decompression."), 0);
  EXPECT_GE(FindSentence(doc, "Subjective: Loss of bladder function AND/OR Sexual dysfunction."), 0);
  const int objective = FindSentence(doc, "Objective: Saddle anesthesia AND/OR Absent anal sphincter tone.");
  ASSERT_GE(objective, 0);
  EXPECT_EQ(SectionOf(doc, doc.sentences[objective])->label, "Major Recommendations > Review Criteria");
  EXPECT_LT(FindSentence(doc, "Saddle anesthesia"), 0);
  EXPECT_LT(FindSentence(doc, "Objective"), 0);          // the header row is no statement of its own
  EXPECT_GE(FindSentence(doc, "Grade: Strong for"), 0);  // text after the table is read as before
}

// "What should I cover when counseling a teenager about preventing pregnancy?" named no
// medical concept (pregnancy is no Disease Ontology disease and no MedQuAD focus with
// synonyms), so it had to clear the higher confidence bar and was declined. A guideline's
// conditions are now vocabulary, one entry each (the index keeps one per id), without their
// parenthesis, an abbreviation in it kept as a synonym.
TEST(NgcReaderFixture, GuidelineConditionsWereNoVocabulary_NowEachOneAnEntry) {
  CollectingSink sink;
  ASSERT_TRUE(ReadFixture(NgcXml({{161, {"Family planning"}},
                                  {140,
                                   {"<ul><li>Pregnancy (intended or unintended) </li><li>Major depressive disorder "
                                    "(MDD)</li><li>Conditions that are far too long to be the name of one concept "
                                    "here</li></ul>"}},
                                  {151, {"<p>Recommend X.</p>"}}}),
                          &sink)
                  .ok());
  ASSERT_EQ(sink.vocabulary.size(), 2u);
  EXPECT_EQ(sink.vocabulary[0].source, "ngc");
  EXPECT_EQ(sink.vocabulary[0].term, "Pregnancy");
  EXPECT_TRUE(sink.vocabulary[0].synonyms.empty());
  EXPECT_EQ(sink.vocabulary[1].term, "Major depressive disorder");
  EXPECT_EQ(sink.vocabulary[1].synonyms, std::vector<std::string>{"MDD"});
  EXPECT_NE(sink.vocabulary[0].id, sink.vocabulary[1].id);
}

TEST(NgcReaderFixture, FallbacksForYearAndUrl) {
  CollectingSink sink;
  ASSERT_TRUE(ReadFixture(NgcXml({{161, {"Title"}},
                                  {97, {"Panel. Title. City: Publisher; 2016 Mar 18. 5 p."}},
                                  {151, {"<p>Recommend X.</p>"}}}),
                          &sink, "/data/ngc-9.xml.gz")
                  .ok());
  ASSERT_EQ(sink.documents.size(), 1u);
  const Document& doc = sink.documents[0];
  ExpectWellFormed(doc);
  EXPECT_EQ(doc.id, "ngc:9");
  EXPECT_EQ(doc.year, 2016);
  EXPECT_EQ(doc.url, "https://www.guideline.gov/summaries/summary/9");
  EXPECT_TRUE(doc.venue.empty());
}

TEST(NgcReaderFixture, OtherFileNamesUseTheirStem) {
  CollectingSink sink;
  ASSERT_TRUE(
      ReadFixture(NgcXml({{161, {"T"}}, {151, {"<p>Recommend X.</p>"}}}), &sink, "my guideline.xml").ok());
  ASSERT_EQ(sink.documents.size(), 1u);
  EXPECT_EQ(sink.documents[0].id, "ngc:my guideline");
}

TEST(NgcReaderFixture, MissingTitleIsSkipped) {
  CollectingSink sink;
  ASSERT_TRUE(ReadFixture(NgcXml({{161, {"<div>  </div>"}}, {151, {"<p>Recommend X.</p>"}}}), &sink).ok());
  EXPECT_TRUE(sink.documents.empty());
  ASSERT_EQ(sink.skipped_records.size(), 1u);
  EXPECT_EQ(sink.skipped_records[0].file, "dir/ngc-123.xml");
  EXPECT_EQ(sink.skipped_records[0].record, "ngc:123");
  EXPECT_EQ(sink.skipped_records[0].reason, "no Guideline Title (FieldID 161)");

  CollectingSink no_field;
  ASSERT_TRUE(ReadFixture(NgcXml({{151, {"<p>Recommend X.</p>"}}}), &no_field).ok());
  EXPECT_TRUE(no_field.documents.empty());
  ASSERT_EQ(no_field.skipped_records.size(), 1u);
}

TEST(NgcReaderFixture, TitleWithoutTextIsSkipped) {
  CollectingSink sink;
  ASSERT_TRUE(
      ReadFixture(NgcXml({{161, {"A title"}}, {97, {"A citation; 2015."}}, {125, {"Funding"}}}), &sink).ok());
  EXPECT_TRUE(sink.documents.empty());
  ASSERT_EQ(sink.skipped_records.size(), 1u);
  EXPECT_EQ(sink.skipped_records[0].reason, "no recommendation or other guideline text");
}

TEST(NgcReaderFixture, MalformedXmlIsCorruption) {
  CollectingSink sink;
  const std::string xml = NgcXml({{161, {"T"}}, {151, {"<p>X.</p>"}}});
  const Status status = ReadFixture(xml.substr(0, xml.size() / 2), &sink);
  EXPECT_EQ(status.code(), Status::Code::kCorruption);
  EXPECT_NE(status.message().find("dir/ngc-123.xml"), std::string::npos) << status.message();
  EXPECT_NE(status.message().find("line"), std::string::npos) << status.message();
  EXPECT_TRUE(sink.documents.empty());

  CollectingSink mismatched;
  EXPECT_EQ(ReadFixture("<Version><Field FieldID=\"161\"><FieldValue Value=\"T\" /></Section></Version>",
                        &mismatched)
                .code(),
            Status::Code::kCorruption);
  CollectingSink empty;
  EXPECT_EQ(ReadFixture("", &empty).code(), Status::Code::kCorruption);
}

TEST(NgcReaderFixture, XmlWithoutFieldsIsNotAGuideline) {
  CollectingSink sink;
  const Status status = ReadFixture("<PubmedArticleSet><PubmedArticle/></PubmedArticleSet>", &sink);
  EXPECT_EQ(status.code(), Status::Code::kCorruption);
  EXPECT_NE(status.message().find("no <Field> elements"), std::string::npos) << status.message();
}

// ---------------------------------------------------------------------------------------
// Real files

const char kSummaries[] = "ngc_guidelines_pd/summaries";

Status ReadSummary(const std::string& name, CollectingSink* sink) {
  StatusOr<InputFile> file = LoadInputFile(SharedData(std::string(kSummaries) + "/" + name));
  if (!file.ok()) return file.status();
  return ReadNgcXml(*file, *sink);
}

TEST(NgcReaderRealFiles, AllSummariesGiveOneGuidelineEach) {
  MEDORACLE_REQUIRE_SHARED_DATA(kSummaries);
  CollectingSink sink;
  size_t files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(SharedData(kSummaries))) {
    if (entry.path().extension() != ".xml") continue;
    ++files;
    const Status status = ReadSummary(entry.path().filename().string(), &sink);
    EXPECT_TRUE(status.ok()) << status.ToString();
  }
  EXPECT_EQ(files, 53u);
  EXPECT_EQ(sink.documents.size(), 53u);
  EXPECT_TRUE(sink.skipped_records.empty());
  std::set<std::string> ids;
  for (const Document& doc : sink.documents) {
    ExpectWellFormed(doc);
    ids.insert(doc.id);
    EXPECT_FALSE(doc.title.empty()) << doc.id;
    EXPECT_FALSE(doc.venue.empty()) << doc.id;
    EXPECT_GE(doc.year, 2013) << doc.id;  // every summary was released or revised 2013-2018
    EXPECT_LE(doc.year, 2018) << doc.id;
    EXPECT_EQ(doc.url.rfind("http", 0), 0u) << doc.id;
    EXPECT_FALSE(doc.keywords.empty()) << doc.id;
    EXPECT_EQ(doc.sections.front().label.rfind("Major Recommendations", 0), 0u) << doc.id;
    EXPECT_EQ(doc.sections.back().label, "Bibliographic Source") << doc.id;
    // No HTML left in the text.
    EXPECT_EQ(doc.text.find("<p>"), std::string::npos) << doc.id;
    EXPECT_EQ(doc.text.find("&nbsp;"), std::string::npos) << doc.id;
    EXPECT_EQ(doc.text.find("&amp;"), std::string::npos) << doc.id;
  }
  EXPECT_EQ(ids.size(), 53u);
}

TEST(NgcReaderRealFiles, LowBackPain11288) {
  MEDORACLE_REQUIRE_SHARED_DATA(std::string(kSummaries) + "/ngc-11288.xml");
  CollectingSink sink;
  ASSERT_TRUE(ReadSummary("ngc-11288.xml", &sink).ok());
  ASSERT_EQ(sink.documents.size(), 1u);
  const Document& doc = sink.documents[0];
  ExpectWellFormed(doc);
  EXPECT_EQ(doc.id, "ngc:11288");
  EXPECT_EQ(doc.title, "VA/DoD clinical practice guideline for diagnosis and treatment of low back pain");
  EXPECT_EQ(doc.venue,
            "Department of Defense; Department of Veterans Affairs; Veterans Health Administration");
  EXPECT_EQ(doc.year, 2017);
  EXPECT_EQ(doc.url, "https://www.healthquality.va.gov/guidelines/Pain/lbp/VADoDLBPCPG092917.pdf");
  EXPECT_EQ(doc.keywords,
            (std::vector<std::string>{"Acute, subacute, or chronic axial/non-radiating low back pain"}));

  // Graded recommendations under their headings, grade attached.
  const int active = FindSentence(
      doc,
      "For patients with chronic low back pain, the Work Group recommends providing evidence-based "
      "information with "
      "regard to their expected course, advising patients to remain active, and providing information about "
      "self-care options. (Strong For; Reviewed, Amended)");
  ASSERT_GE(active, 0);
  EXPECT_EQ(SectionOf(doc, doc.sentences[active])->label,
            "Major Recommendations > B. Education and Self-care");
  const int cbt = FindSentence(doc,
                               "For patients with chronic low back pain, the Work Group recommends cognitive "
                               "behavioral therapy. (Strong "
                               "For; Reviewed, New-replaced)");
  ASSERT_GE(cbt, 0);
  EXPECT_EQ(SectionOf(doc, doc.sentences[cbt])->label,
            "Major Recommendations > C. Non-pharmacologic and Non-invasive Therapy");
  // The next recommendation is its own sentence.
  EXPECT_EQ(doc.Slice(doc.sentences[cbt + 1]),
            "For patients with chronic low back pain, the Work Group suggests mindfulness-based stress "
            "reduction. (Weak "
            "For; Reviewed, New-replaced)");
  const int nsaid = FindSentence(doc,
                                 "For patients with acute or chronic low back pain, the Work Group "
                                 "recommends treating with nonsteroidal "
                                 "anti-inflammatory drugs, with consideration of patient-specific risks. "
                                 "(Strong For; Reviewed, Amended)");
  ASSERT_GE(nsaid, 0);
  EXPECT_EQ(SectionOf(doc, doc.sentences[nsaid])->label, "Major Recommendations > D. Pharmacologic Therapy");

  // The algorithm lead-in is followed by its items, in order, in one section.
  const int lead =
      FindSentence(doc, "The following algorithms are provided in the original guideline document:");
  ASSERT_GE(lead, 0);
  EXPECT_EQ(doc.Slice(doc.sentences[lead + 1]), "Module A: Initial Evaluation of Low Back Pain");
  EXPECT_EQ(doc.Slice(doc.sentences[lead + 2]), "Module B: Management of Low Back Pain");
  EXPECT_EQ(SectionOf(doc, doc.sentences[lead])->label, "Clinical Algorithm(s)");
  EXPECT_EQ(SectionOf(doc, doc.sentences[lead + 2]), SectionOf(doc, doc.sentences[lead]));

  std::set<std::string> labels;
  for (const Section& s : doc.sections) labels.insert(s.label);
  for (const char* label :
       {"Major Recommendations", "Clinical Algorithm(s)", "Disease/Condition(s)", "Guideline Objective(s)",
        "Target Population", "Potential Benefits", "Potential Harms", "Contraindications",
        "Qualifying Statements", "Rating Scheme for the Strength of the Recommendations",
        "Bibliographic Source"}) {
    EXPECT_EQ(labels.count(label), 1u) << label;
  }
  EXPECT_GE(FindSentence(doc,
                         "Duloxetine has a risk of hepatotoxicity and should not be used in individuals with "
                         "liver disease."),
            0);
  EXPECT_NE(
      doc.text.find("Washington (DC): Department of Veterans Affairs, Department of Defense; 2017 Sep."),
      std::string::npos);
}

}  // namespace
}  // namespace medoracle
