// Read-only index handles shared by threads: one caller per handle at a time (as the Xapian
// backend needed; the segment index's readers could be shared), each handle with its own query
// analyzer (the index's vocabularies).
#pragma once

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "index/index.h"
#include "medoracle/status.h"
#include "query/analyzer.h"

namespace medoracle::engine {

class IndexPool {
 public:
  // A handle held by one caller until the lease is destroyed.
  class Lease {
   public:
    Lease(IndexPool* pool, Index* index) : pool_(pool), index_(index) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease() { pool_->Release(index_); }
    const Index& operator*() const { return *index_; }
    const Index* operator->() const { return index_; }
    // This handle's query analyzer (abbreviations, synonyms, layperson vocabulary), loaded on
    // first use and again after the handle caught up with a new revision; null if loading failed.
    const query::QueryAnalyzer* Analyzer() { return pool_->AnalyzerFor(index_); }

   private:
    IndexPool* pool_;
    Index* index_;
  };

  // Opens n read-only handles on the index in dir. Errors: those of OpenIndex.
  Status Open(const std::string& dir, size_t n);

  // A handle for this thread (waits while all are leased), caught up with commits of other
  // processes (an ingest while serving; checking costs one small file read).
  Lease Acquire();

 private:
  void Release(Index* index);
  // Called only by the lease holder of index, so loading needs no lock beyond the map's.
  const query::QueryAnalyzer* AnalyzerFor(Index* index);

  std::vector<std::unique_ptr<Index>> owned_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Index*> free_;                                            // guarded by mu_
  std::map<Index*, std::shared_ptr<query::QueryAnalyzer>> analyzers_;  // guarded by mu_
};

}  // namespace medoracle::engine
