// Reader for BioASQ golden-question JSON, as a snippet collection keyed by PMID.
#include "corpus/reader.h"

namespace medoracle {

Status ReadBioasqJson(const InputFile& file, RecordSink& /*sink*/) {
  return Status::Unsupported(file.path + ": ReadBioasqJson is not implemented yet");
}

}  // namespace medoracle
