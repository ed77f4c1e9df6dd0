// One immutable segment of the segment index on disk: its writer and its memory-mapped reader
// (the byte layout is specified in docs/index-format.md).
#pragma once

#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "corpus/document.h"
#include "medoracle/status.h"

namespace medoracle::segments {

// Docids per postings block: one StreamVByte group of docid gaps and one of frequencies, with the
// block's last docid, highest frequency and shortest unit length kept in the block directory so
// that a cursor skips whole blocks and a scorer can bound a block's best score.
inline constexpr uint32_t kPostingsBlock = 128;

// The two inverted files of a segment: passages (body terms and "S"-prefixed title terms) and the
// question bank (one unit per question).
enum class Field { kPassages = 0, kQuestions = 1 };

// A passage as stored: its document (segment-local ordinal), span, section index and length in
// terms (body plus title terms, as BM25 normalises by).
struct PassageEntry {
  uint32_t doc = 0;
  uint32_t start = 0;
  uint32_t end = 0;
  uint32_t length = 0;
  uint32_t section = 0;
};

// A question of the question bank: the document that answers it and its length in terms.
struct QuestionEntry {
  uint32_t doc = 0;
  uint32_t length = 0;
};

// A document's fixed-size entry: where its stored record is and which passages and questions are its.
struct DocEntry {
  uint32_t store_block = 0;
  uint32_t store_offset = 0;  // inside the decompressed block
  uint32_t store_length = 0;
  uint32_t first_passage = 0;
  uint32_t passage_count = 0;
  uint32_t first_question = 0;
  uint32_t question_count = 0;
  uint16_t source = 0;  // index into the segment's source names
  uint8_t type = 0;     // RefType
  int32_t year = 0;
};

// What the writer takes per document, in segment order.
struct DocumentInput {
  std::string id;
  std::string source;
  RefType type = RefType::kOther;
  int year = 0;
  std::string record;                  // EncodeRecord's bytes
  std::vector<PassageEntry> passages;  // doc field ignored
  std::vector<std::string> questions;
  std::vector<uint32_t> question_lengths;  // one per question
};

// The stored form of a document: its text, its section labels (so a passage's label and text are
// read without parsing JSON), its sentence spans (varints) and the rest of its JSON
// (docs/formats/document-json.md) without "text" and "sentences".
std::string EncodeRecord(const Document& doc);
// The parts of an encoded record. False when the bytes are not a record.
struct RecordView {
  std::string_view text;
  std::vector<std::string_view> labels;
  std::vector<Span> sentences;
  std::string_view json;  // the document JSON without "text" and "sentences"
};
bool DecodeRecord(std::string_view bytes, RecordView* out);
// The whole document back from its record. Errors: kCorruption.
StatusOr<Document> RecordToDocument(std::string_view bytes);

// Builds one segment file. Call AddDocument for every document, then AddTerm for each field's
// terms in byte order (docids ascending, segment-local: passage or question ordinals), then Finish.
class SegmentWriter {
 public:
  SegmentWriter();
  ~SegmentWriter();
  SegmentWriter(const SegmentWriter&) = delete;
  SegmentWriter& operator=(const SegmentWriter&) = delete;

  void AddDocument(const DocumentInput& doc);
  // The postings of one term: n docids (strictly ascending) and their frequencies (>= 1).
  void AddTerm(Field field, std::string_view term, const uint32_t* ids, const uint32_t* freqs, size_t n);
  // Replaces the lengths (in terms) of every passage and question added so far, in order (one per
  // unit): for a builder that learns them apart from the records.
  void SetUnitLengths(const std::vector<uint32_t>& passages, const std::vector<uint32_t>& questions);
  // The lengths of every passage and question the segment will have, in order, given before any
  // document: AddTerm reads these (not the documents added so far), so one thread may add the
  // terms while another adds the documents (a merge). The documents must then carry the same
  // lengths.
  void SetPostingUnitLengths(std::vector<uint32_t> passages, std::vector<uint32_t> questions);
  uint32_t passage_count() const;
  uint32_t question_count() const;
  // Writes the segment to path (created; fsynced before returning). Errors: kIoError.
  Status Finish(const std::string& path);

 private:
  struct State;
  std::unique_ptr<State> s_;
};

// Decodes n values in streamvbyte's "0124" form (streamvbyte_encode_0124: a control byte per four
// values, two bits each, 0 = the value 0 in no byte, 1 = one byte, 2 = two, 3 = four, little-endian;
// then the values' bytes) from [in, limit) into out. Returns the bytes read, or 0 when the values
// would run past limit (damage). Written here because Debian's libstreamvbyte decodes this form
// one value per call: 13% of a server's CPU under load.
size_t DecodeStreamVByte0124(const uint8_t* in, const uint8_t* limit, uint32_t* out, uint32_t n);

// A passage length of this many terms or more is kept in the passage table only (the byte per
// passage searches read says kLongPassage).
constexpr uint32_t kLongPassage = 255;

// A cursor over one term's postings, ascending. Not thread-safe; cheap to make.
class PostingCursor {
 public:
  PostingCursor() = default;
  // True while positioned on a posting.
  bool valid() const { return pos_ < count_; }
  uint32_t doc() const { return docs_[pos_]; }
  uint32_t freq() const { return freqs_[pos_]; }
  // Moves to the next posting.
  void Next();
  // Moves to the first posting with docid >= target (never backwards), skipping whole blocks.
  void SkipTo(uint32_t target);
  // Calls fn(docid, freq) for every posting from the current one on whose docid is below end,
  // and stops on the first that is not (or at the end of the list).
  template <typename Fn>
  void ForEachBefore(uint32_t end, Fn&& fn) {
    while (pos_ < count_) {
      uint32_t i = pos_;
      for (; i < count_ && docs_[i] < end; ++i) fn(docs_[i], freqs_[i]);
      pos_ = i;
      if (i < count_) return;
      if (!LoadBlock(block_ + 1)) count_ = 0, pos_ = 0;
    }
  }
  // The highest frequency and the shortest unit length over all of the term's blocks (from the
  // block directory): with them BM25 bounds any posting's score, for any k1 and b.
  void Bounds(uint32_t* max_freq, uint32_t* min_length) const;

 private:
  friend class SegmentReader;
  bool LoadBlock(uint32_t block);
  const uint8_t* base_ = nullptr;   // block directory
  const uint8_t* data_ = nullptr;   // block data
  const uint8_t* limit_ = nullptr;  // end of the mapped file
  uint32_t df_ = 0, blocks_ = 0, block_ = 0, pos_ = 0, count_ = 0;
  // One block with the short directory (version 2): its bounds, read when the cursor was made.
  bool short_directory_ = false;
  uint32_t max_freq_ = 0, min_length_ = 0;
  uint32_t docs_[kPostingsBlock];
  uint32_t freqs_[kPostingsBlock];
};

// A segment file opened read-only and memory-mapped. Immutable, so any number of threads share it.
class SegmentReader {
 public:
  // Maps path and checks the footer and every section bound. Errors: kIoError, kCorruption.
  static StatusOr<std::shared_ptr<const SegmentReader>> Open(const std::string& path);
  // The same over bytes in memory (kept by the reader), for the fuzz target and tests.
  static StatusOr<std::shared_ptr<const SegmentReader>> FromBytes(std::string bytes);
  ~SegmentReader();

  uint32_t doc_count() const { return doc_count_; }
  uint32_t passage_count() const { return passage_count_; }
  uint32_t question_count() const { return question_count_; }
  uint64_t total_passage_length() const { return total_passage_length_; }
  uint64_t file_bytes() const { return size_; }
  // Bytes of the zstd dictionary the store's frames share (0: none).
  uint64_t store_dictionary_bytes() const;

  DocEntry doc(uint32_t ordinal) const;
  std::string_view doc_id(uint32_t ordinal) const;
  std::string_view source_name(uint16_t source) const;
  uint32_t source_count() const { return source_count_; }
  PassageEntry passage(uint32_t ordinal) const;
  // A passage's length in terms (BM25's), from a byte per passage that searches read in passage
  // order, so that scoring a passage touches its neighbours' cache line rather than its own entry.
  uint32_t passage_length(uint32_t ordinal) const {
    const uint32_t length = short_lengths_[ordinal];
    return length < kLongPassage ? length : passage(ordinal).length;
  }
  QuestionEntry question(uint32_t ordinal) const;
  std::string_view question_text(uint32_t ordinal) const;
  // The document with that id, if this segment holds one (deleted or not); of several, the last.
  std::optional<uint32_t> FindDoc(std::string_view id) const;
  // The stored record of a document (decompressed). Errors: kCorruption.
  StatusOr<std::string> Record(uint32_t ordinal) const;

  // Postings of term in field, or nullopt when the segment lacks the term. The cursor starts on
  // the first posting. Errors from damaged postings end the cursor early.
  std::optional<PostingCursor> Postings(Field field, std::string_view term) const;
  // Document frequency of term in field (0 when absent).
  uint32_t DocFrequency(Field field, std::string_view term) const;
  // Calls fn(term, df) for every term of field in byte order; stops early when fn returns false.
  // Errors: kCorruption when the lexicon is damaged.
  Status ForEachTerm(Field field, const std::function<bool(std::string_view, uint32_t)>& fn) const;

 private:
  SegmentReader() = default;
  Status Parse();
  struct TermInfo {
    uint32_t df = 0;
    uint64_t offset = 0;
  };
  std::optional<TermInfo> Lookup(Field field, std::string_view term) const;

  // A decompressed store block, through a cache of the most recently used ones (at most
  // kCachedBlockBytes of them, least recent dropped first): hits of one query and documents the
  // answer engine reads whole cluster in few blocks (abstracts are about 10 to a block), and the
  // same documents come back question after question. 32 MiB instead of 64 blocks (2 MiB): 6.5%
  // fewer instructions per composed answer over 400 different public questions (callgrind, 92M ->
  // 86M); peak memory +40 MiB for an index of all the shared data (two segments).
  StatusOr<std::shared_ptr<const std::string>> Block(uint32_t block) const;
  static constexpr size_t kCachedBlockBytes = 32u << 20;
  mutable std::mutex cache_mu_;
  mutable std::list<std::pair<uint32_t, std::shared_ptr<const std::string>>> cache_;  // most recent first
  mutable std::unordered_map<uint32_t, decltype(cache_)::iterator> cached_;           // block -> its entry
  mutable size_t cached_bytes_ = 0;

  std::string owned_;  // FromBytes
  void* ddict_ = nullptr;  // ZSTD_DDict of the store's dictionary, when it has one
  uint32_t version_ = 0;
  void* map_ = nullptr;
  const uint8_t* data_ = nullptr;
  uint64_t size_ = 0;
  uint32_t doc_count_ = 0, passage_count_ = 0, question_count_ = 0, source_count_ = 0, store_blocks_ = 0;
  uint64_t total_passage_length_ = 0;
  // Section starts (byte offsets into the file) and their lengths, in the footer's order.
  std::vector<uint64_t> off_, len_;
  // Passage lengths as bytes, kLongPassage and over as kLongPassage: the file's section (version
  // 3), or made at open from the passage table (versions 1 and 2, into owned_short_lengths_).
  const uint8_t* short_lengths_ = nullptr;
  std::vector<uint8_t> owned_short_lengths_;
  std::vector<std::string_view> sources_;
};

}  // namespace medoracle::segments
