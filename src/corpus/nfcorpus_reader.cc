// Reader for NFCorpus .docs files: "MED-10<TAB>pre-tokenised lower-case text", one per line.
#include <string>
#include <string_view>

#include "corpus/reader.h"
#include "corpus/text.h"

namespace medoracle {

Status ReadNfcorpusDocs(const InputFile& file, RecordSink& sink) {
  size_t with_tab = 0;
  ForEachLine(file.content, [&](std::string_view line, size_t line_no) {
    if (line.find_first_not_of(" \t") == std::string_view::npos) return;
    const std::string where = "line " + std::to_string(line_no);
    const size_t tab = line.find('\t');
    if (tab == std::string_view::npos) return sink.OnSkip({file.path, where, "no TAB between id and text"});
    ++with_tab;
    const std::string native_id = CollapseWhitespace(SanitizeUtf8(line.substr(0, tab)));
    if (native_id.empty()) return sink.OnSkip({file.path, where, "empty document id"});
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
    if (builder.empty()) return sink.OnSkip({file.path, "nfcorpus:" + native_id, "empty text"});
    sink.OnDocument(builder.Finish());
  });
  if (with_tab == 0) {
    return Status::Corruption(file.path + ": not an NFCorpus .docs file (no \"ID<TAB>text\" line)");
  }
  return Status::Ok();
}

}  // namespace medoracle
