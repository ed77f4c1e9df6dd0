// The JSON API's codec: parsing request bodies, error bodies, and the one place where a
// Status becomes an HTTP status code.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "medoracle/status.h"

namespace medoracle::server {

// The body of POST /api/ask.
struct AskRequest {
  std::string question;
  std::string audience = "clinician";
  std::string conversation_id;  // empty: start a new conversation
  bool exact = false;           // search the question as typed (no spelling correction)
};

// Parses and validates a POST /api/ask body. Errors (kInvalidArgument, with a message
// naming the problem): malformed JSON (with its byte offset), not an object, question
// missing, empty or longer than max_question_bytes, a field of the wrong type ("exact" must be
// true or false), an unknown audience.
StatusOr<AskRequest> ParseAskRequest(std::string_view body, size_t max_question_bytes);

// True for a well-formed answer id (1 to 64 hex digits); other ids are answered 404 without a lookup.
bool ValidAnswerId(std::string_view id);

// The HTTP status for a failed Status: 400 invalid argument, 401 unauthenticated, 403 permission
// denied, 404 not found, 409 already exists / failed precondition, 429 rate limited, 503 busy,
// 500 otherwise.
int HttpStatusFor(const Status& status);

// JSON text to serve: '<', '>' and '&' (which JSON has only inside strings) are written as \u003c,
// \u003e, \u0026, so corpus markup never appears as markup in a response; invalid UTF-8 is replaced.
std::string ServeJson(const nlohmann::json& j);
// The same escaping for JSON text that is already serialised (e.g. an answer from the store).
std::string EscapeMarkup(std::string_view json_text);

// {"error": {"status": 400, "message": "..."}}. For 500 and other 5xx but 503 the message is
// logged to stderr and the client gets a generic one (store and index messages name files).
std::string ErrorBody(int http_status, std::string_view message);

}  // namespace medoracle::server
