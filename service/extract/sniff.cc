#include "service/extract/sniff.h"

#include <algorithm>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "service/extract/normalize.h"

namespace govreport::extract {
namespace {

// Binary kinds a crawler meets that the extractor does not read, by magic
// number, with what to tell the sender.
struct Magic {
  absl::string_view prefix;
  absl::string_view what;
};
constexpr Magic kUnreadable[] = {
    {"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
     "a legacy Word .doc (OLE2) file: not supported, send the .docx or PDF"},
    {"\x89PNG", "a PNG image: OCR is not supported"},
    {"\xFF\xD8\xFF", "a JPEG image: OCR is not supported"},
    {"GIF8", "a GIF image: OCR is not supported"},
    {absl::string_view("II*\0", 4), "a TIFF image: OCR is not supported"},
    {absl::string_view("MM\0*", 4), "a TIFF image: OCR is not supported"},
    {"\x1F\x8B", "gzip-compressed data: decompress it before sending"},
    {"Rar!", "a RAR archive: not supported"},
    {"7z\xBC\xAF", "a 7-Zip archive: not supported"},
    {"{\\rtf", "an RTF document: not supported, send the .docx or PDF"},
};

bool LooksHtml(absl::string_view bytes) {
  std::string head = absl::AsciiStrToLower(bytes.substr(0, std::min<size_t>(bytes.size(), 1024)));
  return ContainsText(head, "<html") || ContainsText(head, "<!doctype") ||
         ContainsText(head, "<body") || ContainsText(head, "<p>") || ContainsText(head, "<div");
}

// Any tag-like "<x" in the first 4 KiB: enough to trust a text/html label.
bool HasTag(absl::string_view bytes) {
  absl::string_view head = bytes.substr(0, std::min<size_t>(bytes.size(), 4096));
  for (size_t i = head.find('<'); i != absl::string_view::npos && i + 1 < head.size();
       i = head.find('<', i + 1)) {
    char next = head[i + 1];
    if (absl::ascii_isalpha(static_cast<unsigned char>(next)) || next == '!' || next == '/') {
      return true;
    }
  }
  return false;
}

}  // namespace

absl::string_view ContentTypeOf(Format format) {
  switch (format) {
    case Format::kHtml:
      return "text/html";
    case Format::kText:
      return "text/plain";
    case Format::kPdf:
      return "application/pdf";
    case Format::kDocx:
      return kDocxContentType;
  }
  return "text/plain";
}

absl::StatusOr<Format> SniffFormat(absl::string_view bytes, absl::string_view declared_type) {
  // PDF readers accept the header anywhere in the first KiB.
  if (bytes.substr(0, 1024).find("%PDF-") != absl::string_view::npos) return Format::kPdf;
  if (absl::StartsWith(bytes, "PK\x03\x04")) {
    if (ContainsText(bytes, "word/document.xml")) return Format::kDocx;
    if (ContainsText(bytes.substr(0, 200), "application/vnd.oasis.opendocument")) {
      return absl::InvalidArgumentError(
          "an OpenDocument file: not supported, send the .docx or PDF");
    }
    return absl::InvalidArgumentError(
        "a ZIP archive that is not a Word .docx (no word/document.xml)");
  }
  for (const Magic& magic : kUnreadable) {
    if (absl::StartsWith(bytes, magic.prefix)) return absl::InvalidArgumentError(magic.what);
  }
  if (declared_type == "text/html" && HasTag(bytes)) return Format::kHtml;
  return LooksHtml(bytes) ? Format::kHtml : Format::kText;
}

}  // namespace govreport::extract
