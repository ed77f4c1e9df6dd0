// Search latency on an existing index: opens it read-only once and loads the query analyzer from
// it, then runs every query of a file (one per line) as `medoracle search` does (QueryAnalyzer with
// its defaults, then Index::Search with the default SearchOptions: top 10 passages with their text;
// the CLI's best-sentence display is not included), single thread, twice; prints JSON with the
// open time and, per pass, p50/p95/p99/mean/max and every query's time.
// Built by bench/scale/run.py against the release build's libraries (no CMake target needed).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "index/index.h"
#include "query/analyzer.h"

namespace {

using Clock = std::chrono::steady_clock;

double Ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

// Linear interpolation between closest ranks, as bench/ingest/measure.py computes it.
double Percentile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  const double k = (static_cast<double>(v.size()) - 1) * q / 100;
  const size_t lo = static_cast<size_t>(k), hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (v[hi] - v[lo]) * (k - static_cast<double>(lo));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: search_latency INDEX_DIR QUERIES_FILE\n";
    return 2;
  }
  std::vector<std::string> queries;
  std::ifstream in(argv[2]);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) queries.push_back(line);
  }
  if (queries.empty()) {
    std::cerr << argv[2] << ": no queries\n";
    return 2;
  }
  const auto opened = Clock::now();
  auto index = medoracle::OpenIndex(argv[1], medoracle::Index::Mode::kReadOnly);
  if (!index.ok()) {
    std::cerr << index.status().ToString() << "\n";
    return 1;
  }
  medoracle::query::QueryAnalyzer analyzer;
  if (medoracle::Status s = analyzer.LoadFromIndex(**index); !s.ok()) {
    std::cerr << s.ToString() << "\n";
    return 1;
  }
  const double open_ms = Ms(Clock::now() - opened);
  std::printf("{\"queries\": %zu, \"open_ms\": %.2f, \"passes\": [", queries.size(), open_ms);
  size_t hits_total = 0;
  for (int pass = 0; pass < 2; ++pass) {
    std::vector<double> ms;
    for (const auto& q : queries) {
      const auto t = Clock::now();
      medoracle::SearchOptions options;  // what `medoracle search` uses: top 10, with text
      options.terms = analyzer.Analyse(q).terms;
      auto hits = (*index)->Search(q, options);
      ms.push_back(Ms(Clock::now() - t));
      if (!hits.ok()) {
        std::cerr << hits.status().ToString() << "\n";
        return 1;
      }
      hits_total += hits->size();
    }
    double sum = 0;
    for (double x : ms) sum += x;
    std::printf(
        "%s{\"p50_ms\": %.2f, \"p95_ms\": %.2f, \"p99_ms\": %.2f, \"mean_ms\": %.2f, \"max_ms\": %.2f,"
        " \"ms\": [",
        pass ? ", " : "", Percentile(ms, 50), Percentile(ms, 95), Percentile(ms, 99),
        sum / static_cast<double>(ms.size()), *std::max_element(ms.begin(), ms.end()));
    for (size_t i = 0; i < ms.size(); ++i) std::printf("%s%.2f", i ? ", " : "", ms[i]);
    std::printf("]}");
  }
  std::printf("], \"hits\": %zu}\n", hits_total);
  return 0;
}
