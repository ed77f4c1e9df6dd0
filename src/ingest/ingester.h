// Ingest: files and folders -> format detection -> readers -> index, committed in
// batches at file boundaries, with a per-format summary and every skipped record.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "corpus/reader.h"
#include "index/index.h"
#include "medoracle/status.h"

namespace medoracle {

struct IngestProgress {
  size_t files_done = 0;
  size_t files_total = 0;
  uint64_t bytes_done = 0;
  uint64_t bytes_total = 0;
  uint64_t documents = 0;
  double seconds = 0;
  std::string current_file;
};

inline constexpr uint64_t kProgressEveryDocuments = 10000;

struct IngestOptions {
  // Re-read files even when their size and modification time match the last load.
  bool force = false;
  // Commit after a file once this many bytes of document text are pending. Commits
  // always fall between files, so a crash never leaves part of a file committed; a
  // single file larger than this is still one commit.
  uint64_t commit_bytes = 64ull << 20;
  // Limits on outside input, so one bad file cannot exhaust memory or make every question that
  // retrieves a record slow: a file's decompressed bytes (over: the file fails, the others load),
  // a record's text and its sentences (over: the record is skipped with the reason).
  uint64_t max_file_bytes = 1ull << 30;
  uint64_t max_record_bytes = 16ull << 20;
  uint64_t max_sentences = 50000;
  // Called after every file, and every kProgressEveryDocuments documents within a file.
  std::function<void(const IngestProgress&)> on_progress;
  // When set, called with the id of every document put or deleted (a BioASQ merge is a put), before
  // the commit that makes the change visible; not called for deletions of absent documents.
  std::function<void(const std::string& doc_id)> on_document_changed;
};

struct FormatSummary {
  uint64_t files = 0;
  uint64_t documents = 0;
  uint64_t deletions = 0;
  uint64_t vocabulary = 0;
  uint64_t skipped_records = 0;
  uint64_t failed_files = 0;
};

struct IngestReport {
  std::map<std::string, FormatSummary> by_format;  // FormatName -> summary
  std::vector<SkippedRecord> skipped_records;       // records not loaded
  std::vector<SkippedRecord> failed_files;          // files not loaded at all (record empty)
  std::vector<std::string> unchanged_files;         // already loaded, same size and mtime
  std::vector<std::string> ignored_files;           // found in folders, not a corpus format
  uint64_t documents = 0;
  uint64_t deletions = 0;
  uint64_t vocabulary = 0;
  uint64_t bytes = 0;
  double seconds = 0;
};

// Loads every file named in paths (folders are walked recursively, in sorted order,
// skipping hidden entries) into index, committing as it goes. Re-ingesting a document
// replaces it, except that an openFDA drug label is never replaced by an older version of
// itself (an earlier effective date; reported as skipped). BioASQ snippet documents with the same PMID are merged, and never replace
// a document of another source. A file named explicitly that is not a corpus format is a
// failed file; one found in a folder is listed as ignored.
// Returns a non-OK status only when the index itself fails (cannot write or commit); bad
// input is reported in the IngestReport and loading goes on.
StatusOr<IngestReport> Ingest(Index& index, const std::vector<std::string>& paths, const IngestOptions& options);

}  // namespace medoracle
