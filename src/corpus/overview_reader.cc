// Reader for editorial overviews: Markdown with front matter (docs/formats/overview.md).
#include "corpus/reader.h"

namespace medoracle {

Status ReadOverviewMarkdown(const InputFile& file, RecordSink& /*sink*/) {
  return Status::Unsupported(file.path + ": ReadOverviewMarkdown is not implemented yet");
}

}  // namespace medoracle
