// libFuzzer target: the HTML reader must read the same Document whether or
// not StripUnreadMarkup ran first, unless the page reaches the reader's
// nesting bound (the filtered page nests less deep, so it stops later). Bytes
// are decoded as the extractor decodes them, so the reader sees the text it
// sees in service. A difference means the filter tokenized some markup
// differently from libxml2, or took out an element libxml2 would have used,
// or found a page fit for libxml2's push parser (which the filtered page goes
// to) that the push parser reads otherwise than the pull parser (which the
// unfiltered page goes to).
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
  const govreport::extract::Document as_is = govreport::extract::ReadHtml(html, HtmlInput::kAsIs);
  if (as_is.nesting_cut) return 0;
  if (govreport::extract::ReadHtml(html, HtmlInput::kLean) != as_is) __builtin_trap();
  return 0;
}
