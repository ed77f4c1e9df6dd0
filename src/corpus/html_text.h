// HTML fragments to clean text blocks (NGC guideline fields, JATS inline markup).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace medoracle {

// One block of text from an HTML fragment: entities decoded, UTF-8 repaired, whitespace
// collapsed and trimmed, never empty.
struct HtmlBlock {
  enum Kind { kHeading, kParagraph, kListItem };
  Kind kind = kParagraph;
  // kHeading: 1 (top) to 6. <h1>-<h6> give their number; a "pseudo-heading" (a short block
  //   whose text is all emphasised and has no final punctuation, as NGC writes headings)
  //   gets its level from the emphasis: bold+underline 1, bold 2, italic or underline 3.
  // kListItem: list nesting depth (1 = item of a top-level list).
  // kParagraph: depth of the lists around it (0 outside any list).
  int level = 0;
  // Table cells: the 1-based number of their row among the fragment's table rows, so that
  // the cells of one row can be kept together; 0 outside table cells.
  int table_row = 0;
  // Table cells: the 1-based column of their cell in its row (a cell spanning columns counts
  // them all: "colspan"), and whether the cell is a header (<th>, or every run of its text
  // emphasised, as "<td><em>Objective</em></td>"); 0 and false outside table cells.
  int table_column = 0;
  bool header_cell = false;
  std::string text;
};

// Converts an HTML fragment into blocks, in document order. A tolerant tag scanner, not an
// XML parser: unclosed, stray or unknown tags and a bare '<' in text are all accepted.
// Block elements (p, div, li, ul/ol, h1-h6, table rows and cells, br, ...) end a block;
// inline ones (span, a, em, strong, b, i, u, sup, sub, ...) do not; script, style and
// comments are dropped. Text inside an <li> is a list item, except that the all-emphasised
// lead of an item followed by nested blocks ("<li><strong>Title</strong><ol>...") is a
// heading. Pseudo-headings are not detected inside table cells.
std::vector<HtmlBlock> HtmlToBlocks(std::string_view html);

// The blocks' texts joined by single spaces (a title, a citation, a short field).
std::string HtmlToText(std::string_view html);

// The href values of <a> elements, entity-decoded, in document order.
std::vector<std::string> HtmlLinks(std::string_view html);

}  // namespace medoracle
