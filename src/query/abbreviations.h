// Abbreviations and clinical related terms for query expansion: a short list written
// here, and definitions such as "sickle cell disease (SCD)" found in text with the
// Schwartz & Hearst (2003) algorithm.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace medoracle::query {

// "HTN" -> "hypertension". A short form is matched in a question only when written in
// capitals (optionally with a plural "s": "NSAIDs"), so "ALL" the leukaemia is not "all".
struct Abbreviation {
  std::string_view short_form;
  std::string_view long_form;
};
// Common clinical abbreviations (written for medoracle; unambiguous in clinical questions).
const std::vector<Abbreviation>& BuiltinAbbreviations();

// A phrase and the terms a clinician's text uses for it ("pinched nerve" ->
// "radiculopathy"), added to a question at a lower weight.
struct RelatedTerms {
  std::string_view phrase;
  std::vector<std::string_view> related;
};
const std::vector<RelatedTerms>& BuiltinRelatedTerms();

// A definition found in text: the short form in parentheses after its long form.
struct AbbreviationDefinition {
  std::string short_form;  // "SCD"
  std::string long_form;   // "sickle cell disease"
};

// Schwartz & Hearst (2003), "A simple algorithm for identifying abbreviation definitions
// in biomedical text": for every "long form (SF)" (and "SF (long form)"), where SF is
// 2-10 characters, 1-2 words, starts with an alphanumeric and contains a letter, the long
// form is the shortest run of the preceding min(|SF| + 5, 2|SF|) words such that the
// short form's characters occur in it in order, right to left, with the first character
// of SF starting a word.
std::vector<AbbreviationDefinition> FindAbbreviationDefinitions(std::string_view text);

// Collects definitions over many texts; the most frequent long form per short form wins.
class AbbreviationCollector {
 public:
  void AddText(std::string_view text);
  // short form -> long form, for short forms defined at least min_count times.
  std::map<std::string, std::string> Definitions(size_t min_count = 2) const;
  // As JSON text ({"SCD": "sickle cell disease", ...}) for Index::SetMetadata, and back.
  static std::string ToJson(const std::map<std::string, std::string>& definitions);
  static std::map<std::string, std::string> FromJson(std::string_view json);

 private:
  std::map<std::string, std::map<std::string, size_t>> counts_;  // short -> lower long form -> n
};

// Index metadata key under which learned definitions are stored.
inline constexpr std::string_view kAbbreviationsMetadataKey = "query.abbreviations";

}  // namespace medoracle::query
