// libFuzzer target: the HTML reader must read the same Document whether or
// not StripUnreadAttributes ran first. Bytes are decoded as the extractor
// decodes them, so the reader sees the text it sees in service. A difference
// means the filter tokenized some markup differently from libxml2.
#include <cstddef>
#include <cstdint>

#include "service/extract/charset.h"
#include "service/extract/readers.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using govreport::extract::HtmlInput;
  std::string html = govreport::extract::DecodeToUtf8(
                         absl::string_view(reinterpret_cast<const char*>(data), size), "")
                         .utf8;
  // The filter leaves pages with control bytes whole; blank them so that
  // mutated inputs exercise it.
  for (char& c : html) {
    if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n' && c != '\r') c = ' ';
  }
  if (govreport::extract::ReadHtml(html, HtmlInput::kLean) !=
      govreport::extract::ReadHtml(html, HtmlInput::kAsIs)) {
    __builtin_trap();
  }
  return 0;
}
