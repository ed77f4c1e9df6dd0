// Question intent (treatment, diagnosis, dosing, ...) and the section template each
// intent gets, plus the content terms of a question.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace medoracle {

enum class Intent {
  kTreatment,
  kDiagnosis,
  kImaging,
  kDosing,
  kPrognosis,
  kPrevention,
  kDefinition,
  kComparison,
  kAdverseEffects,
};

std::string_view IntentName(Intent intent);

// What a consumer question asks about its focus, in the types a question bank's questions are
// written in (MedQuAD's "What are the treatments for X ?", "What causes X ?", "Is X inherited ?"):
// "inheritance", "treatment", "symptoms", "causes", "diagnosis", "prevention", "outlook" or
// "risk", by the first cue word found in that order; "" when none is there ("What is X ?").
std::string_view AskedQuestionType(std::string_view question);

// Classifies a question by cue words ("treat", "first-line" -> treatment; "dose" ->
// dosing; "side effects" -> adverse effects; "what is" with no other cue -> definition).
// Deterministic; treatment when nothing matches.
Intent ClassifyIntent(std::string_view question);

// Section titles, in display order, for an intent (the algorithm summary is added by the
// composer). Titles match the editorial overview headings (docs/formats/overview.md).
const std::vector<std::string>& SectionTemplate(Intent intent);

// The question's content stems: lower-cased, Xapian english-stemmed words minus stop
// words and intent words ("treatment", "first-line", "what", ...). Alphanumeric tokens
// such as "l5" and "t2dm" are kept; bare numbers are dropped.
std::vector<std::string> ContentStems(std::string_view question);

// True when the question asks for treatment in so many words ("treat", "therapy", "manage"),
// rather than by default.
bool AsksForTreatment(std::string_view question);

// The question's words minus function words ("the", "what", "of", ...), lower-cased,
// unstemmed: the query sent to the index.
std::vector<std::string> SearchWords(std::string_view question);

// The question's content words before stemming (same filter as ContentStems).
std::vector<std::string> ContentWords(std::string_view question);

// Stems of all words of text (same tokenisation and stemmer as ContentStems; irregular plurals
// read singular, "women" as "woman", so a question and a sentence meet).
std::vector<std::string> TextStems(std::string_view text);

// Stems of all words of text exactly as the index stems them (no irregular plurals read
// singular): for keys stored across versions (review::QuestionKey).
std::vector<std::string> IndexStems(std::string_view text);

// The index's stems of the irregular plurals read as stem ("children" for "child"): the index
// counts them apart, so a stem's passages are its own and theirs. Empty for most stems.
std::vector<std::string> IndexStemsOfPluralsOf(const std::string& stem);

}  // namespace medoracle
