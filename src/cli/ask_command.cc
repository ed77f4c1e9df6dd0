// `medoracle ask QUESTION`: a structured, cited answer from the loaded evidence, served through the
// engine as the server serves it (same id, editors' approved version pinned, follow-ups).
#include <iostream>

#include "answer/render.h"
#include "cli/cli.h"
#include "llm/synthesis.h"
#include "medoracle/engine.h"

namespace medoracle::cli {

void AddAskCommand(CLI::App& app, const GlobalOptions& global, int* exit_code) {
  struct Args {
    std::string question;
    std::string audience = "clinician";
    std::string format = "text";
    std::string conversation;
    bool exact = false;
    llm::LlmOptions llm;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("ask", "Answer a clinical question with cited statements");
  cmd->add_option("question", args->question, "The question, in plain words")->required();
  cmd->add_option("--audience", args->audience, "clinician (default) or patient")
      ->check(CLI::IsMember({"clinician", "patient"}));
  cmd->add_option("--format", args->format, "text (default), markdown, json or html")
      ->check(CLI::IsMember({"text", "markdown", "json", "html"}));
  cmd->add_option("--conversation", args->conversation,
                  "Ask a follow-up in this conversation (the id an earlier ask printed, or the web page's)");
  cmd->add_flag("--exact", args->exact,
                "Search the question exactly as typed (no spelling correction of words the index lacks)");
  cmd->add_option("--llm-url", args->llm.url,
                  "Add a summary written by a language model (OpenAI-compatible server, e.g. http://127.0.0.1:8081), "
                  "every sentence verified against the statements it cites")
      ->envname("MEDORACLE_LLM_URL");
  cmd->add_option("--llm-model", args->llm.model, "The model name the server expects (with --llm-url)")
      ->envname("MEDORACLE_LLM_MODEL");
  cmd->add_option("--llm-api-key", args->llm.api_key, "Sent as a Bearer token to the model server")
      ->envname("MEDORACLE_LLM_API_KEY");
  cmd->add_option("--llm-timeout", args->llm.timeout_seconds, "Seconds to wait for the model (default 60)")
      ->check(CLI::Range(0.1, 3600.0));
  cmd->callback([&global, args, exit_code] {
    auto fail = [exit_code](const Status& status) {
      std::cerr << "medoracle ask: " << status.ToString() << "\n";
      *exit_code = kExitError;
    };
    if (!args->llm.url.empty() && args->llm.model.empty()) {
      std::cerr << "medoracle ask: --llm-url needs --llm-model (the model name the server expects)\n";
      *exit_code = kExitError;
      return;
    }
    EngineOptions options;
    options.index_dir = ResolveIndexDir(global);
    options.db_path = ResolveDbPath(global);
    options.answer_without_store = true;  // a read-only store location must not cost the answer
    options.keep_analyzers = false;       // one question: the composer loads what it needs
    auto engine = Engine::Open(options);
    if (!engine.ok()) return fail(engine.status());
    auto result = (*engine)->Ask({args->question, args->audience, args->conversation, CliActor(), args->exact});
    if (!result.ok()) return fail(result.status());
    if (!result->stored) {
      std::cerr << "medoracle ask: answering without storing the answer (" << result->store_problem << ")"
                << (args->conversation.empty() ? "" : "; earlier turns of the conversation are unknown") << "\n";
    } else if (!result->store_problem.empty()) {
      std::cerr << "medoracle ask: this turn of the conversation was not recorded (" << result->store_problem
                << ")\n";
    }
    nlohmann::json& j = result->json;
    if (!args->llm.url.empty()) {
      // The extractive answer is served as composed; the verified summary is added beside it.
      const GeneratedSummary summary = llm::AddSummary(&j, args->llm);
      if (!summary.error.empty()) std::cerr << "medoracle ask: no generated summary: " << summary.error << "\n";
      for (const DroppedSentence& d : summary.dropped) {
        std::cerr << "medoracle ask: generated sentence dropped (" << d.reason << "): " << d.text << "\n";
      }
    }
    if (const auto spelling = j.find("spelling");
        spelling != j.end() && spelling->is_object() && args->format != "json") {  // JSON: its "spelling"
      // Before the answer in text and Markdown; on stderr where stdout must stay one HTML document.
      const bool inline_note = args->format == "text" || args->format == "markdown";
      (inline_note ? std::cout : std::cerr)
          << "Showing results for: " << spelling->value("corrected", "") << " (searched instead of: "
          << spelling->value("original", "") << ")" << (inline_note ? "\n\n" : "\n");
      std::cerr << "medoracle ask: spelling corrected; ask with --exact to search the question as typed\n";
    }
    if (args->format == "json") {
      std::cout << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    } else {
      auto answer = AnswerFromJson(j);
      if (!answer.ok()) return fail(answer.status());
      if (args->format == "markdown") {
        std::cout << RenderMarkdown(*answer);
      } else if (args->format == "html") {
        std::cout << RenderHtml(*answer);
      } else {
        std::cout << RenderText(*answer);
      }
      std::cerr << "medoracle ask: answer " << result->answer_id;
      if (result->stored) std::cerr << " version " << j.value("version", 0);
      if (result->pinned) std::cerr << " (approved, pinned)";
      std::cerr << "; conversation " << result->conversation_id << " (follow up with --conversation "
                << result->conversation_id << ")\n";
    }
    if (!j.value("answered", false)) *exit_code = kExitPartial;
  });
}

}  // namespace medoracle::cli
