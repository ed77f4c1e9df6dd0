// Readers for vocabularies: Disease Ontology .obo and HPO layperson synonyms.
#include "corpus/reader.h"

namespace medoracle {

Status ReadOboVocabulary(const InputFile& file, RecordSink& /*sink*/) {
  return Status::Unsupported(file.path + ": ReadOboVocabulary is not implemented yet");
}

Status ReadHpoLayperson(const InputFile& file, RecordSink& /*sink*/) {
  return Status::Unsupported(file.path + ": ReadHpoLayperson is not implemented yet");
}

}  // namespace medoracle
