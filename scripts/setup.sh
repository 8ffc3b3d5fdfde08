#!/usr/bin/env bash
# Installs the Debian packages the project needs (skipping those present) and
# configures + builds it with CMake into build/ (or $BUILD_DIR).
# Idempotent: safe to run again; only missing packages are installed.
#   BUILD_TYPE=Debug|Release (default Release)   SANITIZE=address,undefined (optional)
#   RENDERINGS=1 also installs LibreOffice (for the PDF/DOCX renderings gate)
#   BROWSER=1 also installs Chromium (for the HTML review page's browser test)
set -euo pipefail
cd "$(dirname "$0")/.."

PACKAGES=(
  build-essential cmake ninja-build pkg-config git python3 openssl
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler
  libabsl-dev libre2-dev libicu-dev libxml2-dev libgumbo-dev libsqlite3-dev libssl-dev
  libpoppler-cpp-dev libzip-dev libgoogle-perftools-dev
  libgtest-dev libgmock-dev libbenchmark-dev clang libclang-rt-14-dev
)

# RENDERINGS=1 adds LibreOffice and CJK fonts, which only the renderings gate
# (scripts/renderings_gate.py) and scripts/render_test_documents.sh use.
if [ -n "${RENDERINGS:-}" ]; then
  PACKAGES+=(libreoffice-writer-nogui fonts-noto-cjk)
fi
# PERTURBATIONS=1 adds ICU's command-line tools: the perturbation gate
# (scripts/perturbation_gate.py) writes its traditional-character variant with uconv.
if [ -n "${PERTURBATIONS:-}" ]; then
  PACKAGES+=(icu-devtools)
fi
# BROWSER=1 adds Chromium for the review page's real-browser test (scripts/test.sh sets it).
if [ -n "${BROWSER:-}" ]; then
  PACKAGES+=(chromium fonts-noto-cjk)
fi

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "setup: all Debian packages present"
fi

BUILD_DIR=${BUILD_DIR:-build}
BUILD_TYPE=${BUILD_TYPE:-Release}
cmake_args=(-S . -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE="$BUILD_TYPE")
if [ -n "${SANITIZE:-}" ]; then
  cmake_args+=(-DGOVREPORT_SANITIZE="$SANITIZE" -DGOVREPORT_BUILD_BENCH=OFF)
fi
cmake "${cmake_args[@]}" >/dev/null
cmake --build "$BUILD_DIR" -j "$(nproc)"
echo "setup: built into $BUILD_DIR"
