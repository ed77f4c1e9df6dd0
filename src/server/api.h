// The JSON API's codec: parsing request bodies, error bodies, and the one place where a
// Status becomes an HTTP status code.
#pragma once

#include <string>
#include <string_view>

#include "medoracle/status.h"

namespace medoracle::server {

// The body of POST /api/ask.
struct AskRequest {
  std::string question;
  std::string audience = "clinician";
  std::string conversation_id;  // empty: start a new conversation
};

// Parses and validates a POST /api/ask body. Errors (kInvalidArgument, with a message
// naming the problem): malformed JSON (with its byte offset), not an object, question
// missing, empty or longer than max_question_bytes, a field of the wrong type, an unknown
// audience.
StatusOr<AskRequest> ParseAskRequest(std::string_view body, size_t max_question_bytes);

// The HTTP status for a failed Status: 400 invalid argument, 401 unauthenticated, 403 permission
// denied, 404 not found, 409 already exists / failed precondition, 429 rate limited, 503 busy,
// 500 otherwise.
int HttpStatusFor(const Status& status);

// {"error": {"status": 400, "message": "..."}}
std::string ErrorBody(int http_status, std::string_view message);

}  // namespace medoracle::server
