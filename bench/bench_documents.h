// The documents of a directory as the benchmarks read them: every regular
// file except a corpus's gold files (.json), scorer (.py) and notes (.md),
// with the content type its name implies.
#ifndef GOVREPORT_BENCH_BENCH_DOCUMENTS_H_
#define GOVREPORT_BENCH_BENCH_DOCUMENTS_H_

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "service/extract/charset.h"
#include "service/extract/extractor.h"

namespace govreport::bench {

struct Document {
  std::string bytes;
  std::string type;
};

inline std::vector<Document> LoadDocuments(const std::string& dir) {
  std::vector<Document> docs;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (!entry.is_regular_file() || name.ends_with(".json") || name.ends_with(".py") ||
        name.ends_with(".md")) {
      continue;
    }
    std::ifstream in(entry.path(), std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    docs.push_back({ss.str(), govreport::extract::ContentTypeForPath(name)});
  }
  return docs;
}

// Whether a document belongs to the UTF-8 floor's bytes. The floor is timed
// on the documents that are UTF-8: on the others (the corpus's GB18030 pages)
// validation stops at the first sequence that is not UTF-8, a few hundred
// bytes in, so counting their bytes would credit the floor with bytes it
// never reads (on ../shared/corpus, 16.5% of the bytes and a fifth added to
// its MB/s). Extraction is timed on every document.
inline bool InFloor(const Document& d) { return govreport::extract::IsValidUtf8(d.bytes); }

// The HTML pages of a directory, decoded to UTF-8 as the extractor decodes
// them: what an HTML parser is handed.
inline std::vector<std::string> LoadHtmlPagesAsUtf8(const std::string& dir) {
  std::vector<std::string> pages;
  for (const Document& d : LoadDocuments(dir)) {
    if (d.type == "text/html") pages.push_back(govreport::extract::DecodeToUtf8(d.bytes, "").utf8);
  }
  return pages;
}

}  // namespace govreport::bench

#endif  // GOVREPORT_BENCH_BENCH_DOCUMENTS_H_
