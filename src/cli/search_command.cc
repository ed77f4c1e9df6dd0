// `medoracle search QUERY`: ranked passages with document id, type, score and text.
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/cli.h"
#include "index/index.h"

namespace medoracle::cli {

void AddSearchCommand(CLI::App& app, const GlobalOptions& global, int* exit_code) {
  struct Args {
    std::string query;
    size_t limit = 10;
    std::vector<std::string> types;
    std::vector<std::string> sources;
    std::string format = "text";
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("search", "Ranked passages for a query");
  cmd->add_option("query", args->query, "Free-text query")->required();
  cmd->add_option("-n,--limit", args->limit, "Number of passages (default 10)");
  cmd->add_option("--type", args->types, "Only these reference types (guideline, review, ...)");
  cmd->add_option("--source", args->sources, "Only these collections (ngc, pubmed, medquad, ...)");
  cmd->add_option("--format", args->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  cmd->callback([&global, args, exit_code] {
    auto index = OpenIndex(ResolveIndexDir(global), Index::Mode::kReadOnly);
    if (!index.ok()) {
      std::cerr << "medoracle search: " << index.status().ToString() << "\n";
      *exit_code = kExitError;
      return;
    }
    SearchOptions options;
    options.limit = args->limit;
    options.sources = args->sources;
    for (const auto& t : args->types) {
      RefType type;
      if (!ParseRefType(t, &type)) {
        std::cerr << "medoracle search: unknown --type " << t << "\n";
        *exit_code = kExitError;
        return;
      }
      options.types.push_back(type);
    }
    auto hits = (*index)->Search(args->query, options);
    if (!hits.ok()) {
      std::cerr << "medoracle search: " << hits.status().ToString() << "\n";
      *exit_code = kExitError;
      return;
    }
    if (args->format == "json") {
      nlohmann::json out = nlohmann::json::array();
      for (const auto& h : *hits) {
        out.push_back({{"doc_id", h.doc_id}, {"type", RefTypeName(h.type)}, {"source", h.source}, {"year", h.year},
                       {"section", h.section}, {"start", h.span.start}, {"end", h.span.end}, {"score", h.score},
                       {"text", h.text}});
      }
      std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
      return;
    }
    if (hits->empty()) {
      std::cout << "No passages match \"" << args->query << "\".\n";
      *exit_code = kExitPartial;
      return;
    }
    int rank = 0;
    for (const auto& h : *hits) {
      std::printf("%2d. %-28s %-18s %6.2f  %s\n    %s\n", ++rank, h.doc_id.c_str(),
                  std::string(RefTypeName(h.type)).c_str(), h.score, h.section.c_str(), h.text.c_str());
    }
  });
}

}  // namespace medoracle::cli
