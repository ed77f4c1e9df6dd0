// The evidence index (docs/index-format.md): immutable segments published by a manifest,
// per-segment deletion bitmaps, BM25 scoring as Xapian's (the backend medoracle had before
// 2026-12-06, whose rankings the retrieval expected results were measured with) term for term.
//
// Directory: MANIFEST (JSON: generation, segments with their deletion files, the metadata
// file), seg-N.mos (segment_format.h), del-N.roar (CRoaring portable bitmap of deleted document
// ordinals), meta-N.json (metadata and vocabulary), LOCK (flock of the one writer). Every file
// but MANIFEST and LOCK is written once under a new number and fsynced; Commit then writes
// MANIFEST.tmp, fsyncs it, renames it over MANIFEST and fsyncs the directory, so a crash at any
// moment leaves the last published manifest and the files it names. Files no manifest names
// (a crashed writer's) are removed when the next writer opens or commits.
#include <fcntl.h>
#include <roaring/roaring.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <type_traits>
#include <unordered_map>
#include <utility>

#include "index/backends.h"
#include "index/feedback.h"
#include "index/fetch_cache.h"
#include "index/index.h"
#include "index/segment_builder.h"
#include "index/segment_format.h"

namespace medoracle {
namespace {

using segments::Field;
using segments::PostingCursor;
using segments::SegmentReader;
namespace fs = std::filesystem;

constexpr size_t kMaxIdBytes = 200;    // as the Xapian backend had it: indexes accept what they did
constexpr size_t kMaxTermBytes = 240;  // likewise for query terms
constexpr size_t kFetchCacheDocuments = 64;
// More segments than this after a commit: adjacent ones are merged (the window of kMergeWidth
// with the fewest bytes) until there are no more than kMaxSegments.
constexpr size_t kMaxSegments = 8;
constexpr size_t kMergeWidth = 4;
// Passages a search scores at a time (RankInto): 4096 keeps a window's arrays (64 KiB) in L2.
constexpr uint32_t kWindow = 4096;
constexpr char kManifest[] = "MANIFEST";
constexpr char kFormatName[] = "medoracle-segments";

Status WriteFileDurably(const fs::path& path, const std::string& bytes) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Status::IoError(path.string() + ": cannot create: " + std::strerror(errno));
  size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t w = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) break;
    done += static_cast<size_t>(w);
  }
  const bool ok = done == bytes.size() && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) return Status::IoError(path.string() + ": write failed");
  return Status::Ok();
}

void SyncDirectory(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

StatusOr<std::string> ReadWholeFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path.string() + ": missing");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A set of deleted document ordinals (CRoaring), immutable once published.
class DocSet {
 public:
  DocSet() : r_(roaring_bitmap_create()) {}
  explicit DocSet(roaring_bitmap_t* r) : r_(r) {}
  DocSet(const DocSet& o) : r_(roaring_bitmap_copy(o.r_)) {}
  DocSet& operator=(const DocSet&) = delete;
  ~DocSet() { roaring_bitmap_free(r_); }
  void Add(uint32_t v) { roaring_bitmap_add(r_, v); }
  bool Contains(uint32_t v) const { return roaring_bitmap_contains(r_, v); }
  uint64_t size() const { return roaring_bitmap_get_cardinality(r_); }
  std::vector<uint32_t> Members() const {
    std::vector<uint32_t> out(size());
    roaring_bitmap_to_uint32_array(r_, out.data());
    return out;
  }
  std::string Serialize() const {
    std::string out(roaring_bitmap_portable_size_in_bytes(r_), '\0');
    roaring_bitmap_portable_serialize(r_, out.data());
    return out;
  }
  static std::unique_ptr<DocSet> Deserialize(const std::string& bytes) {
    roaring_bitmap_t* r = roaring_bitmap_portable_deserialize_safe(bytes.data(), bytes.size());
    if (r == nullptr) return nullptr;
    return std::make_unique<DocSet>(r);
  }

 private:
  roaring_bitmap_t* r_;
};

// A deletion file: the bitmap's length (u64), the CRoaring portable bitmap, then JSON
// {"passages": {term: units}, "questions": {term: units}} of the deleted documents' terms.
std::string EncodeDeletions(const DocSet& deleted,
                            const std::unordered_map<std::string, uint32_t>* const dead_terms[2]) {
  const std::string bitmap = deleted.Serialize();
  const uint64_t n = bitmap.size();
  std::string out(reinterpret_cast<const char*>(&n), 8);
  out += bitmap;
  nlohmann::json j = {{"passages", nlohmann::json::object()}, {"questions", nlohmann::json::object()}};
  for (int f = 0; f < 2; ++f) {
    if (dead_terms[f] == nullptr) continue;
    for (const auto& [term, count] : *dead_terms[f]) j[f == 0 ? "passages" : "questions"][term] = count;
  }
  return out + j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

// A published segment with its deletions and what they leave live.
struct SegmentState {
  std::string file, deleted_file;
  std::shared_ptr<const SegmentReader> reader;
  std::shared_ptr<const DocSet> deleted;  // null: none
  std::vector<uint8_t> dead_passage;      // empty when nothing is deleted
  std::vector<uint8_t> dead_doc;
  uint64_t live_docs = 0, live_passages = 0, live_length = 0, live_questions = 0, live_question_length = 0;
  std::array<uint64_t, 32> live_by_type{};  // live documents per RefType
  // Units of the deleted documents holding each term (passages, questions), so document
  // frequencies count live units only, as Xapian's do. Kept in the deletion file.
  using TermCounts = std::unordered_map<std::string, uint32_t>;
  std::shared_ptr<const TermCounts> dead_terms[2];

  uint32_t LiveDocFrequency(Field field, const std::string& term) const {
    const uint32_t df = reader->DocFrequency(field, term);
    const auto& dead = dead_terms[static_cast<size_t>(field)];
    if (df == 0 || !dead) return df;
    auto it = dead->find(term);
    return it == dead->end() ? df : df - std::min(df, it->second);
  }

  bool PassageDead(uint32_t p) const { return !dead_passage.empty() && dead_passage[p] != 0; }
  bool DocDead(uint32_t d) const { return !dead_doc.empty() && dead_doc[d] != 0; }

  // Counts document d (live until now) as deleted.
  void MarkDead(uint32_t d) {
    const SegmentReader& r = *reader;
    if (dead_doc.empty()) {
      dead_doc.assign(r.doc_count(), 0);
      dead_passage.assign(r.passage_count(), 0);
    }
    dead_doc[d] = 1;
    const segments::DocEntry e = r.doc(d);
    --live_docs;
    --live_by_type[e.type & 31];
    live_passages -= e.passage_count;
    live_questions -= e.question_count;
    for (uint32_t p = e.first_passage; p < e.first_passage + e.passage_count; ++p) {
      dead_passage[p] = 1;
      live_length -= r.passage_length(p);
    }
    for (uint32_t q = e.first_question; q < e.first_question + e.question_count; ++q) {
      live_question_length -= r.question(q).length;
    }
  }
};

std::shared_ptr<SegmentState> MakeSegmentState(std::string file, std::string deleted_file,
                                               std::shared_ptr<const SegmentReader> reader,
                                               std::shared_ptr<const DocSet> deleted) {
  auto s = std::make_shared<SegmentState>();
  s->file = std::move(file);
  s->deleted_file = std::move(deleted_file);
  s->reader = std::move(reader);
  const SegmentReader& r = *s->reader;
  s->live_docs = r.doc_count();
  s->live_passages = r.passage_count();
  s->live_length = r.total_passage_length();
  s->live_questions = r.question_count();
  for (uint32_t q = 0; q < r.question_count(); ++q) s->live_question_length += r.question(q).length;
  for (uint32_t d = 0; d < r.doc_count(); ++d) ++s->live_by_type[r.doc(d).type & 31];
  if (deleted) {
    for (uint32_t d : deleted->Members()) {
      if (d < r.doc_count() && !s->DocDead(d)) s->MarkDead(d);
    }
  }
  s->deleted = std::move(deleted);
  return s;
}

// Metadata and vocabulary (one file per change, named by the manifest).
struct Meta {
  std::map<std::string, std::string> metadata;
  std::map<std::string, VocabularyEntry> vocabulary;  // "<source>\t<id or term>"
};

std::string MetaToJson(const Meta& meta) {
  nlohmann::json vocab = nlohmann::json::object();
  for (const auto& [key, e] : meta.vocabulary) {
    vocab[key] = {{"source", e.source}, {"id", e.id}, {"term", e.term}, {"synonyms", e.synonyms}};
  }
  return nlohmann::json({{"metadata", meta.metadata}, {"vocabulary", vocab}})
      .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

StatusOr<Meta> MetaFromJson(const std::string& text) {
  nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Status::Corruption("metadata file is damaged");
  Meta meta;
  try {
    meta.metadata = j.value("metadata", std::map<std::string, std::string>{});
    const nlohmann::json vocabulary = j.value("vocabulary", nlohmann::json::object());
    for (const auto& [key, v] : vocabulary.items()) {
      VocabularyEntry e;
      e.source = v.value("source", "");
      e.id = v.value("id", "");
      e.term = v.value("term", "");
      e.synonyms = v.value("synonyms", std::vector<std::string>{});
      meta.vocabulary[key] = std::move(e);
    }
  } catch (const nlohmann::json::exception& e) {
    return Status::Corruption(std::string("metadata file is damaged: ") + e.what());
  }
  return meta;
}

// Everything a reader sees: one published (or, for the writer, working) state of the index.
struct Snapshot {
  uint64_t generation = 0;
  uint64_t next_file = 1;
  std::string meta_file;
  std::vector<std::shared_ptr<const SegmentState>> segments;
  std::shared_ptr<const Meta> meta = std::make_shared<Meta>();
  uint64_t documents = 0, passages = 0, total_length = 0, questions = 0, total_question_length = 0;
  uint32_t types_present = 0;  // bit per RefType with a live document

  void Tally() {
    documents = passages = total_length = questions = total_question_length = 0;
    types_present = 0;
    for (const auto& s : segments) {
      documents += s->live_docs;
      passages += s->live_passages;
      total_length += s->live_length;
      questions += s->live_questions;
      total_question_length += s->live_question_length;
      for (size_t t = 0; t < s->live_by_type.size(); ++t) {
        if (s->live_by_type[t] > 0) types_present |= 1u << t;
      }
    }
  }
};

std::string FileName(const char* prefix, uint64_t n, const char* ext) {
  char buf[64];
  std::snprintf(buf, sizeof(buf), "%s-%06llu.%s", prefix, static_cast<unsigned long long>(n), ext);
  return buf;
}

std::string ManifestJson(const Snapshot& s) {
  nlohmann::json segs = nlohmann::json::array();
  for (const auto& seg : s.segments) segs.push_back({{"file", seg->file}, {"deleted", seg->deleted_file}});
  return nlohmann::json({{"format", kFormatName},
                         {"version", 1},
                         {"generation", s.generation},
                         {"next_file", s.next_file},
                         {"meta", s.meta_file},
                         {"segments", segs}})
             .dump(1) +
         "\n";
}

// Reads the published state at dir, reusing the readers of `previous` for files it already has.
// Errors: kNotFound (no manifest), kCorruption, kIoError.
StatusOr<std::shared_ptr<Snapshot>> LoadSnapshot(const fs::path& dir, const Snapshot* previous) {
  StatusOr<std::string> text = ReadWholeFile(dir / kManifest);
  if (!text.ok()) return text.status();
  nlohmann::json j = nlohmann::json::parse(*text, nullptr, false);
  if (j.is_discarded() || !j.is_object() || j.value("format", "") != kFormatName) {
    return Status::Corruption((dir / kManifest).string() + ": not a medoracle segment manifest");
  }
  if (j.value("version", 0) != 1) return Status::Corruption((dir / kManifest).string() + ": unknown version");
  auto snap = std::make_shared<Snapshot>();
  try {
    snap->generation = j.at("generation").get<uint64_t>();
    snap->next_file = j.at("next_file").get<uint64_t>();
    snap->meta_file = j.value("meta", "");
    if (previous != nullptr && previous->meta_file == snap->meta_file) {
      snap->meta = previous->meta;
    } else if (!snap->meta_file.empty()) {
      StatusOr<std::string> meta_text = ReadWholeFile(dir / snap->meta_file);
      if (!meta_text.ok()) return meta_text.status();
      StatusOr<Meta> meta = MetaFromJson(*meta_text);
      if (!meta.ok()) return Status::Corruption(snap->meta_file + ": " + meta.status().message());
      snap->meta = std::make_shared<Meta>(std::move(meta).value());
    }
    for (const auto& seg : j.at("segments")) {
      const std::string file = seg.at("file").get<std::string>();
      const std::string deleted_file = seg.value("deleted", "");
      if (file.find('/') != std::string::npos || deleted_file.find('/') != std::string::npos) {
        return Status::Corruption("manifest names a file outside the index");
      }
      std::shared_ptr<const SegmentState> reuse;
      if (previous != nullptr) {
        for (const auto& p : previous->segments) {
          if (p->file == file) reuse = p;
        }
      }
      if (reuse && reuse->deleted_file == deleted_file) {
        snap->segments.push_back(reuse);
        continue;
      }
      std::shared_ptr<const SegmentReader> reader;
      if (reuse) {
        reader = reuse->reader;
      } else {
        auto opened = SegmentReader::Open((dir / file).string());
        if (!opened.ok()) return opened.status();
        reader = std::move(opened).value();
      }
      std::shared_ptr<const DocSet> deleted;
      std::shared_ptr<const SegmentState::TermCounts> dead_terms[2];
      if (!deleted_file.empty()) {
        StatusOr<std::string> bytes = ReadWholeFile(dir / deleted_file);
        if (!bytes.ok()) return bytes.status();
        uint64_t n = 0;
        if (bytes->size() >= 8) std::memcpy(&n, bytes->data(), 8);
        if (bytes->size() < 8 || n > bytes->size() - 8)
          return Status::Corruption(deleted_file + ": deletion file is damaged");
        deleted = DocSet::Deserialize(bytes->substr(8, n));
        nlohmann::json terms = nlohmann::json::parse(bytes->substr(8 + n), nullptr, false);
        if (!deleted || terms.is_discarded() || !terms.is_object()) {
          return Status::Corruption(deleted_file + ": deletion file is damaged");
        }
        for (int f = 0; f < 2; ++f) {
          auto counts = std::make_shared<SegmentState::TermCounts>();
          const nlohmann::json field = terms.value(f == 0 ? "passages" : "questions", nlohmann::json::object());
          for (const auto& [term, count] : field.items()) {
            if (count.is_number_unsigned()) (*counts)[term] = count.get<uint32_t>();
          }
          dead_terms[f] = std::move(counts);
        }
      }
      auto state = MakeSegmentState(file, deleted_file, std::move(reader), std::move(deleted));
      state->dead_terms[0] = std::move(dead_terms[0]);
      state->dead_terms[1] = std::move(dead_terms[1]);
      snap->segments.push_back(std::move(state));
    }
  } catch (const nlohmann::json::exception& e) {
    return Status::Corruption((dir / kManifest).string() + ": " + e.what());
  }
  snap->Tally();
  return snap;
}

// Xapian's BM25 term weight (Robertson's idf with Xapian's adjustment for terms in more than a
// third of the units, times k1 + 1), so rankings stay those the retrieval figures were measured with.
double XapianTermWeight(double units, double df, double k1) {
  df = std::min(df, units);
  double tw = (units - df + 0.5) / (df + 0.5);
  if (tw < 2) tw = tw * 0.5 + 1;
  return std::log(tw) * (k1 + 1);
}

// Lucene's BM25 idf, log(1 + (N - n + 0.5) / (n + 0.5)): the document-evidence score's.
double LuceneIdf(double units, double df) {
  df = std::min(df, units);
  return std::log(1 + (units - df + 0.5) / (df + 0.5));
}

// A passage retrieved for a query, before it becomes a PassageHit.
struct Candidate {
  uint32_t seg = 0, passage = 0, doc = 0;
  double bm25 = 0, score = 0;
  uint32_t passages = 1;
};

bool Before(const Candidate& a, const Candidate& b) {
  if (a.score != b.score) return a.score > b.score;
  return a.seg != b.seg ? a.seg < b.seg : a.passage < b.passage;
}

class SegmentIndex : public Index {
  class TopK;  // the best candidates of a search (below)

 public:
  SegmentIndex(fs::path dir, std::shared_ptr<Snapshot> snap, int lock_fd, size_t flush_text_bytes)
      : dir_(std::move(dir)), lock_fd_(lock_fd), flush_text_bytes_(flush_text_bytes), published_(std::move(snap)) {
    if (writable()) {
      working_ = std::make_shared<Snapshot>(*published_);
      builder_ = std::make_unique<segments::BackgroundBuilder>();
    }
  }
  ~SegmentIndex() override {
    if (lock_fd_ >= 0) ::close(lock_fd_);
  }

  bool writable() const { return lock_fd_ >= 0; }

  Status Put(const Document& doc) override {
    if (!writable()) return Status::InvalidArgument("index opened read-only");
    if (doc.id.empty()) return Status::InvalidArgument("document without id");
    if (doc.id.size() > kMaxIdBytes)
      return Status::InvalidArgument(doc.id.substr(0, 60) + "...: id longer than 200 bytes");
    if (doc.text.empty()) return Status::InvalidArgument(doc.id + ": document has no text");
    cache_.Clear();
    std::lock_guard<std::mutex> lock(mu_);
    RemoveLocked(doc.id);
    auto shared = std::make_shared<const Document>(doc);
    pending_.index[doc.id] = static_cast<uint32_t>(pending_.docs.size());
    pending_.docs.push_back(shared);
    builder_->Add(std::move(shared));
    pending_bytes_ += doc.text.size();
    if (pending_bytes_ >= flush_text_bytes_) return StartFlushLocked();
    return Status::Ok();
  }

  Status Delete(const std::string& doc_id) override {
    if (!writable()) return Status::InvalidArgument("index opened read-only");
    cache_.Clear();
    std::lock_guard<std::mutex> lock(mu_);
    if (!RemoveLocked(doc_id)) return Status::NotFound(doc_id + ": no such document");
    return Status::Ok();
  }

  Status AddVocabulary(const VocabularyEntry& entry) override {
    if (!writable()) return Status::InvalidArgument("index opened read-only");
    if (entry.term.empty()) return Status::InvalidArgument(entry.source + " " + entry.id + ": empty term");
    std::lock_guard<std::mutex> lock(mu_);
    MutableMeta()->vocabulary[entry.source + "\t" + (entry.id.empty() ? entry.term : entry.id)] = entry;
    return Status::Ok();
  }

  Status SetMetadata(const std::string& key, const std::string& value) override {
    if (!writable()) return Status::InvalidArgument("index opened read-only");
    std::lock_guard<std::mutex> lock(mu_);
    if (value.empty()) {
      MutableMeta()->metadata.erase(key);
    } else {
      MutableMeta()->metadata[key] = value;
    }
    return Status::Ok();
  }

  std::string GetMetadata(const std::string& key) const override {
    return WithMeta([&key](const Meta& meta) {
      auto it = meta.metadata.find(key);
      return it == meta.metadata.end() ? std::string() : it->second;
    });
  }

  Status Commit() override {
    if (!writable()) return Status::InvalidArgument("index opened read-only");
    std::lock_guard<std::mutex> lock(mu_);
    ApplyDeletionsLocked();
    if (Status s = FlushLocked(); !s.ok()) return s;
    if (Status s = MergeLocked(); !s.ok()) return s;
    Snapshot& w = *working_;
    // Deletion bitmaps changed since the last commit get new files.
    for (auto& seg : w.segments) {
      if (!dirty_deletions_.count(seg->file)) continue;
      const std::string name = FileName("del", w.next_file++, "roar");
      const SegmentState::TermCounts* const terms[2] = {seg->dead_terms[0].get(), seg->dead_terms[1].get()};
      if (Status s = WriteFileDurably(dir_ / name, EncodeDeletions(*seg->deleted, terms)); !s.ok()) return s;
      auto copy = std::make_shared<SegmentState>(*seg);
      copy->deleted_file = name;
      seg = copy;
    }
    dirty_deletions_.clear();
    if (meta_dirty_) {
      w.meta_file = FileName("meta", w.next_file++, "json");
      if (Status s = WriteFileDurably(dir_ / w.meta_file, MetaToJson(*w.meta)); !s.ok()) return s;
      meta_dirty_ = false;
    }
    ++w.generation;
    if (Status s = PublishManifest(dir_, w); !s.ok()) return s;
    {
      std::lock_guard<std::mutex> plock(published_mu_);
      published_ = ShareWorkingLocked();
    }
    RemoveUnreferencedFiles(dir_, w);
    return Status::Ok();
  }

  StatusOr<bool> Reopen() override {
    if (writable()) return false;
    std::shared_ptr<const Snapshot> current = View();
    StatusOr<std::string> text = ReadWholeFile(dir_ / kManifest);
    if (!text.ok()) return text.status();
    nlohmann::json j = nlohmann::json::parse(*text, nullptr, false);
    if (!j.is_discarded() && j.is_object() && j.value("generation", uint64_t{0}) == current->generation) return false;
    StatusOr<std::shared_ptr<Snapshot>> next = LoadWithRetries(dir_, current.get());
    if (!next.ok()) return next.status();
    cache_.Clear();
    std::lock_guard<std::mutex> plock(published_mu_);
    published_ = std::move(next).value();
    return true;
  }

  StatusOr<Document> Fetch(const std::string& doc_id) const override {
    if (writable()) {
      std::lock_guard<std::mutex> lock(mu_);
      if (const Document* doc = pending_.Find(doc_id)) return *doc;
      if (in_flight_) {
        if (const Document* doc = in_flight_->batch.Find(doc_id)) return *doc;
      }
    }
    if (auto cached = cache_.Get(doc_id)) return *std::move(cached);
    auto [seg, d] = Locate(doc_id);
    if (!seg) return Status::NotFound(doc_id + ": no such document");
    StatusOr<std::string> record = seg->reader->Record(d);
    if (!record.ok()) return Status::Corruption(doc_id + ": " + record.status().message());
    StatusOr<Document> doc = segments::RecordToDocument(*record);
    if (!doc.ok()) return Status::Corruption(doc_id + ": " + doc.status().message());
    cache_.Put(doc_id, std::make_shared<const Document>(*doc));
    return doc;
  }

  bool Contains(const std::string& doc_id) const override {
    if (writable()) {
      std::lock_guard<std::mutex> lock(mu_);
      if (pending_.index.count(doc_id) || (in_flight_ && in_flight_->batch.index.count(doc_id))) return true;
    }
    return Locate(doc_id).first != nullptr;
  }

  StatusOr<std::vector<PassageHit>> Search(const std::string& query, const SearchOptions& options) const override {
    auto snap = ViewForSearch();
    if (!snap.ok()) return snap.status();
    const Snapshot& s = **snap;
    StatusOr<std::vector<QueryTerm>> terms = SearchTerms(s, query, options);
    if (!terms.ok()) return terms.status();
    if (terms->empty() || options.limit == 0) return std::vector<PassageHit>{};
    TopK top(Want(options), options.one_per_document);
    RankInto(s, *terms, options, {&top});
    return Hits(s, *terms, options, top.Take());
  }

  // Both lists from one pass over the postings (RankInto): a passage is passed over only when it
  // can enter neither.
  StatusOr<PassagesAndDocuments> SearchPassagesAndDocuments(const std::string& query, const SearchOptions& options,
                                                            size_t document_limit) const override {
    auto snap = ViewForSearch();
    if (!snap.ok()) return snap.status();
    const Snapshot& s = **snap;
    StatusOr<std::vector<QueryTerm>> terms = SearchTerms(s, query, options);
    if (!terms.ok()) return terms.status();
    SearchOptions per_document = options;
    per_document.one_per_document = true;
    per_document.with_text = false;
    per_document.limit = document_limit;
    PassagesAndDocuments out;
    if (terms->empty()) return out;
    TopK passages(options.limit == 0 ? 0 : Want(options), options.one_per_document);
    TopK documents(Want(per_document), true);
    RankInto(s, *terms, options, {&passages, &documents});
    StatusOr<std::vector<PassageHit>> passage_hits = Hits(s, *terms, options, passages.Take());
    if (!passage_hits.ok()) return passage_hits.status();
    StatusOr<std::vector<PassageHit>> document_hits = Hits(s, *terms, per_document, documents.Take());
    if (!document_hits.ok()) return document_hits.status();
    out.passages = std::move(passage_hits).value();
    out.documents = std::move(document_hits).value();
    return out;
  }

  // The query's terms as searched: the analysed terms or the query's own, without empty,
  // over-long or weightless ones, and with RM3 feedback terms when options ask for them. Empty
  // when nothing can match.
  StatusOr<std::vector<QueryTerm>> SearchTerms(const Snapshot& s, const std::string& query,
                                               const SearchOptions& options) const {
    std::vector<QueryTerm> terms = options.terms.empty() ? TokeniseQuery(query) : options.terms;
    std::erase_if(terms,
                  [](const QueryTerm& t) { return t.term.empty() || t.term.size() > kMaxTermBytes || t.weight <= 0; });
    if (s.passages == 0) terms.clear();
    const auto own_terms = static_cast<size_t>(
        std::count_if(terms.begin(), terms.end(), [](const QueryTerm& t) { return t.weight >= 1; }));
    if (!terms.empty() && options.prf_documents > 0 &&
        (options.prf_max_query_terms == 0 || own_terms <= options.prf_max_query_terms)) {
      TopK feedback(options.prf_documents, true);
      RankInto(s, terms, options, {&feedback});
      return Rm3Terms(s, terms, feedback.Take(), options);
    }
    return terms;
  }

  // How many candidates a search ranks before its reranking (twice its limit and 20 more
  // passages when document evidence or the evidence boost may reorder them).
  static size_t Want(const SearchOptions& options) {
    return Reranks(options) && !options.one_per_document ? options.limit * 2 + 20 : options.limit;
  }
  // Whether document evidence or the evidence boost reorder the ranked candidates (Hits).
  static bool Reranks(const SearchOptions& options) {
    return options.document_weight > 0 || options.evidence_boost > 0;
  }

  // The hits of ranked candidates: reranked by document evidence and evidence level when
  // options ask for it, cut to options.limit, with their text when options.with_text.
  StatusOr<std::vector<PassageHit>> Hits(const Snapshot& s, const std::vector<QueryTerm>& terms,
                                         const SearchOptions& options, std::vector<Candidate> candidates) const {
    const bool rerank = Reranks(options);
    if (options.document_weight > 0) AddDocumentEvidence(s, terms, options, &candidates);
    if (options.evidence_boost > 0) ApplyEvidenceBoost(s, options, &candidates);
    if (rerank) {
      std::stable_sort(candidates.begin(), candidates.end(),
                       [](const Candidate& a, const Candidate& b) { return a.score > b.score; });
    }
    std::vector<PassageHit> hits;
    hits.reserve(std::min(options.limit, candidates.size()));
    std::string record_of;  // the last record read, by "<seg>:<doc>"
    std::string record;
    for (const Candidate& c : candidates) {
      if (hits.size() == options.limit) break;
      const SegmentReader& r = *s.segments[c.seg]->reader;
      const segments::DocEntry d = r.doc(c.doc);
      PassageHit hit;
      hit.doc_id = r.doc_id(c.doc);
      hit.source = r.source_name(d.source);
      hit.type = static_cast<RefType>(d.type);
      hit.year = d.year;
      const segments::PassageEntry passage = r.passage(c.passage);
      hit.span = {passage.start, passage.end};
      if (options.with_text) {
        const std::string key = std::to_string(c.seg) + ":" + std::to_string(c.doc);
        if (key != record_of) {
          StatusOr<std::string> bytes = r.Record(c.doc);
          if (!bytes.ok()) continue;
          record = std::move(bytes).value();
          record_of = key;
        }
        segments::RecordView view;
        if (!segments::DecodeRecord(record, &view) || passage.start > passage.end || passage.end > view.text.size()) {
          continue;
        }
        hit.text = view.text.substr(passage.start, passage.end - passage.start);
        if (passage.section < view.labels.size()) hit.section = view.labels[passage.section];
      }
      hit.score = c.score;
      hit.bm25 = c.bm25;
      hit.passages_matched = c.passages;
      hits.push_back(std::move(hit));
    }
    return hits;
  }

  StatusOr<TermStats> TermFrequencies(const std::vector<std::string>& terms) const override {
    auto snap = ViewForSearch();
    if (!snap.ok()) return snap.status();
    TermStats stats;
    stats.passages = (*snap)->passages;
    for (const std::string& t : terms) stats.passage_frequency.push_back(t.empty() ? 0 : DocFrequency(**snap, t));
    return stats;
  }

  StatusOr<std::vector<TermCount>> Terms(uint64_t min_passages) const override {
    auto snap = ViewForSearch();
    if (!snap.ok()) return snap.status();
    std::map<std::string, uint64_t> counts;
    for (const auto& seg : (*snap)->segments) {
      const auto& dead = seg->dead_terms[0];
      Status s = seg->reader->ForEachTerm(Field::kPassages, [&counts, &dead](std::string_view term, uint32_t df) {
        if (!term.empty() && term[0] >= 'A' && term[0] <= 'Z') return true;  // field terms ("S" title)
        std::string key(term);
        if (dead) {
          auto it = dead->find(key);
          if (it != dead->end()) df -= std::min(df, it->second);
        }
        if (df > 0) counts[key] += df;
        return true;
      });
      if (!s.ok()) return s;
    }
    std::vector<TermCount> out;
    const uint64_t min = std::max<uint64_t>(min_passages, 1);
    for (auto& [term, n] : counts) {
      if (n >= min) out.push_back({term, n});
    }
    return out;
  }

  StatusOr<std::vector<std::string>> SamplePassages(size_t count) const override {
    auto snap = ViewForSearch();
    if (!snap.ok()) return snap.status();
    std::vector<std::string> out;
    uint64_t total = 0;
    for (const auto& seg : (*snap)->segments) total += seg->reader->passage_count();
    if (count == 0 || total == 0) return out;
    const uint64_t step = std::max<uint64_t>(1, total / count);
    uint64_t base = 0;
    for (const auto& seg : (*snap)->segments) {
      const SegmentReader& r = *seg->reader;
      const uint64_t first = base == 0 ? 0 : (base + step - 1) / step * step;
      for (uint64_t g = first; g < base + r.passage_count() && out.size() < count; g += step) {
        const auto p = static_cast<uint32_t>(g - base);
        if (seg->PassageDead(p)) continue;
        const segments::PassageEntry e = r.passage(p);
        StatusOr<std::string> record = r.Record(e.doc);
        segments::RecordView view;
        if (!record.ok() || !segments::DecodeRecord(*record, &view) || e.start >= e.end || e.end > view.text.size()) {
          continue;
        }
        out.emplace_back(view.text.substr(e.start, e.end - e.start));
      }
      base += r.passage_count();
    }
    return out;
  }

  StatusOr<std::vector<QuestionHit>> SearchQuestions(const std::string& text, size_t limit) const override {
    auto snap = ViewForSearch();
    if (!snap.ok()) return snap.status();
    const Snapshot& s = **snap;
    std::vector<QuestionHit> hits;
    if (s.questions == 0 || limit == 0) return hits;
    std::vector<std::pair<std::string, uint32_t>> terms;
    segments::Tokenizer().Terms(text, "", &terms);
    // Xapian's default BM25 (k1 = 1, b = 0.5, min_normlen = 0.5; k3 = 1 with a within-query
    // frequency of 1 leaves the term weight as it is), as the Xapian backend ranked questions.
    constexpr double k1 = 1, b = 0.5, min_normlen = 0.5;
    const double avg = static_cast<double>(s.total_question_length) / static_cast<double>(s.questions);
    std::vector<std::vector<double>> acc(s.segments.size());
    for (const auto& [term, wqf] : terms) {
      uint64_t df = 0;
      for (const auto& seg : s.segments) df += seg->LiveDocFrequency(Field::kQuestions, term);
      if (df == 0) continue;
      const double tw = XapianTermWeight(static_cast<double>(s.questions), static_cast<double>(df), k1);
      for (size_t i = 0; i < s.segments.size(); ++i) {
        const SegmentState& seg = *s.segments[i];
        auto cursor = seg.reader->Postings(Field::kQuestions, term);
        if (!cursor) continue;
        if (acc[i].empty()) acc[i].assign(seg.reader->question_count(), 0);
        for (; cursor->valid(); cursor->Next()) {
          const uint32_t q = cursor->doc();
          if (q >= acc[i].size()) break;
          const double len = seg.reader->question(q).length;
          const double normlen = std::max(avg > 0 ? len / avg : 0, min_normlen);
          const double f = cursor->freq();
          acc[i][q] += tw * f / (k1 * (normlen * b + (1 - b)) + f);
        }
      }
    }
    std::vector<Candidate> ranked;
    for (size_t i = 0; i < acc.size(); ++i) {
      for (uint32_t q = 0; q < acc[i].size(); ++q) {
        if (acc[i][q] <= 0) continue;
        const uint32_t doc = s.segments[i]->reader->question(q).doc;
        if (s.segments[i]->DocDead(doc)) continue;
        ranked.push_back({static_cast<uint32_t>(i), q, doc, acc[i][q], acc[i][q], 1});
      }
    }
    const size_t keep = std::min(limit, ranked.size());
    std::partial_sort(ranked.begin(), ranked.begin() + keep, ranked.end(), Before);
    for (size_t k = 0; k < keep; ++k) {
      const SegmentReader& r = *s.segments[ranked[k].seg]->reader;
      hits.push_back(
          {std::string(r.question_text(ranked[k].passage)), std::string(r.doc_id(ranked[k].doc)), ranked[k].score});
    }
    return hits;
  }

  StatusOr<std::vector<VocabularyEntry>> Vocabulary(const std::string& source) const override {
    return WithMeta([&source](const Meta& meta) {
      std::vector<VocabularyEntry> out;
      for (auto it = meta.vocabulary.lower_bound(source); it != meta.vocabulary.end(); ++it) {
        if (it->first.compare(0, source.size(), source) != 0) break;
        out.push_back(it->second);
      }
      return out;
    });
  }

  StatusOr<IndexStats> Stats() const override {
    auto snap = ViewForSearch();
    if (!snap.ok()) return snap.status();
    const Snapshot& s = **snap;
    IndexStats st;
    st.path = dir_.string();
    st.documents = s.documents;
    st.passages = s.passages;
    st.questions = s.questions;
    for (const auto& seg : s.segments) {
      const SegmentReader& r = *seg->reader;
      std::vector<uint64_t> by_source(r.source_count(), 0);
      for (uint32_t d = 0; d < r.doc_count(); ++d) {
        if (seg->DocDead(d)) continue;
        const segments::DocEntry e = r.doc(d);
        ++by_source[e.source];
      }
      for (size_t t = 0; t < seg->live_by_type.size(); ++t) {
        if (seg->live_by_type[t] > 0) {
          st.documents_by_type[std::string(RefTypeName(static_cast<RefType>(t)))] += seg->live_by_type[t];
        }
      }
      for (uint16_t i = 0; i < by_source.size(); ++i) {
        if (by_source[i] > 0) st.documents_by_source[std::string(r.source_name(i))] += by_source[i];
      }
    }
    for (const auto& [key, e] : s.meta->vocabulary) st.vocabulary_by_source[key.substr(0, key.find('\t'))]++;
    for (const auto& [key, value] : s.meta->metadata) {
      if (!key.empty() && key[0] == 'F') ++st.files_loaded;
    }
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir_, ec)) {
      if (entry.is_regular_file(ec)) st.bytes_on_disk += entry.file_size(ec);
    }
    return st;
  }

  static StatusOr<std::shared_ptr<Snapshot>> LoadWithRetries(const fs::path& dir, const Snapshot* previous) {
    // A writer may replace the manifest and remove the files of the old one between our reading
    // the manifest and opening its files: read it again.
    StatusOr<std::shared_ptr<Snapshot>> snap = Status::Internal("not loaded");
    for (int attempt = 0; attempt < 5; ++attempt) {
      snap = LoadSnapshot(dir, previous);
      if (snap.ok() || snap.status().code() == Status::Code::kCorruption) break;
    }
    return snap;
  }

  // Writes s as the manifest: MANIFEST.tmp, fsync, rename, fsync of the directory.
  static Status PublishManifest(const fs::path& dir, const Snapshot& s) {
    SyncDirectory(dir);  // the new files' names first
    if (Status st = WriteFileDurably(dir / "MANIFEST.tmp", ManifestJson(s)); !st.ok()) return st;
    std::error_code ec;
    fs::rename(dir / "MANIFEST.tmp", dir / kManifest, ec);
    if (ec) return Status::IoError((dir / kManifest).string() + ": cannot publish: " + ec.message());
    SyncDirectory(dir);
    return Status::Ok();
  }

  // Removes segment, deletion and metadata files that s does not name (a crashed writer's or
  // superseded ones; readers that mapped them keep their mapping).
  static void RemoveUnreferencedFiles(const fs::path& dir, const Snapshot& s) {
    std::set<std::string> keep = {s.meta_file};
    for (const auto& seg : s.segments) {
      keep.insert(seg->file);
      keep.insert(seg->deleted_file);
    }
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
      const std::string name = entry.path().filename().string();
      const bool ours = name.rfind("seg-", 0) == 0 || name.rfind("del-", 0) == 0 || name.rfind("meta-", 0) == 0;
      if (ours && keep.count(name) == 0) fs::remove(entry.path(), ec);
    }
  }

 private:
  // The live document with that id in the segments (for the writer: the working ones, less
  // the deletions not yet applied), or a null segment.
  std::pair<std::shared_ptr<const SegmentState>, uint32_t> Locate(const std::string& doc_id) const {
    std::unique_lock<std::mutex> lock(mu_, std::defer_lock);
    const Snapshot* snap = nullptr;
    std::shared_ptr<const Snapshot> published;
    if (writable()) {
      lock.lock();
      snap = working_.get();
    } else {
      published = View();
      snap = published.get();
    }
    for (const auto& seg : snap->segments) {
      auto d = seg->reader->FindDoc(doc_id);
      if (!d || seg->DocDead(*d)) continue;
      if (writable()) {
        auto it = pending_deletes_.find(seg->file);
        if (it != pending_deletes_.end() && it->second.count(*d)) continue;
      }
      return {seg, *d};
    }
    return {nullptr, 0};
  }

  // What a read sees: for the writer its working state (deletions not yet applied to it are
  // seen by Locate; searches use ViewForSearch, which applies them).
  std::shared_ptr<const Snapshot> View() const {
    if (writable()) {
      std::lock_guard<std::mutex> lock(mu_);
      return ShareWorkingLocked();
    }
    std::lock_guard<std::mutex> lock(published_mu_);
    return published_;
  }

  // The writer's searches see its pending documents too: they are written as a segment first.
  StatusOr<std::shared_ptr<const Snapshot>> ViewForSearch() const {
    if (writable()) {
      std::lock_guard<std::mutex> lock(mu_);
      const_cast<SegmentIndex*>(this)->ApplyDeletionsLocked();
      if (Status s = const_cast<SegmentIndex*>(this)->FlushLocked(); !s.ok()) return s;
      return std::shared_ptr<const Snapshot>(ShareWorkingLocked());
    }
    return View();
  }

  // The writer's metadata to change: copied once after each time it was shared (a snapshot
  // handed out or published), not per change.
  Meta* MutableMeta() {
    if (!own_meta_) {
      own_meta_ = std::make_shared<Meta>(*working_->meta);
      working_->meta = own_meta_;
    }
    meta_dirty_ = true;
    return own_meta_.get();
  }

  // A copy of the writer's working state for a reader of it; the metadata becomes shared.
  std::shared_ptr<Snapshot> ShareWorkingLocked() const {
    own_meta_.reset();
    return std::make_shared<Snapshot>(*working_);
  }

  // fn(metadata and vocabulary as this handle sees them), without copying them.
  template <typename F>
  std::invoke_result_t<F, const Meta&> WithMeta(F&& fn) const {
    if (writable()) {
      std::lock_guard<std::mutex> lock(mu_);
      return fn(*working_->meta);
    }
    auto snap = View();
    return fn(*snap->meta);
  }

  // Removes doc_id from the pending documents and marks it deleted in the working segments.
  // Returns whether it was anywhere.
  bool RemoveLocked(const std::string& doc_id) {
    bool found = false;
    if (auto it = pending_.index.find(doc_id); it != pending_.index.end()) {
      pending_bytes_ -= pending_.docs[it->second]->text.size();
      pending_.dead.insert(it->second);  // already with the builder: deleted once written
      pending_.index.erase(it);
      found = true;
    }
    if (in_flight_) {
      Batch& b = in_flight_->batch;
      if (auto it = b.index.find(doc_id); it != b.index.end()) {
        b.dead.insert(it->second);
        b.index.erase(it);
        found = true;
      }
    }
    for (const auto& seg : working_->segments) {
      auto d = seg->reader->FindDoc(doc_id);
      if (!d || seg->DocDead(*d)) continue;
      found |= pending_deletes_[seg->file].insert(*d).second;
    }
    return found;
  }

  // Applies the deletions RemoveLocked collected to the working segments (one copy of each
  // segment's state per batch, not per document).
  void ApplyDeletionsLocked() {
    if (pending_deletes_.empty()) return;
    for (auto& seg : working_->segments) {
      auto it = pending_deletes_.find(seg->file);
      if (it == pending_deletes_.end()) continue;
      auto deleted = seg->deleted ? std::make_shared<DocSet>(*seg->deleted) : std::make_shared<DocSet>();
      auto copy = std::make_shared<SegmentState>(*seg);
      std::shared_ptr<SegmentState::TermCounts> terms[2];
      for (int f = 0; f < 2; ++f) {
        terms[f] = copy->dead_terms[f] ? std::make_shared<SegmentState::TermCounts>(*copy->dead_terms[f])
                                       : std::make_shared<SegmentState::TermCounts>();
      }
      for (uint32_t d : it->second) {
        if (copy->DocDead(d)) continue;
        deleted->Add(d);
        copy->MarkDead(d);
        CountTerms(*copy->reader, d, terms);
      }
      copy->dead_terms[0] = std::move(terms[0]);
      copy->dead_terms[1] = std::move(terms[1]);
      copy->deleted = std::move(deleted);
      seg = std::move(copy);
      dirty_deletions_.insert(seg->file);
    }
    pending_deletes_.clear();
    working_->Tally();
  }

  // Adds the terms of document d of r to *terms (passages: body and title terms per passage;
  // questions), tokenised again from its stored record as SegmentBuilder did.
  void CountTerms(const SegmentReader& r, uint32_t d, std::shared_ptr<SegmentState::TermCounts> terms[2]) {
    StatusOr<std::string> record = r.Record(d);
    if (!record.ok()) return;
    StatusOr<Document> doc = segments::RecordToDocument(*record);
    if (!doc.ok()) return;
    std::vector<std::pair<std::string, uint32_t>> title, body;
    if (!doc->title.empty()) tokenizer_.Terms(doc->title, "S", &title);
    const segments::DocEntry e = r.doc(d);
    for (uint32_t p = e.first_passage; p < e.first_passage + e.passage_count; ++p) {
      const segments::PassageEntry pe = r.passage(p);
      if (pe.start > pe.end || pe.end > doc->text.size()) continue;
      body.clear();
      tokenizer_.Terms(std::string_view(doc->text).substr(pe.start, pe.end - pe.start), "", &body);
      for (const auto& [term, n] : body) ++(*terms[0])[term];
      for (const auto& [term, n] : title) ++(*terms[0])[term];
    }
    for (const std::string& q : doc->questions) {
      body.clear();
      tokenizer_.Terms(q, "", &body);
      for (const auto& [term, n] : body) ++(*terms[1])[term];
    }
  }

  // Writes the pending documents as a new (unpublished) segment of the working state; those
  // replaced or deleted since they were handed to the builder are deleted in it at once.
  Status FlushLocked() {
    if (Status s = StartFlushLocked(); !s.ok()) return s;
    return FinishFlushLocked();
  }

  // Has the builder write the pending documents as a segment, without waiting for it (after
  // adding the segment already in flight, if any).
  Status StartFlushLocked() {
    if (Status s = FinishFlushLocked(); !s.ok()) return s;
    if (pending_.docs.empty()) return Status::Ok();
    const std::string name = FileName("seg", working_->next_file++, "mos");
    in_flight_ = InFlight{name, builder_->Write((dir_ / name).string()), std::move(pending_)};
    pending_ = Batch();
    pending_bytes_ = 0;
    return Status::Ok();
  }

  // Waits for the segment in flight, if any, and adds it to the working state.
  Status FinishFlushLocked() {
    if (!in_flight_) return Status::Ok();
    InFlight f = std::move(*in_flight_);
    in_flight_.reset();
    if (Status s = f.written.get(); !s.ok()) return s;
    auto reader = SegmentReader::Open((dir_ / f.name).string());
    if (!reader.ok()) return reader.status();
    working_->segments.push_back(MakeSegmentState(f.name, "", std::move(reader).value(), nullptr));
    if (!f.batch.dead.empty()) pending_deletes_[f.name] = std::move(f.batch.dead);
    ApplyDeletionsLocked();
    working_->Tally();
    return Status::Ok();
  }

  // Merges adjacent segments while there are more than kMaxSegments.
  Status MergeLocked() {
    auto& segs = working_->segments;
    while (segs.size() > kMaxSegments) {
      const size_t width = std::min(kMergeWidth, segs.size());
      size_t best = 0;
      uint64_t best_bytes = UINT64_MAX;
      for (size_t i = 0; i + width <= segs.size(); ++i) {
        uint64_t bytes = 0;
        for (size_t k = i; k < i + width; ++k) bytes += segs[k]->reader->file_bytes();
        if (bytes < best_bytes) best_bytes = bytes, best = i;
      }
      std::vector<segments::MergeInput> inputs;
      for (size_t k = best; k < best + width; ++k) {
        std::shared_ptr<const SegmentState> seg = segs[k];
        inputs.push_back({seg->reader, [seg](uint32_t d) { return seg->DocDead(d); }});
      }
      const std::string name = FileName("seg", working_->next_file++, "mos");
      if (Status s = segments::MergeSegments(inputs, (dir_ / name).string()); !s.ok()) return s;
      auto reader = SegmentReader::Open((dir_ / name).string());
      if (!reader.ok()) return reader.status();
      for (size_t k = best; k < best + width; ++k) dirty_deletions_.erase(segs[k]->file);
      segs.erase(segs.begin() + static_cast<std::ptrdiff_t>(best),
                 segs.begin() + static_cast<std::ptrdiff_t>(best + width));
      segs.insert(segs.begin() + static_cast<std::ptrdiff_t>(best),
                  MakeSegmentState(name, "", std::move(reader).value(), nullptr));
    }
    working_->Tally();
    return Status::Ok();
  }

  // The query text as the index stores it (the Tokenizer both backends share); each distinct
  // term weighs its number of occurrences.
  static std::vector<QueryTerm> TokeniseQuery(const std::string& text) {
    std::vector<std::pair<std::string, uint32_t>> terms;
    segments::Tokenizer().Terms(text, "", &terms);
    std::vector<QueryTerm> out;
    for (auto& [term, n] : terms) out.push_back({std::move(term), static_cast<double>(n)});
    return out;
  }

  static uint64_t DocFrequency(const Snapshot& s, const std::string& term) {
    uint64_t df = 0;
    for (const auto& seg : s.segments) df += seg->LiveDocFrequency(Field::kPassages, term);
    return df;
  }

  // BM25 over passages exactly as the Xapian backend's query was (its BuildQuery): each
  // term at its weight, and with title weighting its "S" title term at weight x title_weight;
  // Xapian's BM25 (k2 = k3 = 0) on the passage length (body and title terms). Filters as
  // OP_FILTER. The best `want` by score, ties in index order; with one_per_document, each
  // document's best passage only (and how many of its passages matched, at least: passages
  // that cannot reach the top are not scored).
  //
  // Query evaluation is MaxScore (Turtle & Flood 1995), a window of passages at a time: the terms
  // are ordered by their highest possible contribution (BM25 of the term's highest frequency at
  // its shortest length, from the block directory); once the `want`-th best score exceeds the sum
  // of the lowest bounds, those terms no longer start a candidate and are only looked up
  // (skipping whole blocks) for passages the others make promising. Several lists of the best
  // (tops) fill in one pass, each with its own size and kind; the threshold is the lowest of
  // theirs, so each ends as if ranked alone.
  void RankInto(const Snapshot& s, const std::vector<QueryTerm>& terms, const SearchOptions& options,
                std::initializer_list<TopK*> tops) const {
    struct Scorer {
      std::string key;
      double weight;
      double tw = 0;
    };
    // Per query term: its body term, then its title term ("S" + term; weightless without title
    // weighting).
    std::vector<Scorer> scorers;
    for (const QueryTerm& t : terms) {
      scorers.push_back({t.term, t.weight});
      const bool titled = options.title_weight > 0 && t.term.size() + 1 <= kMaxTermBytes;
      scorers.push_back({titled ? "S" + t.term : std::string(), titled ? t.weight * options.title_weight : 0});
    }
    const double units = static_cast<double>(s.passages);
    const double inv_avg = s.total_length > 0 ? units / static_cast<double>(s.total_length) : 0;
    const double k1 = options.bm25_k1, b = options.bm25_b, min_normlen = options.bm25_min_normlen;
    for (Scorer& sc : scorers) {
      if (sc.weight <= 0) continue;
      const double df = static_cast<double>(DocFrequency(s, sc.key));
      if (df > 0) sc.tw = XapianTermWeight(units, df, k1) * sc.weight;
    }
    std::vector<TopK*> open;  // the lists that take candidates at all
    for (TopK* top : tops) {
      if (top->size() > 0) open.push_back(top);
    }
    if (open.empty()) return;
    auto threshold = [&open] {
      double theta = open.front()->Threshold();
      for (const TopK* top : open) theta = std::min(theta, top->Threshold());
      return theta;
    };
    struct Window {  // the passages [base, base + kWindow) of the window being scored
      std::vector<uint64_t> seen = std::vector<uint64_t>(kWindow / 64);  // a bit per passage found
      std::vector<double> score = std::vector<double>(kWindow);          // the sum of its essential parts
      std::vector<double> length_norm = std::vector<double>(kWindow);    // k1 * (normlen * b + 1 - b)
    } window;
    for (size_t i = 0; i < s.segments.size(); ++i) {
      const SegmentState& seg = *s.segments[i];
      const SegmentReader& r = *seg.reader;
      // A query term's postings, body and title (parts 0 and 1), scored as one list: a passage's
      // part of the term is its body part plus its title part. Apart, the title lists' bounds
      // took the lowest places of the MaxScore order and, summed there, kept most body lists
      // essential (a 1M-abstract index: 7.6 of 16 lists per window, against 4.8 of 8 without
      // titles).
      struct Part {
        PostingCursor cursor;
        double tw = 0;                                        // 0: the term has no such postings here
        std::vector<std::pair<uint32_t, double>> found = {};  // (slot, part) in the window
        size_t next_found = 0;
      };
      struct List {
        std::array<Part, 2> parts;
        double bound = 0;
        // The first passage either part is on, or UINT32_MAX once both have ended.
        uint32_t doc() const {
          uint32_t d = UINT32_MAX;
          for (const Part& part : parts) {
            if (part.tw > 0 && part.cursor.valid()) d = std::min(d, part.cursor.doc());
          }
          return d;
        }
      };
      std::vector<List> lists;
      for (size_t t = 0; t + 1 < scorers.size(); t += 2) {
        List list;
        for (size_t j = 0; j < 2; ++j) {
          const Scorer& sc = scorers[t + j];
          if (sc.tw <= 0) continue;
          auto cursor = r.Postings(Field::kPassages, sc.key);
          if (!cursor || !cursor->valid()) continue;
          uint32_t max_freq = 0, min_length = 0;
          cursor->Bounds(&max_freq, &min_length);
          const double normlen = std::max(min_length * inv_avg, min_normlen);
          const double f = max_freq;
          list.bound += sc.tw * f / (k1 * (normlen * b + (1 - b)) + f);
          list.parts[j].cursor = std::move(*cursor);
          list.parts[j].tw = sc.tw;
        }
        if (list.bound > 0) lists.push_back(std::move(list));
      }
      if (lists.empty()) continue;
      std::stable_sort(lists.begin(), lists.end(), [](const List& x, const List& y) { return x.bound < y.bound; });
      std::vector<double> prefix(lists.size());  // prefix[k]: sum of the bounds of lists 0..k
      double sum = 0;
      for (size_t k = 0; k < lists.size(); ++k) prefix[k] = sum += lists[k].bound;
      // Filters, per document of this segment.
      std::vector<uint8_t> source_ok;
      if (!options.sources.empty()) {
        source_ok.assign(r.source_count(), 0);
        for (uint16_t k = 0; k < r.source_count(); ++k) {
          source_ok[k] =
              std::find(options.sources.begin(), options.sources.end(), r.source_name(k)) != options.sources.end();
        }
      }
      const int lo = options.min_year != 0 ? options.min_year : 0;
      const int hi = options.max_year != 0 ? options.max_year : 9999;
      const bool years = options.min_year != 0 || options.max_year != 0;
      const bool filtered = !options.types.empty() || !options.sources.empty() || years;
      auto passes = [&](uint32_t doc) {
        const segments::DocEntry d = r.doc(doc);
        if (!options.types.empty() && std::find(options.types.begin(), options.types.end(),
                                                static_cast<RefType>(d.type)) == options.types.end()) {
          return false;
        }
        if (!source_ok.empty() && !source_ok[d.source]) return false;
        return !years || (d.year >= lo && d.year <= hi);
      };
      // A part's share of a passage whose length term (k1 * (normlen * b + 1 - b)) is length_norm.
      const auto contribution = [&](const Part& part, double length_norm) {
        const double f = part.cursor.freq();
        return part.tw * f / (length_norm + f);
      };
      std::vector<double> parts(lists.size());
      // Lists [0, essential) cannot make a passage enter the top on their own. theta: the
      // threshold, which only an offer that raised it changes.
      size_t essential = 0;
      double theta = 0;
      auto update_essential = [&] {
        theta = threshold();
        while (essential < lists.size() && prefix[essential] < theta) ++essential;
      };
      update_essential();
      // Passages are taken a window at a time (Lucene's MaxScoreBulkScorer does the same): each
      // essential list adds its parts to the window's passages in one sweep, so a posting costs
      // the same however many lists there are; then the passages found, in index order, are
      // completed by the other lists or pruned. A passage's final score sums its lists' parts
      // in list order (each list's body part, then its title part), whichever lists were
      // essential when it was found: equal passages stay equal and tie in index order, however
      // many lists of the best are filled at once.
      const bool count_pruned =
          std::any_of(open.begin(), open.end(), [](const TopK* t) { return t->one_per_document(); });
      uint32_t done = 0;  // passages below this are decided
      while (essential < lists.size()) {
        uint32_t base = UINT32_MAX;
        for (size_t k = essential; k < lists.size(); ++k) {
          for (Part& part : lists[k].parts) {
            if (part.tw > 0) part.cursor.SkipTo(done);
          }
          base = std::min(base, lists[k].doc());
        }
        if (base >= r.passage_count()) break;
        const uint32_t end = static_cast<uint32_t>(std::min<uint64_t>(uint64_t{base} + kWindow, r.passage_count()));
        done = end;
        const size_t first = essential;  // the essential lists of this window
        for (size_t k = first; k < lists.size(); ++k) {
          for (Part& part : lists[k].parts) {
            part.found.clear();
            part.next_found = 0;
            if (part.tw <= 0) continue;
            part.cursor.ForEachBefore(end, [&](uint32_t p, uint32_t freq) {
              const uint32_t slot = p - base;
              uint64_t& word = window.seen[slot >> 6];
              const uint64_t bit = uint64_t{1} << (slot & 63);
              if ((word & bit) == 0) {
                word |= bit;
                window.score[slot] = 0;
                const double normlen = std::max(r.passage_length(p) * inv_avg, min_normlen);
                window.length_norm[slot] = k1 * (normlen * b + (1 - b));
              }
              const double f = freq;
              const double share = part.tw * f / (window.length_norm[slot] + f);
              window.score[slot] += share;
              part.found.push_back({slot, share});
            });
          }
        }
        for (uint32_t w = 0; w < kWindow / 64; ++w) {
          for (uint64_t word = std::exchange(window.seen[w], 0); word != 0; word &= word - 1) {
            const uint32_t slot = w * 64 + static_cast<uint32_t>(std::countr_zero(word));
            const uint32_t p = base + slot;
            if (seg.PassageDead(p)) continue;
            // The passage's document, read before scoring only when a filter or a pruned count needs it.
            uint32_t doc = filtered || count_pruned ? r.passage(p).doc : UINT32_MAX;
            if (filtered && !passes(doc)) continue;
            double score = window.score[slot];
            bool pruned = false;
            for (size_t k = first; k-- > 0;) {
              parts[k] = 0;
              if (score + prefix[k] < theta) {
                pruned = true;
                break;
              }
              for (Part& part : lists[k].parts) {
                if (part.tw <= 0) continue;
                part.cursor.SkipTo(p);
                if (part.cursor.valid() && part.cursor.doc() == p) {
                  parts[k] += contribution(part, window.length_norm[slot]);
                }
              }
              score += parts[k];
            }
            if (pruned) {
              if (count_pruned) {
                for (TopK* top : open) top->Matched(static_cast<uint32_t>(i), doc);
              }
              continue;
            }
            score = 0;
            for (size_t k = 0; k < first; ++k) score += parts[k];
            for (size_t k = first; k < lists.size(); ++k) {
              double share = 0;
              for (Part& part : lists[k].parts) {
                while (part.next_found < part.found.size() && part.found[part.next_found].first < slot) {
                  ++part.next_found;
                }
                if (part.next_found < part.found.size() && part.found[part.next_found].first == slot) {
                  share += part.found[part.next_found].second;
                }
              }
              score += share;
            }
            if (doc == UINT32_MAX) doc = r.passage(p).doc;
            bool raised = false;
            for (TopK* top : open) raised |= top->Offer({static_cast<uint32_t>(i), p, doc, score, score, 1});
            if (raised) update_essential();
          }
        }
      }
    }
  }

  // The best candidates so far (score, then index order), at most k of them; with
  // one_per_document, one per document (its best passage) with a count of its passages seen.
  class TopK {
   public:
    TopK(size_t k, bool one_per_document) : k_(k), per_document_(one_per_document) {}
    size_t size() const { return k_; }  // at most this many
    // The score a candidate must beat to enter (lowest in a full set; 0 before).
    double Threshold() const {
      if (set_.size() < k_) return 0;
      return set_.rbegin()->score;
    }
    // Offers c; returns true when the threshold may have risen.
    bool Offer(const Candidate& c) {
      if (per_document_) {
        auto it = by_doc_.find(Key(c));
        if (it != by_doc_.end()) {
          Candidate best = *it->second;
          ++best.passages;
          if (c.score > best.score) best.passage = c.passage, best.score = best.bm25 = c.score;
          set_.erase(it->second);
          it->second = set_.insert(best).first;
          return true;
        }
      }
      if (set_.size() >= k_ && !Better(c, *set_.rbegin())) return false;
      auto pos = set_.insert(c).first;
      if (per_document_) by_doc_[Key(c)] = pos;
      if (set_.size() > k_) {
        auto last = std::prev(set_.end());
        if (per_document_) by_doc_.erase(Key(*last));
        set_.erase(last);
      }
      return true;
    }
    bool one_per_document() const { return per_document_; }
    // A passage of doc matched but could not enter: counted for its document if present.
    void Matched(uint32_t seg, uint32_t doc) {
      if (!per_document_) return;
      auto it = by_doc_.find((uint64_t{seg} << 32) | doc);
      if (it == by_doc_.end()) return;
      Candidate c = *it->second;
      ++c.passages;
      set_.erase(it->second);
      it->second = set_.insert(c).first;
    }
    std::vector<Candidate> Take() { return {set_.begin(), set_.end()}; }

   private:
    static uint64_t Key(const Candidate& c) { return (uint64_t{c.seg} << 32) | c.doc; }
    static bool Better(const Candidate& a, const Candidate& b) { return Before(a, b); }
    struct Order {
      bool operator()(const Candidate& a, const Candidate& b) const { return Before(a, b); }
    };
    size_t k_;
    bool per_document_;
    std::set<Candidate, Order> set_;
    std::unordered_map<uint64_t, std::set<Candidate, Order>::iterator> by_doc_;
  };

  // RM3 as the Xapian backend computed it, each feedback document's
  // terms read by tokenising its passages again (the segments keep no term lists).
  StatusOr<std::vector<QueryTerm>> Rm3Terms(const Snapshot& s, const std::vector<QueryTerm>& terms,
                                            const std::vector<Candidate>& feedback_docs,
                                            const SearchOptions& options) const {
    if (feedback_docs.empty() || options.prf_terms == 0) return terms;
    double total_score = 0;
    for (const Candidate& c : feedback_docs) total_score += c.score;
    if (total_score <= 0) return terms;
    const double max_df = 0.1 * static_cast<double>(s.passages);
    segments::Tokenizer tokenizer;
    std::map<std::string, double> feedback;
    std::unordered_map<std::string, uint64_t> df_cache;
    for (const Candidate& c : feedback_docs) {
      const SegmentReader& r = *s.segments[c.seg]->reader;
      StatusOr<std::string> record = r.Record(c.doc);
      if (!record.ok()) return record.status();
      segments::RecordView view;
      if (!segments::DecodeRecord(*record, &view)) return Status::Corruption("stored document record is damaged");
      const segments::DocEntry d = r.doc(c.doc);
      double length = 0;
      std::map<std::string, double> body;
      std::vector<std::pair<std::string, uint32_t>> passage_terms;
      for (uint32_t p = d.first_passage; p < d.first_passage + d.passage_count; ++p) {
        const segments::PassageEntry e = r.passage(p);
        if (e.start > e.end || e.end > view.text.size()) continue;
        passage_terms.clear();
        tokenizer.Terms(view.text.substr(e.start, e.end - e.start), "", &passage_terms);
        for (const auto& [term, wdf] : passage_terms) {
          length += wdf;
          if (term.find_first_not_of("0123456789.,") == std::string::npos) continue;  // numbers
          auto [it, fresh] = df_cache.emplace(term, 0);
          if (fresh) it->second = DocFrequency(s, term);
          if (static_cast<double>(it->second) > max_df) continue;
          body[term] += wdf;
        }
      }
      if (length <= 0) continue;
      const double doc_weight = c.score / total_score;
      for (const auto& [term, wdf] : body) feedback[term] += doc_weight * wdf / length;
    }
    return MergeFeedback(feedback, terms, options);
  }

  // Document evidence as the Xapian backend computed it:
  // each candidate document's BM25 with its passages as one text (Lucene idf over passages,
  // length against the average document length), plus its title at title_weight, times k1 + 1.
  void AddDocumentEvidence(const Snapshot& s, const std::vector<QueryTerm>& terms, const SearchOptions& options,
                           std::vector<Candidate>* candidates) const {
    const double documents = std::max<double>(1, static_cast<double>(s.documents));
    const double avg_length = std::max(1.0, static_cast<double>(s.total_length) / documents);
    const double units = static_cast<double>(s.passages);
    const double k1 = options.bm25_k1, b = options.bm25_b;
    const size_t depth = std::min(candidates->size(), options.document_depth);
    struct Doc {
      uint32_t seg, doc, first, count;
      double length = 0, score = 0;
    };
    std::vector<Doc> docs;
    std::map<std::pair<uint32_t, uint32_t>, size_t> index;
    for (size_t i = 0; i < depth; ++i) {
      const Candidate& c = (*candidates)[i];
      if (!index.emplace(std::make_pair(c.seg, c.doc), docs.size()).second) continue;
      const segments::DocEntry e = s.segments[c.seg]->reader->doc(c.doc);
      Doc d{c.seg, c.doc, e.first_passage, e.passage_count};
      for (uint32_t p = d.first; p < d.first + d.count; ++p) d.length += s.segments[c.seg]->reader->passage_length(p);
      docs.push_back(d);
    }
    std::vector<size_t> order(docs.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      return docs[a].seg != docs[b].seg ? docs[a].seg < docs[b].seg : docs[a].first < docs[b].first;
    });
    for (const QueryTerm& t : terms) {
      const std::string title_term = "S" + t.term;
      const double idf = LuceneIdf(units, static_cast<double>(DocFrequency(s, t.term)));
      const double title_idf =
          options.title_weight > 0 ? LuceneIdf(units, static_cast<double>(DocFrequency(s, title_term))) : 0;
      uint32_t open_seg = UINT32_MAX;
      std::optional<PostingCursor> body, title;
      for (size_t k : order) {
        Doc& d = docs[k];
        if (d.seg != open_seg) {
          open_seg = d.seg;
          body = s.segments[d.seg]->reader->Postings(Field::kPassages, t.term);
          title.reset();
          if (options.title_weight > 0) title = s.segments[d.seg]->reader->Postings(Field::kPassages, title_term);
        }
        double tf = 0, title_tf = 0;
        if (body) {
          body->SkipTo(d.first);
          for (; body->valid() && body->doc() < d.first + d.count; body->Next()) tf += body->freq();
        }
        if (title) {
          title->SkipTo(d.first);
          if (title->valid() && title->doc() == d.first) title_tf = title->freq();
        }
        if (tf > 0) d.score += t.weight * idf * tf / (tf + k1 * (1 - b + b * d.length / avg_length));
        if (title_tf > 0) d.score += t.weight * options.title_weight * title_idf * title_tf / (title_tf + k1);
      }
    }
    for (size_t i = 0; i < depth; ++i) {
      Candidate& c = (*candidates)[i];
      const Doc& d = docs[index[{c.seg, c.doc}]];
      c.score = c.bm25 + options.document_weight * d.score * (k1 + 1);
    }
  }

  // Evidence preference as the Xapian backend had it: skipped
  // when the index holds a single reference type.
  static void ApplyEvidenceBoost(const Snapshot& s, const SearchOptions& options, std::vector<Candidate>* candidates) {
    if (std::popcount(s.types_present) < 2) return;
    const double kLowest = static_cast<double>(EvidenceRank(RefType::kOther));
    for (Candidate& c : *candidates) {
      const auto type = static_cast<RefType>(s.segments[c.seg]->reader->doc(c.doc).type);
      c.score *= 1 + options.evidence_boost * (kLowest - static_cast<double>(EvidenceRank(type))) / kLowest;
    }
  }

  const fs::path dir_;
  const int lock_fd_;  // the writer's LOCK file, or -1 read-only
  const size_t flush_text_bytes_;  // pending text that starts a segment (OpenSegmentIndex)
  mutable std::mutex published_mu_;
  std::shared_ptr<const Snapshot> published_;  // what readers see
  mutable FetchCache cache_{kFetchCacheDocuments};
  // The writer's state (guarded by mu_): the working snapshot (published plus flushed segments
  // and deletions not yet committed) and the documents not yet written to a segment.
  mutable std::mutex mu_;
  std::shared_ptr<Snapshot> working_;
  // Documents handed to builder_ for one segment, in Put order (= their ordinals in the segment),
  // the live ones by id, and the ordinals replaced or deleted since.
  struct Batch {
    std::vector<std::shared_ptr<const Document>> docs;
    std::unordered_map<std::string, uint32_t> index;
    std::set<uint32_t> dead;
    const Document* Find(const std::string& doc_id) const {
      auto it = index.find(doc_id);
      return it == index.end() ? nullptr : docs[it->second].get();
    }
  };
  Batch pending_;  // since the last flush
  size_t pending_bytes_ = 0;
  // The segment the builder is writing while Put goes on (a flush started by Put's size limit):
  // its file, its outcome and its documents. At most one; FinishFlushLocked adds it.
  struct InFlight {
    std::string name;
    std::future<Status> written;
    Batch batch;
  };
  std::optional<InFlight> in_flight_;
  std::map<std::string, std::set<uint32_t>> pending_deletes_;  // segment file -> documents to delete
  std::set<std::string> dirty_deletions_;                      // segment files whose deletions changed since the commit
  bool meta_dirty_ = false;
  mutable std::shared_ptr<Meta> own_meta_;                // working_->meta when no snapshot shares it
  segments::Tokenizer tokenizer_;                         // CountTerms
  std::unique_ptr<segments::BackgroundBuilder> builder_;  // the writer's, on a thread of its own
};

}  // namespace

bool IsSegmentIndex(const std::string& path) {
  std::error_code ec;
  return fs::exists(fs::path(path) / kManifest, ec);
}

StatusOr<std::unique_ptr<Index>> OpenSegmentIndex(const std::string& path, Index::Mode mode, size_t flush_text_bytes) {
  const fs::path dir(path);
  if (mode == Index::Mode::kReadOnly) {
    if (!IsSegmentIndex(path)) {
      return Status::NotFound(path + ": no index here (run `medoracle ingest` first, or pass --index)");
    }
    auto snap = SegmentIndex::LoadWithRetries(dir, nullptr);
    if (!snap.ok()) return snap.status();
    return std::unique_ptr<Index>(new SegmentIndex(dir, std::move(snap).value(), -1, flush_text_bytes));
  }
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Status::IoError(path + ": cannot create index directory: " + ec.message());
  const int fd = ::open((dir / "LOCK").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return Status::IoError(path + "/LOCK: cannot open: " + std::strerror(errno));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    return Status::Busy(path + ": another medoracle process is writing to this index");
  }
  std::shared_ptr<Snapshot> snap;
  if (IsSegmentIndex(path)) {
    auto loaded = SegmentIndex::LoadWithRetries(dir, nullptr);
    if (!loaded.ok()) {
      ::close(fd);
      return loaded.status();
    }
    snap = std::move(loaded).value();
  } else {
    snap = std::make_shared<Snapshot>();
    if (Status s = SegmentIndex::PublishManifest(dir, *snap); !s.ok()) {
      ::close(fd);
      return s;
    }
  }
  SegmentIndex::RemoveUnreferencedFiles(dir, *snap);
  return std::unique_ptr<Index>(new SegmentIndex(dir, std::move(snap), fd, flush_text_bytes));
}

}  // namespace medoracle
