// Parsing the request bodies of the accounts, review and admin routes.
#include "server/review_requests.h"

#include <cstdint>
#include <nlohmann/json.hpp>

namespace medoracle::server {
namespace {

using nlohmann::json;

StatusOr<json> ParseObject(std::string_view body) {
  json j = json::parse(body.begin(), body.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Status::InvalidArgument("the body must be a JSON object");
  return j;
}

// A string field; "" when absent or null. Errors: kInvalidArgument for another type, or when
// required and empty.
StatusOr<std::string> StringField(const json& j, const char* name, bool required) {
  auto it = j.find(name);
  std::string value;
  if (it != j.end() && !it->is_null()) {
    if (!it->is_string()) return Status::InvalidArgument(std::string("\"") + name + "\" must be a string");
    value = it->get<std::string>();
  }
  if (required && value.empty()) return Status::InvalidArgument(std::string("\"") + name + "\" is required");
  return value;
}

StatusOr<store::ReviewStatus> StatusField(const json& j, const char* name) {
  auto text = StringField(j, name, true);
  if (!text.ok()) return text.status();
  auto status = store::ParseReviewStatus(*text);
  if (!status) {
    return Status::InvalidArgument(std::string("\"") + name +
                                   "\" must be submitted, under_review, approved or rejected");
  }
  return *status;
}

}  // namespace

StatusOr<LoginRequest> ParseLoginRequest(std::string_view body) {
  auto j = ParseObject(body);
  if (!j.ok()) return j.status();
  auto name = StringField(*j, "name", true);
  if (!name.ok()) return name.status();
  auto password = StringField(*j, "password", true);
  if (!password.ok()) return password.status();
  return LoginRequest{std::move(name).value(), std::move(password).value()};
}

StatusOr<StatusChangeRequest> ParseStatusChangeRequest(std::string_view body) {
  auto j = ParseObject(body);
  if (!j.ok()) return j.status();
  StatusChangeRequest request;
  auto expected = StatusField(*j, "expected");
  if (!expected.ok()) return expected.status();
  request.expected = *expected;
  auto to = StatusField(*j, "to");
  if (!to.ok()) return to.status();
  request.to = *to;
  if (auto it = j->find("version"); it != j->end() && !it->is_null()) {
    // A whole number that fits the store's version numbers: a larger one used to be cut to its low
    // 32 bits, so {"version": 4294967297} changed version 1.
    if (!it->is_number_integer() || (it->is_number_unsigned() && it->get<uint64_t>() > INT32_MAX) ||
        (!it->is_number_unsigned() && (it->get<int64_t>() < 0 || it->get<int64_t>() > INT32_MAX))) {
      return Status::InvalidArgument("\"version\" must be a version number (0 for the latest)");
    }
    request.version = static_cast<int>(it->get<int64_t>());
  }
  auto comment = StringField(*j, "comment", false);
  if (!comment.ok()) return comment.status();
  request.comment = std::move(comment).value();
  return request;
}

StatusOr<NewUserRequest> ParseNewUserRequest(std::string_view body) {
  auto j = ParseObject(body);
  if (!j.ok()) return j.status();
  NewUserRequest request;
  auto name = StringField(*j, "name", true);
  if (!name.ok()) return name.status();
  request.name = std::move(name).value();
  auto role_name = StringField(*j, "role", true);
  if (!role_name.ok()) return role_name.status();
  auto role = store::ParseRole(*role_name);
  if (!role) return Status::InvalidArgument("\"role\" must be reader, editor or admin");
  request.role = *role;
  auto password = StringField(*j, "password", true);
  if (!password.ok()) return password.status();
  request.password = std::move(password).value();
  return request;
}

StatusOr<NewTokenRequest> ParseNewTokenRequest(std::string_view body) {
  auto j = ParseObject(body);
  if (!j.ok()) return j.status();
  auto name = StringField(*j, "name", true);
  if (!name.ok()) return name.status();
  auto user = StringField(*j, "user", false);
  if (!user.ok()) return user.status();
  return NewTokenRequest{std::move(name).value(), std::move(user).value()};
}

}  // namespace medoracle::server
