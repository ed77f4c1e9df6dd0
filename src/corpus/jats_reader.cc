// Reader for PMC JATS full-text articles (.nxml).
#include "corpus/reader.h"

namespace medoracle {

Status ReadJats(const InputFile& file, RecordSink& /*sink*/) {
  return Status::Unsupported(file.path + ": ReadJats is not implemented yet");
}

}  // namespace medoracle
