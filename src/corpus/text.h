// Text clean-up shared by the readers: UTF-8 repair, whitespace, HTML/XML entities.
#pragma once

#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace medoracle {

// True when text is well-formed UTF-8 (no overlongs, surrogates or truncated sequences).
bool IsValidUtf8(std::string_view text);

// Returns text with every invalid UTF-8 byte sequence replaced by U+FFFD.
std::string SanitizeUtf8(std::string_view text);

// Collapses runs of ASCII whitespace and no-break spaces (U+00A0) into one space and
// trims both ends. This is the "whitespace normalisation" used to compare a statement
// with its source span.
std::string CollapseWhitespace(std::string_view text);

// Decodes HTML/XML character references: named (&amp; &lt; &gt; &quot; &apos; &nbsp;
// and the common Latin-1/Greek/typographic names) and numeric (&#233; &#xE9;).
// Unknown references are kept as written.
std::string DecodeEntities(std::string_view text);

// Lower-cases ASCII letters; other bytes are kept.
std::string AsciiLower(std::string_view text);

// Number of words: runs of characters other than space, tab and newline ("mg/kg/day" is one).
size_t CountWords(std::string_view text);

// True when text contains any of the count needles (exact bytes; an empty needle is in every
// text). One pass over text whatever the number of needles (ContainsAnyOf's engine).
bool ContainsAnyNeedle(std::string_view text, const std::string_view* needles, size_t count);

// True when text contains any of needles (exact bytes; callers lower-case both sides).
// Needles held contiguously (std::array or std::vector of std::string_view, the cue tables)
// are searched in one pass over text; others one needle at a time.
template <typename Needles>
bool ContainsAnyOf(std::string_view text, const Needles& needles) {
  if constexpr (std::is_convertible_v<decltype(std::data(needles)), const std::string_view*>) {
    return ContainsAnyNeedle(text, std::data(needles), std::size(needles));
  } else {
    for (std::string_view n : needles) {
      if (text.find(n) != std::string_view::npos) return true;
    }
    return false;
  }
}

// Cue tables asked of many texts, prepared once: the needles sorted into buckets by their first
// two bytes, so a search reads the text once and compares at each position only the needles that
// start with the two bytes there (ContainsAnyOf re-reads its table on every call and compares every
// needle wherever one may start). Several tables can share a set: Which says in one pass which of
// them occur. Answers exactly as a find per needle (an empty needle is in every text). Immutable
// once made; thread-safe. Meant for function-local statics.
class NeedleSet {
 public:
  // tables: at most 32 lists of needles (exact bytes).
  explicit NeedleSet(const std::vector<std::vector<std::string_view>>& tables);
  // True when any needle of any table is in text.
  bool In(std::string_view text) const { return Scan(text, true) != 0; }
  // Bit t set when a needle of table t is in text.
  uint32_t Which(std::string_view text) const { return Scan(text, false); }

 private:
  struct Entry {
    std::string_view needle;
    uint32_t table_bit;
  };
  uint32_t Scan(std::string_view text, bool first_only) const;
  bool starts_[256] = {};             // bytes that start a needle
  uint32_t start_[257] = {};          // bucket b's entries: entries_[start_[b], start_[b + 1])
  std::vector<Entry> entries_;        // needles of two bytes or more, by bucket
  std::vector<Entry> singles_;        // one-byte needles
  uint32_t empty_ = 0;                // tables holding an empty needle
  uint32_t all_ = 0;                  // every table's bit
  size_t shortest_ = SIZE_MAX;        // of the non-empty needles
};

// The first stand-alone run of four ASCII digits as a number ("1978 Jul-Sep" -> 1978), or 0.
int FirstYear(std::string_view text);

// Appends the UTF-8 encoding of code point cp to out (invalid code points become U+FFFD).
void AppendUtf8(char32_t cp, std::string* out);

// Calls on_line(line, line_no) for each line of text, numbered from 1, without its "\n" and,
// with strip_cr, without a '\r' before it. A final line without "\n" counts; an empty text
// has no lines.
template <typename OnLine>
void ForEachLine(std::string_view text, OnLine on_line, bool strip_cr = true) {
  size_t line_no = 0;
  for (size_t pos = 0; pos < text.size();) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    if (strip_cr && !line.empty() && line.back() == '\r') line.remove_suffix(1);
    on_line(line, ++line_no);
    pos = end + 1;
  }
}

}  // namespace medoracle
