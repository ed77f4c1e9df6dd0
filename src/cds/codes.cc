// Disease Ontology cross-references as a code -> name map.
#include "cds/codes.h"

#include <fstream>
#include <iterator>
#include <vector>

#include "corpus/text.h"

namespace medoracle::cds {
namespace {

std::string_view TrimView(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::string UpperAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

}  // namespace

size_t CodeMap::AddDiseaseOntology(std::string_view obo) {
  size_t added = 0;
  std::string name;
  std::vector<std::pair<bool, std::string>> xrefs;  // (snomed?, code)
  bool in_term = false;
  bool obsolete = false;
  auto flush = [&] {
    if (in_term && !obsolete && !name.empty()) {
      for (const auto& [snomed, code] : xrefs) {
        auto& map = snomed ? snomed_ : icd10_;
        if (map.emplace(code, name).second) ++added;
      }
    }
    name.clear();
    xrefs.clear();
    obsolete = false;
  };
  ForEachLine(obo, [&](std::string_view line, size_t) {
    line = TrimView(line);
    if (line.starts_with("[")) {
      flush();
      in_term = line == "[Term]";
      return;
    }
    if (!in_term) return;
    if (line.starts_with("name:")) {
      name = std::string(TrimView(line.substr(5)));
    } else if (line.starts_with("is_obsolete:")) {
      obsolete = TrimView(line.substr(12)) == "true";
    } else if (line.starts_with("xref:")) {
      std::string_view ref = TrimView(line.substr(5));
      if (const size_t space = ref.find(' '); space != std::string_view::npos) ref = ref.substr(0, space);
      const size_t colon = ref.find(':');
      if (colon == std::string_view::npos) return;
      const std::string_view prefix = ref.substr(0, colon);
      const std::string_view code = ref.substr(colon + 1);
      if (code.empty() || code.find('-') != std::string_view::npos) return;  // a range such as I10-I15
      if (prefix.starts_with("SNOMEDCT")) {
        xrefs.push_back({true, std::string(code)});
      } else if (prefix == "ICD10CM" || prefix == "ICD10") {
        xrefs.push_back({false, UpperAscii(code)});
      }
    }
  });
  flush();
  return added;
}

Status CodeMap::LoadDiseaseOntology(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError("cannot read " + path);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (AddDiseaseOntology(text) == 0) {
    return Status::InvalidArgument(path + " holds no SNOMED CT or ICD-10 cross-reference (a Disease Ontology .obo?)");
  }
  return Status::Ok();
}

std::string CodeMap::NameFor(std::string_view system, std::string_view code) const {
  code = TrimView(code);
  if (code.empty()) return "";
  if (system == kSnomedSystem) {
    auto it = snomed_.find(code);
    return it == snomed_.end() ? "" : it->second;
  }
  if (system == kIcd10CmSystem || system == kIcd10System || system.starts_with("http://hl7.org/fhir/sid/icd-10")) {
    const std::string upper = UpperAscii(code);
    if (auto it = icd10_.find(upper); it != icd10_.end()) return it->second;
    if (const size_t dot = upper.find('.'); dot != std::string::npos) {
      if (auto it = icd10_.find(upper.substr(0, dot)); it != icd10_.end()) return it->second;
    }
  }
  return "";
}

}  // namespace medoracle::cds
