// The source viewer's HTML: a loaded document with its quoted passages in <mark> (document_page.h).
#include "server/document_page.h"

#include <algorithm>
#include <sstream>

#include "answer/references.h"
#include "answer/render.h"
#include "corpus/text.h"
#include "server/document_request.h"

namespace medoracle::server {
namespace {

// The page's frame: head (title, style sheet, the viewer's script) and the site header.
void OpenPage(std::ostringstream& out, std::string_view title) {
  out << "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<title>"
      << HtmlEscape(title)
      << " · source · medoracle</title>\n<link rel=\"stylesheet\" href=\"/style.css\">\n"
         "<script src=\"/doc.js\" defer></script>\n</head>\n<body class=\"doc-page\">\n"
         "<a class=\"skip\" href=\"#doc\">Skip to the document</a>\n"
         "<header class=\"top\"><a class=\"brand\" href=\"/\">medoracle</a>"
         "<span class=\"tagline\">Source viewer: the document as loaded, quoted passages highlighted</span></header>\n";
}

void ClosePage(std::ostringstream& out) {
  out << "<footer class=\"foot\"><p>medoracle quotes every statement of an answer from a document like this "
         "one; the highlighted passages are the words it quoted. "
         "<a href=\"/about/review\">How answers are reviewed</a></p></footer>\n</body>\n</html>\n";
}

bool IsHttpUrl(std::string_view url) {
  const std::string lower = AsciiLower(url.substr(0, 8));
  return lower.rfind("http://", 0) == 0 || lower.rfind("https://", 0) == 0;
}

// "pubmed.ncbi.nlm.nih.gov" from "https://pubmed.ncbi.nlm.nih.gov/123/".
std::string HostOf(std::string_view url) {
  const size_t scheme = url.find("://");
  std::string_view rest = scheme == std::string_view::npos ? url : url.substr(scheme + 3);
  rest = rest.substr(0, rest.find_first_of("/?#"));
  const size_t at = rest.rfind('@');  // user info is not part of the host shown
  if (at != std::string_view::npos) rest.remove_prefix(at + 1);
  return std::string(rest);
}

// "Smith J, Jones K, Lee M, et al. Journal of Tests, 2020. PMID 123. DOI 10.1/x"
std::string BibliographicLine(const Document& doc) {
  std::vector<std::string> parts;
  if (!doc.authors.empty()) {
    std::string authors;
    const size_t shown = std::min<size_t>(doc.authors.size(), 3);
    for (size_t i = 0; i < shown; ++i) authors += (i ? ", " : "") + doc.authors[i];
    if (doc.authors.size() > shown) authors += ", et al";
    parts.push_back(authors);
  }
  std::string venue = doc.type == RefType::kEditorialOverview && doc.venue.empty() ? "medoracle editorial team" : doc.venue;
  if (doc.year != 0) venue += (venue.empty() ? "" : ", ") + std::to_string(doc.year);
  if (!venue.empty()) parts.push_back(venue);
  if (!doc.pmid.empty()) parts.push_back("PMID " + doc.pmid);
  if (!doc.doi.empty()) parts.push_back("DOI " + doc.doi);
  std::string line;
  for (const std::string& p : parts) line += (line.empty() ? "" : ". ") + p;
  return line;
}

}  // namespace

std::string DocumentPageHtml(const Document& doc, const std::vector<Span>& spans) {
  const std::string title = DisplayTitle(doc);
  std::ostringstream out;
  OpenPage(out, title);
  out << "<main id=\"doc\" class=\"doc\" tabindex=\"-1\">\n<p class=\"doc-type\"><span class=\"ref-type\">"
      << HtmlEscape(RefTypeLabel(doc.type)) << "</span></p>\n<h1>" << HtmlEscape(title) << "</h1>\n";
  const std::string biblio = BibliographicLine(doc);
  if (!biblio.empty()) out << "<p class=\"doc-biblio\">" << HtmlEscape(biblio) << "</p>\n";
  const std::string original = ReferenceFor(doc).url;
  if (IsHttpUrl(original)) {
    out << "<p class=\"doc-links\"><a href=\"" << HtmlEscape(original)
        << "\" target=\"_blank\" rel=\"noopener noreferrer\">Open the original at " << HtmlEscape(HostOf(original))
        << "</a></p>\n";
  } else {
    out << "<p class=\"doc-links\">No link to an original is recorded for this document.</p>\n";
  }
  if (!doc.displayable) {
    out << "<p class=\"doc-note\" role=\"note\">This collection distributes its text pre-processed (lower case, "
           "common words removed), so it reads poorly; it is used for search only.</p>\n";
  }

  // The text, section by section, with the parts of spans inside each in <mark>.
  std::ostringstream text;
  std::vector<bool> anchored(spans.size(), false);
  for (const Section& section : doc.sections) {
    text << "<section class=\"doc-section\">";
    if (!section.label.empty()) text << "<h2>" << HtmlEscape(section.label) << "</h2>";
    text << "<p>";
    uint32_t pos = section.span.start;
    for (size_t i = 0; i < spans.size(); ++i) {
      const uint32_t start = std::max(spans[i].start, pos), end = std::min(spans[i].end, section.span.end);
      if (start >= end) continue;
      text << HtmlEscape(doc.Slice({pos, start})) << "<mark";
      if (!anchored[i]) {
        text << " id=\"quote-" << (i + 1) << "\" tabindex=\"-1\"";
        anchored[i] = true;
      }
      text << ">" << HtmlEscape(doc.Slice({start, end})) << "</mark>";
      pos = end;
    }
    text << HtmlEscape(doc.Slice({pos, section.span.end})) << "</p></section>\n";
  }
  const size_t quoted = static_cast<size_t>(std::count(anchored.begin(), anchored.end(), true));
  if (quoted > 0) {
    out << "<div class=\"doc-quoted\" role=\"note\"><p>"
        << (quoted == 1 ? "The passage the answer quotes is highlighted."
                        : "The " + std::to_string(quoted) + " passages the answer quotes are highlighted.");
    out << " Go to passage";
    for (size_t i = 0, shown = 0; i < spans.size(); ++i) {
      if (!anchored[i]) continue;
      out << (shown++ ? ", " : " ") << "<a href=\"#quote-" << (i + 1) << "\">" << (i + 1) << "</a>";
    }
    out << ".</p></div>\n";
  }
  out << "<article class=\"doc-text\" aria-label=\"Text of the document\">\n" << text.str() << "</article>\n</main>\n";
  ClosePage(out);
  return out.str();
}

std::string DocumentProblemPageHtml(std::string_view heading, std::string_view message,
                                    std::string_view document_path) {
  std::ostringstream out;
  OpenPage(out, heading);
  out << "<main id=\"doc\" class=\"doc\" tabindex=\"-1\">\n<h1>" << HtmlEscape(heading) << "</h1>\n"
      << "<p class=\"doc-problem\" role=\"alert\">" << HtmlEscape(message) << "</p>\n";
  if (!document_path.empty()) {
    out << "<p><a href=\"" << HtmlEscape(document_path) << "\">Show the document without highlights</a></p>\n";
  }
  out << "<p><a href=\"/\">Ask a question</a></p>\n</main>\n";
  ClosePage(out);
  return out.str();
}

}  // namespace medoracle::server
