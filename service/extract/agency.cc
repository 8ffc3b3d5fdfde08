#include "service/extract/agency.h"

#include <vector>

#include "absl/strings/match.h"
#include "service/extract/normalize.h"

namespace govreport::extract {
namespace {

bool IsPlaceSuffix(uint32_t cp) {
  switch (cp) {
    case 0x7701:  // 省
    case 0x5E02:  // 市
    case 0x5DDE:  // 州
    case 0x53BF:  // 县
    case 0x533A:  // 区
    case 0x65D7:  // 旗
    case 0x76DF:  // 盟
    case 0x9547:  // 镇
    case 0x4E61:  // 乡
      return true;
    default:
      return false;
  }
}

}  // namespace

std::string NormalizeAgencyKey(absl::string_view agency) {
  std::string name = StripSpaces(NormalizeText(agency));
  // Split leading place components: runs of two or more ideographs ending in
  // a place suffix. Whatever follows the last one is the body.
  std::vector<size_t> ends;  // byte offsets where a place component ends
  size_t pos = 0, start = 0;
  int chars = 0;
  while (pos < name.size()) {
    uint32_t cp = NextCodePoint(name, &pos);
    if (!IsCjkIdeograph(cp)) break;
    ++chars;
    if (IsPlaceSuffix(cp) && chars >= 2) {
      ends.push_back(pos);
      start = pos;
      chars = 0;
    }
  }
  (void)start;
  if (ends.empty()) return name;
  size_t last_start = ends.size() >= 2 ? ends[ends.size() - 2] : 0;
  std::string place = name.substr(last_start, ends.back() - last_start);
  std::string body = name.substr(ends.back());
  if (body.empty()) body = "人民政府";
  return place + body;
}

}  // namespace govreport::extract
