// `pubmed sync`: NCBI's annual baseline and daily update files (pubmedYYnNNNN.xml.gz with .md5),
// from a folder or an HTTP(S) directory, checksums verified, applied in order, remembered.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "medoracle/status.h"

namespace medoracle::pubmed {

struct SyncOptions {
  // A folder or an http(s) URL holding pubmed*.xml.gz files and their .md5 files, or their
  // parent holding "baseline/" and "updatefiles/" (baseline first).
  std::string source;
  std::string state_dir;  // sync.json (files applied) and downloads in progress
  double timeout_seconds = 1800;  // per file download
  int max_attempts = 4;           // per download (a checksum mismatch of a download is retried too)
  double retry_base_seconds = 2;
  // Loads one verified file into the index (the caller's ingest; DeleteCitation removes
  // documents). A non-OK status stops the sync at that file.
  std::function<Status(const std::string& path)> apply;
  std::function<void(const std::string& message)> on_message;
};

struct SyncResult {
  std::vector<std::string> applied;          // by this call, in order
  std::vector<std::string> already_applied;  // by an earlier call, skipped
};

// Applies, in file-number order (baseline before updates), every PubMed file of the source not
// applied before; after each one sync.json records it, so a sync stopped by an error or a kill
// resumes with the first file not applied. Errors: kNotFound when the source lists no PubMed file;
// kCorruption naming the file when its MD5 differs from its .md5 file (a download is fetched again
// first) and kNotFound when the .md5 file is missing (nothing later is applied: updates depend
// on their order); kIoError naming the URL for downloads that keep failing; the apply status,
// prefixed with the file.
StatusOr<SyncResult> SyncPubmed(const SyncOptions& options);

}  // namespace medoracle::pubmed
