// `medoracle search QUERY`: ranked passages with document id, type, score and the
// sentence that matches best; `medoracle search --topics FILE --run OUT`: the batch
// form, a TREC run of the top documents of every topic.
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "cli/cli.h"
#include "eval/datasets.h"
#include "eval/trec_io.h"
#include "index/index.h"
#include "query/analyzer.h"

namespace medoracle::cli {
namespace {

struct SearchArgs {
  std::string query;
  size_t limit = 10;
  std::vector<std::string> types;
  std::vector<std::string> sources;
  int min_year = 0, max_year = 0;
  std::string format = "text";
  bool explain = false;
  // Batch form.
  std::string topics, run;
  std::string tag = "medoracle";
  size_t depth = 1000;
  bool passages = false;  // batch: rank passages ("doc_id@start-end") instead of documents
  bool no_expansion = false;
  bool no_prf = false;
};

// The sentence of the hit's passage sharing the most query weight with the analysed
// query (the first such sentence on ties); the whole passage when sentences are unknown.
Span BestSentence(const PassageHit& hit, const Document* doc, const query::AnalysedQuery& q,
                  const query::Tokenizer& tokenizer) {
  if (doc == nullptr) return hit.span;
  std::unordered_map<std::string, double> weight;
  for (const QueryTerm& t : q.terms) weight[t.term] = t.weight;
  Span best = hit.span;
  double best_score = -1;
  for (const Span& s : doc->sentences) {
    if (s.start < hit.span.start || s.end > hit.span.end) continue;
    double score = 0;
    std::unordered_map<std::string, bool> seen;
    for (const auto& tok : tokenizer.Tokenize(doc->Slice(s))) {
      const auto it = weight.find(tok.stem);
      if (it != weight.end() && seen.emplace(tok.stem, true).second) score += it->second;
    }
    if (score > best_score) best_score = score, best = s;
  }
  return best;
}

int RunBatch(const Index& index, const query::QueryAnalyzer& analyzer, const SearchOptions& base,
             const SearchArgs& a) {
  auto topics = eval::ReadTopics(a.topics);
  if (!topics.ok()) {
    std::cerr << "medoracle search: " << topics.status().ToString() << "\n";
    return kExitError;
  }
  eval::Run run;
  std::vector<std::string> order;
  for (const eval::Topic& t : *topics) {
    SearchOptions options = base;
    options.terms = analyzer.Analyse(t.text).terms;
    options.limit = a.depth;
    options.one_per_document = !a.passages;
    options.with_text = a.passages;
    auto hits = index.Search(t.text, options);
    if (!hits.ok()) {
      std::cerr << "medoracle search: topic " << t.id << ": " << hits.status().ToString() << "\n";
      return kExitError;
    }
    order.push_back(t.id);
    auto& entries = run[t.id];
    for (const PassageHit& h : *hits) {
      entries.push_back({a.passages ? eval::PassageUnitId(h.doc_id, h.span) : h.doc_id, h.score});
    }
  }
  if (Status s = eval::WriteTrecRun(a.run, order, run, a.tag, a.depth); !s.ok()) {
    std::cerr << "medoracle search: " << s.ToString() << "\n";
    return kExitError;
  }
  std::fprintf(stderr, "wrote %zu topics to %s\n", order.size(), a.run.c_str());
  return kExitOk;
}

int RunSearch(const GlobalOptions& global, const SearchArgs& a) {
  auto index = OpenIndex(ResolveIndexDir(global), Index::Mode::kReadOnly);
  if (!index.ok()) {
    std::cerr << "medoracle search: " << index.status().ToString() << "\n";
    return kExitError;
  }
  SearchOptions options;
  options.limit = a.limit;
  options.sources = a.sources;
  options.min_year = a.min_year;
  options.max_year = a.max_year;
  if (a.no_prf) options.prf_documents = 0;
  for (const auto& t : a.types) {
    RefType type;
    if (!ParseRefType(t, &type)) {
      std::cerr << "medoracle search: unknown --type " << t << "\n";
      return kExitError;
    }
    options.types.push_back(type);
  }
  query::AnalyzerOptions analyzer_options;
  if (a.no_expansion) {
    analyzer_options.abbreviations = analyzer_options.related_terms = analyzer_options.synonyms = false;
  }
  query::QueryAnalyzer analyzer(analyzer_options);
  if (Status s = analyzer.LoadFromIndex(**index); !s.ok()) {
    std::cerr << "medoracle search: " << s.ToString() << "\n";
    return kExitError;
  }
  if (!a.topics.empty()) {
    if (a.run.empty()) {
      std::cerr << "medoracle search: --topics needs --run OUT\n";
      return kExitError;
    }
    return RunBatch(**index, analyzer, options, a);
  }
  if (a.query.empty()) {
    std::cerr << "medoracle search: give a QUERY, or --topics FILE --run OUT\n";
    return kExitError;
  }
  const query::AnalysedQuery q = analyzer.Analyse(a.query);
  options.terms = q.terms;
  auto hits = (*index)->Search(a.query, options);
  if (!hits.ok()) {
    std::cerr << "medoracle search: " << hits.status().ToString() << "\n";
    return kExitError;
  }
  query::Tokenizer tokenizer;
  std::unordered_map<std::string, std::unique_ptr<Document>> docs;
  auto doc_of = [&](const std::string& id) -> const Document* {
    auto [it, fresh] = docs.try_emplace(id);
    if (fresh) {
      auto d = (*index)->Fetch(id);
      if (d.ok()) it->second = std::make_unique<Document>(std::move(*d));
    }
    return it->second.get();
  };
  if (a.format == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& h : *hits) {
      const Document* d = doc_of(h.doc_id);
      const Span s = BestSentence(h, d, q, tokenizer);
      out.push_back({{"doc_id", h.doc_id},
                     {"type", RefTypeName(h.type)},
                     {"source", h.source},
                     {"year", h.year},
                     {"section", h.section},
                     {"start", h.span.start},
                     {"end", h.span.end},
                     {"score", h.score},
                     {"text", h.text},
                     {"sentence_start", s.start},
                     {"sentence_end", s.end},
                     {"sentence", d != nullptr ? std::string(d->Slice(s)) : h.text}});
    }
    std::cout << out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    return kExitOk;
  }
  if (a.explain) {
    std::printf("terms:");
    for (const QueryTerm& t : q.terms) std::printf(" %s^%.2g", t.term.c_str(), t.weight);
    std::printf("\n");
    for (const auto& f : q.focus) {
      std::printf("focus: \"%s\" = %s [%s, %s%s%s]\n", f.text.c_str(), f.name.c_str(), f.kind.c_str(),
                  f.source.c_str(), f.id.empty() ? "" : " ", f.id.c_str());
    }
    for (const auto& e : q.expansions) {
      std::printf("expansion: \"%s\" -> \"%s\" x%.2g (%s)\n", e.from.c_str(), e.phrase.c_str(), e.weight,
                  e.source.c_str());
    }
    std::printf("\n");
  }
  if (hits->empty()) {
    std::cout << "No passages match \"" << a.query << "\".\n";
    return kExitPartial;
  }
  int rank = 0;
  for (const auto& h : *hits) {
    const Document* d = doc_of(h.doc_id);
    const Span s = BestSentence(h, d, q, tokenizer);
    const std::string sentence = d != nullptr ? std::string(d->Slice(s)) : h.text;
    std::printf("%2d. %-28s %-18s %7.3f  %s\n    %s\n", ++rank, h.doc_id.c_str(),
                std::string(RefTypeName(h.type)).c_str(), h.score, h.section.c_str(), sentence.c_str());
  }
  return kExitOk;
}

}  // namespace

void AddSearchCommand(CLI::App& app, const GlobalOptions& global, int* exit_code) {
  auto args = std::make_shared<SearchArgs>();
  CLI::App* cmd =
      app.add_subcommand("search", "Ranked passages for a query, or a TREC run for a topics file");
  cmd->add_option("query", args->query, "Free-text query (a question or keywords; no query syntax)");
  cmd->add_option("-n,--limit", args->limit, "Number of passages (default 10)");
  cmd->add_option("--type", args->types, "Only these reference types (guideline, review, ...)");
  cmd->add_option("--source", args->sources, "Only these collections (ngc, pubmed, medquad, ...)");
  cmd->add_option("--min-year", args->min_year, "Only documents from this year on");
  cmd->add_option("--max-year", args->max_year, "Only documents up to this year");
  cmd->add_option("--format", args->format, "text or json")->check(CLI::IsMember({"text", "json"}));
  cmd->add_flag("--explain", args->explain, "Show the analysed query: terms, weights, focus, expansions");
  cmd->add_option("--topics", args->topics,
                  "Batch: topics file (qid<TAB>text per line, BEIR queries.jsonl, TREC)");
  cmd->add_option("--run", args->run, "Batch: write a TREC run here (qid Q0 doc_id rank score tag)");
  cmd->add_option("--tag", args->tag, "Batch: run tag (default medoracle)");
  cmd->add_option("--depth", args->depth, "Batch: documents per topic (default 1000)");
  cmd->add_flag("--passages", args->passages, "Batch: rank passages (doc_id@start-end) instead of documents");
  cmd->add_flag("--no-expansion", args->no_expansion, "No abbreviation, related-term or synonym expansion");
  cmd->add_flag("--no-prf", args->no_prf, "No pseudo-relevance feedback");
  cmd->callback([&global, args, exit_code] { *exit_code = RunSearch(global, *args); });
}

}  // namespace medoracle::cli
