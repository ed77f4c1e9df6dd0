// The answer composer: question -> retrieval -> evidence selection -> sections, bottom
// line, algorithm summary, numbered typed references, related questions.
#pragma once

#include <chrono>
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
  size_t related_questions = 6;
  // Take as the answer's topic a document whose own questions (the question bank) nearly
  // match this one. Benchmarks whose questions are themselves in the bank turn it off.
  bool topic_from_question_bank = true;
  // The question's words are expanded with abbreviations, related terms and their other
  // names from the index's vocabularies (HPO layperson synonyms, Disease Ontology, MedQuAD
  // foci) for retrieval and for judging whether a sentence is on topic. This analyzer,
  // loaded with QueryAnalyzer::LoadFromIndex on the same index, is used when given;
  // otherwise one is loaded per call (about 0.2 s on the full shared data). Not
  // thread-safe: one analyzer per thread.
  const query::QueryAnalyzer* analyzer = nullptr;
  // The probability that the question is medical at all (the question-domain model,
  // docs/models.md), or negative when unknown. A question that names no vocabulary concept is
  // judged by it (ranking_weights.h decline_*).
  double medical_probability = -1;
  // The same from the second question-domain model, trained with patients' questions as well
  // (question_consumer.ftz), or negative when unknown: a question the first calls plainly not
  // medical is so only when this one agrees (ranking_weights.h consumer_*).
  double consumer_medical_probability = -1;
  // Composition past this time degrades rather than goes on: no more documents or sentences are
  // read (those read so far are ranked and placed as usual) and related questions are skipped; the
  // answer is marked Answer::degraded. The default never comes (no deadline).
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
};

// Composes an extractive answer from the index: every statement is a sentence (or a
// lead-in with its list items) of an indexed document, with the document id and span it
// came from; references are numbered by first use in display order. Deterministic for the
// same index, question and options. The answer carries a confidence; below
// RankingWeights::limited_below it is flagged limited_evidence; below decline_below (and
// for questions with nothing medical to look up) answered = false, with the reason and
// what was searched. Errors: kInvalidArgument for an empty question or unknown
// audience; index errors are passed on.
StatusOr<Answer> ComposeAnswer(const Index& index, const std::string& question, const AskOptions& options);

// The disclaimer shown with every answer, worded for the audience ("clinician", "patient").
std::string_view Disclaimer(std::string_view audience);

}  // namespace medoracle
