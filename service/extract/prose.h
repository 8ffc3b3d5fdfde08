#ifndef GOVREPORT_SERVICE_EXTRACT_PROSE_H_
#define GOVREPORT_SERVICE_EXTRACT_PROSE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "service/extract/document.h"
#include "service/extract/figures.h"

namespace govreport::extract {

struct ProseFigures {
  std::vector<Figure> figures;  // in document order
  std::vector<Breakdown> breakdowns;
  std::vector<Claim> claims;
};

// Reads the figures stated in sentences ("主动公开政府信息13912条",
// "共收到依申请公开申请2件(其中网络申请1件、信函申请1件)", "二十一件", "5万元") with
// the pattern catalog in prose.cc. Approximate figures (余, 多, 近, 约, 左右,
// 超过) are skipped; reconsideration and litigation counts only count when the
// sentence ties them to information disclosure.
ProseFigures ReadProse(const Document& doc);

// What the catalog compiler reads off a pattern so that it can search less
// text (each byte searched is a step of RE2's DFA, and the DFA's states are
// seldom in cache):
// The longest run of text every match of `pattern` contains: non-ASCII
// characters at its top level, outside groups, classes and quantified atoms.
// Empty when the pattern has alternatives at the top level.
std::string RequiredLiteral(absl::string_view pattern);
// Whether no match of the regular expression `re` can hold a 。: each 。 in it
// sits in a negated class, every negated class holds one, and it has no `.`.
bool StaysInSentence(absl::string_view re);
// The texts every match of `pattern` starts with one of, each as long as the
// pattern spells it out (through groups of alternatives and optional atoms;
// reading an alternative stops before it would make more than 64 texts), none
// the start of another; nullopt when they cannot be read off it (it opens with
// a class, a '.', a counted atom, or may match nothing).
std::optional<std::vector<std::string>> LeadingTexts(absl::string_view pattern);
// The built-in catalog's patterns that are tried on every paragraph because
// their leading texts cannot be read off them.
std::vector<std::string> UnindexedCatalogPatterns();

}  // namespace govreport::extract

#endif  // GOVREPORT_SERVICE_EXTRACT_PROSE_H_
