// `medoracle stats`: what the index holds.
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/cli.h"
#include "index/index.h"

namespace medoracle::cli {

void AddStatsCommand(CLI::App& app, const GlobalOptions& global, int* exit_code) {
  auto format = std::make_shared<std::string>("text");
  CLI::App* cmd = app.add_subcommand("stats", "Show what the index holds");
  cmd->add_option("--format", *format, "text or json")->check(CLI::IsMember({"text", "json"}));
  cmd->callback([&global, format, exit_code] {
    auto index = OpenIndex(ResolveIndexDir(global), Index::Mode::kReadOnly);
    if (!index.ok()) {
      std::cerr << "medoracle stats: " << index.status().ToString() << "\n";
      *exit_code = kExitError;
      return;
    }
    auto stats = (*index)->Stats();
    if (!stats.ok()) {
      std::cerr << "medoracle stats: " << stats.status().ToString() << "\n";
      *exit_code = kExitError;
      return;
    }
    const IndexStats& s = *stats;
    if (*format == "json") {
      nlohmann::json j = {{"index", s.path},
                          {"documents", s.documents},
                          {"passages", s.passages},
                          {"documents_by_source", s.documents_by_source},
                          {"documents_by_type", s.documents_by_type},
                          {"vocabulary_by_source", s.vocabulary_by_source},
                          {"files_loaded", s.files_loaded},
                          {"bytes_on_disk", s.bytes_on_disk}};
      std::cout << j.dump(2) << "\n";
      return;
    }
    std::cout << "index       " << s.path << "\n"
              << "documents   " << WithCommas(s.documents) << "\n"
              << "passages    " << WithCommas(s.passages) << "\n"
              << "files       " << WithCommas(s.files_loaded) << "\n"
              << "size        " << WithCommas(s.bytes_on_disk / 1024) << " KiB\n";
    std::cout << "by source:\n";
    for (const auto& [k, v] : s.documents_by_source) std::cout << "  " << k << " " << WithCommas(v) << "\n";
    std::cout << "by type:\n";
    for (const auto& [k, v] : s.documents_by_type) std::cout << "  " << k << " " << WithCommas(v) << "\n";
    if (!s.vocabulary_by_source.empty()) {
      std::cout << "vocabulary:\n";
      for (const auto& [k, v] : s.vocabulary_by_source) std::cout << "  " << k << " " << WithCommas(v) << " entries\n";
    }
  });
}

}  // namespace medoracle::cli
