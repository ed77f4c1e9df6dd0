// The segment index's entry points, for OpenIndex (open_index.cc) and the tests.
#pragma once

#include <memory>
#include <string>

#include "index/index.h"

namespace medoracle {

// OpenIndex's contract, for an index in the segment format (segment_index.cc). The writer has the
// pending documents written as a segment, while it goes on, once their text reaches
// flush_text_bytes (and at every Commit).
inline constexpr size_t kSegmentFlushTextBytes = 64u << 20;
StatusOr<std::unique_ptr<Index>> OpenSegmentIndex(const std::string& path, Index::Mode mode,
                                                  size_t flush_text_bytes = kSegmentFlushTextBytes);
// True when path holds a segment index (its MANIFEST).
bool IsSegmentIndex(const std::string& path);

}  // namespace medoracle
