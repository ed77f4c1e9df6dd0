// Documents into segments: tokenising, inverting in memory, merging.
#include "index/segment_builder.h"

#include <xapian.h>

#include <algorithm>

#include "index/passages.h"

namespace medoracle::segments {

Tokenizer::Tokenizer() : generator_(std::make_unique<Xapian::TermGenerator>()) {
  generator_->set_stemmer(Xapian::Stem("english"));
  generator_->set_stemming_strategy(Xapian::TermGenerator::STEM_ALL);
}
Tokenizer::~Tokenizer() = default;

uint32_t Tokenizer::Terms(std::string_view text, const std::string& prefix,
                          std::vector<std::pair<std::string, uint32_t>>* out) {
  Xapian::Document scratch;
  generator_->set_document(scratch);
  generator_->index_text_without_positions(std::string(text), 1, prefix);
  uint32_t words = 0;
  for (auto it = scratch.termlist_begin(); it != scratch.termlist_end(); ++it) {
    out->emplace_back(*it, it.get_wdf());
    words += it.get_wdf();
  }
  return words;
}

SegmentBuilder::SegmentBuilder() = default;
SegmentBuilder::~SegmentBuilder() = default;

void SegmentBuilder::Add(const Document& doc) {
  DocumentInput in;
  in.id = doc.id;
  in.source = doc.source;
  in.type = doc.type;
  in.year = doc.year;
  in.record = EncodeRecord(doc);
  std::vector<std::pair<std::string, uint32_t>> title, terms;
  const uint32_t title_words = doc.title.empty() ? 0 : tokenizer_.Terms(doc.title, "S", &title);
  for (const Passage& p : MakePassages(doc)) {
    terms.clear();
    const uint32_t words = tokenizer_.Terms(doc.Slice(p.span), "", &terms);
    const uint32_t id = writer_.passage_count() + static_cast<uint32_t>(in.passages.size());
    for (const auto* list : {&terms, &title}) {
      for (const auto& [term, freq] : *list) {
        auto& postings = passages_[term];
        postings.push_back(id);
        postings.push_back(freq);
      }
    }
    in.passages.push_back({0, p.span.start, p.span.end, words + title_words, static_cast<uint32_t>(p.section)});
  }
  for (const std::string& question : doc.questions) {
    terms.clear();
    const uint32_t id = writer_.question_count() + static_cast<uint32_t>(in.questions.size());
    in.question_lengths.push_back(tokenizer_.Terms(question, "", &terms));
    in.questions.push_back(question);
    for (const auto& [term, freq] : terms) {
      auto& postings = questions_[term];
      postings.push_back(id);
      postings.push_back(freq);
    }
  }
  writer_.AddDocument(in);
}

Status SegmentBuilder::Write(const std::string& path) {
  std::vector<uint32_t> ids, freqs;
  for (auto [field, postings] : {std::pair{Field::kPassages, &passages_}, std::pair{Field::kQuestions, &questions_}}) {
    std::vector<const std::string*> terms;
    terms.reserve(postings->size());
    for (const auto& [term, list] : *postings) terms.push_back(&term);
    std::sort(terms.begin(), terms.end(), [](const std::string* a, const std::string* b) { return *a < *b; });
    for (const std::string* term : terms) {
      const std::vector<uint32_t>& list = postings->at(*term);
      ids.clear();
      freqs.clear();
      for (size_t i = 0; i + 1 < list.size(); i += 2) {
        ids.push_back(list[i]);
        freqs.push_back(list[i + 1]);
      }
      writer_.AddTerm(field, *term, ids.data(), freqs.data(), ids.size());
    }
    postings->clear();
  }
  return writer_.Finish(path);
}

BackgroundBuilder::BackgroundBuilder() : thread_([this] { Run(); }) {}

BackgroundBuilder::~BackgroundBuilder() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
    queue_.clear();
  }
  cv_.notify_all();
  thread_.join();
}

void BackgroundBuilder::Add(std::shared_ptr<const Document> doc) {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait(lock, [this] { return queue_.size() < kMaxQueued; });
  queue_.push_back(std::move(doc));
  cv_.notify_all();
}

void BackgroundBuilder::Run() {
  std::unique_lock<std::mutex> lock(mu_);
  while (true) {
    cv_.wait(lock, [this] { return stop_ || !queue_.empty(); });
    if (stop_) return;
    std::shared_ptr<const Document> doc = std::move(queue_.front());
    queue_.pop_front();
    busy_ = true;
    cv_.notify_all();  // room in the queue
    lock.unlock();
    std::string failure;
    try {
      builder_->Add(*doc);
    } catch (const std::exception& e) {
      failure = doc->id + ": " + e.what();
    } catch (const Xapian::Error& e) {
      failure = doc->id + ": " + e.get_description();
    }
    lock.lock();
    if (!failure.empty() && error_.empty()) error_ = failure;
    busy_ = false;
    cv_.notify_all();
  }
}

Status BackgroundBuilder::Write(const std::string& path) {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait(lock, [this] { return queue_.empty() && !busy_; });
  // The worker now waits for a document, and none comes until this returns (one caller).
  std::unique_ptr<SegmentBuilder> done = std::move(builder_);
  builder_ = std::make_unique<SegmentBuilder>();
  const std::string error = std::move(error_);
  error_.clear();
  lock.unlock();
  if (!error.empty()) return Status::Internal(path + ": tokenising failed: " + error);
  return done->Write(path);
}

Status MergeSegments(const std::vector<MergeInput>& inputs, const std::string& path) {
  SegmentWriter writer;
  constexpr uint32_t kGone = UINT32_MAX;
  // Old passage / question ordinal -> new one, per input.
  std::vector<std::vector<uint32_t>> passage_map(inputs.size()), question_map(inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i) {
    const SegmentReader& seg = *inputs[i].segment;
    passage_map[i].assign(seg.passage_count(), kGone);
    question_map[i].assign(seg.question_count(), kGone);
    for (uint32_t d = 0; d < seg.doc_count(); ++d) {
      if (inputs[i].deleted && inputs[i].deleted(d)) continue;
      const DocEntry e = seg.doc(d);
      DocumentInput in;
      in.id = seg.doc_id(d);
      in.source = seg.source_name(e.source);
      in.type = static_cast<RefType>(e.type);
      in.year = e.year;
      StatusOr<std::string> record = seg.Record(d);
      if (!record.ok()) return record.status();
      in.record = std::move(record).value();
      for (uint32_t p = 0; p < e.passage_count; ++p) {
        passage_map[i][e.first_passage + p] = writer.passage_count() + p;
        in.passages.push_back(seg.passage(e.first_passage + p));
      }
      for (uint32_t q = 0; q < e.question_count; ++q) {
        question_map[i][e.first_question + q] = writer.question_count() + q;
        in.questions.emplace_back(seg.question_text(e.first_question + q));
        in.question_lengths.push_back(seg.question(e.first_question + q).length);
      }
      writer.AddDocument(in);
    }
  }
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
  return writer.Finish(path);
}

}  // namespace medoracle::segments
