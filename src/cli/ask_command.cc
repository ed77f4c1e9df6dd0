// `medoracle ask QUESTION`: a structured, cited answer from the loaded evidence.
#include <iostream>

#include "answer/composer.h"
#include "answer/render.h"
#include "cli/cli.h"

namespace medoracle::cli {

void AddAskCommand(CLI::App& app, const GlobalOptions& global, int* exit_code) {
  struct Args {
    std::string question;
    std::string audience = "clinician";
    std::string format = "text";
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("ask", "Answer a clinical question with cited statements");
  cmd->add_option("question", args->question, "The question, in plain words")->required();
  cmd->add_option("--audience", args->audience, "clinician (default) or patient")
      ->check(CLI::IsMember({"clinician", "patient"}));
  cmd->add_option("--format", args->format, "text (default), markdown, json or html")
      ->check(CLI::IsMember({"text", "markdown", "json", "html"}));
  cmd->callback([&global, args, exit_code] {
    auto index = OpenIndex(ResolveIndexDir(global), Index::Mode::kReadOnly);
    if (!index.ok()) {
      std::cerr << "medoracle ask: " << index.status().ToString() << "\n";
      *exit_code = kExitError;
      return;
    }
    AskOptions options;
    options.audience = args->audience;
    auto answer = ComposeAnswer(**index, args->question, options);
    if (!answer.ok()) {
      std::cerr << "medoracle ask: " << answer.status().ToString() << "\n";
      *exit_code = kExitError;
      return;
    }
    if (args->format == "json") {
      std::cout << AnswerToJson(*answer).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    } else if (args->format == "markdown") {
      std::cout << RenderMarkdown(*answer);
    } else if (args->format == "html") {
      std::cout << RenderHtml(*answer);
    } else {
      std::cout << RenderText(*answer);
    }
    if (!answer->answered) *exit_code = kExitPartial;
  });
}

}  // namespace medoracle::cli
