// libFuzzer target for the biomedical sentence splitter (sentence_splitter.h) and the document
// builder that uses it: any bytes as a section's text. Checks SplitSentences' contract (spans in
// order, never empty, never overlapping, trimmed of whitespace, none for blank text and at least
// one for text with a letter or digit; whitespace is ASCII's and the no-break space) and that DocumentBuilder keeps
// valid UTF-8 text with sentences inside their section. Build: CMakeLists.txt, "fuzz targets".
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "corpus/document.h"
#include "corpus/sentence_splitter.h"
#include "corpus/text.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// True when text[i] is the first (or, with last, the second) byte of a no-break space (C2 A0),
// whitespace to the splitter as well.
bool InNoBreakSpace(std::string_view text, size_t i, bool last) {
  if (last) return i > 0 && text[i - 1] == '\xC2' && text[i] == '\xA0';
  return i + 1 < text.size() && text[i] == '\xC2' && text[i + 1] == '\xA0';
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 64 * 1024) return 0;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto spans = medoracle::SplitSentences(text);
  bool blank = true;
  for (size_t i = 0; i < text.size() && blank; ++i) {
    blank = IsSpace(text[i]) || InNoBreakSpace(text, i, false) || InNoBreakSpace(text, i, true);
  }
  // Blank text has no sentence; text without one holds no letter or digit either (a lone bullet
  // marker, "+\n", is not a sentence).
  if (blank) Check(spans.empty());
  if (spans.empty()) {
    for (char c : text) Check(!std::isalnum(static_cast<unsigned char>(c)));
  }
  uint32_t previous_end = 0;
  for (const auto& span : spans) {
    Check(span.start >= previous_end && span.start < span.end && span.end <= text.size());
    Check(!IsSpace(text[span.start]) && !IsSpace(text[span.end - 1]));
    Check(!InNoBreakSpace(text, span.start, false) && !InNoBreakSpace(text, span.end - 1, true));
    previous_end = span.end;
  }

  medoracle::Document doc;
  doc.id = "fuzz:1";
  medoracle::DocumentBuilder builder(std::move(doc));
  builder.AddSection("Section", text);
  builder.AddSection("Second", text.substr(0, text.size() / 2));
  const medoracle::Document built = builder.Finish();
  Check(medoracle::IsValidUtf8(built.text));
  for (const auto& sentence : built.sentences) {
    Check(sentence.start < sentence.end && sentence.end <= built.text.size());
    bool inside = false;
    for (const auto& s : built.sections)
      inside = inside || (s.span.start <= sentence.start && sentence.end <= s.span.end);
    Check(inside);
  }
  return 0;
}
