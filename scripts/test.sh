#!/usr/bin/env bash
# Runs the whole test suite against real PostgreSQL clusters the tests start themselves (throwaway, under
# /tmp/mloop-tests). Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh

stop_test_clusters() {
  # A test process killed mid-run cannot stop its cluster; stop whatever is left under the tests' prefix.
  for pidfile in /tmp/mloop-tests/*/*/postmaster.pid /tmp/mloop-tests/*/postmaster.pid; do
    [ -f "$pidfile" ] || continue
    kill -INT "$(head -n 1 "$pidfile")" 2>/dev/null || true
  done
}
trap stop_test_clusters EXIT

swift build --build-tests
swift test
