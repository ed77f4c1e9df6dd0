// Listing, downloading, checking and applying PubMed baseline and update files in order.
#include "pubmed/sync.h"

#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "net/http_client.h"
#include "pubmed/eutils.h"
#include "pubmed/md5.h"

namespace medoracle::pubmed {
namespace {

namespace fs = std::filesystem;

bool IsUrl(const std::string& s) { return s.rfind("http://", 0) == 0 || s.rfind("https://", 0) == 0; }

// One file to apply: where it is (path or URL) and its name.
struct Source {
  std::string name;
  std::string location;  // folder path or URL of the folder
};

StatusOr<std::string> ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot read " + path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

StatusOr<std::string> Download(const std::string& url, const SyncOptions& o) {
  std::string last;
  for (int attempt = 1; attempt <= o.max_attempts; ++attempt) {
    net::HttpRequest req;
    req.url = url;
    req.timeout_seconds = o.timeout_seconds;
    auto res = net::Fetch(req);
    if (res.ok() && res->status == 200) return std::move(res->body);
    if (res.ok() && res->status == 404) return Status::NotFound(url + ": HTTP 404");
    if (res.ok() && res->status != 429 && res->status < 500) {
      return Status::IoError(url + ": HTTP " + std::to_string(res->status));
    }
    last = res.ok() ? url + ": HTTP " + std::to_string(res->status) : res.status().message();
    if (attempt < o.max_attempts) {
      const double wait = o.retry_base_seconds * std::pow(2.0, attempt - 1);
      if (o.on_message) o.on_message("retrying in " + std::to_string(wait) + " s: " + last);
      std::this_thread::sleep_for(std::chrono::duration<double>(wait));
    }
  }
  return Status::IoError(last + " (gave up after " + std::to_string(o.max_attempts) + " attempts)");
}

std::vector<std::string> FolderFiles(const std::string& dir) {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    const std::string name = e.path().filename().string();
    if (IsPubmedFileName(name)) names.push_back(name);
  }
  std::sort(names.begin(), names.end(),
            [](const std::string& a, const std::string& b) { return PubmedFileOrder(a) < PubmedFileOrder(b); });
  return names;
}

StatusOr<std::vector<Source>> ListSources(const SyncOptions& o) {
  std::vector<Source> out;
  if (IsUrl(o.source)) {
    const std::string base = o.source.back() == '/' ? o.source : o.source + "/";
    auto page = Download(base, o);
    if (!page.ok()) return page.status();
    const Listing listing = ParseListing(*page);
    for (const char* sub : {"baseline/", "updatefiles/"}) {
      if ((std::string(sub) == "baseline/" && !listing.has_baseline) ||
          (std::string(sub) == "updatefiles/" && !listing.has_updatefiles)) {
        continue;
      }
      auto sub_page = Download(base + sub, o);
      if (!sub_page.ok()) return sub_page.status();
      for (const std::string& f : ParseListing(*sub_page).files) out.push_back({f, base + sub});
    }
    for (const std::string& f : listing.files) out.push_back({f, base});
  } else {
    std::error_code ec;
    if (!fs::is_directory(o.source, ec)) return Status::NotFound("not a folder or an http(s) URL: " + o.source);
    for (const char* sub : {"baseline", "updatefiles"}) {
      const std::string dir = o.source + "/" + sub;
      if (fs::is_directory(dir, ec)) {
        for (const std::string& f : FolderFiles(dir)) out.push_back({f, dir});
      }
    }
    for (const std::string& f : FolderFiles(o.source)) out.push_back({f, o.source});
  }
  if (out.empty()) {
    return Status::NotFound("no PubMed files (pubmedYYnNNNN.xml.gz) in " + o.source);
  }
  return out;
}

struct State {
  nlohmann::json applied = nlohmann::json::array();  // [{"name", "md5", "applied_at"}]
  std::set<std::string> names;
};

State LoadState(const std::string& path) {
  State s;
  std::ifstream in(path);
  if (!in) return s;
  const nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  if (!j.is_object() || !j.contains("applied") || !j["applied"].is_array()) return s;
  for (const auto& a : j["applied"]) {
    if (a.is_object() && a.contains("name") && a["name"].is_string()) {
      s.applied.push_back(a);
      s.names.insert(a["name"].get<std::string>());
    }
  }
  return s;
}

Status SaveState(const std::string& path, const State& s) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << nlohmann::json({{"applied", s.applied}}).dump(2) << "\n";
    out.flush();
    if (!out) return Status::IoError("cannot write " + tmp);
  }
  std::error_code ec;
  fs::rename(tmp, path, ec);
  if (ec) return Status::IoError("cannot rename " + tmp + ": " + ec.message());
  return Status::Ok();
}

std::string Now() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// The verified bytes of one file, on disk (a folder's own file, or a download under state_dir).
StatusOr<std::string> Obtain(const Source& s, const SyncOptions& o, const std::string& download_dir, std::string* md5) {
  if (!IsUrl(s.location)) {
    const std::string path = s.location + "/" + s.name;
    auto sum_text = ReadAll(path + ".md5");
    if (!sum_text.ok()) return Status::NotFound("no checksum file " + path + ".md5");
    auto expected = ParseMd5File(*sum_text);
    if (!expected.ok()) return Status::Corruption(path + ".md5: " + expected.status().message());
    auto bytes = ReadAll(path);
    if (!bytes.ok()) return bytes.status();
    const std::string actual = Md5Hex(*bytes);
    if (actual != *expected) {
      return Status::Corruption(path + ": MD5 " + actual + " differs from " + *expected + " in its .md5 file");
    }
    *md5 = actual;
    return path;
  }
  const std::string url = s.location + s.name;
  auto sum_text = Download(url + ".md5", o);
  if (!sum_text.ok()) {
    if (sum_text.status().code() == Status::Code::kNotFound) return Status::NotFound("no checksum file " + url + ".md5");
    return sum_text.status();
  }
  auto expected = ParseMd5File(*sum_text);
  if (!expected.ok()) return Status::Corruption(url + ".md5: " + expected.status().message());
  std::string reason;
  for (int attempt = 1; attempt <= o.max_attempts; ++attempt) {
    auto bytes = Download(url, o);
    if (!bytes.ok()) return bytes.status();
    const std::string actual = Md5Hex(*bytes);
    if (actual == *expected) {
      const std::string path = download_dir + "/" + s.name;
      std::ofstream out(path, std::ios::binary | std::ios::trunc);
      out << *bytes;
      out.flush();
      if (!out) return Status::IoError("cannot write " + path);
      *md5 = actual;
      return path;
    }
    reason = url + ": MD5 " + actual + " differs from " + *expected + " in its .md5 file";
    if (o.on_message && attempt < o.max_attempts) o.on_message(reason + "; downloading again");
  }
  return Status::Corruption(reason + " (" + std::to_string(o.max_attempts) + " downloads)");
}

}  // namespace

StatusOr<SyncResult> SyncPubmed(const SyncOptions& o) {
  if (!o.apply) return Status::InvalidArgument("pubmed sync: nothing to apply files with");
  std::error_code ec;
  const std::string download_dir = o.state_dir + "/sync-downloads";
  fs::create_directories(download_dir, ec);
  if (ec) return Status::IoError("cannot create " + download_dir + ": " + ec.message());
  auto sources = ListSources(o);
  if (!sources.ok()) return sources.status();
  const std::string state_path = o.state_dir + "/sync.json";
  State state = LoadState(state_path);
  SyncResult result;
  for (const Source& s : *sources) {
    if (state.names.count(s.name)) {
      result.already_applied.push_back(s.name);
      continue;
    }
    std::string md5;
    auto path = Obtain(s, o, download_dir, &md5);
    if (!path.ok()) return path.status();
    if (o.on_message) o.on_message("applying " + s.name + " (MD5 " + md5 + " verified)");
    if (Status applied = o.apply(*path); !applied.ok()) {
      return Status::IoError(s.name + " was not applied: " + applied.message());
    }
    state.applied.push_back({{"name", s.name}, {"md5", md5}, {"applied_at", Now()}, {"from", s.location}});
    state.names.insert(s.name);
    if (Status saved = SaveState(state_path, state); !saved.ok()) return saved;
    if (IsUrl(s.location)) fs::remove(*path, ec);  // applied: the index has it now
    result.applied.push_back(s.name);
  }
  return result;
}

}  // namespace medoracle::pubmed
