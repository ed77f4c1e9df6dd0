// OpenIndex: the segment index in a folder, or a clear error for anything else there.
#include <filesystem>

#include "index/backends.h"
#include "index/index.h"

namespace medoracle {

StatusOr<std::unique_ptr<Index>> OpenIndex(const std::string& path, Index::Mode mode) {
  if (IsSegmentIndex(path)) return OpenSegmentIndex(path, mode);
  std::error_code ec;
  const bool fresh = !std::filesystem::exists(path, ec) || std::filesystem::is_empty(path, ec);
  if (fresh) return OpenSegmentIndex(path, mode);  // created, or kNotFound when read-only
  // Files of Xapian's glass format ("iamglass" names it): the index backend before 2026-12-06.
  if (std::filesystem::exists(std::filesystem::path(path) / "iamglass", ec)) {
    return Status::InvalidArgument(path +
                                   ": an index in the Xapian format, which this medoracle no longer reads; ingest "
                                   "your sources into a new index folder (medoracle --index NEW_FOLDER ingest ...) "
                                   "and use that one (the application store, reviews and users, is not in it)");
  }
  return Status::InvalidArgument(path + ": not a medoracle index (no MANIFEST) and not empty");
}

}  // namespace medoracle
