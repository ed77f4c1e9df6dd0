// libFuzzer target for loading an input file (reader.h LoadInputFile: gzip, multi-member gzip and
// one-file zip archives by magic bytes) and detecting its format: any bytes as a file, written to a
// temporary folder. Checks that loading never crashes, never returns more than the byte limit, gives
// a message with the path on failure, returns plain files unchanged, and that DetectFormat never
// crashes on what it loaded. Build: CMakeLists.txt, "fuzz targets".
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "corpus/reader.h"

namespace {

void Check(bool ok) {
  if (!ok) std::abort();
}

const std::string& InputPath() {
  static const std::string* path = [] {
    const auto dir = std::filesystem::temp_directory_path() / ("medoracle_input_file_fuzz." + std::to_string(getpid()));
    std::filesystem::create_directories(dir);
    return new std::string((dir / "input.jsonl.gz").string());
  }();
  return *path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 256 * 1024) return 0;
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  const std::string& path = InputPath();
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }
  constexpr uint64_t kMaxBytes = 1 << 20;
  auto file = medoracle::LoadInputFile(path, kMaxBytes);
  if (!file.ok()) {
    Check(file.status().message().find(path) != std::string::npos);
    return 0;
  }
  Check(file->path == path && file->content.size() <= kMaxBytes);
  const bool compressed = size >= 2 && ((data[0] == 0x1f && data[1] == 0x8b) || bytes.rfind("PK\x03\x04", 0) == 0);
  if (!compressed) Check(file->content == bytes);
  (void)medoracle::DetectFormat(*file);
  return 0;
}
