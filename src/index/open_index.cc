// OpenIndex: picks the backend from what is on disk, or for a new index from the caller or the
// environment.
#include <cstdlib>
#include <filesystem>

#include "index/backends.h"
#include "index/index.h"

namespace medoracle {

std::string_view IndexFormatName(IndexFormat format) {
  switch (format) {
    case IndexFormat::kXapian: return "xapian";
    case IndexFormat::kSegments: return "segments";
    case IndexFormat::kDefault: break;
  }
  return "default";
}

bool ParseIndexFormat(std::string_view name, IndexFormat* format) {
  for (IndexFormat f : {IndexFormat::kDefault, IndexFormat::kXapian, IndexFormat::kSegments}) {
    if (name == IndexFormatName(f)) {
      *format = f;
      return true;
    }
  }
  return false;
}

StatusOr<std::unique_ptr<Index>> OpenIndex(const std::string& path, Index::Mode mode) {
  return OpenIndex(path, mode, IndexFormat::kDefault);
}

StatusOr<std::unique_ptr<Index>> OpenIndex(const std::string& path, Index::Mode mode, IndexFormat format) {
  if (IsSegmentIndex(path)) return OpenSegmentIndex(path, mode);
  std::error_code ec;
  const bool fresh = !std::filesystem::exists(path, ec) || std::filesystem::is_empty(path, ec);
  // Something else is there: an index of the Xapian backend (or Xapian's error saying what is wrong).
  if (!fresh) return OpenXapianIndex(path, mode);
  if (mode == Index::Mode::kReadOnly) return OpenSegmentIndex(path, mode);  // kNotFound: no index here
  if (format == IndexFormat::kDefault) {
    if (const char* env = std::getenv("MEDORACLE_INDEX_FORMAT"); env != nullptr && *env != '\0') {
      if (!ParseIndexFormat(env, &format)) {
        return Status::InvalidArgument(std::string("MEDORACLE_INDEX_FORMAT=") + env +
                                       ": unknown index format (segments or xapian)");
      }
    }
  }
  if (format == IndexFormat::kXapian) return OpenXapianIndex(path, mode);
  return OpenSegmentIndex(path, mode);
}

}  // namespace medoracle
