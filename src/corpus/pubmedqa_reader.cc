// Reader for PubMedQA ori_pqal.json.
#include "corpus/reader.h"

namespace medoracle {

Status ReadPubmedqaJson(const InputFile& file, RecordSink& /*sink*/) {
  return Status::Unsupported(file.path + ": ReadPubmedqaJson is not implemented yet");
}

}  // namespace medoracle
