// Text clean-up shared by the readers.
#include "corpus/text.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace medoracle {
namespace {

// Length of the valid UTF-8 sequence starting at text[i], or 0 if it is invalid.
size_t ValidSequenceLength(std::string_view text, size_t i) {
  const auto b0 = static_cast<unsigned char>(text[i]);
  if (b0 < 0x80) return 1;
  size_t len;
  char32_t min;
  if ((b0 & 0xE0) == 0xC0) { len = 2; min = 0x80; }
  else if ((b0 & 0xF0) == 0xE0) { len = 3; min = 0x800; }
  else if ((b0 & 0xF8) == 0xF0) { len = 4; min = 0x10000; }
  else return 0;
  if (i + len > text.size()) return 0;
  char32_t cp = b0 & (0x7F >> len);
  for (size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(text[i + k]);
    if ((b & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return len;
}

const std::unordered_map<std::string_view, char32_t>& NamedEntities() {
  static const auto* table = new std::unordered_map<std::string_view, char32_t>{
      {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''},
      {"nbsp", 0xA0}, {"ensp", 0x2002}, {"emsp", 0x2003}, {"thinsp", 0x2009},
      {"ndash", 0x2013}, {"mdash", 0x2014}, {"lsquo", 0x2018}, {"rsquo", 0x2019},
      {"sbquo", 0x201A}, {"ldquo", 0x201C}, {"rdquo", 0x201D}, {"bdquo", 0x201E},
      {"bull", 0x2022}, {"hellip", 0x2026}, {"prime", 0x2032}, {"Prime", 0x2033},
      {"laquo", 0xAB}, {"raquo", 0xBB}, {"middot", 0xB7}, {"para", 0xB6}, {"sect", 0xA7},
      {"copy", 0xA9}, {"reg", 0xAE}, {"trade", 0x2122}, {"deg", 0xB0}, {"plusmn", 0xB1},
      {"times", 0xD7}, {"divide", 0xF7}, {"micro", 0xB5}, {"frac12", 0xBD}, {"frac14", 0xBC},
      {"frac34", 0xBE}, {"sup1", 0xB9}, {"sup2", 0xB2}, {"sup3", 0xB3}, {"le", 0x2264},
      {"ge", 0x2265}, {"ne", 0x2260}, {"asymp", 0x2248}, {"minus", 0x2212}, {"larr", 0x2190},
      {"rarr", 0x2192}, {"uarr", 0x2191}, {"darr", 0x2193}, {"harr", 0x2194}, {"infin", 0x221E},
      {"dagger", 0x2020}, {"Dagger", 0x2021}, {"permil", 0x2030}, {"euro", 0x20AC},
      {"pound", 0xA3}, {"yen", 0xA5}, {"cent", 0xA2}, {"iexcl", 0xA1}, {"iquest", 0xBF},
      {"shy", 0xAD}, {"ordf", 0xAA}, {"ordm", 0xBA}, {"not", 0xAC}, {"macr", 0xAF},
      {"acute", 0xB4}, {"cedil", 0xB8}, {"uml", 0xA8},
      {"Agrave", 0xC0}, {"Aacute", 0xC1}, {"Acirc", 0xC2}, {"Atilde", 0xC3}, {"Auml", 0xC4},
      {"Aring", 0xC5}, {"AElig", 0xC6}, {"Ccedil", 0xC7}, {"Egrave", 0xC8}, {"Eacute", 0xC9},
      {"Ecirc", 0xCA}, {"Euml", 0xCB}, {"Igrave", 0xCC}, {"Iacute", 0xCD}, {"Icirc", 0xCE},
      {"Iuml", 0xCF}, {"Ntilde", 0xD1}, {"Ograve", 0xD2}, {"Oacute", 0xD3}, {"Ocirc", 0xD4},
      {"Otilde", 0xD5}, {"Ouml", 0xD6}, {"Oslash", 0xD8}, {"Ugrave", 0xD9}, {"Uacute", 0xDA},
      {"Ucirc", 0xDB}, {"Uuml", 0xDC}, {"Yacute", 0xDD}, {"szlig", 0xDF},
      {"agrave", 0xE0}, {"aacute", 0xE1}, {"acirc", 0xE2}, {"atilde", 0xE3}, {"auml", 0xE4},
      {"aring", 0xE5}, {"aelig", 0xE6}, {"ccedil", 0xE7}, {"egrave", 0xE8}, {"eacute", 0xE9},
      {"ecirc", 0xEA}, {"euml", 0xEB}, {"igrave", 0xEC}, {"iacute", 0xED}, {"icirc", 0xEE},
      {"iuml", 0xEF}, {"ntilde", 0xF1}, {"ograve", 0xF2}, {"oacute", 0xF3}, {"ocirc", 0xF4},
      {"otilde", 0xF5}, {"ouml", 0xF6}, {"oslash", 0xF8}, {"ugrave", 0xF9}, {"uacute", 0xFA},
      {"ucirc", 0xFB}, {"uuml", 0xFC}, {"yacute", 0xFD}, {"yuml", 0xFF},
      {"Alpha", 0x391}, {"Beta", 0x392}, {"Gamma", 0x393}, {"Delta", 0x394}, {"Omega", 0x3A9},
      {"alpha", 0x3B1}, {"beta", 0x3B2}, {"gamma", 0x3B3}, {"delta", 0x3B4}, {"epsilon", 0x3B5},
      {"zeta", 0x3B6}, {"eta", 0x3B7}, {"theta", 0x3B8}, {"iota", 0x3B9}, {"kappa", 0x3BA},
      {"lambda", 0x3BB}, {"mu", 0x3BC}, {"nu", 0x3BD}, {"xi", 0x3BE}, {"pi", 0x3C0},
      {"rho", 0x3C1}, {"sigma", 0x3C3}, {"tau", 0x3C4}, {"phi", 0x3C6}, {"chi", 0x3C7},
      {"psi", 0x3C8}, {"omega", 0x3C9},
  };
  return *table;
}

bool IsSpaceAt(std::string_view text, size_t i, size_t* len) {
  const char c = text[i];
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
    *len = 1;
    return true;
  }
  // U+00A0 no-break space.
  if (static_cast<unsigned char>(c) == 0xC2 && i + 1 < text.size() &&
      static_cast<unsigned char>(text[i + 1]) == 0xA0) {
    *len = 2;
    return true;
  }
  return false;
}

}  // namespace

bool IsValidUtf8(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    const size_t len = ValidSequenceLength(text, i);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

std::string SanitizeUtf8(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    // A run of ASCII bytes is appended at once (most of every text is one).
    size_t ascii = i;
    while (ascii < text.size() && static_cast<unsigned char>(text[ascii]) < 0x80) ++ascii;
    if (ascii > i) {
      out.append(text.substr(i, ascii - i));
      i = ascii;
      continue;
    }
    const size_t len = ValidSequenceLength(text, i);
    if (len == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(text.substr(i, len));
      i += len;
    }
  }
  return out;
}

std::string CollapseWhitespace(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  for (size_t i = 0; i < text.size();) {
    size_t len = 0;
    if (IsSpaceAt(text, i, &len)) {
      pending_space = !out.empty();
      i += len;
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    // The bytes up to the next space at once.
    size_t end = i + 1;
    while (end < text.size() && !IsSpaceAt(text, end, &len)) ++end;
    out.append(text.substr(i, end - i));
    i = end;
  }
  return out;
}

void AppendUtf8(char32_t cp, std::string* out) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) || cp == 0) cp = 0xFFFD;
  if (cp < 0x80) {
    *out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    *out += static_cast<char>(0xC0 | (cp >> 6));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    *out += static_cast<char>(0xE0 | (cp >> 12));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    *out += static_cast<char>(0xF0 | (cp >> 18));
    *out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    *out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    *out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::string DecodeEntities(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '&') {
      out += text[i];
      continue;
    }
    const size_t semi = text.find(';', i + 1);
    if (semi == std::string_view::npos || semi - i > 12) {
      out += '&';
      continue;
    }
    std::string_view name = text.substr(i + 1, semi - i - 1);
    char32_t cp = 0;
    bool ok = false;
    if (!name.empty() && name[0] == '#') {
      const bool hex = name.size() > 1 && (name[1] == 'x' || name[1] == 'X');
      std::string_view digits = name.substr(hex ? 2 : 1);
      ok = !digits.empty();
      for (char c : digits) {
        int v;
        if (c >= '0' && c <= '9') v = c - '0';
        else if (hex && c >= 'a' && c <= 'f') v = c - 'a' + 10;
        else if (hex && c >= 'A' && c <= 'F') v = c - 'A' + 10;
        else { ok = false; break; }
        cp = cp * (hex ? 16 : 10) + v;
        if (cp > 0x10FFFF) { ok = false; break; }
      }
    } else {
      const auto& table = NamedEntities();
      auto it = table.find(name);
      if (it != table.end()) {
        cp = it->second;
        ok = true;
      }
    }
    if (!ok) {
      out += '&';
      continue;
    }
    AppendUtf8(cp, &out);
    i = semi;
  }
  return out;
}

size_t CountWords(std::string_view text) {
  // Branch-free: a word starts at each byte that is no space after one that is (or the start).
  size_t words = 0;
  bool after_space = true;
  for (char c : text) {
    const bool space = c == ' ' || c == '\n' || c == '\t';
    words += static_cast<size_t>(after_space && !space);
    after_space = space;
  }
  return words;
}

std::string AsciiLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool ContainsAnyNeedle(std::string_view text, const std::string_view* needles, size_t count) {
  // Which bytes start a needle, and which pairs of bytes (hashed to 256 bits) start one: text is
  // read once, and a needle is compared only where both say one may start and its own first two
  // bytes are there (text.find per needle read text once per needle, and stopped at every space
  // for the many cues that start with one).
  uint64_t first[4] = {0, 0, 0, 0};
  uint64_t pairs[4] = {0, 0, 0, 0};
  size_t shortest = std::string_view::npos;
  auto pair_hash = [](unsigned char a, unsigned char b) { return (a * 31u + b) & 255u; };
  for (size_t k = 0; k < count; ++k) {
    const std::string_view n = needles[k];
    if (n.empty()) return true;  // as text.find("") == 0
    const auto a = static_cast<unsigned char>(n[0]);
    first[a >> 6] |= uint64_t{1} << (a & 63u);
    if (n.size() >= 2) {
      const unsigned h = pair_hash(a, static_cast<unsigned char>(n[1]));
      pairs[h >> 6] |= uint64_t{1} << (h & 63u);
    } else {
      // A one-byte needle matches wherever its byte is: every byte pair passes.
      for (uint64_t& word : pairs) word = ~uint64_t{0};
    }
    shortest = std::min(shortest, n.size());
  }
  if (count == 0 || shortest > text.size()) return false;
  const char* data = text.data();
  const size_t size = text.size();
  for (size_t i = 0; i + shortest <= size; ++i) {
    const auto a = static_cast<unsigned char>(data[i]);
    if (((first[a >> 6] >> (a & 63u)) & 1u) == 0) continue;
    const bool has_next = i + 1 < size;
    if (has_next) {
      const unsigned h = pair_hash(a, static_cast<unsigned char>(data[i + 1]));
      if (((pairs[h >> 6] >> (h & 63u)) & 1u) == 0) continue;
    }
    for (size_t k = 0; k < count; ++k) {
      const std::string_view n = needles[k];
      if (n[0] != data[i] || n.size() > size - i) continue;
      if (n.size() >= 2 && n[1] != data[i + 1]) continue;  // (n fits, so data[i + 1] exists)
      if (std::memcmp(data + i, n.data(), n.size()) == 0) return true;
    }
  }
  return false;
}

namespace {
unsigned NeedleBucket(unsigned char a, unsigned char b) { return (a * 31u + b) & 255u; }
}  // namespace

NeedleSet::NeedleSet(const std::vector<std::vector<std::string_view>>& tables) {
  std::vector<std::vector<Entry>> buckets(256);
  for (size_t t = 0; t < tables.size() && t < 32; ++t) {
    const uint32_t bit = uint32_t{1} << t;
    all_ |= bit;
    for (const std::string_view n : tables[t]) {
      if (n.empty()) {
        empty_ |= bit;
        continue;
      }
      const auto a = static_cast<unsigned char>(n[0]);
      starts_[a] = true;
      shortest_ = std::min(shortest_, n.size());
      if (n.size() == 1) {
        singles_.push_back({n, bit});
      } else {
        buckets[NeedleBucket(a, static_cast<unsigned char>(n[1]))].push_back({n, bit});
      }
    }
  }
  for (size_t b = 0; b < 256; ++b) {
    start_[b] = static_cast<uint32_t>(entries_.size());
    entries_.insert(entries_.end(), buckets[b].begin(), buckets[b].end());
  }
  start_[256] = static_cast<uint32_t>(entries_.size());
}

uint32_t NeedleSet::Scan(std::string_view text, bool first_only) const {
  uint32_t found = empty_;
  if ((found != 0 && first_only) || found == all_ || text.size() < shortest_) return found;
  const char* data = text.data();
  const size_t size = text.size();
  for (size_t i = 0; i + shortest_ <= size; ++i) {
    const auto a = static_cast<unsigned char>(data[i]);
    if (!starts_[a]) continue;
    for (const Entry& e : singles_) {
      if (e.needle[0] == data[i]) found |= e.table_bit;
    }
    if (i + 1 < size) {
      const unsigned b = NeedleBucket(a, static_cast<unsigned char>(data[i + 1]));
      for (uint32_t k = start_[b]; k < start_[b + 1]; ++k) {
        const Entry& e = entries_[k];
        if ((found & e.table_bit) != 0 || e.needle.size() > size - i) continue;
        if (e.needle[0] == data[i] && e.needle[1] == data[i + 1] &&
            std::memcmp(data + i, e.needle.data(), e.needle.size()) == 0) {
          found |= e.table_bit;
        }
      }
    }
    if (found != 0 && (first_only || found == all_)) return found;
  }
  return found;
}

int FirstYear(std::string_view text) {
  auto digit = [&](size_t k) { return k < text.size() && text[k] >= '0' && text[k] <= '9'; };
  for (size_t i = 0; i + 4 <= text.size(); ++i) {
    if ((i > 0 && digit(i - 1)) || !digit(i) || !digit(i + 1) || !digit(i + 2) || !digit(i + 3) ||
        digit(i + 4)) {
      continue;
    }
    return std::stoi(std::string(text.substr(i, 4)));
  }
  return 0;
}

}  // namespace medoracle
