// A strict JSON reader that walks JSON text in place (see json_scan.h).
#include "corpus/json_scan.h"

#include <cstring>

namespace medoracle {
namespace {

// What a byte is inside a JSON string: 0 plain ASCII, copied as is; 1 '"'; 2 '\\'; 3 a control
// character (not allowed raw); 4 the lead byte of a multi-byte UTF-8 sequence (or invalid).
struct StringBytes {
  unsigned char kind[256];
  constexpr StringBytes() : kind() {
    for (int c = 0; c < 256; ++c) kind[c] = c < 0x20 ? 3 : c >= 0x80 ? 4 : 0;
    kind[static_cast<unsigned char>('"')] = 1;
    kind[static_cast<unsigned char>('\\')] = 2;
  }
};
constexpr StringBytes kStringBytes;

// Length of the well-formed UTF-8 sequence at p (before end), or 0: the ranges of RFC 3629
// (no overlong forms, no surrogates, nothing above U+10FFFF), which nlohmann's lexer enforces.
size_t Utf8Length(const unsigned char* p, const unsigned char* end) {
  const unsigned char b = p[0];
  auto in = [](unsigned char c, unsigned char lo, unsigned char hi) { return c >= lo && c <= hi; };
  const size_t left = static_cast<size_t>(end - p);
  if (in(b, 0xC2, 0xDF)) return left >= 2 && in(p[1], 0x80, 0xBF) ? 2 : 0;
  if (b == 0xE0) return left >= 3 && in(p[1], 0xA0, 0xBF) && in(p[2], 0x80, 0xBF) ? 3 : 0;
  if (in(b, 0xE1, 0xEC) || in(b, 0xEE, 0xEF)) return left >= 3 && in(p[1], 0x80, 0xBF) && in(p[2], 0x80, 0xBF) ? 3 : 0;
  if (b == 0xED) return left >= 3 && in(p[1], 0x80, 0x9F) && in(p[2], 0x80, 0xBF) ? 3 : 0;
  if (b == 0xF0) {
    return left >= 4 && in(p[1], 0x90, 0xBF) && in(p[2], 0x80, 0xBF) && in(p[3], 0x80, 0xBF) ? 4 : 0;
  }
  if (in(b, 0xF1, 0xF3)) {
    return left >= 4 && in(p[1], 0x80, 0xBF) && in(p[2], 0x80, 0xBF) && in(p[3], 0x80, 0xBF) ? 4 : 0;
  }
  if (b == 0xF4) {
    return left >= 4 && in(p[1], 0x80, 0x8F) && in(p[2], 0x80, 0xBF) && in(p[3], 0x80, 0xBF) ? 4 : 0;
  }
  return 0;
}

void AppendCodePoint(uint32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

bool Digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

char JsonScanner::Peek() {
  SkipSpace();
  return p_ == end_ ? '\0' : *p_;
}

bool JsonScanner::AtEnd() {
  SkipSpace();
  return p_ == end_;
}

bool JsonScanner::NextKey(std::string* key, bool* done) {
  SkipSpace();
  if (p_ == end_) return false;
  if (first_) {
    first_ = false;
    if (*p_ == '}') {
      ++p_;
      *done = true;
      return true;
    }
  } else if (*p_ == '}') {
    ++p_;
    *done = true;
    return true;
  } else if (*p_ == ',') {
    ++p_;
    SkipSpace();
    if (p_ == end_) return false;
  } else {
    return false;
  }
  *done = false;
  if (*p_ != '"') return false;  // (also no '}' right after a ',')
  ++p_;
  key->clear();
  return StringBody(key) && Consume(':');
}

bool JsonScanner::NextElement(bool* done) {
  SkipSpace();
  if (p_ == end_) return false;
  if (first_) {
    first_ = false;
    if (*p_ == ']') {
      ++p_;
      *done = true;
      return true;
    }
  } else if (*p_ == ']') {
    ++p_;
    *done = true;
    return true;
  } else if (*p_ == ',') {
    ++p_;
    SkipSpace();
    if (p_ == end_ || *p_ == ']') return false;  // no ']' right after a ','
  } else {
    return false;
  }
  *done = false;
  return true;
}

bool JsonScanner::String(std::string* out) {
  if (!Consume('"')) return false;
  out->clear();
  return StringBody(out);
}

bool JsonScanner::StringBody(std::string* out) {
  const auto* p = reinterpret_cast<const unsigned char*>(p_);
  const auto* end = reinterpret_cast<const unsigned char*>(end_);
  while (true) {
    const unsigned char* run = p;
    while (p < end && kStringBytes.kind[*p] == 0) ++p;
    if (out != nullptr && p > run) out->append(reinterpret_cast<const char*>(run), static_cast<size_t>(p - run));
    if (p == end) return false;
    switch (kStringBytes.kind[*p]) {
      case 1: p_ = reinterpret_cast<const char*>(p + 1); return true;
      case 3: return false;
      case 4: {
        const size_t n = Utf8Length(p, end);
        if (n == 0) return false;
        if (out != nullptr) out->append(reinterpret_cast<const char*>(p), n);
        p += n;
        break;
      }
      default: {  // an escape
        if (end - p < 2) return false;
        const char e = static_cast<char>(p[1]);
        p += 2;
        char c = 0;
        switch (e) {
          case '"': c = '"'; break;
          case '\\': c = '\\'; break;
          case '/': c = '/'; break;
          case 'b': c = '\b'; break;
          case 'f': c = '\f'; break;
          case 'n': c = '\n'; break;
          case 'r': c = '\r'; break;
          case 't': c = '\t'; break;
          case 'u': {
            p_ = reinterpret_cast<const char*>(p);
            uint32_t cp = 0;
            if (!Hex4(&cp)) return false;
            if (cp >= 0xDC00 && cp <= 0xDFFF) return false;  // a low surrogate alone
            if (cp >= 0xD800 && cp <= 0xDBFF) {
              uint32_t low = 0;
              if (end_ - p_ < 2 || p_[0] != '\\' || p_[1] != 'u') return false;
              p_ += 2;
              if (!Hex4(&low) || low < 0xDC00 || low > 0xDFFF) return false;
              cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            }
            if (out != nullptr) AppendCodePoint(cp, out);
            p = reinterpret_cast<const unsigned char*>(p_);
            continue;
          }
          default: return false;
        }
        if (out != nullptr) out->push_back(c);
        break;
      }
    }
  }
}

bool JsonScanner::Hex4(uint32_t* out) {
  if (end_ - p_ < 4) return false;
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) {
    const char c = *p_++;
    v <<= 4;
    if (c >= '0' && c <= '9') {
      v |= static_cast<uint32_t>(c - '0');
    } else if (c >= 'a' && c <= 'f') {
      v |= static_cast<uint32_t>(c - 'a' + 10);
    } else if (c >= 'A' && c <= 'F') {
      v |= static_cast<uint32_t>(c - 'A' + 10);
    } else {
      return false;
    }
  }
  *out = v;
  return true;
}

bool JsonScanner::Unsigned(uint64_t* out) {
  SkipSpace();
  const char* start = p_;
  uint64_t v = 0;
  while (p_ < end_ && Digit(*p_)) v = v * 10 + static_cast<uint64_t>(*p_++ - '0');
  const size_t digits = static_cast<size_t>(p_ - start);
  if (digits == 0 || digits > 19 || (digits > 1 && *start == '0')) return false;
  if (p_ < end_ && (*p_ == '.' || *p_ == 'e' || *p_ == 'E')) return false;  // not an integer
  *out = v;
  return true;
}

bool JsonScanner::Bool(bool* out) {
  SkipSpace();
  if (Literal("true")) {
    *out = true;
    return true;
  }
  if (Literal("false")) {
    *out = false;
    return true;
  }
  return false;
}

bool JsonScanner::Literal(std::string_view word) {
  if (static_cast<size_t>(end_ - p_) < word.size() || std::memcmp(p_, word.data(), word.size()) != 0) return false;
  p_ += word.size();
  return true;
}

bool JsonScanner::SkipNumber() {
  if (p_ < end_ && *p_ == '-') ++p_;
  if (p_ == end_ || !Digit(*p_)) return false;
  if (*p_ == '0') {
    ++p_;
  } else {
    while (p_ < end_ && Digit(*p_)) ++p_;
  }
  if (p_ < end_ && *p_ == '.') {
    ++p_;
    if (p_ == end_ || !Digit(*p_)) return false;
    while (p_ < end_ && Digit(*p_)) ++p_;
  }
  if (p_ < end_ && (*p_ == 'e' || *p_ == 'E')) {
    ++p_;
    if (p_ < end_ && (*p_ == '+' || *p_ == '-')) ++p_;
    if (p_ == end_ || !Digit(*p_)) return false;
    while (p_ < end_ && Digit(*p_)) ++p_;
  }
  return true;
}

bool JsonScanner::SkipValue(int depth) {
  SkipSpace();
  if (p_ == end_) return false;
  switch (*p_) {
    case '"': ++p_; return StringBody(nullptr);
    case 't': return Literal("true");
    case 'f': return Literal("false");
    case 'n': return Literal("null");
    case '{': {
      if (depth >= kMaxDepth) return false;
      ++p_;
      first_ = true;
      std::string key;
      for (bool done = false;;) {
        if (!NextKey(&key, &done)) return false;
        if (done) return true;
        if (!SkipValue(depth + 1)) return false;
      }
    }
    case '[': {
      if (depth >= kMaxDepth) return false;
      ++p_;
      first_ = true;
      for (bool done = false;;) {
        if (!NextElement(&done)) return false;
        if (done) return true;
        if (!SkipValue(depth + 1)) return false;
      }
    }
    default: return SkipNumber();
  }
}

}  // namespace medoracle
