// Request and response values, the router, URL decoding (no network code: see http_listener.cc).
#include "server/http.h"

#include <regex>
#include <strings.h>

namespace medoracle::server {
namespace {

bool SameName(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

bool HttpRequest::has_header(std::string_view name) const { return get_header_value_count(name) > 0; }

std::string HttpRequest::get_header_value(std::string_view name, size_t index) const {
  for (const auto& [key, value] : headers) {
    if (SameName(key, name) && index-- == 0) return value;
  }
  return {};
}

size_t HttpRequest::get_header_value_count(std::string_view name) const {
  size_t n = 0;
  for (const auto& header : headers) n += SameName(header.first, name);
  return n;
}

bool HttpRequest::has_param(std::string_view name) const {
  for (const auto& param : params) {
    if (param.first == name) return true;
  }
  return false;
}

std::string HttpRequest::get_param_value(std::string_view name) const {
  for (const auto& [key, value] : params) {
    if (key == name) return value;
  }
  return {};
}

void HttpResponse::set_content(std::string content, std::string_view content_type) {
  body = std::move(content);
  for (auto it = headers.begin(); it != headers.end();) {
    it = SameName(it->first, "Content-Type") ? headers.erase(it) : it + 1;
  }
  headers.emplace_back("Content-Type", std::string(content_type));
}

void HttpResponse::set_header(std::string_view name, std::string_view value) {
  headers.emplace_back(std::string(name), std::string(value));
}

bool HttpResponse::has_header(std::string_view name) const {
  for (const auto& header : headers) {
    if (SameName(header.first, name)) return true;
  }
  return false;
}

struct Router::Route {
  std::string method;
  std::regex pattern;
  Handler handler;
  Dispatch dispatch;
};

Router::Router() = default;
Router::~Router() = default;
Router::Router(Router&&) noexcept = default;
Router& Router::operator=(Router&&) noexcept = default;

void Router::Get(std::string pattern, Handler handler, Dispatch dispatch) {
  Add("GET", std::move(pattern), std::move(handler), dispatch);
}

void Router::Post(std::string pattern, Handler handler, Dispatch dispatch) {
  Add("POST", std::move(pattern), std::move(handler), dispatch);
}

void Router::Add(std::string method, std::string pattern, Handler handler, Dispatch dispatch) {
  routes_.push_back(std::make_unique<Route>(
      Route{std::move(method), std::regex(pattern, std::regex::ECMAScript | std::regex::optimize), std::move(handler),
            dispatch}));
}

const Router::Route* Router::Find(std::string_view method, const std::string& path,
                                  std::vector<std::string>* matches) const {
  const std::string_view as = method == "HEAD" ? std::string_view("GET") : method;
  std::smatch m;
  for (const auto& route : routes_) {
    if (route->method != as || !std::regex_match(path, m, route->pattern)) continue;
    matches->clear();
    for (const auto& group : m) matches->push_back(group.str());
    return route.get();
  }
  return nullptr;
}

void Router::Call(const Route& route, const HttpRequest& req, HttpResponse& res) { route.handler(req, res); }

Dispatch Router::DispatchOf(const Route& route) { return route.dispatch; }

std::string DecodeUrl(std::string_view s, bool plus_is_space) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '%' && i + 2 < s.size()) {
      const int hi = HexValue(s[i + 1]), lo = HexValue(s[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out += static_cast<char>(hi * 16 + lo);
        i += 2;
        continue;
      }
    }
    out += plus_is_space && c == '+' ? ' ' : c;
  }
  return out;
}

HeaderList ParseQuery(std::string_view query) {
  HeaderList params;
  while (!query.empty()) {
    const size_t amp = query.find('&');
    const std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');
    params.emplace_back(DecodeUrl(pair.substr(0, eq), true),
                        eq == std::string_view::npos ? std::string() : DecodeUrl(pair.substr(eq + 1), true));
  }
  return params;
}

}  // namespace medoracle::server
