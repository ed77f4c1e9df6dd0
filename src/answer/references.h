// An answer's references: built from a document, and numbered by first use in display order.
#pragma once

#include "answer/answer.h"
#include "corpus/document.h"

namespace medoracle {

// The reference entry for a document (n left 0): its type, title (DisplayTitle), issuing body or journal
// ("medoracle editorial team" for overviews), year, and a link (its URL, else PubMed by
// PMID, else the DOI); loaded is set.
Reference ReferenceFor(const Document& doc);

// Renumbers answer->references by first use in display order (bottom line, the seek-care
// block, then the sections in order; as the review workflow numbers edited answers), rewrites every statement's citations (ascending) and
// evidence refs, and drops references nothing cites. Idempotent.
void NumberReferences(Answer* answer);

}  // namespace medoracle
