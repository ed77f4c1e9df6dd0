// libFuzzer target for the question spelling corrector (spelling.h): any bytes as a question.
// Checks that Correct never crashes and that what it reports is consistent: corrections in
// order, each the question's own bytes at its offsets, the corrected text those bytes replaced,
// and a corrected question needs no further correction. Also CorrectWord and EditDistance on
// the input's halves. Build: CMakeLists.txt, "fuzz targets".
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "query/spelling.h"

namespace {

using medoracle::query::SpellingCorrector;

void Check(bool ok) {
  if (!ok) std::abort();
}

const SpellingCorrector& Corrector() {
  static const SpellingCorrector* corrector = [] {
    medoracle::query::Tokenizer tokenizer;
    std::vector<medoracle::Index::TermCount> terms;
    const std::pair<const char*, uint64_t> words[] = {
        {"what", 9000},      {"treatment", 15388}, {"hypertension", 876}, {"metformin", 136}, {"diabetes", 3188},
        {"dose", 4000},      {"does", 5000},       {"pregnancy", 1199},   {"therapy", 6671},  {"first", 8000},
        {"line", 3000},      {"patients", 20000},  {"guidelines", 2500},  {"asthma", 1500},   {"gout", 300},
        {"allopurinol", 9},  {"febuxostat", 2},    {"simvastatin", 40},   {"infection", 7000}, {"aaaa", 3},
        {"canagliflozin", 5}, {"meningitis", 200}, {"symptoms", 6000},    {"children", 5000}, {"with", 30000}};
    for (const auto& [word, passages] : words) terms.push_back({tokenizer.Stem(word), passages});
    auto* c = new SpellingCorrector();
    c->AddTerms(terms);
    c->AddVocabulary({{"doid", "DOID:1", "hypertension", {"high blood pressure"}},
                      {"doid", "DOID:2", "Alzheimer's disease", {"Ménière disease"}},
                      {"hpo", "HP:1", "shakiness", {}}});
    c->Build();
    return c;
  }();
  return *corrector;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 4096) return 0;
  const std::string_view question(reinterpret_cast<const char*>(data), size);
  const SpellingCorrector& corrector = Corrector();
  const medoracle::query::CorrectedQuestion result = corrector.Correct(question);
  std::string rebuilt;
  size_t copied = 0;
  for (const auto& c : result.corrections) {
    Check(c.start >= copied && c.start < c.end && c.end <= question.size());
    Check(question.substr(c.start, c.end - c.start) == c.from);
    Check(!c.to.empty() && c.to != c.from);
    rebuilt.append(question.substr(copied, c.start - copied)).append(c.to);
    copied = c.end;
  }
  rebuilt.append(question.substr(copied));
  Check(rebuilt == result.text);
  if (!result.corrections.empty()) Check(corrector.Correct(result.text).corrections.empty());
  const std::string_view a = question.substr(0, size / 2), b = question.substr(size / 2);
  const size_t d = medoracle::query::EditDistance(a, b, 2);
  Check(d == medoracle::query::EditDistance(b, a, 2) && d <= 3);
  if (!a.empty()) (void)corrector.CorrectWord(a);
  return 0;
}
