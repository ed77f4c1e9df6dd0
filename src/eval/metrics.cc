// Retrieval metrics, trec_eval-compatible.
#include "eval/metrics.h"

#include <algorithm>
#include <cmath>

namespace medoracle::eval {
namespace {

int GradeOf(const std::map<std::string, int>& judgments, const std::string& doc_id) {
  const auto it = judgments.find(doc_id);
  return it == judgments.end() ? 0 : it->second;
}

size_t CountRelevant(const std::map<std::string, int>& judgments) {
  size_t n = 0;
  for (const auto& [doc, grade] : judgments) n += grade > 0 ? 1 : 0;
  return n;
}

}  // namespace

void SortLikeTrecEval(std::vector<RunEntry>* entries) {
  std::stable_sort(entries->begin(), entries->end(), [](const RunEntry& a, const RunEntry& b) {
    if (a.score != b.score) return a.score > b.score;
    return a.doc_id > b.doc_id;
  });
}

double NdcgAt(const std::vector<RunEntry>& ranked, const std::map<std::string, int>& judgments, size_t k) {
  double dcg = 0;
  for (size_t i = 0; i < ranked.size() && i < k; ++i) {
    const int grade = GradeOf(judgments, ranked[i].doc_id);
    if (grade > 0) dcg += grade / std::log2(static_cast<double>(i) + 2);
  }
  std::vector<int> grades;
  for (const auto& [doc, grade] : judgments) {
    if (grade > 0) grades.push_back(grade);
  }
  std::sort(grades.rbegin(), grades.rend());
  double ideal = 0;
  for (size_t i = 0; i < grades.size() && i < k; ++i) {
    ideal += grades[i] / std::log2(static_cast<double>(i) + 2);
  }
  return ideal > 0 ? dcg / ideal : 0;
}

double RecallAt(const std::vector<RunEntry>& ranked, const std::map<std::string, int>& judgments, size_t k) {
  const size_t relevant = CountRelevant(judgments);
  if (relevant == 0) return 0;
  size_t found = 0;
  for (size_t i = 0; i < ranked.size() && i < k; ++i) {
    found += GradeOf(judgments, ranked[i].doc_id) > 0 ? 1 : 0;
  }
  return static_cast<double>(found) / static_cast<double>(relevant);
}

double AveragePrecision(const std::vector<RunEntry>& ranked, const std::map<std::string, int>& judgments) {
  const size_t relevant = CountRelevant(judgments);
  if (relevant == 0) return 0;
  size_t found = 0;
  double sum = 0;
  for (size_t i = 0; i < ranked.size(); ++i) {
    if (GradeOf(judgments, ranked[i].doc_id) > 0) {
      ++found;
      sum += static_cast<double>(found) / static_cast<double>(i + 1);
    }
  }
  return sum / static_cast<double>(relevant);
}

RunMetrics Evaluate(const Run& run, const Qrels& qrels, size_t depth) {
  RunMetrics m;
  static const std::vector<RunEntry> kEmpty;
  for (const auto& [qid, judgments] : qrels) {
    const size_t relevant = CountRelevant(judgments);
    if (relevant == 0) continue;
    const auto it = run.find(qid);
    std::vector<RunEntry> ranked = it == run.end() ? kEmpty : it->second;
    SortLikeTrecEval(&ranked);
    if (ranked.size() > depth) ranked.resize(depth);
    TopicMetrics t;
    t.ndcg10 = NdcgAt(ranked, judgments, 10);
    t.recall10 = RecallAt(ranked, judgments, 10);
    t.recall100 = RecallAt(ranked, judgments, 100);
    t.recall1000 = RecallAt(ranked, judgments, 1000);
    t.ap = AveragePrecision(ranked, judgments);
    t.relevant = relevant;
    t.retrieved = ranked.size();
    for (const auto& e : ranked) t.relevant_retrieved += GradeOf(judgments, e.doc_id) > 0 ? 1 : 0;
    m.ndcg10 += t.ndcg10;
    m.recall10 += t.recall10;
    m.recall100 += t.recall100;
    m.recall1000 += t.recall1000;
    m.map += t.ap;
    m.per_topic[qid] = t;
    ++m.topics;
  }
  if (m.topics > 0) {
    const double n = static_cast<double>(m.topics);
    m.ndcg10 /= n, m.recall10 /= n, m.recall100 /= n, m.recall1000 /= n, m.map /= n;
  }
  return m;
}

}  // namespace medoracle::eval
