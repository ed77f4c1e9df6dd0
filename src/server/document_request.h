// Parsing the source viewer's requests: a percent-encoded document id in the URL path
// (/d/{doc_id}, /api/documents/{doc_id}) and the highlighted spans of its query (?span=START-END).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "corpus/document.h"
#include "medoracle/status.h"

namespace medoracle::server {

// Limits on what a request may ask for.
inline constexpr size_t kMaxDocIdBytes = 512;  // decoded; real ids are well under 100 bytes
inline constexpr size_t kMaxSpans = 64;        // highlighted spans in one request

// What a source-viewer request asks for.
struct DocumentRequest {
  std::string doc_id;       // decoded, e.g. "medquad:NIDDK/0000044#16"
  std::vector<Span> spans;  // sorted by start; overlapping or touching spans merged
};

// Parses a request target exactly as sent (path and query, not yet percent-decoded), e.g.
// "/d/medquad%3ANIDDK%2F0000044%2316?span=120-260&span=300-420", whose path must start with
// prefix ("/d/" or "/api/documents/"). The id is the rest of the path, percent-decoded once ('+'
// stays '+'; an unencoded '/' is kept, so "/d/medquad:NIDDK/0000044%2316" works too). Spans come
// from every "span" parameter of the query, each "START-END" (UTF-8 byte offsets, START < END) or
// several of them comma-separated; other parameters are ignored. Errors (kInvalidArgument, the
// message naming the fault): the path does not start with prefix; an empty id, one longer than
// kMaxDocIdBytes, a bad escape ("%4", "%zz"), a control character, invalid UTF-8, or no
// "<source>:" prefix; a span that is not two numbers joined by '-', a number above 4294967295, a
// span with START >= END, more than kMaxSpans spans.
StatusOr<DocumentRequest> ParseDocumentTarget(std::string_view target, std::string_view prefix);

// Checks spans against doc: each must end within doc.text and start and end on UTF-8 character
// boundaries. Errors (kInvalidArgument): the first span that does not, with the text's length.
Status CheckSpans(const Document& doc, const std::vector<Span>& spans);

// The percent-encoded form of a document id for a URL path segment: every byte outside
// A-Z a-z 0-9 and "-._~:" as %XX (so '/', '#', '?' and '%' are encoded). ParseDocumentTarget
// decodes it back.
std::string EncodeDocId(std::string_view doc_id);

}  // namespace medoracle::server
