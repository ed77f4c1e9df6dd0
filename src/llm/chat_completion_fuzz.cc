// libFuzzer target for the model server's response and the verifier: any bytes as a chat
// completions body, and as the generated text itself. Checks that neither crashes and that what the
// verifier keeps is consistent: every kept sentence cites at least one existing statement and is
// non-empty; every dropped sentence has a reason. Build: CMakeLists.txt, "fuzz targets".
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "llm/synthesis.h"
#include "llm/verifier.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

const std::vector<medoracle::llm::NumberedStatement> kStatements = {
    {1, "Gabapentin 300 mg at bedtime may reduce neuropathic pain.", {1}},
    {2, "Epidural steroid injections are not recommended for axial low back pain.", {2}},
};

void Verify(const std::string& text) {
  const auto v = medoracle::llm::VerifySummary(text, kStatements);
  for (const auto& kept : v.kept) {
    Check(!kept.text.empty() && !kept.statements.empty());
    for (int n : kept.statements) Check(n >= 1 && n <= static_cast<int>(kStatements.size()));
  }
  for (const auto& dropped : v.dropped) Check(!dropped.reason.empty());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 16384) return 0;
  const std::string input(reinterpret_cast<const char*>(data), size);
  auto parsed = medoracle::llm::ParseChatCompletion(input);
  if (parsed.ok()) {
    Verify(*parsed);
  } else {
    Check(!parsed.status().message().empty());
  }
  Verify(input);
  return 0;
}
