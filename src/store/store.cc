// Names of roles and review statuses as stored, shown and accepted on the command line and API.
#include "store/store.h"

namespace medoracle::store {

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
  for (ReviewStatus status : {ReviewStatus::kSubmitted, ReviewStatus::kUnderReview, ReviewStatus::kApproved,
                              ReviewStatus::kRejected}) {
    if (ReviewStatusName(status) == name) return status;
  }
  return std::nullopt;
}

}  // namespace medoracle::store
