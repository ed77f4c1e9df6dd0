// Optional LLM synthesis: the answer's selected statements, numbered, go to an OpenAI-compatible
// chat completions endpoint; the short answer that comes back is verified sentence by sentence
// (verifier.h) and only the supported sentences are kept.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "answer/answer.h"
#include "llm/verifier.h"
#include "medoracle/status.h"

namespace medoracle::llm {

struct LlmOptions {
  // The server: a base URL ("http://127.0.0.1:8081", ".../v1") or the full
  // ".../v1/chat/completions" endpoint.
  std::string url;
  std::string model;
  std::string api_key;           // sent as "Authorization: Bearer KEY" when set
  double timeout_seconds = 60;   // the whole request; a slower model is a failure, not a wait
  size_t max_statements = 12;    // the bottom line and the first statements of each section
  int max_tokens = 400;
};

// The chat completions endpoint for url (see LlmOptions::url).
std::string ChatCompletionsUrl(const std::string& url);

// The statements the model may use, numbered from 1: the bottom line, then the boxed warnings, then
// the sections' statements in display order, without repeats, at most max_statements.
std::vector<NumberedStatement> SelectStatements(const Answer& answer, size_t max_statements);

// The request body: a system message with the rules (use only the statements, cite every sentence
// as [n], change no number, dose, name or negation), a user message with the question and the
// numbered statements; temperature 0.
nlohmann::json BuildChatRequest(const LlmOptions& options, const std::string& question,
                                const std::vector<NumberedStatement>& statements);

// The generated text of a chat completions response body (choices[0].message.content, or a legacy
// completion's choices[0].text). Errors: kCorruption when body is not JSON or has no such text
// (the message says what was missing); kIoError carrying the server's own
// "error.message" when the body is an error object.
StatusOr<std::string> ParseChatCompletion(std::string_view body);

// Asks the model for a summary of answer and verifies it. Never fails: the summary is present, and
// when the server cannot be reached, times out, answers non-200 or malformed JSON, or the answer has
// no statements, its error says why (naming the URL) and it has no sentences; the extractive answer
// is untouched either way.
GeneratedSummary Summarize(const Answer& answer, const LlmOptions& options);

// Summarize for a served answer JSON (docs/answer-json.md), whose "summary" it sets
// (SummaryToJson); returns the summary. A JSON that is not an answer gets a summary whose error
// says so. The rest of the JSON is left as it was.
GeneratedSummary AddSummary(nlohmann::json* answer_json, const LlmOptions& options);

}  // namespace medoracle::llm
