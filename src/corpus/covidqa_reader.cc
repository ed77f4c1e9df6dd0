// Reader for COVID-QA (SQuAD-format) papers: one document per paragraph entry (a whole paper).
//
// Most contexts are CORD-19 dumps: a title line, the URL, "SHA:", "Authors:", "Date:",
// "DOI:", "License:" lines, then "Abstract: ..." and "Text: ..." paragraphs separated by
// blank lines. That header becomes metadata; the paragraphs become sections. Other
// contexts (PDF or web extractions) keep all their text; their first line is the title
// when it looks like one. Answers are found again by string search, not by answer_start
// (which counts code points): collapsing whitespace inside a paragraph keeps every answer
// that does not cross a blank line findable in Document::text.
#include <algorithm>
#include <cstdlib>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include <nlohmann/json.hpp>

#include "corpus/json_util.h"
#include "corpus/reader.h"
#include "corpus/text.h"

namespace medoracle {
namespace {

using nlohmann::json;

bool StartsWith(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

std::string_view Trim(std::string_view s) {
  const size_t start = s.find_first_not_of(" \t\r\f\v");
  if (start == std::string_view::npos) return {};
  return s.substr(start, s.find_last_not_of(" \t\r\f\v") - start + 1);
}

std::vector<std::string_view> Lines(std::string_view text) {
  std::vector<std::string_view> lines;
  for (size_t pos = 0; pos <= text.size();) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    lines.push_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  return lines;
}

// Paragraphs of text: runs of non-blank lines, as slices of text (inner newlines kept).
std::vector<std::string_view> Paragraphs(std::string_view text) {
  std::vector<std::string_view> paragraphs;
  const char* start = nullptr;
  const char* end = nullptr;
  for (std::string_view line : Lines(text)) {
    if (Trim(line).empty()) {
      if (start != nullptr) paragraphs.emplace_back(start, end - start);
      start = nullptr;
      continue;
    }
    if (start == nullptr) start = line.data();
    end = line.data() + line.size();
  }
  if (start != nullptr) paragraphs.emplace_back(start, end - start);
  return paragraphs;
}

// True when line is "Key: value" (the space after the colon is optional); sets *value.
bool KeyValue(std::string_view line, std::string_view key, std::string* value) {
  if (!StartsWith(line, key) || line.substr(key.size(), 1) != ":") return false;
  *value = std::string(Trim(line.substr(key.size() + 1)));
  return true;
}

// "2012-10-31" -> 2012; 0 unless line starts with a plausible year.
int YearOf(std::string_view line) {
  if (line.size() < 4 || line.substr(0, 4).find_first_not_of("0123456789") != std::string_view::npos) {
    return 0;
  }
  const int year = std::atoi(std::string(line.substr(0, 4)).c_str());
  return year >= 1800 && year <= 2100 ? year : 0;
}

bool IsIsoDate(std::string_view line) {
  return line.size() == 10 && YearOf(line) != 0 && line[4] == '-' && line[7] == '-';
}

std::vector<std::string> SplitAuthors(std::string_view list) {
  std::vector<std::string> authors;
  for (size_t pos = 0; pos <= list.size();) {
    size_t end = list.find(';', pos);
    if (end == std::string_view::npos) end = list.size();
    std::string name = CollapseWhitespace(SanitizeUtf8(list.substr(pos, end - pos)));
    if (!name.empty()) authors.push_back(std::move(name));
    pos = end + 1;
  }
  return authors;
}

// A first line worth showing as a title: not a URL, not a paragraph of prose.
std::string TitleFrom(std::string_view line) {
  std::string title = CollapseWhitespace(SanitizeUtf8(line));
  while (!title.empty() && (title.back() == ',' || title.back() == ';')) title.pop_back();
  const bool has_letter = std::any_of(
      title.begin(), title.end(), [](char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); });
  if (title.size() > 300 || StartsWith(title, "http") || !has_letter) return "";
  return title;
}

// Index of the CORD-19 "Abstract:" paragraph when paragraphs [1, index) are a CORD-19
// metadata header (they have a "DOI:" line); 0 when the context has no such header.
size_t CordHeaderEnd(const std::vector<std::string_view>& paragraphs) {
  for (size_t i = 1; i < paragraphs.size() && i < 8; ++i) {
    if (!StartsWith(paragraphs[i], "Abstract:")) continue;
    for (size_t k = 1; k < i; ++k) {
      for (std::string_view line : Lines(paragraphs[k])) {
        if (StartsWith(Trim(line), "DOI:")) return i;
      }
    }
    return 0;
  }
  return 0;
}

// Fills url, authors, year and doi from the header lines between the title and the abstract.
void ParseCordHeader(const std::vector<std::string_view>& header, Document* doc) {
  std::vector<std::string_view> lines;
  for (std::string_view paragraph : header) {
    for (std::string_view line : Lines(paragraph)) lines.push_back(Trim(line));
  }
  std::string value;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string_view line = lines[i];
    if (StartsWith(line, "http")) {
      if (doc->url.empty()) doc->url = std::string(line);
    } else if (KeyValue(line, "Authors", &value)) {
      doc->authors = SplitAuthors(value);
    } else if (KeyValue(line, "Date", &value)) {
      doc->year = YearOf(value);
    } else if (KeyValue(line, "DOI", &value)) {
      for (std::string_view prefix : {"https://doi.org/", "http://dx.doi.org/", "doi:"}) {
        if (StartsWith(value, prefix)) value.erase(0, prefix.size());
      }
      doc->doi = value;
    } else if (IsIsoDate(line)) {
      // Older dumps have bare "Last, First; ..." and "2014-05-07" lines.
      doc->year = YearOf(line);
      if (doc->authors.empty() && i > 0 && lines[i - 1].find(':') == std::string_view::npos &&
          !StartsWith(lines[i - 1], "http")) {
        doc->authors = SplitAuthors(lines[i - 1]);
      }
    }
  }
}

// Builds the document of one SQuAD paragraph entry whose id is known.
Document BuildDocument(const std::string& native_id, const json& entry) {
  Document doc;
  doc.id = "covidqa:" + native_id;
  doc.source = "covidqa";
  doc.type = RefType::kOther;
  if (const auto qas = entry.find("qas"); qas != entry.end() && qas->is_array()) {
    for (const json& qa : *qas) {
      if (!qa.is_object()) continue;
      std::string question = CollapseWhitespace(SanitizeUtf8(StringOf(qa, "question")));
      if (!question.empty() &&
          std::find(doc.questions.begin(), doc.questions.end(), question) == doc.questions.end()) {
        doc.questions.push_back(std::move(question));
      }
    }
  }

  const std::string context = StringOf(entry, "context");
  const std::vector<std::string_view> paragraphs = Paragraphs(context);
  size_t body = 0;
  if (!paragraphs.empty()) {
    if (const size_t header_end = CordHeaderEnd(paragraphs); header_end != 0) {
      doc.title = TitleFrom(paragraphs[0]);
      ParseCordHeader({paragraphs.begin() + 1, paragraphs.begin() + header_end}, &doc);
      body = header_end;
    } else {
      const std::vector<std::string_view> first_lines = Lines(paragraphs[0]);
      // A title wrapped at a hyphen ("the impact of non-\npharmaceutical ...") is rejoined.
      const bool wrapped = first_lines.size() > 1 && Trim(first_lines[0]).ends_with('-');
      doc.title = TitleFrom(wrapped ? std::string(Trim(first_lines[0])) + std::string(Trim(first_lines[1]))
                                    : std::string(first_lines[0]));
      // A title standing alone is not repeated in the text; one run into more lines is kept.
      if (!doc.title.empty() && first_lines.size() == 1) body = 1;
      for (std::string_view line : Lines(std::string_view(context).substr(0, 2000))) {
        if (StartsWith(Trim(line), "http")) {
          doc.url = std::string(Trim(line));
          break;
        }
      }
    }
  }

  DocumentBuilder builder(std::move(doc));
  std::string_view label = "Full text";
  for (size_t i = body; i < paragraphs.size(); ++i) {
    std::string_view text = paragraphs[i];
    if (StartsWith(text, "Abstract:")) {
      label = "Abstract";
      text.remove_prefix(9);
    } else if (StartsWith(text, "Text:")) {
      label = "Full text";
      text.remove_prefix(5);
    }
    if (Trim(text) == "nan") continue;  // CORD-19's missing abstract
    builder.AddSection(label, text);
  }
  return builder.Finish();
}

}  // namespace

Status ReadCovidqaJson(const InputFile& file, RecordSink& sink) {
  json root;
  if (Status parsed = ParseJsonFile(file, &root); !parsed.ok()) return parsed;
  const json* data = nullptr;
  if (root.is_object()) {
    if (const auto it = root.find("data"); it != root.end() && it->is_array()) data = &*it;
  }
  if (data == nullptr) {
    return Status::Corruption(file.path + ": not a SQuAD-format file (no top-level \"data\" array)");
  }

  std::unordered_set<std::string> seen;
  size_t record = 0;
  for (const json& article : *data) {
    const auto paragraphs = article.find("paragraphs");  // end() for a non-object
    if (paragraphs == article.end() || !paragraphs->is_array()) {
      sink.OnSkip({file.path, "record " + std::to_string(++record), "data entry without a paragraphs array"});
      continue;
    }
    for (const json& entry : *paragraphs) {
      const std::string where = "record " + std::to_string(++record);
      const std::string native_id = entry.is_object() ? IdOf(entry.value("document_id", json())) : "";
      if (native_id.empty()) {
        sink.OnSkip({file.path, where, "no document_id"});
        continue;
      }
      const std::string id = "covidqa:" + native_id;
      if (!seen.insert(native_id).second) {
        sink.OnSkip({file.path, id, "document_id repeated in this file"});
        continue;
      }
      Document doc = BuildDocument(native_id, entry);
      if (doc.sections.empty()) {
        sink.OnSkip({file.path, id, "empty context"});
        continue;
      }
      sink.OnDocument(std::move(doc));
    }
  }
  return Status::Ok();
}

}  // namespace medoracle
