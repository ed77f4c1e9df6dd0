// Reader for National Guideline Clearinghouse summary XML.
#include "corpus/reader.h"

namespace medoracle {

Status ReadNgcXml(const InputFile& file, RecordSink& /*sink*/) {
  return Status::Unsupported(file.path + ": ReadNgcXml is not implemented yet");
}

}  // namespace medoracle
