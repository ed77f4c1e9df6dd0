// Readers for SciFact and BEIR corpus.jsonl.
#include "corpus/reader.h"

namespace medoracle {

Status ReadScifactCorpus(const InputFile& file, RecordSink& /*sink*/) {
  return Status::Unsupported(file.path + ": ReadScifactCorpus is not implemented yet");
}

Status ReadBeirCorpus(const InputFile& file, RecordSink& /*sink*/) {
  return Status::Unsupported(file.path + ": ReadBeirCorpus is not implemented yet");
}

}  // namespace medoracle
