// Tests for the openFDA drug-label reader: labels written by the test (JSONL, gzip, the API
// response shape, bad lines, missing names, tables, versions) and the real shared files.
#include <gtest/gtest.h>
#include <zip.h>
#include <zlib.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "corpus/collecting_sink.h"
#include "corpus/reader.h"
#include "corpus/reader_test_util.h"
#include "fixtures.h"
#include "test_data.h"

namespace medoracle {
namespace {

using nlohmann::json;
using ::medoracle::testing::ExpectSpansWellFormed;
using ::medoracle::testing::FindDoc;
using ::medoracle::testing::Labels;
using ::medoracle::testing::SentenceTexts;
using Strings = std::vector<std::string>;

json Metformin() {
  return {
      {"set_id", "6a1b2c3d-0000-4000-8000-000000000001"},
      {"id", "spl-1"},
      {"version", "12"},
      {"effective_time", "20230126"},
      {"openfda",
       {{"brand_name", {"Glucophage"}},
        {"generic_name", {"METFORMIN HYDROCHLORIDE"}},
        {"substance_name", {"METFORMIN HYDROCHLORIDE"}},
        {"manufacturer_name", {"Acme Pharma Inc."}}}},
      {"spl_product_data_elements", {"Glucophage metformin hydrochloride METFORMIN"}},
      {"boxed_warning",
       {"WARNING: LACTIC ACIDOSIS Postmarketing cases of metformin-associated lactic acidosis have resulted in "
        "death. Risk factors include renal impairment."}},
      {"indications_and_usage",
       {"1 INDICATIONS AND USAGE Glucophage is indicated as an adjunct to diet and exercise to improve glycemic "
        "control in adults with type 2 diabetes mellitus."}},
      {"warnings_and_cautions",
       {"5 WARNINGS AND PRECAUTIONS Lactic acidosis: See boxed warning. ( 5.1 ) 5.1 Lactic Acidosis There have "
        "been postmarketing cases of lactic acidosis. Discontinue in hypoxic states. 5.2 Vitamin B12 Deficiency "
        "Metformin may lower vitamin B12 levels. Measure levels every 2 to 3 years."}},
      {"adverse_reactions_table",
       {"<table><caption>Table 1: Adverse Reactions in Placebo-Controlled Trials</caption><tbody>"
        "<tr><td>Reaction</td><td>Metformin (n=141)</td><td>Placebo (n=145)</td></tr>"
        "<tr><td>Diarrhea</td><td>53.2%</td><td>11.7%</td></tr>"
        "<tr><td valign=\"top\"/><td>Nausea</td><td>25.5%</td></tr></tbody></table>"}},
      {"package_label_principal_display_panel", {"NDC 0000-0000 Glucophage 500 mg 100 tablets"}},
  };
}

json Plain(const std::string& set_id, const std::string& indication) {
  return {{"set_id", set_id},
          {"version", "1"},
          {"effective_time", "20190102"},
          {"openfda", json::object()},
          {"indications_and_usage", {"INDICATIONS AND USAGE " + indication}}};
}

CollectingSink Read(const std::string& path, const std::string& content, Status* status = nullptr) {
  CollectingSink sink;
  const Status s = ReadOpenfdaLabels({path, content}, sink);
  if (status != nullptr) {
    *status = s;
  } else {
    EXPECT_TRUE(s.ok()) << s.ToString();
  }
  return sink;
}

std::string Lines(const std::vector<json>& records) {
  std::string out;
  for (const json& r : records) out += r.dump() + "\n";
  return out;
}

const Section* SectionLabelled(const Document& doc, const std::string& label) {
  for (const Section& s : doc.sections) {
    if (s.label == label) return &s;
  }
  return nullptr;
}

TEST(OpenfdaReaderTest, ReadsALabelFromJsonl) {
  const CollectingSink sink = Read("labels.jsonl", Lines({Metformin()}));
  ASSERT_EQ(sink.documents.size(), 1u);
  EXPECT_TRUE(sink.skipped_records.empty());
  const Document& doc = sink.documents[0];
  ExpectSpansWellFormed(doc, {.sentences_in_order = true});
  EXPECT_EQ(doc.id, "fda:6a1b2c3d-0000-4000-8000-000000000001");
  EXPECT_EQ(doc.source, "fda");
  EXPECT_EQ(doc.type, RefType::kDrugLabel);
  EXPECT_EQ(doc.title, "Glucophage (metformin hydrochloride) prescribing information");
  EXPECT_EQ(doc.venue, "Acme Pharma Inc.");
  EXPECT_EQ(doc.year, 2023);
  EXPECT_EQ(doc.updated, "2023-01-26");
  EXPECT_EQ(doc.url, "https://dailymed.nlm.nih.gov/dailymed/lookup.cfm?setid=6a1b2c3d-0000-4000-8000-000000000001");
  // The salt-free name is how clinicians name the drug ("metformin").
  EXPECT_EQ(doc.keywords, (Strings{"Glucophage", "METFORMIN HYDROCHLORIDE", "metformin"}));
  // The names feed the question analysis: the generic name with the brand as its synonym.
  EXPECT_EQ(doc.focus, "metformin hydrochloride");
  ASSERT_EQ(sink.vocabulary.size(), 1u);
  EXPECT_EQ(sink.vocabulary[0].source, "fda");
  EXPECT_EQ(sink.vocabulary[0].id, doc.id);
  EXPECT_EQ(sink.vocabulary[0].term, "metformin hydrochloride");
  EXPECT_EQ(sink.vocabulary[0].synonyms, (Strings{"Glucophage", "metformin"}));
  EXPECT_EQ(Labels(doc), (Strings{"Boxed warning > Lactic acidosis", "Indications and usage",
                                  "Warnings and precautions", "Warnings and precautions > 5.1 Lactic acidosis",
                                  "Warnings and precautions > 5.2 Vitamin B12 deficiency",
                                  "Adverse reactions > Table: Table 1: Adverse Reactions in Placebo-Controlled Trials"}));
  // Inline headings become labels, not text; the boxed warning keeps its own title.
  EXPECT_EQ(doc.Slice(SectionLabelled(doc, "Indications and usage")->span),
            "Glucophage is indicated as an adjunct to diet and exercise to improve glycemic control in adults with "
            "type 2 diabetes mellitus.");
  EXPECT_EQ(doc.Slice(SectionLabelled(doc, "Warnings and precautions > 5.1 Lactic acidosis")->span),
            "There have been postmarketing cases of lactic acidosis. Discontinue in hypoxic states.");
  EXPECT_EQ(doc.Slice(SectionLabelled(doc, "Warnings and precautions")->span),
            "Lactic acidosis: See boxed warning. ( 5.1 )");
  EXPECT_EQ(doc.Slice(doc.sections[0].span).substr(0, 25), "WARNING: LACTIC ACIDOSIS ");
  // Packaging text and product element lists are not sections.
  EXPECT_EQ(doc.text.find("NDC 0000"), std::string::npos);
}

// The sentences of a document's section.
std::vector<std::string> SectionSentences(const Document& doc, const Section& section) {
  std::vector<std::string> out;
  for (const Span& s : doc.sentences) {
    if (s.start >= section.span.start && s.end <= section.span.end) out.emplace_back(doc.Slice(s));
  }
  return out;
}

// A table's rows are its sentences, cells separated by spaces as the label's own text separates
// them (the key points copy that text: "CrCl >50 mL/min 20 mg once daily").
TEST(OpenfdaReaderTest, TablesBecomeRowsWithCellsSeparatedAsInTheLabelText) {
  const CollectingSink sink = Read("labels.jsonl", Lines({Metformin()}));
  ASSERT_EQ(sink.documents.size(), 1u);
  const Document& doc = sink.documents[0];
  EXPECT_EQ(SectionSentences(doc, doc.sections.back()),
            (Strings{"Table 1: Adverse Reactions in Placebo-Controlled Trials",
                     "Reaction Metformin (n=141) Placebo (n=145)", "Diarrhea 53.2% 11.7%", "Nausea 25.5%"}));
  EXPECT_EQ(doc.text.find("<td"), std::string::npos);
}

// A dose row of a table read cell after cell ("CrCl <=50 mL/min 15 mg once daily") had lost the
// indication it shares with the row above (rowspan) and the group row over it (colspan); its
// footnote sat inside the cell. Each row now carries them, and a footnote follows its row.
TEST(OpenfdaReaderTest, TableRowWasSeparatedFromItsIndication_NowCarriesIt) {
  json label = Plain("6a1b2c3d-0000-4000-8000-000000000009", "Xarelto is indicated for stroke risk reduction.");
  label["dosage_and_administration_table"] = {
      "<table><caption>Table 1: Recommended Dosage</caption>"
      "<tr><th>Indication</th><th>Renal Considerations <footnote ID=\"f1\">Calculate CrCl based on actual "
      "weight.</footnote></th><th>Dosage</th></tr>"
      "<tr styleCode=\"Botrule\"><td colspan=\"3\"><content styleCode=\"bold\">Atrial Fibrillation</content></td></tr>"
      "<tr><td rowspan=\"2\">Stroke risk reduction</td><td>CrCl &gt;50 mL/min</td><td>20 mg once daily</td></tr>"
      "<tr><td>CrCl &#x2264;50 mL/min <footnote ID=\"f2\">Patients with CrCl &lt;30 mL/min were not studied."
      "</footnote></td><td>15 mg once daily <footnoteRef IDREF=\"f1\"/></td></tr>"
      "<tr><td><content styleCode=\"bold\">Hypersecretory Conditions</content></td><td>Any</td>"
      "<td>60 mg once daily</td></tr></table>"};
  const CollectingSink sink = Read("labels.jsonl", Lines({label}));
  ASSERT_EQ(sink.documents.size(), 1u);
  const Document& doc = sink.documents[0];
  const Section* table = SectionLabelled(doc, "Dosage and administration > Table: Table 1: Recommended Dosage");
  ASSERT_NE(table, nullptr) << ::testing::PrintToString(Labels(doc));
  EXPECT_EQ(
      SectionSentences(doc, *table),
      (Strings{"Table 1: Recommended Dosage", "Indication Renal Considerations Dosage",
               "Calculate CrCl based on actual weight.",
               "Atrial Fibrillation: Stroke risk reduction CrCl >50 mL/min 20 mg once daily",
               "Atrial Fibrillation: Stroke risk reduction CrCl \u2264"
               "50 mL/min 15 mg once daily",
               "Patients with CrCl <30 mL/min were not studied.", "Hypersecretory Conditions Any 60 mg once daily"}));
  ExpectSpansWellFormed(doc);
}

// Labels also write whole tables in <th> cells, doses included, and nest their group rows
// ("PEDIATRIC" over "Kidney Transplant"); every row had been read as a header, its dose alone.
TEST(OpenfdaReaderTest, AllHeaderCellTableLostItsPopulation_NowRowsCarryIt) {
  json label = Plain("6a1b2c3d-0000-4000-8000-00000000000b", "Prograf is indicated for transplant patients.");
  label["dosage_and_administration_table"] = {
      "<table><thead><tr><th colspan=\"3\"><content>ADULT</content></th></tr></thead><tbody>"
      "<tr><th>Patient Population</th><th>Initial Oral Dosage</th><th>Trough Range</th></tr>"
      "<tr><th colspan=\"3\">Kidney Transplant</th></tr>"
      "<tr><th>With azathioprine</th><th>0.2 mg/kg/day</th><th>Month 1-3: 7-20 ng/mL</th></tr>"
      "<tr><th colspan=\"3\"><content>PEDIATRIC</content></th></tr>"
      "<tr><th colspan=\"3\">Kidney Transplant</th></tr>"
      "<tr><th>With azathioprine</th><th>0.3 mg/kg/day</th><th>Month 1-12: 5-20 ng/mL</th></tr></tbody></table>"};
  const CollectingSink sink = Read("labels.jsonl", Lines({label}));
  ASSERT_EQ(sink.documents.size(), 1u);
  const Document& doc = sink.documents[0];
  const Section* table = SectionLabelled(doc, "Dosage and administration > Table");
  ASSERT_NE(table, nullptr) << ::testing::PrintToString(Labels(doc));
  EXPECT_EQ(SectionSentences(doc, *table),
            (Strings{"Patient Population Initial Oral Dosage Trough Range",
                     "ADULT: Kidney Transplant: With azathioprine 0.2 mg/kg/day Month 1-3: 7-20 ng/mL",
                     "PEDIATRIC: Kidney Transplant: With azathioprine 0.3 mg/kg/day Month 1-12: 5-20 ng/mL"}));
}

// Broken table markup never stops the label: unclosed cells and rows, stray spans, a footnote
// that never closes.
TEST(OpenfdaReaderTest, BrokenTableMarkupStillGivesRows) {
  json label = Plain("6a1b2c3d-0000-4000-8000-00000000000a", "Drug is indicated for pain.");
  label["adverse_reactions_table"] = {
      "<table><tr><td rowspan=\"99999\">Nausea<td colspan=\"0\">12%<tr><td>Rash <footnote>unclosed"};
  const CollectingSink sink = Read("labels.jsonl", Lines({label}));
  ASSERT_EQ(sink.documents.size(), 1u);
  const Document& doc = sink.documents[0];
  const Section* table = SectionLabelled(doc, "Adverse reactions > Table");
  ASSERT_NE(table, nullptr);
  EXPECT_EQ(SectionSentences(doc, *table), (Strings{"Nausea 12%", "Nausea Rash", "unclosed"}));
}

// Each established pharmacologic class names the label: its full name and a short one.
TEST(OpenfdaReaderTest, PharmacologicClassesJoinTheVocabulary) {
  json label = Metformin();
  label["openfda"]["pharm_class_epc"] = {"Biguanide [EPC]", "P2Y12 Platelet Inhibitor [EPC]"};
  label["openfda"]["pharm_class_moa"] = {"P-Glycoprotein Inhibitors [MoA]"};
  const CollectingSink sink = Read("labels.jsonl", Lines({label}));
  ASSERT_EQ(sink.vocabulary.size(), 3u);
  EXPECT_EQ(sink.vocabulary[1].source, "fda-class");
  EXPECT_EQ(sink.vocabulary[1].id, "fda:6a1b2c3d-0000-4000-8000-000000000001#1");
  EXPECT_EQ(sink.vocabulary[2].id, "fda:6a1b2c3d-0000-4000-8000-000000000001#2");
  EXPECT_EQ(sink.vocabulary[1].term, "biguanide");
  EXPECT_TRUE(sink.vocabulary[1].synonyms.empty());
  EXPECT_EQ(sink.vocabulary[2].term, "p2y12 platelet inhibitor");
  EXPECT_EQ(sink.vocabulary[2].synonyms, (Strings{"p2y12 inhibitor"}));
}

// Loads path as ingest does (inflating or unzipping it), expects it detected as openFDA labels,
// and reads it.
CollectingSink LoadDetectAndRead(const std::string& path) {
  CollectingSink sink;
  StatusOr<InputFile> file = LoadInputFile(path);
  EXPECT_TRUE(file.ok()) << file.status().ToString();
  if (!file.ok()) return sink;
  EXPECT_EQ(FormatName(DetectFormat(*file)), "openfda-labels");
  EXPECT_TRUE(ReadFile(*file, Format::kOpenfdaLabels, sink).ok());
  return sink;
}

TEST(OpenfdaReaderTest, GzipFileIsDetectedAndReadLikeThePlainOne) {
  testing::TempDir dir;
  const std::string path = dir / "labels.jsonl.gz";
  const std::string content = Lines({Metformin(), Plain("b-2", "Treats gout.")});
  gzFile gz = gzopen(path.c_str(), "wb");
  ASSERT_NE(gz, nullptr);
  ASSERT_EQ(gzwrite(gz, content.data(), static_cast<unsigned>(content.size())), static_cast<int>(content.size()));
  ASSERT_EQ(gzclose(gz), Z_OK);
  const CollectingSink sink = LoadDetectAndRead(path);
  ASSERT_EQ(sink.documents.size(), 2u);
  EXPECT_EQ(sink.documents[0].id, "fda:6a1b2c3d-0000-4000-8000-000000000001");
  EXPECT_EQ(sink.documents[1].id, "fda:b-2");
}

// Writes a zip archive at path holding files (name -> content), with libzip.
void WriteZip(const std::string& path, const std::vector<std::pair<std::string, std::string>>& files) {
  int error = 0;
  zip_t* archive = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &error);
  ASSERT_NE(archive, nullptr) << error;
  for (const auto& [name, content] : files) {
    zip_source_t* source = zip_source_buffer(archive, content.data(), content.size(), 0);
    ASSERT_NE(source, nullptr);
    ASSERT_GE(zip_file_add(archive, name.c_str(), source, ZIP_FL_ENC_UTF_8), 0);
  }
  ASSERT_EQ(zip_close(archive), 0);
}

// openFDA's bulk download: drug-label-0001-of-0013.json.zip, one API-shaped JSON file inside.
TEST(OpenfdaReaderTest, BulkDownloadZipIsReadLikeItsJson) {
  testing::TempDir dir;
  const std::string path = dir / "drug-label-0001-of-0001.json.zip";
  const json response = {{"meta", {{"results", {{"total", 2}}}}}, {"results", {Metformin(), Plain("z-2", "Treats gout.")}}};
  WriteZip(path, {{"drug-label-0001-of-0001.json", response.dump()}});
  const CollectingSink sink = LoadDetectAndRead(path);
  ASSERT_EQ(sink.documents.size(), 2u);
  EXPECT_EQ(sink.documents[1].id, "fda:z-2");
}

TEST(OpenfdaReaderTest, ZipOfSeveralFilesOrDamagedZipIsAClearError) {
  testing::TempDir dir;
  const std::string two = dir / "two.json.zip";
  WriteZip(two, {{"a.json", "{}"}, {"b.json", "{}"}});
  StatusOr<InputFile> several = LoadInputFile(two);
  ASSERT_FALSE(several.ok());
  EXPECT_NE(several.status().ToString().find("holds 2 files"), std::string::npos) << several.status().ToString();
  EXPECT_NE(several.status().ToString().find(two), std::string::npos);
  // Cut in the middle: the archive's directory is gone.
  const std::string one = dir / "one.json.zip";
  WriteZip(one, {{"a.json", std::string(5000, 'x')}});
  std::string bytes = testing::ReadFileBytes(one);
  testing::WriteFile(one, bytes.substr(0, bytes.size() / 2));
  StatusOr<InputFile> damaged = LoadInputFile(one);
  ASSERT_FALSE(damaged.ok());
  EXPECT_EQ(damaged.status().code(), Status::Code::kCorruption) << damaged.status().ToString();
  EXPECT_NE(damaged.status().ToString().find(one), std::string::npos);
}

TEST(OpenfdaReaderTest, ReadsTheApiResponseShape) {
  json response = {{"meta", {{"disclaimer", "Do not rely on openFDA"}, {"results", {{"skip", 0}, {"total", 3}}}}},
                   {"results", {Metformin(), 42, Plain("c-3", "Treats gout.")}}};
  const InputFile file{"drug-label-0001-of-0001.json", response.dump(2)};
  EXPECT_EQ(FormatName(DetectFormat(file)), "openfda-labels");
  const CollectingSink sink = Read(file.path, file.content);
  ASSERT_EQ(sink.documents.size(), 2u);
  EXPECT_EQ(sink.documents[1].id, "fda:c-3");
  ASSERT_EQ(sink.skipped_records.size(), 1u);
  EXPECT_EQ(sink.skipped_records[0].record, "results[1]");
  EXPECT_EQ(sink.skipped_records[0].reason, "not a JSON object");
}

TEST(OpenfdaReaderTest, ResponseWithoutResultsArrayIsAnError) {
  Status status;
  Read("r.json", R"({"meta": {}, "results": {"set_id": "x"}})", &status);
  EXPECT_EQ(status.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(status.message().find("r.json"), std::string::npos);
  Read("r.json", R"({"meta": {}, "results": [)", &status);
  EXPECT_FALSE(status.ok());
  EXPECT_NE(status.message().find("r.json"), std::string::npos);
}

TEST(OpenfdaReaderTest, MalformedLineIsSkippedWithFileLineAndReason) {
  const std::string content = Plain("a-1", "Treats gout.").dump() + "\n{\"set_id\": \"b\", broken\n\n" +
                              json{{"openfda", json::object()}, {"indications_and_usage", {"x"}}}.dump() + "\n" +
                              json{{"set_id", "d-4"}, {"openfda", json::object()}}.dump() + "\n" +
                              Plain("e-5", "Treats pain.").dump() + "\n";
  const CollectingSink sink = Read("labels.jsonl", content);
  ASSERT_EQ(sink.documents.size(), 2u);
  EXPECT_EQ(sink.documents[0].id, "fda:a-1");
  EXPECT_EQ(sink.documents[1].id, "fda:e-5");
  ASSERT_EQ(sink.skipped_records.size(), 3u);
  EXPECT_EQ(sink.skipped_records[0].file, "labels.jsonl");
  EXPECT_EQ(sink.skipped_records[0].record, "line 2");
  EXPECT_NE(sink.skipped_records[0].reason.find("malformed JSON"), std::string::npos);
  EXPECT_EQ(sink.skipped_records[1].record, "line 4");
  EXPECT_EQ(sink.skipped_records[1].reason, "\"set_id\" is missing or not a string");
  EXPECT_EQ(sink.skipped_records[2].record, "fda:d-4 (line 5)");
  EXPECT_EQ(sink.skipped_records[2].reason, "no label section has any text");
}

TEST(OpenfdaReaderTest, NotJsonAtAllFailsTheFile) {
  Status status;
  const CollectingSink sink = Read("labels.jsonl", "not json\nstill not\n", &status);
  EXPECT_EQ(status.code(), Status::Code::kCorruption);
  EXPECT_NE(status.message().find("labels.jsonl"), std::string::npos);
  EXPECT_TRUE(sink.documents.empty());
}

TEST(OpenfdaReaderTest, TitleFallsBackWhenNamesAreMissing) {
  json generic_only = Plain("g-1", "Treats gout.");
  generic_only["openfda"] = {{"generic_name", {"ALLOPURINOL"}}};
  json same = Plain("s-1", "Treats infections.");
  same["openfda"] = {{"brand_name", {"Streptomycin"}}, {"generic_name", {"STREPTOMYCIN"}}};
  json none = Plain("n-1", "Treats pain.");
  none.erase("openfda");
  none["spl_product_data_elements"] = {"Painaway tablets ibuprofen IBUPROFEN STARCH"};
  json nothing = Plain("z-1", "Treats pain.");
  const CollectingSink sink = Read("labels.jsonl", Lines({generic_only, same, none, nothing}));
  ASSERT_EQ(sink.documents.size(), 4u);
  EXPECT_EQ(sink.documents[0].title, "Allopurinol prescribing information");
  EXPECT_EQ(sink.documents[1].title, "Streptomycin prescribing information");
  EXPECT_EQ(sink.documents[2].title, "Painaway tablets ibuprofen IBUPROFEN prescribing information");
  EXPECT_EQ(sink.documents[3].title, "Drug label");
  EXPECT_EQ(sink.documents[2].venue, "");
  EXPECT_EQ(sink.documents[2].year, 2019);
}

TEST(OpenfdaReaderTest, NewestVersionOfASetIdWinsWithinAFile) {
  json v12 = Metformin();
  json v13 = Metformin();
  v13["version"] = "13";
  v13["effective_time"] = "20240301";
  v13["indications_and_usage"] = {"1 INDICATIONS AND USAGE Newer text."};
  json v11 = Metformin();
  v11["version"] = "11";
  v11["effective_time"] = "20200101";
  const CollectingSink sink = Read("labels.jsonl", Lines({v12, Plain("other", "x y."), v13, v11}));
  ASSERT_EQ(sink.documents.size(), 2u);
  const Document* doc = FindDoc(sink, "fda:6a1b2c3d-0000-4000-8000-000000000001");
  ASSERT_NE(doc, nullptr);
  EXPECT_EQ(doc->year, 2024);
  EXPECT_NE(doc->text.find("Newer text."), std::string::npos);
  ASSERT_EQ(sink.skipped_records.size(), 2u);
  EXPECT_EQ(sink.skipped_records[0].record, "fda:6a1b2c3d-0000-4000-8000-000000000001 (line 1)");
  EXPECT_EQ(sink.skipped_records[0].reason,
            "superseded by version 13 (effective 20240301) of the same set_id at line 3");
  EXPECT_EQ(sink.skipped_records[1].record, "fda:6a1b2c3d-0000-4000-8000-000000000001 (line 4)");
}

TEST(OpenfdaReaderTest, UnnumberedAndSentenceCaseHeadingsKeepTheFieldLabel) {
  json label = Plain("u-1", "Treats gout.");
  label["warnings"] = {"WARNINGS: Serious skin reactions have occurred. See 5.1 Skin for details."};
  label["dosage_and_administration"] = {
      "2 DOSAGE AND ADMINISTRATION 2.1 Recommended Dosage The dose is 0.5 mg/kg. 2.25 mg twice daily is the "
      "maximum. 2.2 Dosage in Renal Impairment Reduce the dose."};
  const CollectingSink sink = Read("labels.jsonl", Lines({label}));
  ASSERT_EQ(sink.documents.size(), 1u);
  const Document& doc = sink.documents[0];
  EXPECT_EQ(Labels(doc), (Strings{"Indications and usage", "Dosage and administration > 2.1 Recommended dosage",
                                  "Dosage and administration > 2.2 Dosage in renal impairment", "Warnings"}));
  EXPECT_EQ(doc.Slice(doc.sections.back().span), "Serious skin reactions have occurred. See 5.1 Skin for details.");
}

// Celexa's label text has "2. 3 Recommended Dosage for Speci fic Populations The maximum ..." and
// "2.4 Dosage Modification s with Concomitant Use of CYP2C19 Inhibitors The maximum ...": the
// subsection was not found, or its heading stopped at the broken word, and the rest of the heading
// was glued onto the statement an answer quoted.
TEST(OpenfdaReaderTest, HeadingWithSpacedNumberOrBrokenWordWasGluedToItsSentence_NowItIsTheLabel) {
  json label = Plain("b-1", "Treats depression.");
  label["dosage_and_administration"] = {
      "2 DOSAGE AND ADMINISTRATION 2.1 Recommended Dosage Administer CELEXA once daily. 2. 2 Recommended "
      "Dosage for Speci fic Populations The maximum dosage is 20 mg once daily. 2.3 Dosage Modification s with "
      "Concomitant Use of CYP2C19 Inhibitors The maximum dosage with a CYP2C19 inhibitor is 20 mg once daily. 2. 4 "
      "Switching Patients t o or f rom a Monoamine Oxidase Inhibitor At least 14 days must elapse."};
  const CollectingSink sink = Read("labels.jsonl", Lines({label}));
  ASSERT_EQ(sink.documents.size(), 1u);
  const Document& doc = sink.documents[0];
  EXPECT_EQ(Labels(doc), (Strings{"Indications and usage", "Dosage and administration > 2.1 Recommended dosage",
                                  "Dosage and administration > 2.2 Recommended dosage for speci fic populations",
                                  "Dosage and administration > 2.3 Dosage modification s with concomitant use of "
                                  "CYP2C19 inhibitors",
                                  "Dosage and administration > 2.4 Switching patients t o or f rom a monoamine "
                                  "oxidase inhibitor"}));
  EXPECT_EQ(doc.Slice(SectionLabelled(doc,
                                      "Dosage and administration > 2.2 Recommended dosage for speci fic "
                                      "populations")
                          ->span),
            "The maximum dosage is 20 mg once daily.");
  EXPECT_EQ(doc.Slice(doc.sections.back().span), "At least 14 days must elapse.");
  // The sentence's first word before the brand's capitals is not the heading's.
  EXPECT_EQ(doc.Slice(SectionLabelled(doc, "Dosage and administration > 2.1 Recommended dosage")->span),
            "Administer CELEXA once daily.");
}

TEST(OpenfdaReaderTest, DetectionDoesNotClaimOtherJsonl) {
  EXPECT_EQ(DetectFormat({"labels.jsonl", Lines({Metformin()})}), Format::kOpenfdaLabels);
  EXPECT_EQ(DetectFormat({"labels.ndjson", Lines({Plain("x", "y")})}), Format::kOpenfdaLabels);
  EXPECT_EQ(DetectFormat({"docs.jsonl", R"({"id": "a:1", "sections": [{"text": "set_id openfda"}]})"}),
            Format::kMedoracleJsonl);
  EXPECT_EQ(DetectFormat({"corpus.jsonl", R"({"_id": "1", "title": "", "text": "set_id"})"}),
            Format::kBeirCorpus);
  EXPECT_EQ(DetectFormat({"index.tsv", "line\tset_id\topenfda\n"}), Format::kUnknown);
  EXPECT_EQ(DetectFormat({"other.json", R"({"meta": {}, "results": [{"a": 1}]})"}), Format::kUnknown);
}

TEST(OpenfdaReaderTest, SharedLabelsLoadEveryRecord) {
  MEDORACLE_REQUIRE_SHARED_DATA("openfda_labels/labels.jsonl.gz");
  StatusOr<InputFile> file = LoadInputFile(testing::SharedData("openfda_labels/labels.jsonl.gz"));
  ASSERT_TRUE(file.ok());
  ASSERT_EQ(DetectFormat(*file), Format::kOpenfdaLabels);
  CollectingSink sink;
  ASSERT_TRUE(ReadFile(*file, Format::kOpenfdaLabels, sink).ok());
  EXPECT_EQ(sink.documents.size(), 363u);  // 363 lines, 363 distinct set_ids, none malformed
  EXPECT_TRUE(sink.skipped_records.empty());
  size_t boxed = 0;
  for (const Document& doc : sink.documents) {
    ExpectSpansWellFormed(doc, {.sentences_in_order = true});
    EXPECT_EQ(doc.type, RefType::kDrugLabel);
    EXPECT_GT(doc.year, 1990) << doc.id;
    EXPECT_FALSE(doc.venue.empty()) << doc.id;
    for (const Section& s : doc.sections) boxed += s.label.rfind("Boxed warning", 0) == 0;
  }
  EXPECT_GE(boxed, 147u);  // 147 labels have a boxed_warning field

  StatusOr<InputFile> sample = LoadInputFile(testing::SharedData("openfda_labels/drug-label-sample.json"));
  ASSERT_TRUE(sample.ok());
  ASSERT_EQ(DetectFormat(*sample), Format::kOpenfdaLabels);
  CollectingSink sample_sink;
  ASSERT_TRUE(ReadFile(*sample, Format::kOpenfdaLabels, sample_sink).ok());
  EXPECT_EQ(sample_sink.documents.size(), 25u);
  EXPECT_TRUE(sample_sink.skipped_records.empty());
  StatusOr<InputFile> index = LoadInputFile(testing::SharedData("openfda_labels/index.tsv"));
  ASSERT_TRUE(index.ok());
  EXPECT_EQ(DetectFormat(*index), Format::kUnknown);
}

}  // namespace
}  // namespace medoracle
