// Reader for NFCorpus .docs files: "MED-10<TAB>pre-tokenised lower-case text", one per line.
#include <string>
#include <string_view>

#include "corpus/reader.h"
#include "corpus/text.h"

namespace medoracle {

Status ReadNfcorpusDocs(const InputFile& file, RecordSink& sink) {
  const std::string_view content = file.content;
  size_t line_no = 0;
  size_t with_tab = 0;
  for (size_t pos = 0; pos < content.size();) {
    size_t end = content.find('\n', pos);
    if (end == std::string_view::npos) end = content.size();
    std::string_view line = content.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos) continue;
    const std::string where = "line " + std::to_string(line_no);
    const size_t tab = line.find('\t');
    if (tab == std::string_view::npos) {
      sink.OnSkip({file.path, where, "no TAB between id and text"});
      continue;
    }
    ++with_tab;
    const std::string native_id = CollapseWhitespace(SanitizeUtf8(line.substr(0, tab)));
    if (native_id.empty()) {
      sink.OnSkip({file.path, where, "empty document id"});
      continue;
    }
    Document doc;
    doc.id = "nfcorpus:" + native_id;
    doc.source = "nfcorpus";
    doc.type = RefType::kOther;
    // Stopwords removed, numbers replaced by "num", no punctuation: searchable, not
    // showable, and without sentence boundaries, so the whole text is one sentence span.
    // (The release's raw/ folder here has no doc_dump.txt, so there are no titles.)
    doc.displayable = false;
    DocumentBuilder builder(std::move(doc));
    builder.AddSplitSection("Text", {std::string(line.substr(tab + 1))});
    if (builder.empty()) {
      sink.OnSkip({file.path, "nfcorpus:" + native_id, "empty text"});
      continue;
    }
    sink.OnDocument(builder.Finish());
  }
  if (with_tab == 0) {
    return Status::Corruption(file.path + ": not an NFCorpus .docs file (no \"ID<TAB>text\" line)");
  }
  return Status::Ok();
}

}  // namespace medoracle
