// medoracle: the command-line entry point.
#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "cli/cli.h"

namespace medoracle::cli {

std::string ResolveIndexDir(const GlobalOptions& options) {
  if (!options.index_dir.empty()) return options.index_dir;
  if (const char* env = std::getenv("MEDORACLE_INDEX"); env != nullptr && *env != '\0') return env;
  if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg != nullptr && *xdg != '\0') {
    return std::string(xdg) + "/medoracle/index";
  }
  const char* home = std::getenv("HOME");
  return std::string(home != nullptr ? home : ".") + "/.local/share/medoracle/index";
}

std::string ResolveDbPath(const GlobalOptions& options) {
  if (!options.db_path.empty()) return options.db_path;
  if (const char* env = std::getenv("MEDORACLE_DB"); env != nullptr && *env != '\0') return env;
  std::string index = ResolveIndexDir(options);
  while (index.size() > 1 && index.back() == '/') index.pop_back();
  return index + ".db";
}

int ExitCodeFor(const Status& status) {
  return status.code() == Status::Code::kNotFound ? kExitPartial : kExitError;
}

StatusOr<std::unique_ptr<store::Store>> OpenStore(const GlobalOptions& options, bool must_exist) {
  const std::string path = ResolveDbPath(options);
  std::error_code ec;
  if (must_exist && !store::IsPostgresUrl(path) && !std::filesystem::exists(path, ec)) {
    return Status::NotFound("no application store at " + path +
                            " (`medoracle serve` or `medoracle user add` creates it; --db names another)");
  }
  return store::OpenStore(path);
}

store::Actor CliActor() {
  std::string login;
  if (const char* user = std::getenv("USER"); user != nullptr && *user != '\0') {
    login = user;
  } else if (const passwd* pw = getpwuid(getuid()); pw != nullptr && pw->pw_name != nullptr) {
    login = pw->pw_name;
  } else {
    login = "uid" + std::to_string(getuid());
  }
  return {"cli:" + login, ""};
}

std::string WithCommas(uint64_t n) {
  std::string digits = std::to_string(n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

}  // namespace medoracle::cli

int main(int argc, char** argv) {
  using namespace medoracle::cli;
  CLI::App app{"medoracle: cited answers to clinical questions from the evidence you load"};
  app.set_version_flag("--version", "medoracle 0.1.0");
  app.require_subcommand(1);
  GlobalOptions global;
  app.add_option("--index", global.index_dir,
                 "Index directory (default: $MEDORACLE_INDEX, else ~/.local/share/medoracle/index)")
      ->envname("MEDORACLE_INDEX");
  app.add_option("--db", global.db_path,
                 "Application store: reviews, users, answers served; a file (SQLite) or a postgresql:// URL "
                 "(default: $MEDORACLE_DB, else INDEX.db)")
      ->envname("MEDORACLE_DB");
  app.fallthrough();
  int exit_code = kExitOk;
  AddIngestCommand(app, global, &exit_code);
  AddStatsCommand(app, global, &exit_code);
  AddShowCommand(app, global, &exit_code);
  AddSearchCommand(app, global, &exit_code);
  AddEvalCommand(app, global, &exit_code);
  AddAskCommand(app, global, &exit_code);
  AddServeCommand(app, global, &exit_code);
  AddUserCommand(app, global, &exit_code);
  AddReviewCommand(app, global, &exit_code);
  AddBackupCommand(app, global, &exit_code);
  AddPubmedCommand(app, global, &exit_code);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int rc = app.exit(e);
    return rc == 0 ? 0 : kExitError;
  }
  return exit_code;
}
