// Raw parse speed of the HTML parsers Debian offers, on the same decoded
// pages, next to a UTF-8 validation pass over the same bytes (the floor that
// issue 3's speed target is a fraction of): gumbo (HTML5) and libxml2's HTML
// parser building a tree, libxml2's parser streaming events to no-op handlers
// (the least any libxml2-based reader can cost), htmlcxx's tokenizer when
// installed, and the extractor's own HTML reader (libxml2 events to blocks).
#include <benchmark/benchmark.h>
#include <gumbo.h>
#include <libxml/HTMLparser.h>
#ifdef GOVREPORT_HAVE_HTMLCXX
#include <htmlcxx/html/ParserSax.h>
#endif

#include <cstdlib>
#include <string>
#include <vector>

#include "bench/bench_documents.h"
#include "bench/html_events.h"
#include "service/extract/charset.h"
#include "service/extract/readers.h"

namespace {

const std::vector<std::string>& Pages() {
  static const auto* pages = [] {
    const char* corpus = std::getenv("GOVREPORT_BENCH_CORPUS");
    return new std::vector<std::string>(govreport::bench::LoadHtmlPagesAsUtf8(
        corpus != nullptr ? std::string(corpus) : std::string(GOVREPORT_SOURCE_DIR) + "/samples"));
  }();
  return *pages;
}

int64_t Bytes() {
  int64_t n = 0;
  for (const auto& p : Pages()) n += static_cast<int64_t>(p.size());
  return n;
}

void BM_Utf8ValidationFloor(benchmark::State& state) {
  for (auto _ : state) {
    for (const auto& p : Pages()) benchmark::DoNotOptimize(govreport::extract::IsValidUtf8(p));
  }
  state.SetBytesProcessed(state.iterations() * Bytes());
}
BENCHMARK(BM_Utf8ValidationFloor)->Unit(benchmark::kMicrosecond);

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

void BM_Libxml2HtmlEventsOnly(benchmark::State& state) {
  for (auto _ : state) {
    for (const auto& p : Pages()) govreport::bench::ParseHtmlEventsOnly(p);
  }
  state.SetBytesProcessed(state.iterations() * Bytes());
}
BENCHMARK(BM_Libxml2HtmlEventsOnly)->Unit(benchmark::kMicrosecond);

#ifdef GOVREPORT_HAVE_HTMLCXX
// A non-validating tokenizer: no implied end tags or entity decoding, so it
// does less than the others; measured as the fastest parser Debian has.
class HtmlcxxCounter : public htmlcxx::HTML::ParserSax {
 public:
  int64_t events = 0;

 protected:
  void foundTag(htmlcxx::HTML::Node, bool) override { ++events; }
  void foundText(htmlcxx::HTML::Node) override { ++events; }
};

void BM_HtmlcxxTokenizer(benchmark::State& state) {
  for (auto _ : state) {
    for (const auto& p : Pages()) {
      HtmlcxxCounter parser;
      parser.parse(p);
      benchmark::DoNotOptimize(parser.events);
    }
  }
  state.SetBytesProcessed(state.iterations() * Bytes());
}
BENCHMARK(BM_HtmlcxxTokenizer)->Unit(benchmark::kMicrosecond);
#endif

// The extractor's reader; /0 is the page as is, /1 with the attributes it
// never reads stripped first (what Extract does).
void BM_ReadHtml(benchmark::State& state) {
  const auto input =
      state.range(0) ? govreport::extract::HtmlInput::kLean : govreport::extract::HtmlInput::kAsIs;
  for (auto _ : state) {
    for (const auto& p : Pages()) {
      govreport::extract::Document doc = govreport::extract::ReadHtml(p, input);
      benchmark::DoNotOptimize(doc);
    }
  }
  state.SetBytesProcessed(state.iterations() * Bytes());
}
BENCHMARK(BM_ReadHtml)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
