// libFuzzer target for the segment reader (segment_format.h): any bytes as a segment file.
// Checks that opening either rejects the bytes or yields a reader whose every document, record,
// id lookup, lexicon entry and posting (walked and skipped) can be read without crashing, and
// that every passage and question it accepts belongs to one of its documents.
// Build: CMakeLists.txt, "fuzz targets".
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "index/segment_format.h"

namespace {

using medoracle::segments::Field;
using medoracle::segments::SegmentReader;

void Check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto reader = SegmentReader::FromBytes(std::string(reinterpret_cast<const char*>(data), size));
  if (!reader.ok()) return 0;
  const SegmentReader& r = **reader;
  for (uint32_t d = 0; d < r.doc_count(); ++d) {
    (void)r.Record(d);
    (void)r.FindDoc(r.doc_id(d));
    (void)r.source_name(r.doc(d).source);
  }
  for (uint32_t p = 0; p < r.passage_count(); ++p) Check(r.passage(p).doc < r.doc_count());
  for (uint32_t q = 0; q < r.question_count(); ++q) {
    Check(r.question(q).doc < r.doc_count());
    (void)r.question_text(q);
  }
  for (Field field : {Field::kPassages, Field::kQuestions}) {
    const uint32_t units = field == Field::kPassages ? r.passage_count() : r.question_count();
    (void)r.ForEachTerm(field, [&](std::string_view term, uint32_t) {
      for (auto cursor = r.Postings(field, term); cursor && cursor->valid(); cursor->Next()) {
      }
      auto skipping = r.Postings(field, term);
      if (skipping) skipping->SkipTo(units / 2);
      return true;
    });
  }
  return 0;
}
