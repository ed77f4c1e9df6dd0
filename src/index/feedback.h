// Pseudo-relevance feedback (RM3), the part both index backends share: the feedback terms'
// probabilities merged with the original query into the expanded query.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "index/index.h"

namespace medoracle {

// The expanded query: the options.prf_terms most probable feedback terms (ties by term), each
// normalised over those kept and weighing 1 - options.prf_weight, added to the original terms
// normalised over their weights and weighing options.prf_weight. feedback maps index terms to
// P(t | feedback documents), not necessarily normalised; terms must not be empty.
std::vector<QueryTerm> MergeFeedback(const std::map<std::string, double>& feedback, const std::vector<QueryTerm>& terms,
                                     const SearchOptions& options);

}  // namespace medoracle
