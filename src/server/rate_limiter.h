// A token bucket per client address: how the server rate-limits anonymous questions.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <unordered_map>

namespace medoracle::server {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  // per_minute requests a minute per key, in bursts of up to per_minute; 0 = unlimited.
  explicit RateLimiter(size_t per_minute) : per_minute_(per_minute) {}

  // Takes one token from key's bucket at now. Returns 0 when allowed, else the whole seconds until
  // a token is back (at least 1). Thread-safe; keeps at most max_keys buckets (full ones are
  // forgotten first, then all when every bucket is in use).
  int Take(const std::string& key, Clock::time_point now = Clock::now()) {
    if (per_minute_ == 0) return 0;
    std::lock_guard<std::mutex> lock(mu_);
    const double rate = static_cast<double>(per_minute_) / 60.0;  // tokens a second
    auto it = buckets_.find(key);
    if (it == buckets_.end()) {
      if (buckets_.size() >= kMaxKeys) Prune(now, rate);
      it = buckets_.emplace(key, Bucket{static_cast<double>(per_minute_), now}).first;
    }
    Bucket& b = it->second;
    b.tokens = std::min<double>(per_minute_, b.tokens + rate * std::chrono::duration<double>(now - b.at).count());
    b.at = now;
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return std::max(1, static_cast<int>((1 - b.tokens) / rate + 0.999));
  }

 private:
  static constexpr size_t kMaxKeys = 100000;
  struct Bucket {
    double tokens;
    Clock::time_point at;
  };
  void Prune(Clock::time_point now, double rate) {
    for (auto it = buckets_.begin(); it != buckets_.end();) {
      const double full = it->second.tokens + rate * std::chrono::duration<double>(now - it->second.at).count();
      it = full >= static_cast<double>(per_minute_) ? buckets_.erase(it) : std::next(it);
    }
    if (buckets_.size() >= kMaxKeys) buckets_.clear();
  }

  const size_t per_minute_;
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace medoracle::server
