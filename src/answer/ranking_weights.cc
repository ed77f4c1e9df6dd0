// The default ranking weights and the evidence hierarchy.
#include "answer/ranking_weights.h"

namespace medoracle {

const RankingWeights& DefaultRankingWeights() {
  static const RankingWeights weights;
  return weights;
}

double EvidencePrior(RefType type, bool patient) {
  // Small steps: enough to decide between sentences of similar relevance (product.md
  // "Higher evidence is preferred when statements compete"), never enough to put an
  // off-topic guideline sentence above an on-topic trial result.
  switch (type) {
    case RefType::kEditorialOverview: return 0.15;
    case RefType::kGuideline: return 0.12;
    // FDA prescribing information: the regulator's approved text, ranked like a guideline.
    case RefType::kDrugLabel: return 0.12;
    case RefType::kSystematicReview: return 0.08;
    case RefType::kRandomizedTrial: return 0.05;
    case RefType::kObservationalStudy: return 0.02;
    case RefType::kReview: return 0.02;
    case RefType::kConsumerHealth: return patient ? 0.25 : 0.0;
    case RefType::kCaseReport: return -0.02;
    case RefType::kOther: return 0.0;
    case RefType::kAnimalStudy: return 0.0;  // as when such records were typed kOther
  }
  return 0;
}

}  // namespace medoracle
