// The chat completions exchange and the mapping of verified sentences to the answer's references.
#include "llm/synthesis.h"

#include <algorithm>
#include <set>

#include "answer/render.h"
#include "corpus/text.h"
#include "net/http_client.h"

namespace medoracle::llm {
namespace {

constexpr char kSystemPrompt[] =
    "You summarise clinical evidence for a clinician. Use only the numbered statements you are given; "
    "add no fact of your own. Write a short answer to the question in 2 to 4 plain sentences. End every "
    "sentence with the numbers of the statements it rests on in square brackets, for example [1] or [2, 3]. "
    "Copy numbers, doses, units, drug and condition names and negations (not, no, never) exactly as the "
    "statements give them. If the statements do not answer the question, say so in one sentence citing the "
    "closest statement.";

constexpr size_t kErrorBodyShown = 200;

}  // namespace

std::string ChatCompletionsUrl(const std::string& url) {
  std::string base = url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  if (base.size() >= 17 && base.compare(base.size() - 17, 17, "/chat/completions") == 0) return base;
  if (base.size() >= 3 && base.compare(base.size() - 3, 3, "/v1") == 0) return base + "/chat/completions";
  return base + "/v1/chat/completions";
}

std::vector<NumberedStatement> SelectStatements(const Answer& answer, size_t max_statements) {
  std::vector<NumberedStatement> out;
  std::set<std::string> seen;
  auto add = [&](const Statement& s) {
    if (out.size() >= max_statements || s.text.empty() || !seen.insert(s.text).second) return;
    out.push_back({static_cast<int>(out.size()) + 1, s.text, s.citations});
  };
  if (!answer.answered) return out;
  add(answer.bottom_line);
  for (const Callout& c : answer.callouts) {
    for (const Statement& s : c.statements) add(s);
  }
  // Round-robin over the sections so each contributes its best statements first.
  for (size_t rank = 0;; ++rank) {
    bool any = false;
    for (const AnswerSection& section : answer.sections) {
      if (rank < section.statements.size()) {
        any = true;
        add(section.statements[rank]);
      }
    }
    if (!any || out.size() >= max_statements) break;
  }
  return out;
}

nlohmann::json BuildChatRequest(const LlmOptions& options, const std::string& question,
                                const std::vector<NumberedStatement>& statements) {
  std::string user = "Question: " + question + "\n\nStatements:\n";
  for (const NumberedStatement& s : statements) user += "[" + std::to_string(s.n) + "] " + s.text + "\n";
  return {{"model", options.model},
          {"messages", nlohmann::json::array({{{"role", "system"}, {"content", kSystemPrompt}},
                                              {{"role", "user"}, {"content", user}}})},
          {"temperature", 0},
          {"max_tokens", options.max_tokens},
          {"stream", false}};
}

StatusOr<std::string> ParseChatCompletion(std::string_view body) {
  nlohmann::json j = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Status::Corruption("the response is not JSON");
  if (!j.is_object()) return Status::Corruption("the response is not a JSON object");
  if (const auto error = j.find("error"); error != j.end() && !error->is_null()) {
    std::string message = error->is_object() && error->contains("message") && (*error)["message"].is_string()
                              ? (*error)["message"].get<std::string>()
                              : error->dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    return Status::IoError("the model server reported an error: " + message.substr(0, kErrorBodyShown));
  }
  const auto choices = j.find("choices");
  if (choices == j.end() || !choices->is_array() || choices->empty()) {
    return Status::Corruption("the response has no \"choices\"");
  }
  const nlohmann::json& first = (*choices)[0];
  if (!first.is_object()) return Status::Corruption("choices[0] is not an object");
  if (const auto message = first.find("message"); message != first.end() && message->is_object()) {
    const auto content = message->find("content");
    if (content != message->end() && content->is_string()) return content->get<std::string>();
    return Status::Corruption("choices[0].message has no text \"content\"");
  }
  if (const auto text = first.find("text"); text != first.end() && text->is_string()) return text->get<std::string>();
  return Status::Corruption("choices[0] has neither \"message\" nor \"text\"");
}

GeneratedSummary Summarize(const Answer& answer, const LlmOptions& options) {
  GeneratedSummary summary;
  summary.present = true;
  summary.model = options.model;
  const std::vector<NumberedStatement> statements = SelectStatements(answer, options.max_statements);
  if (statements.empty()) {
    summary.error = "no statements to summarise (the question was not answered from the loaded evidence)";
    return summary;
  }
  net::HttpRequest request;
  request.method = "POST";
  request.url = ChatCompletionsUrl(options.url);
  request.timeout_seconds = options.timeout_seconds;
  request.connect_timeout_seconds = std::min(10.0, options.timeout_seconds);
  request.max_body_bytes = 4 << 20;
  request.headers.push_back({"Content-Type", "application/json"});
  if (!options.api_key.empty()) request.headers.push_back({"Authorization", "Bearer " + options.api_key});
  request.body = BuildChatRequest(options, answer.question, statements)
                     .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  auto response = net::Fetch(request);
  if (!response.ok()) {
    summary.error = "the model server failed: " + response.status().message();
    return summary;
  }
  if (response->status != 200) {
    summary.error = request.url + " answered HTTP " + std::to_string(response->status) + ": " +
                    SanitizeUtf8(response->body.substr(0, kErrorBodyShown));
    return summary;
  }
  auto text = ParseChatCompletion(response->body);
  if (!text.ok()) {
    summary.error = request.url + ": " + text.status().message();
    return summary;
  }
  const Verification verified = VerifySummary(*text, statements);
  for (const VerifiedSentence& v : verified.kept) {
    SummarySentence s;
    s.text = v.text;
    s.statements = v.statements;
    std::set<int> refs;
    for (int n : v.statements) {
      const NumberedStatement& st = statements[static_cast<size_t>(n - 1)];
      refs.insert(st.references.begin(), st.references.end());
    }
    s.citations.assign(refs.begin(), refs.end());
    summary.sentences.push_back(std::move(s));
  }
  for (const RejectedSentence& r : verified.dropped) summary.dropped.push_back({r.text, r.reason});
  if (summary.sentences.empty() && summary.dropped.empty()) summary.error = request.url + ": the model wrote nothing";
  return summary;
}

GeneratedSummary AddSummary(nlohmann::json* answer_json, const LlmOptions& options) {
  GeneratedSummary summary;
  auto answer = AnswerFromJson(*answer_json);
  if (answer.ok()) {
    summary = Summarize(*answer, options);
  } else {
    summary.present = true;
    summary.model = options.model;
    summary.error = answer.status().message();
  }
  (*answer_json)["summary"] = SummaryToJson(summary);
  return summary;
}

}  // namespace medoracle::llm
