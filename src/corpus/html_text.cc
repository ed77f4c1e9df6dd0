// HTML fragments to clean text blocks (NGC guideline fields, JATS inline markup).
#include "corpus/html_text.h"

#include <algorithm>
#include <array>
#include <initializer_list>
#include <iterator>

#include "corpus/text.h"

namespace medoracle {
namespace {

constexpr size_t kNpos = std::string_view::npos;
// A pseudo-heading longer than this (bytes) is an emphasised paragraph, not a heading.
constexpr size_t kMaxPseudoHeading = 160;

bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsNameChar(char c) { return IsAlpha(c) || (c >= '0' && c <= '9') || c == '-' || c == ':' || c == '_'; }
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

struct Tag {
  std::string name;  // lower case; empty for comments, <!DOCTYPE>, <?...?>
  bool closing = false;
  bool self_closing = false;
  std::string_view attrs;
};

// Parses the markup that starts at html[i] == '<'. Returns the index just past it, or kNpos
// when the '<' does not start markup and is literal text.
size_t ParseTag(std::string_view html, size_t i, Tag* tag) {
  const size_t n = html.size();
  if (html.substr(i, 4) == "<!--") {
    const size_t e = html.find("-->", i + 4);
    return e == kNpos ? n : e + 3;
  }
  if (i + 1 < n && (html[i + 1] == '!' || html[i + 1] == '?')) {
    const size_t e = html.find('>', i);
    return e == kNpos ? kNpos : e + 1;
  }
  size_t j = i + 1;
  if (j < n && html[j] == '/') {
    tag->closing = true;
    ++j;
  }
  if (j >= n || !IsAlpha(html[j])) return kNpos;
  const size_t name_start = j;
  while (j < n && IsNameChar(html[j])) ++j;
  tag->name = AsciiLower(html.substr(name_start, j - name_start));
  const size_t attr_start = j;
  char quote = 0;
  for (; j < n; ++j) {
    const char c = html[j];
    if (quote != 0) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '>') {
      break;
    }
  }
  if (j >= n) j = html.find('>', attr_start);  // an unbalanced quote: end at the first '>'
  if (j == kNpos) return kNpos;
  std::string_view attrs = html.substr(attr_start, j - attr_start);
  while (!attrs.empty() && IsSpace(attrs.back())) attrs.remove_suffix(1);
  if (!attrs.empty() && attrs.back() == '/') {
    tag->self_closing = true;
    attrs.remove_suffix(1);
  }
  tag->attrs = attrs;
  return j + 1;
}

// The value of attribute name (lower case) in a tag's attribute text, entity-decoded.
std::string GetAttr(std::string_view attrs, std::string_view name) {
  size_t i = 0;
  const size_t n = attrs.size();
  while (i < n) {
    while (i < n && (IsSpace(attrs[i]) || attrs[i] == '/')) ++i;
    const size_t key_start = i;
    while (i < n && !IsSpace(attrs[i]) && attrs[i] != '=' && attrs[i] != '/') ++i;
    const std::string key = AsciiLower(attrs.substr(key_start, i - key_start));
    while (i < n && IsSpace(attrs[i])) ++i;
    std::string_view value;
    if (i < n && attrs[i] == '=') {
      ++i;
      while (i < n && IsSpace(attrs[i])) ++i;
      if (i < n && (attrs[i] == '"' || attrs[i] == '\'')) {
        const char quote = attrs[i++];
        size_t e = attrs.find(quote, i);
        if (e == kNpos) e = n;
        value = attrs.substr(i, e - i);
        i = std::min(n, e + 1);
      } else {
        const size_t v = i;
        while (i < n && !IsSpace(attrs[i])) ++i;
        value = attrs.substr(v, i - v);
      }
    }
    if (key == name) return DecodeEntities(value);
    if (key.empty() && i == key_start) ++i;  // stray character
  }
  return "";
}

bool OneOf(std::string_view name, std::initializer_list<std::string_view> names) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// Elements that end the current block when they open or close (lists, items, cells and
// headings are handled on their own).
bool IsBlockElement(std::string_view name) {
  return OneOf(name, {"p",      "div",     "br",         "hr",         "table",  "thead",   "tbody",
                      "tfoot",  "tr",      "caption",    "blockquote", "pre",    "dl",      "dt",
                      "dd",     "section", "article",    "header",     "footer", "nav",     "aside",
                      "main",   "figure",  "figcaption", "center",     "form",   "address", "fieldset",
                      "legend", "html",    "body",       "head",       "title"});
}

int HeadingNumber(std::string_view name) {
  if (name.size() == 2 && name[0] == 'h' && name[1] >= '1' && name[1] <= '6') return name[1] - '0';
  return 0;
}

// True when decoded text has a character other than whitespace or a no-break space.
bool HasVisibleText(std::string_view text) {
  for (size_t i = 0; i < text.size(); ++i) {
    if (IsSpace(text[i])) continue;
    if (static_cast<unsigned char>(text[i]) == 0xC2 && i + 1 < text.size() &&
        static_cast<unsigned char>(text[i + 1]) == 0xA0) {
      ++i;
      continue;
    }
    return true;
  }
  return false;
}

bool LooksLikeHeading(std::string_view text) {
  if (text.size() > kMaxPseudoHeading) return false;
  if (std::none_of(text.begin(), text.end(), IsAlpha)) return false;
  const char last = text.back();
  return last != '.' && last != ':' && last != ';' && last != ',' && last != '?' && last != '!';
}

// Emphasis bits of text runs.
enum : unsigned { kBold = 1, kItalic = 2, kUnderline = 4 };

class Scanner {
 public:
  std::vector<HtmlBlock> Run(std::string_view html);

 private:
  enum class Container { kItem, kCell };
  struct Open {
    Container kind;
    int list_depth;
    int row;          // cells: their table row
    int column = 0;   // cells: their first column in the row (1-based)
    bool th = false;  // cells: a <th>
  };

  void AddText(std::string_view raw);
  void OpenTag(const Tag& tag);
  void CloseTag(const Tag& tag);
  // Ends the current block; item_end says the enclosing list item ends with it.
  void Flush(bool item_end);
  bool InItem() const { return !containers_.empty() && containers_.back().kind == Container::kItem; }
  bool InCell() const {
    return std::any_of(containers_.begin(), containers_.end(),
                       [](const Open& o) { return o.kind == Container::kCell; });
  }
  // Pops containers down to and including the innermost one of kind, if there is one.
  void PopTo(Container kind);
  void ResetEmphasis() {
    emphasis_.fill(0);
    spans_.clear();
  }

  std::vector<HtmlBlock> blocks_;
  std::string text_;
  bool has_text_ = false;
  unsigned all_bits_ = kBold | kItalic | kUnderline;  // bits set on every visible run
  bool all_emphasised_ = true;                        // every visible run had some bit
  std::array<int, 3> emphasis_{};                     // open bold / italic / underline
  std::vector<unsigned> spans_;                       // bits each open <span> added
  int list_depth_ = 0;
  int heading_ = 0;
  int rows_ = 0;         // table rows opened so far
  int current_row_ = 0;  // the open row, 0 outside rows
  int next_column_ = 1;  // the column the open row's next cell starts at
  std::vector<Open> containers_;
};

void Scanner::AddText(std::string_view raw) {
  if (raw.empty()) return;
  const std::string decoded = DecodeEntities(raw);
  text_ += decoded;
  if (!HasVisibleText(decoded)) return;
  has_text_ = true;
  unsigned bits = 0;
  if (emphasis_[0] > 0) bits |= kBold;
  if (emphasis_[1] > 0) bits |= kItalic;
  if (emphasis_[2] > 0) bits |= kUnderline;
  all_bits_ &= bits;
  all_emphasised_ = all_emphasised_ && bits != 0;
}

void Scanner::Flush(bool item_end) {
  std::string clean = has_text_ ? CollapseWhitespace(SanitizeUtf8(text_)) : std::string();
  if (!clean.empty()) {
    HtmlBlock block;
    const bool in_item = InItem();
    if (heading_ > 0) {
      block.kind = HtmlBlock::kHeading;
      block.level = heading_;
    } else if (all_emphasised_ && all_bits_ != 0 && !InCell() && !(in_item && item_end) &&
               LooksLikeHeading(clean)) {
      block.kind = HtmlBlock::kHeading;
      if ((all_bits_ & kBold) && (all_bits_ & kUnderline))
        block.level = 1;
      else if (all_bits_ & kBold)
        block.level = 2;
      else
        block.level = 3;  // italic or underlined
    } else if (in_item) {
      block.kind = HtmlBlock::kListItem;
      block.level = std::max(1, list_depth_);
    } else {
      block.kind = HtmlBlock::kParagraph;
      block.level = list_depth_;
      if (!containers_.empty() && containers_.back().kind == Container::kCell) {
        block.table_row = containers_.back().row;
        block.table_column = containers_.back().column;
        block.header_cell = containers_.back().th || (all_emphasised_ && all_bits_ != 0);
      }
    }
    block.text = std::move(clean);
    blocks_.push_back(std::move(block));
  }
  text_.clear();
  has_text_ = false;
  all_bits_ = kBold | kItalic | kUnderline;
  all_emphasised_ = true;
}

void Scanner::PopTo(Container kind) {
  const auto it = std::find_if(containers_.rbegin(), containers_.rend(),
                               [kind](const Open& o) { return o.kind == kind; });
  if (it != containers_.rend()) containers_.erase(std::prev(it.base()), containers_.end());
}

void Scanner::OpenTag(const Tag& tag) {
  const std::string& name = tag.name;
  if (const int h = HeadingNumber(name); h > 0) {
    Flush(false);
    heading_ = h;
  } else if (name == "ul" || name == "ol") {
    Flush(false);
    ++list_depth_;
  } else if (name == "li") {
    const bool sibling = InItem() && containers_.back().list_depth == list_depth_;
    Flush(InItem());
    if (sibling) containers_.pop_back();  // the previous <li> was never closed
    ResetEmphasis();
    containers_.push_back({Container::kItem, list_depth_, 0});
  } else if (name == "td" || name == "th") {
    Flush(false);
    if (!containers_.empty() && containers_.back().kind == Container::kCell) containers_.pop_back();
    ResetEmphasis();
    if (current_row_ == 0) {  // a cell outside any <tr>
      current_row_ = ++rows_;
      next_column_ = 1;
    }
    const std::string span = GetAttr(tag.attrs, "colspan");
    int columns = 1;
    if (!span.empty() && std::all_of(span.begin(), span.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
        span.size() <= 3) {
      columns = std::max(1, std::stoi(span));
    }
    containers_.push_back({Container::kCell, list_depth_, current_row_, next_column_, name == "th"});
    next_column_ += columns;
  } else if (IsBlockElement(name)) {
    Flush(false);
    if (name == "tr") {
      while (!containers_.empty() && containers_.back().kind == Container::kCell) containers_.pop_back();
      current_row_ = ++rows_;
      next_column_ = 1;
    }
  } else if (name == "b" || name == "strong") {
    ++emphasis_[0];
  } else if (name == "i" || name == "em") {
    ++emphasis_[1];
  } else if (name == "u") {
    ++emphasis_[2];
  } else if (name == "span") {
    const std::string style = AsciiLower(GetAttr(tag.attrs, "style"));
    unsigned bits = 0;
    if (style.find("underline") != std::string::npos) bits |= kUnderline;
    if (style.find("bold") != std::string::npos) bits |= kBold;
    if (style.find("italic") != std::string::npos) bits |= kItalic;
    if (bits & kBold) ++emphasis_[0];
    if (bits & kItalic) ++emphasis_[1];
    if (bits & kUnderline) ++emphasis_[2];
    spans_.push_back(bits);
  }
}

void Scanner::CloseTag(const Tag& tag) {
  const std::string& name = tag.name;
  auto drop = [this](int index) { emphasis_[index] = std::max(0, emphasis_[index] - 1); };
  if (HeadingNumber(name) > 0) {
    Flush(false);
    heading_ = 0;
    ResetEmphasis();
  } else if (name == "ul" || name == "ol") {
    Flush(InItem());
    while (InItem() && containers_.back().list_depth >= list_depth_) containers_.pop_back();
    list_depth_ = std::max(0, list_depth_ - 1);
  } else if (name == "li") {
    Flush(true);
    PopTo(Container::kItem);
    ResetEmphasis();
  } else if (name == "td" || name == "th") {
    Flush(false);
    PopTo(Container::kCell);
    ResetEmphasis();
  } else if (IsBlockElement(name)) {
    Flush(false);
    if (name == "tr" || name == "table") {
      while (!containers_.empty() && containers_.back().kind == Container::kCell) containers_.pop_back();
      current_row_ = 0;
    }
    if (name == "p" || name == "tr" || name == "table") ResetEmphasis();
  } else if (name == "b" || name == "strong") {
    drop(0);
  } else if (name == "i" || name == "em") {
    drop(1);
  } else if (name == "u") {
    drop(2);
  } else if (name == "span" && !spans_.empty()) {
    const unsigned bits = spans_.back();
    spans_.pop_back();
    if (bits & kBold) drop(0);
    if (bits & kItalic) drop(1);
    if (bits & kUnderline) drop(2);
  }
}

std::vector<HtmlBlock> Scanner::Run(std::string_view html) {
  size_t i = 0;
  size_t text_start = 0;
  while (i < html.size()) {
    if (html[i] != '<') {
      ++i;
      continue;
    }
    Tag tag;
    const size_t end = ParseTag(html, i, &tag);
    if (end == kNpos) {
      ++i;
      continue;
    }
    AddText(html.substr(text_start, i - text_start));
    i = end;
    if (!tag.name.empty()) {
      if (tag.closing) {
        CloseTag(tag);
      } else if (tag.name == "script" || tag.name == "style") {
        // Drop everything up to the matching close tag (or the end of the fragment).
        const std::string lower = AsciiLower(html.substr(i));
        const size_t close = lower.find("</" + tag.name);
        const size_t gt = close == std::string::npos ? kNpos : lower.find('>', close);
        i = gt == kNpos ? html.size() : i + gt + 1;
      } else {
        OpenTag(tag);
        if (tag.self_closing && tag.name != "br" && tag.name != "hr") CloseTag(tag);
      }
    }
    text_start = i;
  }
  AddText(html.substr(text_start));
  Flush(true);
  return std::move(blocks_);
}

}  // namespace

std::vector<HtmlBlock> HtmlToBlocks(std::string_view html) { return Scanner().Run(html); }

std::string HtmlToText(std::string_view html) {
  std::string out;
  for (const HtmlBlock& block : HtmlToBlocks(html)) {
    if (!out.empty()) out += ' ';
    out += block.text;
  }
  return out;
}

std::vector<std::string> HtmlLinks(std::string_view html) {
  std::vector<std::string> links;
  for (size_t i = html.find('<'); i != kNpos; i = html.find('<', i + 1)) {
    Tag tag;
    const size_t end = ParseTag(html, i, &tag);
    if (end == kNpos) continue;
    if (!tag.closing && tag.name == "a") {
      std::string href = CollapseWhitespace(GetAttr(tag.attrs, "href"));
      if (!href.empty()) links.push_back(std::move(href));
    }
    i = end - 1;
  }
  return links;
}

}  // namespace medoracle
