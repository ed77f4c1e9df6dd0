// JSON form of a Document: what `medoracle show --format json` prints and what the index
// stores (docs/formats/document-json.md).
#pragma once

#include <nlohmann/json.hpp>

#include "corpus/document.h"
#include "medoracle/status.h"

namespace medoracle {

// The document as JSON: metadata, "text", "sections" [{label,start,end}] and
// "sentences" [{start,end}], byte offsets into text.
nlohmann::json DocumentToJson(const Document& doc);

// Inverse of DocumentToJson. Errors: kCorruption when a required field is missing or a
// span falls outside the text.
StatusOr<Document> DocumentFromJson(const nlohmann::json& json);

}  // namespace medoracle
