// Ingest: files and folders -> format detection -> readers -> index.
#include "ingest/ingester.h"

#include <sys/stat.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>
#include <future>
#include <new>
#include <set>

#include "corpus/study_design.h"

namespace medoracle {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

struct PendingFile {
  std::string path;
  bool explicit_path;
  uint64_t size;
};

std::string Fingerprint(const std::string& path, Format format) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return "";
  return std::to_string(st.st_size) + ":" + std::to_string(st.st_mtim.tv_sec) + "." +
         std::to_string(st.st_mtim.tv_nsec) + ":" + std::string(FormatName(format));
}

// The current time as an ISO 8601 UTC timestamp with milliseconds, e.g.
// "2026-11-26T14:05:00.123Z": the index revision answers are keyed by, so two ingests within
// one second must differ.
std::string UtcNow() {
  timespec now{};
  clock_gettime(CLOCK_REALTIME, &now);
  std::tm tm{};
  gmtime_r(&now.tv_sec, &tm);
  char buf[40];
  const size_t n = std::strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%S", &tm);
  std::snprintf(buf + n, sizeof(buf) - n, ".%03ldZ", now.tv_nsec / 1000000);
  return buf;
}

bool IsHidden(const fs::path& p) {
  const std::string name = p.filename().string();
  return !name.empty() && name[0] == '.';
}

// Expands paths into files; records paths that do not exist as failed.
std::vector<PendingFile> ExpandPaths(const std::vector<std::string>& paths, IngestReport* report) {
  std::vector<PendingFile> files;
  for (const auto& path : paths) {
    std::error_code ec;
    const fs::file_status st = fs::status(path, ec);
    if (ec || !fs::exists(st)) {
      report->failed_files.push_back({path, "", "no such file or directory"});
      continue;
    }
    if (fs::is_regular_file(st)) {
      files.push_back({path, true, static_cast<uint64_t>(fs::file_size(path, ec))});
      continue;
    }
    std::vector<PendingFile> found;
    fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec), end;
    for (; !ec && it != end; it.increment(ec)) {
      if (IsHidden(it->path())) {
        if (it->is_directory()) it.disable_recursion_pending();
        continue;
      }
      if (it->is_regular_file()) found.push_back({it->path().string(), false, static_cast<uint64_t>(it->file_size())});
    }
    if (ec) report->failed_files.push_back({path, "", "cannot list folder: " + ec.message()});
    std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) { return a.path < b.path; });
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

// Merges the snippets of two BioASQ documents for the same PMID: the union of their
// sentence-list items per section label, in first-seen order.
Document MergeSnippetDocuments(const Document& old_doc, const Document& new_doc) {
  std::vector<std::string> labels;
  std::map<std::string, std::vector<std::string>> items;
  std::set<std::pair<std::string, std::string>> seen;
  for (const Document* d : {&old_doc, &new_doc}) {
    for (const Section& sec : d->sections) {
      if (!items.count(sec.label)) labels.push_back(sec.label);
      auto& list = items[sec.label];
      for (const Span& s : d->sentences) {
        if (s.start < sec.span.start || s.end > sec.span.end) continue;
        std::string text(d->Slice(s));
        if (seen.insert({sec.label, text}).second) list.push_back(std::move(text));
      }
    }
  }
  Document base = new_doc;
  base.text.clear();
  base.sections.clear();
  base.sentences.clear();
  if (base.title.empty()) base.title = old_doc.title;
  for (const auto& q : old_doc.questions) {
    if (std::find(base.questions.begin(), base.questions.end(), q) == base.questions.end()) base.questions.push_back(q);
  }
  DocumentBuilder builder(std::move(base));
  for (const auto& label : labels) builder.AddSplitSection(label, items[label]);
  Document merged = builder.Finish();
  merged.type = StudyDesignOf(merged);  // what all the snippets together say of the design
  return merged;
}

class IndexingSink : public RecordSink {
 public:
  IndexingSink(Index& index, IngestReport& report, FormatSummary& summary, const std::string& file,
               const IngestOptions& options, std::function<void()> on_progress,
               const std::function<void(const std::string&)>& on_document_changed)
      : index_(index),
        options_(options),
        report_(report),
        summary_(summary),
        file_(file),
        on_progress_(std::move(on_progress)),
        on_document_changed_(on_document_changed) {}

  void OnDocument(Document doc) override {
    if (!status_.ok()) return;
    if (doc.text.size() > options_.max_record_bytes) {
      Skip(doc.id, "its text is " + std::to_string(doc.text.size() >> 20) + " MB, over the limit of " +
                       std::to_string(options_.max_record_bytes >> 20) + " MB per record (ingest --max-record-mb)");
      return;
    }
    if (doc.sentences.size() > options_.max_sentences) {
      Skip(doc.id, "it has " + std::to_string(doc.sentences.size()) + " sentences, over the limit of " +
                       std::to_string(options_.max_sentences) + " per record (ingest --max-sentences)");
      return;
    }
    if (doc.source == "bioasq") {
      StatusOr<Document> existing = index_.Fetch(doc.id);
      if (existing.ok()) {
        if (existing->source != "bioasq") {
          Skip(doc.id, "already loaded from " + existing->source + "; BioASQ snippets never replace a full record");
          return;
        }
        doc = MergeSnippetDocuments(*existing, doc);
      }
    }
    if (doc.source == "fda" && !doc.updated.empty()) {
      // A drug label already loaded from a later version (another file, or an earlier
      // ingest) is not replaced by an older one; the same or a newer version replaces it.
      StatusOr<Document> existing = index_.Fetch(doc.id);
      if (existing.ok() && existing->source == "fda" && existing->updated > doc.updated) {
        Skip(doc.id, "older than the version already loaded (effective " + existing->updated + ", this one " +
                         doc.updated + ")");
        return;
      }
    }
    Status s = index_.Put(doc);
    if (!s.ok()) {
      if (s.code() == Status::Code::kInvalidArgument) {
        Skip(doc.id, s.message());
      } else {
        status_ = s;  // the index itself failed: stop
      }
      return;
    }
    if (on_document_changed_) on_document_changed_(doc.id);
    pending_bytes_ += doc.text.size();
    ++summary_.documents;
    ++report_.documents;
    if (report_.documents % kProgressEveryDocuments == 0 && on_progress_) on_progress_();
  }

  void OnDelete(const std::string& doc_id) override {
    if (!status_.ok()) return;
    Status s = index_.Delete(doc_id);
    if (s.ok() && on_document_changed_) on_document_changed_(doc_id);
    if (s.ok() || s.code() == Status::Code::kNotFound) {
      // Deleting a citation that was never loaded is not an error: update files delete
      // records from the whole of PubMed.
      ++summary_.deletions;
      ++report_.deletions;
    } else {
      status_ = s;
    }
  }

  void OnVocabulary(VocabularyEntry entry) override {
    if (!status_.ok()) return;
    Status s = index_.AddVocabulary(entry);
    if (!s.ok()) {
      if (s.code() == Status::Code::kInvalidArgument) {
        Skip(entry.id, s.message());
      } else {
        status_ = s;
      }
      return;
    }
    ++summary_.vocabulary;
    ++report_.vocabulary;
  }

  void OnSkip(SkippedRecord skipped) override {
    if (skipped.file.empty()) skipped.file = file_;
    ++summary_.skipped_records;
    report_.skipped_records.push_back(std::move(skipped));
  }

  const Status& status() const { return status_; }
  uint64_t pending_bytes() const { return pending_bytes_; }

 private:
  void Skip(const std::string& record, const std::string& reason) { OnSkip({file_, record, reason}); }

  Index& index_;
  const IngestOptions& options_;
  IngestReport& report_;
  FormatSummary& summary_;
  std::string file_;
  std::function<void()> on_progress_;
  const std::function<void(const std::string&)>& on_document_changed_;
  Status status_;
  uint64_t pending_bytes_ = 0;
};

}  // namespace

StatusOr<IngestReport> Ingest(Index& index, const std::vector<std::string>& paths, const IngestOptions& options) {
  const auto started = Clock::now();
  IngestReport report;
  const std::vector<PendingFile> files = ExpandPaths(paths, &report);
  IngestProgress progress;
  progress.files_total = files.size();
  for (const auto& f : files) progress.bytes_total += f.size;

  uint64_t pending_bytes = 0;
  std::vector<std::pair<std::string, std::string>> pending_fingerprints;
  auto commit = [&]() -> Status {
    for (const auto& [key, value] : pending_fingerprints) {
      Status s = index.SetMetadata(key, value);
      if (!s.ok()) return s;
    }
    if (!pending_fingerprints.empty() || report.documents > 0 || report.deletions > 0) {
      Status s = index.SetMetadata("updated_at", UtcNow());
      if (!s.ok()) return s;
    }
    Status s = index.Commit();
    if (!s.ok()) return s;
    pending_fingerprints.clear();
    pending_bytes = 0;
    return Status::Ok();
  };

  // The next file is read and decompressed on a thread of its own while this one is parsed
  // (inflating a gzipped PubMed file is a third of the parsing thread's work); one file ahead, so
  // at most two are in memory.
  auto load = [&options](const std::string& path) {
    return std::async(std::launch::async, [path, max = options.max_file_bytes] { return LoadInputFile(path, max); });
  };
  std::future<StatusOr<InputFile>> next;
  if (!files.empty()) next = load(files.front().path);
  for (size_t i = 0; i < files.size(); ++i) {
    const PendingFile& file = files[i];
    progress.current_file = file.path;
    StatusOr<InputFile> input = next.get();
    if (i + 1 < files.size()) next = load(files[i + 1].path);
    Format format = Format::kUnknown;
    if (input.ok()) format = DetectFormat(*input);
    const std::string abs = fs::absolute(file.path).lexically_normal().string();

    if (!input.ok()) {
      report.failed_files.push_back({file.path, "", input.status().message()});
    } else if (input->content.find_first_not_of(" \t\r\n") == std::string::npos) {
      report.failed_files.push_back({file.path, "", "file is empty"});
    } else if (format == Format::kUnknown) {
      if (file.explicit_path) {
        report.failed_files.push_back({file.path, "", "not a recognised corpus format (see docs/formats/)"});
      } else {
        report.ignored_files.push_back(file.path);
      }
    } else {
      const std::string fingerprint = Fingerprint(file.path, format);
      FormatSummary& summary = report.by_format[std::string(FormatName(format))];
      if (!options.force && !fingerprint.empty() && index.GetMetadata("F" + abs) == fingerprint) {
        report.unchanged_files.push_back(file.path);
      } else {
        ++summary.files;
        IndexingSink sink(index, report, summary, file.path, options, [&] {
          progress.documents = report.documents;
          progress.seconds = std::chrono::duration<double>(Clock::now() - started).count();
          if (options.on_progress) options.on_progress(progress);
        }, options.on_document_changed);
        Status read = Status::Ok();
        try {
          read = ReadFile(*input, format, sink);
        } catch (const std::bad_alloc&) {
          // Out of memory on this file: it fails, the others still load.
          read = Status::Internal("ran out of memory reading it (" + std::to_string(input->content.size() >> 20) +
                                  " MB); load it on a machine with more memory or split it");
        }
        if (!sink.status().ok()) return sink.status();
        if (!read.ok()) {
          ++summary.failed_files;
          report.failed_files.push_back({file.path, "", read.message()});
        }
        pending_bytes += sink.pending_bytes();
        // A file that failed as a whole is not recorded as loaded, so the next run
        // tries it again.
        if (read.ok() && !fingerprint.empty()) pending_fingerprints.push_back({"F" + abs, fingerprint});
        if (pending_bytes >= options.commit_bytes) {
          Status s = commit();
          if (!s.ok()) return s;
        }
      }
    }
    report.bytes += file.size;
    ++progress.files_done;
    progress.bytes_done += file.size;
    progress.documents = report.documents;
    progress.seconds = std::chrono::duration<double>(Clock::now() - started).count();
    if (options.on_progress) options.on_progress(progress);
  }
  Status s = commit();
  if (!s.ok()) return s;
  report.seconds = std::chrono::duration<double>(Clock::now() - started).count();
  return report;
}

}  // namespace medoracle
