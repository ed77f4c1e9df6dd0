// Tests for the editorial overview reader (docs/formats/overview.md).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "corpus/collecting_sink.h"
#include "corpus/reader.h"
#include "corpus/reader_test_util.h"

namespace medoracle {
namespace {

using ::medoracle::testing::SentenceTexts;
using Strings = std::vector<std::string>;

constexpr char kValid[] = R"md(---
title: Low back pain with sciatica
slug: low-back-pain
audience: clinician
questions:
  - When should a patient with sciatica get an MRI?
  - "Do epidural steroid injections work?"
review_status: submitted
last_reviewed: 2026-11-26
sources:
  - id: ngc:11288
    title: VA/DoD guideline for low back pain
    publisher: Department of Veterans Affairs; Department of Defense
    year: 2017
    url: https://www.healthquality.va.gov/guidelines/Pain/lbp/
  - id: ngc:10647
    title: Low back pain medical treatment guidelines
    publisher: Colorado Division of Workers' Compensation
    year: 2014
---

# Low back pain

## Bottom line
Start with **conservative** care. Most people improve
within weeks. [ngc:11288]

## First-line management
- Advise staying active rather than bed rest. [ngc:11288]
- Offer `NSAIDs` (weak recommendation) [ngc:11288, ngc:10647]
1. Epidural steroid injection [ngc:11288] gives short-term relief only. [ngc:10647]
)md";

// kValid with the first occurrence of from replaced by to.
std::string With(const std::string& from, const std::string& to) {
  std::string text = kValid;
  const size_t pos = text.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  if (pos != std::string::npos) text.replace(pos, from.size(), to);
  return text;
}

TEST(OverviewReaderTest, ReadsAValidOverview) {
  CollectingSink sink;
  const InputFile file{"library/low-back-pain.md", kValid};
  EXPECT_EQ(DetectFormat(file), Format::kOverviewMarkdown);
  ASSERT_TRUE(ReadOverviewMarkdown(file, sink).ok());
  ASSERT_EQ(sink.documents.size(), 1u);
  EXPECT_TRUE(sink.skipped_records.empty());
  const Document& doc = sink.documents[0];
  EXPECT_EQ(doc.id, "overview:low-back-pain");
  EXPECT_EQ(doc.source, "overview");
  EXPECT_EQ(doc.type, RefType::kEditorialOverview);
  EXPECT_EQ(doc.title, "Low back pain with sciatica");
  EXPECT_EQ(doc.focus, "Low back pain with sciatica");
  EXPECT_EQ(doc.venue, "medoracle editorial team");
  EXPECT_EQ(doc.year, 2026);
  EXPECT_EQ(doc.review_status, "submitted");
  EXPECT_EQ(doc.updated, "2026-11-26");
  EXPECT_EQ(doc.questions, (Strings{"When should a patient with sciatica get an MRI?",
                                    "Do epidural steroid injections work?"}));

  ASSERT_EQ(doc.references.size(), 2u);
  EXPECT_EQ(doc.references[0].id, "ngc:11288");
  EXPECT_EQ(doc.references[0].title, "VA/DoD guideline for low back pain");
  EXPECT_EQ(doc.references[0].venue, "Department of Veterans Affairs; Department of Defense");
  EXPECT_EQ(doc.references[0].year, 2017);
  EXPECT_EQ(doc.references[0].url, "https://www.healthquality.va.gov/guidelines/Pain/lbp/");
  EXPECT_EQ(doc.references[1].id, "ngc:10647");
  EXPECT_EQ(doc.references[1].url, "");

  EXPECT_EQ(doc.text,
            "Start with conservative care. Most people improve within weeks.\n\n"
            "Advise staying active rather than bed rest. Offer NSAIDs (weak recommendation) "
            "Epidural steroid injection gives short-term relief only.");
  ASSERT_EQ(doc.sections.size(), 2u);
  EXPECT_EQ(doc.sections[0].label, "Bottom line");
  EXPECT_EQ(doc.Slice(doc.sections[0].span),
            "Start with conservative care. Most people improve within weeks.");
  EXPECT_EQ(doc.sections[1].label, "First-line management");
  // One statement is one sentence span, even when it holds two sentences.
  EXPECT_EQ(SentenceTexts(doc),
            (Strings{"Start with conservative care. Most people improve within weeks.",
                     "Advise staying active rather than bed rest.", "Offer NSAIDs (weak recommendation)",
                     "Epidural steroid injection gives short-term relief only."}));
  ASSERT_EQ(doc.citations.size(), 4u);
  for (size_t i = 0; i < doc.citations.size(); ++i) EXPECT_EQ(doc.citations[i].span, doc.sentences[i]);
  EXPECT_EQ(doc.citations[0].source_ids, Strings{"ngc:11288"});
  EXPECT_EQ(doc.citations[1].source_ids, Strings{"ngc:11288"});
  EXPECT_EQ(doc.citations[2].source_ids, (Strings{"ngc:11288", "ngc:10647"}));
  EXPECT_EQ(doc.citations[3].source_ids, (Strings{"ngc:11288", "ngc:10647"}));
}

TEST(OverviewReaderTest, WindowsLineEndings) {
  std::string crlf;
  for (char c : std::string(kValid)) {
    if (c == '\n') crlf += '\r';
    crlf += c;
  }
  CollectingSink sink;
  ASSERT_TRUE(ReadOverviewMarkdown({"crlf.md", crlf}, sink).ok());
  ASSERT_EQ(sink.documents.size(), 1u);
  EXPECT_EQ(sink.documents[0].sentences.size(), 4u);
  EXPECT_EQ(sink.documents[0].questions.size(), 2u);
}

// Reading text fails with InvalidArgument and exactly this "file:line: reason" message.
void ExpectInvalid(const std::string& text, const std::string& message) {
  CollectingSink sink;
  const Status status = ReadOverviewMarkdown({"fixture.md", text}, sink);
  EXPECT_EQ(status.code(), Status::Code::kInvalidArgument) << status.ToString();
  EXPECT_EQ(status.message(), message);
  EXPECT_TRUE(sink.documents.empty());
}

TEST(OverviewReaderTest, MissingFrontMatter) {
  const std::string text = kValid;
  ExpectInvalid(text.substr(text.find("# Low back pain")),
                "fixture.md:1: missing front matter (the file must start with a '---' line)");
  ExpectInvalid(With("year: 2014\n---\n", "year: 2014\n"),
                "fixture.md:1: front matter is not closed by a '---' line");
}

TEST(OverviewReaderTest, MissingRequiredKeys) {
  ExpectInvalid(With("review_status: submitted\n", ""),
                "fixture.md:19: missing required key 'review_status'");
  ExpectInvalid(With("title: Low back pain with sciatica\n", ""),
                "fixture.md:19: missing required key 'title'");
  ExpectInvalid(With("slug: low-back-pain", "slug:"), "fixture.md:3: missing required key 'slug'");
  ExpectInvalid(With("questions:\n  - When should a patient with sciatica get an MRI?\n"
                     "  - \"Do epidural steroid injections work?\"\n",
                     ""),
                "fixture.md:17: missing required key 'questions' (one or more)");
  ExpectInvalid(With("questions:\n  - When should a patient with sciatica get an MRI?\n"
                     "  - \"Do epidural steroid injections work?\"\n",
                     "questions:\n"),
                "fixture.md:5: missing required key 'questions' (one or more)");
  const std::string text = kValid;
  const size_t sources = text.find("sources:");
  ExpectInvalid(text.substr(0, sources) + text.substr(text.find("---\n", sources)),
                "fixture.md:10: missing required key 'sources' (one or more)");
  ExpectInvalid(With("    publisher: Colorado Division of Workers' Compensation\n", ""),
                "fixture.md:16: source is missing required key 'publisher'");
}

TEST(OverviewReaderTest, BadFrontMatterValues) {
  ExpectInvalid(With("slug: low-back-pain", "slug: Low_Back"),
                "fixture.md:3: bad slug 'Low_Back' (lower-case words joined by '-')");
  ExpectInvalid(With("slug: low-back-pain", "slug: low--back"),
                "fixture.md:3: bad slug 'low--back' (lower-case words joined by '-')");
  ExpectInvalid(With("audience: clinician", "audience: doctors"),
                "fixture.md:4: audience must be clinician, patient or all, not 'doctors'");
  ExpectInvalid(
      With("review_status: submitted", "review_status: done"),
      "fixture.md:8: review_status must be submitted, under_review, approved or rejected, not 'done'");
  ExpectInvalid(With("last_reviewed: 2026-11-26", "last_reviewed: 2026-13-01"),
                "fixture.md:9: last_reviewed must be an ISO date YYYY-MM-DD, not '2026-13-01'");
  ExpectInvalid(With("    year: 2014", "    year: recent"),
                "fixture.md:19: source year 'recent' is not a year");
  ExpectInvalid(With("  - id: ngc:10647", "  - id: ngc:11288"),
                "fixture.md:16: source 'ngc:11288' is listed twice");
  ExpectInvalid(With("  - id: ngc:10647", "  - id: guideline 10647"),
                "fixture.md:16: source id 'guideline 10647' is not a document id like ngc:11288");
  ExpectInvalid(With("audience: clinician\n", "audience: clinician\nauthor: me\n"),
                "fixture.md:5: unknown front matter key 'author'");
  ExpectInvalid(With("audience: clinician\n", "audience: clinician\naudience: all\n"),
                "fixture.md:5: duplicate key 'audience'");
}

TEST(OverviewReaderTest, CitedIdNotListedUnderSources) {
  ExpectInvalid(With("bed rest. [ngc:11288]", "bed rest. [ngc:99999]"),
                "fixture.md:29: cites 'ngc:99999', which is not listed under sources");
}

TEST(OverviewReaderTest, StatementWithoutCitation) {
  ExpectInvalid(
      With("bed rest. [ngc:11288]", "bed rest."),
      "fixture.md:29: statement without a citation: \"Advise staying active rather than bed rest.\"");
  // A bracket that is not a list of document ids is text, not a citation.
  ExpectInvalid(With("bed rest. [ngc:11288]", "bed rest [see below]."),
                "fixture.md:29: statement without a citation: \"Advise staying active rather than bed rest "
                "[see below].\"");
}

TEST(OverviewReaderTest, EmptySection) {
  ExpectInvalid(With("## First-line management", "## Empty\n## First-line management"),
                "fixture.md:28: section 'Empty' is empty");
  ExpectInvalid(std::string(kValid) + "\n## Follow-up\n\n", "fixture.md:33: section 'Follow-up' is empty");
}

TEST(OverviewReaderTest, BodyStructureErrors) {
  ExpectInvalid(With("# Low back pain", "Intro text. [ngc:11288]"),
                "fixture.md:22: text before the first '## ' section heading");
  ExpectInvalid(With("## First-line management", "### First-line management"),
                "fixture.md:28: only '## ' headings start sections");
  const std::string text = kValid;
  ExpectInvalid(text.substr(0, text.find("# Low back pain")), "fixture.md:21: no '## ' section in the body");
  std::string long_statement = "- ";
  for (int i = 0; i < 61; ++i) long_statement += "word ";
  ExpectInvalid(
      With("- Advise staying active rather than bed rest. [ngc:11288]", long_statement + "[ngc:11288]"),
      "fixture.md:29: statement has 61 words (at most 60)");
  ExpectInvalid(With("- Advise staying active rather than bed rest. [ngc:11288]", "- **[ngc:11288]**"),
                "fixture.md:29: statement has citations but no text");
}

}  // namespace
}  // namespace medoracle
