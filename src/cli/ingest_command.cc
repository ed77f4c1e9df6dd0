// `medoracle ingest PATH...`: load corpora into the index with progress and a summary.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <unordered_set>

#include "cli/cli.h"
#include "ingest/ingester.h"
#include "review/workflow.h"

namespace medoracle::cli {
namespace {

struct IngestArgs {
  std::vector<std::string> paths;
  bool force = false;
  bool verbose = false;
  bool quiet = false;
  uint64_t commit_mb = 64;
  uint64_t max_file_mb = 1024;
  uint64_t max_record_mb = 16;
  uint64_t max_sentences = 50000;
};

constexpr size_t kSkippedShown = 50;
// Changed document ids kept for the stale check (about 100 MB at most).
constexpr size_t kMaxChangedIds = 2'000'000;

// The documents an ingest put or deleted, for flagging stale answers.
struct ChangedDocuments {
  std::unordered_set<std::string> ids;
  bool capped = false;  // more changed than kMaxChangedIds: ids holds the first ones
};

// Flags approved answers of the store that the ingest made stale and prints them. Past the cap,
// the documents cited by approved answers are checked as well, so changed cited text is still
// caught; only new evidence among the documents not kept can be missed.
int FlagStale(const GlobalOptions& global, const Index& index, const ChangedDocuments& changed) {
  auto db = OpenStore(global, true);
  if (!db.ok()) {
    std::cerr << "medoracle ingest: stale answers not flagged: " << db.status().ToString() << "\n";
    return kExitError;
  }
  std::vector<std::string> ids(changed.ids.begin(), changed.ids.end());
  if (changed.capped) {
    const std::string cap = WithCommas(kMaxChangedIds);
    std::fprintf(stderr,
                 "medoracle ingest: warning: more than %s documents changed; approved answers were checked "
                 "against the first %s and the documents they cite, so new evidence among the others may go "
                 "unflagged\n",
                 cap.c_str(), cap.c_str());
    store::AnswerFilter filter;
    filter.status = store::ReviewStatus::kApproved;
    filter.limit = 1000;
    for (;; filter.offset += filter.limit) {
      auto page = (*db)->ListAnswers(filter);
      if (!page.ok()) {
        std::cerr << "medoracle ingest: stale answers not flagged: " << page.status().ToString() << "\n";
        return kExitError;
      }
      for (const store::AnswerRecord& r : *page) {
        auto version = (*db)->GetVersion(r.id, r.approved_version);
        if (version.ok()) ids.insert(ids.end(), version->cited_doc_ids.begin(), version->cited_doc_ids.end());
      }
      if (page->size() < filter.limit) break;
    }
  }
  auto report = review::FlagStaleAnswers(**db, index, ids, CliActor());
  if (!report.ok()) {
    std::cerr << "medoracle ingest: stale answers not flagged: " << report.status().ToString() << "\n";
    return kExitError;
  }
  std::printf("%zu approved answers flagged stale\n", report->stale.size());
  for (const auto& [id, reason] : report->stale) std::printf("  %s: %s\n", id.c_str(), reason.c_str());
  return kExitOk;
}

// Prints progress; off a terminal, at most every 5 s (*last: when it last printed).
void PrintProgress(const IngestProgress& p, bool tty, double* last) {
  if (!tty && p.files_done != p.files_total && p.seconds - *last < 5) return;
  *last = p.seconds;
  const double pct = p.bytes_total ? 100.0 * static_cast<double>(p.bytes_done) / static_cast<double>(p.bytes_total) : 100;
  std::fprintf(stderr, "%s[%5.1f%%] %zu/%zu files, %s documents, %.1f s%s", tty ? "\r" : "", pct, p.files_done,
               p.files_total, WithCommas(p.documents).c_str(), p.seconds, tty ? "   " : "\n");
  if (tty && p.files_done == p.files_total) std::fputc('\n', stderr);
}

int RunIngest(const GlobalOptions& global, const IngestArgs& args) {
  const std::string dir = ResolveIndexDir(global);
  auto index = OpenIndex(dir, Index::Mode::kReadWrite);
  if (!index.ok()) {
    std::cerr << "medoracle ingest: " << index.status().ToString() << "\n";
    return kExitError;
  }
  IngestOptions options;
  options.force = args.force;
  options.commit_bytes = args.commit_mb << 20;
  options.max_file_bytes = args.max_file_mb << 20;
  options.max_record_bytes = args.max_record_mb << 20;
  options.max_sentences = args.max_sentences;
  const bool tty = isatty(STDERR_FILENO) != 0;
  if (!args.quiet) {
    options.on_progress = [tty, last = -1.0](const IngestProgress& p) mutable { PrintProgress(p, tty, &last); };
  }
  // With a store, approved answers are checked against what changed (docs/review.md).
  std::error_code ec;
  const std::string db = ResolveDbPath(global);
  const bool review = store::IsPostgresUrl(db) || std::filesystem::exists(db, ec);
  ChangedDocuments changed;
  if (review) {
    options.on_document_changed = [&changed](const std::string& doc_id) {
      if (changed.ids.size() < kMaxChangedIds) {
        changed.ids.insert(doc_id);
      } else if (changed.ids.count(doc_id) == 0) {
        changed.capped = true;
      }
    };
  }
  auto report = Ingest(**index, args.paths, options);
  if (!report.ok()) {
    std::cerr << "medoracle ingest: " << report.status().ToString()
              << "\nThe index is left as of its last commit; run the same command again to finish.\n";
    // Documents committed before the failure may have made approved answers stale (the check may
    // also see uncommitted ones: a needless flag only sends an answer back to review).
    if (review) FlagStale(global, **index, changed);
    return kExitError;
  }
  const IngestReport& r = *report;
  const double rate = r.seconds > 0 ? static_cast<double>(r.documents) / r.seconds : 0;
  std::printf("Loaded %s documents into %s in %.1f s (%.0f documents/s, %.1f MB read)\n",
              WithCommas(r.documents).c_str(), dir.c_str(), r.seconds, rate, static_cast<double>(r.bytes) / 1e6);
  if (!r.by_format.empty()) {
    std::printf("%-18s %7s %10s %8s %10s %8s %6s\n", "format", "files", "documents", "deleted", "vocabulary",
                "skipped", "failed");
    for (const auto& [format, s] : r.by_format) {
      std::printf("%-18s %7s %10s %8s %10s %8s %6s\n", format.c_str(), WithCommas(s.files).c_str(),
                  WithCommas(s.documents).c_str(), WithCommas(s.deletions).c_str(), WithCommas(s.vocabulary).c_str(),
                  WithCommas(s.skipped_records).c_str(), WithCommas(s.failed_files).c_str());
    }
  }
  if (!r.skipped_records.empty()) {
    const std::string report_path = dir + "/last-ingest-skipped.tsv";
    std::ofstream out(report_path);
    out << "file\trecord\treason\n";
    for (const auto& s : r.skipped_records) out << s.file << '\t' << s.record << '\t' << s.reason << '\n';
    std::printf("Skipped %s records (file: record: reason):\n", WithCommas(r.skipped_records.size()).c_str());
    const size_t shown = args.verbose ? r.skipped_records.size() : std::min(kSkippedShown, r.skipped_records.size());
    for (size_t i = 0; i < shown; ++i) {
      const auto& s = r.skipped_records[i];
      std::printf("  %s: %s: %s\n", s.file.c_str(), s.record.c_str(), s.reason.c_str());
    }
    if (shown < r.skipped_records.size()) {
      std::printf("  ... and %s more; all of them are listed in %s\n",
                  WithCommas(r.skipped_records.size() - shown).c_str(), report_path.c_str());
    }
  }
  if (!r.failed_files.empty()) {
    std::printf("Could not load %zu files:\n", r.failed_files.size());
    for (const auto& f : r.failed_files) std::printf("  %s: %s\n", f.file.c_str(), f.reason.c_str());
  }
  if (!r.unchanged_files.empty()) {
    std::printf("Unchanged since they were loaded: %zu files (use --force to reload them)\n", r.unchanged_files.size());
  }
  if (!r.ignored_files.empty()) {
    std::printf("Not a corpus format, ignored: %zu files%s\n", r.ignored_files.size(),
                args.verbose ? "" : " (--verbose lists them)");
    if (args.verbose) {
      for (const auto& f : r.ignored_files) std::printf("  %s\n", f.c_str());
    }
  }
  if (review) {
    const int flagged = FlagStale(global, **index, changed);
    if (flagged != kExitOk) return flagged;
  }
  return r.failed_files.empty() ? kExitOk : kExitPartial;
}

}  // namespace

int IngestFiles(const GlobalOptions& global, const std::vector<std::string>& paths, bool quiet) {
  IngestArgs args;
  args.paths = paths;
  args.quiet = quiet;
  return RunIngest(global, args);
}

void AddIngestCommand(CLI::App& app, const GlobalOptions& global, int* exit_code) {
  auto args = std::make_shared<IngestArgs>();
  CLI::App* cmd = app.add_subcommand("ingest", "Load files or folders of evidence into the index");
  cmd->add_option("paths", args->paths, "Files or folders (formats are detected per file)")->required();
  cmd->add_flag("--force", args->force, "Reload files even if unchanged since the last load");
  cmd->add_flag("-v,--verbose", args->verbose, "List every skipped record and ignored file");
  cmd->add_flag("-q,--quiet", args->quiet, "No progress on stderr");
  cmd->add_option("--commit-mb", args->commit_mb,
                  "Commit after a file once this many MB of text are pending (default 64)")
      ->check(CLI::Range(1, 1 << 20));
  cmd->add_option("--max-file-mb", args->max_file_mb,
                  "Fail a file larger than this once decompressed (default 1024)")
      ->check(CLI::Range(1, 1 << 24));
  cmd->add_option("--max-record-mb", args->max_record_mb, "Skip a record whose text is larger (default 16)")
      ->check(CLI::Range(1, 1 << 20));
  cmd->add_option("--max-sentences", args->max_sentences, "Skip a record with more sentences (default 50000)")
      ->check(CLI::Range(1, 100000000));
  cmd->callback([&global, args, exit_code] { *exit_code = RunIngest(global, *args); });
}

}  // namespace medoracle::cli
