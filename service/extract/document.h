#ifndef GOVREPORT_SERVICE_EXTRACT_DOCUMENT_H_
#define GOVREPORT_SERVICE_EXTRACT_DOCUMENT_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "service/extract/normalize.h"
#include "service/extract/numbers.h"

namespace govreport::extract {

// A byte range of Document::text.
struct TextSpan {
  uint32_t begin = 0;
  uint32_t end = 0;

  bool operator==(const TextSpan&) const = default;
};

// One table cell: its normalised text and where it stands in the text.
struct Cell {
  std::string text;  // normalised (see NormalizeLine)
  CellValue value;   // ParseCell(text), read once when the cell is made
  TextSpan span;
  // Whitespace-separated layout tokens only: the gap before this token was a
  // single space (so it may be a digit group split by a space, "1 0").
  bool tight_gap = false;

  // A figure or an explicit placeholder ("/", "—"), as opposed to a label.
  bool IsValue() const {
    return value.state == CellState::kNumber || value.state == CellState::kPlaceholder;
  }
  void SetText(std::string normalized) {
    text = std::move(normalized);
    value = ParseCell(text);
  }

  bool operator==(const Cell&) const = default;
};

// The reading-order content of a document: paragraphs of running text and
// table rows. HTML tables, cell-per-line text, pipe rows and whitespace
// columns all become rows of cells, so the table mappers read one form.
struct Item {
  enum class Kind { kParagraph, kRow };
  Kind kind = Kind::kParagraph;
  // Paragraphs: the normalised text with its map back into Document::text.
  NormText norm;
  // Rows: the cells in column order (spanning cells repeated per grid column).
  std::vector<Cell> cells;
  TextSpan span;
  // Page chrome (date/source lines, share widgets, footers): read for
  // metadata, never for figures or sections.
  bool chrome = false;
  // Grid rows of an HTML table keep blank cells in place, so positions are
  // meaningful; whitespace-column rows lose blanks.
  bool positional = false;

  bool operator==(const Item&) const = default;
};

// Hostile-input bounds: a real report has a few thousand blocks and table
// cells; a document of hundreds of thousands (16 MB of one repeated line)
// would cost gigabytes.
inline constexpr size_t kMaxItems = 200000;
inline constexpr size_t kMaxCells = 200000;
// A line of more cells than this is not a table row (real rows have a few
// dozen): the text readers do not build it, which bounds the memory a single
// line can take (one 10 MB line of "1 0 1 0…" took 1.2 GB as a row).
inline constexpr size_t kMaxRowCells = 1000;

struct Document {
  std::string text;  // decoded text that all spans point into
  std::vector<Item> items;
  std::string html_title;  // <title> of an HTML page, normalised
  // More than kMaxItems blocks or kMaxCells cells: the readers stopped adding
  // them and the extractor rejects the document.
  bool over_limit = false;
  size_t cells = 0;  // in the items' rows
  // The HTML nested deeper than the reader's bound (MaxDepth in readers.cc)
  // and the parse stopped there: the rest of the page is not read.
  bool nesting_cut = false;

  // Adds a block unless the bound is reached.
  void Add(Item item) {
    if (items.size() >= kMaxItems || item.cells.size() > kMaxCells - cells) {
      over_limit = true;
      return;
    }
    cells += item.cells.size();
    items.push_back(std::move(item));
  }

  bool operator==(const Document&) const = default;
};

}  // namespace govreport::extract

#endif  // GOVREPORT_SERVICE_EXTRACT_DOCUMENT_H_
