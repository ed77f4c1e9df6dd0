// The learned sentence ranker: a logistic regression (LIBLINEAR) over a candidate sentence's
// features that orders the statements the answer's sections take (scripts/train_ranker.sh
// trains it on the guideline question set's development split; docs/answer-engine.md).
#pragma once

#include <array>
#include <string_view>
#include <vector>

#include "medoracle/status.h"

namespace medoracle {

// The features, in the model's order (composer.cc SentenceFeatures computes them; each in
// about 0..1). A model trained on another list is refused.
// The last nine place the sentence among its question's candidates: seven features divided by
// the question's best, and its rank by the hand score (1 / (1 + rank / 10), and whether it is in
// the top 20).
inline constexpr std::array<std::string_view, 33> kSentenceFeatureNames = {
    "context_coverage", "own_coverage",   "title_coverage",  "section_coverage", "document_score",
    "passage_score",    "intent_cue",     "role_recommendation", "role_conclusions", "role_results",
    "role_background",  "role_methods",   "boilerplate",     "non_human",        "topic_document",
    "evidence_prior",   "read_whole",     "log_words",       "has_number",       "dose_or_interval",
    "top_document",     "advises_against", "graded",         "hand_score",       "relative_context",
    "relative_own",     "relative_title", "relative_section", "relative_document", "relative_passage",
    "relative_score",   "rank_decay",     "rank_top20"};

struct LinearModel {
  std::vector<double> weights;  // one per feature
  double bias = 0;
  // w . features + bias: the log-odds that the sentence carries a key point.
  double Score(const std::vector<double>& features) const;
};

// Parses a LIBLINEAR model file (liblinear-train output, two classes, labels 1 and -1 in
// either order, optional bias term) into weights for label 1. Errors: kInvalidArgument naming
// the line and reason (not a model, more than two classes, a weight that is not a number,
// fewer weights than nr_feature).
StatusOr<LinearModel> ParseLinearModel(std::string_view text);

// The committed model (models/sentence_ranker.txt, compiled in), or null when it does not
// match kSentenceFeatureNames (then the hand-weighted score orders statements).
const LinearModel* SentenceRanker();

}  // namespace medoracle
