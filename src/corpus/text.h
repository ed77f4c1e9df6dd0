// Text clean-up shared by the readers: UTF-8 repair, whitespace, HTML/XML entities.
#pragma once

#include <string>
#include <string_view>

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

// Appends the UTF-8 encoding of code point cp to out (invalid code points become U+FFFD).
void AppendUtf8(char32_t cp, std::string* out);

}  // namespace medoracle
