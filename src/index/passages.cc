// Cutting a document into passages.
#include "index/passages.h"

#include "corpus/text.h"

namespace medoracle {

// Why passages of a few sentences: answers quote sentences, and BM25 over whole long
// documents (guidelines of 10k+ words, full-text papers) rewards length rather than
// the on-point paragraph. Passage retrieval with ~100-word windows is the usual choice
// for QA over long documents (Kaszkiel & Zobel 1997; the 100-word passages of DPR).
std::vector<Passage> MakePassages(const Document& doc) {
  std::vector<Passage> out;
  size_t sentence = 0;
  for (size_t s = 0; s < doc.sections.size(); ++s) {
    const Span sec = doc.sections[s].span;
    // Skip sentences before this section (should not exist, but be robust).
    while (sentence < doc.sentences.size() && doc.sentences[sentence].end <= sec.start) ++sentence;
    Passage current;
    size_t words = 0;
    auto flush = [&] {
      if (current.sentence_count > 0) out.push_back(current);
      current = Passage{};
      words = 0;
    };
    bool any = false;
    while (sentence < doc.sentences.size() && doc.sentences[sentence].start < sec.end) {
      const Span sp = doc.sentences[sentence];
      const size_t w = CountWords(doc.Slice(sp));
      if (current.sentence_count > 0 &&
          (current.sentence_count >= kMaxPassageSentences || words + w > kTargetPassageWords)) {
        flush();
      }
      if (current.sentence_count == 0) {
        current.section = s;
        current.first_sentence = sentence;
        current.span.start = sp.start;
      }
      current.span.end = sp.end;
      ++current.sentence_count;
      words += w;
      any = true;
      ++sentence;
    }
    flush();
    if (!any && sec.end > sec.start) out.push_back({s, sentence, 0, sec});
  }
  if (out.empty() && !doc.text.empty()) {
    out.push_back({0, 0, 0, {0, static_cast<uint32_t>(doc.text.size())}});
  }
  return out;
}

}  // namespace medoracle
