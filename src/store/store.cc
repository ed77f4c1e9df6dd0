// Names of roles and review statuses as stored, shown and accepted on the command line and API;
// store locations (a file or a PostgreSQL URL) and the backend they choose.
#include "store/store.h"

#include <chrono>
#include <ctime>

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

}  // namespace internal

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
