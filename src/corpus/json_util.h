// JSON-reading helpers shared by the JSON and JSONL readers (nlohmann::json).
#pragma once

#include <cstddef>
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "corpus/reader.h"
#include "medoracle/status.h"

namespace medoracle {

// nlohmann's message without its "[json.exception.parse_error.101] " prefix, capped so a
// huge "last read" token cannot flood a report.
std::string JsonErrorText(const nlohmann::json::exception& e);

// Parses the whole of file.content into *root. Malformed JSON is Corruption("<path>:
// malformed JSON at byte N: <what>").
Status ParseJsonFile(const InputFile& file, nlohmann::json* root);
Status ParseJsonFile(const InputFile& file, nlohmann::ordered_json* root);

// obj[key] when obj is an object and that member is a string, else "".
std::string StringOf(const nlohmann::json& obj, const char* key);
std::string StringOf(const nlohmann::ordered_json& obj, const char* key);

// A native id given as a JSON string (whitespace collapsed) or integer; "" otherwise.
std::string IdOf(const nlohmann::json& value);

// Calls on_record(object, line_no) for every line of file that parses as a JSON object;
// other non-blank lines are skipped as "line N" with the reason. With repair_utf8, invalid
// UTF-8 in a line is repaired before parsing instead of making the line malformed. Fails
// only when no line at all is a JSON object (not a JSONL file).
Status ForEachJsonLine(const InputFile& file, RecordSink& sink, bool repair_utf8,
                       const std::function<void(const nlohmann::json& record, size_t line_no)>& on_record);

}  // namespace medoracle
