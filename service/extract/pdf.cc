#include "service/extract/pdf.h"

#include <poppler/cpp/poppler-document.h>
#include <poppler/cpp/poppler-global.h>
#include <poppler/cpp/poppler-page.h>

#include <algorithm>
#include <climits>
#include <memory>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace govreport::extract {
namespace {

// poppler prints parse errors of damaged files to stderr; the caller gets a
// status instead, so they are dropped.
void DropPopplerMessage(const std::string&, void*) {}

void SilencePoppler() {
  static const bool silenced = [] {
    poppler::set_debug_error_function(DropPopplerMessage, nullptr);
    return true;
  }();
  (void)silenced;
}

}  // namespace

absl::StatusOr<PdfText> ReadPdfText(absl::string_view bytes, const PdfLimits& limits) {
  SilencePoppler();
  if (bytes.size() > static_cast<size_t>(INT_MAX)) {
    return absl::InvalidArgumentError("PDF too large to open");
  }
  // A complete file ends with %%EOF (some writers add a little junk after
  // it); without it the download was cut off, and poppler would quietly
  // read whatever pages survived.
  if (bytes.substr(bytes.size() > 2048 ? bytes.size() - 2048 : 0).find("%%EOF") ==
      absl::string_view::npos) {
    return absl::InvalidArgumentError("truncated PDF: the file ends before its %%EOF marker");
  }
  std::unique_ptr<poppler::document> doc(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (doc == nullptr) {
    return absl::InvalidArgumentError("malformed or truncated PDF: it could not be opened");
  }
  if (doc->is_locked()) {
    return absl::InvalidArgumentError("encrypted PDF: it needs a password to open");
  }
  const int pages = doc->pages();
  if (pages <= 0) return absl::InvalidArgumentError("PDF has no pages");
  if (pages > limits.max_pages) {
    return absl::InvalidArgumentError(
        absl::StrCat("PDF has ", pages, " pages, more than the limit of ", limits.max_pages));
  }
  PdfText out;
  out.page_starts.reserve(pages);
  for (int i = 0; i < pages; ++i) {
    out.page_starts.push_back(static_cast<uint32_t>(out.utf8.size()));
    std::unique_ptr<poppler::page> page(doc->create_page(i));
    if (page != nullptr) {
      poppler::byte_array text =
          page->text(poppler::rectf(), poppler::page::physical_layout).to_utf8();
      // Line ends as the text reader expects them, without a CR; poppler
      // ends each page with its own form feed, which is added back below.
      size_t size = text.size();
      if (size > 0 && text[size - 1] == '\f') --size;
      for (size_t k = 0; k < size; ++k) {
        if (text[k] != '\r') out.utf8.push_back(text[k]);
      }
    }
    if (!out.utf8.empty() && out.utf8.back() != '\n') out.utf8.push_back('\n');
    out.utf8.push_back('\f');
    if (out.utf8.size() > limits.max_text_bytes) {
      return absl::InvalidArgumentError(
          absl::StrCat("PDF text exceeds the limit of ", limits.max_text_bytes, " bytes"));
    }
  }
  if (absl::StripAsciiWhitespace(out.utf8).empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("no text layer (", pages, pages == 1 ? " page" : " pages",
                     " of images, probably scanned); OCR is not supported"));
  }
  return out;
}

int PageAt(const std::vector<uint32_t>& page_starts, uint32_t offset) {
  auto it = std::upper_bound(page_starts.begin(), page_starts.end(), offset);
  return static_cast<int>(it - page_starts.begin());
}

}  // namespace govreport::extract
