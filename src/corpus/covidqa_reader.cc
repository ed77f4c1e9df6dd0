// Reader for COVID-QA (SQuAD-format) papers.
#include "corpus/reader.h"

namespace medoracle {

Status ReadCovidqaJson(const InputFile& file, RecordSink& /*sink*/) {
  return Status::Unsupported(file.path + ": ReadCovidqaJson is not implemented yet");
}

}  // namespace medoracle
