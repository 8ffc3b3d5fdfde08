#!/usr/bin/env bash
# The main job on the embedded default: start reportd on SQLite, stream the
# project's sample documents through `reportctl ingest`, show the summary and
# a few findings and stored reports, stop the server.
#   PORT (default 50051), DB (default ./data/reports.db)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
BUILD_DIR=${BUILD_DIR:-build}
PORT=${PORT:-50051}
DB=${DB:-./data/reports.db}
ADDR="127.0.0.1:${PORT}"

"$BUILD_DIR/reportd" --listen "$ADDR" --db "$DB" &
SERVER=$!
trap 'kill -TERM $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true' EXIT
# Wait until the server answers.
for _ in $(seq 1 50); do
  if "$BUILD_DIR/reportctl" --server "$ADDR" --timeout_seconds 1 list > /dev/null 2>&1; then break; fi
  sleep 0.1
done

echo "== reportctl ingest samples/"
status=0
"$BUILD_DIR/reportctl" --server "$ADDR" --show_findings 8 ingest samples || status=$?
echo
echo "== reportctl list"
"$BUILD_DIR/reportctl" --server "$ADDR" list
echo
echo "== reportctl findings --min_severity error"
"$BUILD_DIR/reportctl" --server "$ADDR" findings --min_severity error
kill -TERM $SERVER
wait $SERVER
trap - EXIT
echo
echo "reportd stopped; data kept in $DB"
exit $status
