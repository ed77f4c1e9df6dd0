// Documents into segments: tokenising, inverting in memory, merging.
#include "index/segment_builder.h"

#include <xapian.h>

#include <algorithm>
#include <cstring>

#include "index/passages.h"

namespace medoracle::segments {

namespace {

constexpr size_t kMaxWordBytes = 64;  // TermGenerator's default max_word_length
constexpr unsigned kIgnore = UINT32_MAX;

bool BadContinuation(unsigned char c) { return (c & 0xc0) != 0x80; }

// The code point at p (p < end) as Xapian::Utf8Iterator reads it (an invalid, overlong or
// truncated sequence is its first byte, as ISO-8859-1); returns its length in bytes.
size_t Decode(const char* p, const char* end, unsigned* ch) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  const ptrdiff_t left = end - p;
  const unsigned c = u[0];
  *ch = c;
  if (c < 0xc2) return 1;
  if (c < 0xe0) {
    if (left < 2 || BadContinuation(u[1])) return 1;
    *ch = ((c & 0x1f) << 6) | (u[1] & 0x3f);
    return 2;
  }
  if (c < 0xf0) {
    if (left < 3 || BadContinuation(u[1]) || BadContinuation(u[2]) || (c == 0xe0 && u[1] < 0xa0)) return 1;
    *ch = ((c & 0x0f) << 12) | ((u[1] & 0x3fu) << 6) | (u[2] & 0x3f);
    return 3;
  }
  if (c >= 0xf5 || left < 4 || BadContinuation(u[1]) || BadContinuation(u[2]) || BadContinuation(u[3]) ||
      (c == 0xf0 && u[1] < 0x90) || (c == 0xf4 && u[1] >= 0x90)) {
    return 1;
  }
  *ch = ((c & 0x07) << 18) | ((u[1] & 0x3fu) << 12) | ((u[2] & 0x3fu) << 6) | (u[3] & 0x3f);
  return 4;
}

bool IsWordChar(unsigned ch) {
  if (ch < 0x80) return (ch | 0x20) - 'a' < 26 || ch - '0' < 10 || ch == '_';
  return Xapian::Unicode::is_wordchar(ch);
}

// TermGenerator's check_wordchar: the lower-cased character, or 0 when it is not a word character.
unsigned WordChar(unsigned ch) {
  if (ch < 0x80) {
    if (ch - 'A' < 26) return ch + 32;
    return ch - 'a' < 26 || ch - '0' < 10 || ch == '_' ? ch : 0;
  }
  return Xapian::Unicode::is_wordchar(ch) ? Xapian::Unicode::tolower(ch) : 0;
}

bool IsDigit(unsigned ch) {
  if (ch < 0x80) return ch - '0' < 10;
  return Xapian::Unicode::get_category(ch) == Xapian::Unicode::DECIMAL_DIGIT_NUMBER;
}

bool IsZeroWidth(unsigned ch) { return ch >= 0x200b && (ch <= 0x200d || ch == 0x2060 || ch == 0xfeff); }

// Characters that join two words into one term (AT&T, apostrophes): check_infix.
unsigned Infix(unsigned ch) {
  if (ch == '\'' || ch == '&' || ch == 0xb7 || ch == 0x5f4 || ch == 0x2027) return ch;
  if (ch == 0x2019 || ch == 0x201b) return '\'';
  return IsZeroWidth(ch) ? kIgnore : 0;
}

// Characters that join two digits ("1,000", "3.14"): check_infix_digit.
unsigned InfixDigit(unsigned ch) {
  switch (ch) {
    case ',':
    case '.':
    case ';':
    case 0x037e:
    case 0x0589:
    case 0x060d:
    case 0x07f8:
    case 0x2044:
    case 0xfe10:
    case 0xfe13:
    case 0xfe14: return ch;
  }
  return IsZeroWidth(ch) ? kIgnore : 0;
}

void AppendUtf8(std::string* s, unsigned ch) {
  if (ch < 0x80) {
    s->push_back(static_cast<char>(ch));
  } else {
    Xapian::Unicode::append_utf8(*s, ch);
  }
}

bool IsAsciiUpper(const char* p) { return static_cast<unsigned>(static_cast<unsigned char>(*p)) - 'A' < 26u; }

// Reads the term that starts at p (a word character, lower-cased ch, n bytes long) into *term, as
// TermGenerator's parse_terms does; returns where the next term's search starts.
const char* ReadTerm(const char* p, const char* end, unsigned ch, size_t n, std::string* term) {
  term->clear();
  // Initials separated by '.' (P.T.O., U.S.A): ASCII capitals only, at least two.
  if (IsAsciiUpper(p)) {
    const char* q = p;
    do {
      term->push_back(static_cast<char>(*q++ + 32));
    } while (q != end && *q == '.' && ++q != end && IsAsciiUpper(q));
    if (term->size() > 1) {
      unsigned after = 0;
      if (q == end || (Decode(q, end, &after), !IsWordChar(after))) return q;
    }
    term->clear();
  }
  unsigned raw = 0;
  while (true) {
    unsigned prev = 0;
    do {
      AppendUtf8(term, ch);
      prev = ch;
      p += n;
      if (p == end) return p;
      n = Decode(p, end, &raw);
      ch = WordChar(raw);
    } while (ch);
    // p is on a non-word character: it joins two words when a word character follows.
    const char* next = p + n;
    if (next == end) break;
    unsigned next_raw = 0;
    const size_t next_n = Decode(next, end, &next_raw);
    const unsigned next_ch = WordChar(next_raw);
    if (!next_ch) break;
    const unsigned infix = IsDigit(prev) && IsDigit(next_raw) ? InfixDigit(raw) : Infix(raw);
    if (!infix) break;
    if (infix != kIgnore) AppendUtf8(term, infix);
    ch = next_ch;
    p = next;
    n = next_n;
  }
  // Up to three '+' or '#' right after the word ("c++"), unless a word character follows them.
  const size_t len = term->size();
  for (unsigned count = 0; raw == '+' || raw == '#';) {
    if (++count > 3) {
      term->resize(len);
      return p;
    }
    term->push_back(static_cast<char>(raw));
    if (++p == end) return p;
    n = Decode(p, end, &raw);
  }
  if (IsWordChar(raw)) term->resize(len);
  return p;
}

}  // namespace

struct Tokenizer::Stemmer {
  Xapian::Stem stem{"english"};
  std::unordered_map<std::string, std::string> cache;
};

Tokenizer::Tokenizer() : stemmer_(std::make_unique<Stemmer>()) {}
Tokenizer::~Tokenizer() = default;

void Tokenizer::Words(std::string_view text, const std::function<void(std::string_view)>& fn) {
  const char* p = text.data();
  const char* const end = p + text.size();
  while (p != end) {
    unsigned raw = 0;
    const size_t n = Decode(p, end, &raw);
    const unsigned ch = WordChar(raw);
    if (!ch) {
      p += n;
      continue;
    }
    p = ReadTerm(p, end, ch, n, &word_);
    if (word_.size() <= kMaxWordBytes) fn(word_);
  }
}

const std::string& Tokenizer::Stem(std::string_view word) {
  // Bounded: a corpus of many rare words must not grow the cache without end.
  constexpr size_t kMaxCached = 1 << 20;
  auto& cache = stemmer_->cache;
  std::string key(word);
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  if (cache.size() >= kMaxCached) cache.clear();
  std::string stem = stemmer_->stem(key);
  return cache.emplace(std::move(key), std::move(stem)).first->second;
}

uint32_t Tokenizer::Terms(std::string_view text, const std::string& prefix,
                          std::vector<std::pair<std::string, uint32_t>>* out) {
  std::vector<std::string> terms;
  Words(text, [&](std::string_view word) {
    const std::string& stem = Stem(word);
    if (!stem.empty()) terms.push_back(prefix + stem);
  });
  std::sort(terms.begin(), terms.end());
  for (size_t i = 0; i < terms.size();) {
    size_t j = i + 1;
    while (j < terms.size() && terms[j] == terms[i]) ++j;
    out->emplace_back(std::move(terms[i]), static_cast<uint32_t>(j - i));
    i = j;
  }
  return static_cast<uint32_t>(terms.size());
}

SegmentBuilder::SegmentBuilder() = default;
SegmentBuilder::~SegmentBuilder() = default;

uint32_t SegmentBuilder::TermId(std::string term) {
  auto [it, added] = term_ids_.emplace(std::move(term), static_cast<uint32_t>(terms_.size()));
  if (added) {
    terms_.push_back(it->first);
    title_terms_.push_back(kNoTerm);
    for (auto& field : postings_) field.emplace_back();
  }
  return it->second;
}

SegmentBuilder::WordIds::WordIds() : slots_(size_t{1} << 16) {}

uint64_t SegmentBuilder::WordIds::HashOf(std::string_view word) {
  uint64_t h = word.size() * 0x9E3779B97F4A7C15ull;
  for (size_t at = 0; at < word.size(); at += 8) {
    uint64_t chunk = 0;
    std::memcpy(&chunk, word.data() + at, std::min<size_t>(8, word.size() - at));
    h = (h ^ chunk) * 0xBF58476D1CE4E5B9ull;
    h ^= h >> 31;
  }
  return h;
}

size_t SegmentBuilder::WordIds::SlotOf(std::string_view word) const {
  const size_t mask = slots_.size() - 1;
  for (size_t i = HashOf(word) & mask;; i = (i + 1) & mask) {
    const Slot& slot = slots_[i];
    if (slot.length == 0 || (slot.length == word.size() && std::memcmp(slot.bytes, word.data(), word.size()) == 0)) {
      return i;
    }
  }
}

const uint32_t* SegmentBuilder::WordIds::Find(std::string_view word) const {
  if (word.empty() || word.size() > kInlineBytes) {
    const auto it = long_words_.find(word);
    return it == long_words_.end() ? nullptr : &it->second;
  }
  const Slot& slot = slots_[SlotOf(word)];
  return slot.length == 0 ? nullptr : &slot.id;
}

void SegmentBuilder::WordIds::Insert(std::string_view word, uint32_t id) {
  if (word.empty() || word.size() > kInlineBytes) {
    long_words_.emplace(std::string(word), id);
    return;
  }
  if (2 * (used_ + 1) > slots_.size()) Grow();
  Slot& slot = slots_[SlotOf(word)];
  slot.id = id;
  slot.length = static_cast<uint8_t>(word.size());
  std::memcpy(slot.bytes, word.data(), word.size());
  ++used_;
}

void SegmentBuilder::WordIds::Grow() {
  std::vector<Slot> old = std::exchange(slots_, std::vector<Slot>(slots_.size() * 2));
  for (const Slot& slot : old) {
    if (slot.length != 0) slots_[SlotOf(std::string_view(slot.bytes, slot.length))] = slot;
  }
}

uint32_t SegmentBuilder::WordTerm(std::string_view word) {
  if (const uint32_t* id = word_ids_.Find(word)) return *id;
  const std::string& stem = tokenizer_.Stem(word);
  const uint32_t id = stem.empty() ? kNoTerm : TermId(stem);
  word_ids_.Insert(word, id);
  return id;
}

uint32_t SegmentBuilder::TitleTerm(uint32_t body) {
  if (title_terms_[body] == kNoTerm) {
    const uint32_t id = TermId("S" + terms_[body]);
    title_terms_[body] = id;
  }
  return title_terms_[body];
}

void SegmentBuilder::CountIds() {
  std::sort(ids_.begin(), ids_.end());
  runs_.clear();
  for (size_t i = 0; i < ids_.size();) {
    size_t j = i + 1;
    while (j < ids_.size() && ids_[j] == ids_[i]) ++j;
    runs_.emplace_back(ids_[i], static_cast<uint32_t>(j - i));
    i = j;
  }
}

void SegmentBuilder::AddRecord(const Document& doc) {
  DocumentInput in;
  in.id = doc.id;
  in.source = doc.source;
  in.type = doc.type;
  in.year = doc.year;
  in.record = EncodeRecord(doc);
  for (const Passage& p : MakePassages(doc)) {
    in.passages.push_back({0, p.span.start, p.span.end, 0, static_cast<uint32_t>(p.section)});
  }
  in.questions = doc.questions;
  in.question_lengths.assign(doc.questions.size(), 0);  // AddTerms counts them
  writer_.AddDocument(in);
}

void SegmentBuilder::AddTerms(const Document& doc) {
  auto collect = [this](std::string_view word) {
    const uint32_t id = WordTerm(word);
    if (id != kNoTerm) ids_.push_back(id);
  };
  ids_.clear();
  tokenizer_.Words(doc.title, collect);
  const auto title_words = static_cast<uint32_t>(ids_.size());
  CountIds();
  title_runs_.clear();
  for (const auto& [id, freq] : runs_) title_runs_.emplace_back(TitleTerm(id), freq);
  auto& passages = postings_[static_cast<size_t>(Field::kPassages)];
  for (const Passage& p : MakePassages(doc)) {
    ids_.clear();
    tokenizer_.Words(doc.Slice(p.span), collect);
    const auto words = static_cast<uint32_t>(ids_.size());
    CountIds();
    const auto unit = static_cast<uint32_t>(passage_lengths_.size());
    for (const auto* runs : {&runs_, &title_runs_}) {
      for (const auto& [id, freq] : *runs) {
        passages[id].push_back(unit);
        passages[id].push_back(freq);
      }
    }
    passage_lengths_.push_back(words + title_words);
  }
  auto& questions = postings_[static_cast<size_t>(Field::kQuestions)];
  for (const std::string& question : doc.questions) {
    ids_.clear();
    tokenizer_.Words(question, collect);
    const auto unit = static_cast<uint32_t>(question_lengths_.size());
    question_lengths_.push_back(static_cast<uint32_t>(ids_.size()));
    CountIds();
    for (const auto& [id, freq] : runs_) {
      questions[id].push_back(unit);
      questions[id].push_back(freq);
    }
  }
}

Status SegmentBuilder::Write(const std::string& path) {
  if (passage_lengths_.size() != writer_.passage_count() || question_lengths_.size() != writer_.question_count()) {
    return Status::Internal(path + ": the halves of the segment builder disagree");
  }
  writer_.SetUnitLengths(passage_lengths_, question_lengths_);
  std::vector<uint32_t> order(terms_.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [this](uint32_t a, uint32_t b) { return terms_[a] < terms_[b]; });
  std::vector<uint32_t> ids, freqs;
  for (Field field : {Field::kPassages, Field::kQuestions}) {
    auto& postings = postings_[static_cast<size_t>(field)];
    for (uint32_t term : order) {
      const std::vector<uint32_t>& list = postings[term];
      ids.clear();
      freqs.clear();
      for (size_t i = 0; i + 1 < list.size(); i += 2) {
        ids.push_back(list[i]);
        freqs.push_back(list[i + 1]);
      }
      writer_.AddTerm(field, terms_[term], ids.data(), freqs.data(), ids.size());
      std::vector<uint32_t>().swap(postings[term]);
    }
  }
  return writer_.Finish(path);
}

BackgroundBuilder::BackgroundBuilder() {
  auto first = std::make_shared<Item>();  // a segment end before the first document: the first builder
  first->next = std::make_shared<SegmentBuilder>();
  first->stored = true;
  queue_.push_back(std::move(first));
  threads_[kRecords] = std::thread([this] { Run(kRecords); });
  threads_[kTerms] = std::thread([this] { Run(kTerms); });
}

BackgroundBuilder::~BackgroundBuilder() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  for (std::thread& t : threads_) t.join();
}

void BackgroundBuilder::Push(std::shared_ptr<Item> item) {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait(lock, [this] { return queue_.size() < kMaxQueued; });
  queue_.push_back(std::move(item));
  cv_.notify_all();
}

void BackgroundBuilder::Add(std::shared_ptr<const Document> doc) {
  auto item = std::make_shared<Item>();
  item->doc = std::move(doc);
  Push(std::move(item));
}

std::future<Status> BackgroundBuilder::Write(const std::string& path) {
  auto item = std::make_shared<Item>();
  item->path = path;
  item->next = std::make_shared<SegmentBuilder>();
  std::future<Status> done = item->written.get_future();
  Push(std::move(item));
  return done;
}

void BackgroundBuilder::Run(Half half) {
  std::shared_ptr<SegmentBuilder> builder;
  std::string error;  // this half's first failure in the current segment
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    cv_.wait(lock, [&] { return stop_ || taken_[half] - front_ < queue_.size(); });
    if (stop_) return;
    std::shared_ptr<Item> item = queue_[taken_[half] - front_];
    ++taken_[half];
    // Items both halves have taken leave the queue (room for the caller).
    while (!queue_.empty() && taken_[kRecords] > front_ && taken_[kTerms] > front_) {
      queue_.pop_front();
      ++front_;
    }
    cv_.notify_all();
    if (!item->doc) {
      // The end of a segment. The records half hands over its failure; the terms half waits for
      // the records half to be done with the segment, then writes it.
      if (half == kRecords) {
        item->store_error = std::exchange(error, std::string());
        item->stored = true;
        cv_.notify_all();
      } else {
        cv_.wait(lock, [&] { return stop_ || item->stored; });
        if (stop_) return;
      }
      std::shared_ptr<SegmentBuilder> done = std::exchange(builder, item->next);
      if (half == kTerms && done) {
        const std::string failure = !item->store_error.empty() ? item->store_error : std::exchange(error, "");
        lock.unlock();
        item->written.set_value(failure.empty() ? done->Write(item->path)
                                                : Status::Internal(item->path + ": indexing failed: " + failure));
        done.reset();
        lock.lock();
      }
      continue;
    }
    lock.unlock();
    try {
      if (half == kRecords) {
        builder->AddRecord(*item->doc);
      } else {
        builder->AddTerms(*item->doc);
      }
    } catch (const std::exception& e) {
      if (error.empty()) error = item->doc->id + ": " + e.what();
    } catch (const Xapian::Error& e) {
      if (error.empty()) error = item->doc->id + ": " + e.get_description();
    }
    item.reset();
    lock.lock();
  }
}

Status MergeSegments(const std::vector<MergeInput>& inputs, const std::string& path) {
  SegmentWriter writer;
  constexpr uint32_t kGone = UINT32_MAX;
  // The live documents (input, document), old passage / question ordinal -> new one per input, and
  // the new units' lengths: known before the documents are copied, so the records (decompressed and
  // compressed again) are copied on a thread of their own while this one merges the postings.
  std::vector<std::pair<size_t, uint32_t>> live;
  std::vector<std::vector<uint32_t>> passage_map(inputs.size()), question_map(inputs.size());
  std::vector<uint32_t> passage_lengths, question_lengths;
  for (size_t i = 0; i < inputs.size(); ++i) {
    const SegmentReader& seg = *inputs[i].segment;
    passage_map[i].assign(seg.passage_count(), kGone);
    question_map[i].assign(seg.question_count(), kGone);
    for (uint32_t d = 0; d < seg.doc_count(); ++d) {
      if (inputs[i].deleted && inputs[i].deleted(d)) continue;
      live.emplace_back(i, d);
      const DocEntry e = seg.doc(d);
      for (uint32_t p = 0; p < e.passage_count; ++p) {
        passage_map[i][e.first_passage + p] = static_cast<uint32_t>(passage_lengths.size());
        passage_lengths.push_back(seg.passage(e.first_passage + p).length);
      }
      for (uint32_t q = 0; q < e.question_count; ++q) {
        question_map[i][e.first_question + q] = static_cast<uint32_t>(question_lengths.size());
        question_lengths.push_back(seg.question(e.first_question + q).length);
      }
    }
  }
  writer.SetPostingUnitLengths(std::move(passage_lengths), std::move(question_lengths));
  auto copy_records = [&]() -> Status {
    for (const auto& [i, d] : live) {
      const SegmentReader& seg = *inputs[i].segment;
      const DocEntry e = seg.doc(d);
      DocumentInput in;
      in.id = seg.doc_id(d);
      in.source = seg.source_name(e.source);
      in.type = static_cast<RefType>(e.type);
      in.year = e.year;
      StatusOr<std::string> record = seg.Record(d);
      if (!record.ok()) return record.status();
      in.record = std::move(record).value();
      for (uint32_t p = 0; p < e.passage_count; ++p) in.passages.push_back(seg.passage(e.first_passage + p));
      for (uint32_t q = 0; q < e.question_count; ++q) {
        in.questions.emplace_back(seg.question_text(e.first_question + q));
        in.question_lengths.push_back(seg.question(e.first_question + q).length);
      }
      writer.AddDocument(in);
    }
    return Status::Ok();
  };
  Status records_status;
  // A jthread: joined however this function is left (an exception of the postings' merge too).
  std::jthread records([&] {
    try {  // an exception must not leave the thread (std::terminate)
      records_status = copy_records();
    } catch (const std::exception& e) {
      records_status = Status::Internal(path + ": merging the stored records failed: " + e.what());
    }
  });
  const Status postings_status = [&]() -> Status {
    std::vector<uint32_t> ids, freqs;
    for (Field field : {Field::kPassages, Field::kQuestions}) {
      const auto& map = field == Field::kPassages ? passage_map : question_map;
      // Every term of every input, in byte order, once.
      std::vector<std::string> terms;
      for (const MergeInput& in : inputs) {
        std::vector<std::string> own;
        Status s = in.segment->ForEachTerm(field, [&own](std::string_view t, uint32_t) {
          own.emplace_back(t);
          return true;
        });
        if (!s.ok()) return s;
        std::vector<std::string> merged;
        merged.reserve(terms.size() + own.size());
        std::set_union(terms.begin(), terms.end(), own.begin(), own.end(), std::back_inserter(merged));
        terms = std::move(merged);
      }
      for (const std::string& term : terms) {
        ids.clear();
        freqs.clear();
        for (size_t i = 0; i < inputs.size(); ++i) {
          auto cursor = inputs[i].segment->Postings(field, term);
          if (!cursor) continue;
          for (; cursor->valid(); cursor->Next()) {
            if (cursor->doc() >= map[i].size()) return Status::Corruption(path + ": merge input has a damaged posting");
            const uint32_t to = map[i][cursor->doc()];
            if (to == kGone) continue;
            ids.push_back(to);
            freqs.push_back(cursor->freq());
          }
        }
        writer.AddTerm(field, term, ids.data(), freqs.data(), ids.size());
      }
    }
    return Status::Ok();
  }();
  records.join();
  if (!records_status.ok()) return records_status;
  if (!postings_status.ok()) return postings_status;
  return writer.Finish(path);
}

}  // namespace medoracle::segments
