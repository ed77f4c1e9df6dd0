// Read-only index handles shared by threads (index_pool.h).
#include "engine/index_pool.h"

namespace medoracle::engine {

Status IndexPool::Open(const std::string& dir, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    auto index = OpenIndex(dir, Index::Mode::kReadOnly);
    if (!index.ok()) return index.status();
    std::lock_guard<std::mutex> lock(mu_);
    free_.push_back(index->get());
    owned_.push_back(std::move(index).value());
  }
  return Status::Ok();
}

IndexPool::Lease IndexPool::Acquire() {
  Index* index = nullptr;
  {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [this] { return !free_.empty(); });
    index = free_.back();
    free_.pop_back();
  }
  if (auto changed = index->Reopen(); changed.ok() && *changed) {
    std::lock_guard<std::mutex> lock(mu_);
    analyzers_.erase(index);  // the vocabulary may have changed
  }
  return Lease(this, index);
}

void IndexPool::Release(Index* index) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    free_.push_back(index);
  }
  cv_.notify_one();
}

const query::QueryAnalyzer* IndexPool::AnalyzerFor(Index* index) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = analyzers_.find(index);
    if (it != analyzers_.end()) return it->second.get();
  }
  auto analyzer = std::make_shared<query::QueryAnalyzer>();
  if (!analyzer->LoadFromIndex(*index).ok()) return nullptr;
  std::lock_guard<std::mutex> lock(mu_);
  analyzers_[index] = analyzer;
  return analyzer.get();
}

}  // namespace medoracle::engine
