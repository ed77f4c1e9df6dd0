// JSON form of a Document: what `medoracle show --format json` prints and what the index
// stores (docs/formats/document-json.md).
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "corpus/document.h"
#include "corpus/json_scan.h"
#include "medoracle/status.h"

namespace medoracle {

// The document as JSON: metadata, "text", "sections" [{label,start,end}] and
// "sentences" [{start,end}], byte offsets into text.
nlohmann::json DocumentToJson(const Document& doc);

// Inverse of DocumentToJson. Errors: kCorruption when a required field is missing or a
// span falls outside the text.
StatusOr<Document> DocumentFromJson(const nlohmann::json& json);

// Reads the document object at the scanner's position (DocumentToJson's form, as the index
// stores it) straight into *doc, without a JSON tree: the same Document DocumentFromJson gives.
// Returns false, *doc unspecified, whenever it cannot vouch for that (the JSON is not valid, a
// field has an unexpected type, a key repeats, a number is not a plain non-negative integer, a
// span is out of range, a required field is missing): the caller then parses the text with
// nlohmann and DocumentFromJson, which give the document or the error.
// With text_given, *doc arrives holding the text and its sentences (the segment store keeps them
// apart from the JSON, record_format): the JSON must carry neither, and the spans it does carry are
// checked against that text.
bool ScanDocument(JsonScanner* scanner, Document* doc, bool text_given = false);

// DocumentFromJson(nlohmann::json::parse(json)): through ScanDocument when it applies.
// Errors: kCorruption for malformed JSON, and DocumentFromJson's.
StatusOr<Document> DocumentFromJsonText(std::string_view json);

}  // namespace medoracle
