// Reader for the MEDLINE/PubMed display text format (PMID- tagged lines).
#include "corpus/reader.h"

namespace medoracle {

Status ReadMedlineText(const InputFile& file, RecordSink& /*sink*/) {
  return Status::Unsupported(file.path + ": ReadMedlineText is not implemented yet");
}

}  // namespace medoracle
