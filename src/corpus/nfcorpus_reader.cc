// Reader for NFCorpus .docs files.
#include "corpus/reader.h"

namespace medoracle {

Status ReadNfcorpusDocs(const InputFile& file, RecordSink& /*sink*/) {
  return Status::Unsupported(file.path + ": ReadNfcorpusDocs is not implemented yet");
}

}  // namespace medoracle
