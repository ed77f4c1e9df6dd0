// The esearch + efetch loop with a rate limiter, retries and a progress file.
#include "pubmed/fetch.h"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "net/http_client.h"
#include "pubmed/md5.h"

namespace medoracle::pubmed {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// Spaces requests by 1/rate seconds, counted from the end of one request to the start of the next:
// spacing the starts alone lets a slow request arrive just before the next one, so the server
// would see two within the interval (found under load in FetchPubmedTest).
class RateLimiter {
 public:
  explicit RateLimiter(double per_second)
      : interval_(std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / per_second))) {}
  // Before a request: waits until the interval since the previous request's end has passed.
  void Wait() const {
    if (started_) std::this_thread::sleep_until(next_);
  }
  // After a request, whatever its outcome.
  void Done() {
    started_ = true;
    next_ = Clock::now() + interval_;
  }

 private:
  Clock::duration interval_;
  Clock::time_point next_{};
  bool started_ = false;
};

struct Progress {
  std::string query, since;
  uint64_t max = 0, batch_size = 0;
  uint64_t found = 0, target = 0;
  std::string webenv, query_key;
  std::vector<std::string> batches;  // file names, in order
  std::vector<uint64_t> counts;      // records in each
};

Status WriteAtomically(const std::string& path, const std::string& content) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << content;
    out.flush();
    if (!out) return Status::IoError("cannot write " + tmp);
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) return Status::IoError("cannot rename " + tmp + " to " + path + ": " + ec.message());
  return Status::Ok();
}

Status SaveProgress(const std::string& folder, const Progress& p) {
  nlohmann::json j = {{"query", p.query},   {"since", p.since},         {"max", p.max},
                      {"batch_size", p.batch_size}, {"found", p.found}, {"target", p.target},
                      {"webenv", p.webenv}, {"query_key", p.query_key}, {"batches", p.batches},
                      {"counts", p.counts}};
  return WriteAtomically(folder + "/progress.json", j.dump(2));
}

// The progress saved in folder, if any and if it is for the same request.
bool LoadProgress(const std::string& folder, const FetchOptions& o, const std::string& since, Progress* p) {
  std::ifstream in(folder + "/progress.json");
  if (!in) return false;
  const nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  if (!j.is_object()) return false;
  try {
    p->query = j.at("query");
    p->since = j.at("since");
    p->max = j.at("max");
    p->batch_size = j.at("batch_size");
    p->found = j.at("found");
    p->target = j.at("target");
    p->webenv = j.at("webenv");
    p->query_key = j.at("query_key");
    p->batches = j.at("batches").get<std::vector<std::string>>();
    p->counts = j.at("counts").get<std::vector<uint64_t>>();
  } catch (const nlohmann::json::exception&) {
    return false;
  }
  if (p->query != o.query || p->since != since || p->max != o.max || p->batch_size != o.batch_size ||
      p->batches.size() != p->counts.size()) {
    return false;
  }
  // Every batch recorded must still be there.
  for (const std::string& b : p->batches) {
    std::error_code ec;
    if (!fs::exists(folder + "/" + b, ec)) return false;
  }
  return true;
}

bool Retryable(int status) { return status == 429 || status >= 500; }

class Fetcher {
 public:
  explicit Fetcher(const FetchOptions& o)
      : o_(o),
        limiter_(o.requests_per_second > 0 ? o.requests_per_second : (o.identity.api_key.empty() ? 3.0 : 10.0)) {}

  void Say(const std::string& m) const {
    if (o_.on_message) o_.on_message(m);
  }

  // GETs url until check accepts the body, retrying what may pass on a later attempt.
  StatusOr<std::string> Get(const std::string& url, const std::function<Status(const std::string&)>& check,
                            bool* rejected) {
    std::string last;
    for (int attempt = 1; attempt <= o_.max_attempts; ++attempt) {
      limiter_.Wait();
      ++requests_;
      net::HttpRequest req;
      req.url = url;
      req.timeout_seconds = o_.timeout_seconds;
      auto res = net::Fetch(req);
      limiter_.Done();
      double wait = o_.retry_base_seconds * std::pow(2.0, attempt - 1);
      if (!res.ok()) {
        if (res.status().code() == Status::Code::kInvalidArgument) return res.status();
        last = res.status().message();
      } else if (res->status == 200) {
        const Status ok = check(res->body);
        if (ok.ok()) return std::move(res->body);
        if (ok.code() == Status::Code::kInvalidArgument) {  // NCBI rejected the request itself
          *rejected = true;
          return Status::InvalidArgument(url + ": " + ok.message());
        }
        last = url + ": " + ok.message();
      } else if (Retryable(res->status)) {
        last = url + ": HTTP " + std::to_string(res->status);
        if (!res->retry_after.empty() && std::isdigit(static_cast<unsigned char>(res->retry_after[0]))) {
          wait = std::max(wait, std::stod(res->retry_after));
        }
      } else {
        *rejected = true;
        return Status::IoError(url + ": HTTP " + std::to_string(res->status) + ": " + res->body.substr(0, 200));
      }
      if (attempt == o_.max_attempts) break;
      wait = std::min(wait, o_.max_retry_seconds);
      std::ostringstream m;
      m << "retrying in " << wait << " s (attempt " << attempt + 1 << " of " << o_.max_attempts << "): " << last;
      Say(m.str());
      std::this_thread::sleep_for(std::chrono::duration<double>(wait));
    }
    return Status::IoError(last + " (gave up after " + std::to_string(o_.max_attempts) + " attempts)");
  }

  uint64_t requests() const { return requests_; }

 private:
  const FetchOptions& o_;
  RateLimiter limiter_;
  uint64_t requests_ = 0;
};

}  // namespace

std::string FetchFolder(const FetchOptions& o) {
  const std::string key = Md5Hex(o.query + "\n" + o.since + "\n" + std::to_string(o.max));
  return o.state_dir + "/fetch-" + key.substr(0, 16);
}

StatusOr<FetchResult> FetchPubmed(const FetchOptions& o) {
  if (o.query.empty()) return Status::InvalidArgument("pubmed fetch: the query is empty");
  if (o.batch_size == 0 || o.batch_size > 10000) return Status::InvalidArgument("batch size must be 1-10000");
  std::string since;
  if (!o.since.empty()) {
    auto date = NormaliseDate(o.since);
    if (!date.ok()) return date.status();
    since = *date;
  }
  FetchResult result;
  result.folder = FetchFolder(o);
  std::error_code ec;
  fs::create_directories(result.folder, ec);
  if (ec) return Status::IoError("cannot create " + result.folder + ": " + ec.message());

  Fetcher fetcher(o);
  Progress p;
  result.resumed = LoadProgress(result.folder, o, since, &p);
  auto search = [&]() -> Status {
    bool rejected = false;
    EsearchResult found;
    auto body = fetcher.Get(EsearchUrl(o.eutils_url, o.query, since, o.identity),
                            [&found](const std::string& b) {
                              auto r = ParseEsearch(b);
                              if (!r.ok()) return r.status();
                              found = *r;
                              return Status::Ok();
                            },
                            &rejected);
    if (!body.ok()) return body.status();
    p.query = o.query;
    p.since = since;
    p.max = o.max;
    p.batch_size = o.batch_size;
    p.webenv = found.webenv;
    p.query_key = found.query_key;
    if (!result.resumed) {
      p.found = found.count;
      p.target = std::min(found.count, o.max);
    }
    return SaveProgress(result.folder, p);
  };
  if (!result.resumed) {
    p.batches.clear();
    p.counts.clear();
    if (Status s = search(); !s.ok()) return s;
    fetcher.Say("found " + std::to_string(p.found) + " records; fetching " + std::to_string(p.target));
  } else {
    uint64_t have = 0;
    for (uint64_t c : p.counts) have += c;
    fetcher.Say("resuming: " + std::to_string(p.batches.size()) + " batches (" + std::to_string(have) +
                " records) already fetched of " + std::to_string(p.target));
  }
  bool searched_again = !result.resumed;
  uint64_t start = static_cast<uint64_t>(p.batches.size()) * o.batch_size;
  while (start < p.target) {
    const uint64_t n = std::min<uint64_t>(o.batch_size, p.target - start);
    bool rejected = false;
    uint64_t articles = 0;
    auto body = fetcher.Get(EfetchUrl(o.eutils_url, p.webenv, p.query_key, start, n, o.identity),
                            [&articles](const std::string& b) {
                              auto r = CheckPubmedBatch(b);
                              if (!r.ok()) return r.status();
                              articles = *r;
                              return Status::Ok();
                            },
                            &rejected);
    if (!body.ok()) {
      // A saved history may have expired on NCBI's side (it keeps a WebEnv for hours): search again once.
      if (rejected && !searched_again) {
        searched_again = true;
        fetcher.Say("the saved search history was refused; searching again");
        if (Status s = search(); !s.ok()) return s;
        continue;
      }
      result.requests = fetcher.requests();
      return body.status();
    }
    char name[32];
    std::snprintf(name, sizeof(name), "batch-%06llu.xml", static_cast<unsigned long long>(p.batches.size()));
    if (Status s = WriteAtomically(result.folder + "/" + name, *body); !s.ok()) return s;
    p.batches.push_back(name);
    p.counts.push_back(articles);
    if (Status s = SaveProgress(result.folder, p); !s.ok()) return s;
    start += n;
    uint64_t have = 0;
    for (uint64_t c : p.counts) have += c;
    fetcher.Say("fetched " + std::to_string(have) + " of " + std::to_string(p.target) + " records");
    if (articles == 0) break;  // the history holds fewer records than counted
  }
  result.found = p.found;
  result.target = p.target;
  for (size_t i = 0; i < p.batches.size(); ++i) {
    result.batch_files.push_back(result.folder + "/" + p.batches[i]);
    result.fetched += p.counts[i];
  }
  result.requests = fetcher.requests();
  return result;
}

}  // namespace medoracle::pubmed
