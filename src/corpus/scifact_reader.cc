// Readers for SciFact and BEIR corpus.jsonl (one JSON object per line).
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "corpus/reader.h"
#include "corpus/text.h"

namespace medoracle {
namespace {

using nlohmann::json;

// nlohmann's message without its "[json.exception.parse_error.101] " prefix, capped so a
// huge "last read" token cannot flood a report.
std::string JsonErrorText(const json::exception& e) {
  std::string_view what = e.what();
  if (const size_t pos = what.find("] "); pos != std::string_view::npos) what.remove_prefix(pos + 2);
  return std::string(what.substr(0, 200));
}

// A native id given as a JSON string or integer; "" otherwise.
std::string IdOf(const json& value) {
  if (value.is_string()) return CollapseWhitespace(value.get_ref<const std::string&>());
  if (value.is_number_integer()) return value.dump();
  return "";
}

std::string StringOf(const json& obj, const char* key) {
  const auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// Calls on_record(object, "line N") for every line of file that parses as a JSON object;
// other non-blank lines are skipped with their line number. Fails only when no line at all
// is a JSON object (not a JSONL corpus).
template <typename OnRecord>
Status ForEachJsonLine(const InputFile& file, RecordSink& sink, OnRecord on_record) {
  const std::string_view content = file.content;
  size_t line_no = 0;
  size_t objects = 0;
  std::string first_problem;
  for (size_t pos = 0; pos < content.size();) {
    size_t end = content.find('\n', pos);
    if (end == std::string_view::npos) end = content.size();
    std::string_view line = content.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    const std::string where = "line " + std::to_string(line_no);
    json record;
    std::string problem;
    try {
      record = json::parse(line);
      if (!record.is_object()) problem = "not a JSON object";
    } catch (const json::exception& e) {
      problem = "malformed JSON: " + JsonErrorText(e);
    }
    if (problem.empty()) {
      ++objects;
      on_record(record, where);
      continue;
    }
    if (first_problem.empty()) first_problem = where + ": " + problem;
    sink.OnSkip({file.path, where, problem});
  }
  if (objects == 0) {
    return Status::Corruption(file.path + ": no JSON object on any line" +
                              (first_problem.empty() ? std::string() : " (" + first_problem + ")"));
  }
  return Status::Ok();
}

}  // namespace

Status ReadScifactCorpus(const InputFile& file, RecordSink& sink) {
  return ForEachJsonLine(file, sink, [&](const json& record, const std::string& where) {
    const std::string native_id = IdOf(record.value("doc_id", json()));
    if (native_id.empty()) return sink.OnSkip({file.path, where, "no doc_id"});
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
    sink.OnDocument(builder.Finish());
  });
}

Status ReadBeirCorpus(const InputFile& file, RecordSink& sink) {
  return ForEachJsonLine(file, sink, [&](const json& record, const std::string& where) {
    const std::string native_id = IdOf(record.value("_id", json()));
    if (native_id.empty()) return sink.OnSkip({file.path, where, "no _id"});
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
