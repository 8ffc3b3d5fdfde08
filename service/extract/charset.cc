#include "service/extract/charset.h"

#include <unicode/ucnv.h>

#include <algorithm>
#include <cctype>
#include <climits>
#include <memory>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_replace.h"
#include "service/extract/normalize.h"

namespace govreport::extract {
namespace {

bool IsUtf8Name(absl::string_view name) {
  std::string n = absl::AsciiStrToLower(name);
  return n == "utf-8" || n == "utf8";
}

// Decodes GB18030 with ICU straight to UTF-8, counting substituted sequences.
DecodedText DecodeGb18030(absl::string_view bytes) {
  DecodedText out;
  out.charset = "GB18030";
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<UConverter, void (*)(UConverter*)> conv(ucnv_open("GB18030", &status),
                                                          ucnv_close);
  if (U_FAILURE(status) || bytes.size() > static_cast<size_t>(INT32_MAX / 3)) {
    out.utf8.assign(bytes.data(), bytes.size());
    return out;
  }
  // Each input byte yields at most 3 output bytes (a substituted U+FFFD).
  out.utf8.resize(bytes.size() * 3 + 16);
  const int32_t n = ucnv_toAlgorithmic(UCNV_UTF8, conv.get(), out.utf8.data(),
                                       static_cast<int32_t>(out.utf8.size()), bytes.data(),
                                       static_cast<int32_t>(bytes.size()), &status);
  if (U_FAILURE(status)) {
    out.utf8.assign(bytes.data(), bytes.size());
    return out;
  }
  out.utf8.resize(n);
  // Substitutions show as U+FFFD, or as U+001A for some sequences (rewritten
  // to U+FFFD); a U+FFFD the input itself encodes (0x84 0x31 0xA4 0x37) is
  // not one.
  constexpr absl::string_view kReplacement = "\xEF\xBF\xBD";
  int substituted = static_cast<int>(CountOccurrences(out.utf8, kReplacement));
  if (out.utf8.find('\x1A') != std::string::npos) {
    substituted += static_cast<int>(std::count(out.utf8.begin(), out.utf8.end(), '\x1A'));
    out.utf8 = absl::StrReplaceAll(out.utf8, {{"\x1A", kReplacement}});
  }
  const int encoded_in_input = static_cast<int>(CountOccurrences(bytes, "\x84\x31\xA4\x37"));
  out.invalid_bytes = std::max(0, substituted - encoded_in_input);
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

// Counts the invalid sequences of `bytes` read as UTF-8 and, when `out` is
// given, copies the text with each replaced by U+FFFD. Counting stops past
// `stop_after` invalid sequences.
int RepairUtf8(absl::string_view bytes, std::string* out, int stop_after = INT_MAX) {
  if (out != nullptr) out->reserve(bytes.size());
  int invalid = 0;
  size_t i = 0;
  while (i < bytes.size() && invalid <= stop_after) {
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
      if (out != nullptr) out->append(bytes.data() + i, len);
      i += len;
    } else {
      if (out != nullptr) out->append("\xEF\xBF\xBD");
      ++invalid;
      ++i;
    }
  }
  return invalid;
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
  // Valid UTF-8 with multi-byte sequences is practically never GBK text, so
  // strict UTF-8 wins over any declaration (a wrong "gb2312" label must not
  // produce mojibake). Otherwise GB18030 is the candidate, and whichever
  // decoding leaves fewer undecodable bytes is kept.
  DecodedText out;
  out.charset = "UTF-8";
  if (IsValidUtf8Fast(bytes)) {
    out.utf8.assign(bytes.data(), bytes.size());
    return out;
  }
  const std::string declared =
      declared_charset.empty() ? SniffMetaCharset(bytes) : std::string(declared_charset);
  DecodedText as_gb = DecodeGb18030(bytes);
  // Counting further than GB18030's count cannot change the choice.
  const int utf8_invalid = RepairUtf8(bytes, nullptr, as_gb.invalid_bytes);
  // A tie goes to the declaration.
  const bool utf8_wins = utf8_invalid < as_gb.invalid_bytes ||
                         (utf8_invalid == as_gb.invalid_bytes && IsUtf8Name(declared));
  if (!utf8_wins) return as_gb;
  out.invalid_bytes = RepairUtf8(bytes, &out.utf8);
  return out;
}

}  // namespace govreport::extract
