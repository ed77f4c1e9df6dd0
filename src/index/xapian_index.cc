// Xapian backend of the evidence index.
//
// Layout (docs/index.md explains the choices):
// - one Xapian document per passage; terms are stemmed body words (no prefix) and
//   stemmed title words (prefix "S"), indexed WITHOUT positions: answers rank passages
//   with BM25 and never run phrase queries, and positions were measured at 58% of a
//   Xapian index's size;
// - boolean terms: XD<doc id> (all passages of a document, for replace/delete),
//   XT<type>, XS<source>, XY<year> (filters); the first passage of each document also
//   carries Q<doc id> (unique, for fetch) and KS<source>, KT<type> (counts);
// - values: 0 doc id, 1 type name, 2 year (sortable), 3 source;
// - data: compact JSON of the passage; the first passage also holds the whole document;
// - metadata: V<source>\t<id> vocabulary entries, F<path> loaded-file fingerprints.
// The question bank is a second Xapian database in <index>/questions: one document per
// question (stemmed terms, XD<doc id>, data = JSON {q, d}). It is committed before the
// passages, so a crash between the two commits leaves extra questions that the re-run
// replaces, never missing ones.
#include <sys/stat.h>
#include <xapian.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "corpus/document_json.h"
#include "index/backends.h"
#include "index/feedback.h"
#include "index/fetch_cache.h"
#include "index/index.h"
#include "index/passages.h"

namespace medoracle {
namespace {

constexpr Xapian::valueno kSlotDocId = 0;
constexpr Xapian::valueno kSlotType = 1;
constexpr Xapian::valueno kSlotYear = 2;
constexpr Xapian::valueno kSlotSource = 3;
constexpr size_t kMaxIdBytes = 200;  // Xapian terms are limited to 245 bytes

Status FromXapian(const Xapian::Error& e, const std::string& what) {
  const std::string msg = what + ": " + e.get_description();
  const std::string type = e.get_type();
  if (type == "DatabaseLockError") return Status::Busy(msg + " (another medoracle process is writing to this index)");
  if (type == "DatabaseCorruptError") return Status::Corruption(msg);
  if (type == "DatabaseNotFoundError" || type == "DatabaseOpeningError") return Status::NotFound(msg);
  if (type == "InvalidArgumentError") return Status::InvalidArgument(msg);
  if (type == "DatabaseModifiedError") return Status::Busy(msg + " (the index changed while reading; retry)");
  return Status::IoError(msg);
}

std::string Lower(const std::string& s) {
  std::string out = s;
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

class XapianIndex : public Index {
 public:
  XapianIndex(std::string path, std::unique_ptr<Xapian::Database> db, Xapian::WritableDatabase* wdb,
              std::unique_ptr<Xapian::Database> questions, Xapian::WritableDatabase* wquestions)
      : path_(std::move(path)),
        db_(std::move(db)),
        wdb_(wdb),
        questions_(std::move(questions)),
        wquestions_(wquestions),
        stemmer_("english") {
    generator_.set_stemmer(stemmer_);
    generator_.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL);
  }

  Status Put(const Document& doc) override {
    ForgetFetched();
    if (wdb_ == nullptr) return Status::InvalidArgument("index opened read-only");
    if (doc.id.empty()) return Status::InvalidArgument("document without id");
    if (doc.id.size() > kMaxIdBytes) return Status::InvalidArgument(doc.id.substr(0, 60) + "...: id longer than 200 bytes");
    if (doc.text.empty()) return Status::InvalidArgument(doc.id + ": document has no text");
    try {
      wdb_->delete_document("XD" + doc.id);
      const std::vector<Passage> passages = MakePassages(doc);
      const std::string type_name(RefTypeName(doc.type));
      const std::string year_term = "XY" + std::to_string(doc.year);
      for (size_t i = 0; i < passages.size(); ++i) {
        const Passage& p = passages[i];
        Xapian::Document xd;
        generator_.set_document(xd);
        const std::string_view text = doc.Slice(p.span);
        generator_.index_text_without_positions(std::string(text));
        if (!doc.title.empty()) generator_.index_text_without_positions(doc.title, 1, "S");
        xd.add_boolean_term("XD" + doc.id);
        xd.add_boolean_term("XT" + type_name);
        xd.add_boolean_term("XS" + doc.source);
        xd.add_boolean_term(year_term);
        xd.add_value(kSlotDocId, doc.id);
        xd.add_value(kSlotType, type_name);
        xd.add_value(kSlotYear, Xapian::sortable_serialise(doc.year));
        xd.add_value(kSlotSource, doc.source);
        nlohmann::json data = {{"d", doc.id}, {"s", p.span.start}, {"e", p.span.end},
                               {"l", doc.sections[p.section].label}, {"x", text}};
        if (i == 0) {
          xd.add_boolean_term("Q" + doc.id);
          xd.add_boolean_term("KS" + doc.source);
          xd.add_boolean_term("KT" + type_name);
          xd.add_boolean_term("KDOC");
          data["doc"] = DocumentToJson(doc);
        }
        xd.set_data(data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
        wdb_->add_document(xd);
      }
      wquestions_->delete_document("XD" + doc.id);
      for (const std::string& question : doc.questions) {
        Xapian::Document qd;
        generator_.set_document(qd);
        generator_.index_text_without_positions(question);
        qd.add_boolean_term("XD" + doc.id);
        qd.set_data(nlohmann::json({{"q", question}, {"d", doc.id}})
                        .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
        wquestions_->add_document(qd);
      }
      return Status::Ok();
    } catch (const Xapian::Error& e) {
      return FromXapian(e, doc.id + ": indexing failed");
    }
  }

  Status Delete(const std::string& doc_id) override {
    ForgetFetched();
    if (wdb_ == nullptr) return Status::InvalidArgument("index opened read-only");
    try {
      if (doc_id.size() > kMaxIdBytes || wdb_->get_termfreq("Q" + doc_id) == 0) {
        return Status::NotFound(doc_id + ": no such document");
      }
      wdb_->delete_document("XD" + doc_id);
      wquestions_->delete_document("XD" + doc_id);
      return Status::Ok();
    } catch (const Xapian::Error& e) {
      return FromXapian(e, doc_id + ": delete failed");
    }
  }

  Status AddVocabulary(const VocabularyEntry& entry) override {
    if (wdb_ == nullptr) return Status::InvalidArgument("index opened read-only");
    if (entry.term.empty()) return Status::InvalidArgument(entry.source + " " + entry.id + ": empty term");
    try {
      nlohmann::json j = {{"id", entry.id}, {"term", entry.term}, {"synonyms", entry.synonyms}};
      wdb_->set_metadata("V" + entry.source + "\t" + (entry.id.empty() ? entry.term : entry.id),
                         j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
      // Synonyms both ways, lower-cased and unstemmed (Xapian's convention for
      // multi-word synonym keys), so a query naming either form can be expanded.
      // Xapian keys are limited to 255 bytes; names that long never occur in a question.
      const std::string term = Lower(entry.term);
      for (const auto& raw : entry.synonyms) {
        const std::string syn = Lower(raw);
        if (syn.empty() || syn == term || syn.size() > kMaxIdBytes || term.size() > kMaxIdBytes) continue;
        wdb_->add_synonym(term, syn);
        wdb_->add_synonym(syn, term);
      }
      return Status::Ok();
    } catch (const Xapian::Error& e) {
      return FromXapian(e, entry.source + " " + entry.id + ": vocabulary entry failed");
    }
  }

  Status Commit() override {
    if (wdb_ == nullptr) return Status::InvalidArgument("index opened read-only");
    try {
      wquestions_->commit();
      wdb_->commit();
      return Status::Ok();
    } catch (const Xapian::Error& e) {
      return FromXapian(e, path_ + ": commit failed");
    }
  }

  StatusOr<bool> Reopen() override {
    if (wdb_ != nullptr) return false;
    try {
      // reopen() only says "might have changed"; the revisions say whether it did.
      const auto before = std::make_pair(db_->get_revision(), questions_->get_revision());
      db_->reopen();
      questions_->reopen();
      const bool changed = before != std::make_pair(db_->get_revision(), questions_->get_revision());
      if (changed) ForgetFetched();
      return changed;
    } catch (const Xapian::Error& e) {
      return FromXapian(e, path_ + ": reopening");
    }
  }

  // Parsing a stored document's JSON is most of the cost of answering a question (the
  // answer engine reads its best documents whole), and the same guidelines come back
  // question after question: the last kFetchCacheDocuments documents fetched are kept
  // parsed, until the index changes (Put, Delete, or a Reopen that finds a new revision).
  StatusOr<Document> Fetch(const std::string& doc_id) const override {
    if (auto cached = cache_.Get(doc_id)) return *std::move(cached);
    try {
      if (doc_id.size() > kMaxIdBytes) return Status::NotFound(doc_id + ": no such document");
      Xapian::PostingIterator it = db_->postlist_begin("Q" + doc_id);
      if (it == db_->postlist_end("Q" + doc_id)) return Status::NotFound(doc_id + ": no such document");
      const std::string data = db_->get_document(*it).get_data();
      if (auto fast = std::make_shared<Document>(); ScanStoredDocument(data, fast.get())) {
        cache_.Put(doc_id, fast);
        return *fast;
      }
      nlohmann::json j = nlohmann::json::parse(data, nullptr, false);
      if (j.is_discarded() || !j.contains("doc")) return Status::Corruption(doc_id + ": stored document is damaged");
      StatusOr<Document> parsed = DocumentFromJson(j["doc"]);
      if (!parsed.ok()) return parsed.status();
      auto doc = std::make_shared<const Document>(std::move(parsed).value());
      cache_.Put(doc_id, doc);
      return *doc;
    } catch (const Xapian::Error& e) {
      return FromXapian(e, doc_id + ": fetch failed");
    }
  }

  StatusOr<TermStats> TermFrequencies(const std::vector<std::string>& terms) const override {
    try {
      TermStats stats;
      stats.passages = db_->get_doccount();
      stats.passage_frequency.reserve(terms.size());
      for (const std::string& t : terms) stats.passage_frequency.push_back(t.empty() ? 0 : db_->get_termfreq(t));
      return stats;
    } catch (const Xapian::Error& e) {
      return FromXapian(e, "term statistics");
    }
  }

  StatusOr<std::vector<TermCount>> Terms(uint64_t min_passages) const override {
    try {
      std::vector<TermCount> out;
      const uint64_t min = std::max<uint64_t>(min_passages, 1);
      // Prefixed terms (field and boolean: upper-case prefixes) sort together between the
      // unprefixed terms starting with a digit and those starting with a lower-case or UTF-8
      // letter: skipped in one seek.
      auto it = db_->allterms_begin();
      const auto end = db_->allterms_end();
      while (it != end) {
        const std::string term = *it;
        if (!term.empty() && term[0] >= 'A' && term[0] <= 'Z') {
          it.skip_to("[");
          continue;
        }
        if (it.get_termfreq() >= min) out.push_back({term, it.get_termfreq()});
        ++it;
      }
      return out;
    } catch (const Xapian::Error& e) {
      return FromXapian(e, "term list");
    }
  }

  StatusOr<std::vector<std::string>> SamplePassages(size_t count) const override {
    try {
      std::vector<std::string> out;
      const Xapian::docid last = db_->get_lastdocid();
      if (count == 0 || last == 0) return out;
      const Xapian::docid step = std::max<Xapian::docid>(1, last / static_cast<Xapian::docid>(count));
      out.reserve(std::min<size_t>(count, last));
      for (Xapian::docid id = 1; id <= last && out.size() < count; id += step) {
        Xapian::Document xd;
        try {
          xd = db_->get_document(id);
        } catch (const Xapian::DocNotFoundError&) {
          continue;  // a deleted passage
        }
        PassageHit hit;
        if (ParsePassage(xd, &hit) && !hit.text.empty()) out.push_back(std::move(hit.text));
      }
      return out;
    } catch (const Xapian::Error& e) {
      return FromXapian(e, "passage sample");
    }
  }

  bool Contains(const std::string& doc_id) const override {
    try {
      return doc_id.size() <= kMaxIdBytes && db_->get_termfreq("Q" + doc_id) > 0;
    } catch (const Xapian::Error&) {
      return false;
    }
  }

  StatusOr<std::vector<PassageHit>> Search(const std::string& query,
                                           const SearchOptions& options) const override {
    try {
      std::vector<QueryTerm> terms = SearchTerms(query, options);
      if (terms.empty() || options.limit == 0) return std::vector<PassageHit>{};
      Xapian::Enquire enquire = Prepare(&terms, options);
      Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(Want(options)));
      std::vector<Candidate> candidates;
      candidates.reserve(mset.size());
      for (auto it = mset.begin(); it != mset.end(); ++it) {
        candidates.push_back({*it, it.get_document().get_value(kSlotDocId), it.get_weight(), it.get_weight(),
                              static_cast<uint32_t>(it.get_collapse_count() + 1)});
      }
      return Rank(terms, options, std::move(candidates));
    } catch (const Xapian::Error& e) {
      return FromXapian(e, "search failed");
    }
  }

  // One match for both lists when it can: the passages ranked for the passage search hold, in
  // rank order, each document's best passage; once they hold document_limit documents (or all
  // the query's matches), those are the documents the per-document search (collapsed on the
  // document id, the same query) would rank first, with the same weights. Otherwise the
  // per-document match runs too. Xapian's two matches were a third of an answer's instructions.
  StatusOr<PassagesAndDocuments> SearchPassagesAndDocuments(const std::string& query, const SearchOptions& options,
                                                            size_t document_limit) const override {
    // Feedback re-weighs the query from its own match: left to the two searches.
    if (options.one_per_document || options.prf_documents > 0) {
      return Index::SearchPassagesAndDocuments(query, options, document_limit);
    }
    try {
      PassagesAndDocuments out;
      std::vector<QueryTerm> terms = SearchTerms(query, options);
      if (terms.empty() || options.limit == 0 || document_limit == 0) {
        return Index::SearchPassagesAndDocuments(query, options, document_limit);
      }
      SearchOptions per_document = options;
      per_document.one_per_document = true;
      per_document.with_text = false;
      per_document.limit = document_limit;
      Xapian::Enquire enquire = Prepare(&terms, options);
      const size_t want = Want(options);
      Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(want));
      std::vector<Candidate> passages, documents;
      passages.reserve(mset.size());
      std::unordered_map<std::string, size_t> document_at;  // doc id -> index in documents
      for (auto it = mset.begin(); it != mset.end(); ++it) {
        passages.push_back({*it, it.get_document().get_value(kSlotDocId), it.get_weight(), it.get_weight(), 1});
        auto [at, fresh] = document_at.emplace(passages.back().doc_id, documents.size());
        if (fresh && documents.size() < document_limit) {
          documents.push_back(passages.back());
        } else if (!fresh && at->second < documents.size()) {
          ++documents[at->second].passages;
        }
      }
      if (documents.size() < document_limit && mset.size() >= want) {
        // Documents beyond the passages ranked may still come in: the collapsed match decides.
        documents.clear();
        enquire.set_collapse_key(kSlotDocId, 1);
        Xapian::MSet collapsed = enquire.get_mset(0, static_cast<Xapian::doccount>(Want(per_document)));
        for (auto it = collapsed.begin(); it != collapsed.end(); ++it) {
          documents.push_back({*it, it.get_document().get_value(kSlotDocId), it.get_weight(), it.get_weight(),
                               static_cast<uint32_t>(it.get_collapse_count() + 1)});
        }
      }
      auto passage_hits = Rank(terms, options, std::move(passages));
      if (!passage_hits.ok()) return passage_hits.status();
      auto document_hits = Rank(terms, per_document, std::move(documents));
      if (!document_hits.ok()) return document_hits.status();
      out.passages = std::move(passage_hits).value();
      out.documents = std::move(document_hits).value();
      return out;
    } catch (const Xapian::Error& e) {
      return FromXapian(e, "search failed");
    }
  }

  StatusOr<std::vector<QuestionHit>> SearchQuestions(const std::string& text, size_t limit) const override {
    try {
      Xapian::TermGenerator generator;
      generator.set_stemmer(stemmer_);
      generator.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL);
      Xapian::Document scratch;
      generator.set_document(scratch);
      generator.index_text_without_positions(text);
      std::vector<Xapian::Query> terms;
      for (auto it = scratch.termlist_begin(); it != scratch.termlist_end(); ++it) terms.emplace_back(*it);
      std::vector<QuestionHit> hits;
      if (terms.empty()) return hits;
      Xapian::Enquire enquire(*questions_);
      enquire.set_query(Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()));
      Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(limit));
      for (auto it = mset.begin(); it != mset.end(); ++it) {
        nlohmann::json j = nlohmann::json::parse(it.get_document().get_data(), nullptr, false);
        if (j.is_discarded()) continue;
        hits.push_back({j.value("q", ""), j.value("d", ""), it.get_weight()});
      }
      return hits;
    } catch (const Xapian::Error& e) {
      return FromXapian(e, "question search failed");
    }
  }

  StatusOr<std::vector<VocabularyEntry>> Vocabulary(const std::string& source) const override {
    try {
      std::vector<VocabularyEntry> out;
      const std::string prefix = "V" + source;
      for (auto it = db_->metadata_keys_begin(prefix); it != db_->metadata_keys_end(prefix); ++it) {
        const std::string key = *it;
        const size_t tab = key.find('\t');
        nlohmann::json j = nlohmann::json::parse(db_->get_metadata(key), nullptr, false);
        if (j.is_discarded()) continue;
        VocabularyEntry e;
        e.source = key.substr(1, tab == std::string::npos ? std::string::npos : tab - 1);
        e.id = j.value("id", "");
        e.term = j.value("term", "");
        e.synonyms = j.value("synonyms", std::vector<std::string>{});
        out.push_back(std::move(e));
      }
      return out;
    } catch (const Xapian::Error& e) {
      return FromXapian(e, "reading vocabulary failed");
    }
  }

  StatusOr<IndexStats> Stats() const override {
    try {
      IndexStats st;
      st.path = path_;
      st.passages = db_->get_doccount();
      st.documents = db_->get_termfreq("KDOC");
      st.questions = questions_->get_doccount();
      for (auto it = db_->allterms_begin("KS"); it != db_->allterms_end("KS"); ++it) {
        st.documents_by_source[(*it).substr(2)] = it.get_termfreq();
      }
      for (auto it = db_->allterms_begin("KT"); it != db_->allterms_end("KT"); ++it) {
        st.documents_by_type[(*it).substr(2)] = it.get_termfreq();
      }
      for (auto it = db_->metadata_keys_begin("V"); it != db_->metadata_keys_end("V"); ++it) {
        const std::string key = *it;
        st.vocabulary_by_source[key.substr(1, key.find('\t') - 1)]++;
      }
      for (auto it = db_->metadata_keys_begin("F"); it != db_->metadata_keys_end("F"); ++it) ++st.files_loaded;
      std::error_code ec;
      for (const auto& entry : std::filesystem::recursive_directory_iterator(path_, ec)) {
        if (entry.is_regular_file(ec)) st.bytes_on_disk += entry.file_size(ec);
      }
      return st;
    } catch (const Xapian::Error& e) {
      return FromXapian(e, "reading statistics failed");
    }
  }

  std::string GetMetadata(const std::string& key) const override {
    try {
      return db_->get_metadata(key);
    } catch (const Xapian::Error&) {
      return "";
    }
  }

  Status SetMetadata(const std::string& key, const std::string& value) override {
    if (wdb_ == nullptr) return Status::InvalidArgument("index opened read-only");
    try {
      wdb_->set_metadata(key, value);
      return Status::Ok();
    } catch (const Xapian::Error& e) {
      return FromXapian(e, "setting metadata failed");
    }
  }

 private:
  static constexpr size_t kFetchCacheDocuments = 64;

  void ForgetFetched() { cache_.Clear(); }

  static Xapian::Query OrOfTerms(const std::string& prefix, const std::vector<std::string>& values) {
    std::vector<Xapian::Query> terms;
    for (const auto& v : values) terms.emplace_back(prefix + v);
    return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
  }

  // A passage retrieved for a query, before it becomes a PassageHit.
  struct Candidate {
    Xapian::docid docid;
    std::string doc_id;
    double bm25;
    double score;
    uint32_t passages;  // with one_per_document: the document's matching passages
  };
  static constexpr size_t kMaxTermBytes = 240;

  // The query's terms as Search uses them: options.terms, else the query text tokenised; without
  // empty, overlong or weightless terms.
  std::vector<QueryTerm> SearchTerms(const std::string& query, const SearchOptions& options) const {
    std::vector<QueryTerm> terms = options.terms.empty() ? TokeniseQuery(query) : options.terms;
    std::erase_if(terms,
                  [](const QueryTerm& t) { return t.term.empty() || t.term.size() > kMaxTermBytes || t.weight <= 0; });
    return terms;
  }

  // How many matches Search ranks for options: with one hit per document, each document's best
  // passage; otherwise enough passages beyond `limit` for document evidence and the evidence
  // boost to reorder.
  static size_t Want(const SearchOptions& options) {
    const bool rerank = options.document_weight > 0 || options.evidence_boost > 0;
    return rerank && !options.one_per_document ? options.limit * 2 + 20 : options.limit;
  }

  // An Enquire set up with Search's weighting, order, query (after feedback, which may change
  // *terms) and filters, and collapsed on the document with one_per_document.
  Xapian::Enquire Prepare(std::vector<QueryTerm>* terms, const SearchOptions& options) const {
    Xapian::Enquire enquire(*db_);
    // k2 = 0 (no document-length correction term) and k3 = 0: query-term frequency is
    // already folded into each QueryTerm's weight, applied by OP_SCALE_WEIGHT.
    enquire.set_weighting_scheme(Xapian::BM25Weight(options.bm25_k1, 0, 0, options.bm25_b, options.bm25_min_normlen));
    enquire.set_docid_order(Xapian::Enquire::ASCENDING);
    const auto own_terms = static_cast<size_t>(
        std::count_if(terms->begin(), terms->end(), [](const QueryTerm& t) { return t.weight >= 1; }));
    if (options.prf_documents > 0 && (options.prf_max_query_terms == 0 || own_terms <= options.prf_max_query_terms)) {
      enquire.set_query(ApplyFilters(BuildQuery(*terms, options), options));
      enquire.set_collapse_key(kSlotDocId, 1);  // feedback from distinct documents
      *terms = Rm3Terms(*terms, enquire.get_mset(0, static_cast<Xapian::doccount>(options.prf_documents)), options);
      enquire.set_collapse_key(Xapian::BAD_VALUENO);
    }
    enquire.set_query(ApplyFilters(BuildQuery(*terms, options), options));
    if (options.one_per_document) enquire.set_collapse_key(kSlotDocId, 1);
    return enquire;
  }

  // The hits of a match's candidates (in the match's order): document evidence and the evidence
  // boost applied, reordered, cut to options.limit, read (with or without their text).
  StatusOr<std::vector<PassageHit>> Rank(const std::vector<QueryTerm>& terms, const SearchOptions& options,
                                         std::vector<Candidate> candidates) const {
    const bool rerank = options.document_weight > 0 || options.evidence_boost > 0;
    if (options.document_weight > 0) AddDocumentEvidence(terms, options, &candidates);
    if (options.evidence_boost > 0) ApplyEvidenceBoost(&candidates, options);
    if (rerank) {
      std::stable_sort(candidates.begin(), candidates.end(),
                       [](const Candidate& a, const Candidate& b) { return a.score > b.score; });
    }
    std::vector<PassageHit> hits;
    hits.reserve(std::min(options.limit, candidates.size()));
    for (const Candidate& c : candidates) {
      if (hits.size() == options.limit) break;
      const Xapian::Document xd = db_->get_document(c.docid);
      PassageHit hit;
      if (!ParsePassage(xd, &hit)) continue;  // (the span is in the passage's data with its text)
      if (!options.with_text) {
        hit.text.clear();
        hit.section.clear();
      }
      hit.score = c.score;
      hit.bm25 = c.bm25;
      hit.passages_matched = c.passages;
      hits.push_back(std::move(hit));
    }
    return hits;
  }

  // The query text as the index would store it (same TermGenerator, stemmer and
  // strategy as Put): no query syntax, so claims full of brackets, colons, quotes and
  // hyphens are plain words. Each distinct term weighs its number of occurrences.
  std::vector<QueryTerm> TokeniseQuery(const std::string& text) const {
    Xapian::TermGenerator gen;
    gen.set_stemmer(stemmer_);
    gen.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL);
    Xapian::Document scratch;
    gen.set_document(scratch);
    gen.index_text_without_positions(text);
    std::vector<QueryTerm> out;
    for (auto it = scratch.termlist_begin(); it != scratch.termlist_end(); ++it) {
      out.push_back({*it, static_cast<double>(it.get_wdf())});
    }
    return out;
  }

  // OR of every term, each scaled by its weight; with title weighting, a term also
  // matches the title field ("S" prefix) at title_weight times its weight.
  static Xapian::Query BuildQuery(const std::vector<QueryTerm>& terms, const SearchOptions& options) {
    std::vector<Xapian::Query> parts;
    parts.reserve(terms.size() * 2);
    for (const QueryTerm& t : terms) {
      parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(t.term), t.weight);
      if (options.title_weight > 0 && t.term.size() + 1 <= kMaxTermBytes) {
        parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query("S" + t.term),
                           t.weight * options.title_weight);
      }
    }
    return Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end());
  }

  // RM3 (Abdul-Jaleel et al. 2004, as in Anserini): P(t|R) = sum over the feedback
  // documents (the best-scoring distinct documents, each read whole: all its passages) of
  // P(t|document) weighted by the document's normalised score; the prf_terms
  // most probable terms, normalised, are interpolated with the normalised original query
  // (prf_weight on the original). As Anserini does, terms in more than 10% of passages
  // (stopwords, in an index that keeps them) and prefixed field terms are not candidates.
  std::vector<QueryTerm> Rm3Terms(const std::vector<QueryTerm>& terms, const Xapian::MSet& mset,
                                  const SearchOptions& options) const {
    if (mset.empty() || options.prf_terms == 0) return terms;
    double total_score = 0;
    for (auto it = mset.begin(); it != mset.end(); ++it) total_score += it.get_weight();
    if (total_score <= 0) return terms;
    const double max_df = 0.1 * static_cast<double>(db_->get_doccount());
    std::map<std::string, double> feedback;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      // The feedback document's language model: all of its passages (its XD term).
      double length = 0;
      std::map<std::string, double> body;
      const std::string xd = "XD" + it.get_document().get_value(kSlotDocId);
      for (auto p = db_->postlist_begin(xd); p != db_->postlist_end(xd); ++p) {
        for (auto t = db_->termlist_begin(*p); t != db_->termlist_end(*p); ++t) {
          const std::string term = *t;
          if (term.empty() || (term[0] >= 'A' && term[0] <= 'Z')) continue;  // prefixed: field or boolean
          length += t.get_wdf();
          if (term.find_first_not_of("0123456789.,") == std::string::npos) continue;  // numbers
          if (static_cast<double>(t.get_termfreq()) > max_df) continue;
          body[term] += t.get_wdf();
        }
      }
      if (length <= 0) continue;
      const double doc_weight = it.get_weight() / total_score;
      for (const auto& [term, wdf] : body) feedback[term] += doc_weight * wdf / length;
    }
    return MergeFeedback(feedback, terms, options);
  }

  // Lucene's BM25 idf, log(1 + (N - n + 0.5) / (n + 0.5)), over passages.
  double Idf(const std::string& term) const {
    const double n = db_->get_termfreq(term);
    const double total = db_->get_doccount();
    return std::log(1 + (total - n + 0.5) / (n + 0.5));
  }

  // Document evidence: the BM25 score of each candidate's whole document, its passages
  // read as one text (term frequencies summed over the document's passages, found
  // through its XD term; length = the passages' lengths summed, against the average of
  // that over documents), plus its title at title_weight (saturated frequency, no length
  // normalisation: titles are short). Idf is taken over passages. Added to the passage
  // score times document_weight, for the first document_depth candidates.
  // Sorts passages (docid, document index), made of runs that are each ascending already (one
  // document's posting list; a document's passages are usually added together, so the runs rarely
  // overlap): the runs in order of their first passage, and a full sort only when they overlap.
  static void SortPassages(std::vector<std::pair<size_t, size_t>>& runs,
                           std::vector<std::pair<Xapian::docid, size_t>>* passages) {
    std::sort(runs.begin(), runs.end(), [passages](const auto& a, const auto& b) {
      return (*passages)[a.first].first < (*passages)[b.first].first;
    });
    std::vector<std::pair<Xapian::docid, size_t>> sorted;
    sorted.reserve(passages->size());
    for (const auto& [begin, end] : runs) {
      sorted.insert(sorted.end(), passages->begin() + static_cast<std::ptrdiff_t>(begin),
                    passages->begin() + static_cast<std::ptrdiff_t>(end));
    }
    if (!std::is_sorted(sorted.begin(), sorted.end())) std::sort(sorted.begin(), sorted.end());
    *passages = std::move(sorted);
  }

  void AddDocumentEvidence(const std::vector<QueryTerm>& terms, const SearchOptions& options,
                           std::vector<Candidate>* candidates) const {
    const double documents = std::max<double>(1, db_->get_termfreq("KDOC"));
    const double avg_length = std::max(1.0, static_cast<double>(db_->get_total_length()) / documents);
    const double k1 = options.bm25_k1, b = options.bm25_b;
    const size_t depth = std::min(candidates->size(), options.document_depth);
    // The passages of each candidate document, all in one ascending list.
    std::unordered_map<std::string, double> doc_score;
    std::vector<std::pair<Xapian::docid, size_t>> passages;  // (passage, document index)
    std::vector<std::string> docs;
    std::vector<std::pair<size_t, size_t>> runs;  // [begin, end) in passages: one document's, ascending
    for (size_t i = 0; i < depth; ++i) {
      const std::string& id = (*candidates)[i].doc_id;
      if (!doc_score.emplace(id, 0).second) continue;
      const std::string xd = "XD" + id;
      const size_t begin = passages.size();
      for (auto p = db_->postlist_begin(xd); p != db_->postlist_end(xd); ++p) {
        passages.emplace_back(*p, docs.size());
      }
      if (passages.size() > begin) runs.emplace_back(begin, passages.size());
      docs.push_back(id);
    }
    SortPassages(runs, &passages);
    std::vector<double> length(docs.size(), 0), first_passage(docs.size(), 0);
    for (const auto& [p, d] : passages) {
      length[d] += db_->get_doclength(p);
      if (first_passage[d] == 0) first_passage[d] = p;
    }
    std::vector<double> tf(docs.size()), title_tf(docs.size()), score(docs.size(), 0);
    for (const QueryTerm& t : terms) {
      std::fill(tf.begin(), tf.end(), 0);
      std::fill(title_tf.begin(), title_tf.end(), 0);
      const std::string title_term = "S" + t.term;
      auto it = db_->postlist_begin(t.term), end = db_->postlist_end(t.term);
      auto title_it = db_->postlist_begin(title_term), title_end = db_->postlist_end(title_term);
      // The posting list's current passage, kept here: most passages are not in a term's list,
      // and asking the iterator to skip to where it already is costs a call per passage.
      constexpr Xapian::docid kPastEnd = std::numeric_limits<Xapian::docid>::max();
      Xapian::docid at = it != end ? *it : kPastEnd;
      for (const auto& [p, d] : passages) {
        if (at < p) {
          it.skip_to(p);
          at = it != end ? *it : kPastEnd;
        }
        if (at == p) tf[d] += it.get_wdf();
        if (options.title_weight > 0 && title_it != title_end && first_passage[d] == p) {
          title_it.skip_to(p);
          if (title_it != title_end && *title_it == p) title_tf[d] = title_it.get_wdf();
        }
      }
      const double idf = Idf(t.term);
      const double title_idf = options.title_weight > 0 ? Idf(title_term) : 0;
      for (size_t d = 0; d < docs.size(); ++d) {
        if (tf[d] > 0) {
          score[d] += t.weight * idf * tf[d] / (tf[d] + k1 * (1 - b + b * length[d] / avg_length));
        }
        if (title_tf[d] > 0) {
          score[d] += t.weight * options.title_weight * title_idf * title_tf[d] / (title_tf[d] + k1);
        }
      }
    }
    // Xapian's BM25 carries a (k1 + 1) factor Lucene's does not; put both on one scale.
    for (size_t d = 0; d < docs.size(); ++d) doc_score[docs[d]] = score[d] * (k1 + 1);
    for (size_t i = 0; i < depth; ++i) {
      Candidate& c = (*candidates)[i];
      c.score = c.bm25 + options.document_weight * doc_score[c.doc_id];
    }
  }

  // Evidence preference: score x (1 + evidence_boost x level), level 1 for guidelines
  // and drug labels down to 0 for RefType::kOther, following EvidenceRank (document.h). Skipped when
  // the index holds a single reference type; types are read in docid order from the
  // value stream.
  void ApplyEvidenceBoost(std::vector<Candidate>* candidates, const SearchOptions& options) const {
    size_t types = 0;
    for (auto it = db_->allterms_begin("KT"); it != db_->allterms_end("KT") && types < 2; ++it) ++types;
    if (types < 2) return;
    const double kLowest = static_cast<double>(EvidenceRank(RefType::kOther));
    std::vector<Candidate*> by_docid;
    by_docid.reserve(candidates->size());
    for (Candidate& c : *candidates) by_docid.push_back(&c);
    std::sort(by_docid.begin(), by_docid.end(),
              [](const Candidate* a, const Candidate* b) { return a->docid < b->docid; });
    Xapian::ValueIterator value = db_->valuestream_begin(kSlotType);
    for (Candidate* c : by_docid) {
      if (value == db_->valuestream_end(kSlotType)) break;
      value.skip_to(c->docid);
      if (value == db_->valuestream_end(kSlotType) || value.get_docid() != c->docid) continue;
      RefType type = RefType::kOther;
      ParseRefType(*value, &type);
      c->score *= 1 + options.evidence_boost * (kLowest - static_cast<double>(EvidenceRank(type))) / kLowest;
    }
  }

  // Reads the top-level passage fields of the stored data without building the stored
  // document (the first passage also holds the whole document, many kilobytes): a SAX
  // pass that keeps "d", "s", "e", "l", "x" and skips everything nested.
  class PassageFields : public nlohmann::json::json_sax_t {
   public:
    explicit PassageFields(PassageHit* hit) : hit_(hit) {}
    bool null() override { return true; }
    bool boolean(bool) override { return true; }
    bool number_integer(number_integer_t v) override { return Number(static_cast<uint64_t>(v)); }
    bool number_unsigned(number_unsigned_t v) override { return Number(v); }
    bool number_float(number_float_t, const string_t&) override { return true; }
    bool string(string_t& v) override {
      if (depth_ != 1) return true;
      if (key_ == "d") hit_->doc_id = std::move(v);
      if (key_ == "l") hit_->section = std::move(v);
      if (key_ == "x") hit_->text = std::move(v);
      return true;
    }
    bool binary(binary_t&) override { return true; }
    bool start_object(std::size_t) override { return ++depth_, true; }
    bool key(string_t& k) override {
      if (depth_ == 1) key_ = k;
      return true;
    }
    bool end_object() override { return --depth_, true; }
    bool start_array(std::size_t) override { return ++depth_, true; }
    bool end_array() override { return --depth_, true; }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) override {
      return false;
    }

   private:
    bool Number(uint64_t v) {
      if (depth_ == 1 && key_ == "s") hit_->span.start = static_cast<uint32_t>(v);
      if (depth_ == 1 && key_ == "e") hit_->span.end = static_cast<uint32_t>(v);
      return true;
    }
    PassageHit* hit_;
    int depth_ = 0;
    std::string key_;
  };

  // The document of a passage's stored data ({"d", "doc": {...}, "e", "l", "s", "x"}), read
  // with ScanDocument; false when that does not apply (Fetch then parses the data with nlohmann,
  // which gives the document or the error).
  static bool ScanStoredDocument(std::string_view data, Document* doc) {
    JsonScanner in(data);
    if (!in.BeginObject()) return false;
    std::string key;
    bool found = false;
    for (bool done = false;;) {
      if (!in.NextKey(&key, &done)) return false;
      if (done) break;
      if (key != "doc") {
        if (!in.Skip()) return false;
        continue;
      }
      if (found || !ScanDocument(&in, doc)) return false;  // a repeated "doc" is nlohmann's to judge
      found = true;
    }
    return found && in.AtEnd();
  }

  // PassageFields' reading of a passage's stored data, with JsonScanner: the top-level "d", "l",
  // "x" (strings) and "s", "e" (numbers), everything else skipped. False when that does not apply
  // (ParsePassage then runs PassageFields, which gives the same fields or the error).
  static bool ScanPassageFields(std::string_view data, PassageHit* hit) {
    JsonScanner in(data);
    if (!in.BeginObject()) return false;
    std::string key;
    for (bool done = false;;) {
      if (!in.NextKey(&key, &done)) return false;
      if (done) return true;  // (sax_parse is not strict: what follows the object is not read)
      bool ok = true;
      if (key == "d") {
        ok = in.String(&hit->doc_id);
      } else if (key == "l") {
        ok = in.String(&hit->section);
      } else if (key == "x") {
        ok = in.String(&hit->text);
      } else if (key == "s" || key == "e") {
        uint64_t v = 0;
        ok = in.Unsigned(&v);
        (key == "s" ? hit->span.start : hit->span.end) = static_cast<uint32_t>(v);
      } else {
        ok = in.Skip();
      }
      if (!ok) return false;
    }
  }

  // Fills hit from a stored passage (its data and values); false when the data is damaged.
  static bool ParsePassage(const Xapian::Document& xd, PassageHit* hit) {
    const std::string data = xd.get_data();
    if (PassageHit scanned = *hit; ScanPassageFields(data, &scanned)) {
      *hit = std::move(scanned);
      ReadValues(xd, hit);
      return true;
    }
    PassageFields fields(hit);
    if (!nlohmann::json::sax_parse(data, &fields, nlohmann::json::input_format_t::json, false)) return false;
    ReadValues(xd, hit);
    return true;
  }

  static void ReadValues(const Xapian::Document& xd, PassageHit* hit) {
    hit->source = xd.get_value(kSlotSource);
    ParseRefType(xd.get_value(kSlotType), &hit->type);
    hit->year = static_cast<int>(Xapian::sortable_unserialise(xd.get_value(kSlotYear)));
  }

  static Xapian::Query ApplyFilters(Xapian::Query q, const SearchOptions& options) {
    if (!options.types.empty()) {
      std::vector<std::string> names;
      for (RefType t : options.types) names.emplace_back(RefTypeName(t));
      q = Xapian::Query(Xapian::Query::OP_FILTER, q, OrOfTerms("XT", names));
    }
    if (!options.sources.empty()) q = Xapian::Query(Xapian::Query::OP_FILTER, q, OrOfTerms("XS", options.sources));
    if (options.min_year != 0 || options.max_year != 0) {
      const double lo = options.min_year != 0 ? options.min_year : 0;
      const double hi = options.max_year != 0 ? options.max_year : 9999;
      q = Xapian::Query(Xapian::Query::OP_FILTER, q,
                        Xapian::Query(Xapian::Query::OP_VALUE_RANGE, kSlotYear, Xapian::sortable_serialise(lo),
                                      Xapian::sortable_serialise(hi)));
    }
    return q;
  }

  std::string path_;
  std::unique_ptr<Xapian::Database> db_;
  mutable FetchCache cache_{kFetchCacheDocuments};  // see Fetch
  Xapian::WritableDatabase* wdb_;  // db_ viewed as writable, or null when read-only
  std::unique_ptr<Xapian::Database> questions_;
  Xapian::WritableDatabase* wquestions_;
  Xapian::Stem stemmer_;
  Xapian::TermGenerator generator_;
};

}  // namespace

StatusOr<std::unique_ptr<Index>> OpenXapianIndex(const std::string& path, Index::Mode mode) {
  try {
    if (mode == Index::Mode::kReadOnly) {
      if (!std::filesystem::exists(path)) {
        return Status::NotFound(path + ": no index here (run `medoracle ingest` first, or pass --index)");
      }
      auto db = std::make_unique<Xapian::Database>(path);
      std::unique_ptr<Xapian::Database> questions;
      if (std::filesystem::exists(path + "/questions")) {
        questions = std::make_unique<Xapian::Database>(path + "/questions");
      } else {
        questions = std::make_unique<Xapian::Database>();  // empty: an index from before the bank
      }
      return std::unique_ptr<Index>(new XapianIndex(path, std::move(db), nullptr, std::move(questions), nullptr));
    }
    std::error_code ec;
    std::filesystem::create_directories(path, ec);
    if (ec) return Status::IoError(path + ": cannot create index directory: " + ec.message());
    // Flush only when the ingester commits (it commits in batches at file boundaries),
    // not after Xapian's default of 10,000 changed documents: fewer, larger flushes are
    // faster, and every commit lands on a file boundary.
    setenv("XAPIAN_FLUSH_THRESHOLD", "100000000", /*overwrite=*/0);
    auto wdb = std::make_unique<Xapian::WritableDatabase>(path, Xapian::DB_CREATE_OR_OPEN);
    Xapian::WritableDatabase* raw = wdb.get();
    auto wquestions = std::make_unique<Xapian::WritableDatabase>(path + "/questions", Xapian::DB_CREATE_OR_OPEN);
    Xapian::WritableDatabase* raw_questions = wquestions.get();
    return std::unique_ptr<Index>(
        new XapianIndex(path, std::move(wdb), raw, std::move(wquestions), raw_questions));
  } catch (const Xapian::Error& e) {
    return FromXapian(e, path + ": cannot open index");
  }
}

}  // namespace medoracle
