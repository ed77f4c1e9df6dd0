// Reader for medoracle's own JSONL document format (docs/formats/jsonl.md).
#include <initializer_list>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "corpus/json_util.h"
#include "corpus/reader.h"
#include "corpus/text.h"

namespace medoracle {
namespace {

using nlohmann::json;

std::string Clean(const std::string& text) { return CollapseWhitespace(SanitizeUtf8(text)); }

// "<source>:<native id>": source is lower-case letters, digits, '_', '-', '.', starting with
// a letter or digit; the native id is not empty and has no whitespace. Returns "" when id
// is valid, else the reason.
std::string IdProblem(const std::string& id) {
  const size_t colon = id.find(':');
  if (colon == std::string::npos) return "\"id\" must be \"<source>:<native id>\" (no ':' in \"" + id + "\")";
  if (colon == 0) return "\"id\" has an empty source prefix";
  if (colon + 1 == id.size()) return "\"id\" has an empty native id after ':'";
  for (size_t i = 0; i < colon; ++i) {
    const char c = id[i];
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (i > 0 && (c == '_' || c == '-' || c == '.'));
    if (!ok) return "\"id\" source prefix must be lower-case letters, digits, '_', '-' or '.'";
  }
  for (size_t i = colon + 1; i < id.size(); ++i) {
    if (static_cast<unsigned char>(id[i]) <= ' ')
      return "\"id\" must not contain whitespace or control characters";
  }
  return "";
}

// Reads an optional string field into *out. Returns "" or the reason it is invalid.
std::string OptionalString(const json& record, const char* key, std::string* out) {
  const auto it = record.find(key);
  if (it == record.end() || it->is_null()) return "";
  if (!it->is_string()) return std::string("\"") + key + "\" must be a string";
  *out = Clean(it->get<std::string>());
  return "";
}

// Reads an optional array of strings; empty entries are dropped.
std::string OptionalStrings(const json& record, const char* key, std::vector<std::string>* out) {
  const auto it = record.find(key);
  if (it == record.end() || it->is_null()) return "";
  if (!it->is_array()) return std::string("\"") + key + "\" must be an array of strings";
  for (const json& item : *it) {
    if (!item.is_string()) return std::string("\"") + key + "\" must be an array of strings";
    std::string value = Clean(item.get<std::string>());
    if (!value.empty()) out->push_back(std::move(value));
  }
  return "";
}

std::string RefTypeNames() {
  std::string names;
  for (int t = 0; t <= static_cast<int>(RefType::kOther); ++t) {
    if (!names.empty()) names += ", ";
    names += RefTypeName(static_cast<RefType>(t));
  }
  return names;
}

// Builds the document of one record, or returns the reason it cannot be loaded.
std::string BuildDocument(const json& record, const std::string& id, Document* out) {
  Document doc;
  doc.id = id;
  doc.source = id.substr(0, id.find(':'));
  if (const auto it = record.find("type"); it != record.end() && !it->is_null()) {
    if (!it->is_string() || !ParseRefType(it->get<std::string>(), &doc.type)) {
      return "\"type\" must be one of " + RefTypeNames() + " (found " + it->dump().substr(0, 60) + ")";
    }
  }
  using StringField = std::pair<const char*, std::string*>;
  for (const auto& [key, field] : std::initializer_list<StringField>{
           {"title", &doc.title}, {"venue", &doc.venue}, {"url", &doc.url}, {"doi", &doc.doi}}) {
    if (std::string problem = OptionalString(record, key, field); !problem.empty()) return problem;
  }
  if (const auto it = record.find("pmid"); it != record.end() && !it->is_null()) {
    if (it->is_number_unsigned()) {
      doc.pmid = it->dump();
    } else if (it->is_string()) {
      doc.pmid = Clean(it->get<std::string>());
    } else {
      return "\"pmid\" must be a string or a number";
    }
  }
  if (const auto it = record.find("year"); it != record.end() && !it->is_null()) {
    if (!it->is_number_integer() || it->get<int64_t>() < 0 || it->get<int64_t>() > 9999) {
      return "\"year\" must be an integer between 0 and 9999";
    }
    doc.year = static_cast<int>(it->get<int64_t>());
  }
  using ListField = std::pair<const char*, std::vector<std::string>*>;
  for (const auto& [key, field] : std::initializer_list<ListField>{
           {"authors", &doc.authors}, {"keywords", &doc.keywords}, {"questions", &doc.questions}}) {
    if (std::string problem = OptionalStrings(record, key, field); !problem.empty()) return problem;
  }

  const auto sections = record.find("sections");
  if (sections == record.end() || !sections->is_array()) return "\"sections\" is missing or not an array";
  DocumentBuilder builder(std::move(doc));
  for (size_t i = 0; i < sections->size(); ++i) {
    const json& section = (*sections)[i];
    const std::string where = "sections[" + std::to_string(i) + "]";
    if (!section.is_object()) return where + " must be an object with \"label\" and \"text\"";
    const auto text = section.find("text");
    if (text == section.end() || !text->is_string()) return where + ".text is missing or not a string";
    std::string label;
    if (std::string problem = OptionalString(section, "label", &label); !problem.empty())
      return where + ": " + problem;
    builder.AddSection(label, text->get<std::string>());
  }
  if (builder.empty()) return "no section has any text";
  *out = builder.Finish();
  return "";
}

}  // namespace

Status ReadMedoracleJsonl(const InputFile& file, RecordSink& sink) {
  std::unordered_map<std::string, size_t> first_line_of;
  return ForEachJsonLine(file, sink, /*repair_utf8=*/true, [&](const json& record, size_t line_no) {
    const std::string where = "line " + std::to_string(line_no);
    const auto id_field = record.find("id");
    if (id_field == record.end() || !id_field->is_string() || Clean(id_field->get<std::string>()).empty()) {
      return sink.OnSkip({file.path, where, "\"id\" is missing or not a string"});
    }
    const std::string id = Clean(id_field->get<std::string>());
    if (std::string problem = IdProblem(id); !problem.empty()) {
      return sink.OnSkip({file.path, where, problem});
    }
    if (const auto [it, inserted] = first_line_of.emplace(id, line_no); !inserted) {
      return sink.OnSkip({file.path, id, "duplicate id (first on line " + std::to_string(it->second) + ")"});
    }
    Document doc;
    if (std::string problem = BuildDocument(record, id, &doc); !problem.empty()) {
      return sink.OnSkip({file.path, id, problem});
    }
    sink.OnDocument(std::move(doc));
  });
}

}  // namespace medoracle
