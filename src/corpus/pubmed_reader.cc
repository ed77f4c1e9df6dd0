// Reader for PubMed/MEDLINE citation XML (PubmedArticleSet), including DeleteCitation.
#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <string_view>
#include <vector>

#include <pugixml.hpp>

#include "corpus/reader.h"
#include "corpus/study_design.h"
#include "corpus/text.h"

namespace medoracle {
namespace {

// Whitespace-only text is kept (so "<i>in</i> <i>vivo</i>" keeps its space); entities are
// left undecoded by pugixml and decoded once by DecodeEntities, which also knows the HTML
// names (&nbsp; ...) that pugixml would leave as written.
constexpr unsigned kParseOptions = (pugi::parse_default | pugi::parse_ws_pcdata) & ~pugi::parse_escapes;

bool IsBlank(std::string_view s) {
  return std::all_of(s.begin(), s.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

bool IsMathElement(std::string_view name) { return name == "math" || name.substr(0, 4) == "mml:"; }

// Appends the text under root with markup removed (<i>, <sub>, <sup>, ... keep their text).
// Inside MathML the layout whitespace between tokens is dropped, so <mi>V</mi> <mn>2</mn>
// reads "V2". Iterative, so deeply nested input cannot exhaust the stack.
void AppendFlatText(pugi::xml_node root, std::string* out) {
  pugi::xml_node math;  // the outermost MathML element we are inside, if any
  pugi::xml_node n = root.first_child();
  while (n) {
    if (n.type() == pugi::node_element) {
      if (!math && IsMathElement(n.name())) math = n;
      if (n.first_child()) {
        n = n.first_child();
        continue;
      }
    } else if (n.type() == pugi::node_pcdata) {
      const std::string_view value = n.value();
      if (!math || !IsBlank(value) || std::string_view(n.parent().name()) == "mml:mtext") {
        *out += DecodeEntities(value);
      }
    } else if (n.type() == pugi::node_cdata) {
      *out += n.value();
    }
    // Next node in document order below root.
    while (n != root && !n.next_sibling()) {
      n = n.parent();
      if (n == math) math = pugi::xml_node();
    }
    if (n == root) break;
    if (n == math) math = pugi::xml_node();
    n = n.next_sibling();
  }
}

// The cleaned text of a node: markup removed, entities decoded, UTF-8 repaired, whitespace
// collapsed. Empty for a null node.
std::string Text(pugi::xml_node node) {
  std::string raw;
  AppendFlatText(node, &raw);
  return CollapseWhitespace(SanitizeUtf8(raw));
}

std::string Attr(pugi::xml_node node, const char* name) {
  return CollapseWhitespace(SanitizeUtf8(DecodeEntities(node.attribute(name).value())));
}

void AddUnique(std::vector<std::string>* list, std::string value) {
  if (value.empty() || std::find(list->begin(), list->end(), value) != list->end()) return;
  list->push_back(std::move(value));
}

int PublicationYear(pugi::xml_node article) {
  const pugi::xml_node date = article.child("Journal").child("JournalIssue").child("PubDate");
  if (int y = FirstYear(Text(date.child("Year")))) return y;
  if (int y = FirstYear(Text(date.child("MedlineDate")))) return y;
  return FirstYear(Text(article.child("ArticleDate").child("Year")));
}

std::vector<std::string> Authors(pugi::xml_node article) {
  std::vector<std::string> authors;
  for (pugi::xml_node author : article.child("AuthorList").children("Author")) {
    if (std::string_view(author.attribute("ValidYN").value()) == "N") continue;  // retracted entry
    std::string name = Text(author.child("LastName"));
    if (!name.empty()) {
      const std::string initials = Text(author.child("Initials"));
      if (!initials.empty()) name += " " + initials;
    } else {
      name = Text(author.child("CollectiveName"));
    }
    if (!name.empty()) authors.push_back(std::move(name));
  }
  return authors;
}

std::string Doi(pugi::xml_node pubmed_article, pugi::xml_node article) {
  for (pugi::xml_node id : pubmed_article.child("PubmedData").child("ArticleIdList").children("ArticleId")) {
    if (std::string_view(id.attribute("IdType").value()) == "doi") {
      if (std::string doi = Text(id); !doi.empty()) return doi;
    }
  }
  for (pugi::xml_node loc : article.children("ELocationID")) {
    if (std::string_view(loc.attribute("EIdType").value()) == "doi" &&
        std::string_view(loc.attribute("ValidYN").value()) != "N") {
      if (std::string doi = Text(loc); !doi.empty()) return doi;
    }
  }
  return "";
}

// PubMed writes "[Not Available]." when a record has no (English) title.
std::string Title(pugi::xml_node article) {
  std::string title = Text(article.child("ArticleTitle"));
  if (title.empty() || title == "[Not Available]." || title == "[Not Available]") {
    title = Text(article.child("VernacularTitle"));
  }
  return title;
}

class PubmedXmlReader {
 public:
  PubmedXmlReader(const InputFile& file, RecordSink& sink) : file_(file), sink_(sink) {}

  // Handles one record element: PubmedArticle, MedlineCitation, PubmedBookArticle or
  // DeleteCitation.
  void ReadRecord(pugi::xml_node node) {
    const std::string_view name = node.name();
    if (name == "DeleteCitation") {
      for (pugi::xml_node pmid : node.children("PMID")) {
        if (std::string id = Text(pmid); !id.empty()) sink_.OnDelete("pmid:" + id);
      }
    } else if (name == "PubmedArticle") {
      ReadCitation(node, node.child("MedlineCitation"));
    } else if (name == "MedlineCitation") {  // MedlineCitationSet: no PubmedData wrapper
      ReadCitation(node, node);
    } else if (name == "PubmedBookArticle") {
      ++record_number_;
      const std::string pmid = Text(node.child("BookDocument").child("PMID"));
      Skip(pmid, "book records are not supported");
    }
  }

 private:
  void Skip(const std::string& pmid, std::string reason) {
    sink_.OnSkip({file_.path, pmid.empty() ? "record " + std::to_string(record_number_) : "pmid:" + pmid,
                  std::move(reason)});
  }

  void ReadCitation(pugi::xml_node record, pugi::xml_node citation) {
    ++record_number_;
    const std::string pmid = Text(citation.child("PMID"));
    if (pmid.empty()) return Skip(pmid, "no PMID in MedlineCitation");
    const pugi::xml_node article = citation.child("Article");

    Document doc;
    doc.id = "pmid:" + pmid;
    doc.source = "pubmed";
    doc.pmid = pmid;
    doc.url = "https://pubmed.ncbi.nlm.nih.gov/" + pmid + "/";
    doc.title = Title(article);
    const pugi::xml_node journal = article.child("Journal");
    doc.venue = Text(journal.child("Title"));
    if (doc.venue.empty()) doc.venue = Text(journal.child("ISOAbbreviation"));
    if (doc.venue.empty()) doc.venue = Text(citation.child("MedlineJournalInfo").child("MedlineTA"));
    doc.year = PublicationYear(article);
    doc.authors = Authors(article);
    doc.doi = Doi(record, article);
    doc.language = Text(article.child("Language"));
    std::vector<std::string> publication_types;
    for (pugi::xml_node pt : article.child("PublicationTypeList").children("PublicationType")) {
      publication_types.push_back(Text(pt));
    }
    doc.type = RefTypeFromPublicationTypes(publication_types);
    for (pugi::xml_node heading : citation.child("MeshHeadingList").children("MeshHeading")) {
      AddUnique(&doc.keywords, Text(heading.child("DescriptorName")));
    }
    for (pugi::xml_node list : citation.children("KeywordList")) {
      for (pugi::xml_node keyword : list.children("Keyword")) AddUnique(&doc.keywords, Text(keyword));
    }

    DocumentBuilder builder(std::move(doc));
    // A structured abstract has one AbstractText per part, labelled by Label (or by its
    // NlmCategory); OtherAbstract (translations, plain-language versions) is ignored.
    for (pugi::xml_node part : article.child("Abstract").children("AbstractText")) {
      std::string label = Attr(part, "Label");
      if (label.empty()) label = Attr(part, "NlmCategory");
      if (label.empty() || label == "UNASSIGNED") label = "Abstract";
      builder.AddSection(label, Text(part));
    }
    // A citation without an abstract (letters, old records) is still a document: its title
    // is the only text, so it can be found and cited by what it is about.
    if (builder.empty()) builder.AddSection("Title", builder.doc().title);
    if (builder.empty()) return Skip(pmid, "no title or abstract");
    Document finished = builder.Finish();
    // "Journal Article" alone says nothing of the design: MeSH check tags and the abstract may.
    if (finished.type == RefType::kOther) finished.type = StudyDesignOf(finished);
    sink_.OnDocument(std::move(finished));
  }

  const InputFile& file_;
  RecordSink& sink_;
  int record_number_ = 0;
};

Status Malformed(const InputFile& file, size_t offset, const std::string& what) {
  offset = std::min(offset, file.content.size());
  const auto line =
      1 + std::count(file.content.begin(), file.content.begin() + static_cast<ptrdiff_t>(offset), '\n');
  return Status::Corruption(file.path + ": malformed XML at byte " + std::to_string(offset) + " (line " +
                            std::to_string(line) + "): " + what);
}

// True when a tag named name starts at text[pos] after its "<" or "</" (the name is whole:
// "PubmedArticle" does not match "PubmedArticleSet").
bool NameAt(std::string_view text, size_t pos, std::string_view name) {
  if (text.compare(pos, name.size(), name) != 0) return false;
  const size_t after = pos + name.size();
  return after < text.size() &&
         (text[after] == '>' || text[after] == '/' || std::isspace(static_cast<unsigned char>(text[after])));
}

// Offset of the first "<name" (or "</name" when closing) at or after pos, or npos.
size_t FindTag(std::string_view text, std::string_view name, size_t pos, bool closing = false) {
  const std::string_view open = closing ? "</" : "<";
  for (pos = text.find(open, pos); pos != std::string_view::npos; pos = text.find(open, pos + 1)) {
    if (NameAt(text, pos + open.size(), name)) return pos;
  }
  return std::string_view::npos;
}

constexpr std::array<std::string_view, 4> kRecordElements = {"PubmedArticle", "PubmedBookArticle",
                                                             "DeleteCitation", "MedlineCitation"};

// A file that is not a record set: a lone record, or not PubMed XML at all.
Status ReadWholeDocument(const InputFile& file, RecordSink& sink) {
  pugi::xml_document xml;
  const pugi::xml_parse_result parsed =
      xml.load_buffer(file.content.data(), file.content.size(), kParseOptions);
  if (!parsed) {
    return Malformed(file, static_cast<size_t>(std::max<ptrdiff_t>(parsed.offset, 0)), parsed.description());
  }
  const pugi::xml_node root = xml.document_element();
  if (std::find(kRecordElements.begin(), kRecordElements.end(), root.name()) == kRecordElements.end()) {
    return Status::Corruption(file.path + ": not PubMed XML: root element is <" + std::string(root.name()) +
                              ">, expected <PubmedArticleSet>");
  }
  PubmedXmlReader(file, sink).ReadRecord(root);
  return Status::Ok();
}

}  // namespace

// The set is split at its top-level records, and each record is parsed on its own: memory
// stays at one record's DOM however large the file (a baseline file holds 30,000 records,
// and a DOM of the whole file costs about five times its size). Records never nest, so a
// record ends at the first matching end tag. Records before a malformed one are delivered.
Status ReadPubmedXml(const InputFile& file, RecordSink& sink) {
  const std::string_view text = file.content;
  std::string_view set_name = "PubmedArticleSet";
  size_t pos = FindTag(text, set_name, 0);
  if (pos == std::string_view::npos) {
    set_name = "MedlineCitationSet";
    pos = FindTag(text, set_name, 0);
  }
  if (pos == std::string_view::npos) return ReadWholeDocument(file, sink);
  pos = text.find('>', pos);
  if (pos == std::string_view::npos) {
    return Malformed(file, text.size(), "the file ends inside <" + std::string(set_name) + ">");
  }
  if (text[pos - 1] == '/') return Status::Ok();  // <PubmedArticleSet/>
  ++pos;

  PubmedXmlReader reader(file, sink);
  pugi::xml_document xml;
  while (true) {
    pos = text.find_first_not_of(" \t\r\n", pos);
    if (pos == std::string_view::npos) {
      return Malformed(file, text.size(),
                       "the file ends before </" + std::string(set_name) + "> (truncated?)");
    }
    if (text.compare(pos, 4, "<!--") == 0) {
      const size_t end = text.find("-->", pos);
      if (end == std::string_view::npos) return Malformed(file, pos, "unterminated comment");
      pos = end + 3;
      continue;
    }
    if (text.compare(pos, 2, "</") == 0 && NameAt(text, pos + 2, set_name)) return Status::Ok();
    std::string_view name;
    for (std::string_view candidate : kRecordElements) {
      if (text[pos] == '<' && NameAt(text, pos + 1, candidate)) name = candidate;
    }
    if (name.empty()) {
      return Malformed(file, pos,
                       "expected <PubmedArticle>, <PubmedBookArticle> or <DeleteCitation> in <" +
                           std::string(set_name) + ">");
    }
    const size_t tag_end = text.find('>', pos);
    size_t end = tag_end;
    if (tag_end != std::string_view::npos && text[tag_end - 1] != '/') {
      const size_t close = FindTag(text, name, tag_end, /*closing=*/true);
      end = close == std::string_view::npos ? close : text.find('>', close);
    }
    if (end == std::string_view::npos) {
      return Malformed(file, pos, "<" + std::string(name) + "> is not closed (truncated file?)");
    }
    ++end;
    const pugi::xml_parse_result parsed = xml.load_buffer(text.data() + pos, end - pos, kParseOptions);
    if (!parsed) {
      return Malformed(file, pos + static_cast<size_t>(std::max<ptrdiff_t>(parsed.offset, 0)),
                       parsed.description());
    }
    reader.ReadRecord(xml.document_element());
    pos = end;
  }
}

}  // namespace medoracle
