// Running a retrieval benchmark over a fresh index.
#include "eval/retrieval_eval.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <unordered_map>

#include "corpus/reader.h"
#include "ingest/ingester.h"
#include "query/abbreviations.h"

namespace medoracle::eval {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// Files under the given paths, as the ingester walks them (sorted, hidden entries skipped).
std::vector<std::string> ExpandFiles(const std::vector<std::string>& paths) {
  std::vector<std::string> files;
  for (const auto& path : paths) {
    std::error_code ec;
    if (fs::is_regular_file(path, ec)) {
      files.push_back(path);
      continue;
    }
    std::vector<std::string> found;
    for (fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, ec), end;
         !ec && it != end; it.increment(ec)) {
      const std::string name = it->path().filename().string();
      if (!name.empty() && name[0] == '.') {
        if (it->is_directory()) it.disable_recursion_pending();
        continue;
      }
      if (it->is_regular_file()) found.push_back(it->path().string());
    }
    std::sort(found.begin(), found.end());
    files.insert(files.end(), found.begin(), found.end());
  }
  return files;
}

// Collects the retrieval units of every document read and learns abbreviations.
class UnitSink : public RecordSink {
 public:
  UnitSink(Unit unit, bool units, query::AbbreviationCollector* abbreviations)
      : unit_(unit), keep_units_(units), abbreviations_(abbreviations) {}
  void OnDocument(Document doc) override {
    if (abbreviations_ != nullptr) abbreviations_->AddText(doc.text);
    if (!keep_units_) return;
    for (auto& [id, text] : RetrievalUnits(doc, unit_)) {
      // Documents: a later version replaces an earlier one; snippets: the union.
      if (unit_ == Unit::kDocument || !units_.count(id)) units_[id] = std::move(text);
    }
  }
  void OnDelete(const std::string& doc_id) override { units_.erase(doc_id); }
  void OnVocabulary(VocabularyEntry) override {}
  void OnSkip(SkippedRecord) override {}
  const std::map<std::string, std::string>& units() const { return units_; }

 private:
  Unit unit_;
  bool keep_units_;
  query::AbbreviationCollector* abbreviations_;
  std::map<std::string, std::string> units_;
};

std::string OneLine(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  }
  return out;
}

Status Export(const Dataset& dataset, const std::map<std::string, std::string>& units,
              const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Status::IoError(dir + ": cannot create: " + ec.message());
  {
    std::ofstream out(dir + "/collection.tsv", std::ios::binary);
    for (const auto& [id, text] : units) out << id << '\t' << OneLine(text) << '\n';
    if (!out) return Status::IoError(dir + "/collection.tsv: write failed");
  }
  {
    std::ofstream out(dir + "/topics.tsv", std::ios::binary);
    for (const Topic& t : dataset.topics) out << t.id << '\t' << OneLine(t.text) << '\n';
    if (!out) return Status::IoError(dir + "/topics.tsv: write failed");
  }
  std::ofstream out(dir + "/qrels.txt", std::ios::binary);
  for (const auto& [qid, judgments] : dataset.qrels) {
    for (const auto& [doc, grade] : judgments) out << qid << " 0 " << doc << ' ' << grade << '\n';
  }
  if (!out) return Status::IoError(dir + "/qrels.txt: write failed");
  return Status::Ok();
}

}  // namespace

double Percentile(std::vector<double> values, double percentile) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const double rank = std::ceil(percentile / 100.0 * static_cast<double>(values.size()));
  const size_t index = rank < 1 ? 0 : std::min(values.size() - 1, static_cast<size_t>(rank) - 1);
  return values[index];
}

StatusOr<PreparedIndex> PrepareIndex(const Dataset& dataset, const PrepareOptions& options) {
  auto log = [&](const std::string& s) {
    if (options.log) options.log(s);
  };
  PreparedIndex out;
  std::error_code ec;
  // (An index of the Xapian backend left by an older medoracle is not reused: it is made again.)
  const bool exists = fs::exists(options.index_dir + "/MANIFEST", ec);
  if (!(options.reuse && exists)) {
    fs::remove_all(options.index_dir, ec);
    auto index = OpenIndex(options.index_dir, Index::Mode::kReadWrite);
    if (!index.ok()) return index.status();
    std::vector<std::string> paths = dataset.corpus_paths;
    paths.insert(paths.end(), options.vocabulary_paths.begin(), options.vocabulary_paths.end());
    log("ingesting " + std::to_string(paths.size()) + " paths into " + options.index_dir);
    const auto start = Clock::now();
    IngestOptions ingest;
    auto report = Ingest(**index, paths, ingest);
    if (!report.ok()) return report.status();
    if (!report->failed_files.empty()) {
      return Status::IoError(report->failed_files[0].file +
                             ": could not be loaded: " + report->failed_files[0].reason);
    }
    out.ingest_seconds = std::chrono::duration<double>(Clock::now() - start).count();
    if (options.learn_abbreviations || !options.export_dir.empty()) {
      query::AbbreviationCollector collector;
      UnitSink sink(dataset.unit, !options.export_dir.empty(),
                    options.learn_abbreviations ? &collector : nullptr);
      for (const auto& file : ExpandFiles(dataset.corpus_paths)) {
        auto input = LoadInputFile(file);
        if (!input.ok()) return input.status();
        const Format format = DetectFormat(*input);
        if (format == Format::kUnknown) continue;
        if (Status s = ReadFile(*input, format, sink); !s.ok()) return s;
      }
      if (options.learn_abbreviations) {
        const auto definitions = collector.Definitions();
        out.abbreviations = definitions.size();
        if (Status s = (*index)->SetMetadata(std::string(query::kAbbreviationsMetadataKey),
                                             query::AbbreviationCollector::ToJson(definitions));
            !s.ok()) {
          return s;
        }
        if (Status s = (*index)->Commit(); !s.ok()) return s;
      }
      if (!options.export_dir.empty()) {
        out.units = sink.units().size();
        if (Status s = Export(dataset, sink.units(), options.export_dir); !s.ok()) return s;
        log("exported " + std::to_string(out.units) + " units to " + options.export_dir);
      }
    }
  }
  auto index = OpenIndex(options.index_dir, Index::Mode::kReadOnly);
  if (!index.ok()) return index.status();
  auto stats = (*index)->Stats();
  if (!stats.ok()) return stats.status();
  out.documents = stats->documents;
  out.passages = stats->passages;
  out.index = std::move(*index);
  return out;
}

StatusOr<EvalResult> RunTopics(const Index& index, const Dataset& dataset, const QueryBuilder& build,
                               size_t depth) {
  EvalResult result;
  std::unordered_map<std::string, std::vector<Span>> sentences;  // doc id -> sentence spans
  std::unordered_map<std::string, std::string> texts;            // doc id -> text
  for (const Topic& topic : dataset.topics) {
    const auto start = Clock::now();
    SearchOptions options = build(topic.text);
    options.limit = depth;
    options.one_per_document = dataset.unit == Unit::kDocument;
    options.with_text = dataset.unit != Unit::kDocument;  // snippets and passages need spans
    auto hits = index.Search(topic.text, options);
    result.latency_ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    if (!hits.ok()) return Status(hits.status());
    std::vector<RunEntry>& entries = result.run[topic.id];
    if (dataset.unit == Unit::kPassage) {
      for (const PassageHit& h : *hits) {
        entries.push_back({PassageUnitId(h.doc_id, h.span), std::round(h.score * 1e6) / 1e6});
      }
      continue;
    }
    if (dataset.unit == Unit::kDocument) {
      for (const PassageHit& h : *hits) {
        // Rounded as the run file writes it, so scoring in memory and from the file agree.
        entries.push_back({h.doc_id, std::round(h.score * 1e6) / 1e6});
      }
      continue;
    }
    std::set<std::string> seen;
    for (const PassageHit& h : *hits) {
      if (entries.size() >= depth) break;
      if (!sentences.count(h.doc_id)) {
        auto doc = index.Fetch(h.doc_id);
        if (!doc.ok()) return doc.status();
        sentences[h.doc_id] = doc->sentences;
        texts[h.doc_id] = doc->text;
      }
      const std::string& text = texts[h.doc_id];
      for (const Span& s : sentences[h.doc_id]) {
        if (s.start < h.span.start || s.end > h.span.end || entries.size() >= depth) continue;
        std::string id = SnippetUnitId(h.doc_id, std::string_view(text).substr(s.start, s.end - s.start));
        if (seen.insert(id).second) entries.push_back({std::move(id), 0});
      }
    }
    for (size_t i = 0; i < entries.size(); ++i) entries[i].score = static_cast<double>(depth - i);
  }
  result.metrics = Evaluate(result.run, dataset.qrels, depth);
  SummariseLatency(&result);
  return result;
}

StatusOr<EvalResult> MeasureLatency(const Index& index, const std::vector<Topic>& topics,
                                    const QueryBuilder& build, size_t limit) {
  EvalResult result;
  for (int pass = 0; pass < 2; ++pass) {  // the first pass warms caches and is not timed
    for (const Topic& topic : topics) {
      const auto start = Clock::now();
      SearchOptions options = build(topic.text);
      options.limit = limit;
      auto hits = index.Search(topic.text, options);
      const double ms = std::chrono::duration<double, std::milli>(Clock::now() - start).count();
      if (!hits.ok()) return Status(hits.status());
      if (pass == 1) result.latency_ms.push_back(ms);
    }
  }
  SummariseLatency(&result);
  return result;
}

void SummariseLatency(EvalResult* result) {
  result->p50_ms = Percentile(result->latency_ms, 50);
  result->p95_ms = Percentile(result->latency_ms, 95);
  double sum = 0;
  for (double v : result->latency_ms) sum += v;
  result->mean_ms = result->latency_ms.empty() ? 0 : sum / static_cast<double>(result->latency_ms.size());
}

}  // namespace medoracle::eval
