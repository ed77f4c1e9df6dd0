// Retrieval metrics computed the way trec_eval computes them: nDCG@k with graded gains,
// Recall@k, MAP, plus the per-topic values behind each mean.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "eval/trec_io.h"

namespace medoracle::eval {

struct TopicMetrics {
  double ndcg10 = 0;
  double recall10 = 0;
  double recall100 = 0;
  double recall1000 = 0;
  double ap = 0;        // average precision over the whole ranked list
  size_t relevant = 0;  // judged relevant (grade > 0)
  size_t retrieved = 0;
  size_t relevant_retrieved = 0;
};

struct RunMetrics {
  size_t topics = 0;  // topics with at least one relevant judgment (the denominator)
  double ndcg10 = 0;
  double recall10 = 0;
  double recall100 = 0;
  double recall1000 = 0;
  double map = 0;
  std::map<std::string, TopicMetrics> per_topic;
};

// Orders entries as trec_eval does before scoring: score descending, then document id
// descending (the rank column of a run file plays no part).
void SortLikeTrecEval(std::vector<RunEntry>* entries);

// nDCG@k as trec_eval's ndcg_cut.k: gain = grade (linear, grades <= 0 give 0), discount
// 1/log2(rank + 1), ideal DCG from all judged grades of the topic sorted descending.
double NdcgAt(const std::vector<RunEntry>& ranked, const std::map<std::string, int>& judgments, size_t k);
// Share of the topic's relevant documents (grade > 0) among the first k entries.
double RecallAt(const std::vector<RunEntry>& ranked, const std::map<std::string, int>& judgments, size_t k);
// trec_eval map: sum of precision at the rank of each relevant retrieved document,
// divided by the number of relevant documents.
double AveragePrecision(const std::vector<RunEntry>& ranked, const std::map<std::string, int>& judgments);

// Scores a run against qrels. Topics are those of qrels with at least one relevant
// document; a topic missing from the run scores 0 (as `trec_eval -c`). Each topic's
// entries are sorted like trec_eval first and cut at depth.
RunMetrics Evaluate(const Run& run, const Qrels& qrels, size_t depth = 1000);

}  // namespace medoracle::eval
