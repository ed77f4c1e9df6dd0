// Reader for National Guideline Clearinghouse summary XML.
#include <algorithm>
#include <exception>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <pugixml.hpp>

#include "corpus/html_text.h"
#include "corpus/reader.h"
#include "corpus/sentence_splitter.h"
#include "corpus/text.h"
#include "corpus/xml_util.h"

namespace medoracle {
namespace {

constexpr int kTitleField = 161;
constexpr int kBibliographicSourceField = 97;
constexpr int kDateReleasedField = 128;
constexpr int kDeveloperField = 158;
constexpr int kAvailabilityField = 118;
constexpr int kDiseaseField = 140;
// "[EO]", "[B]", "[Grade A]" at the start of a sentence grade the sentence before it.
constexpr size_t kMaxLeadingGrade = 16;
// A table column's header leads its cells' statements when it is this short ("Objective",
// "How to Transfuse"); longer ones ("AND the diagnosis is supported by these clinical
// findings") do not.
constexpr size_t kMaxColumnHeaderWords = 6;
// A condition of the Disease/Condition(s) field this long or shorter is a vocabulary term.
constexpr size_t kMaxConditionTermWords = 5;

// The fields that become text, in the order they are laid out: what a clinician asks about
// first. Methodology narratives, NEATS scores, picklists and administrative fields (funding,
// disclosures, committees, availability, status, copyright) are left out.
struct TextField {
  int id;
  std::string_view label;
};
constexpr TextField kTextFields[] = {
    {151, "Major Recommendations"},
    {138, "Clinical Algorithm(s)"},
    {154, "FDA Warning/Regulatory Alert"},
    {140, "Disease/Condition(s)"},
    {4622, "Other Disease/Condition(s) Addressed"},
    {129, "Guideline Objective(s)"},
    {132, "Target Population"},
    {133, "Interventions and Practices Considered"},
    {134, "Major Outcomes Considered"},
    {152, "Potential Benefits"},
    {153, "Potential Harms"},
    {144, "Contraindications"},
    {137, "Qualifying Statements"},
    {139, "Type of Evidence Supporting the Recommendations"},
    {149, "Rating Scheme for the Strength of the Evidence"},
    {146, "Rating Scheme for the Strength of the Recommendations"},
};

// FieldID -> FieldValue/@Value strings (HTML) of the first field with that id.
using FieldMap = std::map<int, std::vector<std::string>>;

void CollectField(pugi::xml_node field, FieldMap* fields) {
  const int id = field.attribute("FieldID").as_int(-1);
  if (id < 0 || fields->count(id) > 0) return;  // Bibliographic Source(s) is repeated verbatim
  std::vector<std::string>& values = (*fields)[id];
  for (pugi::xml_node value : field.children("FieldValue"))
    values.emplace_back(value.attribute("Value").value());
}

std::string FirstValue(const FieldMap& fields, int id) {
  const auto it = fields.find(id);
  return it == fields.end() || it->second.empty() ? std::string() : it->second.front();
}

// "ngc-11288.xml[.gz]" -> "11288"; any other file name -> its stem.
std::string NativeId(const std::string& path) {
  const std::string_view name = XmlFileStem(path);
  if (name.size() > 4 && name.substr(0, 4) == "ngc-") {
    const std::string_view digits = name.substr(4);
    if (std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
      return std::string(digits);
  }
  return std::string(name);
}

// The latest year (1900-2099) written in text: "1999 May (revised 2014 Oct)" -> 2014.
int LatestYear(std::string_view text) {
  int best = 0;
  for (size_t i = 0; i + 4 <= text.size(); ++i) {
    const bool starts = i == 0 || !(text[i - 1] >= '0' && text[i - 1] <= '9');
    const bool ends = i + 4 == text.size() || !(text[i + 4] >= '0' && text[i + 4] <= '9');
    if (!starts || !ends) continue;
    int year = 0;
    bool digits = true;
    for (size_t k = i; k < i + 4; ++k) {
      if (text[k] < '0' || text[k] > '9') {
        digits = false;
        break;
      }
      year = year * 10 + (text[k] - '0');
    }
    if (digits && year >= 1900 && year <= 2099) best = std::max(best, year);
  }
  return best;
}

// "Department of Defense - Federal Government Agency [U.S.]" -> "Department of Defense".
std::string OrganizationName(std::string_view html) {
  std::string name = HtmlToText(html);
  if (const size_t dash = name.rfind(" - "); dash != std::string::npos && dash > 0) name.resize(dash);
  return name;
}

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  return text.size() >= prefix.size() && AsciiLower(text.substr(0, prefix.size())) == prefix;
}

// True when s is nothing but bracketed groups: "(Strong For)", "[B]", "(Category IB) (Note: ...)".
bool OnlyBracketed(std::string_view s) {
  int depth = 0;
  for (const char c : s) {
    if (c == '(' || c == '[') {
      ++depth;
    } else if (c == ')' || c == ']') {
      if (--depth < 0) return false;
    } else if (depth == 0 && c != ' ') {
      return false;
    }
  }
  return !s.empty() && depth == 0;
}

// A strength-of-recommendation / level-of-evidence grade or a bracketed note that belongs
// to the sentence before it: "(Strong For; Reviewed, Amended)", "[B]", "(See Annotation C.)",
// "Strength of Recommendation: B", "Level of Evidence: II-2".
bool IsAttachedNote(std::string_view s) {
  if (!s.empty() && s.back() == '.') s.remove_suffix(1);
  if (s.empty() || s.size() > 320) return false;
  if (OnlyBracketed(s)) return true;
  if (s.size() > 100) return false;
  static constexpr std::string_view kGradePrefixes[] = {"strength of recommendation",
                                                        "strength of evidence",
                                                        "level of evidence",
                                                        "quality of evidence",
                                                        "evidence level",
                                                        "evidence grade",
                                                        "recommendation grade",
                                                        "grade:",
                                                        "grade ",
                                                        "sor:",
                                                        "loe:"};
  return std::any_of(std::begin(kGradePrefixes), std::end(kGradePrefixes),
                     [s](std::string_view p) { return StartsWithNoCase(s, p); });
}

// Length of a short bracketed grade opening piece and followed by more text ("[EO] See
// Box 4" -> 4), else 0.
size_t LeadingGradeLength(std::string_view piece) {
  const size_t close = piece.find(']');
  if (piece.empty() || piece[0] != '[' || close == std::string_view::npos || close > kMaxLeadingGrade)
    return 0;
  return close + 2 < piece.size() && piece[close + 1] == ' ' ? close + 1 : 0;
}

// Splits block text into sentences, keeping grades and bracketed notes with the sentence
// they follow (also a short "[EO]" the splitter put at the start of the next sentence).
std::vector<std::string> SplitKeepingGrades(std::string_view raw) {
  const std::string text = CollapseWhitespace(SanitizeUtf8(raw));
  std::vector<Span> spans;
  for (Span s : SplitSentences(text)) {
    const std::string_view piece = std::string_view(text).substr(s.start, s.end - s.start);
    if (!spans.empty() && IsAttachedNote(piece)) {
      spans.back().end = s.end;
      continue;
    }
    if (const size_t grade = LeadingGradeLength(piece); grade > 0 && !spans.empty()) {
      spans.back().end = s.start + static_cast<uint32_t>(grade);
      s.start += static_cast<uint32_t>(grade + 1);
    }
    spans.push_back(s);
  }
  std::vector<std::string> pieces;
  for (const Span& s : spans) pieces.emplace_back(text.substr(s.start, s.end - s.start));
  return pieces;
}

// Lays out one HTML field as sections. Headings (real or emphasised paragraphs) extend the
// label ("Major Recommendations > D. Pharmacologic Therapy"); a paragraph is a section of
// its own; consecutive list items form one section with one or more sentences per item, a
// paragraph ending in ':' keeps the list that follows it in its section, and the cells of a
// table row form one section.
class FieldLayout {
 public:
  FieldLayout(DocumentBuilder* builder, std::string_view field_label)
      : builder_(builder), field_label_(field_label) {}

  void Add(std::string_view html) {
    for (const HtmlBlock& block : HtmlToBlocks(html)) {
      // A table's cells are gathered by row (AddRow).
      if (block.kind == HtmlBlock::kParagraph && block.table_row != 0) {
        if (!row_cells_.empty() && row_cells_.back().table_row != block.table_row) AddRow();
        row_cells_.push_back(block);
        continue;
      }
      AddRow();
      if (block.kind != HtmlBlock::kListItem) column_headers_.clear();  // past the table
      if (block.kind == HtmlBlock::kHeading) {
        Flush();
        while (!headings_.empty() && headings_.back().first >= block.level) headings_.pop_back();
        headings_.emplace_back(block.level, block.text);
        continue;
      }
      std::vector<std::string> pieces = Pieces(block.text);
      if (pieces.empty()) continue;
      // List items join the list (and lead-in) before them.
      const bool item = block.kind == HtmlBlock::kListItem;
      // A short line without a stop right before a list is the list's lead-in ("DO NOT USE",
      // "Use Is NOT RECOMMENDED" before lists of drugs): it takes a colon, as a lead-in ends, so
      // that its items are never read without it ("Meperidine for chronic pain").
      if (item && !has_items_ && !lead_in_ && untitled_line_ && !sentences_.empty()) {
        sentences_.back() += ':';
        lead_in_ = true;
      }
      if (!item || !(has_items_ || lead_in_)) Flush();
      has_items_ = has_items_ || item;
      lead_in_ = block.text.back() == ':';
      const char last = block.text.back();
      untitled_line_ = !item && pieces.size() == 1 && CountWords(block.text) <= kMaxUnstoppedLeadInWords &&
                       last != '.' && last != '?' && last != '!' && last != ':' && last != ';';
      if (sentences_.empty()) label_ = Label();
      for (std::string& piece : pieces) sentences_.push_back(std::move(piece));
    }
    AddRow();
    Flush();
  }

 private:
  // The gathered cells of one table row. A row whose every cell is a header (<th>, or all
  // emphasised) names the columns of the rows after it; any other row is a section, one
  // statement per cell (its lines joined: "Diminished or absent anal sphincter tone AND/OR
  // Saddle anesthesia AND/OR ..."), each led by its column's header when the header is short
  // and ended like a sentence ("Objective: Diminished ... tone."). A cell that only grades ("Strong for") grades the
  // cell before it, as a grade on a line of its own does.
  void AddRow() {
    if (row_cells_.empty()) return;
    std::vector<std::pair<int, std::string>> cells;  // column, text
    bool all_headers = true;
    for (const HtmlBlock& b : row_cells_) {
      all_headers = all_headers && b.header_cell;
      if (!cells.empty() && cells.back().first == b.table_column) {
        cells.back().second += ' ';
        cells.back().second += b.text;
      } else {
        cells.emplace_back(b.table_column, b.text);
      }
    }
    row_cells_.clear();
    if (all_headers) {
      for (auto& [column, text] : cells) column_headers_[column] = std::move(text);
      return;
    }
    Flush();
    label_ = Label();
    for (auto& [column, text] : cells) {
      std::vector<std::string> pieces = Pieces(text);
      if (pieces.empty()) continue;
      const auto header = column_headers_.find(column);
      if (header != column_headers_.end() && header->second != text &&
          CountWords(header->second) <= kMaxColumnHeaderWords) {
        std::string lead = header->second;
        while (!lead.empty() && (lead.back() == ':' || lead.back() == '*')) lead.pop_back();
        if (!lead.empty()) {
          pieces.front() = lead + ": " + pieces.front();
          // A cell reads as a statement of its own: "Objective: Saddle anesthesia AND/OR ...".
          std::string& last = pieces.back();
          if (last.back() != '.' && last.back() != '?' && last.back() != '!') last += '.';
        }
      }
      for (std::string& piece : pieces) sentences_.push_back(std::move(piece));
    }
    Flush();
  }

  // The sentences of a block's (or cell's) text; a grade standing alone at its start ("<br>(Strong
  // for)", "<p>[B]</p>") grades the sentence before and is no sentence of its own.
  std::vector<std::string> Pieces(std::string_view text) {
    std::vector<std::string> pieces = SplitKeepingGrades(text);
    if (!pieces.empty() && !sentences_.empty() && IsAttachedNote(pieces.front())) {
      sentences_.back() += ' ';
      sentences_.back() += pieces.front();
      pieces.erase(pieces.begin());
    }
    return pieces;
  }

  std::string Label() const {
    std::string label(field_label_);
    for (const auto& heading : headings_) label += " > " + heading.second;
    return label;
  }

  void Flush() {
    if (!sentences_.empty()) builder_->AddSplitSection(label_, sentences_);
    sentences_.clear();
    has_items_ = false;
    lead_in_ = false;
    untitled_line_ = false;
  }

  DocumentBuilder* builder_;
  std::string_view field_label_;
  std::vector<std::pair<int, std::string>> headings_;
  std::string label_;
  std::vector<std::string> sentences_;
  bool has_items_ = false;
  bool lead_in_ = false;
  bool untitled_line_ = false;  // the last block was a short line without a stop (a lead-in if a list follows)
  static constexpr size_t kMaxUnstoppedLeadInWords = 8;
  std::vector<HtmlBlock> row_cells_;           // the table row being gathered
  std::map<int, std::string> column_headers_;  // column -> header text, for the table's rows
};

// Disease/Condition(s) blocks as keywords: "Conditions ... including:" -> "Conditions ...".
std::vector<std::string> ConditionKeywords(std::string_view html) {
  std::vector<std::string> keywords;
  for (const HtmlBlock& block : HtmlToBlocks(html)) {
    std::string k = block.text;
    while (!k.empty() && (k.back() == ':' || k.back() == '.' || k.back() == ',' || k.back() == ' '))
      k.pop_back();
    for (std::string_view tail : {", including", " including"}) {
      if (k.size() > tail.size() && k.compare(k.size() - tail.size(), tail.size(), tail) == 0) {
        k.resize(k.size() - tail.size());
      }
    }
    if (!k.empty() && k.size() <= 200 && std::find(keywords.begin(), keywords.end(), k) == keywords.end()) {
      keywords.push_back(std::move(k));
    }
  }
  return keywords;
}

// The guideline's conditions as vocabulary entries (source "ngc"), so that a question naming
// one ("preventing pregnancy", "major depressive disorder") names a medical concept: a short
// name (at most kMaxConditionTermWords words) without its parenthesis, which becomes a synonym
// when it is an abbreviation ("Major depressive disorder (MDD)").
std::vector<VocabularyEntry> ConditionVocabulary(const std::string& doc_id, const std::vector<std::string>& keywords) {
  std::vector<VocabularyEntry> entries;
  for (const std::string& keyword : keywords) {
    std::string term = keyword, abbreviation;
    const size_t open = term.find(" (");
    if (open != std::string::npos) {
      const size_t close = term.find(')', open);
      if (close == std::string::npos || close + 1 != term.size()) continue;  // text after it: not a name
      const std::string inside = term.substr(open + 2, close - open - 2);
      if (inside.size() >= 2 && inside.size() <= 6 &&
          std::all_of(inside.begin(), inside.end(), [](char c) { return (c >= 'A' && c <= 'Z') || c == '-'; })) {
        abbreviation = inside;
      }
      term.resize(open);
    }
    if (term.size() < 4 || CountWords(term) > kMaxConditionTermWords) continue;
    // One entry per condition: the index keeps one entry per source and id.
    VocabularyEntry entry{"ngc", doc_id + "#" + std::to_string(entries.size() + 1), term, {}};
    if (!abbreviation.empty()) entry.synonyms.push_back(abbreviation);
    entries.push_back(std::move(entry));
  }
  return entries;
}

Status ReadNgcDocument(const InputFile& file, RecordSink& sink) {
  pugi::xml_document xml;
  if (Status loaded = LoadXmlFile(file, &xml); !loaded.ok()) return loaded;
  FieldMap fields;
  const pugi::xml_node root = xml.document_element();
  for (pugi::xml_node child : root.children()) {
    if (std::string_view(child.name()) == "Field") CollectField(child, &fields);
    for (pugi::xml_node field : child.children("Field")) CollectField(field, &fields);
  }
  if (fields.empty()) {
    return Status::Corruption(file.path + ": not an NGC guideline summary: no <Field> elements under <" +
                              std::string(root.name()) + ">");
  }

  const std::string native_id = NativeId(file.path);
  Document doc;
  doc.id = "ngc:" + native_id;
  doc.source = "ngc";
  doc.type = RefType::kGuideline;
  doc.language = "eng";
  doc.title = HtmlToText(FirstValue(fields, kTitleField));
  if (!doc.title.empty() && doc.title.back() == '.') doc.title.pop_back();
  if (doc.title.empty()) {
    sink.OnSkip({file.path, doc.id, "no Guideline Title (FieldID 161)"});
    return Status::Ok();
  }
  if (const auto it = fields.find(kDeveloperField); it != fields.end()) {
    for (const std::string& value : it->second) {
      const std::string name = OrganizationName(value);
      if (name.empty()) continue;
      if (!doc.venue.empty()) doc.venue += "; ";
      doc.venue += name;
    }
  }
  const std::string citation = HtmlToText(FirstValue(fields, kBibliographicSourceField));
  doc.year = LatestYear(HtmlToText(FirstValue(fields, kDateReleasedField)));
  if (doc.year == 0) doc.year = LatestYear(citation);
  for (const std::string& link : HtmlLinks(FirstValue(fields, kAvailabilityField))) {
    if (link.rfind("http://", 0) == 0 || link.rfind("https://", 0) == 0) {
      doc.url = link;
      break;
    }
  }
  if (doc.url.empty()) doc.url = "https://www.guideline.gov/summaries/summary/" + native_id;
  doc.keywords = ConditionKeywords(FirstValue(fields, kDiseaseField));
  for (VocabularyEntry& entry : ConditionVocabulary(doc.id, doc.keywords)) sink.OnVocabulary(std::move(entry));

  DocumentBuilder builder(std::move(doc));
  for (const TextField& field : kTextFields) {
    const auto it = fields.find(field.id);
    if (it == fields.end()) continue;
    FieldLayout layout(&builder, field.label);
    for (const std::string& value : it->second) layout.Add(value);
  }
  const bool has_text = !builder.empty();
  builder.AddSplitSection("Bibliographic Source", {citation});  // one reference, one sentence
  if (!has_text) {
    sink.OnSkip({file.path, builder.doc().id, "no recommendation or other guideline text"});
    return Status::Ok();
  }
  sink.OnDocument(builder.Finish());
  return Status::Ok();
}

}  // namespace

Status ReadNgcXml(const InputFile& file, RecordSink& sink) {
  try {
    return ReadNgcDocument(file, sink);
  } catch (const std::exception& e) {
    return Status::Internal(file.path + ": " + e.what());
  }
}

}  // namespace medoracle
