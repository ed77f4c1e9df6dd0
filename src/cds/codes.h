// Clinical codes to the names our vocabularies use: SNOMED CT and ICD-10 codes to Disease Ontology
// terms through the ontology's own cross-references (xref lines of its .obo file).
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "medoracle/status.h"

namespace medoracle::cds {

inline constexpr char kSnomedSystem[] = "http://snomed.info/sct";
inline constexpr char kIcd10CmSystem[] = "http://hl7.org/fhir/sid/icd-10-cm";
inline constexpr char kIcd10System[] = "http://hl7.org/fhir/sid/icd-10";

class CodeMap {
 public:
  // Adds the xrefs of a Disease Ontology .obo text: for each [Term] not obsolete, every
  // "xref: SNOMEDCT_...:CODE" and "xref: ICD10CM:CODE" (not ranges) maps to the term's name. A code
  // two terms claim keeps the first. Returns how many codes were added.
  size_t AddDiseaseOntology(std::string_view obo);

  // Reads and adds an .obo file. Errors: kIoError naming the path when it cannot be read;
  // kInvalidArgument when it holds no SNOMED CT or ICD-10 cross-reference.
  Status LoadDiseaseOntology(const std::string& path);

  // The Disease Ontology name for a FHIR coding (system, code), or "": SNOMED CT by its code;
  // ICD-10 and ICD-10-CM by the code, then by its category ("I10.9" -> "I10").
  std::string NameFor(std::string_view system, std::string_view code) const;

  size_t size() const { return snomed_.size() + icd10_.size(); }

 private:
  std::map<std::string, std::string, std::less<>> snomed_;
  std::map<std::string, std::string, std::less<>> icd10_;
};

}  // namespace medoracle::cds
