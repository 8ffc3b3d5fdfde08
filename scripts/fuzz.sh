#!/usr/bin/env bash
# Builds the extractor fuzzer with clang (libFuzzer + ASan + UBSan) and runs it
# for a bounded time, seeded with the project's samples.
#   FUZZ_SECONDS (default 60)
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TO_RUN=${FUZZ_SECONDS:-60}
[ -f build/gen/govreport/v1/report.pb.cc ] || scripts/setup.sh
out=build-fuzz
mkdir -p "$out/corpus"
cp samples/* tests/data/* "$out/corpus/" 2>/dev/null || true
flags="-std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -I. -Ibuild/gen"
libs="$(pkg-config --cflags --libs re2 libxml-2.0 icu-uc icu-i18n poppler-cpp libzip protobuf absl_strings absl_status absl_statusor absl_str_format absl_hash absl_raw_hash_set)"
if [ ! -x "$out/extract_fuzzer" ] || [ -n "$(find service fuzz -newer "$out/extract_fuzzer" -type f | head -1)" ]; then
  echo "fuzz: building $out/extract_fuzzer"
  # shellcheck disable=SC2086
  clang++ $flags fuzz/extract_fuzzer.cc service/extract/*.cc service/validate/*.cc \
    build/gen/govreport/v1/report.pb.cc -o "$out/extract_fuzzer" $libs
fi
echo "fuzz: running for ${SECONDS_TO_RUN}s"
"$out/extract_fuzzer" -max_total_time="$SECONDS_TO_RUN" -max_len=300000 -timeout=10 -rss_limit_mb=4096 \
  -print_final_stats=1 "$out/corpus" 2>&1 | tail -15
