// Reader for MedQuAD question-answer XML documents.
#include "corpus/reader.h"

namespace medoracle {

Status ReadMedquadXml(const InputFile& file, RecordSink& /*sink*/) {
  return Status::Unsupported(file.path + ": ReadMedquadXml is not implemented yet");
}

}  // namespace medoracle
