// Reader for PMC JATS full-text articles (.nxml).
#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <string_view>
#include <vector>

#include <pugixml.hpp>

#include "corpus/reader.h"
#include "corpus/text.h"

namespace medoracle {
namespace {

// Whitespace-only text is kept (so "<italic>in</italic> <italic>vivo</italic>" keeps its
// space); entities are decoded once by DecodeEntities rather than by pugixml.
constexpr unsigned kParseOptions = (pugi::parse_default | pugi::parse_ws_pcdata) & ~pugi::parse_escapes;

// Sections nested deeper than this are left out (real articles nest 3-4 levels).
constexpr int kMaxSectionDepth = 12;

bool IsBlank(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

bool NameIs(pugi::xml_node node, std::string_view name) { return name == node.name(); }

bool IsMathElement(std::string_view name) { return name == "math" || name.substr(0, 4) == "mml:"; }

// Elements whose content is not running text: floats, display formulas, graphics, TeX
// source, footnotes. Inline MathML is kept (flattened).
bool IsSkippedInline(std::string_view name) {
  static constexpr std::array<std::string_view, 14> kSkipped = {
      "fig", "fig-group", "table-wrap", "table-wrap-group", "table", "disp-formula", "disp-formula-group",
      "graphic", "inline-graphic", "media", "tex-math", "supplementary-material", "fn", "object-id"};
  return std::find(kSkipped.begin(), kSkipped.end(), name) != kSkipped.end();
}

// Appends the running text under root with inline markup (italic, sub, sup, xref, ext-link,
// ...) flattened; skipped elements contribute nothing and MathML layout whitespace is
// dropped. with_xref=false also drops cross-references (footnote marks in titles).
// Iterative, so deeply nested input cannot exhaust the stack.
void AppendFlatText(pugi::xml_node root, bool with_xref, std::string* out) {
  pugi::xml_node math;
  pugi::xml_node n = root.first_child();
  while (n) {
    if (n.type() == pugi::node_element) {
      const std::string_view name = n.name();
      const bool skip = IsSkippedInline(name) || (!with_xref && name == "xref");
      if (skip || name == "break" || name == "list-item") *out += ' ';  // "as<disp-formula/>in" -> "as in"
      if (!skip) {
        if (!math && IsMathElement(name)) math = n;
        if (n.first_child()) {
          n = n.first_child();
          continue;
        }
      }
    } else if (n.type() == pugi::node_pcdata) {
      const std::string_view value = n.value();
      if (!math || !IsBlank(value) || NameIs(n.parent(), "mml:mtext")) *out += DecodeEntities(value);
    } else if (n.type() == pugi::node_cdata) {
      *out += n.value();
    }
    while (n != root && !n.next_sibling()) {
      n = n.parent();
      if (n == math) math = pugi::xml_node();
      if (n != root && NameIs(n, "list-item")) *out += ' ';
    }
    if (n == root) break;
    if (n == math) math = pugi::xml_node();
    if (NameIs(n, "list-item")) *out += ' ';
    n = n.next_sibling();
  }
}

std::string Text(pugi::xml_node node, bool with_xref = true) {
  std::string raw;
  AppendFlatText(node, with_xref, &raw);
  return CollapseWhitespace(SanitizeUtf8(raw));
}

std::string Attr(pugi::xml_node node, const char* name) {
  return CollapseWhitespace(SanitizeUtf8(DecodeEntities(node.attribute(name).value())));
}

// Initials of given names, PubMed style: "John J" -> "JJ", "Ing-Nang" -> "IN",
// "Victor P. M. G." -> "VPMG"; a short all-capitals token ("JA") is already initials.
std::string Initials(std::string_view given) {
  std::string out;
  size_t i = 0;
  while (i < given.size()) {
    while (i < given.size() && (given[i] == ' ' || given[i] == '-' || given[i] == '.')) ++i;
    size_t end = i;
    while (end < given.size() && given[end] != ' ' && given[end] != '-' && given[end] != '.') ++end;
    if (end == i) break;
    const std::string_view token = given.substr(i, end - i);
    const bool all_caps = token.size() <= 3 && std::all_of(token.begin(), token.end(),
                                                           [](char c) { return c >= 'A' && c <= 'Z'; });
    if (all_caps) {
      out += token;
    } else {
      // The first code point, whole (a multi-byte UTF-8 letter keeps its continuation bytes).
      size_t len = 1;
      while (i + len < end && (static_cast<unsigned char>(given[i + len]) & 0xC0) == 0x80) ++len;
      std::string first(given.substr(i, len));
      if (len == 1) first[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(first[0])));
      out += first;
    }
    i = end;
  }
  return out;
}

// "Surname Initials" of each author contributor (collaborations by their name).
std::vector<std::string> Authors(pugi::xml_node meta) {
  std::vector<std::string> authors;
  for (pugi::xml_node group : meta.children("contrib-group")) {
    for (pugi::xml_node contrib : group.children("contrib")) {
      if (std::string_view(contrib.attribute("contrib-type").value()) != "author") continue;
      std::string name;
      if (pugi::xml_node n = contrib.child("name")) {
        name = Text(n.child("surname"));
        std::string initials = Attr(n.child("given-names"), "initials");
        if (initials.empty()) initials = Initials(Text(n.child("given-names")));
        if (!name.empty() && !initials.empty()) name += " " + initials;
      } else if (pugi::xml_node collab = contrib.child("collab")) {
        name = Text(collab, /*with_xref=*/false);
      } else {
        name = Text(contrib.child("string-name"));
      }
      if (!name.empty()) authors.push_back(std::move(name));
    }
  }
  return authors;
}

// Publication year: the print issue date, else the electronic date, else any dated one
// (JATS 1.1+ writes date-type="pub" with publication-format instead of pub-type).
int PublicationYear(pugi::xml_node meta) {
  int by_rank[4] = {0, 0, 0, 0};  // ppub, epub, pub, any other
  for (pugi::xml_node date : meta.children("pub-date")) {
    const std::string_view type = date.attribute("pub-type").value();
    const std::string_view date_type = date.attribute("date-type").value();
    const std::string_view format = date.attribute("publication-format").value();
    int rank = 3;
    if (type == "ppub" || (date_type == "pub" && format == "print")) {
      rank = 0;
    } else if (type == "epub" || (date_type == "pub" && format == "electronic")) {
      rank = 1;
    } else if (date_type == "pub" || type == "epub-ppub") {
      rank = 2;
    }
    if (by_rank[rank] == 0) by_rank[rank] = FirstYear(Text(date.child("year")));
  }
  for (int year : by_rank) {
    if (year != 0) return year;
  }
  return 0;
}

RefType TypeFromArticleType(std::string_view type) {
  if (type.find("systematic-review") != std::string_view::npos ||
      type.find("meta-analysis") != std::string_view::npos) {
    return RefType::kSystematicReview;
  }
  if (type == "review-article") return RefType::kReview;
  if (type == "case-report") return RefType::kCaseReport;
  return RefType::kOther;
}

// ISO 639-2 (bibliographic, as PubMed writes it) for the common xml:lang codes.
std::string Language(std::string_view xml_lang) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 10> kCodes = {{
      {"en", "eng"}, {"fr", "fre"}, {"de", "ger"}, {"es", "spa"}, {"it", "ita"},
      {"pt", "por"}, {"nl", "dut"}, {"ru", "rus"}, {"ja", "jpn"}, {"zh", "chi"},
  }};
  const std::string lang = AsciiLower(xml_lang.substr(0, xml_lang.find('-')));
  if (lang.empty()) return "eng";  // the JATS DTD default for <article xml:lang>
  for (const auto& [two, three] : kCodes) {
    if (lang == two) return std::string(three);
  }
  return lang;
}

// Sections that are not evidence: administrative statements and supplementary file lists.
bool IsAdministrativeSection(pugi::xml_node sec, const std::string& title) {
  const std::string type = AsciiLower(sec.attribute("sec-type").value());
  if (type == "supplementary-material" || type == "coi-statement" || type == "author-contributions") {
    return true;
  }
  static constexpr std::array<std::string_view, 9> kTitles = {
      "competing interests",     "conflict of interest",   "conflicts of interest",
      "authors' contributions",  "author contributions",   "authors contributions",
      "pre-publication history", "supplementary material", "supporting information"};
  const std::string lower = AsciiLower(title);
  return std::find(kTitles.begin(), kTitles.end(), lower) != kTitles.end();
}

class JatsReader {
 public:
  JatsReader(const InputFile& file, RecordSink& sink) : file_(file), sink_(sink) {}

  void ReadArticle(pugi::xml_node article, int record_number);

 private:
  // Adds one paragraph-level block with the given label: a <p> is one paragraph (one
  // AddSection call, so sentences never run across paragraphs), lists, quotes and boxes add
  // their paragraphs, a nested <sec> is labelled "Parent > Child". Anything else (figures,
  // tables, formulas, supplementary material, titles) adds nothing.
  void AddBlock(pugi::xml_node block, const std::string& label, int depth);
  // Adds a <sec>: its label is its title under parent_label; administrative ones are left out.
  void AddSec(pugi::xml_node sec, const std::string& parent_label, int depth);

  const InputFile& file_;
  RecordSink& sink_;
  DocumentBuilder* builder_ = nullptr;
};

void JatsReader::AddSec(pugi::xml_node sec, const std::string& parent_label, int depth) {
  if (depth > kMaxSectionDepth) return;
  const std::string title = Text(sec.child("title"), /*with_xref=*/false);
  if (IsAdministrativeSection(sec, title)) return;
  std::string label = parent_label;
  if (!title.empty()) label = parent_label.empty() ? title : parent_label + " > " + title;
  if (label.empty()) label = "Body";
  for (pugi::xml_node child : sec.children()) AddBlock(child, label, depth);
}

void JatsReader::AddBlock(pugi::xml_node block, const std::string& label, int depth) {
  if (depth > kMaxSectionDepth) return;
  const std::string_view name = block.name();
  if (name == "p") {
    builder_->AddSection(label, Text(block));
  } else if (name == "sec") {
    AddSec(block, label, depth + 1);
  } else if (name == "list" || name == "list-item" || name == "disp-quote" || name == "boxed-text" ||
             name == "statement" || name == "def-list" || name == "def-item" || name == "def") {
    for (pugi::xml_node child : block.children()) AddBlock(child, label, depth + 1);
  }
}

void JatsReader::ReadArticle(pugi::xml_node article, int record_number) {
  const pugi::xml_node front = article.child("front");
  const pugi::xml_node meta = front.child("article-meta");
  const pugi::xml_node journal = front.child("journal-meta");

  std::string pmcid, pmid, doi;
  for (pugi::xml_node id : meta.children("article-id")) {
    const std::string_view type = id.attribute("pub-id-type").value();
    if ((type == "pmc" || type == "pmcid") && pmcid.empty()) {
      pmcid = Text(id);
    } else if (type == "pmid" && pmid.empty()) {
      pmid = Text(id);
    } else if (type == "doi" && doi.empty()) {
      doi = Text(id);
    }
  }
  if (!pmcid.empty() && AsciiLower(pmcid.substr(0, 3)) != "pmc") pmcid = "PMC" + pmcid;
  if (pmcid.empty() && pmid.empty()) {
    const std::string record = doi.empty() ? "record " + std::to_string(record_number) : "doi:" + doi;
    sink_.OnSkip({file_.path, record, "no PMC id or PMID in article-meta"});
    return;
  }

  Document doc;
  doc.source = "pmc";
  if (!pmcid.empty()) {
    doc.id = "pmc:" + pmcid;
    doc.url = "https://www.ncbi.nlm.nih.gov/pmc/articles/" + pmcid + "/";
  } else {
    doc.id = "pmid:" + pmid;
    doc.url = "https://pubmed.ncbi.nlm.nih.gov/" + pmid + "/";
  }
  doc.pmid = pmid;
  doc.doi = doi;
  doc.title = Text(meta.child("title-group").child("article-title"), /*with_xref=*/false);
  doc.venue = Text(journal.child("journal-title-group").child("journal-title"));
  if (doc.venue.empty()) doc.venue = Text(journal.child("journal-title"));  // JATS/NLM 2.x
  if (doc.venue.empty()) {
    for (pugi::xml_node id : journal.children("journal-id")) {
      if (std::string_view(id.attribute("journal-id-type").value()) == "nlm-ta") doc.venue = Text(id);
    }
  }
  doc.year = PublicationYear(meta);
  doc.type = TypeFromArticleType(AsciiLower(article.attribute("article-type").value()));
  doc.language = Language(article.attribute("xml:lang").value());
  doc.authors = Authors(meta);
  for (pugi::xml_node group : meta.children("kwd-group")) {
    for (pugi::xml_node kwd : group.children("kwd")) {
      std::string k = Text(kwd);
      if (!k.empty() && std::find(doc.keywords.begin(), doc.keywords.end(), k) == doc.keywords.end()) {
        doc.keywords.push_back(std::move(k));
      }
    }
  }

  DocumentBuilder builder(std::move(doc));
  builder_ = &builder;
  // The abstract (its own <sec> titles when structured) and the author summary; other
  // abstract types (graphical, teaser, table of contents) are not text of the article.
  for (pugi::xml_node abstract : meta.children("abstract")) {
    const std::string type = AsciiLower(abstract.attribute("abstract-type").value());
    std::string label;
    if (type.empty() || type == "abstract" || type == "structured") {
      label = "Abstract";
    } else if (type == "summary" || type == "author-summary" || type == "executive-summary") {
      label = Text(abstract.child("title"), /*with_xref=*/false);
      if (label.empty()) label = "Author Summary";
    } else {
      continue;
    }
    for (pugi::xml_node child : abstract.children()) {
      if (NameIs(child, "sec")) {
        AddSec(child, label == "Abstract" ? "" : label, 1);  // structured: "Background", ...
      } else {
        AddBlock(child, label, 1);
      }
    }
  }
  // Body: text before the first <sec> is the unheaded introduction.
  bool seen_sec = false;
  for (pugi::xml_node child : article.child("body").children()) {
    if (NameIs(child, "sec")) {
      seen_sec = true;
      AddSec(child, "", 1);
    } else {
      AddBlock(child, seen_sec ? "Body" : "Introduction", 1);
    }
  }
  builder_ = nullptr;
  // As for PubMed citations, an article with no abstract or body text is its title.
  if (builder.empty()) builder.AddSection("Title", builder.doc().title);
  if (builder.empty()) {
    sink_.OnSkip({file_.path, builder.doc().id, "no title, abstract or body text"});
    return;
  }
  sink_.OnDocument(builder.Finish());
}

}  // namespace

Status ReadJats(const InputFile& file, RecordSink& sink) {
  pugi::xml_document xml;
  const pugi::xml_parse_result parsed =
      xml.load_buffer(file.content.data(), file.content.size(), kParseOptions);
  if (!parsed) {
    const auto offset = static_cast<size_t>(std::max<ptrdiff_t>(parsed.offset, 0));
    const auto end = file.content.begin() + static_cast<ptrdiff_t>(std::min(offset, file.content.size()));
    const auto line = 1 + std::count(file.content.begin(), end, '\n');
    return Status::Corruption(file.path + ": malformed XML at byte " + std::to_string(offset) + " (line " +
                              std::to_string(line) + "): " + parsed.description());
  }
  const pugi::xml_node root = xml.document_element();
  JatsReader reader(file, sink);
  if (NameIs(root, "article")) {
    reader.ReadArticle(root, 1);
  } else if (NameIs(root, "pmc-articleset")) {  // several articles, as efetch returns them
    int number = 0;
    for (pugi::xml_node article : root.children("article")) reader.ReadArticle(article, ++number);
  } else {
    return Status::Corruption(file.path + ": not a JATS article: root element is <" +
                              std::string(root.name()) + ">, expected <article>");
  }
  return Status::Ok();
}

}  // namespace medoracle
