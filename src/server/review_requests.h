// The bodies of the accounts, review and admin routes (POST /api/login, .../status, /api/admin/users,
// /api/admin/tokens) parsed and checked before any store access, so they can be fuzzed on their own.
#pragma once

#include <string>
#include <string_view>

#include "medoracle/status.h"
#include "store/store.h"

namespace medoracle::server {

// POST /api/login: {"name": "...", "password": "..."}.
struct LoginRequest {
  std::string name;
  std::string password;
};
// Errors (kInvalidArgument naming the field): not a JSON object, a field that is not a string, a
// name or password missing or empty.
StatusOr<LoginRequest> ParseLoginRequest(std::string_view body);

// POST /api/review/answers/{id}/status: {"expected": "...", "to": "...", "version": n, "comment": "..."}.
struct StatusChangeRequest {
  store::ReviewStatus expected = store::ReviewStatus::kSubmitted;
  store::ReviewStatus to = store::ReviewStatus::kSubmitted;
  int version = 0;  // 0 (absent): the latest version
  std::string comment;
};
// Errors (kInvalidArgument naming the field): not a JSON object, "expected" or "to" missing or not a
// review status, "version" not a whole number from 0 to 2^31-1, "comment" not a string.
StatusOr<StatusChangeRequest> ParseStatusChangeRequest(std::string_view body);

// POST /api/admin/users: {"name": "...", "role": "reader|editor|admin", "password": "..."}.
struct NewUserRequest {
  std::string name;
  store::Role role = store::Role::kReader;
  std::string password;
};
// Errors (kInvalidArgument naming the field): not a JSON object, a field missing, empty or not a
// string, an unknown role. The name's characters are checked by the store (store::ValidUserName).
StatusOr<NewUserRequest> ParseNewUserRequest(std::string_view body);

// POST /api/admin/tokens: {"name": "...", "user": "..."}.
struct NewTokenRequest {
  std::string name;
  std::string user;  // whose rights the token carries; empty: the caller's
};
// Errors (kInvalidArgument naming the field): not a JSON object, "name" missing, empty or not a
// string, "user" not a string.
StatusOr<NewTokenRequest> ParseNewTokenRequest(std::string_view body);

}  // namespace medoracle::server
