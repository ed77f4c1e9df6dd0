// Shared pieces of the medoracle command line: global options and subcommand registration.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>
#include <vector>

#include "medoracle/status.h"
#include "store/store.h"

namespace medoracle::cli {

// Options every subcommand sees.
struct GlobalOptions {
  std::string index_dir;  // --index; empty = MEDORACLE_INDEX or the default
  std::string db_path;    // --db; empty = MEDORACLE_DB or beside the index
};

// Where the index lives: --index, else $MEDORACLE_INDEX, else
// $XDG_DATA_HOME/medoracle/index, else ~/.local/share/medoracle/index.
std::string ResolveIndexDir(const GlobalOptions& options);

// Where the application store (reviews, users, answers served) lives: --db, else $MEDORACLE_DB,
// else the index folder's path with ".db" appended (docs/review.md). A postgresql:// or postgres://
// URL names a PostgreSQL database (docs/deployment.md); may carry a password: print it through
// store::RedactLocation.
std::string ResolveDbPath(const GlobalOptions& options);

// Exit codes: 0 success; 1 some input could not be loaded / nothing found; 2 usage or
// index error.
inline constexpr int kExitOk = 0;
inline constexpr int kExitPartial = 1;
inline constexpr int kExitError = 2;

// kExitPartial for kNotFound (an unknown id or name), else kExitError.
int ExitCodeFor(const Status& status);

// Opens the application store at ResolveDbPath(global) (store::OpenStore). With must_exist, a
// missing file is kNotFound naming the path (rather than a new empty store; a PostgreSQL database
// is always opened). Errors: those of store::OpenStore.
StatusOr<std::unique_ptr<store::Store>> OpenStore(const GlobalOptions& global, bool must_exist);

// Who the command line acts as in the store's audit log: user "cli:<login name>" ($USER, else
// the account name), remote "".
store::Actor CliActor();

// Loads paths into the index as `medoracle ingest PATH...` does with its defaults (progress on stderr
// unless quiet, the summary and skipped records on stdout, approved answers flagged stale); returns
// its exit code: kExitOk, kExitPartial when a file could not be loaded, kExitError on index errors.
int IngestFiles(const GlobalOptions& global, const std::vector<std::string>& paths, bool quiet);

// Each subcommand registers its options and a callback that sets *exit_code.
void AddIngestCommand(CLI::App& app, const GlobalOptions& global, int* exit_code);
void AddStatsCommand(CLI::App& app, const GlobalOptions& global, int* exit_code);
void AddShowCommand(CLI::App& app, const GlobalOptions& global, int* exit_code);
void AddSearchCommand(CLI::App& app, const GlobalOptions& global, int* exit_code);
void AddEvalCommand(CLI::App& app, const GlobalOptions& global, int* exit_code);
// `eval spelling`, registered by AddEvalCommand (eval_spelling_command.cc).
void AddEvalSpellingCommand(CLI::App* eval, const GlobalOptions& global, int* exit_code);
void AddAskCommand(CLI::App& app, const GlobalOptions& global, int* exit_code);
void AddServeCommand(CLI::App& app, const GlobalOptions& global, int* exit_code);
void AddUserCommand(CLI::App& app, const GlobalOptions& global, int* exit_code);
void AddReviewCommand(CLI::App& app, const GlobalOptions& global, int* exit_code);
// `backup FILE` and `restore FILE`.
void AddBackupCommand(CLI::App& app, const GlobalOptions& global, int* exit_code);
// `pubmed fetch` (E-utilities) and `pubmed sync` (baseline and update files).
void AddPubmedCommand(CLI::App& app, const GlobalOptions& global, int* exit_code);

// "12,345"
std::string WithCommas(uint64_t n);

}  // namespace medoracle::cli
