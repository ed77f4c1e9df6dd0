// libFuzzer target for CDS Hooks request bodies: any bytes posted to either service, answered by a
// fixed answer. Checks that nothing crashes and that replies are consistent: a status the service
// documents (200, 400, 404, 412), an "error" text on every error, and on 200 cards whose summary has
// at most 140 characters. Build: CMakeLists.txt, "fuzz targets".
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "cds/cds_hooks.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

size_t Chars(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 65536) return 0;
  const std::string body(reinterpret_cast<const char*>(data), size);
  using namespace medoracle::cds;
  const medoracle::cds::AskFn ask = [](const std::string& q) -> medoracle::StatusOr<nlohmann::json> {
    return nlohmann::json{{"id", "a1"},
                          {"answered", true},
                          {"bottom_line", {{"text", q + " " + q}, {"citations", {1}}}},
                          {"references", {{{"n", 1}, {"title", q}}}}};
  };
  CodeMap codes;
  codes.AddDiseaseOntology("[Term]\nid: DOID:1\nname: hypertension\nxref: ICD10CM:I10\n");
  CardOptions options;
  options.base_url = "http://h";
  for (const char* service : {kPatientViewService, kOrderSelectService}) {
    const CdsReply reply = HandleHook(service, body, ask, codes, options);
    Check(reply.status == 200 || reply.status == 400 || reply.status == 404 || reply.status == 412);
    if (reply.status != 200) {
      Check(reply.body.contains("error") && !reply.body["error"].get<std::string>().empty());
      continue;
    }
    for (const auto& card : reply.body["cards"]) Check(Chars(card["summary"].get<std::string>()) <= kMaxSummaryChars);
  }
  return 0;
}
