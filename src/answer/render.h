// Rendering an Answer: JSON (the schema in docs/answer-json.md), Markdown, plain text
// for the terminal, and a self-contained HTML page.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "answer/answer.h"
#include "medoracle/status.h"

namespace medoracle {

// The heading every rendering of a generated summary carries.
inline constexpr char kSummaryHeading[] = "Generated summary (verified against the cited statements)";

// A generated summary as the answer JSON's "summary": {"heading", "model", "sentences": [{"text",
// "citations", "statements"}], "dropped": [{"text", "reason"}], "error" when there is none}.
nlohmann::json SummaryToJson(const GeneratedSummary& summary);

// The answer as JSON, following product.md's schema (fields may be added, not renamed).
nlohmann::json AnswerToJson(const Answer& answer);
std::string RenderMarkdown(const Answer& answer);
std::string RenderText(const Answer& answer);
// A complete HTML document; every corpus string is escaped.
std::string RenderHtml(const Answer& answer);

// The Answer a JSON answer describes (AnswerToJson's output, or a served answer with its
// "review" block: an approved answer's updated_at is its approval time). Errors:
// kInvalidArgument when j is not an answer object or a field has the wrong type.
StatusOr<Answer> AnswerFromJson(const nlohmann::json& j);

// Escapes &, <, >, " and ' for HTML text and attribute values.
std::string HtmlEscape(std::string_view text);

}  // namespace medoracle
