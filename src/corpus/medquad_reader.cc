// Reader for MedQuAD question-answer XML documents.
#include <algorithm>
#include <exception>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <pugixml.hpp>

#include "corpus/reader.h"
#include "corpus/sentence_splitter.h"
#include "corpus/text.h"
#include "corpus/xml_util.h"

namespace medoracle {
namespace {

constexpr std::string_view kAnswerLabel = "Answer";
// A line or segment this short, without final punctuation, followed by content, is a
// heading ("Key Points", "Chemotherapy", "Untreated adult ALL").
constexpr size_t kMaxHeadingBytes = 80;
constexpr int kMaxHeadingWords = 10;

struct Publisher {
  std::string_view source;
  std::string_view name;
};
constexpr Publisher kPublishers[] = {
    {"CancerGov", "National Cancer Institute"},
    {"GARD", "Genetic and Rare Diseases Information Center"},
    {"GHR", "Genetics Home Reference"},
    {"MPlusHealthTopics", "MedlinePlus"},
    {"NIDDK", "National Institute of Diabetes and Digestive and Kidney Diseases"},
    {"NINDS", "National Institute of Neurological Disorders and Stroke"},
    {"NIHSeniorHealth", "NIHSeniorHealth (National Institute on Aging)"},
    {"NHLBI", "National Heart, Lung, and Blood Institute"},
    {"CDC", "Centers for Disease Control and Prevention"},
};

std::string PublisherName(std::string_view source) {
  for (const Publisher& p : kPublishers) {
    if (p.source == source) return std::string(p.name);
  }
  return std::string(source);
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }
bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

std::string_view Trim(std::string_view s) {
  while (!s.empty() && IsSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && IsSpace(s.back())) s.remove_suffix(1);
  return s;
}

// A piece of an answer: one line, or part of a line set off by a wide gap or a bullet.
struct Segment {
  std::string text;
  bool bullet = false;
};

bool IsSentenceEnd(char c) { return c == '.' || c == '!' || c == '?' || c == ':'; }

// Splits an answer into segments. MedQuAD answers are flattened web pages: lines, runs of
// three or more spaces where paragraphs and sub-headings were, and "- " bullets at the start
// of a line, after two or more spaces ("following:    - Fever.    - Night sweats.") or after a
// sentence's end and before a capital. Any other single-spaced " - " is a dash in running text
// and is left alone.
std::vector<Segment> AnswerSegments(std::string_view answer) {
  std::vector<Segment> segments;
  bool pending_bullet = false;  // a "-" that ended its line: the next segment is the item
  auto emit = [&](std::string_view raw) {
    std::string_view s = Trim(raw);
    bool bullet = false;
    if (!s.empty() && s[0] == '-' && (s.size() == 1 || IsSpace(s[1]) || IsAlpha(s[1]))) {
      bullet = true;
      s = Trim(s.substr(1));
    }
    if (s.empty()) {
      pending_bullet = pending_bullet || bullet;
      return;
    }
    if (s == "Espaol" || s == "Espa\xC3\xB1ol") return;  // a language link left in NHLBI pages
    segments.push_back({CollapseWhitespace(s), bullet || pending_bullet});
    pending_bullet = false;
  };
  size_t line_start = 0;
  while (line_start <= answer.size()) {
    size_t line_end = answer.find('\n', line_start);
    if (line_end == std::string_view::npos) line_end = answer.size();
    const std::string_view line = answer.substr(line_start, line_end - line_start);
    size_t seg_start = 0;
    size_t i = 0;
    while (i < line.size()) {
      if (!IsSpace(line[i])) {
        ++i;
        continue;
      }
      size_t j = i;
      while (j < line.size() && IsSpace(line[j])) ++j;
      const bool bullet_next =
          j + 1 < line.size() && line[j] == '-' && (IsSpace(line[j + 1]) || IsAlpha(line[j + 1]));
      // A bullet right after a sentence's end ("... of gout research. - Refining current
      // treatments."): NIHSeniorHealth pages flatten their lists to one line so.
      size_t item = j + 1;
      while (item < line.size() && IsSpace(line[item])) ++item;
      const bool bullet_after_sentence = bullet_next && i > 0 && IsSentenceEnd(line[i - 1]) && item > j + 1 &&
                                         item < line.size() && line[item] >= 'A' && line[item] <= 'Z';
      if (j - i >= 3 || (j - i >= 2 && bullet_next) || bullet_after_sentence) {
        emit(line.substr(seg_start, i - seg_start));
        seg_start = j;
      }
      i = j;
    }
    emit(line.substr(seg_start));
    line_start = line_end + 1;
  }
  return segments;
}

bool HeadingLike(const Segment& segment) {
  const std::string& s = segment.text;
  if (segment.bullet || s.size() > kMaxHeadingBytes || s[0] < 'A' || s[0] > 'Z') return false;
  const char last = s.back();
  if (last == '.' || last == '!' || last == '?' || last == ':' || last == ';' || last == ',') return false;
  return std::count(s.begin(), s.end(), ' ') < kMaxHeadingWords;
}

std::vector<std::string> Sentences(std::string_view text) {
  std::vector<std::string> out;
  for (const Span& s : SplitSentences(text)) out.emplace_back(text.substr(s.start, s.end - s.start));
  return out;
}

// Lays out an answer as sections: each paragraph segment is a section; consecutive bullets
// are one section with each bullet its own sentence(s), together with the ':' lead-in
// paragraph right before them. Headings become the label ("Answer > Key Points"); a
// heading over a bullet list ("Key Points") covers only that list.
void AddAnswer(std::string_view answer, DocumentBuilder* builder) {
  const std::vector<Segment> segments = AnswerSegments(answer);
  std::string label(kAnswerLabel);
  std::string group_label;
  std::vector<std::string> group;
  bool group_has_items = false;
  bool group_lead_in = false;
  enum class AfterHeading { kNo, kYes, kInList } after_heading = AfterHeading::kNo;
  auto flush = [&] {
    if (!group.empty()) builder->AddSplitSection(group_label, group);
    group.clear();
    group_has_items = false;
    group_lead_in = false;
  };
  for (size_t k = 0; k < segments.size(); ++k) {
    const Segment& seg = segments[k];
    if (k + 1 < segments.size() && HeadingLike(seg) && !HeadingLike(segments[k + 1])) {
      flush();
      label = std::string(kAnswerLabel) + " > " + seg.text;
      after_heading = AfterHeading::kYes;
      continue;
    }
    if (seg.bullet) {
      if (after_heading == AfterHeading::kYes) after_heading = AfterHeading::kInList;
      if (!group_has_items && !group_lead_in) flush();
      if (group.empty()) group_label = label;
      for (std::string& s : Sentences(seg.text)) group.push_back(std::move(s));
      group_has_items = true;
      continue;
    }
    flush();
    if (after_heading == AfterHeading::kInList) label = std::string(kAnswerLabel);
    after_heading = AfterHeading::kNo;
    if (seg.text.back() == ':') {
      group_label = label;
      group = Sentences(seg.text);
      group_lead_in = true;
    } else {
      builder->AddSection(label, seg.text);
    }
  }
  flush();
}

// The element's text with whitespace collapsed.
std::string TextOf(pugi::xml_node node) { return CollapseWhitespace(SanitizeUtf8(node.text().get())); }

// The first child element named one of names (MedQuAD files spell them three ways).
pugi::xml_node Child(pugi::xml_node node, std::initializer_list<const char*> names) {
  for (const char* name : names) {
    if (pugi::xml_node child = node.child(name)) return child;
  }
  return {};
}

std::string Attr(pugi::xml_node node, std::initializer_list<const char*> names) {
  for (const char* name : names) {
    if (pugi::xml_attribute a = node.attribute(name)) return CollapseWhitespace(a.value());
  }
  return "";
}

// Whether text can be part of a document id: ids are shown, stored, and addressed in URLs
// (/d/{id}), so bytes that are not UTF-8 text, or control characters, would give a document no
// page could open (found by medquad_fuzz, in the source attribute and then in a pair's pid).
bool PrintableUtf8(const std::string& text) {
  return IsValidUtf8(text) && std::none_of(text.begin(), text.end(),
                                           [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

// Document ids repeat inside CancerGov (0000013_2.xml, 0000013_2_1.xml, ... all say
// id="0000013_2" for different cancers); the file name tells them apart.
std::string NativeId(const std::string& id, const std::string& path) {
  const std::string_view name = XmlFileStem(path);
  if (name.size() > id.size() + 1 && name.substr(0, id.size()) == id && name[id.size()] == '_')
    return std::string(name);
  return id;
}

Status ReadMedquadDocument(const InputFile& file, RecordSink& sink) {
  pugi::xml_document xml;
  if (Status loaded = LoadXmlFile(file, &xml); !loaded.ok()) return loaded;
  // <Document id source url> in almost every file; one CDC file says <DiseaseFile fid ...>
  // and four NINDS files <doc docid corpus url> with lower-case children.
  const pugi::xml_node root = xml.document_element();
  const std::string_view root_name = root.name();
  if (root_name != "Document" && root_name != "DiseaseFile" && root_name != "doc") {
    return Status::Corruption(file.path + ": not a MedQuAD document: root element <" +
                              std::string(root_name) + ">, expected <Document>");
  }
  const std::string id = Attr(root, {"id", "fid", "docid"});
  const std::string source = Attr(root, {"source", "corpus"});
  if (id.empty() || source.empty()) {
    sink.OnSkip({file.path, "record 1", "MedQuAD document without an id or source attribute"});
    return Status::Ok();
  }
  const std::string native = source + "/" + NativeId(id, file.path);
  if (!PrintableUtf8(native)) {
    sink.OnSkip({file.path, "record 1", "MedQuAD document id or source attribute is not printable UTF-8 text"});
    return Status::Ok();
  }
  const std::string focus = TextOf(Child(root, {"Focus", "doctitle-focus"}));
  std::vector<std::string> synonyms;
  for (pugi::xml_node syn : root.child("FocusAnnotations").child("Synonyms").children("Synonym")) {
    std::string s = TextOf(syn);
    if (!s.empty() && AsciiLower(s) != AsciiLower(focus) &&
        std::find(synonyms.begin(), synonyms.end(), s) == synonyms.end()) {
      synonyms.push_back(std::move(s));
    }
  }

  const pugi::xml_node pairs = Child(root, {"QAPairs", "qaPairs"});
  int position = 0;
  for (pugi::xml_node pair : pairs.children()) {
    const std::string_view pair_name = pair.name();
    if (pair_name != "QAPair" && pair_name != "pair") continue;
    ++position;
    std::string pid = Attr(pair, {"pid"});
    if (pid.empty()) pid = std::to_string(position);
    if (!PrintableUtf8(pid)) {
      sink.OnSkip({file.path, native + " pair " + std::to_string(position),
                   "MedQuAD pid attribute is not printable UTF-8 text"});
      continue;
    }
    const std::string record = native + "#" + pid;
    const std::string question = TextOf(Child(pair, {"Question", "question"}));
    const std::string answer = SanitizeUtf8(Child(pair, {"Answer", "answer"}).text().get());
    Document doc;
    doc.id = "medquad:" + record;
    doc.source = "medquad";
    doc.type = RefType::kConsumerHealth;
    doc.title = question.empty() ? focus : question;
    if (!question.empty()) doc.questions.push_back(question);
    doc.focus = focus;
    doc.synonyms = synonyms;
    doc.url = Attr(root, {"url"});
    doc.venue = PublisherName(source);
    doc.language = "eng";
    DocumentBuilder builder(std::move(doc));
    AddAnswer(answer, &builder);
    if (builder.empty()) {
      sink.OnSkip({file.path, record, "empty answer"});
      continue;
    }
    sink.OnDocument(builder.Finish());
  }
  if (position == 0) sink.OnSkip({file.path, native, "no question-answer pairs"});
  if (!focus.empty() && !synonyms.empty()) sink.OnVocabulary({"medquad", native, focus, synonyms});
  return Status::Ok();
}

}  // namespace

Status ReadMedquadXml(const InputFile& file, RecordSink& sink) {
  try {
    return ReadMedquadDocument(file, sink);
  } catch (const std::exception& e) {
    return Status::Internal(file.path + ": " + e.what());
  }
}

}  // namespace medoracle
