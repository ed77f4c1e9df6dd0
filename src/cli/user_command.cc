// `medoracle user add|list|passwd|disable|enable`: accounts of the application store.
#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <memory>
#include <optional>

#include "auth/credentials.h"
#include "cli/cli.h"

namespace medoracle::cli {
namespace {

// One line from stdin with echo off when it is a terminal (prompt on stderr).
StatusOr<std::string> ReadLine(const std::string& prompt, bool terminal) {
  termios saved{};
  if (terminal) {
    std::fprintf(stderr, "%s", prompt.c_str());
    std::fflush(stderr);
    if (tcgetattr(STDIN_FILENO, &saved) == 0) {
      termios quiet = saved;
      quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
      tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
    }
  }
  std::string line;
  const bool got = static_cast<bool>(std::getline(std::cin, line));
  if (terminal) {
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
    std::fputc('\n', stderr);
  }
  if (!got) return Status::InvalidArgument("no password given on standard input");
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

// The Argon2id hash of a new password for name: one line of stdin when it is not a terminal, else
// typed twice with echo off.
StatusOr<std::string> NewPasswordHash(const std::string& name) {
  const bool terminal = isatty(STDIN_FILENO) != 0;
  auto password = ReadLine("New password for " + name + ": ", terminal);
  if (!password.ok()) return password.status();
  if (terminal) {
    auto again = ReadLine("Type it again: ", terminal);
    if (!again.ok()) return again.status();
    if (*again != *password) return Status::InvalidArgument("the two passwords differ; nothing changed");
  }
  auto hash = auth::HashPassword(*password);
  if (!hash.ok()) return Status::InvalidArgument("password for " + name + ": " + hash.status().message());
  return hash;
}

int Fail(const Status& status) {
  std::cerr << "medoracle user: " << status.ToString() << "\n";
  return ExitCodeFor(status);
}

int AddUser(const GlobalOptions& global, const std::string& name, const std::string& role_name) {
  const std::optional<store::Role> role = store::ParseRole(role_name);
  if (!role)
    return Fail(Status::InvalidArgument("unknown role \"" + role_name + "\" (reader, editor or admin)"));
  auto hash = NewPasswordHash(name);
  if (!hash.ok()) return Fail(hash.status());
  auto db = OpenStore(global, false);
  if (!db.ok()) return Fail(db.status());
  auto user = (*db)->AddUser(name, *role, *hash, CliActor());
  if (!user.ok()) return Fail(user.status());
  std::printf("Added user %s (%s) to %s\n", user->name.c_str(),
              std::string(store::RoleName(user->role)).c_str(), store::RedactLocation(ResolveDbPath(global)).c_str());
  return kExitOk;
}

int ListUsers(const GlobalOptions& global) {
  auto db = OpenStore(global, true);
  if (!db.ok()) return Fail(db.status());
  auto users = (*db)->ListUsers();
  if (!users.ok()) return Fail(users.status());
  if (users->empty()) {
    std::printf("No users (add one with `medoracle user add NAME --role admin`)\n");
    return kExitOk;
  }
  std::printf("%-24s %-8s %-9s %s\n", "name", "role", "status", "created");
  for (const store::User& u : *users) {
    std::printf("%-24s %-8s %-9s %s\n", u.name.c_str(), std::string(store::RoleName(u.role)).c_str(),
                u.disabled ? "disabled" : "active", u.created_at.c_str());
  }
  return kExitOk;
}

int ChangePassword(const GlobalOptions& global, const std::string& name) {
  auto db = OpenStore(global, true);
  if (!db.ok()) return Fail(db.status());
  auto user = (*db)->GetUser(name);
  if (!user.ok()) return Fail(user.status());
  auto hash = NewPasswordHash(name);
  if (!hash.ok()) return Fail(hash.status());
  Status s = (*db)->SetPassword(name, *hash, CliActor());
  if (!s.ok()) return Fail(s);
  std::printf("Changed the password of %s and ended their sessions\n", name.c_str());
  return kExitOk;
}

int SetDisabled(const GlobalOptions& global, const std::string& name, bool disabled) {
  auto db = OpenStore(global, true);
  if (!db.ok()) return Fail(db.status());
  Status s = (*db)->SetUserDisabled(name, disabled, CliActor());
  if (!s.ok()) return Fail(s);
  std::printf("%s %s\n", disabled ? "Disabled" : "Enabled", name.c_str());
  return kExitOk;
}

}  // namespace

void AddUserCommand(CLI::App& app, const GlobalOptions& global, int* exit_code) {
  struct Args {
    std::string name;
    std::string role = "reader";
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("user", "Accounts of the review workflow (in the application store)");
  cmd->require_subcommand(1);

  CLI::App* add = cmd->add_subcommand("add", "Add a user; the password is read from the terminal or stdin");
  add->add_option("name", args->name, "Login name")->required();
  add->add_option("--role", args->role, "reader (default), editor or admin")
      ->check(CLI::IsMember({"reader", "editor", "admin"}));
  add->callback([&global, args, exit_code] { *exit_code = AddUser(global, args->name, args->role); });

  CLI::App* list = cmd->add_subcommand("list", "List users, their roles and whether they are disabled");
  list->callback([&global, exit_code] { *exit_code = ListUsers(global); });

  CLI::App* passwd = cmd->add_subcommand("passwd", "Set a user's password (ends their sessions)");
  passwd->add_option("name", args->name, "Login name")->required();
  passwd->callback([&global, args, exit_code] { *exit_code = ChangePassword(global, args->name); });

  CLI::App* disable = cmd->add_subcommand("disable", "Stop a user from logging in");
  disable->add_option("name", args->name, "Login name")->required();
  disable->callback([&global, args, exit_code] { *exit_code = SetDisabled(global, args->name, true); });

  CLI::App* enable = cmd->add_subcommand("enable", "Let a disabled user log in again");
  enable->add_option("name", args->name, "Login name")->required();
  enable->callback([&global, args, exit_code] { *exit_code = SetDisabled(global, args->name, false); });
}

}  // namespace medoracle::cli
