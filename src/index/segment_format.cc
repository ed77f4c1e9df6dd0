// One immutable segment on disk (docs/index-format.md): writer and memory-mapped reader.
#include "index/segment_format.h"

#include <fcntl.h>
#include <streamvbyte.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zdict.h>
#include <zstd.h>

#include <algorithm>
#include <bit>
#include <cstring>
#if defined(__x86_64__)
#include <immintrin.h>
#endif
#include <memory>
#include <nlohmann/json.hpp>

#include "corpus/document_json.h"

namespace medoracle::segments {
namespace {

constexpr char kMagic[8] = {'m', 'e', 'd', 'o', 's', 'e', 'g', '1'};
// Version 2 added the store's dictionary (section kStoreDict) and the short directory of one-block
// postings; version 3 the passage lengths as bytes (kPassageLengths). Versions 1 and 2 are still read.
constexpr uint32_t kVersion = 3;
// Sections in file order; the footer lists each one's offset and length in this order.
enum SectionId : size_t {
  kStore,                // zstd frames, one per block of records
  kStoreIndex,           // u64 per block + 1: frame offsets inside kStore
  kDocs,                 // kDocBytes per document
  kIds,                  // document ids, concatenated in document order
  kIdOffsets,            // u32 per document + 1 into kIds
  kIdSorted,             // u32 document ordinals in byte order of their ids
  kPassages,             // kPassageBytes per passage
  kSources,              // source names: varint length + bytes each
  kQuestions,            // kQuestionBytes per question
  kQuestionText,         // question texts, concatenated
  kQuestionTextOffsets,  // u64 per question + 1 into kQuestionText
  kPassageLexicon,
  kPassagePostings,
  kQuestionLexicon,
  kQuestionPostings,
  kStoreDict,       // zstd dictionary of the store's frames (empty: frames without one); version 2
  kPassageLengths,  // u8 per passage: its length in terms, 255 for 255 or more; version 3
  kSectionCount
};
constexpr size_t kVersion1Sections = kStoreDict;
constexpr size_t kVersion2Sections = kPassageLengths;
constexpr size_t kDocBytes = 36;
constexpr size_t kPassageBytes = 20;
constexpr size_t kQuestionBytes = 8;
constexpr size_t kScalars = 6;  // doc, passage, question, source counts, store blocks, total passage length
constexpr size_t FooterBytes(size_t sections) { return (2 * sections + kScalars) * 8 + 8 + sizeof(kMagic); }
// Records per zstd frame: about 15 abstracts, so that a hit's decompression stays near 50 us. The
// frames share a dictionary trained on the segment's first records (records repeat their JSON keys,
// journal names, affiliations and common phrases, which a 32 KiB frame alone cannot exploit).
// Measured on 30,000 synthetic abstracts (64 MiB of records): level 6 without a dictionary 2.36x
// in 2.8 s; a 110 KiB dictionary trained on 2 MiB (0.4 s) and level 3: 2.78x in 1.5 s; level 6 with
// it 2.95x in 3.8 s; 64 KiB frames add 0.5%.
constexpr size_t kStoreBlockBytes = 32 * 1024;
constexpr int kZstdLevel = 3;
constexpr int kZstdLevelWithoutDictionary = 6;  // segments too small to train a dictionary on
constexpr size_t kDictionaryBytes = 110 * 1024;
constexpr size_t kDictionarySampleBytes = 2u << 20;  // records the dictionary is trained on
constexpr size_t kMinDictionarySampleBytes = 256u << 10;
constexpr uint32_t kLexiconBlock = 16;  // terms per front-coded lexicon block
constexpr size_t kDirEntryBytes = 16;   // postings block directory entry: last doc, max freq, min length, end

void PutU32(std::string* out, uint32_t v) { out->append(reinterpret_cast<const char*>(&v), 4); }
void PutU64(std::string* out, uint64_t v) { out->append(reinterpret_cast<const char*>(&v), 8); }
void PutVarint(std::string* out, uint64_t v) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>(v | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}
uint64_t ZigZag(int64_t v) { return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63); }
int64_t UnZigZag(uint64_t v) { return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1); }
uint32_t GetU32(const uint8_t* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}
uint64_t GetU64(const uint8_t* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}
// Reads a varint at *p (not beyond end); false when truncated or over 64 bits.
bool GetVarint(const uint8_t** p, const uint8_t* end, uint64_t* v) {
  uint64_t result = 0;
  for (int shift = 0; shift < 64 && *p < end; shift += 7) {
    const uint8_t b = *(*p)++;
    result |= static_cast<uint64_t>(b & 0x7f) << shift;
    if ((b & 0x80) == 0) {
      *v = result;
      return true;
    }
  }
  return false;
}

}  // namespace

// --- records ------------------------------------------------------------------------------

std::string EncodeRecord(const Document& doc) {
  std::string out;
  PutVarint(&out, doc.text.size());
  out += doc.text;
  PutVarint(&out, doc.sections.size());
  for (const medoracle::Section& s : doc.sections) {
    PutVarint(&out, s.label.size());
    out += s.label;
  }
  // Sentence spans as zigzag varints (start from the previous end, then end from start; both
  // small and positive in a well-formed document): a tenth of their JSON form.
  PutVarint(&out, doc.sentences.size());
  int64_t last_end = 0;
  for (const Span& sentence : doc.sentences) {
    PutVarint(&out, ZigZag(int64_t{sentence.start} - last_end));
    PutVarint(&out, ZigZag(int64_t{sentence.end} - int64_t{sentence.start}));
    last_end = sentence.end;
  }
  nlohmann::json j = DocumentToJson(doc);
  j.erase("text");
  j.erase("sentences");
  out += j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return out;
}

bool DecodeRecord(std::string_view bytes, RecordView* out) {
  const auto* p = reinterpret_cast<const uint8_t*>(bytes.data());
  const uint8_t* end = p + bytes.size();
  uint64_t n = 0;
  if (!GetVarint(&p, end, &n) || n > static_cast<uint64_t>(end - p)) return false;
  out->text = std::string_view(reinterpret_cast<const char*>(p), n);
  p += n;
  uint64_t sections = 0;
  if (!GetVarint(&p, end, &sections) || sections > static_cast<uint64_t>(end - p)) return false;
  out->labels.clear();
  out->labels.reserve(sections);
  for (uint64_t i = 0; i < sections; ++i) {
    if (!GetVarint(&p, end, &n) || n > static_cast<uint64_t>(end - p)) return false;
    out->labels.emplace_back(reinterpret_cast<const char*>(p), n);
    p += n;
  }
  uint64_t sentences = 0;
  if (!GetVarint(&p, end, &sentences) || sentences > static_cast<uint64_t>(end - p)) return false;
  out->sentences.clear();
  out->sentences.reserve(sentences);
  int64_t last_end = 0;
  for (uint64_t i = 0; i < sentences; ++i) {
    uint64_t gap = 0, length = 0;
    if (!GetVarint(&p, end, &gap) || !GetVarint(&p, end, &length)) return false;
    const int64_t start = last_end + UnZigZag(gap);
    last_end = start + UnZigZag(length);
    const auto size = static_cast<int64_t>(out->text.size());
    if (start < 0 || start > size || last_end < 0 || last_end > size) return false;
    out->sentences.push_back({static_cast<uint32_t>(start), static_cast<uint32_t>(last_end)});
  }
  out->json = std::string_view(reinterpret_cast<const char*>(p), static_cast<size_t>(end - p));
  return true;
}

StatusOr<Document> RecordToDocument(std::string_view bytes) {
  RecordView view;
  if (!DecodeRecord(bytes, &view)) return Status::Corruption("stored document record is damaged");
  // The in-place scanner first (no JSON tree, the text copied once); nlohmann's parser for what
  // it cannot vouch for, which gives the document or the error.
  Document doc;
  doc.text = std::string(view.text);
  doc.sentences = view.sentences;
  JsonScanner scanner(view.json);
  if (ScanDocument(&scanner, &doc, /*text_given=*/true) && scanner.AtEnd()) return doc;
  nlohmann::json j = nlohmann::json::parse(view.json, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return Status::Corruption("stored document JSON is damaged");
  j["text"] = std::string(view.text);
  nlohmann::json& sentences = j["sentences"] = nlohmann::json::array();
  for (const Span& s : view.sentences) sentences.push_back({{"start", s.start}, {"end", s.end}});
  return DocumentFromJson(j);
}

// --- writer -------------------------------------------------------------------------------

struct SegmentWriter::State {
  std::string sections[kSectionCount];
  // SetPostingUnitLengths' lengths (passages, questions) for AddTerm, when given.
  bool posting_lengths_given = false;
  std::vector<uint32_t> posting_lengths[2];
  std::string block;  // records of the store block being filled
  uint32_t store_blocks = 0;  // blocks closed (compressed or waiting)
  // Until the dictionary is trained: the records seen so far (the training samples) and the
  // closed blocks waiting to be compressed with it.
  bool trained = false;
  std::string samples;
  std::vector<size_t> sample_sizes;
  std::vector<std::string> waiting;
  ZSTD_CCtx* cctx = ZSTD_createCCtx();
  ZSTD_CDict* cdict = nullptr;
  ~State() {
    ZSTD_freeCDict(cdict);
    ZSTD_freeCCtx(cctx);
  }
  std::vector<std::string> ids;
  std::vector<std::string> source_names;
  std::vector<uint32_t> passage_lengths, question_lengths;
  uint64_t total_passage_length = 0;
  uint32_t docs = 0, passages = 0, questions = 0;
  // Lexicon being built per field: terms so far and the last term (front coding).
  struct Lexicon {
    std::string data;
    std::vector<uint32_t> block_offsets;
    std::string last;
    uint32_t terms = 0;
  } lexicon[2];

  void AddRecord(std::string_view record) {
    if (!trained) {
      samples += record;
      sample_sizes.push_back(record.size());
      if (samples.size() >= kDictionarySampleBytes) Train();
    }
    block += record;
  }

  // Trains the store's dictionary on the samples (none when there are too few or training fails)
  // and compresses the blocks that waited for it.
  void Train() {
    trained = true;
    if (samples.size() >= kMinDictionarySampleBytes) {
      std::string dict(kDictionaryBytes, '\0');
      const size_t n = ZDICT_trainFromBuffer(dict.data(), dict.size(), samples.data(), sample_sizes.data(),
                                             static_cast<unsigned>(sample_sizes.size()));
      if (!ZDICT_isError(n)) {
        dict.resize(n);
        cdict = ZSTD_createCDict(dict.data(), dict.size(), kZstdLevel);
        if (cdict != nullptr) sections[kStoreDict] = std::move(dict);
      }
    }
    std::string().swap(samples);
    std::vector<size_t>().swap(sample_sizes);
    for (const std::string& b : waiting) Compress(b);
    waiting.clear();
  }

  void Compress(const std::string& raw) {
    std::string frame(ZSTD_compressBound(raw.size()), '\0');
    const size_t n =
        cdict != nullptr
            ? ZSTD_compress_usingCDict(cctx, frame.data(), frame.size(), raw.data(), raw.size(), cdict)
            : ZSTD_compressCCtx(cctx, frame.data(), frame.size(), raw.data(), raw.size(), kZstdLevelWithoutDictionary);
    frame.resize(ZSTD_isError(n) ? 0 : n);
    PutU64(&sections[kStoreIndex], sections[kStore].size());
    sections[kStore] += frame;
  }

  void FlushBlock() {
    if (block.empty()) return;
    if (trained) {
      Compress(block);
    } else {
      waiting.push_back(block);
    }
    ++store_blocks;
    block.clear();
  }
};

SegmentWriter::SegmentWriter() : s_(std::make_unique<State>()) {}
SegmentWriter::~SegmentWriter() = default;
uint32_t SegmentWriter::passage_count() const { return s_->passages; }
uint32_t SegmentWriter::question_count() const { return s_->questions; }

void SegmentWriter::AddDocument(const DocumentInput& doc) {
  State& s = *s_;
  if (s.block.size() >= kStoreBlockBytes) s.FlushBlock();
  auto source = std::find(s.source_names.begin(), s.source_names.end(), doc.source);
  if (source == s.source_names.end()) source = s.source_names.insert(source, doc.source);
  std::string& d = s.sections[kDocs];
  PutU32(&d, s.store_blocks);
  PutU32(&d, static_cast<uint32_t>(s.block.size()));
  PutU32(&d, static_cast<uint32_t>(doc.record.size()));
  PutU32(&d, s.passages);
  PutU32(&d, static_cast<uint32_t>(doc.passages.size()));
  PutU32(&d, s.questions);
  PutU32(&d, static_cast<uint32_t>(doc.questions.size()));
  const auto source_index = static_cast<uint16_t>(source - s.source_names.begin());
  d.append(reinterpret_cast<const char*>(&source_index), 2);
  d.push_back(static_cast<char>(doc.type));
  d.push_back('\0');
  const int32_t year = doc.year;
  d.append(reinterpret_cast<const char*>(&year), 4);
  s.AddRecord(doc.record);
  PutU32(&s.sections[kIdOffsets], static_cast<uint32_t>(s.sections[kIds].size()));
  s.sections[kIds] += doc.id;
  s.ids.push_back(doc.id);
  for (const PassageEntry& p : doc.passages) {
    std::string& out = s.sections[kPassages];
    PutU32(&out, s.docs);
    PutU32(&out, p.start);
    PutU32(&out, p.end);
    PutU32(&out, p.length);
    PutU32(&out, p.section);
    s.passage_lengths.push_back(p.length);
    s.total_passage_length += p.length;
    ++s.passages;
  }
  for (size_t i = 0; i < doc.questions.size(); ++i) {
    PutU32(&s.sections[kQuestions], s.docs);
    const uint32_t length = i < doc.question_lengths.size() ? doc.question_lengths[i] : 0;
    PutU32(&s.sections[kQuestions], length);
    s.question_lengths.push_back(length);
    PutU64(&s.sections[kQuestionTextOffsets], s.sections[kQuestionText].size());
    s.sections[kQuestionText] += doc.questions[i];
    ++s.questions;
  }
  ++s.docs;
}

void SegmentWriter::SetUnitLengths(const std::vector<uint32_t>& passages, const std::vector<uint32_t>& questions) {
  State& s = *s_;
  s.total_passage_length = 0;
  for (size_t i = 0; i < passages.size() && i < s.passage_lengths.size(); ++i) {
    s.passage_lengths[i] = passages[i];
    std::memcpy(s.sections[kPassages].data() + i * kPassageBytes + 12, &passages[i], 4);
  }
  for (uint32_t length : s.passage_lengths) s.total_passage_length += length;
  for (size_t i = 0; i < questions.size() && i < s.question_lengths.size(); ++i) {
    s.question_lengths[i] = questions[i];
    std::memcpy(s.sections[kQuestions].data() + i * kQuestionBytes + 4, &questions[i], 4);
  }
}

void SegmentWriter::SetPostingUnitLengths(std::vector<uint32_t> passages, std::vector<uint32_t> questions) {
  s_->posting_lengths[0] = std::move(passages);
  s_->posting_lengths[1] = std::move(questions);
  s_->posting_lengths_given = true;
}

void SegmentWriter::AddTerm(Field field, std::string_view term, const uint32_t* ids, const uint32_t* freqs, size_t n) {
  if (n == 0) return;
  State& s = *s_;
  const size_t f = static_cast<size_t>(field);
  std::string& postings = s.sections[field == Field::kPassages ? kPassagePostings : kQuestionPostings];
  const std::vector<uint32_t>& lengths = s.posting_lengths_given     ? s.posting_lengths[f]
                                         : field == Field::kPassages ? s.passage_lengths
                                                                     : s.question_lengths;
  State::Lexicon& lex = s.lexicon[f];
  // Lexicon entry.
  if (lex.terms % kLexiconBlock == 0) {
    lex.block_offsets.push_back(static_cast<uint32_t>(lex.data.size()));
    PutVarint(&lex.data, term.size());
    lex.data += term;
  } else {
    size_t shared = 0;
    while (shared < term.size() && shared < lex.last.size() && term[shared] == lex.last[shared]) ++shared;
    PutVarint(&lex.data, shared);
    PutVarint(&lex.data, term.size() - shared);
    lex.data.append(term.substr(shared));
  }
  PutVarint(&lex.data, n);
  PutVarint(&lex.data, postings.size());
  lex.last.assign(term);
  ++lex.terms;
  // Postings: the block directory, then the blocks. A list of one block (most terms: rare words)
  // has a short directory instead, its highest frequency and shortest unit length as varints.
  const size_t blocks = (n + kPostingsBlock - 1) / kPostingsBlock;
  const size_t dir = postings.size();
  if (blocks > 1) postings.resize(dir + blocks * kDirEntryBytes);
  std::string data;
  std::vector<uint8_t> buf(streamvbyte_max_compressedbytes(kPostingsBlock) * 2);
  uint32_t prev = 0;
  for (size_t b = 0; b < blocks; ++b) {
    const size_t from = b * kPostingsBlock, count = std::min<size_t>(kPostingsBlock, n - from);
    uint32_t max_freq = 0, min_length = UINT32_MAX;
    for (size_t i = from; i < from + count; ++i) {
      max_freq = std::max(max_freq, freqs[i]);
      min_length = std::min(min_length, ids[i] < lengths.size() ? lengths[ids[i]] : 0);
    }
    // Gaps minus one and frequencies minus one, so that the commonest values (consecutive
    // passages, a word once) take no data byte, only their 2-bit code.
    uint32_t gaps[kPostingsBlock], counts[kPostingsBlock];
    uint32_t last = b == 0 ? UINT32_MAX : prev;  // docid -1 before the first block (wraps)
    for (size_t i = 0; i < count; ++i) {
      gaps[i] = ids[from + i] - last - 1;
      last = ids[from + i];
      counts[i] = freqs[from + i] - 1;
    }
    size_t bytes = streamvbyte_encode_0124(gaps, static_cast<uint32_t>(count), buf.data());
    bytes += streamvbyte_encode_0124(counts, static_cast<uint32_t>(count), buf.data() + bytes);
    data.append(reinterpret_cast<const char*>(buf.data()), bytes);
    prev = ids[from + count - 1];
    if (blocks == 1) {
      PutVarint(&postings, max_freq);
      PutVarint(&postings, min_length);
      break;
    }
    const uint32_t entry[4] = {prev, max_freq, min_length, static_cast<uint32_t>(data.size())};
    std::memcpy(postings.data() + dir + b * kDirEntryBytes, entry, sizeof(entry));
  }
  postings += data;
}

Status SegmentWriter::Finish(const std::string& path) {
  State& s = *s_;
  s.FlushBlock();
  if (!s.trained) s.Train();
  PutU64(&s.sections[kStoreIndex], s.sections[kStore].size());
  PutU32(&s.sections[kIdOffsets], static_cast<uint32_t>(s.sections[kIds].size()));
  PutU64(&s.sections[kQuestionTextOffsets], s.sections[kQuestionText].size());
  std::vector<uint32_t> sorted(s.docs);
  for (uint32_t i = 0; i < s.docs; ++i) sorted[i] = i;
  std::stable_sort(sorted.begin(), sorted.end(), [&](uint32_t a, uint32_t b) { return s.ids[a] < s.ids[b]; });
  for (uint32_t i : sorted) PutU32(&s.sections[kIdSorted], i);
  for (const std::string& name : s.source_names) {
    PutVarint(&s.sections[kSources], name.size());
    s.sections[kSources] += name;
  }
  for (size_t f = 0; f < 2; ++f) {
    State::Lexicon& lex = s.lexicon[f];
    std::string out;
    PutU32(&out, lex.terms);
    PutU32(&out, static_cast<uint32_t>(lex.block_offsets.size()));
    for (uint32_t o : lex.block_offsets) PutU32(&out, o);
    out += lex.data;
    s.sections[f == 0 ? kPassageLexicon : kQuestionLexicon] = std::move(out);
  }
  std::string& short_lengths = s.sections[kPassageLengths];
  short_lengths.clear();
  for (uint32_t length : s.passage_lengths) {
    short_lengths.push_back(static_cast<char>(std::min<uint32_t>(length, kLongPassage)));
  }
  // Layout: magic, sections (each 8-byte aligned), footer.
  std::string footer;
  uint64_t offset = sizeof(kMagic);
  std::vector<uint64_t> offsets(kSectionCount);
  for (size_t i = 0; i < kSectionCount; ++i) {
    offsets[i] = offset;
    offset += (s.sections[i].size() + 7) / 8 * 8;
  }
  for (size_t i = 0; i < kSectionCount; ++i) PutU64(&footer, offsets[i]);
  for (size_t i = 0; i < kSectionCount; ++i) PutU64(&footer, s.sections[i].size());
  for (uint64_t v : {uint64_t{s.docs}, uint64_t{s.passages}, uint64_t{s.questions}, uint64_t{s.source_names.size()},
                     uint64_t{s.store_blocks}, s.total_passage_length}) {
    PutU64(&footer, v);
  }
  PutU32(&footer, kVersion);
  PutU32(&footer, kSectionCount);
  footer.append(kMagic, sizeof(kMagic));

  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Status::IoError(path + ": cannot create segment: " + std::strerror(errno));
  bool ok = true;
  auto write_all = [&](const char* p, size_t n) {
    while (ok && n > 0) {
      const ssize_t w = ::write(fd, p, n);
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) {
        ok = false;
        break;
      }
      p += w;
      n -= static_cast<size_t>(w);
    }
  };
  write_all(kMagic, sizeof(kMagic));
  static const char kZeros[8] = {};
  for (size_t i = 0; i < kSectionCount; ++i) {
    write_all(s.sections[i].data(), s.sections[i].size());
    write_all(kZeros, (8 - s.sections[i].size() % 8) % 8);
  }
  write_all(footer.data(), footer.size());
  if (ok && ::fsync(fd) != 0) ok = false;
  const int saved = errno;
  ::close(fd);
  if (!ok) return Status::IoError(path + ": writing segment failed: " + std::strerror(saved));
  return Status::Ok();
}

// --- reader -------------------------------------------------------------------------------

StatusOr<std::shared_ptr<const SegmentReader>> SegmentReader::Open(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Status::IoError(path + ": cannot open segment: " + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    ::close(fd);
    return Status::IoError(path + ": cannot stat segment");
  }
  std::shared_ptr<SegmentReader> r(new SegmentReader());
  r->size_ = static_cast<uint64_t>(st.st_size);
  if (r->size_ > 0) {
    r->map_ = ::mmap(nullptr, r->size_, PROT_READ, MAP_SHARED, fd, 0);
    if (r->map_ == MAP_FAILED) {
      r->map_ = nullptr;
      ::close(fd);
      return Status::IoError(path + ": cannot map segment: " + std::strerror(errno));
    }
    r->data_ = static_cast<const uint8_t*>(r->map_);
  }
  ::close(fd);
  if (Status s = r->Parse(); !s.ok()) return Status::Corruption(path + ": " + s.message());
  return std::shared_ptr<const SegmentReader>(std::move(r));
}

StatusOr<std::shared_ptr<const SegmentReader>> SegmentReader::FromBytes(std::string bytes) {
  std::shared_ptr<SegmentReader> r(new SegmentReader());
  r->owned_ = std::move(bytes);
  r->data_ = reinterpret_cast<const uint8_t*>(r->owned_.data());
  r->size_ = r->owned_.size();
  if (Status s = r->Parse(); !s.ok()) return s;
  return std::shared_ptr<const SegmentReader>(std::move(r));
}

SegmentReader::~SegmentReader() {
  ZSTD_freeDDict(static_cast<ZSTD_DDict*>(ddict_));
  if (map_ != nullptr) ::munmap(map_, size_);
}

Status SegmentReader::Parse() {
  if (size_ < sizeof(kMagic) + FooterBytes(kVersion1Sections) || std::memcmp(data_, kMagic, sizeof(kMagic)) != 0 ||
      std::memcmp(data_ + size_ - sizeof(kMagic), kMagic, sizeof(kMagic)) != 0) {
    return Status::Corruption("not a medoracle segment (bad magic number)");
  }
  // The version and section count end the footer, just before the closing magic.
  version_ = GetU32(data_ + size_ - sizeof(kMagic) - 8);
  const uint32_t sections = GetU32(data_ + size_ - sizeof(kMagic) - 4);
  if (version_ < 1 || version_ > kVersion) return Status::Corruption("unknown segment version");
  if (sections != (version_ == 1 ? kVersion1Sections : version_ == 2 ? kVersion2Sections : kSectionCount)) {
    return Status::Corruption("bad section count");
  }
  if (size_ < sizeof(kMagic) + FooterBytes(sections)) return Status::Corruption("segment is truncated");
  const uint8_t* f = data_ + size_ - FooterBytes(sections);
  off_.assign(kSectionCount, 0);
  len_.assign(kSectionCount, 0);  // a version 1 segment has no dictionary, versions 1 and 2 no short lengths
  const uint64_t body_end = size_ - FooterBytes(sections);
  for (size_t i = 0; i < sections; ++i) {
    off_[i] = GetU64(f + i * 8);
    len_[i] = GetU64(f + (sections + i) * 8);
    if (off_[i] > body_end || len_[i] > body_end - off_[i]) return Status::Corruption("section out of bounds");
  }
  if (len_[kStoreDict] > 0) {
    ddict_ = ZSTD_createDDict(data_ + off_[kStoreDict], len_[kStoreDict]);
    if (ddict_ == nullptr) return Status::Corruption("document store dictionary is damaged");
  }
  const uint8_t* sc = f + 2 * sections * 8;
  const uint64_t docs = GetU64(sc), passages = GetU64(sc + 8), questions = GetU64(sc + 16);
  const uint64_t sources = GetU64(sc + 24), blocks = GetU64(sc + 32);
  total_passage_length_ = GetU64(sc + 40);
  if (docs > UINT32_MAX || passages > UINT32_MAX || questions > UINT32_MAX || sources > 65536 || blocks > UINT32_MAX ||
      len_[kDocs] != docs * kDocBytes || len_[kPassages] != passages * kPassageBytes ||
      len_[kQuestions] != questions * kQuestionBytes || len_[kIdOffsets] != (docs + 1) * 4 ||
      len_[kIdSorted] != docs * 4 || len_[kStoreIndex] != (blocks + 1) * 8 ||
      len_[kQuestionTextOffsets] != (questions + 1) * 8 || (version_ >= 3 && len_[kPassageLengths] != passages)) {
    return Status::Corruption("section sizes disagree with the counts");
  }
  doc_count_ = static_cast<uint32_t>(docs);
  passage_count_ = static_cast<uint32_t>(passages);
  question_count_ = static_cast<uint32_t>(questions);
  source_count_ = static_cast<uint32_t>(sources);
  store_blocks_ = static_cast<uint32_t>(blocks);
  // Offsets tables must be ascending and inside their blobs; documents must point inside tables.
  uint32_t prev = 0;
  for (uint64_t i = 0; i <= docs; ++i) {
    const uint32_t o = GetU32(data_ + off_[kIdOffsets] + i * 4);
    if (o < prev || o > len_[kIds]) return Status::Corruption("document id table is damaged");
    prev = o;
  }
  uint64_t prev64 = 0;
  for (uint64_t i = 0; i <= questions; ++i) {
    const uint64_t o = GetU64(data_ + off_[kQuestionTextOffsets] + i * 8);
    if (o < prev64 || o > len_[kQuestionText]) return Status::Corruption("question table is damaged");
    prev64 = o;
  }
  prev64 = 0;
  for (uint64_t i = 0; i <= blocks; ++i) {
    const uint64_t o = GetU64(data_ + off_[kStoreIndex] + i * 8);
    if (o < prev64 || o > len_[kStore]) return Status::Corruption("document store index is damaged");
    prev64 = o;
  }
  for (uint64_t i = 0; i < docs; ++i) {
    if (GetU32(data_ + off_[kIdSorted] + i * 4) >= docs) return Status::Corruption("sorted id table is damaged");
    const DocEntry d = doc(static_cast<uint32_t>(i));
    if (d.store_block >= blocks || d.source >= sources || uint64_t{d.first_passage} + d.passage_count > passages ||
        uint64_t{d.first_question} + d.question_count > questions) {
      return Status::Corruption("document table is damaged");
    }
  }
  if (version_ < 3) owned_short_lengths_.resize(passages);
  short_lengths_ = version_ < 3 ? owned_short_lengths_.data() : data_ + off_[kPassageLengths];
  for (uint64_t i = 0; i < passages; ++i) {
    const uint8_t* entry = data_ + off_[kPassages] + i * kPassageBytes;
    const auto short_length = static_cast<uint8_t>(std::min<uint32_t>(GetU32(entry + 12), kLongPassage));
    if (version_ < 3) owned_short_lengths_[i] = short_length;
    if (GetU32(entry) >= docs || short_lengths_[i] != short_length) {
      return Status::Corruption("passage table is damaged");
    }
  }
  for (uint64_t i = 0; i < questions; ++i) {
    if (GetU32(data_ + off_[kQuestions] + i * kQuestionBytes) >= docs)
      return Status::Corruption("question table is damaged");
  }
  const uint8_t* p = data_ + off_[kSources];
  const uint8_t* end = p + len_[kSources];
  for (uint64_t i = 0; i < sources; ++i) {
    uint64_t n = 0;
    if (!GetVarint(&p, end, &n) || n > static_cast<uint64_t>(end - p))
      return Status::Corruption("source table is damaged");
    sources_.emplace_back(reinterpret_cast<const char*>(p), n);
    p += n;
  }
  for (SectionId lex : {kPassageLexicon, kQuestionLexicon}) {
    if (len_[lex] < 8) return Status::Corruption("lexicon is damaged");
    const uint64_t terms = GetU32(data_ + off_[lex]), nblocks = GetU32(data_ + off_[lex] + 4);
    if (nblocks != (terms + kLexiconBlock - 1) / kLexiconBlock || 8 + nblocks * 4 > len_[lex]) {
      return Status::Corruption("lexicon is damaged");
    }
    for (uint64_t b = 0; b < nblocks; ++b) {
      if (GetU32(data_ + off_[lex] + 8 + b * 4) >= len_[lex] - 8 - nblocks * 4)
        return Status::Corruption("lexicon is damaged");
    }
  }
  return Status::Ok();
}

DocEntry SegmentReader::doc(uint32_t i) const {
  const uint8_t* p = data_ + off_[kDocs] + uint64_t{i} * kDocBytes;
  DocEntry d;
  d.store_block = GetU32(p);
  d.store_offset = GetU32(p + 4);
  d.store_length = GetU32(p + 8);
  d.first_passage = GetU32(p + 12);
  d.passage_count = GetU32(p + 16);
  d.first_question = GetU32(p + 20);
  d.question_count = GetU32(p + 24);
  std::memcpy(&d.source, p + 28, 2);
  d.type = p[30];
  std::memcpy(&d.year, p + 32, 4);
  return d;
}

std::string_view SegmentReader::doc_id(uint32_t i) const {
  const uint32_t a = GetU32(data_ + off_[kIdOffsets] + uint64_t{i} * 4);
  const uint32_t b = GetU32(data_ + off_[kIdOffsets] + uint64_t{i} * 4 + 4);
  return {reinterpret_cast<const char*>(data_ + off_[kIds] + a), b - a};
}

std::string_view SegmentReader::source_name(uint16_t source) const {
  return source < sources_.size() ? sources_[source] : std::string_view();
}

PassageEntry SegmentReader::passage(uint32_t i) const {
  const uint8_t* p = data_ + off_[kPassages] + uint64_t{i} * kPassageBytes;
  return {GetU32(p), GetU32(p + 4), GetU32(p + 8), GetU32(p + 12), GetU32(p + 16)};
}

uint64_t SegmentReader::store_dictionary_bytes() const { return len_.empty() ? 0 : len_[kStoreDict]; }

QuestionEntry SegmentReader::question(uint32_t i) const {
  const uint8_t* p = data_ + off_[kQuestions] + uint64_t{i} * kQuestionBytes;
  return {GetU32(p), GetU32(p + 4)};
}

std::string_view SegmentReader::question_text(uint32_t i) const {
  const uint64_t a = GetU64(data_ + off_[kQuestionTextOffsets] + uint64_t{i} * 8);
  const uint64_t b = GetU64(data_ + off_[kQuestionTextOffsets] + uint64_t{i} * 8 + 8);
  return {reinterpret_cast<const char*>(data_ + off_[kQuestionText] + a), b - a};
}

std::optional<uint32_t> SegmentReader::FindDoc(std::string_view id) const {
  // The last of the documents with that id (ids sort stably, so in document order): a segment
  // holds several when a document was replaced while its segment was being built, and all but
  // the last are deleted.
  uint32_t lo = 0, hi = doc_count_;
  while (lo < hi) {
    const uint32_t mid = lo + (hi - lo) / 2;
    if (doc_id(GetU32(data_ + off_[kIdSorted] + uint64_t{mid} * 4)) <= id) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  if (lo > 0) {
    const uint32_t ordinal = GetU32(data_ + off_[kIdSorted] + uint64_t{lo - 1} * 4);
    if (doc_id(ordinal) == id) return ordinal;
  }
  return std::nullopt;
}

StatusOr<std::shared_ptr<const std::string>> SegmentReader::Block(uint32_t block) const {
  {
    std::lock_guard<std::mutex> lock(cache_mu_);
    if (auto it = cached_.find(block); it != cached_.end()) {
      cache_.splice(cache_.begin(), cache_, it->second);
      return it->second->second;
    }
  }
  const uint64_t a = GetU64(data_ + off_[kStoreIndex] + uint64_t{block} * 8);
  const uint64_t b = GetU64(data_ + off_[kStoreIndex] + uint64_t{block} * 8 + 8);
  const uint8_t* frame = data_ + off_[kStore] + a;
  const unsigned long long size = ZSTD_getFrameContentSize(frame, b - a);
  if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN || size > (64u << 20)) {
    return Status::Corruption("document store block is damaged");
  }
  auto out = std::make_shared<std::string>(size, '\0');
  // One decompression context per thread, made once (making one per block was 3% of a search).
  static thread_local std::unique_ptr<ZSTD_DCtx, size_t (*)(ZSTD_DCtx*)> dctx(ZSTD_createDCtx(), ZSTD_freeDCtx);
  if (dctx == nullptr) return Status::Internal("out of memory decompressing a document store block");
  const size_t n = ddict_ != nullptr ? ZSTD_decompress_usingDDict(dctx.get(), out->data(), out->size(), frame, b - a,
                                                                  static_cast<const ZSTD_DDict*>(ddict_))
                                     : ZSTD_decompressDCtx(dctx.get(), out->data(), out->size(), frame, b - a);
  if (ZSTD_isError(n) || n != size) return Status::Corruption("document store block is damaged");
  std::lock_guard<std::mutex> lock(cache_mu_);
  if (cached_.count(block) == 0) {  // (another thread may have read it meanwhile)
    cache_.emplace_front(block, out);
    cached_[block] = cache_.begin();
    cached_bytes_ += out->size();
    while (cached_bytes_ > kCachedBlockBytes && cache_.size() > 1) {
      cached_bytes_ -= cache_.back().second->size();
      cached_.erase(cache_.back().first);
      cache_.pop_back();
    }
  }
  return std::shared_ptr<const std::string>(std::move(out));
}

StatusOr<std::string> SegmentReader::Record(uint32_t i) const {
  const DocEntry d = doc(i);
  StatusOr<std::shared_ptr<const std::string>> block = Block(d.store_block);
  if (!block.ok()) return block.status();
  if (uint64_t{d.store_offset} + d.store_length > (*block)->size()) {
    return Status::Corruption("document store block is damaged");
  }
  return (*block)->substr(d.store_offset, d.store_length);
}

std::optional<SegmentReader::TermInfo> SegmentReader::Lookup(Field field, std::string_view term) const {
  const SectionId lex = field == Field::kPassages ? kPassageLexicon : kQuestionLexicon;
  const uint8_t* base = data_ + off_[lex];
  const uint32_t nblocks = GetU32(base + 4);
  const uint8_t* blocks = base + 8;
  const uint8_t* lex_data = blocks + uint64_t{nblocks} * 4;
  const uint8_t* lex_end = base + len_[lex];
  auto first_term = [&](uint32_t b, const uint8_t** after) -> std::optional<std::string_view> {
    const uint8_t* p = lex_data + GetU32(blocks + uint64_t{b} * 4);
    uint64_t n = 0;
    if (!GetVarint(&p, lex_end, &n) || n > static_cast<uint64_t>(lex_end - p)) return std::nullopt;
    *after = p + n;
    return std::string_view(reinterpret_cast<const char*>(p), n);
  };
  // The last block whose first term is <= term.
  uint32_t lo = 0, hi = nblocks;
  while (lo < hi) {
    const uint32_t mid = lo + (hi - lo) / 2;
    const uint8_t* after = nullptr;
    auto t = first_term(mid, &after);
    if (!t) return std::nullopt;
    if (*t <= term) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  if (lo == 0) return std::nullopt;
  const uint32_t block = lo - 1;
  const uint8_t* p = nullptr;
  auto first = first_term(block, &p);
  if (!first) return std::nullopt;
  std::string current(*first);
  const uint32_t terms = GetU32(base);
  const uint32_t in_block = std::min(kLexiconBlock, terms - block * kLexiconBlock);
  for (uint32_t i = 0; i < in_block; ++i) {
    if (i > 0) {
      uint64_t shared = 0, n = 0;
      if (!GetVarint(&p, lex_end, &shared) || !GetVarint(&p, lex_end, &n) || shared > current.size() ||
          n > static_cast<uint64_t>(lex_end - p)) {
        return std::nullopt;
      }
      current.resize(shared);
      current.append(reinterpret_cast<const char*>(p), n);
      p += n;
    }
    uint64_t df = 0, offset = 0;
    if (!GetVarint(&p, lex_end, &df) || !GetVarint(&p, lex_end, &offset)) return std::nullopt;
    if (current == term) {
      if (df == 0 || df > UINT32_MAX) return std::nullopt;
      return TermInfo{static_cast<uint32_t>(df), offset};
    }
    if (current > term) return std::nullopt;
  }
  return std::nullopt;
}

uint32_t SegmentReader::DocFrequency(Field field, std::string_view term) const {
  auto info = Lookup(field, term);
  return info ? info->df : 0;
}

Status SegmentReader::ForEachTerm(Field field, const std::function<bool(std::string_view, uint32_t)>& fn) const {
  const SectionId lex = field == Field::kPassages ? kPassageLexicon : kQuestionLexicon;
  const uint8_t* base = data_ + off_[lex];
  const uint32_t terms = GetU32(base), nblocks = GetU32(base + 4);
  const uint8_t* p = base + 8 + uint64_t{nblocks} * 4;
  const uint8_t* end = base + len_[lex];
  std::string current;
  for (uint32_t i = 0; i < terms; ++i) {
    uint64_t shared = 0, n = 0, df = 0, offset = 0;
    if (i % kLexiconBlock != 0 && !GetVarint(&p, end, &shared)) return Status::Corruption("lexicon is damaged");
    if (!GetVarint(&p, end, &n) || shared > current.size() || n > static_cast<uint64_t>(end - p)) {
      return Status::Corruption("lexicon is damaged");
    }
    current.resize(shared);
    current.append(reinterpret_cast<const char*>(p), n);
    p += n;
    if (!GetVarint(&p, end, &df) || !GetVarint(&p, end, &offset)) return Status::Corruption("lexicon is damaged");
    if (!fn(current, static_cast<uint32_t>(df))) break;
  }
  return Status::Ok();
}

std::optional<PostingCursor> SegmentReader::Postings(Field field, std::string_view term) const {
  auto info = Lookup(field, term);
  if (!info) return std::nullopt;
  const SectionId sec = field == Field::kPassages ? kPassagePostings : kQuestionPostings;
  PostingCursor c;
  c.df_ = info->df;
  c.blocks_ = (info->df + kPostingsBlock - 1) / kPostingsBlock;
  if (info->offset > len_[sec]) return std::nullopt;
  c.base_ = data_ + off_[sec] + info->offset;
  c.limit_ = data_ + off_[sec] + len_[sec];
  if (c.blocks_ == 1 && version_ >= 2) {
    const uint8_t* p = c.base_;
    uint64_t max_freq = 0, min_length = 0;
    if (!GetVarint(&p, c.limit_, &max_freq) || !GetVarint(&p, c.limit_, &min_length) || max_freq > UINT32_MAX ||
        min_length > UINT32_MAX) {
      return std::nullopt;
    }
    c.short_directory_ = true;
    c.max_freq_ = static_cast<uint32_t>(max_freq);
    c.min_length_ = static_cast<uint32_t>(min_length);
    c.data_ = p;
  } else {
    if (uint64_t{c.blocks_} * kDirEntryBytes > len_[sec] - info->offset) return std::nullopt;
    c.data_ = c.base_ + uint64_t{c.blocks_} * kDirEntryBytes;
  }
  if (!c.LoadBlock(0)) return std::nullopt;
  return c;
}

#if defined(__x86_64__)
// Four values (one control byte) per step with SSSE3, as streamvbyte's own decoders do for its
// other forms: a table gives each control byte's shuffle (which of sixteen bytes go where, zeros
// for the rest) and its data length. The bytes the shuffle may read lie within 16 of data.
struct ShuffleTable {
  alignas(16) uint8_t shuffle[256][16];
  uint8_t length[256];
};
constexpr ShuffleTable MakeShuffleTable() {
  ShuffleTable t{};
  constexpr uint8_t kBytes[4] = {0, 1, 2, 4};
  for (unsigned c = 0; c < 256; ++c) {
    uint8_t offset = 0;
    for (unsigned k = 0; k < 4; ++k) {
      const uint8_t bytes = kBytes[(c >> (2 * k)) & 3u];
      for (unsigned j = 0; j < 4; ++j) t.shuffle[c][4 * k + j] = j < bytes ? static_cast<uint8_t>(offset + j) : 0x80;
      offset = static_cast<uint8_t>(offset + bytes);
    }
    t.length[c] = offset;
  }
  return t;
}
constexpr ShuffleTable kShuffleTable = MakeShuffleTable();

// Decodes groups of four while sixteen bytes can be read; returns the values decoded (a multiple
// of four) and advances *data.
__attribute__((target("ssse3"))) uint32_t DecodeGroupsSsse3(const uint8_t* control, const uint8_t** data,
                                                            const uint8_t* limit, uint32_t* out, uint32_t n) {
  const uint8_t* d = *data;
  uint32_t i = 0;
  for (; i + 4 <= n && static_cast<size_t>(limit - d) >= 16; i += 4) {
    const unsigned c = control[i >> 2];
    const __m128i bytes = _mm_loadu_si128(reinterpret_cast<const __m128i*>(d));
    const __m128i mask = _mm_load_si128(reinterpret_cast<const __m128i*>(kShuffleTable.shuffle[c]));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + i), _mm_shuffle_epi8(bytes, mask));
    d += kShuffleTable.length[c];
  }
  *data = d;
  return i;
}
bool HasSsse3() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("ssse3");
}
const bool kHasSsse3 = HasSsse3();
#endif

size_t DecodeStreamVByte0124(const uint8_t* in, const uint8_t* limit, uint32_t* out, uint32_t n) {
  const size_t control_bytes = (size_t{n} + 3) / 4;
  if (limit < in || static_cast<size_t>(limit - in) < control_bytes) return 0;
  const uint8_t* control = in;
  const uint8_t* data = in + control_bytes;
  static constexpr uint8_t kBytes[4] = {0, 1, 2, 4};
  static constexpr uint32_t kMask[4] = {0, 0xFFu, 0xFFFFu, 0xFFFFFFFFu};
  uint32_t i = 0;
#if defined(__x86_64__)
  if (kHasSsse3) i = DecodeGroupsSsse3(control, &data, limit, out, n);
#endif
  if constexpr (std::endian::native == std::endian::little) {
    // Four values (one control byte) at a time while sixteen bytes can be read: one unaligned
    // load each, masked to its length.
    for (; i + 4 <= n && static_cast<size_t>(limit - data) >= 16; i += 4) {
      const unsigned c = control[i >> 2];
      for (unsigned k = 0; k < 4; ++k) {
        const unsigned code = (c >> (2 * k)) & 3u;
        uint32_t v;
        std::memcpy(&v, data, 4);
        out[i + k] = v & kMask[code];
        data += kBytes[code];
      }
    }
  }
  for (; i < n; ++i) {
    const unsigned code = (control[i >> 2] >> ((i & 3u) * 2)) & 3u;
    const size_t bytes = kBytes[code];
    if (static_cast<size_t>(limit - data) < bytes) return 0;
    uint32_t v = 0;
    for (size_t k = 0; k < bytes; ++k) v |= uint32_t{data[k]} << (8 * k);
    out[i] = v;
    data += bytes;
  }
  return static_cast<size_t>(data - in);
}

bool PostingCursor::LoadBlock(uint32_t block) {
  block_ = block;
  pos_ = 0;
  count_ = 0;
  if (block >= blocks_) return false;
  const uint32_t n = std::min(kPostingsBlock, df_ - block * kPostingsBlock);
  const size_t worst = streamvbyte_max_compressedbytes(n) * 2 + 16;
  uint32_t start = 0, end = 0, prev = 0;
  if (short_directory_) {
    // The block's end is not stored: it is where its two streams end, at most `worst` bytes on.
    end = static_cast<uint32_t>(std::min<uint64_t>(worst, static_cast<uint64_t>(limit_ - data_)));
  } else {
    start = block == 0 ? 0 : GetU32(base_ + (block - 1) * kDirEntryBytes + 12);
    end = GetU32(base_ + block * kDirEntryBytes + 12);
    prev = block == 0 ? 0 : GetU32(base_ + (block - 1) * kDirEntryBytes);
  }
  if (start > end || end > static_cast<uint64_t>(limit_ - data_)) return false;
  const uint8_t* in = data_ + start;
  const uint8_t* block_end = data_ + end;
  const size_t used = DecodeStreamVByte0124(in, block_end, docs_, n);
  if (n > 0 && used == 0) return false;
  const size_t used2 = DecodeStreamVByte0124(in + used, block_end, freqs_, n);
  if (n > 0 && used2 == 0) return false;
  uint32_t last = block == 0 ? UINT32_MAX : prev;
  for (uint32_t i = 0; i < n; ++i) {
    last += docs_[i] + 1;
    docs_[i] = last;
    freqs_[i] += 1;
  }
  count_ = n;
  return true;
}

void PostingCursor::Bounds(uint32_t* max_freq, uint32_t* min_length) const {
  *max_freq = 0;
  *min_length = UINT32_MAX;
  if (short_directory_) {
    *max_freq = max_freq_;
    *min_length = min_length_;
    return;
  }
  for (uint32_t b = 0; b < blocks_; ++b) {
    *max_freq = std::max(*max_freq, GetU32(base_ + b * kDirEntryBytes + 4));
    *min_length = std::min(*min_length, GetU32(base_ + b * kDirEntryBytes + 8));
  }
}

void PostingCursor::Next() {
  if (++pos_ >= count_ && count_ > 0) {
    if (!LoadBlock(block_ + 1)) count_ = 0, pos_ = 0;
  }
}

void PostingCursor::SkipTo(uint32_t target) {
  if (!valid() || doc() >= target) return;
  if (docs_[count_ - 1] < target) {
    uint32_t b = block_ + 1;
    while (b < blocks_ && GetU32(base_ + b * kDirEntryBytes) < target) ++b;
    if (!LoadBlock(b)) {
      count_ = 0;
      pos_ = 0;
      return;
    }
  }
  while (pos_ < count_ && docs_[pos_] < target) ++pos_;
  if (pos_ >= count_) {
    count_ = 0;
    pos_ = 0;
  }
}

}  // namespace medoracle::segments
