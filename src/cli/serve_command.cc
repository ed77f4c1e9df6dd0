// `medoracle serve`: the web page and the JSON API (src/server, on libmicrohttpd).
#include <csignal>
#include <iostream>
#include <thread>

#include "cli/cli.h"
#include "server/server.h"

namespace medoracle::cli {
namespace {

// Waits for SIGINT or SIGTERM on a dedicated thread (the signals are blocked everywhere
// else), then stops the server.
void StopOnSignal(server::Server* srv) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  int signal = 0;
  sigwait(&set, &signal);
  std::cerr << "medoracle serve: stopping\n";
  srv->Stop();
}

}  // namespace

void AddServeCommand(CLI::App& app, const GlobalOptions& global, int* exit_code) {
  auto options = std::make_shared<server::ServerOptions>();
  options->web_dir = MEDORACLE_WEB_DIR;
  CLI::App* cmd = app.add_subcommand("serve", "Serve the web page and the JSON API");
  cmd->add_option("--host", options->host, "Address to listen on (default 127.0.0.1)");
  cmd->add_option("--port", options->port, "Port (default 8080; 0 picks a free one)")
      ->check(CLI::Range(0, 65535));
  cmd->add_option("--threads", options->threads, "Worker threads (default 4)")->check(CLI::Range(1, 256));
  cmd->add_option("--compose-time-limit-ms", options->compose_time_limit_ms,
                  "Longest an answer is composed; past it the answer is served degraded (fewer sources, marked "
                  "\"degraded\") and not stored (default 5000)")
      ->check(CLI::Range(1, 600000));
  cmd->add_option("--io-timeout", options->io_timeout_seconds,
                  "Seconds a client has to send a request's headers, then its body; and the longest wait for a "
                  "worker before 503 (default 10)")
      ->check(CLI::Range(1, 3600));
  cmd->add_option("--max-connections", options->max_connections, "Open connections in all (default 1000)")
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--max-connections-per-address", options->max_connections_per_address,
                  "Open connections from one client address (default 64)")
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--max-queued", options->max_queued,
                  "Requests waiting for a worker; more are answered 503 with Retry-After (default 256)")
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--anonymous-asks-per-minute", options->anonymous_asks_per_minute,
                  "Questions a minute from one address without signing in, in bursts of as many; more get 429 "
                  "(default 300; 0 = unlimited)");
  cmd->add_option("--web", options->web_dir, "Folder with index.html, app.js and style.css")
      ->envname("MEDORACLE_WEB");
  auto max_body_kb = std::make_shared<size_t>(options->max_body_bytes / 1024);
  cmd->add_option("--max-body-kb", *max_body_kb,
                  "Largest request body in KB (default 16; CDS Hooks requests carry FHIR resources: raise it for them)")
      ->check(CLI::Range(1, 65536));
  cmd->add_option("--llm-url", options->llm.url,
                  "Add a verified summary from an OpenAI-compatible model server to every answer (docs/llm.md)")
      ->envname("MEDORACLE_LLM_URL");
  cmd->add_option("--llm-model", options->llm.model, "The model name (with --llm-url)")->envname("MEDORACLE_LLM_MODEL");
  cmd->add_option("--llm-api-key", options->llm.api_key, "Bearer token for the model server")
      ->envname("MEDORACLE_LLM_API_KEY");
  cmd->add_option("--llm-timeout", options->llm.timeout_seconds, "Seconds to wait for the model (default 60)")
      ->check(CLI::Range(0.1, 3600.0));
  cmd->add_option("--cds-doid", options->cds_doid_obo,
                  "Disease Ontology .obo file: its SNOMED CT and ICD-10 xrefs name the conditions of CDS Hooks requests");
  auto insecure = std::make_shared<bool>(false);
  cmd->add_flag("--insecure-cookies", *insecure,
                "Omit Secure from the login cookie, for plain HTTP beyond localhost (trusted networks only)");
  cmd->callback([&global, options, insecure, max_body_kb, exit_code] {
    options->max_body_bytes = *max_body_kb * 1024;
    if (!options->llm.url.empty() && options->llm.model.empty()) {
      std::cerr << "medoracle serve: --llm-url needs --llm-model\n";
      *exit_code = kExitError;
      return;
    }
    options->index_dir = ResolveIndexDir(global);
    options->db_path = ResolveDbPath(global);
    options->secure_cookies = !*insecure;
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &set, nullptr);  // before any thread starts
    auto srv = server::Server::Start(*options);
    if (!srv.ok()) {
      std::cerr << "medoracle serve: " << srv.status().ToString() << "\n";
      *exit_code = kExitError;
      return;
    }
    std::cout << "medoracle serve: http://" << options->host << ":" << (*srv)->port() << "/ (index "
              << options->index_dir << ", store " << store::RedactLocation(options->db_path) << ")" << std::endl;
    std::thread waiter(StopOnSignal, srv->get());
    (*srv)->Run();
    waiter.detach();
  });
}

}  // namespace medoracle::cli
