// libFuzzer target for the HTTP layer's request parsing: any bytes as a query string, a URL path
// and a POST /api/ask body (http.h, api.h). Checks that nothing crashes and that what is accepted
// is consistent: decoding never lengthens, a parsed ask has a question within the limit and a known
// audience, an error body is JSON without markup characters. Build: CMakeLists.txt, "fuzz targets".
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

#include "server/api.h"
#include "server/http.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 64 * 1024) return 0;
  const std::string input(reinterpret_cast<const char*>(data), size);
  using namespace medoracle::server;
  Check(DecodeUrl(input, false).size() <= input.size());
  Check(DecodeUrl(input, true).size() <= input.size());
  size_t total = 0;
  for (const auto& [key, value] : ParseQuery(input)) total += key.size() + value.size();
  Check(total <= input.size());
  constexpr size_t kMaxQuestion = 10000;
  auto ask = ParseAskRequest(input, kMaxQuestion);
  if (ask.ok()) {
    Check(!ask->question.empty() && ask->question.size() <= kMaxQuestion);
    Check(ask->audience == "clinician" || ask->audience == "patient");
  } else {
    Check(!ask.status().message().empty());
    const std::string body = ErrorBody(HttpStatusFor(ask.status()), ask.status().message());
    Check(body.find_first_of("<>&") == std::string::npos);
    Check(!nlohmann::json::parse(body, nullptr, false).is_discarded());
  }
  return 0;
}
