// `medoracle eval retrieval`: build a fresh index of a benchmark, run its topics, score
// the run (nDCG@10, Recall@100, MAP), show what each ranking technique adds, and check
// the numbers against an expected-results file. `medoracle eval score`: score any run.
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "cli/cli.h"
#include "eval/datasets.h"
#include "eval/retrieval_eval.h"
#include "query/analyzer.h"

namespace medoracle::cli {
namespace {

namespace fs = std::filesystem;
using eval::Dataset;

// One ranking configuration: query analysis plus search options.
struct Config {
  std::string name;
  query::AnalyzerOptions analyzer;
  SearchOptions search;
};

struct EvalArgs {
  std::string dataset = "scifact";
  std::string data_dir;  // default: $MEDORACLE_SHARED_DATA or ../shared/data beside the binary's source
  std::string beir_dir;
  std::string split = "test";
  std::vector<std::string> corpus;
  std::string topics, qrels, doc_prefix;
  std::string work_dir;
  bool reuse = false;
  bool no_vocabulary = false;
  bool no_learned_abbreviations = false;
  std::string run_path, tag = "medoracle", export_dir, expected, per_topic, format = "text";
  bool ladder = false;
  size_t depth = 0;  // 0: 1000 documents, or 100 sentences for snippet datasets
  // Technique switches (defaults are the product's defaults).
  Config config{"medoracle", {}, {}};
  bool no_stopwords = false, no_abbreviations = false, no_related = false, no_synonyms = false;
};

std::string DefaultDataDir() {
  if (const char* env = std::getenv("MEDORACLE_SHARED_DATA"); env != nullptr && *env != '\0') return env;
  return MEDORACLE_SHARED_DATA_GUESS;
}

StatusOr<Dataset> LoadDataset(const EvalArgs& a) {
  const std::string data = a.data_dir.empty() ? DefaultDataDir() : a.data_dir;
  if (a.dataset == "scifact") return eval::LoadScifact(data);
  if (a.dataset == "scifact-train") return eval::LoadScifact(data, "train");
  if (a.dataset == "nfcorpus") return eval::LoadNfcorpus(data);
  if (a.dataset == "bioasq") return eval::LoadBioasq(data);
  if (a.dataset == "beir") {
    if (a.beir_dir.empty()) return Status::InvalidArgument("--dataset beir needs --beir-dir DIR");
    return eval::LoadBeir(a.beir_dir, a.split);
  }
  if (a.dataset == "trec") {
    if (a.corpus.empty() || a.topics.empty() || a.qrels.empty()) {
      return Status::InvalidArgument("--dataset trec needs --corpus, --topics and --qrels");
    }
    return eval::LoadTrec(a.corpus, a.topics, a.qrels, a.doc_prefix);
  }
  return Status::InvalidArgument("unknown dataset " + a.dataset);
}

// The ladder: plain BM25 over passages, then each technique added in turn, ending at the
// configuration given on the command line.
std::vector<Config> Ladder(const Config& full) {
  std::vector<Config> out;
  Config c = full;
  c.name = "bm25";
  c.analyzer.abbreviations = c.analyzer.related_terms = c.analyzer.synonyms = false;
  c.search.title_weight = 0;
  c.search.document_weight = 0;
  c.search.prf_documents = 0;
  c.search.evidence_boost = 0;
  out.push_back(c);
  c.name = "+title";
  c.search.title_weight = full.search.title_weight;
  out.push_back(c);
  c.name = "+document";
  c.search.document_weight = full.search.document_weight;
  out.push_back(c);
  c.name = "+expansion";
  c.analyzer = full.analyzer;
  out.push_back(c);
  // Feedback is off by default (it hurts SciFact and BioASQ); the row shows it at the
  // given settings, or at Anserini's 10 documents when none are given.
  c.name = "+prf";
  c.search.prf_documents = full.search.prf_documents > 0 ? full.search.prf_documents : 10;
  out.push_back(c);
  out.push_back(full);
  return out;
}

struct RunRow {
  std::string name;
  eval::EvalResult result;
};

double Round4(double v) { return std::round(v * 1e4) / 1e4; }

nlohmann::json MetricsJson(const eval::RunMetrics& m) {
  return {{"ndcg@10", Round4(m.ndcg10)},
          {"recall@10", Round4(m.recall10)},
          {"recall@100", Round4(m.recall100)},
          {"map", Round4(m.map)}};
}

// Compares counts exactly and metrics within the file's two-sided tolerance. Returns the
// number of mismatches, printing one line per value checked.
int CheckExpected(const nlohmann::json& expected, const nlohmann::json& actual) {
  int failures = 0;
  const double tol = expected.value("tolerance", 0.0005);
  if (expected.contains("corpus")) {
    for (const auto& [k, v] : expected["corpus"].items()) {
      const bool ok = actual["corpus"].contains(k) && actual["corpus"][k] == v;
      failures += ok ? 0 : 1;
      std::printf("  %-4s corpus.%-22s expected %s, got %s\n", ok ? "OK" : "FAIL", k.c_str(),
                  v.dump().c_str(),
                  actual["corpus"].contains(k) ? actual["corpus"][k].dump().c_str() : "(none)");
    }
  }
  if (expected.contains("runs")) {
    for (const auto& [run, metrics] : expected["runs"].items()) {
      for (const auto& [k, v] : metrics.items()) {
        const bool have = actual["runs"].contains(run) && actual["runs"][run].contains(k);
        const double got = have ? actual["runs"][run][k].get<double>() : NAN;
        const bool ok = have && std::fabs(got - v.get<double>()) <= tol + 1e-9;
        failures += ok ? 0 : 1;
        std::printf("  %-4s %-12s %-10s expected %.4f +- %.4f, got %.4f\n", ok ? "OK" : "FAIL", run.c_str(),
                    k.c_str(), v.get<double>(), tol, got);
      }
    }
  }
  return failures;
}

// Run depth: 1000 documents (BEIR, TREC); 100 sentences for BioASQ snippets, whose
// official measures look at the top 10 only.
size_t DepthFor(const EvalArgs& a, const Dataset& dataset) {
  if (a.depth > 0) return a.depth;
  return dataset.unit == eval::Unit::kSnippet ? 100 : 1000;
}

int RunEval(const EvalArgs& a) {
  auto dataset = LoadDataset(a);
  if (!dataset.ok()) {
    std::cerr << "medoracle eval: " << dataset.status().ToString() << "\n";
    return kExitError;
  }
  const std::string data = a.data_dir.empty() ? DefaultDataDir() : a.data_dir;
  eval::PrepareOptions prep;
  const bool temp_index = a.work_dir.empty();
  prep.index_dir =
      temp_index ? (fs::temp_directory_path() / ("medoracle-eval-" + std::to_string(::getpid()))).string()
                 : a.work_dir + "/index-" + dataset->name;
  for (char& c : prep.index_dir) c = c == ':' ? '-' : c;
  prep.reuse = a.reuse;
  prep.learn_abbreviations = true;
  prep.export_dir = a.export_dir;
  if (!a.no_vocabulary) {
    for (const char* rel : {"/disease_ontology/doid_2016-09-01.obo", "/hpo/layperson-synonyms.tsv"}) {
      if (fs::exists(data + rel)) prep.vocabulary_paths.push_back(data + rel);
    }
  }
  prep.log = [](const std::string& s) { std::fprintf(stderr, "%s\n", s.c_str()); };
  auto prepared = eval::PrepareIndex(*dataset, prep);
  if (!prepared.ok()) {
    std::cerr << "medoracle eval: " << prepared.status().ToString() << "\n";
    return kExitError;
  }
  size_t judged = 0, relevant = 0;
  for (const auto& [qid, j] : dataset->qrels) {
    size_t r = 0;
    for (const auto& [doc, grade] : j) r += grade > 0 ? 1 : 0;
    judged += r > 0 ? 1 : 0;
    relevant += r;
  }
  nlohmann::json actual;
  actual["dataset"] = dataset->name;
  actual["corpus"] = {{"documents", prepared->documents},
                      {"passages", prepared->passages},
                      {"topics", dataset->topics.size()},
                      {"judged_topics", judged},
                      {"relevant", relevant}};
  if (prepared->units > 0) actual["corpus"]["units"] = prepared->units;
  std::fprintf(stderr, "%s: %s documents, %s passages, %zu topics (%zu judged, %zu relevant judgments)%s\n",
               dataset->name.c_str(), WithCommas(prepared->documents).c_str(),
               WithCommas(prepared->passages).c_str(), dataset->topics.size(), judged, relevant,
               prepared->ingest_seconds > 0
                   ? (", ingested in " + std::to_string(prepared->ingest_seconds) + " s").c_str()
                   : "");

  Config full = a.config;
  full.analyzer.remove_stopwords = !a.no_stopwords;
  full.analyzer.abbreviations = !a.no_abbreviations;
  full.analyzer.related_terms = !a.no_related;
  full.analyzer.synonyms = !a.no_synonyms;
  full.analyzer.learned_abbreviations = !a.no_learned_abbreviations;
  const bool ladder = a.ladder || !a.expected.empty();
  const std::vector<Config> configs = ladder ? Ladder(full) : std::vector<Config>{full};

  std::vector<RunRow> rows;
  for (const Config& config : configs) {
    query::QueryAnalyzer analyzer(config.analyzer);
    if (Status s = analyzer.LoadFromIndex(*prepared->index); !s.ok()) {
      std::cerr << "medoracle eval: " << s.ToString() << "\n";
      return kExitError;
    }
    auto build = [&](const std::string& text) {
      SearchOptions options = config.search;
      options.terms = analyzer.Analyse(text).terms;
      return options;
    };
    auto result = eval::RunTopics(*prepared->index, *dataset, build, DepthFor(a, *dataset));
    if (!result.ok()) {
      std::cerr << "medoracle eval: " << result.status().ToString() << "\n";
      return kExitError;
    }
    actual["runs"][config.name] = MetricsJson(result->metrics);
    rows.push_back({config.name, std::move(*result)});
  }
  const RunRow& main_row = rows.back();
  const size_t depth = DepthFor(a, *dataset);
  if (!a.run_path.empty()) {
    std::vector<std::string> order;
    for (const auto& t : dataset->topics) order.push_back(t.id);
    if (Status s = eval::WriteTrecRun(a.run_path, order, main_row.result.run, a.tag, depth); !s.ok()) {
      std::cerr << "medoracle eval: " << s.ToString() << "\n";
      return kExitError;
    }
  }
  if (!a.per_topic.empty()) {
    std::FILE* out = std::fopen(a.per_topic.c_str(), "w");
    if (out != nullptr) {
      std::fprintf(out, "qid\tndcg@10\trecall@100\tap\trelevant\n");
      for (const auto& [qid, t] : main_row.result.metrics.per_topic) {
        std::fprintf(out, "%s\t%.4f\t%.4f\t%.4f\t%zu\n", qid.c_str(), t.ndcg10, t.recall100, t.ap,
                     t.relevant);
      }
      std::fclose(out);
    }
  }
  if (a.format == "json") {
    for (const auto& r : rows) {
      actual["latency_ms"][r.name] = {
          {"p50", r.result.p50_ms}, {"p95", r.result.p95_ms}, {"mean", r.result.mean_ms}};
    }
    std::cout << actual.dump(2) << "\n";
  } else {
    std::printf("%-12s %8s %8s %8s %8s %8s %8s\n", "run", "nDCG@10", "R@10", "R@100", "MAP", "p50 ms",
                "p95 ms");
    for (const auto& r : rows) {
      const auto& m = r.result.metrics;
      std::printf("%-12s %8.4f %8.4f %8.4f %8.4f %8.2f %8.2f\n", r.name.c_str(), m.ndcg10, m.recall10,
                  m.recall100, m.map, r.result.p50_ms, r.result.p95_ms);
    }
  }
  if (temp_index) {
    std::error_code ec;
    prepared->index.reset();
    fs::remove_all(prep.index_dir, ec);
  }
  if (a.expected.empty()) return kExitOk;
  auto text = eval::ReadWholeFile(a.expected);
  if (!text.ok()) {
    std::cerr << "medoracle eval: " << text.status().ToString() << "\n";
    return kExitError;
  }
  const nlohmann::json expected = nlohmann::json::parse(*text, nullptr, false);
  if (expected.is_discarded()) {
    std::cerr << "medoracle eval: " << a.expected << ": malformed JSON\n";
    return kExitError;
  }
  std::printf("checking against %s:\n", a.expected.c_str());
  const int failures = CheckExpected(expected, actual);
  std::printf("%s: %d mismatch%s\n", failures == 0 ? "PASS" : "FAIL", failures, failures == 1 ? "" : "es");
  return failures == 0 ? kExitOk : kExitPartial;
}

struct ScoreArgs {
  std::string qrels, run, doc_prefix, expected, name = "run", format = "text";
  size_t depth = 1000;
};

int RunScore(const ScoreArgs& a) {
  auto qrels = eval::ReadQrels(a.qrels, a.doc_prefix);
  auto run = qrels.ok() ? eval::ReadTrecRun(a.run) : StatusOr<eval::Run>(qrels.status());
  if (!run.ok()) {
    std::cerr << "medoracle eval score: " << run.status().ToString() << "\n";
    return kExitError;
  }
  const eval::RunMetrics m = eval::Evaluate(*run, *qrels, a.depth);
  if (a.format == "json") {
    nlohmann::json j = MetricsJson(m);
    j["topics"] = m.topics;
    std::cout << j.dump(2) << "\n";
  } else {
    std::printf("%-12s %8s %8s %8s %8s  (%zu topics)\n", "run", "nDCG@10", "R@10", "R@100", "MAP", m.topics);
    std::printf("%-12s %8.4f %8.4f %8.4f %8.4f\n", a.name.c_str(), m.ndcg10, m.recall10, m.recall100, m.map);
  }
  if (a.expected.empty()) return kExitOk;
  auto text = eval::ReadWholeFile(a.expected);
  const nlohmann::json expected = text.ok() ? nlohmann::json::parse(*text, nullptr, false) : nlohmann::json();
  // A peer system's run ("lucene") is kept under "peers", ours under "runs".
  const char* section = nullptr;
  for (const char* key : {"peers", "runs"}) {
    if (!section && !expected.is_discarded() && expected.contains(key) && expected[key].contains(a.name)) {
      section = key;
    }
  }
  if (!text.ok() || section == nullptr) {
    std::cerr << "medoracle eval score: " << a.expected << ": no expected values for run \"" << a.name
              << "\"\n";
    return kExitError;
  }
  nlohmann::json only = {{"tolerance", expected.value("tolerance", 0.0005)},
                         {"runs", {{a.name, expected[section][a.name]}}}};
  nlohmann::json actual = {{"runs", {{a.name, MetricsJson(m)}}}};
  const int failures = CheckExpected(only, actual);
  std::printf("%s: %d mismatch%s\n", failures == 0 ? "PASS" : "FAIL", failures, failures == 1 ? "" : "es");
  return failures == 0 ? kExitOk : kExitPartial;
}

struct LatencyArgs {
  std::vector<std::string> corpus;
  std::vector<std::string> topics;
  std::string data_dir, work_dir, export_dir, format = "text";
  bool reuse = false;
  size_t limit = 10;
};

// Search latency over a large index: by default everything in the shared data folder,
// queried with the SciFact claims and the BioASQ questions.
int RunLatency(const LatencyArgs& a) {
  const std::string data = a.data_dir.empty() ? DefaultDataDir() : a.data_dir;
  Dataset all;
  all.name = "latency";
  all.unit = eval::Unit::kPassage;
  all.corpus_paths = a.corpus.empty() ? std::vector<std::string>{data} : a.corpus;
  if (a.topics.empty()) {
    auto scifact = eval::LoadScifact(data);
    auto bioasq = scifact.ok() ? eval::LoadBioasq(data) : StatusOr<Dataset>(scifact.status());
    if (!bioasq.ok()) {
      std::cerr << "medoracle eval latency: " << bioasq.status().ToString() << " (give --topics)\n";
      return kExitError;
    }
    all.topics = scifact->topics;
    all.topics.insert(all.topics.end(), bioasq->topics.begin(), bioasq->topics.end());
  }
  for (const auto& path : a.topics) {
    auto t = eval::ReadTopics(path);
    if (!t.ok()) {
      std::cerr << "medoracle eval latency: " << t.status().ToString() << "\n";
      return kExitError;
    }
    all.topics.insert(all.topics.end(), t->begin(), t->end());
  }
  eval::PrepareOptions prep;
  const bool temp_index = a.work_dir.empty();
  prep.index_dir =
      temp_index ? (fs::temp_directory_path() / ("medoracle-latency-" + std::to_string(::getpid()))).string()
                 : a.work_dir + "/index-latency";
  prep.reuse = a.reuse;
  prep.export_dir = a.export_dir;
  for (const char* rel : {"/disease_ontology/doid_2016-09-01.obo", "/hpo/layperson-synonyms.tsv"}) {
    if (a.corpus.empty() || !fs::exists(data + rel)) continue;
    prep.vocabulary_paths.push_back(data + rel);
  }
  prep.log = [](const std::string& s) { std::fprintf(stderr, "%s\n", s.c_str()); };
  auto prepared = eval::PrepareIndex(all, prep);
  if (!prepared.ok()) {
    std::cerr << "medoracle eval latency: " << prepared.status().ToString() << "\n";
    return kExitError;
  }
  query::QueryAnalyzer analyzer;
  if (Status s = analyzer.LoadFromIndex(*prepared->index); !s.ok()) {
    std::cerr << "medoracle eval latency: " << s.ToString() << "\n";
    return kExitError;
  }
  auto build = [&](const std::string& text) {
    SearchOptions options;
    options.terms = analyzer.Analyse(text).terms;
    return options;
  };
  auto result = eval::MeasureLatency(*prepared->index, all.topics, build, a.limit);
  if (!result.ok()) {
    std::cerr << "medoracle eval latency: " << result.status().ToString() << "\n";
    return kExitError;
  }
  if (a.format == "json") {
    nlohmann::json j = {{"documents", prepared->documents},
                        {"passages", prepared->passages},
                        {"topics", all.topics.size()},
                        {"limit", a.limit},
                        {"ingest_seconds", prepared->ingest_seconds},
                        {"p50_ms", result->p50_ms},
                        {"p95_ms", result->p95_ms},
                        {"mean_ms", result->mean_ms}};
    std::cout << j.dump(2) << "\n";
  } else {
    std::printf(
        "medoracle: %s documents, %s passages; %zu topics, top %zu passages with text: p50 %.2f ms, "
        "p95 %.2f ms, mean %.2f ms\n",
        WithCommas(prepared->documents).c_str(), WithCommas(prepared->passages).c_str(), all.topics.size(),
        a.limit, result->p50_ms, result->p95_ms, result->mean_ms);
  }
  if (temp_index) {
    std::error_code ec;
    prepared->index.reset();
    fs::remove_all(prep.index_dir, ec);
  }
  return kExitOk;
}

}  // namespace

void AddEvalCommand(CLI::App& app, const GlobalOptions& global, int* exit_code) {
  CLI::App* cmd = app.add_subcommand("eval", "Measure retrieval quality on benchmarks (and the spelling corrector)");
  cmd->require_subcommand(1);

  auto a = std::make_shared<EvalArgs>();
  CLI::App* r = cmd->add_subcommand("retrieval", "Index a benchmark afresh, run its topics, score the run");
  r->add_option("--dataset", a->dataset,
                "scifact, scifact-train (for tuning), nfcorpus, bioasq, beir or trec (default scifact)")
      ->check(CLI::IsMember({"scifact", "scifact-train", "nfcorpus", "bioasq", "beir", "trec"}));
  r->add_option("--data", a->data_dir,
                "Shared data folder (default $MEDORACLE_SHARED_DATA, else ../shared/data)");
  r->add_option("--beir-dir", a->beir_dir, "BEIR dataset folder (corpus.jsonl, queries.jsonl, qrels/)");
  r->add_option("--split", a->split, "BEIR qrels split (default test)");
  r->add_option("--corpus", a->corpus, "trec: files or folders to index");
  r->add_option("--topics", a->topics, "trec: topics (qid<TAB>text, BEIR queries.jsonl or TREC <top>)");
  r->add_option("--qrels", a->qrels, "trec: qrels (TREC or BEIR TSV)");
  r->add_option("--doc-prefix", a->doc_prefix, "trec: prefix added to qrels document ids (e.g. pmid:)");
  r->add_option("--work", a->work_dir,
                "Keep the index in DIR/index-<dataset> (default: a temporary folder, removed)");
  r->add_flag("--reuse", a->reuse, "With --work: reuse an index built by an earlier run");
  r->add_flag("--no-vocabulary", a->no_vocabulary, "Do not ingest the Disease Ontology and HPO synonyms");
  r->add_flag("--no-learned-abbreviations", a->no_learned_abbreviations,
              "Do not use the abbreviations learned from the corpus");
  r->add_option("--run", a->run_path, "Write the TREC run of the final configuration here");
  r->add_option("--tag", a->tag, "Run tag (default medoracle)");
  r->add_option("--export", a->export_dir,
                "Write collection.tsv, topics.tsv, qrels.txt here (for the Lucene peer)");
  r->add_option("--expected", a->expected, "Check against this expected-results file (runs the ladder)");
  r->add_flag("--ladder", a->ladder, "Also run BM25 alone and each technique added in turn");
  r->add_option("--per-topic", a->per_topic, "Write per-topic metrics (TSV) of the final configuration");
  r->add_option("--depth", a->depth,
                "Run depth per topic (default 1000 documents; 100 sentences for bioasq)");
  r->add_option("--format", a->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  SearchOptions& s = a->config.search;
  query::AnalyzerOptions& q = a->config.analyzer;
  r->add_option("--k1", s.bm25_k1, "BM25 k1")->capture_default_str();
  r->add_option("--b", s.bm25_b, "BM25 b")->capture_default_str();
  r->add_option("--min-normlen", s.bm25_min_normlen, "BM25 floor on normalised passage length")
      ->capture_default_str();
  r->add_option("--title-weight", s.title_weight, "Weight of title matches (0 = off)")->capture_default_str();
  r->add_option("--document-weight", s.document_weight, "Weight of the whole-document BM25 score (0 = off)")
      ->capture_default_str();
  r->add_option("--prf-docs", s.prf_documents,
                "RM3 feedback documents (0 = off; the +prf ladder row uses 10)")
      ->capture_default_str();
  r->add_option("--prf-terms", s.prf_terms, "RM3 feedback terms")->capture_default_str();
  r->add_option("--prf-weight", s.prf_weight, "RM3 weight of the original query")->capture_default_str();
  r->add_option("--prf-max-query-terms", s.prf_max_query_terms,
                "RM3 only for queries of at most N terms (0 = all)")
      ->capture_default_str();
  r->add_option("--evidence-boost", s.evidence_boost, "Boost of higher evidence types (0 = off)")
      ->capture_default_str();
  r->add_flag("--no-stopwords", a->no_stopwords, "Keep stopwords in queries");
  r->add_flag("--no-abbreviations", a->no_abbreviations, "No abbreviation expansion");
  r->add_flag("--no-related", a->no_related, "No built-in related-term expansion");
  r->add_flag("--no-synonyms", a->no_synonyms, "No vocabulary synonym expansion");
  r->add_option("--abbreviation-weight", q.abbreviation_weight, "Weight of abbreviation expansions")
      ->capture_default_str();
  r->add_option("--related-weight", q.related_weight, "Weight of related-term expansions")
      ->capture_default_str();
  r->add_option("--synonym-weight", q.synonym_weight, "Weight of vocabulary synonyms")->capture_default_str();
  r->add_option("--max-synonyms", q.max_synonyms, "Names added per recognised concept")
      ->capture_default_str();
  r->callback([a, exit_code] { *exit_code = RunEval(*a); });

  auto sc = std::make_shared<ScoreArgs>();
  CLI::App* score =
      cmd->add_subcommand("score", "Score a TREC run file against qrels (trec_eval-compatible)");
  score->add_option("--qrels", sc->qrels, "Qrels (TREC or BEIR TSV)")->required();
  score->add_option("--run", sc->run, "TREC run file")->required();
  score->add_option("--doc-prefix", sc->doc_prefix, "Prefix added to qrels document ids");
  score->add_option("--name", sc->name, "Run name (also the key looked up in --expected)");
  score->add_option("--expected", sc->expected, "Check against this run of an expected-results file");
  score->add_option("--depth", sc->depth, "Cut each topic at this depth (default 1000)");
  score->add_option("--format", sc->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  score->callback([sc, exit_code] { *exit_code = RunScore(*sc); });

  auto la = std::make_shared<LatencyArgs>();
  CLI::App* lat =
      cmd->add_subcommand("latency", "Search latency (p50, p95) over a large index, single thread");
  lat->add_option("--corpus", la->corpus,
                  "Files or folders to index (default: the whole shared data folder)");
  lat->add_option("--topics", la->topics, "Topic files (default: the SciFact claims and BioASQ questions)");
  lat->add_option("--data", la->data_dir,
                  "Shared data folder (default $MEDORACLE_SHARED_DATA, else ../shared/data)");
  lat->add_option("--work", la->work_dir,
                  "Keep the index in DIR/index-latency (default: a temporary folder)");
  lat->add_flag("--reuse", la->reuse, "With --work: reuse an index built by an earlier run");
  lat->add_option("--export", la->export_dir, "Write the passages, topics for the Lucene peer here");
  lat->add_option("-n,--limit", la->limit, "Passages per query (default 10)");
  lat->add_option("--format", la->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  lat->callback([la, exit_code] { *exit_code = RunLatency(*la); });
  AddEvalSpellingCommand(cmd, global, exit_code);
}

}  // namespace medoracle::cli
