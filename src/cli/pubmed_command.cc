// `medoracle pubmed fetch` (a search's records from NCBI E-utilities) and `medoracle pubmed sync`
// (the baseline and update files), both ingested through the PubMed XML reader.
#include <cstdlib>
#include <iostream>

#include "cli/cli.h"
#include "pubmed/fetch.h"
#include "pubmed/sync.h"

namespace medoracle::cli {
namespace {

// Where the connectors keep their progress: beside the index, as the store is (INDEX.pubmed).
std::string StateDir(const GlobalOptions& global, const std::string& given) {
  if (!given.empty()) return given;
  std::string index = ResolveIndexDir(global);
  while (index.size() > 1 && index.back() == '/') index.pop_back();
  return index + ".pubmed";
}

}  // namespace

void AddPubmedCommand(CLI::App& app, const GlobalOptions& global, int* exit_code) {
  CLI::App* pubmed = app.add_subcommand("pubmed", "Load PubMed records from NCBI: a search, or the baseline and updates");
  pubmed->require_subcommand(1);

  struct FetchArgs {
    pubmed::FetchOptions options;
    std::string state_dir;
    bool quiet = false;
  };
  auto fetch = std::make_shared<FetchArgs>();
  CLI::App* f = pubmed->add_subcommand("fetch", "Search PubMed (E-utilities) and ingest the records found");
  f->add_option("--query", fetch->options.query, "The PubMed search, as typed on pubmed.ncbi.nlm.nih.gov")->required();
  f->add_option("--max", fetch->options.max, "Records to fetch at most (default 1000)")->check(CLI::Range(1, 10000000));
  f->add_option("--since", fetch->options.since, "Only records entered since this date (YYYY-MM-DD)");
  f->add_option("--eutils-url", fetch->options.eutils_url,
                "E-utilities base URL (default https://eutils.ncbi.nlm.nih.gov/entrez/eutils)");
  f->add_option("--api-key", fetch->options.identity.api_key, "NCBI API key: 10 requests/s instead of 3")
      ->envname("NCBI_API_KEY");
  f->add_option("--email", fetch->options.identity.email, "Your e-mail address, sent to NCBI as its policy asks")
      ->envname("NCBI_EMAIL");
  f->add_option("--tool", fetch->options.identity.tool, "Tool name sent to NCBI (default medoracle)");
  f->add_option("--batch", fetch->options.batch_size, "Records per efetch request (default 200)")
      ->check(CLI::Range(1, 10000));
  f->add_option("--retry-wait", fetch->options.retry_base_seconds,
                "Seconds before the first retry; doubled each time (default 1)")
      ->check(CLI::Range(0.0, 600.0));
  f->add_option("--state-dir", fetch->state_dir, "Where progress and fetched batches are kept (default INDEX.pubmed)");
  f->add_flag("-q,--quiet", fetch->quiet, "No progress on stderr");
  f->callback([&global, fetch, exit_code] {
    pubmed::FetchOptions options = fetch->options;
    options.state_dir = StateDir(global, fetch->state_dir);
    if (!fetch->quiet) options.on_message = [](const std::string& m) { std::cerr << "pubmed fetch: " << m << "\n"; };
    auto result = pubmed::FetchPubmed(options);
    if (!result.ok()) {
      std::cerr << "medoracle pubmed fetch: " << result.status().ToString()
                << "\nThe batches fetched so far are kept; run the same command again to resume.\n";
      *exit_code = kExitError;
      return;
    }
    std::cout << "PubMed search \"" << options.query << "\": " << WithCommas(result->found) << " records found, "
              << WithCommas(result->fetched) << " fetched" << (result->resumed ? " (resumed)" : "") << " in "
              << result->batch_files.size() << " batches (" << result->folder << ")\n";
    if (result->batch_files.empty()) {
      *exit_code = result->found == 0 ? kExitPartial : kExitOk;
      return;
    }
    *exit_code = IngestFiles(global, result->batch_files, fetch->quiet);
  });

  struct SyncArgs {
    std::string source;
    std::string state_dir;
    double retry_wait = 2;
    bool quiet = false;
  };
  auto sync = std::make_shared<SyncArgs>();
  CLI::App* s = pubmed->add_subcommand(
      "sync", "Apply PubMed baseline and update files (pubmedYYnNNNN.xml.gz + .md5) in order, from a folder or URL");
  s->add_option("source", sync->source,
                "A folder or http(s) URL of the files (e.g. https://ftp.ncbi.nlm.nih.gov/pubmed/updatefiles/), or "
                "their parent with baseline/ and updatefiles/")
      ->required();
  s->add_option("--state-dir", sync->state_dir, "Where the files applied are remembered (default INDEX.pubmed)");
  s->add_option("--retry-wait", sync->retry_wait, "Seconds before the first retry of a download (default 2)")
      ->check(CLI::Range(0.0, 600.0));
  s->add_flag("-q,--quiet", sync->quiet, "No progress on stderr");
  s->callback([&global, sync, exit_code] {
    pubmed::SyncOptions options;
    options.source = sync->source;
    options.state_dir = StateDir(global, sync->state_dir);
    options.retry_base_seconds = sync->retry_wait;
    if (!sync->quiet) options.on_message = [](const std::string& m) { std::cerr << "pubmed sync: " << m << "\n"; };
    options.apply = [&global, sync](const std::string& path) {
      const int rc = IngestFiles(global, {path}, sync->quiet);
      if (rc == kExitOk) return Status::Ok();
      return rc == kExitPartial ? Status::Corruption("the file could not be loaded (see the ingest report above)")
                                : Status::IoError("the index could not be updated");
    };
    auto result = pubmed::SyncPubmed(options);
    if (!result.ok()) {
      std::cerr << "medoracle pubmed sync: " << result.status().ToString()
                << "\nFiles applied so far are remembered; run the same command again to resume.\n";
      *exit_code = kExitError;
      return;
    }
    std::cout << "PubMed sync from " << options.source << ": " << result->applied.size() << " files applied, "
              << result->already_applied.size() << " applied before\n";
    for (const std::string& name : result->applied) std::cout << "  applied " << name << "\n";
    *exit_code = kExitOk;
  });
}

}  // namespace medoracle::cli
