// libFuzzer target: arbitrary bytes through the whole extractor and the
// validator, declared as HTML or text, with and without a charset
// declaration. The extractor sniffs the bytes, so mutations of the seed PDF
// and .docx (tests/data) reach the PDF and DOCX readers too.
// Any crash, sanitizer report or hang is a bug.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "service/extract/extractor.h"
#include "service/validate/validator.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  absl::string_view bytes(reinterpret_cast<const char*>(data), size);
  const char* type = (size > 0 && (data[0] & 1)) ? "text/html" : "text/plain";
  const char* charset = (size > 1 && (data[1] & 1)) ? "gb2312" : "";
  auto ex = govreport::extract::Extract(bytes, type, charset);
  if (ex.ok()) govreport::validate::Validate(&*ex);
  return 0;
}
