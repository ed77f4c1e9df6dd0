// Running a retrieval benchmark: build a fresh index of the dataset's corpus (through
// the Ingest API), run every topic through Index::Search, turn passage hits into a run
// of documents or sentences, score it, and time each query.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "eval/datasets.h"
#include "eval/metrics.h"
#include "index/index.h"
#include "medoracle/status.h"

namespace medoracle::eval {

struct PrepareOptions {
  // The index is built in index_dir, which is emptied first. When reuse is set and
  // index_dir already holds an index, it is opened as it is (no export, no learning).
  std::string index_dir;
  bool reuse = false;
  // Vocabulary files ingested with the corpus (Disease Ontology .obo, HPO TSV): they add
  // no documents, only synonyms for query expansion.
  std::vector<std::string> vocabulary_paths;
  // Learn abbreviation definitions (Schwartz & Hearst) from the corpus while ingesting
  // and store them in the index metadata for the query analyzer.
  bool learn_abbreviations = true;
  // When set, the retrieval units (see RetrievalUnits), topics and qrels are written here
  // as collection.tsv ("id<TAB>text"), topics.tsv and qrels.txt for a peer system.
  std::string export_dir;
  std::function<void(const std::string&)> log;
};

struct PreparedIndex {
  std::unique_ptr<Index> index;  // open read-only
  uint64_t documents = 0;        // documents in the index
  uint64_t passages = 0;
  uint64_t units = 0;          // retrieval units exported (0 when not exported)
  uint64_t abbreviations = 0;  // learned definitions stored
  double ingest_seconds = 0;
};

StatusOr<PreparedIndex> PrepareIndex(const Dataset& dataset, const PrepareOptions& options);

// SearchOptions (with the analysed query) for a topic's text.
using QueryBuilder = std::function<SearchOptions(const std::string& text)>;

struct EvalResult {
  RunMetrics metrics;
  Run run;
  std::vector<double> latency_ms;  // per topic: analysis + search + run conversion
  double p50_ms = 0;
  double p95_ms = 0;
  double mean_ms = 0;
};

// Runs every topic of the dataset and scores the run (depth entries per topic). For
// document units, Search returns one hit per document (its best passage); for passage
// units, passage hits as they are; for snippet units, each passage hit is expanded into
// its sentences in text order, and the run's scores are depth - rank so the order
// survives trec_eval's sorting.
StatusOr<EvalResult> RunTopics(const Index& index, const Dataset& dataset, const QueryBuilder& build,
                               size_t depth = 1000);

// Search latency, single thread: every topic is analysed and searched (top `limit`
// passages with their text, as an answer needs them) once to warm the caches, then again
// timed. The result has latencies only (no run, no metrics).
StatusOr<EvalResult> MeasureLatency(const Index& index, const std::vector<Topic>& topics,
                                    const QueryBuilder& build, size_t limit = 10);

// Fills p50_ms, p95_ms and mean_ms from latency_ms.
void SummariseLatency(EvalResult* result);

// Percentile (0-100) of values, by the nearest-rank method.
double Percentile(std::vector<double> values, double percentile);

}  // namespace medoracle::eval
