// Disease Ontology cross-references as names for SNOMED CT and ICD-10 codes.
#include "cds/codes.h"

#include <gtest/gtest.h>

#include "test_data.h"

namespace medoracle::cds {
namespace {

constexpr char kObo[] =
    "format-version: 1.2\n\n[Term]\nid: DOID:10763\nname: hypertension\n"
    "xref: ICD10CM:I10\nxref: ICD10CM:I10-I15\nxref: SNOMEDCT_US_2016_03_01:38341003\n\n"
    "[Term]\nid: DOID:9352\nname: type 2 diabetes mellitus\nxref: ICD10CM:E11\nxref: SNOMEDCT_US_2016_03_01:44054006\n\n"
    "[Term]\nid: DOID:1\nname: old term\nis_obsolete: true\nxref: ICD10CM:Z99\n\n"
    "[Typedef]\nid: part_of\nname: part of\nxref: ICD10CM:Q00\n";

TEST(CodeMap, NamesSnomedAndIcd10CodesFromXrefs) {
  CodeMap codes;
  EXPECT_EQ(codes.AddDiseaseOntology(kObo), 4u);
  EXPECT_EQ(codes.NameFor(kSnomedSystem, "38341003"), "hypertension");
  EXPECT_EQ(codes.NameFor(kIcd10CmSystem, "E11"), "type 2 diabetes mellitus");
  EXPECT_EQ(codes.NameFor(kIcd10CmSystem, "e11.9"), "type 2 diabetes mellitus");  // its category
  EXPECT_EQ(codes.NameFor(kIcd10System, "I10"), "hypertension");
  EXPECT_EQ(codes.NameFor(kIcd10CmSystem, "I12"), "");      // only inside a range: not mapped
  EXPECT_EQ(codes.NameFor(kIcd10CmSystem, "Z99"), "");      // obsolete
  EXPECT_EQ(codes.NameFor(kIcd10CmSystem, "Q00"), "");      // not a term
  EXPECT_EQ(codes.NameFor("http://loinc.org", "38341003"), "");
}

TEST(CodeMap, LoadsTheSharedDiseaseOntology) {
  MEDORACLE_REQUIRE_SHARED_DATA("disease_ontology/doid_2016-09-01.obo");
  CodeMap codes;
  ASSERT_TRUE(codes.LoadDiseaseOntology(testing::SharedData("disease_ontology/doid_2016-09-01.obo")).ok());
  EXPECT_GT(codes.size(), 5000u);
  EXPECT_EQ(codes.NameFor(kIcd10CmSystem, "I10"), "hypertension");
  EXPECT_FALSE(codes.LoadDiseaseOntology(testing::SharedData("README.md")).ok());
  EXPECT_EQ(codes.LoadDiseaseOntology("/nonexistent.obo").code(), Status::Code::kIoError);
}

}  // namespace
}  // namespace medoracle::cds
