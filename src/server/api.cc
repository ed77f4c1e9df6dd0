// The JSON API's codec and the Status -> HTTP status mapping.
#include "server/api.h"

#include <cctype>
#include <iostream>
#include <nlohmann/json.hpp>

namespace medoracle::server {
namespace {

Status StringField(const nlohmann::json& j, const char* name, std::string* out) {
  auto it = j.find(name);
  if (it == j.end() || it->is_null()) return Status::Ok();
  if (!it->is_string()) return Status::InvalidArgument(std::string("\"") + name + "\" must be a string");
  *out = it->get<std::string>();
  return Status::Ok();
}

Status BoolField(const nlohmann::json& j, const char* name, bool* out) {
  auto it = j.find(name);
  if (it == j.end() || it->is_null()) return Status::Ok();
  if (!it->is_boolean()) return Status::InvalidArgument(std::string("\"") + name + "\" must be true or false");
  *out = it->get<bool>();
  return Status::Ok();
}

}  // namespace

StatusOr<AskRequest> ParseAskRequest(std::string_view body, size_t max_question_bytes) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(body.begin(), body.end());
  } catch (const nlohmann::json::parse_error& e) {
    return Status::InvalidArgument("malformed JSON at byte " + std::to_string(e.byte) +
                                   ": expected an object like {\"question\": \"...\"}");
  } catch (const nlohmann::json::exception&) {  // e.g. a number too large for a double (out_of_range 406)
    return Status::InvalidArgument("malformed JSON: a number is out of range; expected an object like "
                                   "{\"question\": \"...\"}");
  }
  if (!j.is_object()) return Status::InvalidArgument("the body must be a JSON object with a \"question\"");
  AskRequest request;
  for (const auto& [name, out] : {std::pair{"question", &request.question}, std::pair{"audience", &request.audience},
                                  std::pair{"conversation_id", &request.conversation_id}}) {
    if (Status s = StringField(j, name, out); !s.ok()) return s;
  }
  if (Status s = BoolField(j, "exact", &request.exact); !s.ok()) return s;
  if (request.question.find_first_not_of(" \t\r\n") == std::string::npos) {
    return Status::InvalidArgument("\"question\" is missing or empty");
  }
  if (request.question.size() > max_question_bytes) {
    return Status::InvalidArgument("\"question\" is longer than " + std::to_string(max_question_bytes) +
                                   " bytes; shorten the message to its question and the context it needs");
  }
  if (request.audience.empty()) request.audience = "clinician";
  if (request.audience != "clinician" && request.audience != "patient") {
    return Status::InvalidArgument("\"audience\" must be \"clinician\" or \"patient\"");
  }
  return request;
}

bool ValidAnswerId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

int HttpStatusFor(const Status& status) {
  switch (status.code()) {
    case Status::Code::kOk: return 200;
    case Status::Code::kInvalidArgument: return 400;
    case Status::Code::kNotFound: return 404;
    case Status::Code::kBusy: return 503;
    case Status::Code::kAlreadyExists: return 409;
    case Status::Code::kFailedPrecondition: return 409;
    case Status::Code::kUnauthenticated: return 401;
    case Status::Code::kPermissionDenied: return 403;
    case Status::Code::kRateLimited: return 429;
    default: return 500;
  }
}

std::string EscapeMarkup(std::string_view json_text) {
  std::string out;
  out.reserve(json_text.size() + 16);
  for (char c : json_text) {
    switch (c) {
      case '<': out += "\\u003c"; break;
      case '>': out += "\\u003e"; break;
      case '&': out += "\\u0026"; break;
      default: out += c;
    }
  }
  return out;
}

std::string ServeJson(const nlohmann::json& j) {
  return EscapeMarkup(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

std::string ErrorBody(int http_status, std::string_view message) {
  if (http_status >= 500 && http_status != 503) {
    // The store's and the index's messages name files ("database or disk is full: /var/lib/...");
    // they go to the log, the client gets no path.
    std::cerr << "medoracle serve: error " << http_status << ": " << message << std::endl;
    message = "the server could not complete the request; the details are in its log";
  }
  return ServeJson({{"error", {{"status", http_status}, {"message", std::string(message)}}}});
}

}  // namespace medoracle::server
