// A small blocking HTTP client (libcurl) for the connectors: one request, bounded in time and size.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "medoracle/status.h"

namespace medoracle::net {

struct HttpRequest {
  std::string method = "GET";  // "GET" or "POST"
  std::string url;             // http:// or https:// only
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;                    // sent with POST
  double timeout_seconds = 30;         // the whole request, connect to last byte
  double connect_timeout_seconds = 10;
  uint64_t max_body_bytes = 1ull << 30;  // a longer response body fails the request
};

struct HttpResponse {
  int status = 0;               // the HTTP status code
  std::string body;             // decoded (gzip/deflate Content-Encoding is undone)
  std::string content_type;
  std::string retry_after;      // the Retry-After header, when sent
};

// Sends request and waits for the whole response. Any HTTP status is a response (the caller
// decides what a 404 or 429 means). Errors: kInvalidArgument for a URL that is not http(s);
// kIoError naming the URL and the reason when no complete response arrived: connection refused,
// timed out after timeout_seconds, a body shorter than its Content-Length (truncated), a body
// over max_body_bytes.
StatusOr<HttpResponse> Fetch(const HttpRequest& request);

// Percent-encodes text for a URL query value (RFC 3986 unreserved characters kept).
std::string UrlEncode(std::string_view text);

// base + "/" + path, with exactly one slash between them.
std::string JoinUrl(std::string_view base, std::string_view path);

}  // namespace medoracle::net
