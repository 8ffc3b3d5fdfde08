// Raw parse speed of the two HTML parsers Debian offers, on the same decoded
// pages: gumbo (HTML5) and libxml2's HTML parser. The extractor uses libxml2
// because it is faster here and gives the same corpus scores.
#include <benchmark/benchmark.h>
#include <gumbo.h>
#include <libxml/HTMLparser.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "service/extract/charset.h"

namespace {

const std::vector<std::string>& Pages() {
  static const auto* pages = [] {
    auto* out = new std::vector<std::string>();
    const char* corpus = std::getenv("GOVREPORT_BENCH_CORPUS");
    std::string root = corpus ? corpus : std::string(GOVREPORT_SOURCE_DIR) + "/samples";
    for (const auto& entry : std::filesystem::directory_iterator(root)) {
      std::string name = entry.path().filename().string();
      if (name.find(".htm") == std::string::npos || name.ends_with(".json")) continue;
      std::ifstream in(entry.path(), std::ios::binary);
      std::ostringstream ss;
      ss << in.rdbuf();
      out->push_back(govreport::extract::DecodeToUtf8(ss.str(), "").utf8);
    }
    return out;
  }();
  return *pages;
}

int64_t Bytes() {
  int64_t n = 0;
  for (const auto& p : Pages()) n += static_cast<int64_t>(p.size());
  return n;
}

void BM_Gumbo(benchmark::State& state) {
  for (auto _ : state) {
    for (const auto& p : Pages()) {
      GumboOutput* out = gumbo_parse_with_options(&kGumboDefaultOptions, p.data(), p.size());
      benchmark::DoNotOptimize(out);
      gumbo_destroy_output(&kGumboDefaultOptions, out);
    }
  }
  state.SetBytesProcessed(state.iterations() * Bytes());
}
BENCHMARK(BM_Gumbo)->Unit(benchmark::kMicrosecond);

void BM_Libxml2Html(benchmark::State& state) {
  for (auto _ : state) {
    for (const auto& p : Pages()) {
      htmlDocPtr doc =
          htmlReadMemory(p.data(), static_cast<int>(p.size()), nullptr, "UTF-8",
                         HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                             HTML_PARSE_NONET | HTML_PARSE_COMPACT);
      benchmark::DoNotOptimize(doc);
      xmlFreeDoc(doc);
    }
  }
  state.SetBytesProcessed(state.iterations() * Bytes());
}
BENCHMARK(BM_Libxml2Html)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
