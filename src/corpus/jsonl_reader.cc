// Reader for medoracle's own JSONL document format (docs/formats/jsonl.md).
#include "corpus/reader.h"

namespace medoracle {

Status ReadMedoracleJsonl(const InputFile& file, RecordSink& /*sink*/) {
  return Status::Unsupported(file.path + ": ReadMedoracleJsonl is not implemented yet");
}

}  // namespace medoracle
