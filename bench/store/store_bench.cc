// store_bench: the cost of the store calls on the serving path, per backend. A served answer cached in
// a server's memory is checked against the store's record on every hit (GetAnswer: one primary-key
// read), which is how an approval on one server reaches the others at once; this measures that read,
// and the writes: a composition (SaveVersion), a review action (SetStatus) and the conversation
// turn every ask records (RecordTurn).
//
// Usage: store_bench LOCATION [READS]   LOCATION: an SQLite file to create, or an empty PostgreSQL
// database's URL. Prints per call: mean, p50 and p99 in microseconds, single thread.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "store/store.h"

namespace {

using medoracle::store::Actor;
using medoracle::store::NewVersion;
using medoracle::store::ReviewStatus;
using medoracle::store::StatusChange;
using Clock = std::chrono::steady_clock;

void Report(const char* what, std::vector<double> micros) {
  std::sort(micros.begin(), micros.end());
  double sum = 0;
  for (double m : micros) sum += m;
  std::printf("%-28s n=%-6zu mean %7.1f us  p50 %7.1f us  p99 %7.1f us\n", what, micros.size(), sum / micros.size(),
              micros[micros.size() / 2], micros[micros.size() * 99 / 100]);
}

template <typename F>
double Time(F&& f) {
  const auto start = Clock::now();
  f();
  return std::chrono::duration<double, std::micro>(Clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: store_bench LOCATION [READS]\n");
    return 2;
  }
  const std::string location = argv[1];
  const int reads = argc > 2 ? std::atoi(argv[2]) : 20000;
  auto opened = medoracle::store::OpenStore(location);
  if (!opened.ok()) {
    std::fprintf(stderr, "store_bench: %s\n", opened.status().ToString().c_str());
    return 1;
  }
  medoracle::store::Store& store = **opened;
  constexpr int kAnswers = 500;
  const std::string json(4000, 'j');  // about the size of a served answer's JSON
  std::vector<double> writes;
  for (int i = 0; i < kAnswers; ++i) {
    NewVersion v;
    v.question_key = "key " + std::to_string(i);
    v.question = "question " + std::to_string(i);
    v.audience = "clinician";
    v.json = json;
    v.index_revision = "r1";
    v.cited_doc_ids = {"pmid:" + std::to_string(i), "ngc:" + std::to_string(i % 50)};
    bool ok = true;
    writes.push_back(Time([&] { ok = store.SaveVersion("id" + std::to_string(i), v, Actor{}).ok(); }));
    if (!ok) {
      std::fprintf(stderr, "store_bench: SaveVersion failed\n");
      return 1;
    }
  }
  std::vector<double> actions;
  for (int i = 0; i < kAnswers; ++i) {
    StatusChange change{"id" + std::to_string(i), ReviewStatus::kSubmitted, ReviewStatus::kUnderReview, 0, ""};
    actions.push_back(Time([&] { (void)store.SetStatus(change, Actor{"bench", ""}); }));
  }
  std::vector<double> turns;
  for (int i = 0; i < kAnswers; ++i) {
    turns.push_back(Time([&] { (void)store.RecordTurn("conversation" + std::to_string(i), "q", "q", "id1"); }));
  }
  std::vector<double> hits;
  for (int i = 0; i < reads; ++i) {
    bool ok = true;
    hits.push_back(Time([&] { ok = store.GetAnswer("id" + std::to_string(i % kAnswers)).ok(); }));
    if (!ok) {
      std::fprintf(stderr, "store_bench: GetAnswer failed\n");
      return 1;
    }
  }
  std::printf("store_bench %s\n", medoracle::store::RedactLocation(location).c_str());
  Report("GetAnswer (cache-hit check)", hits);
  Report("SaveVersion (composition)", writes);
  Report("SetStatus (review action)", actions);
  Report("RecordTurn (every ask)", turns);
  return 0;
}
