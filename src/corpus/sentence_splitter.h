// Sentence splitter for biomedical text: abbreviations, decimals and doses, vertebral
// levels, citation brackets and lists do not end a sentence.
#pragma once

#include <string_view>
#include <vector>

#include "corpus/document.h"

namespace medoracle {

// Splits text into sentences. Returns spans (byte offsets into text) in order, each
// trimmed of surrounding whitespace (ASCII's and U+00A0), never empty, never overlapping. Text
// that contains no sentence boundary comes back as one span; empty or all-whitespace text, or a
// bullet marker alone ("- ", "+\n"), as none.
std::vector<Span> SplitSentences(std::string_view text);

}  // namespace medoracle
