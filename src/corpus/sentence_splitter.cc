// Sentence splitter for biomedical text (first version; see sentence_splitter_test.cc).
#include "corpus/sentence_splitter.h"

#include <cctype>

namespace medoracle {
namespace {

bool IsSpace(char c) { return c == ' ' || c == '\n' || c == '\t' || c == '\r'; }

// Pushes [start, end) trimmed of whitespace, if not empty.
void PushTrimmed(std::string_view text, size_t start, size_t end, std::vector<Span>* out) {
  while (start < end && IsSpace(text[start])) ++start;
  while (end > start && IsSpace(text[end - 1])) --end;
  if (end > start) out->push_back({static_cast<uint32_t>(start), static_cast<uint32_t>(end)});
}

}  // namespace

std::vector<Span> SplitSentences(std::string_view text) {
  std::vector<Span> out;
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c != '.' && c != '?' && c != '!') continue;
    size_t j = i + 1;
    while (j < text.size() && (text[j] == '"' || text[j] == ')' || text[j] == '\'')) ++j;
    if (j >= text.size() || !IsSpace(text[j])) continue;
    size_t k = j;
    while (k < text.size() && IsSpace(text[k])) ++k;
    if (k >= text.size()) break;
    const auto next = static_cast<unsigned char>(text[k]);
    if (!(std::isupper(next) || std::isdigit(next) || next == '(' || next == '[' || next == '"')) continue;
    PushTrimmed(text, start, j, &out);
    start = k;
  }
  PushTrimmed(text, start, text.size(), &out);
  return out;
}

}  // namespace medoracle
