// A strict, allocation-light JSON reader that walks JSON text in place (no tree), for the hot
// paths that read stored JSON (documents and passages in the index): the caller pulls the
// values it expects and skips the rest. Any input it does not accept is left to nlohmann.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace medoracle {

// Reads one JSON text front to back. Every method returns false when the input is not what
// was asked for or is not valid JSON there (RFC 8259, with nlohmann's rules: UTF-8 checked,
// surrogate escapes paired); the scanner is then in no defined position, and the caller is
// expected to give up (and parse the text with nlohmann, which gives the error). It accepts
// a subset only: numbers it returns must be non-negative integers without fraction or
// exponent (others can still be skipped), and nesting deeper than kMaxDepth is refused.
// Whitespace between tokens is skipped.
class JsonScanner {
 public:
  static constexpr int kMaxDepth = 200;

  explicit JsonScanner(std::string_view json) : p_(json.data()), end_(json.data() + json.size()) {}

  // Consumes '{'. Then call NextKey until it sets *done.
  bool BeginObject() {
    first_ = Consume('{');
    return first_;
  }
  // The next member's key (after the ',' if any), and its ':'; or *done = true when the object
  // ends here ('}' consumed).
  bool NextKey(std::string* key, bool* done);
  // Consumes '['. Then call NextElement until it sets *done.
  bool BeginArray() {
    first_ = Consume('[');
    return first_;
  }
  // Positions before the next element (after the ',' if any); or *done = true when the array
  // ends here (']' consumed).
  bool NextElement(bool* done);

  // A string value, unescaped, into *out (replacing it).
  bool String(std::string* out);
  // A non-negative integer of at most 19 digits, without fraction or exponent.
  bool Unsigned(uint64_t* out);
  // true or false.
  bool Bool(bool* out);
  // Any one value (object, array, string, number, true, false, null), checked and dropped.
  bool Skip() { return SkipValue(0); }

  // True when only whitespace remains.
  bool AtEnd();
  // The next non-whitespace byte without consuming it ('\0' at the end of the input).
  char Peek();

 private:
  void SkipSpace() {
    while (p_ < end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t')) ++p_;
  }
  bool Consume(char c) {
    SkipSpace();
    if (p_ == end_ || *p_ != c) return false;
    ++p_;
    return true;
  }
  bool SkipValue(int depth);
  bool SkipNumber();
  bool Literal(std::string_view word);
  // Reads a string's body after its opening quote; appends the unescaped bytes to out unless
  // out is null.
  bool StringBody(std::string* out);
  bool Hex4(uint32_t* out);

  const char* p_;
  const char* end_;
  bool first_ = false;  // the next NextKey / NextElement is the container's first
};

}  // namespace medoracle
