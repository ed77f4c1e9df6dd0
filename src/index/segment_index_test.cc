// Tests of the segment index beyond the Index contract (index_test.cc): it makes the terms Xapian's
// TermGenerator makes, ranks alike however its segments fall, merges segments and reclaims
// deletions, survives damaged and leftover files, and its readers reject damaged segments.
#include <gtest/gtest.h>
#include <streamvbyte.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>

#include <xapian.h>

#include "index/backends.h"
#include "index/index.h"
#include "index/segment_builder.h"
#include "index/segment_format.h"

namespace medoracle {
namespace {

namespace fs = std::filesystem;

class SegmentIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("medoracle_segment_test_" + std::to_string(::getpid()) + "_" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::unique_ptr<Index> Open(const fs::path& dir, Index::Mode mode = Index::Mode::kReadWrite) {
    auto index = OpenIndex(dir.string(), mode);
    EXPECT_TRUE(index.ok()) << index.status().ToString();
    return index.ok() ? std::move(index).value() : nullptr;
  }

  // A document of `sections` sections of random sentences over a small vocabulary (so that terms
  // repeat across documents and passages, with varied lengths).
  static Document RandomDoc(std::mt19937* rng, int n, int sections) {
    static const std::vector<std::string> kWords = {
        "gout",     "colchicine", "allopurinol", "flare",    "pain",      "back",  "sciatica",  "nsaid",
        "trial",    "patients",   "randomized",  "placebo",  "dose",      "mg",    "renal",     "kidney",
        "asthma",   "inhaler",    "steroid",     "children", "adults",    "risk",  "outcome",   "mortality",
        "treated",  "treatment",  "therapy",     "surgery",  "imaging",   "mri",   "spine",     "lumbar",
        "diabetes", "insulin",    "metformin",   "glucose",  "pregnancy", "women", "infection", "antibiotic"};
    std::uniform_int_distribution<size_t> word(0, kWords.size() - 1);
    std::uniform_int_distribution<int> len(3, 14), sentences(1, 7);
    static const RefType kTypes[] = {RefType::kGuideline, RefType::kRandomizedTrial, RefType::kReview, RefType::kOther};
    Document d;
    d.id = "pmid:" + std::to_string(n);
    d.source = n % 3 == 0 ? "ngc" : "pubmed";
    d.type = kTypes[n % 4];
    d.year = 2000 + n % 25;
    for (int i = 0, w = len(*rng) / 3 + 1; i < w; ++i) d.title += (i ? " " : "") + kWords[word(*rng)];
    DocumentBuilder b(std::move(d));
    for (int s = 0; s < sections; ++s) {
      std::string text;
      for (int k = 0, m = sentences(*rng); k < m; ++k) {
        std::string sentence;
        for (int i = 0, w = len(*rng); i < w; ++i) sentence += (i ? " " : "") + kWords[word(*rng)];
        sentence[0] = static_cast<char>(std::toupper(sentence[0]));
        text += sentence + ". ";
      }
      b.AddSection("Part " + std::to_string(s), text);
    }
    Document out = b.Finish();
    if (n % 5 == 0) out.questions = {"What is the " + kWords[word(*rng)] + " for " + kWords[word(*rng)] + "?"};
    return out;
  }

  fs::path dir_;
};

// The terms Xapian's TermGenerator gives text, configured as the Xapian backend's Put did.
std::vector<std::pair<std::string, uint32_t>> TermGeneratorTerms(const std::string& text, const std::string& prefix) {
  Xapian::TermGenerator gen;
  gen.set_stemmer(Xapian::Stem("english"));
  gen.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL);
  Xapian::Document doc;
  gen.set_document(doc);
  gen.index_text_without_positions(text, 1, prefix);
  std::vector<std::pair<std::string, uint32_t>> out;
  for (auto it = doc.termlist_begin(); it != doc.termlist_end(); ++it) out.emplace_back(*it, it.get_wdf());
  return out;
}

TEST(SegmentTokenizerTest, MakesTheTermsOfXapiansTermGenerator) {
  // Pieces that exercise every rule: initials, infixes between words and between digits, '+' and
  // '#' suffixes, zero-width characters, non-ASCII letters, digits and punctuation, invalid UTF-8,
  // words over 64 bytes, and stems that differ from their words.
  const std::vector<std::string> pieces = {"U.S.",
                                           "U.S",
                                           "P.T.O",
                                           "A.b",
                                           "M&S",
                                           "AT&T",
                                           "o'neill",
                                           "don\xE2\x80\x99t",
                                           "1,000",
                                           "3.14",
                                           "2;3",
                                           "a.b",
                                           "C++",
                                           "C+++",
                                           "c++++",
                                           "F#",
                                           "fish+chips",
                                           "x#y",
                                           "\xE2\x80\x8B",
                                           "caf\xC3\xA9",
                                           "\xC3\x89T\xC3\x89",
                                           "\xC2\xB2",
                                           "\xCE\xA3\xCF\x89",
                                           "\xE4\xB8\xAD\xE6\x96\x87",
                                           "\xFF",
                                           "\xC3",
                                           "_x_",
                                           "running",
                                           "studies",
                                           "Diabetes",
                                           "HbA1c",
                                           "IL-6",
                                           "CD4+",
                                           "p<0.05",
                                           "(n=12)",
                                           "\xE2\x80\x99",
                                           "'",
                                           "&",
                                           ".",
                                           ",",
                                           ";",
                                           "+",
                                           "#",
                                           "-",
                                           " ",
                                           " ",
                                           "\n",
                                           "\t",
                                           std::string(70, 'w'),
                                           std::string(64, 'v'),
                                           "\xC2\xB7",
                                           "0"};
  std::mt19937 rng(14);
  std::uniform_int_distribution<size_t> piece(0, pieces.size() - 1), count(1, 12), glue(0, 3);
  segments::Tokenizer tokenizer;
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    for (size_t i = 0, n = count(rng); i < n; ++i) {
      text += pieces[piece(rng)];
      if (glue(rng) == 0) text += ' ';
    }
    const std::string prefix = round % 5 == 0 ? "S" : "";
    std::vector<std::pair<std::string, uint32_t>> ours;
    const uint32_t words = tokenizer.Terms(text, prefix, &ours);
    const auto expected = TermGeneratorTerms(text, prefix);
    ASSERT_EQ(ours, expected) << "text: " << text;
    uint32_t sum = 0;
    for (const auto& [term, n] : expected) sum += n;
    ASSERT_EQ(words, sum) << "text: " << text;
  }
}

// The same documents rank alike in many segments with replacements and deletions (statistics of
// live passages only) and in one segment written at once.
TEST_F(SegmentIndexTest, RanksAlikeInManySegmentsAndInOne) {
  auto segs = Open(dir_ / "segments");
  std::map<std::string, Document> live;  // what segs holds in the end
  std::mt19937 rng(7);
  for (int n = 0; n < 300; ++n) {
    const Document d = RandomDoc(&rng, n, 1 + n % 3);
    ASSERT_TRUE(segs->Put(d).ok());
    live[d.id] = d;
    if (n % 70 == 69) {  // several segments
      ASSERT_TRUE(segs->Commit().ok());
    }
  }
  ASSERT_TRUE(segs->Commit().ok());
  for (int n = 10; n < 300; n += 37) {  // replaced twice, across segments
    ASSERT_TRUE(segs->Put(RandomDoc(&rng, n, 2)).ok());
    ASSERT_TRUE(segs->Commit().ok());
    const Document d = RandomDoc(&rng, n, 2);
    ASSERT_TRUE(segs->Put(d).ok());
    live[d.id] = d;
  }
  for (int n = 5; n < 300; n += 53) {
    ASSERT_TRUE(segs->Delete("pmid:" + std::to_string(n)).ok());
    live.erase("pmid:" + std::to_string(n));
  }
  ASSERT_TRUE(segs->Commit().ok());
  auto one = Open(dir_ / "one");
  for (const auto& [id, d] : live) ASSERT_TRUE(one->Put(d).ok());
  ASSERT_TRUE(one->Commit().ok());

  std::vector<SearchOptions> variants(7);
  variants[1].title_weight = 0;
  variants[1].document_weight = 0;
  variants[1].evidence_boost = 0;
  variants[2].one_per_document = true;
  variants[3].types = {RefType::kGuideline, RefType::kReview};
  variants[3].min_year = 2005;
  variants[4].sources = {"pubmed"};
  variants[4].max_year = 2015;
  variants[5].prf_documents = 5;
  variants[6].limit = 50;
  variants[6].with_text = false;
  variants[6].terms = {{"gout", 1}, {"colchicin", 0.5}, {"flare", 2}, {"absent", 1}};
  const std::vector<std::string> queries = {"gout flare colchicine", "back pain sciatica mri imaging lumbar spine",
                                            "randomized placebo trial of insulin in pregnancy", "renal",
                                            "the treatment of asthma in children with inhaled steroids"};
  // Equal lists of hits, but for the order of equal scores (index order differs between the two).
  auto expect_alike = [](const std::vector<PassageHit>& a, const std::vector<PassageHit>& b, bool counts) {
    EXPECT_EQ(a.size(), b.size());
    for (size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
      const PassageHit &x = a[i], &y = b[i];
      EXPECT_NEAR(x.score, y.score, 1e-9 * std::max(1.0, std::abs(x.score))) << "rank " << i;
      EXPECT_NEAR(x.bm25, y.bm25, 1e-9 * std::max(1.0, std::abs(x.bm25))) << "rank " << i;
      const bool tied = (i > 0 && std::abs(a[i - 1].score - x.score) < 1e-9) ||
                        (i + 1 < a.size() && std::abs(a[i + 1].score - x.score) < 1e-9);
      if (tied) continue;
      EXPECT_EQ(x.doc_id, y.doc_id) << "rank " << i;
      EXPECT_EQ(x.text, y.text);
      EXPECT_EQ(x.section, y.section);
      EXPECT_EQ(x.span, y.span);
      EXPECT_EQ(x.source, y.source);
      EXPECT_EQ(x.type, y.type);
      EXPECT_EQ(x.year, y.year);
      if (counts) {
        EXPECT_EQ(x.passages_matched, y.passages_matched);
      }
    }
  };
  for (size_t v = 0; v < variants.size(); ++v) {
    for (const std::string& q : queries) {
      SCOPED_TRACE("options " + std::to_string(v) + ", query: " + q);
      auto a = segs->Search(q, variants[v]);
      auto b = one->Search(q, variants[v]);
      ASSERT_TRUE(a.ok() && b.ok());
      expect_alike(*a, *b, !variants[v].one_per_document);
    }
  }
  auto qa = segs->SearchQuestions("what is the treatment for gout", 10);
  auto qb = one->SearchQuestions("what is the treatment for gout", 10);
  ASSERT_TRUE(qa.ok() && qb.ok());
  EXPECT_EQ(qa->size(), qb->size());
  for (size_t i = 0; i < std::min(qa->size(), qb->size()); ++i) EXPECT_NEAR((*qa)[i].score, (*qb)[i].score, 1e-9);
  auto sa = segs->Stats();
  auto sb = one->Stats();
  ASSERT_TRUE(sa.ok() && sb.ok());
  EXPECT_EQ(sa->documents, live.size());
  EXPECT_EQ(sa->documents, sb->documents);
  EXPECT_EQ(sa->passages, sb->passages);
  EXPECT_EQ(sa->questions, sb->questions);
  EXPECT_EQ(sa->documents_by_source, sb->documents_by_source);
  EXPECT_EQ(sa->documents_by_type, sb->documents_by_type);
  auto ta = segs->TermFrequencies({"gout", "sgout", "Sgout", "zzz"});
  auto tb = one->TermFrequencies({"gout", "sgout", "Sgout", "zzz"});
  ASSERT_TRUE(ta.ok() && tb.ok());
  EXPECT_EQ(ta->passages, tb->passages);
  EXPECT_EQ(ta->passage_frequency, tb->passage_frequency);
}

// Our decoder of streamvbyte's 0124 form reads what the library's encoder writes (random values of
// every byte length, zeros included, any count up to a block), says how many bytes it read, and
// refuses input cut anywhere short instead of reading past it.
TEST(StreamVByteTest, DecoderReadsWhatTheLibraryWritesAndRefusesCutInput) {
  std::mt19937 rng(5);
  for (int round = 0; round < 3000; ++round) {
    const uint32_t n = rng() % (segments::kPostingsBlock + 1);
    std::vector<uint32_t> values(n);
    for (uint32_t& v : values) {
      const uint32_t bits = std::vector<uint32_t>{0, 1, 8, 9, 16, 17, 24, 32}[rng() % 8];
      v = bits == 0 ? 0 : static_cast<uint32_t>(rng() & (bits == 32 ? 0xFFFFFFFFu : (1u << bits) - 1));
    }
    std::vector<uint8_t> encoded(streamvbyte_max_compressedbytes(n) + 8);
    const size_t bytes = streamvbyte_encode_0124(values.data(), n, encoded.data());
    encoded.resize(bytes);
    std::vector<uint32_t> decoded(n + 1, 7);
    ASSERT_EQ(segments::DecodeStreamVByte0124(encoded.data(), encoded.data() + bytes, decoded.data(), n), bytes);
    ASSERT_TRUE(std::equal(values.begin(), values.end(), decoded.begin())) << "round " << round;
    EXPECT_EQ(decoded[n], 7u);  // nothing written past n
    if (bytes > 0 && n > 0) {
      const size_t cut = rng() % bytes;
      EXPECT_EQ(segments::DecodeStreamVByte0124(encoded.data(), encoded.data() + cut, decoded.data(), n), 0u);
    }
  }
}

// More commits than kMaxSegments: segments are merged, deleted documents dropped from the merged
// segment, and every live document is still there, searchable and fetchable.
// A segment big enough for a store dictionary (version 2) reads back every record, and postings
// of one block (short directory) and of several blocks read back with their bounds.
// The builder's word table keeps words of up to 27 bytes in its slots and longer ones beside them,
// and grows from 65,536 slots: every word of a segment of 60,000 distinct words, short and long,
// finds its document.
TEST_F(SegmentIndexTest, EveryWordFindsItsDocumentAcrossTheWordTablesGrowthAndLongWords) {
  auto index = Open(dir_ / "words");
  constexpr int kDocs = 300, kWordsPerDoc = 200;
  auto word = [](int d, int k) {
    std::string w = "zq" + std::to_string(d * kWordsPerDoc + k);
    // Some words at and around the slot's 27 bytes, and longer (up to the tokenizer's 64).
    if (k % 50 == 1) w += std::string(27 - w.size(), 'x');
    if (k % 50 == 2) w += std::string(28 - w.size(), 'y');
    if (k % 50 == 3) w += std::string(60 - w.size(), 'k');
    return w;
  };
  for (int d = 0; d < kDocs; ++d) {
    std::string text;
    for (int k = 0; k < kWordsPerDoc; ++k) text += word(d, k) + (k % 20 == 19 ? ". " : " ");
    Document doc;
    doc.id = "pmid:" + std::to_string(d);
    doc.source = "pubmed";
    DocumentBuilder b(std::move(doc));
    b.AddSection("Abstract", text);
    ASSERT_TRUE(index->Put(b.Finish()).ok());
  }
  ASSERT_TRUE(index->Commit().ok());
  for (int d = 0; d < kDocs; d += 7) {
    for (int k : {0, 1, 2, 3, 77, 199}) {
      const auto hits = index->Search(word(d, k), SearchOptions{});
      ASSERT_TRUE(hits.ok());
      ASSERT_FALSE(hits->empty()) << word(d, k);
      EXPECT_EQ((*hits)[0].doc_id, "pmid:" + std::to_string(d)) << word(d, k);
    }
  }
}

TEST_F(SegmentIndexTest, SegmentWithStoreDictionaryAndShortDirectoriesReadsBack) {
  std::mt19937 rng(2);
  std::vector<Document> docs;
  segments::SegmentWriter writer;
  for (int n = 0; n < 2000; ++n) {
    docs.push_back(RandomDoc(&rng, n, 2));
    segments::DocumentInput in;
    in.id = docs.back().id;
    in.source = docs.back().source;
    in.record = segments::EncodeRecord(docs.back());
    in.passages.push_back({0, 0, 1, static_cast<uint32_t>(1 + n % 7), 0});
    writer.AddDocument(in);
  }
  // Term "a": one posting; "b": 50 (one block); "c": every third unit (several blocks).
  std::vector<uint32_t> ids, freqs;
  const std::vector<std::pair<std::string, int>> terms = {{"a", 0}, {"b", 1}, {"c", 3}};
  for (const auto& [term, step] : terms) {
    ids.clear();
    freqs.clear();
    if (step == 0) {
      ids.push_back(1234);
    } else if (step == 1) {
      for (uint32_t i = 0; i < 50; ++i) ids.push_back(i * 17);
    } else {
      for (uint32_t i = 0; i < 2000; i += 3) ids.push_back(i);
    }
    for (uint32_t id : ids) freqs.push_back(1 + id % 5);
    writer.AddTerm(segments::Field::kPassages, term, ids.data(), freqs.data(), ids.size());
  }
  const fs::path path = dir_ / "seg.mos";
  fs::create_directories(dir_);
  ASSERT_TRUE(writer.Finish(path.string()).ok());
  auto reader = segments::SegmentReader::Open(path.string());
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  const segments::SegmentReader& r = **reader;
  EXPECT_GT(r.store_dictionary_bytes(), 0u);
  for (uint32_t d = 0; d < r.doc_count(); ++d) {
    auto record = r.Record(d);
    ASSERT_TRUE(record.ok());
    auto doc = segments::RecordToDocument(*record);
    ASSERT_TRUE(doc.ok());
    EXPECT_EQ(doc->text, docs[d].text);
    EXPECT_EQ(doc->title, docs[d].title);
  }
  for (const auto& [term, step] : terms) {
    SCOPED_TRACE(term);
    std::vector<uint32_t> want;
    if (step == 0) {
      want = {1234};
    } else if (step == 1) {
      for (uint32_t i = 0; i < 50; ++i) want.push_back(i * 17);
    } else {
      for (uint32_t i = 0; i < 2000; i += 3) want.push_back(i);
    }
    auto cursor = r.Postings(segments::Field::kPassages, term);
    ASSERT_TRUE(cursor.has_value());
    uint32_t max_freq = 0, min_length = 0;
    cursor->Bounds(&max_freq, &min_length);
    uint32_t want_max = 0, want_min = UINT32_MAX;
    for (uint32_t id : want) want_max = std::max(want_max, 1 + id % 5), want_min = std::min(want_min, 1 + id % 7);
    EXPECT_EQ(max_freq, want_max);
    EXPECT_EQ(min_length, want_min);
    std::vector<uint32_t> got;
    for (; cursor->valid(); cursor->Next()) {
      EXPECT_EQ(cursor->freq(), 1 + cursor->doc() % 5);
      got.push_back(cursor->doc());
    }
    EXPECT_EQ(got, want);
    auto skipping = r.Postings(segments::Field::kPassages, term);
    skipping->SkipTo(1000);
    const auto first = std::lower_bound(want.begin(), want.end(), 1000u);
    EXPECT_EQ(skipping->valid(), first != want.end());
    if (first != want.end()) {
      EXPECT_EQ(skipping->doc(), *first);
    }
  }
}

// Searches read passage lengths from a byte per passage (version 3); lengths of 255 terms and more
// come from the passage table, a segment written before (version 2) gets its bytes at open, and a
// byte that disagrees with the passage table is reported as damage.
TEST_F(SegmentIndexTest, PassageLengthsReadBackExactlyAtAnyLengthAndVersion) {
  std::mt19937 rng(3);
  segments::SegmentWriter writer;
  std::vector<uint32_t> lengths;
  for (int n = 0; n < 300; ++n) {
    const Document doc = RandomDoc(&rng, n, 2);
    segments::DocumentInput in;
    in.id = doc.id;
    in.source = doc.source;
    in.record = segments::EncodeRecord(doc);
    lengths.push_back(static_cast<uint32_t>(n * n % 700));  // 0 to 699, a third over 255
    in.passages.push_back({0, 0, 1, lengths.back(), 0});
    writer.AddDocument(in);
  }
  std::vector<uint32_t> ids = {0, 7, 255, 299}, freqs = {1, 1, 1, 1};
  writer.AddTerm(segments::Field::kPassages, "word", ids.data(), freqs.data(), ids.size());
  fs::create_directories(dir_);
  const fs::path v3 = dir_ / "v3.mos";
  ASSERT_TRUE(writer.Finish(v3.string()).ok());
  std::string bytes;
  {
    std::ifstream in(v3, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  // The same segment as version 2 wrote it: the footer without the 17th section.
  const size_t footer = (2 * 17 + 6) * 8 + 8 + 8;
  ASSERT_GT(bytes.size(), footer);
  const std::string f = bytes.substr(bytes.size() - footer);
  std::string v2 = bytes.substr(0, bytes.size() - footer);
  v2 += f.substr(0, 16 * 8) + f.substr(17 * 8, 16 * 8) + f.substr(34 * 8, 6 * 8);
  const uint32_t version = 2, sections = 16;
  v2.append(reinterpret_cast<const char*>(&version), 4).append(reinterpret_cast<const char*>(&sections), 4);
  v2 += bytes.substr(bytes.size() - 8);
  for (const auto& [name, file] : {std::pair<std::string, std::string>{"version 3", bytes}, {"version 2", v2}}) {
    SCOPED_TRACE(name);
    auto reader = segments::SegmentReader::FromBytes(file);
    ASSERT_TRUE(reader.ok()) << reader.status().ToString();
    ASSERT_EQ((*reader)->passage_count(), lengths.size());
    for (uint32_t p = 0; p < lengths.size(); ++p) EXPECT_EQ((*reader)->passage_length(p), lengths[p]) << p;
  }
  // Passage 7's byte (length 49) says 50: damage, not a wrong score.
  const uint64_t offset = *reinterpret_cast<const uint64_t*>(f.data() + 16 * 8);
  std::string damaged = bytes;
  ASSERT_EQ(static_cast<uint8_t>(damaged[offset + 7]), 49);
  damaged[offset + 7] = 50;
  auto reader = segments::SegmentReader::FromBytes(damaged);
  ASSERT_FALSE(reader.ok());
  EXPECT_EQ(reader.status().code(), Status::Code::kCorruption);
}

// MaxScore skips only what cannot enter: a top 10 (and the best passage of each of the top 10
// documents) is the head of a search deep enough to skip nothing, on words of Zipfian frequency
// (the rare ones make the common ones non-essential, as in real queries).
TEST_F(SegmentIndexTest, TopTenIsTheHeadOfASearchThatSkipsNothing) {
  auto index = Open(dir_);
  std::mt19937 rng(5);
  std::vector<std::string> words;
  std::vector<double> weights;
  for (int w = 0; w < 600; ++w) {
    words.push_back("w" + std::to_string(w) + "x");
    weights.push_back(1.0 / (w + 1));
  }
  std::discrete_distribution<int> zipf(weights.begin(), weights.end());
  std::uniform_int_distribution<int> len(4, 40);
  for (int n = 0; n < 3000; ++n) {
    Document d;
    d.id = "pmid:" + std::to_string(n);
    d.source = "pubmed";
    d.type = RefType::kOther;
    d.year = 2020;
    d.title = words[zipf(rng)] + " " + words[zipf(rng)];
    DocumentBuilder b(std::move(d));
    std::string text;
    for (int i = 0, k = len(rng); i < k; ++i) text += words[zipf(rng)] + (i % 9 == 8 ? ". " : " ");
    b.AddSection("Abstract", text + "end.");
    ASSERT_TRUE(index->Put(b.Finish()).ok());
    if (n % 1000 == 999) {
      ASSERT_TRUE(index->Commit().ok());
    }
  }
  std::uniform_int_distribution<int> terms(2, 6), any(0, 599);
  for (int q = 0; q < 30; ++q) {
    std::string query;
    for (int i = 0, k = terms(rng); i < k; ++i) query += words[i % 2 ? any(rng) : zipf(rng)] + " ";
    for (bool per_document : {false, true}) {
      SCOPED_TRACE(query + (per_document ? " (one per document)" : ""));
      SearchOptions top, deep;
      top.document_weight = deep.document_weight = 0;  // reranking may lift a hit from below
      top.evidence_boost = deep.evidence_boost = 0;
      top.one_per_document = deep.one_per_document = per_document;
      top.with_text = deep.with_text = false;
      top.limit = 10;
      deep.limit = 5000;
      auto a = index->Search(query, top), b = index->Search(query, deep);
      ASSERT_TRUE(a.ok() && b.ok());
      ASSERT_EQ(a->size(), std::min<size_t>(10, b->size()));
      for (size_t i = 0; i < a->size(); ++i) {
        EXPECT_NEAR((*a)[i].score, (*b)[i].score, 1e-9) << "rank " << i;
        const bool tied = i + 1 < b->size() && std::abs((*b)[i + 1].score - (*b)[i].score) < 1e-9;
        if (!tied) {
          EXPECT_EQ((*a)[i].doc_id, (*b)[i].doc_id) << "rank " << i;
        }
      }
    }
  }
}

// Segments written while Put goes on (the flush its size limit starts) hold the same documents as
// an index that writes only at Commit: replacements and deletions of documents still with the
// builder or being written apply, and the writer fetches them meanwhile.
TEST_F(SegmentIndexTest, SegmentsWrittenWhilePutGoesOnKeepReplacementsAndDeletions) {
  auto at_commit = Open(dir_ / "at-commit");
  auto made = OpenSegmentIndex((dir_ / "segments").string(), Index::Mode::kReadWrite, 3000);
  ASSERT_TRUE(made.ok());
  auto segs = std::move(made).value();
  std::mt19937 rng(11);
  for (int n = 0; n < 300; ++n) {
    const int id = n % 7 == 6 ? n - 3 : n;  // every 7th replaces one put 3 before (maybe in flight)
    const Document d = RandomDoc(&rng, id, 1 + n % 2);
    ASSERT_TRUE(at_commit->Put(d).ok());
    ASSERT_TRUE(segs->Put(d).ok());
    auto fetched = segs->Fetch(d.id);
    ASSERT_TRUE(fetched.ok());
    EXPECT_EQ(fetched->text, d.text);
    if (n % 11 == 10) {
      const std::string gone = "pmid:" + std::to_string(n - 2);
      EXPECT_EQ(at_commit->Delete(gone).ok(), segs->Delete(gone).ok()) << gone;
      EXPECT_FALSE(segs->Contains(gone));
    }
    if (n % 100 == 99) {
      ASSERT_TRUE(at_commit->Commit().ok());
      ASSERT_TRUE(segs->Commit().ok());
    }
  }
  ASSERT_TRUE(at_commit->Commit().ok());
  ASSERT_TRUE(segs->Commit().ok());
  segs.reset();
  auto reader = Open(dir_ / "segments", Index::Mode::kReadOnly);
  auto sa = at_commit->Stats(), sb = reader->Stats();
  ASSERT_TRUE(sa.ok() && sb.ok());
  EXPECT_EQ(sa->documents, sb->documents);
  EXPECT_EQ(sa->passages, sb->passages);
  for (int n = 0; n < 300; ++n) {
    const std::string id = "pmid:" + std::to_string(n);
    EXPECT_EQ(at_commit->Contains(id), reader->Contains(id)) << id;
  }
  SearchOptions options;
  options.limit = 40;
  for (const char* q : {"gout flare colchicine", "asthma inhaler children", "renal dose mortality"}) {
    auto a = at_commit->Search(q, options), b = reader->Search(q, options);
    ASSERT_TRUE(a.ok() && b.ok());
    ASSERT_EQ(a->size(), b->size()) << q;
    for (size_t i = 0; i < a->size(); ++i) {
      EXPECT_NEAR((*a)[i].score, (*b)[i].score, 1e-9) << q << " #" << i;
    }
  }
}

TEST_F(SegmentIndexTest, ManyCommitsMergeSegmentsAndKeepEveryLiveDocument) {
  auto index = Open(dir_);
  std::mt19937 rng(3);
  for (int n = 0; n < 400; ++n) {
    ASSERT_TRUE(index->Put(RandomDoc(&rng, n, 1)).ok());
    if (n % 20 == 19) {
      if (n > 100) {
        ASSERT_TRUE(index->Delete("pmid:" + std::to_string(n - 100)).ok());
      }
      ASSERT_TRUE(index->Commit().ok());
    }
  }
  size_t segment_files = 0;
  for (const auto& e : fs::directory_iterator(dir_)) segment_files += e.path().extension() == ".mos";
  EXPECT_LE(segment_files, 8u);
  auto reader = Open(dir_, Index::Mode::kReadOnly);
  auto stats = reader->Stats();
  ASSERT_TRUE(stats.ok());
  EXPECT_EQ(stats->documents, 400u - 15u);
  for (int n = 0; n < 400; ++n) {
    const bool deleted = n >= 19 && n < 300 && (n + 100) % 20 == 19;
    EXPECT_EQ(reader->Contains("pmid:" + std::to_string(n)), !deleted) << n;
  }
  auto doc = reader->Fetch("pmid:399");
  ASSERT_TRUE(doc.ok());
  SearchOptions all;
  all.limit = 1000;
  all.one_per_document = true;
  auto hits = reader->Search("gout", all);
  ASSERT_TRUE(hits.ok());
  for (const PassageHit& h : *hits) EXPECT_TRUE(reader->Contains(h.doc_id));
}

// A writer killed mid-commit leaves files no manifest names: the next writer removes them and
// the index opens as of its last manifest.
TEST_F(SegmentIndexTest, LeftoverFilesOfACrashedWriterAreRemovedAndIgnored) {
  {
    auto index = Open(dir_);
    std::mt19937 rng(5);
    ASSERT_TRUE(index->Put(RandomDoc(&rng, 1, 1)).ok());
    ASSERT_TRUE(index->Commit().ok());
  }
  std::ofstream(dir_ / "seg-999999.mos") << "half a segment";
  std::ofstream(dir_ / "MANIFEST.tmp") << "{\"format\": \"medoracle-seg";
  auto reader = Open(dir_, Index::Mode::kReadOnly);
  EXPECT_TRUE(reader->Contains("pmid:1"));
  auto writer = Open(dir_);
  EXPECT_FALSE(fs::exists(dir_ / "seg-999999.mos"));
  EXPECT_TRUE(writer->Contains("pmid:1"));
}

TEST_F(SegmentIndexTest, DamagedManifestOrSegmentIsReportedAsCorruption) {
  {
    auto index = Open(dir_);
    std::mt19937 rng(5);
    ASSERT_TRUE(index->Put(RandomDoc(&rng, 1, 1)).ok());
    ASSERT_TRUE(index->Commit().ok());
  }
  fs::path segment;
  for (const auto& e : fs::directory_iterator(dir_)) {
    if (e.path().extension() == ".mos") segment = e.path();
  }
  ASSERT_FALSE(segment.empty());
  fs::resize_file(segment, fs::file_size(segment) - 3);
  auto index = OpenIndex(dir_.string(), Index::Mode::kReadOnly);
  ASSERT_FALSE(index.ok());
  EXPECT_EQ(index.status().code(), Status::Code::kCorruption);
  std::ofstream(dir_ / "MANIFEST") << "not json";
  index = OpenIndex(dir_.string(), Index::Mode::kReadOnly);
  ASSERT_FALSE(index.ok());
  EXPECT_EQ(index.status().code(), Status::Code::kCorruption);
}

// Every truncation and many single-byte corruptions of a valid segment are either rejected or
// read without crashing (the fuzz target, segment_fuzz, does this at random).
TEST_F(SegmentIndexTest, ReaderSurvivesTruncatedAndCorruptedSegments) {
  segments::SegmentBuilder builder;
  std::mt19937 rng(11);
  for (int n = 0; n < 40; ++n) builder.Add(RandomDoc(&rng, n, 2));
  fs::create_directories(dir_);
  ASSERT_TRUE(builder.Write((dir_ / "s.mos").string()).ok());
  std::ifstream in(dir_ / "s.mos", std::ios::binary);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  auto exercise = [](const segments::SegmentReader& r) {
    for (uint32_t d = 0; d < r.doc_count(); ++d) {
      (void)r.Record(d);
      (void)r.FindDoc(r.doc_id(d));
    }
    (void)r.ForEachTerm(segments::Field::kPassages, [&r](std::string_view term, uint32_t) {
      auto c = r.Postings(segments::Field::kPassages, term);
      for (; c && c->valid(); c->Next()) {
      }
      return true;
    });
  };
  auto whole = segments::SegmentReader::FromBytes(bytes);
  ASSERT_TRUE(whole.ok()) << whole.status().ToString();
  EXPECT_EQ((*whole)->doc_count(), 40u);
  exercise(**whole);
  for (size_t cut = 0; cut < bytes.size(); cut += 97) {
    auto r = segments::SegmentReader::FromBytes(bytes.substr(0, cut));
    EXPECT_FALSE(r.ok());
  }
  std::uniform_int_distribution<size_t> pos(0, bytes.size() - 1);
  for (int i = 0; i < 300; ++i) {
    std::string damaged = bytes;
    damaged[pos(rng)] ^= static_cast<char>(1 + rng() % 255);
    auto r = segments::SegmentReader::FromBytes(damaged);
    if (r.ok()) exercise(**r);
  }
}

}  // namespace
}  // namespace medoracle
