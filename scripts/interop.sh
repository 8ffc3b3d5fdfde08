#!/usr/bin/env bash
# Interoperability check: starts reportd on a scratch database and runs the
# Node client in tests/interop (which knows only the .proto files) against it:
# Ingest of the samples and the PDF/DOCX test documents, ListReports paging,
# GetReport, ListFindings and server reflection. npm packages come from the
# committed package-lock.json (npm ci); Node and npm are installed from
# Debian if the machine has none.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -x build/reportd ] || scripts/setup.sh
if ! command -v node > /dev/null || ! command -v npm > /dev/null; then
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends nodejs npm
fi
(cd tests/interop && npm ci --no-audit --no-fund --loglevel=error > /dev/null)

tmp=$(mktemp -d)
build/reportd --listen 127.0.0.1:0 --db "$tmp/reports.db" > "$tmp/out" 2> "$tmp/err" &
server=$!
trap 'kill -TERM $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$tmp"' EXIT
for _ in $(seq 1 50); do grep -q listening "$tmp/out" && break; sleep 0.1; done
addr=$(awk '/listening/ {print $4}' "$tmp/out")
[ -n "$addr" ] || { echo "interop: reportd did not start"; cat "$tmp/err"; exit 1; }
node tests/interop/interop.js "$addr" samples tests/data/dahe_water_2021.pdf \
  tests/data/dahe_water_2021.docx
