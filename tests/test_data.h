// Where tests find ../shared/data, and a skip helper for when it is absent.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>

namespace medoracle::testing {

// The shared data folder: $MEDORACLE_SHARED_DATA, else ../shared/data beside the
// source tree (compiled in as MEDORACLE_DEFAULT_SHARED_DATA).
inline std::string SharedDataDir() {
  if (const char* env = std::getenv("MEDORACLE_SHARED_DATA"); env != nullptr && *env != '\0') return env;
  return MEDORACLE_DEFAULT_SHARED_DATA;
}

// Full path of a file under the shared data folder.
inline std::string SharedData(const std::string& relative) { return SharedDataDir() + "/" + relative; }

inline bool HasSharedData(const std::string& relative = "") {
  return std::filesystem::exists(SharedData(relative));
}

}  // namespace medoracle::testing

// Skips the current test, printing why, when a shared data file is missing.
#define MEDORACLE_REQUIRE_SHARED_DATA(relative)                                              \
  do {                                                                                       \
    if (!::medoracle::testing::HasSharedData(relative)) {                                    \
      GTEST_SKIP() << "shared data not found: " << ::medoracle::testing::SharedData(relative) \
                   << " (set MEDORACLE_SHARED_DATA)";                                        \
    }                                                                                        \
  } while (0)
