// `pubmed fetch`: an E-utilities search (esearch with the history server) and its records fetched
// in batches of PubMed XML (efetch), within NCBI's rate limits, retried with backoff, resumable.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "medoracle/status.h"
#include "pubmed/eutils.h"

namespace medoracle::pubmed {

struct FetchOptions {
  std::string eutils_url = kDefaultEutilsUrl;
  std::string query;
  uint64_t max = 1000;      // records to fetch at most
  std::string since;        // entrez date lower bound, as NormaliseDate accepts; "" = all
  EutilsIdentity identity;
  uint64_t batch_size = 200;  // records per efetch (NCBI allows up to 10,000)
  // Requests per second: NCBI's published limits are 3 without an API key and 10 with one (1/rate s
  // from the end of a request to the start of the next);
  // 0 picks the limit for identity.api_key.
  double requests_per_second = 0;
  int max_attempts = 6;           // per request, the first included
  double retry_base_seconds = 1;  // backoff: base * 2^(attempt-1), or the server's Retry-After
  double max_retry_seconds = 60;
  double timeout_seconds = 120;
  // Where progress and fetched batches are kept: a folder per query and date bound, so the same
  // command run again after an interruption continues where it stopped.
  std::string state_dir;
  std::function<void(const std::string& message)> on_message;  // progress, retries (may be empty)
};

struct FetchResult {
  uint64_t found = 0;    // records the query matches
  uint64_t target = 0;   // min(found, max)
  uint64_t fetched = 0;  // records in the batch files
  uint64_t requests = 0; // HTTP requests made by this call (retries included)
  bool resumed = false;  // progress from an earlier run was used
  std::string folder;    // the query's folder under state_dir
  std::vector<std::string> batch_files;  // every batch of the query, in order, for ingest
};

// The folder under state_dir that keeps the progress of this query, date bound and max.
std::string FetchFolder(const FetchOptions& options);

// Runs the search and fetches the records not fetched yet, writing each complete batch to
// <folder>/batch-NNNNNN.xml and the progress to <folder>/progress.json after it, so an interrupted
// fetch resumes at the first missing batch (with a new search when the saved history has expired).
// A response of 429 or 5xx, a connection failure, a timeout or a truncated or unparsable batch is
// retried with backoff up to max_attempts. Errors: kInvalidArgument for an empty query, a bad date
// or NCBI's rejection of the query; kIoError naming the URL and the last reason when a request
// keeps failing (the batches fetched so far are kept); kIoError when the folder cannot be written.
StatusOr<FetchResult> FetchPubmed(const FetchOptions& options);

}  // namespace medoracle::pubmed
