// Conversations and in-memory caches of the engine: a bounded LRU map, follow-up turns (the focus
// carried from the previous question) and conversation ids, all safe to use from many threads.
#pragma once

#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace medoracle::engine {

// A string -> value map that forgets the least recently used entry beyond capacity.
template <typename Value>
class LruMap {
 public:
  explicit LruMap(size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

  void Put(const std::string& key, Value value) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = map_.find(key);
    if (it != map_.end()) {
      it->second->second = std::move(value);
      order_.splice(order_.begin(), order_, it->second);
      return;
    }
    order_.emplace_front(key, std::move(value));
    map_[key] = order_.begin();
    if (map_.size() > capacity_) {
      map_.erase(order_.back().first);
      order_.pop_back();
    }
  }

  // Copies the value into *out and marks it recently used; false when absent.
  bool Get(const std::string& key, Value* out) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = map_.find(key);
    if (it == map_.end()) return false;
    order_.splice(order_.begin(), order_, it->second);
    *out = it->second->second;
    return true;
  }

  size_t size() const {
    std::lock_guard<std::mutex> lock(mu_);
    return map_.size();
  }

 private:
  using Entry = std::pair<std::string, Value>;
  const size_t capacity_;
  mutable std::mutex mu_;
  std::list<Entry> order_;
  std::unordered_map<std::string, typename std::list<Entry>::iterator> map_;
};

// One turn of a conversation.
struct Turn {
  std::string question;   // as the user typed it
  std::string retrieval;  // the question with the focus carried from earlier turns
};

// The retrieval text for question asked after previous (nullptr: no earlier turn): the question
// plus the content words of the previous turn's retrieval text that it does not already have (at
// most max_words of them). Asking the previous question again (another audience) reuses that
// turn's retrieval text.
Turn FollowUp(const Turn* previous, const std::string& question, size_t max_words = 12);

// True when question reads as a follow-up that leans on an earlier one ("and in children?",
// "What about in pregnancy?", "How is it treated?"): it opens with "and", "what about", "how
// about", or names what it asks about only by a pronoun, in at most eight words.
bool ReadsAsFollowUp(std::string_view question);

// Conversations in memory: the last turn of each, so a follow-up can carry its focus when the
// engine has no store (with one, the store's latest turn is used: several servers share it).
class ConversationStore {
 public:
  explicit ConversationStore(size_t capacity) : turns_(capacity) {}

  // A new, unguessable conversation id: 128 bits from the system CSPRNG, 32 hex digits.
  std::string NewId();

  // Copies the conversation's latest turn into *out; false when it is not in memory.
  bool Last(const std::string& id, Turn* out) { return !id.empty() && turns_.Get(id, out); }

  // Records turn as the conversation's latest.
  void Record(const std::string& id, const Turn& turn) { turns_.Put(id, turn); }

  size_t size() const { return turns_.size(); }

 private:
  LruMap<Turn> turns_;
};

}  // namespace medoracle::engine
