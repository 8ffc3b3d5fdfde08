#include "service/extract/charset.h"

#include <unicode/ucnv.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"

namespace govreport::extract {
namespace {

bool IsUtf8Name(absl::string_view name) {
  std::string n = absl::AsciiStrToLower(name);
  return n == "utf-8" || n == "utf8";
}

// Decodes GB18030 with ICU, counting substituted sequences.
DecodedText DecodeGb18030(absl::string_view bytes) {
  DecodedText out;
  out.charset = "GB18030";
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, void (*)(UConverter*)> conv(ucnv_open("GB18030", &status),
                                                          ucnv_close);
  if (U_FAILURE(status)) {
    out.utf8.assign(bytes.data(), bytes.size());
    return out;
  }
  // Count illegal sequences through a callback context; simplest robust way
  // is to decode to UTF-16 with the substitute callback and count U+FFFD
  // that the input did not contain (GB18030 encodes U+FFFD as 0x84 0x31 0xA4 0x37).
  std::vector<UChar> u16(bytes.size() * 2 + 16);
  int32_t n = ucnv_toUChars(conv.get(), u16.data(), static_cast<int32_t>(u16.size()), bytes.data(),
                            static_cast<int32_t>(bytes.size()), &status);
  if (status == U_BUFFER_OVERFLOW_ERROR) {
    status = U_ZERO_ERROR;
    u16.resize(n + 1);
    n = ucnv_toUChars(conv.get(), u16.data(), static_cast<int32_t>(u16.size()), bytes.data(),
                      static_cast<int32_t>(bytes.size()), &status);
  }
  if (U_FAILURE(status)) {
    out.utf8.assign(bytes.data(), bytes.size());
    return out;
  }
  int fffd_in_input = 0;
  for (size_t i = 0; i + 3 < bytes.size(); ++i) {
    if (static_cast<unsigned char>(bytes[i]) == 0x84 &&
        static_cast<unsigned char>(bytes[i + 1]) == 0x31 &&
        static_cast<unsigned char>(bytes[i + 2]) == 0xA4 &&
        static_cast<unsigned char>(bytes[i + 3]) == 0x37) {
      ++fffd_in_input;
    }
  }
  int fffd = 0;
  out.utf8.reserve(bytes.size() * 3 / 2);
  for (int32_t i = 0; i < n; ++i) {
    uint32_t cp = u16[i];
    if (cp >= 0xD800 && cp <= 0xDBFF && i + 1 < n && u16[i + 1] >= 0xDC00 && u16[i + 1] <= 0xDFFF) {
      cp = 0x10000 + ((cp - 0xD800) << 10) + (u16[i + 1] - 0xDC00);
      ++i;
    } else if (cp >= 0xD800 && cp <= 0xDFFF) {
      cp = 0xFFFD;
    }
    if (cp == 0xFFFD || cp == 0x1A) ++fffd;  // ICU substitutes 0x1A for some
    if (cp == 0x1A) cp = 0xFFFD;
    if (cp < 0x80) {
      out.utf8.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
      out.utf8.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.utf8.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out.utf8.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.utf8.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.utf8.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.utf8.push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out.utf8.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out.utf8.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.utf8.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }
  out.invalid_bytes = std::max(0, fffd - fffd_in_input);
  return out;
}

// Validates without copying (the common case: crawled UTF-8 is valid).
bool IsValidUtf8Fast(absl::string_view bytes) {
  const unsigned char* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const unsigned char* end = p + bytes.size();
  while (p < end) {
    if (*p < 0x80) {
      ++p;
      continue;
    }
    size_t len = (*p >> 5) == 6 ? 2 : (*p >> 4) == 14 ? 3 : (*p >> 3) == 30 ? 4 : 0;
    if (len == 0 || static_cast<size_t>(end - p) < len) return false;
    for (size_t k = 1; k < len; ++k) {
      if ((p[k] & 0xC0) != 0x80) return false;
    }
    uint32_t cp = len == 2   ? ((p[0] & 0x1F) << 6) | (p[1] & 0x3F)
                  : len == 3 ? ((p[0] & 0x0F) << 12) | ((p[1] & 0x3F) << 6) | (p[2] & 0x3F)
                             : ((p[0] & 0x07) << 18) | ((p[1] & 0x3F) << 12) |
                                   ((p[2] & 0x3F) << 6) | (p[3] & 0x3F);
    if ((len == 2 && cp < 0x80) || (len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (len == 4 && (cp < 0x10000 || cp > 0x10FFFF))) {
      return false;
    }
    p += len;
  }
  return true;
}

// Copies UTF-8, replacing each maximal invalid sequence with U+FFFD.
DecodedText RepairUtf8(absl::string_view bytes) {
  DecodedText out;
  out.charset = "UTF-8";
  if (IsValidUtf8Fast(bytes)) {
    out.utf8.assign(bytes.data(), bytes.size());
    return out;
  }
  out.utf8.reserve(bytes.size());
  size_t i = 0;
  while (i < bytes.size()) {
    unsigned char c = bytes[i];
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
    bool ok = len > 0 && i + len <= bytes.size();
    for (size_t k = 1; ok && k < len; ++k) {
      ok = (static_cast<unsigned char>(bytes[i + k]) & 0xC0) == 0x80;
    }
    if (ok && len == 3) {
      unsigned cp = ((c & 0x0F) << 12) | ((bytes[i + 1] & 0x3F) << 6) | (bytes[i + 2] & 0x3F);
      ok = cp >= 0x800 && (cp < 0xD800 || cp > 0xDFFF);
    } else if (ok && len == 2) {
      ok = c >= 0xC2;
    } else if (ok && len == 4) {
      unsigned cp = ((c & 0x07) << 18) | ((bytes[i + 1] & 0x3F) << 12);
      ok = cp >= 0x10000 && cp <= 0x10FFFF;
    }
    if (ok) {
      out.utf8.append(bytes.data() + i, len);
      i += len;
    } else {
      out.utf8.append("\xEF\xBF\xBD");
      ++out.invalid_bytes;
      ++i;
    }
  }
  return out;
}

absl::string_view StripUtf8Bom(absl::string_view bytes) {
  if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
  return bytes;
}

}  // namespace

bool IsValidUtf8(absl::string_view bytes) { return IsValidUtf8Fast(bytes); }

std::string SniffMetaCharset(absl::string_view bytes) {
  std::string head = absl::AsciiStrToLower(bytes.substr(0, std::min<size_t>(bytes.size(), 4096)));
  size_t pos = 0;
  while ((pos = head.find("charset", pos)) != std::string::npos) {
    pos += 7;
    while (pos < head.size() &&
           (head[pos] == ' ' || head[pos] == '=' || head[pos] == '"' || head[pos] == '\'')) {
      ++pos;
    }
    size_t end = pos;
    while (end < head.size() && (std::isalnum(static_cast<unsigned char>(head[end])) ||
                                 head[end] == '-' || head[end] == '_')) {
      ++end;
    }
    if (end > pos) return head.substr(pos, end - pos);
  }
  return "";
}

DecodedText DecodeToUtf8(absl::string_view bytes, absl::string_view declared_charset) {
  bytes = StripUtf8Bom(bytes);
  std::string declared(declared_charset);
  if (declared.empty()) declared = SniffMetaCharset(bytes);

  // Valid UTF-8 with multi-byte sequences is practically never GBK text, so
  // strict UTF-8 wins over any declaration (a wrong "gb2312" label must not
  // produce mojibake). Otherwise GB18030 is the candidate, and whichever
  // decoding leaves fewer undecodable bytes is kept.
  DecodedText as_utf8 = RepairUtf8(bytes);
  if (as_utf8.invalid_bytes == 0) return as_utf8;
  DecodedText as_gb = DecodeGb18030(bytes);
  if (IsUtf8Name(declared) && as_utf8.invalid_bytes < as_gb.invalid_bytes) return as_utf8;
  return as_gb.invalid_bytes <= as_utf8.invalid_bytes ? as_gb : as_utf8;
}

}  // namespace govreport::extract
