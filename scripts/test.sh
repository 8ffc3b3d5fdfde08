#!/usr/bin/env bash
# Sets up, builds and runs every test: the Release build with the full
# GoogleTest suite (ctest), then the same suite under AddressSanitizer and
# UndefinedBehaviorSanitizer. Needs nothing outside the project; installs
# Chromium too, for the review page's real-browser test.
set -euo pipefail
cd "$(dirname "$0")/.."
BROWSER=1 scripts/setup.sh
# The review page's browser test must run here, not skip.
export GOVREPORT_REQUIRE_BROWSER=1
(cd build && ctest --output-on-failure -j "$(nproc)")
echo "== ASan + UBSan build"
BUILD_DIR=build-asan BUILD_TYPE=Debug SANITIZE=address,undefined scripts/setup.sh
(cd build-asan && ASAN_OPTIONS=detect_leaks=1 UBSAN_OPTIONS=print_stacktrace=1 ctest --output-on-failure -j "$(nproc)")
