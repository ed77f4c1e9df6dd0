// Readers for SciFact and BEIR corpus.jsonl (one JSON object per line).
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "corpus/json_util.h"
#include "corpus/reader.h"
#include "corpus/study_design.h"
#include "corpus/text.h"

namespace medoracle {

using nlohmann::json;

Status ReadScifactCorpus(const InputFile& file, RecordSink& sink) {
  return ForEachJsonLine(file, sink, /*repair_utf8=*/false, [&](const json& record, size_t line_no) {
    const std::string native_id = IdOf(record.value("doc_id", json()));
    if (native_id.empty()) return sink.OnSkip({file.path, "line " + std::to_string(line_no), "no doc_id"});
    Document doc;
    doc.id = "scifact:" + native_id;
    doc.source = "scifact";
    doc.type = RefType::kOther;
    doc.title = CollapseWhitespace(SanitizeUtf8(StringOf(record, "title")));
    const auto abstract = record.find("abstract");
    if (abstract == record.end() || !abstract->is_array() || abstract->empty()) {
      return sink.OnSkip({file.path, doc.id, "no abstract sentences"});
    }
    // SciFact rationales are sentence indices into "abstract", so sentence i of the
    // document must be abstract[i]: a sentence that cleans to nothing would be dropped by
    // the builder and shift every later index, so it is kept as an ellipsis instead.
    std::vector<std::string> sentences;
    bool any_text = false;
    for (const json& s : *abstract) {
      std::string text = s.is_string() ? s.get<std::string>() : std::string();
      if (CollapseWhitespace(text).empty()) {
        text = "\xE2\x80\xA6";  // U+2026 HORIZONTAL ELLIPSIS
      } else {
        any_text = true;
      }
      sentences.push_back(std::move(text));
    }
    if (!any_text) return sink.OnSkip({file.path, doc.id, "abstract sentences are all empty"});
    DocumentBuilder builder(std::move(doc));
    builder.AddSplitSection("Abstract", sentences);
    Document finished = builder.Finish();
    finished.type = StudyDesignOf(finished);  // SciFact carries no publication type
    sink.OnDocument(std::move(finished));
  });
}

Status ReadBeirCorpus(const InputFile& file, RecordSink& sink) {
  return ForEachJsonLine(file, sink, /*repair_utf8=*/false, [&](const json& record, size_t line_no) {
    const std::string native_id = IdOf(record.value("_id", json()));
    if (native_id.empty()) return sink.OnSkip({file.path, "line " + std::to_string(line_no), "no _id"});
    Document doc;
    doc.id = "beir:" + native_id;
    doc.source = "beir";
    doc.type = RefType::kOther;
    doc.title = CollapseWhitespace(SanitizeUtf8(StringOf(record, "title")));
    // BEIR metadata differs per collection; TREC-COVID style keys are picked up.
    if (const auto meta = record.find("metadata"); meta != record.end() && meta->is_object()) {
      doc.url = CollapseWhitespace(StringOf(*meta, "url"));
      doc.doi = CollapseWhitespace(StringOf(*meta, "doi"));
      doc.pmid = CollapseWhitespace(StringOf(*meta, "pubmed_id"));
    }
    const std::string title = doc.title;
    DocumentBuilder builder(std::move(doc));
    builder.AddSection("Text", StringOf(record, "text"));
    // A title-only record stays retrievable by its title.
    if (builder.empty()) builder.AddSection("Title", title);
    if (builder.empty()) return sink.OnSkip({file.path, "beir:" + native_id, "no title or text"});
    sink.OnDocument(builder.Finish());
  });
}

}  // namespace medoracle
