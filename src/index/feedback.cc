// RM3's merge of the original query with the feedback terms (feedback.h).
#include "index/feedback.h"

#include <algorithm>

namespace medoracle {

std::vector<QueryTerm> MergeFeedback(const std::map<std::string, double>& feedback, const std::vector<QueryTerm>& terms,
                                     const SearchOptions& options) {
  std::vector<std::pair<std::string, double>> ranked(feedback.begin(), feedback.end());
  const size_t keep = std::min(options.prf_terms, ranked.size());
  std::partial_sort(
      ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(keep), ranked.end(),
      [](const auto& a, const auto& b) { return a.second != b.second ? a.second > b.second : a.first < b.first; });
  ranked.resize(keep);
  double fb_total = 0, query_total = 0;
  for (const auto& [term, p] : ranked) fb_total += p;
  for (const QueryTerm& t : terms) query_total += t.weight;
  std::map<std::string, double> merged;
  for (const QueryTerm& t : terms) merged[t.term] += options.prf_weight * t.weight / query_total;
  if (fb_total > 0) {
    for (const auto& [term, p] : ranked) merged[term] += (1 - options.prf_weight) * p / fb_total;
  }
  std::vector<QueryTerm> out;
  out.reserve(merged.size());
  for (const auto& [term, weight] : merged) out.push_back({term, weight});
  return out;
}

}  // namespace medoracle
