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

#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "corpus/document_json.h"
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
      const std::string term = Lower(entry.term);
      for (const auto& raw : entry.synonyms) {
        const std::string syn = Lower(raw);
        if (syn.empty() || syn == term) continue;
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

  StatusOr<Document> Fetch(const std::string& doc_id) const override {
    try {
      if (doc_id.size() > kMaxIdBytes) return Status::NotFound(doc_id + ": no such document");
      Xapian::PostingIterator it = db_->postlist_begin("Q" + doc_id);
      if (it == db_->postlist_end("Q" + doc_id)) return Status::NotFound(doc_id + ": no such document");
      const std::string data = db_->get_document(*it).get_data();
      nlohmann::json j = nlohmann::json::parse(data, nullptr, false);
      if (j.is_discarded() || !j.contains("doc")) return Status::Corruption(doc_id + ": stored document is damaged");
      return DocumentFromJson(j["doc"]);
    } catch (const Xapian::Error& e) {
      return FromXapian(e, doc_id + ": fetch failed");
    }
  }

  bool Contains(const std::string& doc_id) const override {
    try {
      return doc_id.size() <= kMaxIdBytes && db_->get_termfreq("Q" + doc_id) > 0;
    } catch (const Xapian::Error&) {
      return false;
    }
  }

  StatusOr<std::vector<PassageHit>> Search(const std::string& query, const SearchOptions& options) const override {
    try {
      Xapian::QueryParser parser;
      parser.set_stemmer(stemmer_);
      parser.set_stemming_strategy(Xapian::QueryParser::STEM_ALL);
      parser.set_database(*db_);
      parser.set_default_op(Xapian::Query::OP_OR);
      parser.add_prefix("title", "S");
      Xapian::Query q = parser.parse_query(query, Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_LOVEHATE);
      q = ApplyFilters(q, options);
      Xapian::Enquire enquire(*db_);
      enquire.set_query(q);
      enquire.set_weighting_scheme(Xapian::BM25Weight());
      Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(options.limit));
      std::vector<PassageHit> hits;
      hits.reserve(mset.size());
      for (auto it = mset.begin(); it != mset.end(); ++it) {
        const Xapian::Document xd = it.get_document();
        nlohmann::json data = nlohmann::json::parse(xd.get_data(), nullptr, false);
        if (data.is_discarded()) continue;
        PassageHit hit;
        hit.doc_id = data.value("d", "");
        hit.section = data.value("l", "");
        hit.span = {data.value("s", 0u), data.value("e", 0u)};
        hit.text = data.value("x", "");
        hit.source = xd.get_value(kSlotSource);
        ParseRefType(xd.get_value(kSlotType), &hit.type);
        hit.year = static_cast<int>(Xapian::sortable_unserialise(xd.get_value(kSlotYear)));
        hit.score = it.get_weight();
        hits.push_back(std::move(hit));
      }
      return hits;
    } catch (const Xapian::QueryParserError& e) {
      return Status::InvalidArgument("cannot parse query: " + e.get_msg());
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
  static Xapian::Query OrOfTerms(const std::string& prefix, const std::vector<std::string>& values) {
    std::vector<Xapian::Query> terms;
    for (const auto& v : values) terms.emplace_back(prefix + v);
    return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
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
  Xapian::WritableDatabase* wdb_;  // db_ viewed as writable, or null when read-only
  std::unique_ptr<Xapian::Database> questions_;
  Xapian::WritableDatabase* wquestions_;
  Xapian::Stem stemmer_;
  Xapian::TermGenerator generator_;
};

}  // namespace

StatusOr<std::unique_ptr<Index>> OpenIndex(const std::string& path, Index::Mode mode) {
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
