// Tests for medline_text_reader: the real MEDLINE display-format samples and inline fixtures.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "corpus/collecting_sink.h"
#include "corpus/reader.h"
#include "corpus/reader_test_util.h"
#include "test_data.h"

namespace medoracle {
namespace {

using ::medoracle::testing::Contains;
using ::medoracle::testing::ExpectSpansWellFormed;
using ::medoracle::testing::Labels;
using ::medoracle::testing::SharedData;

void ExpectWellFormed(const Document& doc) {
  SCOPED_TRACE(doc.id);
  EXPECT_EQ(doc.id.rfind("pmid:", 0), 0u);
  EXPECT_EQ(doc.id, "pmid:" + doc.pmid);
  EXPECT_EQ(doc.source, "pubmed");
  ExpectSpansWellFormed(doc, {.section_labels = false});
}

Status ReadSample(const std::string& name, CollectingSink* sink) {
  StatusOr<InputFile> file = LoadInputFile(SharedData("pubmed_xml_samples/biopython/medline/" + name));
  if (!file.ok()) return file.status();
  EXPECT_EQ(DetectFormat(*file), Format::kMedlineText);
  Status status = ReadMedlineText(*file, *sink);
  for (const Document& doc : sink->documents) ExpectWellFormed(doc);
  return status;
}

Status ReadText(const std::string& text, CollectingSink* sink, const std::string& path = "fixture.txt") {
  Status status = ReadMedlineText(InputFile{path, text}, *sink);
  for (const Document& doc : sink->documents) ExpectWellFormed(doc);
  return status;
}

TEST(MedlineTextReaderRealFiles, CountsPerFile) {
  MEDORACLE_REQUIRE_SHARED_DATA("pubmed_xml_samples/biopython/medline");
  const std::pair<const char*, size_t> expected[] = {
      {"pubmed_result1.txt", 1}, {"pubmed_result2.txt", 4}, {"pubmed_result3.txt", 1}};
  for (const auto& [name, count] : expected) {
    SCOPED_TRACE(name);
    CollectingSink sink;
    ASSERT_TRUE(ReadSample(name, &sink).ok());
    EXPECT_EQ(sink.documents.size(), count);
    EXPECT_TRUE(sink.skipped_records.empty());
  }
}

TEST(MedlineTextReaderRealFiles, StructuredAbstractAndMetadata) {
  MEDORACLE_REQUIRE_SHARED_DATA("pubmed_xml_samples/biopython/medline");
  CollectingSink sink;
  ASSERT_TRUE(ReadSample("pubmed_result2.txt", &sink).ok());
  ASSERT_EQ(sink.documents.size(), 4u);
  const Document& scop = sink.documents[0];
  EXPECT_EQ(scop.id, "pmid:16403221");
  EXPECT_EQ(scop.title, "A high level interface to SCOP and ASTRAL implemented in python.");
  EXPECT_EQ(scop.venue, "BMC bioinformatics");
  EXPECT_EQ(scop.year, 2006);
  EXPECT_EQ(scop.doi, "10.1186/1471-2105-7-10");  // the AID "[doi]" line, not the "[pii]" one
  EXPECT_EQ(scop.language, "eng");
  EXPECT_EQ(scop.url, "https://pubmed.ncbi.nlm.nih.gov/16403221/");
  EXPECT_EQ(scop.authors, (std::vector<std::string>{"Casbon JA", "Crooks GE", "Saqi MA"}));
  EXPECT_EQ(Labels(scop), (std::vector<std::string>{"BACKGROUND", "RESULTS", "CONCLUSION"}));
  EXPECT_EQ(
      scop.Slice(scop.sections[2].span),
      "The modules make the analysis and generation of datasets for use in structural genomics easier and "
      "more principled.");
  // "MH  - Information Storage and Retrieval/*methods" -> the descriptor alone.
  EXPECT_TRUE(Contains(scop.keywords, "Information Storage and Retrieval"));
  EXPECT_TRUE(Contains(scop.keywords, "Databases, Protein"));
  for (const std::string& k : scop.keywords) EXPECT_EQ(k.find_first_of("*/"), std::string::npos) << k;

  const Document& genome = sink.documents[1];
  EXPECT_EQ(genome.title,
            "GenomeDiagram: a python package for the visualization of large-scale genomic data.");
  EXPECT_EQ(Labels(genome),
            (std::vector<std::string>{"SUMMARY", "AVAILABILITY", "SUPPLEMENTARY INFORMATION"}));
  EXPECT_EQ(genome.venue, "Bioinformatics (Oxford, England)");

  // Starts without a label, so it stays one "Abstract" even with "AVAILABILITY:" later.
  const Document& pdb = sink.documents[3];
  EXPECT_EQ(pdb.id, "pmid:14630660");
  EXPECT_EQ(Labels(pdb), std::vector<std::string>{"Abstract"});
  EXPECT_EQ(pdb.doi, "");
  EXPECT_EQ(pdb.year, 2003);
  EXPECT_EQ(pdb.type, RefType::kObservationalStudy);  // "Comparative Study"
}

TEST(MedlineTextReaderRealFiles, ContinuationLinesAndLidDoi) {
  MEDORACLE_REQUIRE_SHARED_DATA("pubmed_xml_samples/biopython/medline");
  CollectingSink sink;
  ASSERT_TRUE(ReadSample("pubmed_result3.txt", &sink).ok());
  ASSERT_EQ(sink.documents.size(), 1u);
  const Document& doc = sink.documents[0];
  EXPECT_EQ(doc.id, "pmid:23039619");
  EXPECT_EQ(doc.doi, "10.1118/1.4748329");
  EXPECT_EQ(doc.venue, "Medical physics");
  EXPECT_EQ(doc.year, 2012);
  EXPECT_EQ(Labels(doc), (std::vector<std::string>{"PURPOSE", "METHODS", "RESULTS", "CONCLUSIONS"}));
  // The MH heading continued on the next line is joined before its qualifiers are dropped.
  EXPECT_TRUE(Contains(doc.keywords, "High-Intensity Focused Ultrasound Ablation"));
  EXPECT_NE(doc.text.find("from 2 x 10(-3) mlmls to 16 x 10(-3) mlmls."), std::string::npos);

  CollectingSink one;
  ASSERT_TRUE(ReadSample("pubmed_result1.txt", &one).ok());
  ASSERT_EQ(one.documents.size(), 1u);
  EXPECT_EQ(one.documents[0].title, "The Bio* toolkits--a brief overview.");
  EXPECT_EQ(one.documents[0].authors, std::vector<std::string>{"Mangalam H"});
  EXPECT_EQ(Labels(one.documents[0]), std::vector<std::string>{"Abstract"});
  EXPECT_EQ(one.documents[0].sentences.size(), 3u);
}

TEST(MedlineTextReaderFixture, RecordsWithoutBlankLinesCrlfAndSkips) {
  const std::string text =
      "PMID- 1\r\n"
      "TI  - Title one\r\n"
      "      continued.\r\n"
      "PT  - Randomized Controlled Trial\r\n"
      "DP  - 2019 Mar 3\r\n"
      "PMID- 2\r\n"
      "TI  - Only a title.\r\n"
      "OT  - *Patients with HIV/AIDS\r\n"
      "LID - 10.1/x [doi]\r\n"
      "DEP - 20200115\r\n"
      "\r\n"
      "OWN - NLM\r\n"
      "TI  - No id.\r\n"
      "\r\n"
      "PMID- 4\r\n"
      "AU  - Nobody A\r\n";
  CollectingSink sink;
  ASSERT_TRUE(ReadText(text, &sink, "export.txt").ok());
  ASSERT_EQ(sink.documents.size(), 2u);
  EXPECT_EQ(sink.documents[0].id, "pmid:1");
  EXPECT_EQ(sink.documents[0].title, "Title one continued.");
  EXPECT_EQ(sink.documents[0].type, RefType::kRandomizedTrial);
  EXPECT_EQ(sink.documents[0].year, 2019);
  EXPECT_EQ(Labels(sink.documents[0]), std::vector<std::string>{"Title"});
  EXPECT_EQ(sink.documents[1].id, "pmid:2");
  EXPECT_EQ(sink.documents[1].doi, "10.1/x");
  EXPECT_EQ(sink.documents[1].year, 2020);  // no DP: the electronic publication date
  EXPECT_EQ(sink.documents[1].keywords, std::vector<std::string>{"Patients with HIV/AIDS"});
  ASSERT_EQ(sink.skipped_records.size(), 2u);
  EXPECT_EQ(sink.skipped_records[0].file, "export.txt");
  EXPECT_EQ(sink.skipped_records[0].record, "record 3");
  EXPECT_EQ(sink.skipped_records[0].reason, "no PMID line");
  EXPECT_EQ(sink.skipped_records[1].record, "pmid:4");
  EXPECT_EQ(sink.skipped_records[1].reason, "no title or abstract");
}

TEST(MedlineTextReaderFixture, LabelsOnlyAtSentenceStartsAndInvalidUtf8Repaired) {
  const std::string text =
      "PMID- 10\n"
      "TI  - Caf\xE9 trial.\n"
      "AB  - OBJECTIVE: To test. MATERIALS AND METHODS: We enrolled patients with HIV: 40 of\n"
      "      them. RESULTS/FINDINGS: It worked \xFF well. CI: 1-2.\n"
      "\n"
      "PMID- 11\n"
      "AB  - Patients with HIV: outcomes. RESULTS: none.\n";
  CollectingSink sink;
  ASSERT_TRUE(ReadText(text, &sink).ok());
  ASSERT_EQ(sink.documents.size(), 2u);
  const Document& doc = sink.documents[0];
  EXPECT_EQ(doc.title, "Caf\xEF\xBF\xBD trial.");
  EXPECT_EQ(Labels(doc),
            (std::vector<std::string>{"OBJECTIVE", "MATERIALS AND METHODS", "RESULTS/FINDINGS"}));
  EXPECT_EQ(doc.Slice(doc.sections[1].span), "We enrolled patients with HIV: 40 of them.");
  EXPECT_EQ(doc.Slice(doc.sections[2].span), "It worked \xEF\xBF\xBD well. CI: 1-2.");
  EXPECT_EQ(Labels(sink.documents[1]), std::vector<std::string>{"Abstract"});
  EXPECT_EQ(sink.documents[1].text, "Patients with HIV: outcomes. RESULTS: none.");
}

TEST(MedlineTextReaderFixture, NotMedlineTextIsCorruption) {
  CollectingSink sink;
  const Status status = ReadText("just some prose\nwithout any tags\n", &sink, "notes.txt");
  EXPECT_EQ(status.code(), Status::Code::kCorruption);
  EXPECT_NE(status.message().find("notes.txt"), std::string::npos);
  EXPECT_TRUE(sink.documents.empty());
}

}  // namespace
}  // namespace medoracle
