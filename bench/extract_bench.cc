// Extraction throughput on one core against the floor of a single UTF-8
// validation pass over the same bytes (issue: extraction >= 1/20 of that pass,
// >= 1,000 documents/s). Documents: the project's samples, plus every file of
// GOVREPORT_BENCH_CORPUS (e.g. ../shared/corpus) when that variable is set.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdlib>
#include <iterator>
#include <string>
#include <vector>

#include "bench/bench_documents.h"
#include "service/extract/charset.h"
#include "service/extract/extractor.h"
#include "service/validate/validator.h"

namespace {

using Doc = govreport::bench::Document;

std::vector<Doc> LoadDocs() {
  const char* corpus = std::getenv("GOVREPORT_BENCH_CORPUS");
  return govreport::bench::LoadDocuments(
      corpus != nullptr ? std::string(corpus) : std::string(GOVREPORT_SOURCE_DIR) + "/samples");
}

const std::vector<Doc>& Docs() {
  static const auto* docs = new std::vector<Doc>(LoadDocs());
  return *docs;
}

int64_t TotalBytes() {
  int64_t n = 0;
  for (const Doc& d : Docs()) n += static_cast<int64_t>(d.bytes.size());
  return n;
}

void BM_Utf8ValidationFloor(benchmark::State& state) {
  for (auto _ : state) {
    for (const Doc& d : Docs()) benchmark::DoNotOptimize(govreport::extract::IsValidUtf8(d.bytes));
  }
  state.SetBytesProcessed(state.iterations() * TotalBytes());
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(Docs().size()));
}
BENCHMARK(BM_Utf8ValidationFloor)->Unit(benchmark::kMicrosecond);

// Seconds per pass of the UTF-8 floor, timed right after the caller's own
// loop so that both sides of the ratio come from the same minute.
double FloorSecondsPerPass() {
  constexpr int kPasses = 200;
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < kPasses; ++i) {
    for (const Doc& d : Docs()) benchmark::DoNotOptimize(govreport::extract::IsValidUtf8(d.bytes));
  }
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() / kPasses;
}

void BM_Extract(benchmark::State& state) {
  const auto start = std::chrono::steady_clock::now();
  for (auto _ : state) {
    for (const Doc& d : Docs()) {
      auto ex = govreport::extract::Extract(d.bytes, d.type, "");
      benchmark::DoNotOptimize(ex);
    }
  }
  const double per_pass =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() /
      static_cast<double>(state.iterations());
  state.SetBytesProcessed(state.iterations() * TotalBytes());
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(Docs().size()));
  // How many UTF-8 validation passes one extraction pass costs (target: <= 20).
  state.counters["floor_passes"] = per_pass / FloorSecondsPerPass();
}
BENCHMARK(BM_Extract)->Unit(benchmark::kMicrosecond);

void BM_ExtractAndValidate(benchmark::State& state) {
  for (auto _ : state) {
    for (const Doc& d : Docs()) {
      auto ex = govreport::extract::Extract(d.bytes, d.type, "");
      if (ex.ok()) govreport::validate::Validate(&*ex);
      benchmark::DoNotOptimize(ex);
    }
  }
  state.SetBytesProcessed(state.iterations() * TotalBytes());
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(Docs().size()));
}
BENCHMARK(BM_ExtractAndValidate)->Unit(benchmark::kMicrosecond);

// One paragraph of about 1.2 MB with no 。, built to make the prose reader try
// a pattern at every turn and fail: time that grows faster than the text (as
// a search restarted after each failed try did, session 10) shows here as
// MB/s falling far below the corpus's.
struct HostileShape {
  const char* unit;  // repeated
  const char* tail;  // once, at the end
  const char* label;
};
constexpr HostileShape kHostileShapes[] = {
    {"延期", "延期办结3件", "an opener's first word, again and again"},
    {"通过政府门户网站公开", "", "a whole opener, never a figure"},
    {"未发生", "", "an implicit zero's opening, no noun"},
    {"收到甲乙丙丁戊己庚辛壬癸子", "申请5件", "a gap pattern's opener, gaps too long"},
};

void BM_HostileParagraph(benchmark::State& state) {
  const HostileShape& shape = kHostileShapes[state.range(0)];
  std::string text;
  while (text.size() < (1200u << 10)) text += shape.unit;
  text += shape.tail;
  for (auto _ : state) {
    auto ex = govreport::extract::Extract(text, "text/plain", "");
    if (!ex.ok()) {
      state.SkipWithError(std::string(ex.status().message()).c_str());
      return;
    }
    benchmark::DoNotOptimize(ex);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(text.size()));
  state.SetLabel(shape.label);
}
BENCHMARK(BM_HostileParagraph)
    ->DenseRange(0, std::size(kHostileShapes) - 1)
    ->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
