// Cutting a document into passages: runs of whole sentences inside one section.
#pragma once

#include <vector>

#include "corpus/document.h"

namespace medoracle {

struct Passage {
  size_t section = 0;         // index into Document::sections
  size_t first_sentence = 0;  // index into Document::sentences
  size_t sentence_count = 0;
  Span span;                  // from the first sentence's start to the last one's end
};

// Passages never cross a section boundary and hold whole sentences: up to
// kMaxPassageSentences sentences and about kTargetPassageWords words (a sentence longer
// than that is a passage of its own). Sections without sentence spans (should not happen)
// become one passage. Every document with text yields at least one passage.
inline constexpr size_t kMaxPassageSentences = 4;
inline constexpr size_t kTargetPassageWords = 90;
std::vector<Passage> MakePassages(const Document& doc);

}  // namespace medoracle
