// libFuzzer target for one corpus reader (reader.h), built once per format: CMakeLists.txt gives
// MEDORACLE_FUZZ_FORMAT (a Format enumerator) and MEDORACLE_FUZZ_PATH (the file name the bytes are
// read as). Checks that reading never crashes and that what the reader hands the sink keeps the
// document model's contract: ids "<source>:<id>", valid UTF-8 text and titles, section and
// sentence spans non-empty, in order and inside the text, every sentence inside a section,
// citation spans inside the text, vocabulary entries named, and every skipped record (and a failed
// file) given a reason. Build: CMakeLists.txt, "fuzz targets"; seeds: scripts/fuzz.sh.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "corpus/collecting_sink.h"
#include "corpus/reader.h"
#include "corpus/text.h"

namespace {

// Aborts when ok is false, naming the contract that broke (the crash report then says which one
// without a debugger). Called through CHECK, which passes the condition's text and line.
void Check(bool ok, const char* condition, int line) {
  if (ok) return;
  std::fprintf(stderr, "reader_fuzz.cc:%d: contract broken: %s\n", line, condition);
  std::abort();
}
#define CHECK(condition) Check((condition), #condition, __LINE__)

void CheckSpan(medoracle::Span span, const std::string& text) {
  CHECK(span.start < span.end && span.end <= text.size());
}

void CheckDocument(const medoracle::Document& doc) {
  const size_t colon = doc.id.find(':');
  CHECK(colon != std::string::npos && colon > 0 && colon + 1 < doc.id.size());
  CHECK(medoracle::IsValidUtf8(doc.id) && medoracle::IsValidUtf8(doc.title));
  CHECK(medoracle::IsValidUtf8(doc.text));
  uint32_t previous_end = 0;
  for (const auto& section : doc.sections) {
    CheckSpan(section.span, doc.text);
    CHECK(section.span.start >= previous_end);
    previous_end = section.span.end;
    CHECK(medoracle::IsValidUtf8(section.label));
  }
  previous_end = 0;
  for (const auto& sentence : doc.sentences) {
    CheckSpan(sentence, doc.text);
    CHECK(sentence.start >= previous_end);
    previous_end = sentence.end;
    bool inside = false;
    for (const auto& section : doc.sections) {
      inside = inside || (section.span.start <= sentence.start && sentence.end <= section.span.end);
    }
    CHECK(inside);
  }
  for (const auto& citation : doc.citations) CHECK(citation.span.end <= doc.text.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (1 << 20)) return 0;
  const medoracle::InputFile file{MEDORACLE_FUZZ_PATH, std::string(reinterpret_cast<const char*>(data), size)};
  medoracle::CollectingSink sink;
  const medoracle::Status status = medoracle::ReadFile(file, medoracle::Format::MEDORACLE_FUZZ_FORMAT, sink);
  if (!status.ok()) CHECK(!status.message().empty());
  for (const auto& doc : sink.documents) CheckDocument(doc);
  for (const auto& id : sink.deletions) CHECK(!id.empty());
  for (const auto& entry : sink.vocabulary) CHECK(!entry.id.empty() && !entry.term.empty());
  for (const auto& skip : sink.skipped_records) {
    CHECK(!skip.file.empty() && !skip.record.empty() && !skip.reason.empty());
  }
  return 0;
}
