// libFuzzer target for the source viewer's request parsing (document_request.h): any bytes as a
// request target. Checks that ParseDocumentTarget never crashes and that what it accepts is
// consistent: an id within the limits, valid UTF-8 without control characters, of the form
// "<source>:<id>", that EncodeDocId turns back into the same id; spans sorted, non-empty, apart
// and at most kMaxSpans; CheckSpans on a small document never crashes and accepts only spans
// inside it. Build: CMakeLists.txt, "fuzz targets".
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "corpus/text.h"
#include "server/document_request.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 8192) return 0;
  const std::string input(reinterpret_cast<const char*>(data), size);
  using medoracle::server::ParseDocumentTarget;
  for (const std::string& target : {input, "/d/" + input, "/api/documents/pmid:1?" + input}) {
    auto parsed = ParseDocumentTarget(target, target.rfind("/api/", 0) == 0 ? "/api/documents/" : "/d/");
    if (!parsed.ok()) {
      Check(!parsed.status().message().empty());
      continue;
    }
    const std::string& id = parsed->doc_id;
    Check(!id.empty() && id.size() <= medoracle::server::kMaxDocIdBytes);
    Check(medoracle::IsValidUtf8(id));
    for (char c : id) Check(static_cast<unsigned char>(c) >= 0x20 && c != 0x7f);
    const size_t colon = id.find(':');
    Check(colon != std::string::npos && colon > 0 && colon + 1 < id.size());
    auto again = ParseDocumentTarget("/d/" + medoracle::server::EncodeDocId(id), "/d/");
    Check(again.ok() && again->doc_id == id && again->spans.empty());
    const auto& spans = parsed->spans;
    Check(spans.size() <= medoracle::server::kMaxSpans);
    for (size_t i = 0; i < spans.size(); ++i) {
      Check(spans[i].start < spans[i].end);
      if (i > 0) Check(spans[i - 1].end < spans[i].start);
    }
    medoracle::Document doc;
    doc.text = "Caf\xC3\xA9 au lait spots are flat patches.";
    if (medoracle::server::CheckSpans(doc, spans).ok()) {
      for (const auto& s : spans) Check(s.end <= doc.text.size());
    }
  }
  return 0;
}
