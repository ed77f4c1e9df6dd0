// The answer composer: question -> retrieval -> evidence selection -> sections, bottom
// line, algorithm summary, numbered typed references, related questions.
#pragma once

#include <string>

#include "answer/answer.h"
#include "index/index.h"
#include "medoracle/status.h"

namespace medoracle {
namespace query {
class QueryAnalyzer;
}  // namespace query

struct AskOptions {
  std::string audience = "clinician";  // "clinician" or "patient"
  size_t max_words = 600;              // statement words, bottom line included
  size_t passages = 50;                // passages retrieved as candidates
  size_t related_questions = 6;
  // Take as the answer's topic a document whose own questions (the question bank) nearly
  // match this one. Benchmarks whose questions are themselves in the bank turn it off.
  bool topic_from_question_bank = true;
  // Patient audience: the question's lay words are expanded with their clinical names from
  // the index's vocabularies (HPO layperson synonyms, Disease Ontology, MedQuAD foci) for
  // retrieval and for judging whether a sentence is on topic. This analyzer, loaded with
  // QueryAnalyzer::LoadFromIndex on the same index, is used when given; otherwise one is
  // loaded per call (about 0.2 s on the full shared data). Not thread-safe: one analyzer
  // per thread. Unused for the clinician audience.
  const query::QueryAnalyzer* analyzer = nullptr;
};

// Composes an extractive answer from the index: every statement is a sentence (or a
// lead-in with its list items) of an indexed document, with the document id and span it
// came from. Deterministic for the same index, question and options. When the evidence
// does not cover the question the answer has answered = false, the reason, what was
// searched and what to load. Errors: kInvalidArgument for an empty question or unknown
// audience; index errors are passed on.
StatusOr<Answer> ComposeAnswer(const Index& index, const std::string& question, const AskOptions& options);

// The disclaimer shown with every answer.
std::string_view Disclaimer();

}  // namespace medoracle
