// Runs one piece of extraction over a directory of documents a fixed number
// of times, for counting instructions under callgrind: wall-clock time on a
// shared machine drifts, instruction counts do not. The cost of one pass is
// the difference between two runs divided by the difference in passes:
//
//   valgrind --tool=callgrind --callgrind-out-file=/dev/null
//       build/bench/extract_passes --mode=extract --passes=3 ../shared/corpus
//   and the same with --passes=1; per pass = (I3 - I1) / 2.
//
// Modes: extract (the whole extractor), extract_validate (the extractor and
// every rule), floor (a UTF-8 validation pass over the documents that are
// UTF-8: on the others validation stops a few hundred bytes in, see
// bench_documents.h), html_events (libxml2's HTML parser with handlers that do
// nothing, over the HTML pages decoded to UTF-8: the least a libxml2-based
// reader can cost). The bytes one pass reads are printed: compare modes per byte.
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "bench/bench_documents.h"
#include "bench/html_events.h"
#include "service/extract/extractor.h"
#include "service/validate/validator.h"

ABSL_FLAG(std::string, mode, "extract", "extract, extract_validate, floor or html_events");
ABSL_FLAG(int, passes, 1, "passes over the documents");

int main(int argc, char** argv) {
  std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  const std::string mode = absl::GetFlag(FLAGS_mode);
  if (args.size() != 2 || (mode != "extract" && mode != "extract_validate" && mode != "floor" &&
                           mode != "html_events")) {
    std::fprintf(stderr,
                 "usage: extract_passes --mode=extract|extract_validate|floor|html_events "
                 "--passes=N DIR\n");
    return 2;
  }
  // The parser alone is handed the HTML pages decoded as the extractor decodes them.
  std::vector<govreport::bench::Document> docs;
  if (mode == "html_events") {
    for (std::string& page : govreport::bench::LoadHtmlPagesAsUtf8(args[1])) {
      docs.push_back({std::move(page), "text/html"});
    }
  } else {
    docs = govreport::bench::LoadDocuments(args[1]);
  }
  if (mode == "floor") {
    std::erase_if(docs, [](const auto& d) { return !govreport::bench::InFloor(d); });
  }
  size_t bytes = 0;
  for (const auto& d : docs) bytes += d.bytes.size();
  size_t failed = 0;
  for (int pass = 0; pass < absl::GetFlag(FLAGS_passes); ++pass) {
    for (const auto& d : docs) {
      if (mode == "extract" || mode == "extract_validate") {
        auto ex = govreport::extract::Extract(d.bytes, d.type, "");
        failed += !ex.ok();
        if (ex.ok() && mode == "extract_validate") govreport::validate::Validate(&*ex);
      } else if (mode == "floor") {
        failed += !govreport::extract::IsValidUtf8(d.bytes);
      } else {
        govreport::bench::ParseHtmlEventsOnly(d.bytes);
      }
    }
  }
  std::printf("%zu documents, %zu bytes a pass, %d passes, %zu not extracted\n", docs.size(), bytes,
              absl::GetFlag(FLAGS_passes), failed);
  return 0;
}
