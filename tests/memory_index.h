// An Index held in memory, for tests of the answer stages without an index on disk: passages
// cut as the real index cuts them, terms from the same tokenizer and stemmer, BM25 over passages (plus the
// title at SearchOptions::title_weight), filters, one passage per document, question bank,
// vocabulary and metadata. Small corpora only: every search scores every passage.
#pragma once

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "index/index.h"
#include "index/passages.h"
#include "query/tokenizer.h"

namespace medoracle::testing {

class MemoryIndex : public Index {
 public:
  Status Put(const Document& doc) override {
    if (doc.id.empty() || doc.text.empty()) return Status::InvalidArgument("a document needs an id and text");
    docs_[doc.id] = doc;
    return Status::Ok();
  }
  Status Delete(const std::string& doc_id) override {
    return docs_.erase(doc_id) > 0 ? Status::Ok() : Status::NotFound(doc_id + ": no such document");
  }
  Status AddVocabulary(const VocabularyEntry& entry) override {
    vocabulary_.push_back(entry);
    return Status::Ok();
  }
  Status Commit() override {
    Rebuild();
    return Status::Ok();
  }
  StatusOr<bool> Reopen() override { return false; }

  StatusOr<Document> Fetch(const std::string& doc_id) const override {
    auto it = docs_.find(doc_id);
    if (it == docs_.end()) return Status::NotFound(doc_id + ": no such document");
    return it->second;
  }
  bool Contains(const std::string& doc_id) const override { return docs_.count(doc_id) > 0; }

  StatusOr<TermStats> TermFrequencies(const std::vector<std::string>& terms) const override {
    TermStats stats;
    stats.passages = passages_.size();
    for (const std::string& t : terms) {
      auto it = df_.find(t);
      stats.passage_frequency.push_back(it == df_.end() ? 0 : it->second);
    }
    return stats;
  }

  StatusOr<std::vector<TermCount>> Terms(uint64_t min_passages) const override {
    std::vector<TermCount> out;
    for (const auto& [term, df] : df_) {
      if (df >= std::max<uint64_t>(min_passages, 1)) out.push_back({term, df});
    }
    std::sort(out.begin(), out.end(), [](const TermCount& a, const TermCount& b) { return a.term < b.term; });
    return out;
  }

  StatusOr<std::vector<std::string>> SamplePassages(size_t count) const override {
    std::vector<std::string> out;
    if (count == 0 || passages_.empty()) return out;
    const size_t step = std::max<size_t>(1, passages_.size() / count);
    for (size_t i = 0; i < passages_.size() && out.size() < count; i += step) {
      out.emplace_back(docs_.at(passages_[i].doc_id).Slice(passages_[i].passage.span));
    }
    return out;
  }

  StatusOr<std::vector<PassageHit>> Search(const std::string& query, const SearchOptions& options) const override {
    std::vector<QueryTerm> terms = options.terms;
    if (terms.empty()) {
      for (const auto& token : tokenizer_.Tokenize(query)) terms.push_back({token.stem, 1});
    }
    std::vector<PassageHit> hits;
    for (const IndexedPassage& p : passages_) {
      const Document& doc = docs_.at(p.doc_id);
      if (!options.types.empty() &&
          std::find(options.types.begin(), options.types.end(), doc.type) == options.types.end()) {
        continue;
      }
      double score = 0;
      for (const QueryTerm& t : terms) {
        const double idf = Idf(t.term);
        auto tf = p.tf.find(t.term);
        if (tf != p.tf.end()) {
          const double f = tf->second, norm = options.bm25_k1 * (1 - options.bm25_b + options.bm25_b * p.length / avg_length_);
          score += t.weight * idf * f * (options.bm25_k1 + 1) / (f + norm);
        }
        if (p.title_terms.count(t.term)) score += t.weight * options.title_weight * idf;
      }
      if (score <= 0) continue;
      PassageHit hit;
      hit.doc_id = doc.id;
      hit.source = doc.source;
      hit.type = doc.type;
      hit.year = doc.year;
      hit.score = hit.bm25 = score;
      hit.passages_matched = 1;
      if (options.with_text) {
        hit.title = doc.title;
        hit.section = doc.sections[p.passage.section].label;
        hit.span = p.passage.span;
        hit.text = std::string(doc.Slice(p.passage.span));
      }
      hits.push_back(std::move(hit));
    }
    std::stable_sort(hits.begin(), hits.end(), [](const PassageHit& a, const PassageHit& b) {
      return a.score != b.score ? a.score > b.score : a.doc_id < b.doc_id;
    });
    if (options.one_per_document) {
      std::vector<PassageHit> best;
      for (PassageHit& h : hits) {
        auto same = std::find_if(best.begin(), best.end(), [&h](const PassageHit& b) { return b.doc_id == h.doc_id; });
        if (same == best.end()) best.push_back(std::move(h));
      }
      hits = std::move(best);
    }
    if (hits.size() > options.limit) hits.resize(options.limit);
    return hits;
  }

  StatusOr<std::vector<QuestionHit>> SearchQuestions(const std::string& text, size_t limit) const override {
    std::vector<std::string> asked;
    for (const auto& token : tokenizer_.Tokenize(text)) asked.push_back(token.stem);
    std::vector<QuestionHit> hits;
    for (const auto& [id, doc] : docs_) {
      for (const std::string& q : doc.questions) {
        double score = 0;
        std::vector<std::string> stems;
        for (const auto& token : tokenizer_.Tokenize(q)) stems.push_back(token.stem);
        for (const std::string& a : asked) score += std::count(stems.begin(), stems.end(), a) > 0 ? 1 : 0;
        if (score > 0) hits.push_back({q, id, score});
      }
    }
    std::stable_sort(hits.begin(), hits.end(), [](const QuestionHit& a, const QuestionHit& b) { return a.score > b.score; });
    if (hits.size() > limit) hits.resize(limit);
    return hits;
  }

  StatusOr<std::vector<VocabularyEntry>> Vocabulary(const std::string& source) const override {
    std::vector<VocabularyEntry> out;
    for (const auto& v : vocabulary_) {
      if (source.empty() || v.source == source) out.push_back(v);
    }
    return out;
  }
  StatusOr<IndexStats> Stats() const override {
    IndexStats stats;
    stats.documents = docs_.size();
    stats.passages = passages_.size();
    return stats;
  }
  std::string GetMetadata(const std::string& key) const override {
    auto it = metadata_.find(key);
    return it == metadata_.end() ? std::string() : it->second;
  }
  Status SetMetadata(const std::string& key, const std::string& value) override {
    metadata_[key] = value;
    return Status::Ok();
  }

 private:
  struct IndexedPassage {
    std::string doc_id;
    Passage passage;
    std::unordered_map<std::string, double> tf;
    std::unordered_map<std::string, bool> title_terms;
    double length = 0;
  };

  double Idf(const std::string& term) const {
    auto it = df_.find(term);
    const double n = it == df_.end() ? 0 : static_cast<double>(it->second);
    const double total = static_cast<double>(passages_.size());
    return std::log(1 + (total - n + 0.5) / (n + 0.5));
  }

  void Rebuild() {
    passages_.clear();
    df_.clear();
    double total_length = 0;
    for (const auto& [id, doc] : docs_) {
      for (const Passage& p : MakePassages(doc)) {
        IndexedPassage ip;
        ip.doc_id = id;
        ip.passage = p;
        for (const auto& token : tokenizer_.Tokenize(doc.Slice(p.span))) {
          ip.tf[token.stem] += 1;
          ip.length += 1;
        }
        for (const auto& token : tokenizer_.Tokenize(doc.title)) ip.title_terms[token.stem] = true;
        for (const auto& [term, f] : ip.tf) ++df_[term];
        total_length += ip.length;
        passages_.push_back(std::move(ip));
      }
    }
    avg_length_ = passages_.empty() ? 1 : std::max(1.0, total_length / static_cast<double>(passages_.size()));
  }

  std::map<std::string, Document> docs_;
  std::vector<VocabularyEntry> vocabulary_;
  std::map<std::string, std::string> metadata_;
  std::vector<IndexedPassage> passages_;
  std::unordered_map<std::string, size_t> df_;
  double avg_length_ = 1;
  query::Tokenizer tokenizer_;
};

}  // namespace medoracle::testing
