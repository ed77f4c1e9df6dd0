// JSON-reading helpers shared by the JSON and JSONL readers.
#include "corpus/json_util.h"

#include <string_view>

#include "corpus/text.h"

namespace medoracle {
namespace {

template <typename Json>
Status ParseJson(const InputFile& file, Json* root) {
  try {
    *root = Json::parse(file.content);
  } catch (const typename Json::parse_error& e) {
    return Status::Corruption(file.path + ": malformed JSON at byte " + std::to_string(e.byte) + ": " +
                              JsonErrorText(e));
  } catch (const typename Json::exception& e) {
    return Status::Corruption(file.path + ": malformed JSON: " + JsonErrorText(e));
  }
  return Status::Ok();
}

template <typename Json>
std::string StringMember(const Json& obj, const char* key) {
  const auto it = obj.find(key);
  return it != obj.end() && it->is_string() ? it->template get<std::string>() : std::string();
}

}  // namespace

std::string JsonErrorText(const nlohmann::json::exception& e) {
  std::string_view what = e.what();
  if (const size_t pos = what.find("] "); pos != std::string_view::npos) what.remove_prefix(pos + 2);
  return std::string(what.substr(0, 200));
}

Status ParseJsonFile(const InputFile& file, nlohmann::json* root) { return ParseJson(file, root); }
Status ParseJsonFile(const InputFile& file, nlohmann::ordered_json* root) { return ParseJson(file, root); }

std::string StringOf(const nlohmann::json& obj, const char* key) { return StringMember(obj, key); }
std::string StringOf(const nlohmann::ordered_json& obj, const char* key) { return StringMember(obj, key); }

std::string IdOf(const nlohmann::json& value) {
  if (value.is_string()) return CollapseWhitespace(value.get_ref<const std::string&>());
  if (value.is_number_integer()) return value.dump();
  return "";
}

Status ForEachJsonLine(const InputFile& file, RecordSink& sink, bool repair_utf8,
                       const std::function<void(const nlohmann::json& record, size_t line_no)>& on_record) {
  size_t objects = 0;
  std::string first_problem;
  ForEachLine(file.content, [&](std::string_view line, size_t line_no) {
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) return;
    const std::string repaired = repair_utf8 && !IsValidUtf8(line) ? SanitizeUtf8(line) : std::string();
    nlohmann::json record;
    std::string problem;
    try {
      record = nlohmann::json::parse(repaired.empty() ? line : std::string_view(repaired));
      if (!record.is_object()) problem = "not a JSON object";
    } catch (const nlohmann::json::exception& e) {
      problem = "malformed JSON: " + JsonErrorText(e);
    }
    if (problem.empty()) {
      ++objects;
      return on_record(record, line_no);
    }
    const std::string where = "line " + std::to_string(line_no);
    if (first_problem.empty()) first_problem = where + ": " + problem;
    sink.OnSkip({file.path, where, problem});
  }, /*strip_cr=*/false);
  if (objects == 0) {
    return Status::Corruption(file.path + ": no JSON object on any line" +
                              (first_problem.empty() ? std::string() : " (" + first_problem + ")"));
  }
  return Status::Ok();
}

}  // namespace medoracle
