// `medoracle review list|show|set`: the editorial review queue from the command line.
#include <cstdio>
#include <iostream>
#include <optional>

#include <nlohmann/json.hpp>

#include "cli/cli.h"
#include "review/workflow.h"

namespace medoracle::cli {
namespace {

using nlohmann::json;

int Fail(const Status& status) {
  std::cerr << "medoracle review: " << status.ToString() << "\n";
  return ExitCodeFor(status);
}

std::string Name(store::ReviewStatus status) { return std::string(store::ReviewStatusName(status)); }

std::string Citations(const json& statement) {
  std::string out;
  for (const json& n : statement.value("citations", json::array())) {
    out += (out.empty() ? " [" : ", ") + n.dump();
  }
  return out.empty() ? out : out + "]";
}

// The answer of one version as text, each statement with the name an edit uses for it.
void PrintAnswer(const json& a) {
  if (!a.value("answered", false)) {
    const json no_answer = a.value("no_answer", json::object());
    std::printf("No answer: %s\n", no_answer.value("reason", "").c_str());
    return;
  }
  for (const json& callout : a.value("callouts", json::array())) {
    std::printf("%s\n", callout.value("title", "").c_str());
    for (const json& st : callout.value("statements", json::array())) {
      std::printf("        %s%s\n", st.value("text", "").c_str(), Citations(st).c_str());
    }
  }
  const json bottom = a.value("bottom_line", json::object());
  std::printf("BOTTOM LINE\n  b     %s%s\n", bottom.value("text", "").c_str(), Citations(bottom).c_str());
  for (const json& st : a.value("seek_care", json::array())) {
    std::printf("SEEK CARE NOW IF\n        %s%s\n", st.value("text", "").c_str(), Citations(st).c_str());
  }
  const json sections = a.value("sections", json::array());
  for (size_t i = 0; i < sections.size(); ++i) {
    std::printf("%s\n", sections[i].value("title", "").c_str());
    const json statements = sections[i].value("statements", json::array());
    for (size_t j = 0; j < statements.size(); ++j) {
      const std::string name = "s" + std::to_string(i) + "." + std::to_string(j);
      std::printf("  %-5s %s%s\n", name.c_str(), statements[j].value("text", "").c_str(),
                  Citations(statements[j]).c_str());
    }
  }
  const json references = a.value("references", json::array());
  if (!references.empty()) std::printf("REFERENCES\n");
  for (const json& r : references) {
    const json year = r.value("year", json());
    std::printf("  %d. [%s] %s. %s%s (%s)\n", r.value("n", 0), r.value("type_label", "").c_str(),
                r.value("title", "").c_str(), r.value("source", "").c_str(),
                year.is_number() ? (", " + year.dump()).c_str() : "", r.value("id", "").c_str());
  }
}

struct ListArgs {
  std::string status;
  bool stale = false;
  size_t limit = 100;
  size_t offset = 0;
};

int List(const GlobalOptions& global, const ListArgs& args) {
  store::AnswerFilter filter;
  if (!args.status.empty()) {
    filter.status = store::ParseReviewStatus(args.status);
    if (!filter.status) {
      return Fail(Status::InvalidArgument("unknown status \"" + args.status +
                                          "\" (submitted, under_review, approved or rejected)"));
    }
  }
  filter.stale_only = args.stale;
  filter.limit = args.limit;
  filter.offset = args.offset;
  auto db = OpenStore(global, true);
  if (!db.ok()) return Fail(db.status());
  auto answers = (*db)->ListAnswers(filter);
  if (!answers.ok()) return Fail(answers.status());
  if (answers->empty()) {
    std::printf("No answers%s\n", args.status.empty() && !args.stale ? "" : " match");
    return kExitOk;
  }
  std::printf("%-16s %-12s %-5s %-8s %-8s %-20s %-9s %s\n", "id", "status", "stale", "versions", "approved",
              "updated", "audience", "question");
  for (const store::AnswerRecord& r : *answers) {
    const std::string approved = r.approved_version > 0 ? "v" + std::to_string(r.approved_version) : "-";
    std::printf("%-16s %-12s %-5s %-8d %-8s %-20s %-9s %s\n", r.id.c_str(), Name(r.status).c_str(),
                r.stale ? "stale" : "", r.latest_version, approved.c_str(), r.updated_at.c_str(),
                r.audience.c_str(), r.question.c_str());
    if (r.stale) std::printf("%-16s %s\n", "", ("stale: " + r.stale_reason).c_str());
  }
  return kExitOk;
}

int Show(const GlobalOptions& global, const std::string& id, int version, bool as_json) {
  auto db = OpenStore(global, true);
  if (!db.ok()) return Fail(db.status());
  store::Store& store = **db;
  auto record = store.GetAnswer(id);
  if (!record.ok()) return Fail(record.status());
  const int shown = version > 0 ? version : record->latest_version;
  auto served = review::ServedJson(store, *record, shown);
  if (!served.ok()) return Fail(served.status());
  json answer = json::parse(*served, nullptr, false);
  if (as_json) {
    std::printf("%s\n", answer.dump(2, ' ', false, json::error_handler_t::replace).c_str());
    return kExitOk;
  }
  auto versions = store.ListVersions(id);
  if (!versions.ok()) return Fail(versions.status());
  auto history = store.ReviewHistory(id);
  if (!history.ok()) return Fail(history.status());

  const store::AnswerRecord& r = *record;
  std::printf("Answer %s (%s)\nQuestion: %s\nStatus: %s", r.id.c_str(), r.audience.c_str(),
              r.question.c_str(), Name(r.status).c_str());
  if (r.approved_version > 0) std::printf(", version %d approved", r.approved_version);
  std::printf("; updated %s\n", r.updated_at.c_str());
  if (r.stale) std::printf("Stale: %s\n", r.stale_reason.c_str());
  std::printf("\nVERSIONS\n");
  for (const store::AnswerVersion& v : *versions) {
    std::printf("  v%-3d %-20s %-16s %s%s\n", v.version, v.created_at.c_str(),
                v.created_by.empty() ? "composed" : v.created_by.c_str(),
                v.index_revision.empty() ? "" : ("index " + v.index_revision).c_str(),
                v.note.empty() ? "" : ("  \"" + v.note + "\"").c_str());
  }
  if (!history->empty()) std::printf("\nHISTORY\n");
  for (const store::ReviewEvent& e : *history) {
    std::printf("  %-20s v%-3d %s -> %s  by %s%s\n", e.at.c_str(), e.version, e.from_status.c_str(),
                e.to_status.c_str(), e.user.c_str(),
                e.comment.empty() ? "" : ("  \"" + e.comment + "\"").c_str());
  }
  std::printf("\nVERSION %d (statement names as `review` edits use them)\n", shown);
  try {
    PrintAnswer(answer);
  } catch (const json::exception& e) {
    return Fail(Status::Corruption("answer " + id + " version " + std::to_string(shown) +
                                   ": stored JSON does not have the answer schema: " + e.what()));
  }
  return kExitOk;
}

int Set(const GlobalOptions& global, const std::string& id, const std::string& status_name, int version,
        const std::string& comment) {
  const std::optional<store::ReviewStatus> to = store::ParseReviewStatus(status_name);
  if (!to) {
    return Fail(Status::InvalidArgument("unknown status \"" + status_name +
                                        "\" (submitted, under_review, approved or rejected)"));
  }
  auto db = OpenStore(global, true);
  if (!db.ok()) return Fail(db.status());
  auto record = (*db)->GetAnswer(id);
  if (!record.ok()) return Fail(record.status());
  auto changed = review::SetReviewStatus(**db, id, record->status, *to, version, comment, CliActor());
  if (!changed.ok()) return Fail(changed.status());
  std::printf("answer %s: %s -> %s", id.c_str(), Name(record->status).c_str(), Name(changed->status).c_str());
  if (changed->status == store::ReviewStatus::kApproved)
    std::printf(" (version %d)", changed->approved_version);
  std::printf("\n");
  return kExitOk;
}

}  // namespace

void AddReviewCommand(CLI::App& app, const GlobalOptions& global, int* exit_code) {
  struct Args {
    ListArgs list;
    std::string id;
    std::string status;
    std::string comment;
    int version = 0;
    bool json = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd =
      app.add_subcommand("review", "The editorial review queue: list, show and set answers' status");
  cmd->require_subcommand(1);

  CLI::App* list = cmd->add_subcommand("list", "Answers by status, most recently updated first");
  list->add_option("--status", args->list.status, "submitted, under_review, approved or rejected")
      ->check(CLI::IsMember({"submitted", "under_review", "approved", "rejected"}));
  list->add_flag("--stale", args->list.stale, "Only answers flagged stale by an ingest");
  list->add_option("--limit", args->list.limit, "At most this many (default 100)")
      ->check(CLI::Range(1, 100000));
  list->add_option("--offset", args->list.offset, "Skip this many");
  list->callback([&global, args, exit_code] { *exit_code = List(global, args->list); });

  CLI::App* show = cmd->add_subcommand("show", "One answer: versions, history and a version's statements");
  show->add_option("id", args->id, "Answer id")->required();
  show->add_option("--version", args->version, "Version to show (default: the latest)")
      ->check(CLI::PositiveNumber);
  show->add_flag("--json", args->json, "Print the version as served (JSON with its review block)");
  show->callback(
      [&global, args, exit_code] { *exit_code = Show(global, args->id, args->version, args->json); });

  CLI::App* set = cmd->add_subcommand("set", "Move an answer to another status (acts as cli:<login name>)");
  set->add_option("id", args->id, "Answer id")->required();
  set->add_option("status", args->status, "under_review, approved, rejected or submitted")
      ->required()
      ->check(CLI::IsMember({"submitted", "under_review", "approved", "rejected"}));
  set->add_option("--comment", args->comment, "Why (required to reject)");
  set->add_option("--version", args->version, "Version to approve (default: the latest)")
      ->check(CLI::PositiveNumber);
  set->callback([&global, args, exit_code] {
    *exit_code = Set(global, args->id, args->status, args->version, args->comment);
  });
}

}  // namespace medoracle::cli
