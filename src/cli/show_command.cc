// `medoracle show DOC_ID`: one document, its metadata, text, sections and sentence spans.
#include <iostream>

#include "cli/cli.h"
#include "corpus/document_json.h"
#include "index/index.h"

namespace medoracle::cli {

void AddShowCommand(CLI::App& app, const GlobalOptions& global, int* exit_code) {
  struct Args {
    std::string doc_id;
    std::string format = "text";
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("show", "Show one document by id (e.g. pmid:123, ngc:11288)");
  cmd->add_option("doc_id", args->doc_id, "Document id")->required();
  cmd->add_option("--format", args->format, "text or json (json spans are UTF-8 byte offsets into \"text\")")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->callback([&global, args, exit_code] {
    auto index = OpenIndex(ResolveIndexDir(global), Index::Mode::kReadOnly);
    if (!index.ok()) {
      std::cerr << "medoracle show: " << index.status().ToString() << "\n";
      *exit_code = kExitError;
      return;
    }
    auto doc = (*index)->Fetch(args->doc_id);
    if (!doc.ok()) {
      std::cerr << "medoracle show: " << doc.status().ToString() << "\n";
      *exit_code = doc.status().code() == Status::Code::kNotFound ? kExitPartial : kExitError;
      return;
    }
    if (args->format == "json") {
      std::cout << DocumentToJson(*doc).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
      return;
    }
    const Document& d = *doc;
    std::cout << d.id << "  [" << RefTypeLabel(d.type) << "]\n" << d.title << "\n";
    if (!d.venue.empty() || d.year != 0) {
      std::cout << d.venue << (d.year != 0 ? (d.venue.empty() ? "" : ", ") + std::to_string(d.year) : "") << "\n";
    }
    if (!d.url.empty()) std::cout << d.url << "\n";
    for (const Section& s : d.sections) {
      std::cout << "\n## " << s.label << "\n" << d.Slice(s.span) << "\n";
    }
  });
}

}  // namespace medoracle::cli
