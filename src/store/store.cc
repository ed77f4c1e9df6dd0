// Names of roles and review statuses as stored, shown and accepted on the command line and API;
// store locations (a file or a PostgreSQL URL) and the backend they choose.
#include "store/store.h"

#include <sodium.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <vector>

#include "store/common.h"

namespace medoracle::store {

namespace internal {

std::string NowIso() {
  std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string CapUtf8(const std::string& s, size_t max) {
  if (s.size() <= max) return s;
  size_t end = max - 3;
  while (end > 0 && (static_cast<unsigned char>(s[end]) & 0xC0) == 0x80) --end;
  return s.substr(0, end) + "...";
}

std::string FileSha256(const std::string& path) {
  if (sodium_init() < 0) return {};
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  std::vector<char> buf(1 << 16);
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(buf.data()),
                              static_cast<unsigned long long>(in.gcount()));
  }
  if (in.bad()) return {};
  unsigned char out[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&state, out);
  char hex[2 * crypto_hash_sha256_BYTES + 1];
  sodium_bin2hex(hex, sizeof hex, out, sizeof out);
  return hex;
}

std::string NewAnswerIdKey() {
  if (sodium_init() < 0) return {};
  unsigned char key[32];
  randombytes_buf(key, sizeof key);
  char hex[2 * sizeof key + 1];
  sodium_bin2hex(hex, sizeof hex, key, sizeof key);
  return hex;
}

Status WriteBackupChecksum(const std::string& path) {
  // sha256sum's format (`sha256sum -c FILE.sha256` checks it too); restore refuses a backup whose
  // bytes no longer match.
  const std::string sum = FileSha256(path);
  if (sum.empty()) return Status::IoError("backup to " + path + " failed: cannot read it back");
  std::ofstream out(path + kChecksumSuffix, std::ios::trunc);
  out << sum << "  " << std::filesystem::path(path).filename().string() << "\n";
  out.close();
  if (!out) return Status::IoError("backup to " + path + " failed: cannot write " + path + kChecksumSuffix);
  return Status::Ok();
}

}  // namespace internal

StatusOr<LoginCheck> Store::CheckAndRecordLoginAttempt(const std::string& name, const std::string& remote,
                                                       int64_t since_unix, int64_t at_unix, const LoginLimits& limits) {
  LoginCheck check;
  check.at_unix = at_unix;
  auto pair = FailedLoginsForNameFrom(name, remote, since_unix);
  if (!pair.ok()) return pair.status();
  auto from = FailedLoginsFromRemote(remote, since_unix);
  if (!from.ok()) return from.status();
  auto for_name = FailedLoginsForName(name, since_unix);
  if (!for_name.ok()) return for_name.status();
  check.for_name_and_remote = *pair;
  check.from_remote = *from;
  check.for_name = *for_name;
  if (*pair >= limits.per_name_and_remote || *from >= limits.per_remote || *for_name >= limits.per_name) return check;
  check.attempt_id = -1;  // recorded when finished
  return check;
}

Status Store::FinishLoginAttempt(const LoginCheck& attempt, const std::string& name, const std::string& remote,
                                 bool success) {
  return RecordLoginAttempt(name, remote, success, attempt.at_unix);
}

bool IsPostgresUrl(std::string_view location) {
  return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

std::string RedactLocation(std::string_view location) {
  if (!IsPostgresUrl(location)) return std::string(location);
  const size_t authority = location.find("://") + 3;
  size_t end = location.find_first_of("/?", authority);
  if (end == std::string_view::npos) end = location.size();
  std::string out(location.substr(0, authority));
  const std::string_view host_part = location.substr(authority, end - authority);
  const size_t at = host_part.rfind('@');
  if (at != std::string_view::npos) {
    const std::string_view userinfo = host_part.substr(0, at);
    out += userinfo.substr(0, userinfo.find(':'));
    out += host_part.substr(at);
  } else {
    out += host_part;
  }
  std::string_view rest = location.substr(end);
  const size_t query = rest.find('?');
  out += rest.substr(0, query);
  if (query == std::string_view::npos) return out;
  // Query parameters: all but password=...
  std::string kept;
  std::string_view params = rest.substr(query + 1);
  while (!params.empty()) {
    const size_t amp = params.find('&');
    const std::string_view param = params.substr(0, amp);
    if (!param.starts_with("password=") && !param.empty()) kept += (kept.empty() ? "" : "&") + std::string(param);
    params = amp == std::string_view::npos ? std::string_view() : params.substr(amp + 1);
  }
  if (!kept.empty()) out += "?" + kept;
  return out;
}

StatusOr<std::unique_ptr<Store>> OpenStore(const std::string& location) {
  if (IsPostgresUrl(location)) return OpenPostgresStore(location);
  return OpenSqliteStore(location);
}

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kReader:
      return "reader";
    case Role::kEditor:
      return "editor";
    case Role::kAdmin:
      return "admin";
  }
  return "reader";
}

bool ValidUserName(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '-' || c == '_' || c == '@';
    if (!ok) return false;
  }
  return true;
}

std::optional<Role> ParseRole(std::string_view name) {
  for (Role role : {Role::kReader, Role::kEditor, Role::kAdmin}) {
    if (RoleName(role) == name) return role;
  }
  return std::nullopt;
}

std::string_view ReviewStatusName(ReviewStatus status) {
  switch (status) {
    case ReviewStatus::kSubmitted:
      return "submitted";
    case ReviewStatus::kUnderReview:
      return "under_review";
    case ReviewStatus::kApproved:
      return "approved";
    case ReviewStatus::kRejected:
      return "rejected";
  }
  return "submitted";
}

std::optional<ReviewStatus> ParseReviewStatus(std::string_view name) {
  for (ReviewStatus status :
       {ReviewStatus::kSubmitted, ReviewStatus::kUnderReview, ReviewStatus::kApproved, ReviewStatus::kRejected}) {
    if (ReviewStatusName(status) == name) return status;
  }
  return std::nullopt;
}

}  // namespace medoracle::store
