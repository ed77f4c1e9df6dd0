// libFuzzer target for question analysis (analyzer.h) and message reduction (message.h): any bytes
// as a question, analysed with the Disease Ontology and HPO vocabularies of the shared data when
// they are there (MEDORACLE_SHARED_DATA, else the build's default folder; a few built-in entries
// otherwise). Checks that tokens and focus concepts are the question's own bytes at their offsets,
// that every query term is a non-empty term with a positive finite weight, and that a reduced
// message's main question and further questions are non-empty sentences of the message.
// Build: CMakeLists.txt, "fuzz targets".
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "corpus/collecting_sink.h"
#include "corpus/reader.h"
#include "query/analyzer.h"
#include "query/message.h"

namespace {

using medoracle::query::QueryAnalyzer;

void Check(bool ok) {
  if (!ok) std::abort();
}

// Adds the vocabulary file at shared/relative (read with reader) when it is there.
void AddVocabularyFile(QueryAnalyzer& analyzer, const std::string& shared, const char* relative,
                       medoracle::Status (*reader)(const medoracle::InputFile&, medoracle::RecordSink&)) {
  auto file = medoracle::LoadInputFile(shared + "/" + relative);
  if (!file.ok()) return;
  medoracle::CollectingSink sink;
  (void)reader(*file, sink);
  analyzer.AddVocabulary(sink.vocabulary);
}

const QueryAnalyzer& Analyzer() {
  static const QueryAnalyzer* analyzer = [] {
    auto* a = new QueryAnalyzer();
    const char* env = std::getenv("MEDORACLE_SHARED_DATA");
    const std::string shared = env != nullptr ? env : MEDORACLE_DEFAULT_SHARED_DATA;
    AddVocabularyFile(*a, shared, "disease_ontology/doid_2016-09-01.obo", medoracle::ReadOboVocabulary);
    AddVocabularyFile(*a, shared, "hpo/layperson-synonyms.tsv", medoracle::ReadHpoLayperson);
    a->AddVocabulary({{"doid", "DOID:10763", "hypertension", {"high blood pressure"}},
                      {"medquad", "medquad:1", "Ménière disease", {"endolymphatic hydrops"}},
                      {"hpo", "HP:0001337", "tremor", {"shakiness"}}});
    a->AddAbbreviations({{"CKD", "chronic kidney disease"}, {"LBP", "low back pain"}}, "learned");
    return a;
  }();
  return *analyzer;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 8192) return 0;
  const std::string_view question(reinterpret_cast<const char*>(data), size);
  const QueryAnalyzer& analyzer = Analyzer();
  const auto analysed = analyzer.Analyse(question);
  for (const auto& token : analysed.tokens) {
    Check(token.start < token.end && token.end <= question.size());
    Check(question.substr(token.start, token.end - token.start) == token.text);
  }
  for (const auto& focus : analysed.focus) {
    Check(focus.start < focus.end && focus.end <= question.size());
    Check(question.substr(focus.start, focus.end - focus.start) == focus.text);
    Check(!focus.name.empty() && !focus.kind.empty());
  }
  for (const auto& term : analysed.terms) Check(!term.term.empty() && std::isfinite(term.weight) && term.weight > 0);

  const auto message = medoracle::query::ReduceMessage(question, &analyzer);
  if (message.reduced) {
    for (const std::string& q : message.other_questions)
      Check(!q.empty() && question.find(q) != std::string_view::npos);
    if (!message.main_question.empty()) {
      Check(question.find(message.main_question) != std::string_view::npos);
      Check(message.searched_as.rfind(message.main_question, 0) == 0);
    }
  } else {
    Check(message.searched_as == message.main_question);
    Check(question.find(message.main_question) != std::string_view::npos);
  }
  for (const std::string& sentence : medoracle::query::SplitSentences(question)) Check(!sentence.empty());
  return 0;
}
