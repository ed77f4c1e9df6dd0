// Documents into segments: the tokeniser both index backends share, building a segment from
// documents in memory, and merging segments into one (dropping deleted documents).
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include "corpus/document.h"
#include "index/segment_format.h"
#include "medoracle/status.h"

namespace medoracle::segments {

// Index terms of a text, exactly as Xapian's TermGenerator makes them (Xapian 1.4's word rules
// without CJK n-grams, Unicode lower case, english stemmer, STEM_ALL, words over 64 bytes
// dropped, no positions), the terms of the Xapian backend medoracle had; stems go through a cache,
// as a Zipfian vocabulary repeats its words. Not thread-safe: one per thread.
class Tokenizer {
 public:
  Tokenizer();
  ~Tokenizer();
  // Appends (prefix + stemmed term, frequency) for every distinct term of text to *out, in byte
  // order of the term, and returns the number of words (the sum of the frequencies).
  uint32_t Terms(std::string_view text, const std::string& prefix, std::vector<std::pair<std::string, uint32_t>>* out);
  // Calls fn with each word of text in order, lower-cased and not yet stemmed (the unstemmed
  // term; the view is valid during the call only).
  void Words(std::string_view text, const std::function<void(std::string_view)>& fn);
  // The stem of a lower-cased word ("" when the stemmer leaves nothing: no term).
  const std::string& Stem(std::string_view word);

 private:
  struct Stemmer;
  std::unique_ptr<Stemmer> stemmer_;
  std::string word_;  // Words' buffer
};

// Accumulates documents (cut into passages, tokenised, inverted in memory) and writes them as one
// segment. Documents keep the order they were added in. Adding has two halves that touch
// disjoint state, so two threads may run them at once, each over every document in the same order:
// AddRecord (the stored record, compressed, and the tables) and AddTerms (tokenising, inverting,
// the units' lengths).
class SegmentBuilder {
 public:
  SegmentBuilder();
  ~SegmentBuilder();
  // Adds doc (which must have an id and text): both halves.
  void Add(const Document& doc) {
    AddRecord(doc);
    AddTerms(doc);
  }
  void AddRecord(const Document& doc);
  void AddTerms(const Document& doc);
  // Writes the segment to path (fsynced), once both halves have had every document.
  // Errors: kIoError.
  Status Write(const std::string& path);

 private:
  static constexpr uint32_t kNoTerm = UINT32_MAX;
  // The id of the term of a lower-cased word (kNoTerm when it has none), through word_ids_.
  uint32_t WordTerm(std::string_view word);
  // The id of "S" + the term of id body (title terms).
  uint32_t TitleTerm(uint32_t body);
  uint32_t TermId(std::string term);
  // Counts ids_ (sorted) as (term, frequency) runs into runs_.
  void CountIds();

  struct Hash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };

  // Lower-cased word -> term id, for every word of every document: open addressing, the words of
  // up to kInlineBytes kept in their 32-byte slot, so a lookup reads one cache line (the node-based
  // map's lookups were the inverting thread's largest cost); longer words in a map beside it.
  class WordIds {
   public:
    WordIds();
    // The id stored for word, or nullptr.
    const uint32_t* Find(std::string_view word) const;
    // Stores id for word (not stored yet).
    void Insert(std::string_view word, uint32_t id);

   private:
    static constexpr size_t kInlineBytes = 27;
    struct Slot {
      uint32_t id = 0;
      uint8_t length = 0;  // 0: empty
      char bytes[kInlineBytes];
    };
    static_assert(sizeof(Slot) == 32);
    static uint64_t HashOf(std::string_view word);
    size_t SlotOf(std::string_view word) const;  // the word's slot or the empty one it would take
    void Grow();
    std::vector<Slot> slots_;
    size_t used_ = 0;
    std::unordered_map<std::string, uint32_t, Hash, std::equal_to<>> long_words_;
  };

  Tokenizer tokenizer_;
  SegmentWriter writer_;
  // Term ids of this segment: both fields' terms in one numbering, so each word is looked up once.
  WordIds word_ids_;
  std::unordered_map<std::string, uint32_t> term_ids_;                         // term -> id
  std::vector<std::string> terms_;                                             // id -> term
  std::vector<uint32_t> title_terms_;                                          // id -> id of "S" + term
  // Per field and term id: (unit, frequency) pairs, units ascending.
  std::vector<std::vector<uint32_t>> postings_[2];
  // Lengths in terms of the passages and questions so far (AddTerms), for the writer.
  std::vector<uint32_t> passage_lengths_, question_lengths_;
  std::vector<uint32_t> ids_;                                     // scratch: term ids of one text
  std::vector<std::pair<uint32_t, uint32_t>> runs_, title_runs_;  // scratch: (term id, frequency)
};

// A SegmentBuilder fed on two threads of its own, one per half (records and compression; terms):
// Add and Write return at once (they wait only while kMaxQueued items are queued), so the caller's
// parsing, the storing and the inverting run on three threads; while a segment is being written
// the caller queues the next one's documents. One caller thread at a time.
class BackgroundBuilder {
 public:
  BackgroundBuilder();
  // Stops the threads; documents not yet written are dropped (a write in progress finishes).
  ~BackgroundBuilder();
  BackgroundBuilder(const BackgroundBuilder&) = delete;
  BackgroundBuilder& operator=(const BackgroundBuilder&) = delete;

  // Queues doc (which must have an id and text), to be the next document of the segment.
  void Add(std::shared_ptr<const Document> doc);
  // Queues the writing of the documents queued so far as a segment at path (fsynced); later
  // documents go to a new segment. The future holds the outcome. Errors: kIoError; kInternal when
  // storing or tokenising a document failed.
  std::future<Status> Write(const std::string& path);

 private:
  static constexpr size_t kMaxQueued = 4096;
  // A document, or (doc null) the end of a segment: written to path, the next segment built in next.
  struct Item {
    std::shared_ptr<const Document> doc;
    std::string path;
    std::promise<Status> written;
    std::shared_ptr<SegmentBuilder> next;
    bool stored = false;      // the records half is done with the segment
    std::string store_error;  // its first failure
  };
  enum Half { kRecords = 0, kTerms = 1 };
  void Run(Half half);
  void Push(std::shared_ptr<Item> item);

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::shared_ptr<Item>> queue_;  // items not yet taken by both halves
  uint64_t front_ = 0;                       // number of the queue's first item
  uint64_t taken_[2] = {0, 0};               // items each half has taken
  bool stop_ = false;
  std::thread threads_[2];
};

// One input of a merge: a segment and which of its documents are deleted.
struct MergeInput {
  std::shared_ptr<const SegmentReader> segment;
  std::function<bool(uint32_t doc)> deleted;
};

// Writes the live documents of inputs, in input order, as one segment at path: stored records,
// passages and questions are copied and postings merged without tokenising again.
// Errors: kIoError writing, kCorruption when an input is damaged.
Status MergeSegments(const std::vector<MergeInput>& inputs, const std::string& path);

}  // namespace medoracle::segments
