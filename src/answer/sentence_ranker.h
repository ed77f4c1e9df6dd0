// The learned sentence ranker: gradient-boosted trees (XGBoost) over a candidate sentence's
// features that order the statements the answer's sections take (scripts/train_ranker.sh
// trains them on the guideline question set's development split; docs/models.md).
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "medoracle/status.h"

namespace medoracle {

// The features, in the model's order (composer.cc SentenceFeatures computes them; each in
// about 0..1). A model trained on another list is refused.
// Then nine place the sentence among its question's candidates: seven features divided by the
// question's best, and its rank by the hand score (1 / (1 + rank / 10), and whether it is in the
// top 20); the last three say how well its section answers the question (relative to the best
// section, 1 / (1 + rank / 3), and whether it is among the best 3; composer.cc RankSections);
// then the evidence prior of the question's best document (one for the question); then four
// say how much of what is asked (the question's last sentence, query::AskedPart) the sentence and
// its heading name, as they are and relative to the question's best; the last four weigh the
// question's terms by their rarity among the sentence's own document's candidates (composer.cc
// ScoreWithinDocuments).
inline constexpr std::array<std::string_view, 45> kSentenceFeatureNames = {"context_coverage",
                                                                           "own_coverage",
                                                                           "title_coverage",
                                                                           "section_coverage",
                                                                           "document_score",
                                                                           "passage_score",
                                                                           "intent_cue",
                                                                           "role_recommendation",
                                                                           "role_conclusions",
                                                                           "role_results",
                                                                           "role_background",
                                                                           "role_methods",
                                                                           "boilerplate",
                                                                           "non_human",
                                                                           "topic_document",
                                                                           "evidence_prior",
                                                                           "read_whole",
                                                                           "log_words",
                                                                           "has_number",
                                                                           "dose_or_interval",
                                                                           "top_document",
                                                                           "advises_against",
                                                                           "graded",
                                                                           "hand_score",
                                                                           "relative_context",
                                                                           "relative_own",
                                                                           "relative_title",
                                                                           "relative_section",
                                                                           "relative_document",
                                                                           "relative_passage",
                                                                           "relative_score",
                                                                           "rank_decay",
                                                                           "rank_top20",
                                                                           "section_relevance",
                                                                           "section_rank_decay",
                                                                           "section_top3",
                                                                           "top_document_prior",
                                                                           "asked_coverage",
                                                                           "asked_heading_coverage",
                                                                           "relative_asked",
                                                                           "relative_asked_heading",
                                                                           "within_document_rare",
                                                                           "within_document_weighted",
                                                                           "within_document_rarest",
                                                                           "within_document_with_heading"};

// A gradient-boosted tree ensemble (XGBoost, objective rank:pairwise): the sum of the trees'
// leaves is a score whose order, within one question's candidates, says which sentences most
// likely carry a key point.
struct TreeEnsemble {
  struct Node {
    int feature = -1;        // -1: a leaf
    float threshold = 0;     // go to `yes` when the feature (as float) is below it, else `no`
    size_t yes = 0, no = 0;  // indexes into the tree's nodes, always after this node
    double leaf = 0;
  };
  size_t features = 0;
  std::vector<std::vector<Node>> trees;  // node 0 is the root
  // The score of one candidate; features.size() must be at least `features`.
  double Score(const std::vector<double>& features) const;

  // The same trees as complete binary trees of one depth (ParseTreeEnsemble fills them when no
  // tree is deeper than kMaxFlatDepth): each tree's 2^depth - 1 inner nodes in breadth-first
  // order, then its 2^depth leaves; a leaf above the last level fills every slot below it. Score
  // walks them without a branch per node (each step is 2i+1 or 2i+2), summing the same leaves in
  // the same order as the nodes.
  static constexpr int kMaxFlatDepth = 6;
  int flat_depth = -1;  // -1: not flattened (Score walks `trees`)
  std::vector<int32_t> flat_features;
  std::vector<float> flat_thresholds;
  std::vector<double> flat_leaves;
  void Flatten();
};

// Parses the ranker's model text (scripts/train_ranker.py writes it from XGBoost's JSON dump):
//   features N          the number of features, once, first
//   tree                starts a tree
//   ID FEATURE THRESHOLD YES NO    an inner node
//   ID leaf VALUE       a leaf
// node ids run from 0 within a tree, children after their parent; '#' starts a comment line.
// Errors: kInvalidArgument naming the line and reason (unknown field, a number that is not
// one, a feature out of range, a child that does not exist or does not follow its parent, a
// tree with a missing node, no trees).
StatusOr<TreeEnsemble> ParseTreeEnsemble(std::string_view text);

// The model in the file override_path (same format; scripts/cv_composer.py answers each question
// with a ranker not trained on it) when it is given and can be read and parsed and has
// kSentenceFeatureNames' feature count; else, with the file and reason on stderr when one was
// given, the committed model (models/sentence_ranker.txt, compiled in); null when that does
// not match kSentenceFeatureNames (then the hand-weighted score orders statements).
std::unique_ptr<TreeEnsemble> LoadSentenceRanker(const char* override_path);

// LoadSentenceRanker(getenv("MEDORACLE_SENTENCE_RANKER")), loaded once per process.
const TreeEnsemble* SentenceRanker();

}  // namespace medoracle
