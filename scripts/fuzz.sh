#!/usr/bin/env bash
# Builds the fuzz targets with clang (libFuzzer + ASan + UBSan) and runs each
# for a bounded time, seeded with the project's samples:
#   extract_fuzzer           arbitrary bytes through extractor and validator
#   markup_filter_fuzzer     the HTML reader with and without the markup filter
#   FUZZ_SECONDS (default 60), FILTER_FUZZ_SECONDS (default 30)
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TO_RUN=${FUZZ_SECONDS:-60}
FILTER_SECONDS=${FILTER_FUZZ_SECONDS:-30}
[ -f build/gen/govreport/v1/report.pb.cc ] || scripts/setup.sh
out=build-fuzz
mkdir -p "$out/corpus"
cp samples/* tests/data/* "$out/corpus/" 2>/dev/null || true
flags="-std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -I. -Ibuild/gen"
libs="$(pkg-config --cflags --libs re2 libxml-2.0 icu-uc icu-i18n poppler-cpp libzip protobuf absl_strings absl_status absl_statusor absl_str_format absl_hash absl_raw_hash_set)"
# Each target: its source, then how long it runs.
targets=("extract_fuzzer:$SECONDS_TO_RUN" "markup_filter_fuzzer:$FILTER_SECONDS")
for target in "${targets[@]}"; do
  name=${target%%:*}
  seconds=${target##*:}
  if [ ! -x "$out/$name" ] || [ -n "$(find service fuzz -newer "$out/$name" -type f | head -1)" ]; then
    echo "fuzz: building $out/$name"
    # shellcheck disable=SC2086
    clang++ $flags "fuzz/$name.cc" service/extract/*.cc service/validate/*.cc \
      build/gen/govreport/v1/report.pb.cc -o "$out/$name" $libs
  fi
  echo "fuzz: running $name for ${seconds}s"
  "$out/$name" -max_total_time="$seconds" -max_len=300000 -timeout=10 -rss_limit_mb=4096 -dict=fuzz/html.dict \
    -print_final_stats=1 "$out/corpus" 2>&1 | tail -15
done
