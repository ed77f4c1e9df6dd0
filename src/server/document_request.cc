// Source viewer requests: the document id path segment and the span query (document_request.h).
#include "server/document_request.h"

#include <algorithm>
#include <cstdint>

#include "corpus/text.h"

namespace medoracle::server {
namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decodes text ('+' is not a space in a path). Errors: a '%' not followed by two hex digits.
StatusOr<std::string> PercentDecode(std::string_view text, std::string_view what) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '%') {
      out += text[i];
      continue;
    }
    const int hi = i + 1 < text.size() ? HexValue(text[i + 1]) : -1;
    const int lo = i + 2 < text.size() ? HexValue(text[i + 2]) : -1;
    if (hi < 0 || lo < 0) {
      return Status::InvalidArgument(std::string(what) + " has a bad percent escape at byte " + std::to_string(i) +
                                     " (expected % and two hex digits)");
    }
    out += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return out;
}

// A decimal number of at most 10 digits, at most 2^32-1.
bool ParseOffset(std::string_view digits, uint32_t* out) {
  if (digits.empty() || digits.size() > 10) return false;
  uint64_t value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + static_cast<uint64_t>(c - '0');
  }
  if (value > UINT32_MAX) return false;
  *out = static_cast<uint32_t>(value);
  return true;
}

// Shortens what is quoted back in an error message (the input may be long or binary).
std::string Quote(std::string_view text) {
  std::string shown = SanitizeUtf8(text.substr(0, 40));
  for (char& c : shown) {
    if (static_cast<unsigned char>(c) < 0x20) c = '?';
  }
  return "\"" + shown + (text.size() > 40 ? "..." : "") + "\"";
}

Status ParseSpanList(std::string_view list, std::vector<Span>* spans) {
  while (true) {
    const size_t comma = list.find(',');
    const std::string_view one = list.substr(0, comma);
    const size_t dash = one.find('-');
    Span span;
    if (dash == std::string_view::npos || !ParseOffset(one.substr(0, dash), &span.start) ||
        !ParseOffset(one.substr(dash + 1), &span.end)) {
      return Status::InvalidArgument("span " + Quote(one) +
                                     " is not START-END (two byte offsets up to 4294967295, e.g. span=120-260)");
    }
    if (span.start >= span.end) {
      return Status::InvalidArgument("span " + Quote(one) + " is empty or backwards: START must be below END");
    }
    if (spans->size() == kMaxSpans) {
      return Status::InvalidArgument("more than " + std::to_string(kMaxSpans) + " spans in one request");
    }
    spans->push_back(span);
    if (comma == std::string_view::npos) return Status::Ok();
    list.remove_prefix(comma + 1);
  }
}

}  // namespace

StatusOr<DocumentRequest> ParseDocumentTarget(std::string_view target, std::string_view prefix) {
  const size_t question = target.find('?');
  std::string_view path = target.substr(0, question);
  std::string_view query = question == std::string_view::npos ? std::string_view() : target.substr(question + 1);
  if (path.substr(0, prefix.size()) != prefix) {
    return Status::InvalidArgument("the path must start with " + std::string(prefix));
  }
  path.remove_prefix(prefix.size());
  if (path.empty()) return Status::InvalidArgument("the document id is missing (e.g. " + std::string(prefix) + "pmid%3A123)");
  auto id = PercentDecode(path, "the document id");
  if (!id.ok()) return id.status();
  DocumentRequest request;
  request.doc_id = std::move(id).value();
  const std::string& doc_id = request.doc_id;
  if (doc_id.size() > kMaxDocIdBytes) {
    return Status::InvalidArgument("the document id is longer than " + std::to_string(kMaxDocIdBytes) + " bytes");
  }
  if (!IsValidUtf8(doc_id)) return Status::InvalidArgument("the document id is not valid UTF-8");
  if (std::any_of(doc_id.begin(), doc_id.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; })) {
    return Status::InvalidArgument("the document id contains a control character");
  }
  const size_t colon = doc_id.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == doc_id.size()) {
    return Status::InvalidArgument("the document id " + Quote(doc_id) +
                                   " is not <source>:<id> (e.g. pmid:123, ngc:11288, medquad:NIDDK/0000044#16)");
  }
  // The query: "name=value" pairs joined by '&'; only "span" matters here.
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    const size_t eq = pair.find('=');
    if (pair.substr(0, eq) != "span") continue;
    auto value = PercentDecode(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1), "span");
    if (!value.ok()) return value.status();
    if (Status s = ParseSpanList(*value, &request.spans); !s.ok()) return s;
  }
  std::sort(request.spans.begin(), request.spans.end(),
            [](const Span& a, const Span& b) { return a.start != b.start ? a.start < b.start : a.end < b.end; });
  std::vector<Span> merged;
  for (const Span& s : request.spans) {
    if (!merged.empty() && s.start <= merged.back().end) {
      merged.back().end = std::max(merged.back().end, s.end);
    } else {
      merged.push_back(s);
    }
  }
  request.spans = std::move(merged);
  return request;
}

Status CheckSpans(const Document& doc, const std::vector<Span>& spans) {
  auto continuation = [&doc](uint32_t at) {
    return at < doc.text.size() && (static_cast<unsigned char>(doc.text[at]) & 0xC0) == 0x80;
  };
  for (const Span& s : spans) {
    const std::string name = "span " + std::to_string(s.start) + "-" + std::to_string(s.end);
    if (s.start >= s.end) return Status::InvalidArgument(name + " is empty or backwards");
    if (s.end > doc.text.size()) {
      return Status::InvalidArgument(name + " is outside the document (its text has " +
                                     std::to_string(doc.text.size()) + " bytes)");
    }
    if (continuation(s.start) || continuation(s.end)) {
      return Status::InvalidArgument(name + " does not start and end between characters of the text");
    }
  }
  return Status::Ok();
}

std::string EncodeDocId(std::string_view doc_id) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(doc_id.size() + 8);
  for (char c : doc_id) {
    const auto u = static_cast<unsigned char>(c);
    if ((u >= 'A' && u <= 'Z') || (u >= 'a' && u <= 'z') || (u >= '0' && u <= '9') || c == '-' || c == '.' ||
        c == '_' || c == '~' || c == ':') {
      out += c;
    } else {
      out += '%';
      out += kHex[u >> 4];
      out += kHex[u & 15];
    }
  }
  return out;
}

}  // namespace medoracle::server
