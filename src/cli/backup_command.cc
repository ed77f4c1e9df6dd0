// `medoracle backup FILE` and `medoracle restore FILE`: copies of the application store.
#include <cstdio>
#include <iostream>
#include <memory>

#include "cli/cli.h"

namespace medoracle::cli {
namespace {

int Fail(const char* command, const Status& status) {
  std::cerr << "medoracle " << command << ": " << status.ToString() << "\n";
  return ExitCodeFor(status);
}

int Backup(const GlobalOptions& global, const std::string& file) {
  auto db = OpenStore(global, true);
  if (!db.ok()) return Fail("backup", db.status());
  Status s = (*db)->Backup(file, CliActor());
  if (!s.ok()) return Fail("backup", s);
  std::printf("Backed up %s to %s\n", store::RedactLocation(ResolveDbPath(global)).c_str(), file.c_str());
  return kExitOk;
}

int Restore(const GlobalOptions& global, const std::string& file) {
  const std::string db_path = ResolveDbPath(global);
  const std::string shown = store::RedactLocation(db_path);
  Status s = store::RestoreStore(file, db_path);
  if (!s.ok()) return Fail("restore", s);
  std::printf("Restored %s from %s\n", shown.c_str(), file.c_str());
  // The restore itself goes into the restored store's audit log.
  auto db = store::OpenStore(db_path);
  Status audited =
      db.ok() ? (*db)->Audit({0, "", CliActor().user, "", "restore", shown, "from " + file}) : db.status();
  if (!audited.ok()) std::cerr << "medoracle restore: warning: not audited: " << audited.ToString() << "\n";
  return kExitOk;
}

}  // namespace

void AddBackupCommand(CLI::App& app, const GlobalOptions& global, int* exit_code) {
  auto file = std::make_shared<std::string>();
  CLI::App* backup =
      app.add_subcommand("backup", "Copy the application store (reviews, users) while it is in use");
  backup->add_option("file", *file, "Where to write the copy")->required();
  backup->callback([&global, file, exit_code] { *exit_code = Backup(global, *file); });

  CLI::App* restore =
      app.add_subcommand("restore",
                         "Replace the application store with a backup (stop the server first; "
                         "the backup is checked before anything is replaced; a PostgreSQL store "
                         "must be a new, empty database)");
  restore->add_option("file", *file, "A file written by `medoracle backup`")
      ->required()
      ->check(CLI::ExistingFile);
  restore->callback([&global, file, exit_code] { *exit_code = Restore(global, *file); });
}

}  // namespace medoracle::cli
