// Reader for PubMed/MEDLINE citation XML (PubmedArticleSet), including DeleteCitation.
#include "corpus/reader.h"

namespace medoracle {

Status ReadPubmedXml(const InputFile& file, RecordSink& /*sink*/) {
  return Status::Unsupported(file.path + ": ReadPubmedXml is not implemented yet");
}

}  // namespace medoracle
