// Reader for editorial overviews: Markdown with front matter (docs/formats/overview.md).
#include <algorithm>
#include <iterator>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "corpus/reader.h"
#include "corpus/text.h"

namespace medoracle {
namespace {

using std::string_view;

constexpr size_t kMaxStatementWords = 60;

struct Line {
  string_view text;
  size_t no = 0;
};

std::vector<Line> SplitLines(string_view content) {
  std::vector<Line> lines;
  for (size_t pos = 0, no = 1; pos < content.size(); ++no) {
    size_t end = content.find('\n', pos);
    if (end == string_view::npos) end = content.size();
    string_view text = content.substr(pos, end - pos);
    if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
    lines.push_back({text, no});
    pos = end + 1;
  }
  return lines;
}

bool StartsWith(string_view s, string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

string_view Trim(string_view s) {
  const size_t first = s.find_first_not_of(" \t");
  if (first == string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

// A front-matter value: trimmed, without one pair of surrounding quotes, cleaned.
std::string Value(string_view raw) {
  raw = Trim(raw);
  if (raw.size() >= 2 && (raw.front() == '"' || raw.front() == '\'') && raw.back() == raw.front()) {
    raw = raw.substr(1, raw.size() - 2);
  }
  return CollapseWhitespace(SanitizeUtf8(raw));
}

bool IsDigits(string_view s) { return !s.empty() && s.find_first_not_of("0123456789") == string_view::npos; }

// "low-back-pain": lower-case letters and digits in words joined by single '-'.
bool IsValidSlug(string_view slug) {
  if (slug.empty() || slug.front() == '-' || slug.back() == '-' || slug.find("--") != string_view::npos)
    return false;
  return slug.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") == string_view::npos;
}

bool IsIsoDate(string_view date) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return false;
  if (!IsDigits(date.substr(0, 4)) || !IsDigits(date.substr(5, 2)) || !IsDigits(date.substr(8, 2)))
    return false;
  const int month = std::stoi(std::string(date.substr(5, 2)));
  const int day = std::stoi(std::string(date.substr(8, 2)));
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

// A document id as cited: "<source>:<native id>", no whitespace, commas or brackets.
bool LooksLikeDocId(string_view id) {
  const size_t colon = id.find(':');
  if (colon == 0 || colon == string_view::npos || colon + 1 == id.size()) return false;
  if (id.substr(0, colon).find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_.-") != string_view::npos)
    return false;
  for (char c : id) {
    if (static_cast<unsigned char>(c) <= ' ' || c == ',' || c == '[' || c == ']') return false;
  }
  return true;
}

struct SourceDraft {
  CitedSource source;
  size_t line = 0;
  std::set<std::string> keys;
};

struct FrontMatter {
  std::map<std::string, std::pair<std::string, size_t>> scalars;  // key -> (value, line)
  std::vector<std::string> questions;
  size_t questions_line = 0;
  std::vector<SourceDraft> sources;
  size_t sources_line = 0;
  size_t end_line = 0;  // the closing "---"
};

struct Statement {
  std::string raw;
  size_t line = 0;
};

struct SectionDraft {
  std::string label;
  size_t line = 0;
  std::vector<Statement> statements;
};

class OverviewParser {
 public:
  explicit OverviewParser(const InputFile& file) : path_(file.path), lines_(SplitLines(file.content)) {}

  Status Parse(Document* out) {
    FrontMatter fm;
    if (Status s = ParseFrontMatter(&fm); !s.ok()) return s;
    Document doc;
    if (Status s = CheckFrontMatter(fm, &doc); !s.ok()) return s;
    std::vector<SectionDraft> sections;
    if (Status s = ParseBody(fm.end_line, &sections); !s.ok()) return s;
    return BuildBody(sections, std::move(doc), out);
  }

 private:
  Status Error(size_t line, const std::string& what) const {
    return Status::InvalidArgument(path_ + ":" + std::to_string(line) + ": " + what);
  }

  Status ParseFrontMatter(FrontMatter* fm) {
    if (lines_.empty() || lines_[0].text != "---") {
      return Error(1, "missing front matter (the file must start with a '---' line)");
    }
    if (std::none_of(lines_.begin() + 1, lines_.end(), [](const Line& l) { return l.text == "---"; })) {
      return Error(1, "front matter is not closed by a '---' line");
    }
    enum class List { kNone, kQuestions, kSources } list = List::kNone;
    for (size_t i = 1; i < lines_.size(); ++i) {
      const Line& line = lines_[i];
      const string_view text = line.text;
      if (text == "---") {
        fm->end_line = line.no;
        return Status::Ok();
      }
      if (Trim(text).empty() || StartsWith(Trim(text), "#")) continue;
      if (StartsWith(text, "  - ")) {
        const string_view item = text.substr(4);
        if (list == List::kQuestions) {
          if (std::string q = Value(item); !q.empty()) fm->questions.push_back(std::move(q));
          continue;
        }
        if (list == List::kSources) {
          fm->sources.push_back({});
          fm->sources.back().line = line.no;
          if (Status s = SourceKey(item, line.no, &fm->sources.back()); !s.ok()) return s;
          continue;
        }
        return Error(line.no, "list item outside 'questions' or 'sources'");
      }
      if (StartsWith(text, "    ") && list == List::kSources && !fm->sources.empty()) {
        if (Status s = SourceKey(text.substr(4), line.no, &fm->sources.back()); !s.ok()) return s;
        continue;
      }
      const size_t colon = text.find(':');
      if (colon == string_view::npos || colon == 0 || text[0] == ' ') {
        return Error(line.no, "expected 'key: value' in the front matter");
      }
      const std::string key(text.substr(0, colon));
      const string_view rest = text.substr(colon + 1);
      list = List::kNone;
      if (key == "questions" || key == "sources") {
        if (!Trim(rest).empty()) return Error(line.no, "'" + key + "' must be a list of '  - ' lines");
        size_t& seen = key == "questions" ? fm->questions_line : fm->sources_line;
        if (seen != 0) return Error(line.no, "duplicate key '" + key + "'");
        seen = line.no;
        list = key == "questions" ? List::kQuestions : List::kSources;
        continue;
      }
      static constexpr string_view kScalars[] = {"title", "slug", "audience", "review_status",
                                                 "last_reviewed"};
      if (std::find(std::begin(kScalars), std::end(kScalars), key) == std::end(kScalars)) {
        return Error(line.no, "unknown front matter key '" + key + "'");
      }
      if (!rest.empty() && rest[0] != ' ') return Error(line.no, "expected 'key: value' in the front matter");
      if (!fm->scalars.emplace(key, std::pair{Value(rest), line.no}).second) {
        return Error(line.no, "duplicate key '" + key + "'");
      }
    }
    return Status::Internal("unreachable: front matter end not found");
  }

  Status SourceKey(string_view text, size_t line, SourceDraft* src) const {
    const size_t colon = text.find(':');
    if (colon == string_view::npos || colon == 0) return Error(line, "expected 'key: value' in a source");
    const std::string key(Trim(text.substr(0, colon)));
    const std::string value = Value(text.substr(colon + 1));
    if (!src->keys.insert(key).second) return Error(line, "duplicate key '" + key + "' in a source");
    if (key == "id") {
      if (!LooksLikeDocId(value))
        return Error(line, "source id '" + value + "' is not a document id like ngc:11288");
      src->source.id = value;
    } else if (key == "title") {
      src->source.title = value;
    } else if (key == "publisher") {
      src->source.venue = value;
    } else if (key == "year") {
      if (!IsDigits(value) || value.size() != 4)
        return Error(line, "source year '" + value + "' is not a year");
      src->source.year = std::stoi(value);
    } else if (key == "url") {
      src->source.url = value;
    } else {
      return Error(line, "unknown source key '" + key + "'");
    }
    return Status::Ok();
  }

  Status CheckFrontMatter(const FrontMatter& fm, Document* doc) const {
    const size_t at = fm.end_line;
    for (const char* key : {"title", "slug", "audience", "review_status", "last_reviewed"}) {
      const auto it = fm.scalars.find(key);
      if (it == fm.scalars.end() || it->second.first.empty()) {
        return Error(it == fm.scalars.end() ? at : it->second.second,
                     std::string("missing required key '") + key + "'");
      }
    }
    auto get = [&fm](const char* key) { return fm.scalars.at(key); };
    const auto [slug, slug_line] = get("slug");
    if (!IsValidSlug(slug))
      return Error(slug_line, "bad slug '" + slug + "' (lower-case words joined by '-')");
    const auto [audience, audience_line] = get("audience");
    if (audience != "clinician" && audience != "patient" && audience != "all") {
      return Error(audience_line, "audience must be clinician, patient or all, not '" + audience + "'");
    }
    const auto [status, status_line] = get("review_status");
    if (status != "submitted" && status != "under_review" && status != "approved" && status != "rejected") {
      return Error(status_line, "review_status must be submitted, under_review, approved or rejected, not '" +
                                    status + "'");
    }
    const auto [date, date_line] = get("last_reviewed");
    if (!IsIsoDate(date))
      return Error(date_line, "last_reviewed must be an ISO date YYYY-MM-DD, not '" + date + "'");
    if (fm.questions.empty()) {
      return Error(fm.questions_line != 0 ? fm.questions_line : at,
                   "missing required key 'questions' (one or more)");
    }
    if (fm.sources.empty()) {
      return Error(fm.sources_line != 0 ? fm.sources_line : at,
                   "missing required key 'sources' (one or more)");
    }
    std::set<std::string> ids;
    for (const SourceDraft& src : fm.sources) {
      for (const char* key : {"id", "title", "publisher", "year"}) {
        if (src.keys.count(key) == 0) {
          return Error(src.line, std::string("source is missing required key '") + key + "'");
        }
      }
      if (src.source.title.empty() || src.source.venue.empty()) {
        return Error(src.line, "source '" + src.source.id + "' has an empty title or publisher");
      }
      if (!ids.insert(src.source.id).second)
        return Error(src.line, "source '" + src.source.id + "' is listed twice");
      doc->references.push_back(src.source);
    }
    doc->id = "overview:" + slug;
    doc->source = "overview";
    doc->type = RefType::kEditorialOverview;
    doc->title = get("title").first;
    doc->focus = doc->title;
    doc->venue = "medoracle editorial team";
    doc->year = std::stoi(date.substr(0, 4));
    doc->review_status = status;
    doc->updated = date;
    doc->questions = fm.questions;
    return Status::Ok();
  }

  Status ParseBody(size_t front_matter_end, std::vector<SectionDraft>* sections) const {
    Statement* open = nullptr;  // the statement that the next text line continues
    for (const Line& line : lines_) {
      if (line.no <= front_matter_end) continue;
      const string_view text = Trim(line.text);
      if (text.empty()) {
        open = nullptr;
        continue;
      }
      if (StartsWith(text, "#")) {
        open = nullptr;
        if (StartsWith(line.text, "# ")) continue;  // the title comes from the front matter
        if (!StartsWith(line.text, "## ")) return Error(line.no, "only '## ' headings start sections");
        const std::string label = Value(line.text.substr(3));
        if (label.empty()) return Error(line.no, "empty section heading");
        sections->push_back({label, line.no, {}});
        continue;
      }
      string_view item = text;
      bool starts_item = false;
      if (StartsWith(text, "- ")) {
        item = text.substr(2);
        starts_item = true;
      } else if (const size_t dot = text.find(". ");
                 dot != string_view::npos && dot <= 3 && IsDigits(text.substr(0, dot))) {
        item = text.substr(dot + 2);
        starts_item = true;
      }
      if (starts_item || open == nullptr) {
        if (sections->empty()) return Error(line.no, "text before the first '## ' section heading");
        sections->back().statements.push_back({std::string(item), line.no});
        open = &sections->back().statements.back();
      } else {
        open->raw += ' ';
        open->raw += item;
      }
    }
    if (sections->empty())
      return Error(lines_.empty() ? 1 : lines_.back().no, "no '## ' section in the body");
    for (const SectionDraft& section : *sections) {
      if (section.statements.empty()) return Error(section.line, "section '" + section.label + "' is empty");
    }
    return Status::Ok();
  }

  // Removes the citation markers ("[ngc:11288, ngc:10245]", and the spaces before them)
  // and inline emphasis from raw; *ids receives the cited ids in order, without repeats.
  static std::string StripMarkup(string_view raw, std::vector<std::string>* ids) {
    std::string out;
    for (size_t i = 0; i < raw.size(); ++i) {
      const char c = raw[i];
      if (c == '*' || c == '`') continue;
      if (c == '[') {
        const size_t close = raw.find(']', i);
        std::vector<std::string> found;
        bool marker = close != string_view::npos;
        for (size_t p = i + 1; marker && p <= close;) {
          size_t comma = raw.find(',', p);
          if (comma == string_view::npos || comma > close) comma = close;
          const string_view id = Trim(raw.substr(p, comma - p));
          marker = LooksLikeDocId(id);
          found.emplace_back(id);
          p = comma + 1;
        }
        if (marker) {
          while (!out.empty() && out.back() == ' ') out.pop_back();
          for (std::string& id : found) {
            if (std::find(ids->begin(), ids->end(), id) == ids->end()) ids->push_back(std::move(id));
          }
          i = close;
          continue;
        }
      }
      out += c;
    }
    return CollapseWhitespace(SanitizeUtf8(out));
  }

  Status BuildBody(const std::vector<SectionDraft>& sections, Document doc, Document* out) const {
    std::set<std::string> listed;
    for (const CitedSource& src : doc.references) listed.insert(src.id);
    DocumentBuilder builder(std::move(doc));
    for (const SectionDraft& section : sections) {
      std::vector<std::string> texts;
      std::vector<std::vector<std::string>> cited;
      for (const Statement& statement : section.statements) {
        std::vector<std::string> ids;
        std::string text = StripMarkup(statement.raw, &ids);
        if (ids.empty())
          return Error(statement.line, "statement without a citation: \"" + text.substr(0, 80) + "\"");
        for (const std::string& id : ids) {
          if (!listed.count(id))
            return Error(statement.line, "cites '" + id + "', which is not listed under sources");
        }
        if (text.empty()) return Error(statement.line, "statement has citations but no text");
        size_t words = 0;
        for (size_t k = 0; k < text.size(); ++k) words += text[k] != ' ' && (k == 0 || text[k - 1] == ' ');
        if (words > kMaxStatementWords) {
          return Error(statement.line, "statement has " + std::to_string(words) + " words (at most " +
                                           std::to_string(kMaxStatementWords) + ")");
        }
        texts.push_back(std::move(text));
        cited.push_back(std::move(ids));
      }
      const std::vector<Span> spans = builder.AddSplitSection(section.label, texts);
      for (size_t k = 0; k < spans.size(); ++k)
        builder.doc().citations.push_back({spans[k], std::move(cited[k])});
    }
    *out = builder.Finish();
    return Status::Ok();
  }

  std::string path_;
  std::vector<Line> lines_;
};

}  // namespace

Status ReadOverviewMarkdown(const InputFile& file, RecordSink& sink) {
  Document doc;
  if (Status s = OverviewParser(file).Parse(&doc); !s.ok()) return s;
  sink.OnDocument(std::move(doc));
  return Status::Ok();
}

}  // namespace medoracle
