// The source viewer's HTML (/d/{doc_id}): one document as loaded, with the passages an answer
// quotes highlighted, and the page shown when a document cannot be.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "corpus/document.h"

namespace medoracle::server {

// A complete HTML page for doc: its type, title, bibliographic line (authors, issuing body or
// journal, year, PMID, DOI), a link to the original when one is known (its http(s) URL, else
// PubMed by PMID, else the DOI), and each section under its label. Every part of spans inside a
// section is wrapped in <mark>; the first part of span i (1-based) has id "quote-i", and a note
// above the text links to each. spans must be sorted, non-overlapping and pass CheckSpans
// (document_request.h); parts between sections are not shown. Every string from the document is
// HTML-escaped. The page loads /style.css and /doc.js (which scrolls the first mark into view).
std::string DocumentPageHtml(const Document& doc, const std::vector<Span>& spans);

// A complete HTML page saying why a document cannot be shown: heading, message, and, when
// document_path is not empty, a link to it without highlights (for a bad span). Strings are escaped.
std::string DocumentProblemPageHtml(std::string_view heading, std::string_view message,
                                    std::string_view document_path);

}  // namespace medoracle::server
