// Reader for openFDA drug labels (Structured Product Labeling as served by openFDA's
// drug/label endpoint): one label per line (.jsonl, .jsonl.gz) or an API / bulk download
// response {"meta": ..., "results": [label, ...]}. See docs/formats/openfda.md.
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "corpus/html_text.h"
#include "corpus/json_util.h"
#include "corpus/reader.h"
#include "corpus/text.h"

namespace medoracle {
namespace {

using nlohmann::json;

constexpr std::string_view kDailyMedLookup = "https://dailymed.nlm.nih.gov/dailymed/lookup.cfm?setid=";

// The label fields made into sections, in the order of the prescribing information
// (21 CFR 201.57 for the numbered PLR format; older labels use the unnumbered headings).
struct Field {
  const char* key;
  const char* label;  // section label; its words are also the field's inline heading
  const char* alt_heading = nullptr;  // another spelling of the inline heading
};

constexpr Field kFields[] = {
    {"boxed_warning", "Boxed warning"},
    {"indications_and_usage", "Indications and usage"},
    {"dosage_and_administration", "Dosage and administration"},
    {"dosage_forms_and_strengths", "Dosage forms and strengths"},
    {"contraindications", "Contraindications"},
    {"warnings_and_cautions", "Warnings and precautions", "warnings and cautions"},
    {"warnings", "Warnings"},
    {"precautions", "Precautions"},
    {"general_precautions", "General precautions", "general"},
    {"adverse_reactions", "Adverse reactions"},
    {"drug_interactions", "Drug interactions"},
    {"drug_and_or_laboratory_test_interactions", "Drug and laboratory test interactions",
     "drug/laboratory test interactions"},
    {"use_in_specific_populations", "Use in specific populations"},
    {"pregnancy", "Pregnancy"},
    {"teratogenic_effects", "Teratogenic effects"},
    {"nonteratogenic_effects", "Nonteratogenic effects"},
    {"labor_and_delivery", "Labor and delivery"},
    {"lactation", "Lactation"},
    {"nursing_mothers", "Nursing mothers"},
    {"females_and_males_of_reproductive_potential", "Females and males of reproductive potential"},
    {"pediatric_use", "Pediatric use"},
    {"geriatric_use", "Geriatric use"},
    {"use_in_renal_impairment", "Renal impairment"},
    {"use_in_hepatic_impairment", "Hepatic impairment"},
    {"drug_abuse_and_dependence", "Drug abuse and dependence"},
    {"controlled_substance", "Controlled substance"},
    {"abuse", "Abuse"},
    {"dependence", "Dependence"},
    {"overdosage", "Overdosage"},
    {"description", "Description"},
    {"clinical_pharmacology", "Clinical pharmacology"},
    {"mechanism_of_action", "Mechanism of action"},
    {"pharmacodynamics", "Pharmacodynamics"},
    {"pharmacokinetics", "Pharmacokinetics"},
    {"pharmacogenomics", "Pharmacogenomics"},
    {"microbiology", "Microbiology"},
    {"nonclinical_toxicology", "Nonclinical toxicology"},
    {"carcinogenesis_and_mutagenesis_and_impairment_of_fertility",
     "Carcinogenesis, mutagenesis, impairment of fertility"},
    {"animal_pharmacology_and_or_toxicology", "Animal toxicology and/or pharmacology"},
    {"clinical_studies", "Clinical studies"},
    {"laboratory_tests", "Laboratory tests"},
    {"risks", "Risks"},
    {"safe_handling_warning", "Safe handling warning"},
    {"other_safety_information", "Other safety information"},
    {"how_supplied", "How supplied", "how supplied/storage and handling"},
    {"storage_and_handling", "Storage and handling"},
    {"information_for_patients", "Patient counseling information", "information for patients"},
    {"spl_medguide", "Medication guide"},
    {"patient_medication_information", "Patient information"},
    {"spl_patient_package_insert", "Patient package insert", "patient information"},
    {"instructions_for_use", "Instructions for use"},
};

// Fields that are not label text (ids, metadata) or that repeat other fields or packaging
// (product element lists, carton text, change lists, bibliographies): never sections.
const std::set<std::string_view>& SkippedFields() {
  static const std::set<std::string_view> fields = {
      "set_id", "id", "version", "effective_time", "openfda", "spl_product_data_elements",
      "package_label_principal_display_panel", "recent_major_changes", "spl_unclassified_section",
      "references", "spl_indexing_data_elements", "effective_time_table"};
  return fields;
}

bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::vector<std::string_view> Words(std::string_view text) {
  std::vector<std::string_view> words;
  size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    const size_t start = i;
    while (i < text.size() && text[i] != ' ') ++i;
    if (i > start) words.push_back(text.substr(start, i - start));
  }
  return words;
}

// A word's letters and digits, upper-cased ("PRECAUTIONS:" -> "PRECAUTIONS", "&" -> "AND").
std::string Core(std::string_view word) {
  if (word == "&") return "AND";
  std::string out;
  for (char c : word) {
    if (IsLower(c)) c = static_cast<char>(c - 'a' + 'A');
    if (IsUpper(c) || IsDigit(c) || c == '/' || c == '-') out.push_back(c);
  }
  return out;
}

bool HasLower(std::string_view word) { return std::any_of(word.begin(), word.end(), IsLower); }
bool HasUpper(std::string_view word) { return std::any_of(word.begin(), word.end(), IsUpper); }

// Removes the field's own heading from the start of its text: the section number ("5 ",
// "8.1 ") and "WARNINGS AND PRECAUTIONS" (any case when the whole heading is there; only
// upper-case words of the heading otherwise, when upper_case_words). Returns the section number, 0 when none.
int StripHeading(const Field& field, bool upper_case_words, std::string_view* text) {
  std::string_view t = *text;
  int number = 0;
  size_t i = 0;
  while (i < t.size() && i < 3 && IsDigit(t[i])) number = number * 10 + (t[i++] - '0');
  if (i > 0 && i + 1 < t.size() && t[i] == '.' && IsDigit(t[i + 1])) {
    // A subsection given as a field of its own ("8.1 Pregnancy ..."): no subsections.
    number = 0;
    ++i;
    while (i < t.size() && IsDigit(t[i])) ++i;
    if (i < t.size() && t[i] == ' ') t.remove_prefix(i + 1);
  } else if (i > 0 && i < t.size() && t[i] == ' ') {
    t.remove_prefix(i + 1);
  } else {
    number = 0;
  }
  const std::vector<std::string_view> words = Words(t);
  size_t strip = 0;
  for (const char* heading : {field.label, field.alt_heading}) {
    if (heading == nullptr) continue;
    const std::vector<std::string_view> want = Words(heading);
    if (want.size() > words.size()) continue;
    bool match = true;
    for (size_t k = 0; k < want.size() && match; ++k) match = Core(words[k]) == Core(want[k]);
    if (match) strip = std::max(strip, want.size());
  }
  if (strip == 0 && upper_case_words) {
    // Upper-case heading words only ("WARNINGS:" before the text of "warnings").
    std::set<std::string> vocabulary;
    for (const char* heading : {field.label, field.alt_heading}) {
      if (heading == nullptr) continue;
      for (std::string_view w : Words(heading)) vocabulary.insert(Core(w));
    }
    while (strip < words.size() && !HasLower(words[strip]) && HasUpper(words[strip]) &&
           vocabulary.count(Core(words[strip])) != 0) {
      ++strip;
    }
  }
  if (strip > 0) {
    const std::string_view last = words[strip - 1];
    t.remove_prefix(static_cast<size_t>(last.data() + last.size() - t.data()));
  }
  *text = t.substr(std::min(t.size(), t.find_first_not_of(" :.-")));
  return number;
}

std::string Capitalised(std::string text) {
  if (!text.empty()) text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
  return text;
}

bool IsConnector(std::string_view word) {
  static const std::set<std::string_view> connectors = {"a",  "an", "and", "as",   "at",   "by",   "during",
                                                         "for", "from", "in", "into", "of", "on", "or",
                                                         "the", "to", "vs", "vs.", "with", "without", "&"};
  return connectors.count(word) != 0;
}

// "Lactic Acidosis" -> "Lactic acidosis"; all-capital and mixed-case words (NATPARA, HbA1c,
// QT) stay as written. An all-capital heading ("LACTIC ACIDOSIS") is lower-cased except for
// short words that are likely abbreviations (HBV, PML).
std::string SentenceCase(std::string_view heading) {
  const std::vector<std::string_view> words = Words(heading);
  const bool all_caps = std::none_of(words.begin(), words.end(), [](std::string_view w) { return HasLower(w); });
  std::string out;
  for (size_t k = 0; k < words.size(); ++k) {
    std::string w(words[k]);
    bool lower = false;
    if (k > 0) {
      if (all_caps) {
        lower = Core(w).size() > 3 || IsConnector(AsciiLower(w));
      } else {
        // "Acidosis": a capital then lower-case letters only.
        lower = IsUpper(w[0]) && std::none_of(w.begin() + 1, w.end(), [](char c) { return IsUpper(c) || IsDigit(c); });
      }
    } else if (all_caps && Core(w).size() > 3) {
      w = Capitalised(AsciiLower(w));
    }
    if (lower) w = AsciiLower(w);
    if (!out.empty()) out += ' ';
    out += w;
  }
  return out;
}

// Words that open a label sentence before the drug's name in capitals ("Administer CELEXA ...",
// "If ZOCOR ..."), which a heading's last word is not.
bool OpensASentenceBeforeAName(std::string_view word) {
  static const std::set<std::string_view> openers = {
      "The",        "In",     "If",          "When",     "Because",  "Although", "Since",   "Before", "After",
      "Administer", "Take",   "Give",        "Avoid",    "Monitor",  "Initiate", "Start",   "Reduce", "Do",
      "Consider",   "Advise", "Instruct",    "Inform",   "Store",    "Dilute",   "Swallow", "Inject", "Withhold",
      "Evaluate",   "Obtain", "Discontinue", "Continue", "Increase", "Decrease", "Adjust",  "Prior"};
  return openers.count(word) != 0;
}

// The heading at the start of a numbered subsection's text ("Lactic Acidosis There have
// been ..." -> "Lactic Acidosis"): the capitalised words (and connectors) before the
// sentence that follows. The sentence's first word is the last capitalised word before
// the first lower-case one. Returns the heading's length in bytes, 0 when none is found.
size_t HeadingLength(std::string_view text) {
  const std::vector<std::string_view> words = Words(text);
  constexpr size_t kMaxWords = 14;
  size_t k = 0;
  for (; k < words.size() && k < kMaxWords; ++k) {
    const std::string_view w = words[k];
    if (w == "•" || w == "-" || w == "*") break;
    // A piece of a word the label's text broke apart ("Dosage Modification s with ...",
    // "Switching Patients t o or f rom a ...", "Dosage for Speci fic Populations The ..."): a
    // lone lower-case letter, the rest after one, or a short piece with capitalised words going
    // on after it (a sentence's second word is followed by more of the sentence).
    const bool broken_piece =
        IsLower(w[0]) && (w.size() == 1 || (k > 0 && words[k - 1].size() == 1 && IsLower(words[k - 1][0])) ||
                          (w.size() <= 3 && k + 1 < words.size() && IsUpper(words[k + 1][0])));
    if (IsLower(w[0]) && !IsConnector(w) && !broken_piece) {
      // The sentence began with the capitalised word before this one (and its connectors).
      while (k > 0 && IsConnector(words[k - 1])) --k;
      if (k < 2) return 0;  // a sentence, not a heading
      --k;
      // A sentence that opens with a word before the brand's capitals: "Recommended Dosage
      // Administer CELEXA once daily ...", "Pediatric Use The TIVICAY dose ...".
      if (k >= 2 && !HasLower(words[k]) && OpensASentenceBeforeAName(words[k - 1])) --k;
      break;
    }
    if (w.back() == '.' && k > 0) break;  // "2.3 Initiating NATPARA 1. Initiate ..."
    if (w.back() == ',' || w.back() == ';') {
      if (k < 1) return 0;
      break;  // "Anesthesia ARICEPT, as a ...": ARICEPT starts the sentence
    }
  }
  if (k == 0 || k >= words.size() || k == kMaxWords) return 0;
  while (k > 0 && IsConnector(words[k - 1])) --k;
  if (k == 0) return 0;
  const std::string_view last = words[k - 1];
  return static_cast<size_t>(last.data() + last.size() - text.data());
}

struct Subsection {
  std::string number;  // "5.1"
  size_t start = 0;    // of the number in the text
  size_t length = 0;   // of the number in the text ("5. 1" when the label has a space in it)
};

// The numbered subsections ("5.1 Lactic Acidosis ...") of a field whose section number is
// number: "N.M " (or "N. M ", as some labels' text has it) after a space or the start, followed
// by a capital letter, not a reference ("( 5.1 )", "see 5.1"), with M increasing in small steps.
std::vector<Subsection> FindSubsections(std::string_view text, int number) {
  std::vector<Subsection> found;
  if (number <= 0) return found;
  const std::string prefix = std::to_string(number) + ".";
  int last = 0;
  for (size_t pos = text.find(prefix); pos != std::string_view::npos; pos = text.find(prefix, pos + 1)) {
    if (pos > 0 && text[pos - 1] != ' ') continue;
    size_t i = pos + prefix.size();
    if (i + 1 < text.size() && text[i] == ' ' && IsDigit(text[i + 1])) ++i;  // "2. 3 Recommended ..."
    int minor = 0;
    const size_t digits = i;
    while (i < text.size() && IsDigit(text[i]) && i - digits < 2) minor = minor * 10 + (text[i++] - '0');
    if (i == digits || i + 1 >= text.size() || text[i] != ' ' || !IsUpper(text[i + 1])) continue;
    if (minor <= last || minor > last + 6) continue;
    // The word before: not an opening parenthesis or a cross-reference.
    const std::string_view before = text.substr(0, pos);
    const size_t end = before.find_last_not_of(' ');
    if (end != std::string_view::npos) {
      if (before[end] == '(' || before[end] == '[' || before[end] == ',') continue;
      const size_t word_start = before.find_last_of(' ', end);
      const std::string word = AsciiLower(before.substr(word_start == std::string_view::npos ? 0 : word_start + 1,
                                                        end - (word_start == std::string_view::npos ? 0 : word_start + 1) + 1));
      if (word == "see" || word == "section" || word == "sections" || word == "and" || word == "in" ||
          word == "to" || word == "or") {
        continue;
      }
    }
    found.push_back({prefix + std::string(text.substr(digits, i - digits)), pos, i - pos});
    last = minor;
  }
  return found;
}

// The boxed warning's title ("WARNING: LACTIC ACIDOSIS Postmarketing cases ..." ->
// "LACTIC ACIDOSIS"), or "" when it has none.
std::string BoxedWarningTitle(std::string_view text) {
  std::vector<std::string_view> words = Words(text);
  size_t k = 0;
  while (k < words.size() && (Core(words[k]) == "WARNING" || Core(words[k]) == "WARNINGS" || Core(words[k]) == "BOXED")) ++k;
  if (k == 0) return "";
  const size_t first = k;
  while (k < words.size() && !HasLower(words[k]) && (HasUpper(words[k]) || words[k] == "&" || words[k] == "-")) ++k;
  // An upper-case word followed by a lower-case one starts the text ("ELAHERE can cause").
  if (k < words.size() && k > first && IsLower(words[k][0])) --k;
  if (k <= first || k - first > 16) return "";
  std::string title;
  for (size_t j = first; j < k; ++j) {
    if (!title.empty()) title += ' ';
    title += words[j];
  }
  while (!title.empty() && (title.back() == ':' || title.back() == ',' || title.back() == ';')) title.pop_back();
  return title;
}

std::string Clean(std::string_view text) { return CollapseWhitespace(SanitizeUtf8(text)); }

// The strings of a label field: an array of strings (openFDA) or a single string.
std::vector<std::string> Texts(const json& value) {
  std::vector<std::string> out;
  if (value.is_string()) out.push_back(value.get<std::string>());
  if (value.is_array()) {
    for (const json& item : value) {
      if (item.is_string()) out.push_back(item.get<std::string>());
    }
  }
  return out;
}

// The first non-empty string of record.openfda[key].
std::string OpenfdaFirst(const json& openfda, const char* key) {
  if (!openfda.is_object()) return "";
  const auto it = openfda.find(key);
  if (it == openfda.end()) return "";
  for (const std::string& s : Texts(*it)) {
    std::string v = Clean(s);
    if (!v.empty()) return v;
  }
  return "";
}

std::string Join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (const std::string& p : parts) {
    if (!out.empty()) out += separator;
    out += p;
  }
  return out;
}

// --- Tables ---------------------------------------------------------------------------------
// openFDA gives each table twice: as HTML in the field's "_table" list and flattened into the
// field's text, cell after cell, where it reads as one run-on sentence ("Indication Recommended
// Dose Frequency ... ≤30 kg 15 mg Once daily for up to 12 weeks >30 kg 30 mg ..."). The reader
// parses the HTML into rows, each a sentence of a table section after the field's text. (The
// flattened text stays where it is: putting the rows in its place changed the label passages that
// guideline questions' candidates are ranked against, guideline key points development 0.731 ->
// 0.702.)

// The value of a numeric attribute ("rowspan", "colspan") in a tag's text, 1 when absent or
// out of range.
int SpanAttribute(std::string_view tag_lower, std::string_view name) {
  const size_t at = tag_lower.find(name);
  if (at == std::string_view::npos) return 1;
  size_t i = at + name.size();
  while (i < tag_lower.size() &&
         (tag_lower[i] == '=' || tag_lower[i] == '"' || tag_lower[i] == '\'' || tag_lower[i] == ' ')) {
    ++i;
  }
  int value = 0;
  while (i < tag_lower.size() && IsDigit(tag_lower[i]) && value < 1000) value = value * 10 + (tag_lower[i++] - '0');
  return value < 1 ? 1 : std::min(value, 50);
}

// Where the next element named name ("td", "tr", "footnote") opens at or after from in the
// lower-cased html: "<name" followed by a space, '>' or '/'. npos when there is none.
size_t FindOpenTag(std::string_view lower, std::string_view name, size_t from) {
  const std::string open = "<" + std::string(name);
  for (size_t at = lower.find(open, from); at != std::string_view::npos; at = lower.find(open, at + 1)) {
    const size_t next = at + open.size();
    if (next >= lower.size()) return std::string_view::npos;
    const char c = lower[next];
    if (c == ' ' || c == '>' || c == '/' || c == '\t' || c == '\n' || c == '\r') return at;
  }
  return std::string_view::npos;
}

// A table's HTML without its footnotes (<footnote ...>...</footnote>), whose texts go to notes
// (each once, in order).
std::string WithoutFootnotes(std::string_view html, std::vector<std::string>* notes) {
  const std::string lower = AsciiLower(html);
  std::string out;
  size_t pos = 0;
  for (size_t at = FindOpenTag(lower, "footnote", 0); at != std::string::npos;
       at = FindOpenTag(lower, "footnote", pos)) {
    const size_t tag_end = lower.find('>', at);
    if (tag_end == std::string::npos) break;
    out.append(html.substr(pos, at - pos));
    if (lower[tag_end - 1] == '/') {  // <footnote .../>
      pos = tag_end + 1;
      continue;
    }
    const size_t close = lower.find("</footnote>", tag_end);
    const size_t end = close == std::string::npos ? lower.size() : close;
    std::string note = HtmlToText(html.substr(tag_end + 1, end - tag_end - 1));
    if (!note.empty() && std::find(notes->begin(), notes->end(), note) == notes->end()) {
      notes->push_back(std::move(note));
    }
    pos = close == std::string::npos ? lower.size() : close + std::string_view("</footnote>").size();
  }
  out.append(html.substr(std::min(pos, html.size())));
  return out;
}

struct LabelTable {
  std::string caption;
  // The statements: the caption, each row, then the footnotes. A row is its cells' texts in
  // column order, separated by spaces as the label's text separates them, with the cells it
  // shares with the rows above (rowspan) and the full-width group row it falls under ("Short-Term
  // Treatment of Symptomatic GERD: ≤30 kg 15 mg Once daily for up to 12 weeks"), so that a dose
  // never travels without its indication or population.
  std::vector<std::string> statements;
};

LabelTable ParseTable(std::string_view html) {
  LabelTable table;
  std::vector<std::string> seen_notes;  // footnotes already given (a footnote is given once)
  // A piece of the table's HTML as text without its footnotes; the new footnotes go to notes.
  auto cell_text = [&seen_notes](std::string_view part, std::vector<std::string>* notes) {
    std::vector<std::string> found;
    const std::string text = HtmlToText(WithoutFootnotes(part, &found));
    for (std::string& note : found) {
      if (std::find(seen_notes.begin(), seen_notes.end(), note) != seen_notes.end()) continue;
      seen_notes.push_back(note);
      notes->push_back(std::move(note));
    }
    return text;
  };
  const std::string lower = AsciiLower(html);
  std::string body_html(html);
  std::vector<std::string> caption_notes;
  if (const size_t at = FindOpenTag(lower, "caption", 0); at != std::string::npos) {
    const size_t open_end = lower.find('>', at);
    const size_t close = lower.find("</caption>", at);
    if (open_end != std::string::npos && close != std::string::npos && open_end < close) {
      table.caption = cell_text(html.substr(open_end + 1, close - open_end - 1), &caption_notes);
      body_html.erase(at, close + std::string_view("</caption>").size() - at);
    }
  }
  if (!table.caption.empty()) table.statements.push_back(table.caption);
  for (std::string& note : caption_notes) table.statements.push_back(std::move(note));

  struct Carried {
    std::string text;
    int rows_left = 0;
  };
  constexpr size_t kMaxColumns = 64;
  std::vector<Carried> carried;
  std::string outer;  // the full-width bold or capitals row the rows below fall under
  std::string group;  // the full-width plain row the rows below fall under, inside outer
  const std::string body_lower = AsciiLower(body_html);
  const std::string_view body(body_html);
  size_t row_at = FindOpenTag(body_lower, "tr", 0);
  while (row_at != std::string::npos) {
    const size_t next_row = FindOpenTag(body_lower, "tr", row_at + 1);
    const size_t row_end = std::min(next_row, body_lower.size());
    // The row's cells: text, spans, header or not, all bold or not.
    struct Cell {
      std::string text;
      int colspan = 1;
      int rowspan = 1;
      bool header = false;
      bool bold = false;
    };
    std::vector<Cell> cells;
    std::vector<std::string> notes;
    // Cells are looked for inside the row only (a table of many rows stays linear).
    const std::string_view row_lower = std::string_view(body_lower).substr(0, row_end);
    size_t pos = row_at + 1;
    while (true) {
      const size_t td = FindOpenTag(row_lower, "td", pos);
      const size_t th = FindOpenTag(row_lower, "th", pos);
      const size_t at = std::min(td, th);
      if (at == std::string::npos || at >= row_end) break;
      const size_t tag_end = body_lower.find('>', at);
      if (tag_end == std::string::npos || tag_end >= row_end) break;
      const std::string_view tag = std::string_view(body_lower).substr(at, tag_end - at);
      Cell cell;
      cell.header = at == th;
      cell.colspan = SpanAttribute(tag, "colspan");
      cell.rowspan = SpanAttribute(tag, "rowspan");
      size_t content_end = tag_end + 1;
      if (body_lower[tag_end - 1] != '/') {
        const size_t next_td = FindOpenTag(row_lower, "td", tag_end);
        const size_t next_th = FindOpenTag(row_lower, "th", tag_end);
        content_end = std::min({next_td, next_th, row_end});
        const std::string_view content = std::string_view(body_lower).substr(tag_end + 1, content_end - tag_end - 1);
        const size_t first = content.find_first_not_of(" \t\r\n");
        constexpr std::string_view kBold = "<content stylecode=\"bold\"";
        cell.bold = first != std::string_view::npos && content.compare(first, kBold.size(), kBold) == 0;
        cell.text = cell_text(body.substr(tag_end + 1, content_end - tag_end - 1), &notes);
      }
      cells.push_back(std::move(cell));
      pos = content_end;
    }
    row_at = next_row;
    if (cells.empty()) continue;
    // Lay the row out over the columns, taking the cells still spanning from rows above.
    std::vector<std::string> texts;
    bool any_carried = false;
    size_t column = 0;
    size_t next_cell = 0;
    while ((next_cell < cells.size() || (column < carried.size() && carried[column].rows_left > 0)) &&
           column < kMaxColumns) {
      if (column < carried.size() && carried[column].rows_left > 0) {
        --carried[column].rows_left;
        if (!carried[column].text.empty()) texts.push_back(carried[column].text);
        any_carried = true;
        ++column;
        continue;
      }
      const Cell& cell = cells[next_cell++];
      if (!cell.text.empty()) texts.push_back(cell.text);
      for (int k = 0; k < cell.colspan && column < kMaxColumns; ++k, ++column) {
        if (column >= carried.size()) carried.resize(column + 1);
        carried[column] = {k == 0 ? cell.text : std::string(), cell.rowspan - 1};
      }
    }
    // A header row: <th> cells without a number (labels also write whole tables in <th>, their
    // doses included).
    const bool header =
        std::all_of(cells.begin(), cells.end(), [](const Cell& c) { return c.header || c.text.empty(); }) &&
        std::none_of(texts.begin(), texts.end(),
                     [](const std::string& t) { return std::any_of(t.begin(), t.end(), IsDigit); });
    const bool group_row = texts.size() == 1 && !any_carried && cells.size() == 1 && cells[0].colspan > 1 &&
                           Words(texts[0]).size() <= 12 && texts[0].back() != '.';
    if (texts.empty() || (header && !group_row)) {
      if (!texts.empty()) table.statements.push_back(Join(texts, " "));
    } else if (group_row) {
      // A short row of one cell across the columns heads the rows below it (a longer one, or
      // one that ends a sentence, is a note: a row of its own). A bold or capitals one ("Duodenal
      // Ulcers", "PEDIATRIC") is of the upper level, a plain one ("Triple Therapy:", "Kidney
      // Transplant") under it.
      const std::string& t = texts[0];
      const bool capitals = std::any_of(t.begin(), t.end(), IsUpper) && !std::any_of(t.begin(), t.end(), IsLower);
      if (cells[0].bold || capitals) {
        outer = t;
        group.clear();
      } else {
        group = t;
      }
    } else {
      // A row whose first cell is bold is an entry of the groups' level, under none of them.
      if (!any_carried && cells[0].bold) group.clear(), outer.clear();
      std::string row = Join(texts, " ");
      if (!group.empty()) row = group + (group.back() == ':' ? " " : ": ") + row;
      if (!outer.empty()) row = outer + (outer.back() == ':' ? " " : ": ") + row;
      table.statements.push_back(std::move(row));
    }
    for (std::string& note : notes) table.statements.push_back(std::move(note));
  }
  return table;
}

// openFDA repeats text: "pregnancy", "pediatric_use" and the like are also subsections of
// "use_in_specific_populations", "general_precautions" part of "precautions". A field whose
// last 200 bytes (past any heading) are already in the document is left out.
bool AlreadyInDocument(std::string_view text, DocumentBuilder* builder) {
  if (text.size() < 40) return false;
  const std::string_view tail = text.substr(text.size() - std::min<size_t>(text.size(), 200));
  return builder->doc().text.find(tail) != std::string::npos;
}

void AddTextSections(const Field& field, const std::string& raw, DocumentBuilder* builder) {
  const std::string cleaned = Clean(raw);
  std::string_view text(cleaned);
  const bool boxed = std::string_view(field.key) == "boxed_warning";
  // A boxed warning keeps its "WARNING: LACTIC ACIDOSIS" title in the text.
  const int number = StripHeading(field, /*upper_case_words=*/!boxed, &text);
  if (AlreadyInDocument(text, builder)) return;
  const std::string label(field.label);
  if (boxed) {
    const std::string title = BoxedWarningTitle(text);
    builder->AddSection(title.empty() ? label : label + " > " + SentenceCase(title), text);
    return;
  }
  const std::vector<Subsection> subsections = FindSubsections(text, number);
  builder->AddSection(label, text.substr(0, subsections.empty() ? text.size() : subsections[0].start));
  for (size_t k = 0; k < subsections.size(); ++k) {
    const size_t end = k + 1 < subsections.size() ? subsections[k + 1].start : text.size();
    std::string_view body = text.substr(subsections[k].start, end - subsections[k].start);
    body.remove_prefix(subsections[k].length + 1);
    const size_t heading = HeadingLength(body);
    std::string sub_label = label + " > " + subsections[k].number;
    if (heading > 0) {
      sub_label += " " + SentenceCase(body.substr(0, heading));
      body.remove_prefix(heading);
    }
    builder->AddSection(sub_label, body);
  }
}

// A table as a section of its own ("Adverse reactions > Table: <caption>"), its statements the
// sentences.
void AddTableSection(const Field& field, const LabelTable& table, DocumentBuilder* builder) {
  if (table.statements.empty()) return;
  std::string label = std::string(field.label) + " > Table";
  const std::string& caption = table.caption;
  if (!caption.empty()) {
    label += ": " + caption.substr(0, std::min<size_t>(caption.size(), 100));
    if (caption.size() > 100) {
      while (!label.empty() && (static_cast<unsigned char>(label.back()) & 0xC0) == 0x80) label.pop_back();
      if (!label.empty() && static_cast<unsigned char>(label.back()) >= 0xC0) label.pop_back();
      label += "...";
    }
  }
  builder->AddSplitSection(label, table.statements);
}

// "20230126" -> year 2023 and "2023-01-26"; false when it is not a date.
bool ParseEffectiveTime(const std::string& value, int* year, std::string* iso) {
  if (value.size() < 8 || !std::all_of(value.begin(), value.begin() + 8, IsDigit)) return false;
  const int y = std::stoi(value.substr(0, 4));
  const int m = std::stoi(value.substr(4, 2));
  const int d = std::stoi(value.substr(6, 2));
  if (y < 1900 || m < 1 || m > 12 || d < 1 || d > 31) return false;
  *year = y;
  *iso = value.substr(0, 4) + "-" + value.substr(4, 2) + "-" + value.substr(6, 2);
  return true;
}

// "BRAND (generic) prescribing information", falling back to whichever names the label has.
std::string Title(const json& openfda, const json& record) {
  const std::string brand = OpenfdaFirst(openfda, "brand_name");
  std::string generic = AsciiLower(OpenfdaFirst(openfda, "generic_name"));
  if (generic.empty()) generic = AsciiLower(OpenfdaFirst(openfda, "substance_name"));
  std::string name;
  if (!brand.empty() && !generic.empty() && AsciiLower(brand) != generic) {
    name = brand + " (" + generic + ")";
  } else if (!brand.empty()) {
    name = brand;
  } else if (!generic.empty()) {
    name = Capitalised(generic);
  } else if (const auto it = record.find("spl_product_data_elements"); it != record.end()) {
    // The product's own element list starts with its name: keep the first few words.
    const std::vector<std::string> texts = Texts(*it);
    if (!texts.empty()) {
      const std::string cleaned = Clean(texts[0]);
      const std::vector<std::string_view> words = Words(cleaned);
      for (size_t k = 0; k < words.size() && k < 4; ++k) name += (k ? " " : "") + std::string(words[k]);
    }
  }
  if (name.empty()) return "Drug label";
  return name + " prescribing information";
}

// The active moiety's name without its salt or hydrate words ("succinylcholine chloride" ->
// "succinylcholine", "clopidogrel bisulfate" -> "clopidogrel"): how clinicians name the drug.
// Empty when nothing is dropped.
std::string WithoutSalt(const std::string& name) {
  static const std::set<std::string_view> kSaltWords = {
      "acetate",   "besylate",  "bisulfate", "bitartrate", "bromide",   "calcium",    "chloride",
      "citrate",   "dihydrate", "disodium",  "fumarate",   "hcl",       "hyclate",    "hydrobromide",
      "hydrochloride", "maleate", "magnesium", "mesylate",  "monohydrate", "phosphate", "potassium",
      "sodium",    "succinate", "sulfate",   "tartrate",   "tosylate",  "trihydrate", "anhydrous"};
  const std::string lower = AsciiLower(name);
  std::vector<std::string_view> words = Words(lower);
  const size_t all = words.size();
  while (words.size() > 1 && kSaltWords.count(words.back())) words.pop_back();
  if (words.size() == all) return {};
  const std::string_view last = words.back();
  return lower.substr(0, static_cast<size_t>(last.data() + last.size() - lower.data()));
}

// An established pharmacologic class as clinicians write it: "P2Y12 Platelet Inhibitor [EPC]" ->
// "p2y12 platelet inhibitor" (lower case, without the bracketed class type). Empty when there is
// no name.
std::string ClassName(const std::string& value) {
  std::string name = Clean(value);
  if (const size_t bracket = name.find(" ["); bracket != std::string::npos) name.resize(bracket);
  return AsciiLower(name);
}

// Shorter names of a class of three or more words: its first and last words ("p2y12 platelet
// inhibitor" -> "p2y12 inhibitor", "her2/neu receptor antagonist" -> "her2/neu antagonist").
std::vector<std::string> ClassShortNames(const std::string& name) {
  const size_t first = name.find(' ');
  const size_t last = name.rfind(' ');
  if (first == std::string::npos || first == last) return {};
  return {name.substr(0, first) + name.substr(last)};
}

// Builds the document of one label record, or returns why it cannot be loaded.
std::string BuildLabel(const json& record, const std::string& set_id, Document* out) {
  Document doc;
  doc.id = "fda:" + set_id;
  doc.source = "fda";
  doc.type = RefType::kDrugLabel;
  doc.language = "eng";
  doc.url = std::string(kDailyMedLookup) + set_id;
  static const json kNoOpenfda = json::object();
  const auto openfda_it = record.find("openfda");
  const json& openfda = openfda_it != record.end() && openfda_it->is_object() ? *openfda_it : kNoOpenfda;
  doc.title = Title(openfda, record);
  doc.venue = OpenfdaFirst(openfda, "manufacturer_name");
  ParseEffectiveTime(StringOf(record, "effective_time"), &doc.year, &doc.updated);
  // The generic name is the label's focus (and its vocabulary term, with the brand and substance
  // names as synonyms: "Plavix" finds the clopidogrel label).
  doc.focus = AsciiLower(OpenfdaFirst(openfda, "generic_name"));
  std::set<std::string> seen;
  for (const char* key : {"brand_name", "generic_name", "substance_name"}) {
    if (const auto it = openfda.find(key); it != openfda.end()) {
      for (const std::string& s : Texts(*it)) {
        std::string name = Clean(s);
        std::string base = WithoutSalt(name);
        if (!name.empty() && seen.insert(AsciiLower(name)).second) doc.keywords.push_back(std::move(name));
        if (!base.empty() && seen.insert(base).second) doc.keywords.push_back(std::move(base));
      }
    }
  }

  DocumentBuilder builder(std::move(doc));
  auto add_field = [&](const Field& field) {
    std::vector<LabelTable> tables;
    if (const auto it = record.find(std::string(field.key) + "_table"); it != record.end()) {
      for (const std::string& html : Texts(*it)) tables.push_back(ParseTable(html));
    }
    if (const auto it = record.find(field.key); it != record.end()) {
      for (const std::string& text : Texts(*it)) AddTextSections(field, text, &builder);
    }
    for (const LabelTable& table : tables) AddTableSection(field, table, &builder);
  };
  std::set<std::string_view> known;
  for (const Field& field : kFields) {
    known.insert(field.key);
    add_field(field);
  }
  // Label fields this reader does not know yet, after the known ones, named from the key.
  for (const auto& [key, value] : record.items()) {
    std::string_view base(key);
    if (base.size() > 6 && base.substr(base.size() - 6) == "_table") base.remove_suffix(6);
    if (known.count(base) != 0 || SkippedFields().count(base) != 0 || base != key) continue;
    std::string label = Capitalised(key);
    std::replace(label.begin(), label.end(), '_', ' ');
    add_field(Field{key.c_str(), label.c_str()});
  }
  if (builder.empty()) return "no label section has any text";
  *out = builder.Finish();
  return "";
}

// Keeps one label per set_id, the newest (effective_time, then version), in the order each
// set_id was first seen; older versions are reported as skipped.
class LabelCollector {
 public:
  LabelCollector(const std::string& path, RecordSink& sink) : path_(path), sink_(sink) {}

  void Add(const json& record, const std::string& where) {
    const auto set_id_field = record.find("set_id");
    if (set_id_field == record.end() || !set_id_field->is_string()) {
      return sink_.OnSkip({path_, where, "\"set_id\" is missing or not a string"});
    }
    const std::string set_id = Clean(set_id_field->get<std::string>());
    if (set_id.empty() || set_id.size() > 100 ||
        std::any_of(set_id.begin(), set_id.end(), [](char c) { return static_cast<unsigned char>(c) <= ' '; })) {
      return sink_.OnSkip({path_, where, "\"set_id\" is empty, too long or has whitespace"});
    }
    const std::string record_name = "fda:" + set_id + " (" + where + ")";
    Entry entry;
    entry.where = where;
    entry.effective_time = StringOf(record, "effective_time");
    const std::string version = StringOf(record, "version");
    entry.version = version.empty() || version.size() > 9 || !std::all_of(version.begin(), version.end(), IsDigit)
                        ? -1
                        : std::stol(version);
    if (std::string problem = BuildLabel(record, set_id, &entry.doc); !problem.empty()) {
      return sink_.OnSkip({path_, record_name, problem});
    }
    if (const auto openfda = record.find("openfda"); openfda != record.end() && openfda->is_object()) {
      if (const auto epc = openfda->find("pharm_class_epc"); epc != openfda->end()) {
        for (const std::string& c : Texts(*epc)) {
          if (std::string name = ClassName(c); !name.empty()) entry.classes.push_back(std::move(name));
        }
      }
    }
    const auto [it, inserted] = by_set_id_.emplace(set_id, entries_.size());
    if (inserted) {
      entries_.push_back(std::move(entry));
      return;
    }
    Entry& held = entries_[it->second];
    const bool newer = std::tie(entry.effective_time, entry.version) > std::tie(held.effective_time, held.version);
    Entry& older = newer ? held : entry;
    const Entry& kept = newer ? entry : held;
    sink_.OnSkip({path_, "fda:" + set_id + " (" + older.where + ")",
                  "superseded by version " + std::to_string(kept.version) + " (effective " + kept.effective_time +
                      ") of the same set_id at " + kept.where});
    if (newer) held = std::move(entry);
  }

  void Flush() {
    for (Entry& e : entries_) {
      if (!e.doc.focus.empty()) {
        std::vector<std::string> synonyms;
        for (const std::string& k : e.doc.keywords) {
          if (AsciiLower(k) != e.doc.focus) synonyms.push_back(k);
        }
        sink_.OnVocabulary({"fda", e.doc.id, e.doc.focus, std::move(synonyms)});
      }
      // Each established pharmacologic class the label belongs to names it too ("P2Y12
      // platelet inhibitor", also "P2Y12 inhibitor"): one entry per label and class, its id the
      // label's and the class's number ("fda:<set_id>#2": entries are keyed by source and id).
      for (size_t k = 0; k < e.classes.size(); ++k) {
        sink_.OnVocabulary({"fda-class", e.doc.id + "#" + std::to_string(k + 1), e.classes[k],
                            ClassShortNames(e.classes[k])});
      }
      sink_.OnDocument(std::move(e.doc));
    }
    entries_.clear();
    by_set_id_.clear();
  }

 private:
  struct Entry {
    Document doc;
    std::string where;
    std::string effective_time;
    long version = -1;
    std::vector<std::string> classes;  // established pharmacologic classes, lower case
  };
  const std::string& path_;
  RecordSink& sink_;
  std::vector<Entry> entries_;
  std::unordered_map<std::string, size_t> by_set_id_;
};

}  // namespace

Status ReadOpenfdaLabels(const InputFile& file, RecordSink& sink) {
  LabelCollector labels(file.path, sink);
  const size_t first = file.content.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
  // A response object spans many lines or starts with {"meta"; a JSONL file has one label
  // per line, each with its own "set_id".
  const bool response = first != std::string::npos && file.content.compare(first, 1, "{") == 0 &&
                        file.content.find("\"results\"") != std::string::npos &&
                        file.content.find("\"meta\"") != std::string::npos &&
                        file.content.find("\"results\"") < file.content.find("\"set_id\"");
  if (!response) {
    Status s = ForEachJsonLine(file, sink, /*repair_utf8=*/true, [&](const json& record, size_t line_no) {
      labels.Add(record, "line " + std::to_string(line_no));
    });
    labels.Flush();
    return s;
  }
  json root;
  if (Status s = ParseJsonFile(file, &root); !s.ok()) return s;
  const auto results = root.find("results");
  if (!root.is_object() || results == root.end() || !results->is_array()) {
    return Status::InvalidArgument(file.path + ": an openFDA response needs a \"results\" array of labels");
  }
  for (size_t i = 0; i < results->size(); ++i) {
    const std::string where = "results[" + std::to_string(i) + "]";
    if (!(*results)[i].is_object()) {
      sink.OnSkip({file.path, where, "not a JSON object"});
      continue;
    }
    labels.Add((*results)[i], where);
  }
  labels.Flush();
  return Status::Ok();
}

}  // namespace medoracle
