// The most recently fetched documents, kept parsed (both index backends): parsing a stored
// document is most of the cost of Index::Fetch, and the same documents come back question after
// question. Thread-safe.
#pragma once

#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

#include "corpus/document.h"

namespace medoracle {

class FetchCache {
 public:
  explicit FetchCache(size_t capacity) : capacity_(capacity) {}
  // The cached document with that id (now the most recent), or nullopt.
  std::optional<Document> Get(const std::string& doc_id) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = index_.find(doc_id);
    if (it == index_.end()) return std::nullopt;
    lru_.splice(lru_.begin(), lru_, it->second);
    return *it->second->second;
  }
  // Keeps doc as the most recent, dropping the least recent beyond capacity.
  void Put(const std::string& doc_id, std::shared_ptr<const Document> doc) {
    std::lock_guard<std::mutex> lock(mu_);
    if (index_.count(doc_id) != 0) return;
    lru_.emplace_front(doc_id, std::move(doc));
    index_[doc_id] = lru_.begin();
    if (lru_.size() > capacity_) {
      index_.erase(lru_.back().first);
      lru_.pop_back();
    }
  }
  // Forgets everything (the index changed).
  void Clear() {
    std::lock_guard<std::mutex> lock(mu_);
    lru_.clear();
    index_.clear();
  }

 private:
  const size_t capacity_;
  std::mutex mu_;
  std::list<std::pair<std::string, std::shared_ptr<const Document>>> lru_;  // most recent first
  std::unordered_map<std::string, decltype(lru_)::iterator> index_;
};

}  // namespace medoracle
