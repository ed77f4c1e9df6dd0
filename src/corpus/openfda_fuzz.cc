// libFuzzer target for the openFDA drug-label reader (openfda_reader.cc): any bytes as a
// JSONL file and as an API response file. Checks that reading never crashes and that every
// document it produces is well formed: id "fda:<set_id>", valid UTF-8, every section and
// sentence span non-empty and inside the text, every sentence inside a section, and every
// skipped record named with a reason. Build: CMakeLists.txt, "fuzz targets".
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "corpus/collecting_sink.h"
#include "corpus/reader.h"
#include "corpus/text.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

void CheckDocument(const medoracle::Document& doc) {
  Check(doc.id.rfind("fda:", 0) == 0 && doc.id.size() > 4);
  Check(doc.type == medoracle::RefType::kDrugLabel);
  Check(!doc.sections.empty() && !doc.title.empty());
  Check(medoracle::IsValidUtf8(doc.text) && medoracle::IsValidUtf8(doc.title));
  for (const auto& s : doc.sections) {
    Check(s.span.start < s.span.end && s.span.end <= doc.text.size());
    Check(medoracle::IsValidUtf8(s.label));
  }
  for (const auto& s : doc.sentences) {
    Check(s.start < s.end && s.end <= doc.text.size());
    bool inside = false;
    for (const auto& sec : doc.sections) inside = inside || (sec.span.start <= s.start && s.end <= sec.span.end);
    Check(inside);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 1 << 16) return 0;
  const std::string content(reinterpret_cast<const char*>(data), size);
  for (const char* path : {"labels.jsonl", "response.json"}) {
    medoracle::CollectingSink sink;
    (void)medoracle::ReadOpenfdaLabels({path, content}, sink);
    for (const auto& doc : sink.documents) CheckDocument(doc);
    for (const auto& skip : sink.skipped_records) Check(!skip.file.empty() && !skip.record.empty() && !skip.reason.empty());
  }
  return 0;
}
