#!/usr/bin/env bash
# Runs the whole test suite against real PostgreSQL clusters the tests start themselves (throwaway, under
# /tmp/mloop-tests). Installs what is missing first.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh

stop_test_clusters() {
  # A test process killed mid-run cannot stop its cluster. Folders are named <owner-pid>-…: stop the clusters whose
  # owner is gone, and leave those of test processes still running (another checkout may be testing right now).
  for folder in /tmp/mloop-tests/*/; do
    [ -d "$folder" ] || continue
    owner=$(basename "$folder"); owner=${owner%%-*}
    if [ -n "$owner" ] && kill -0 "$owner" 2>/dev/null; then continue; fi
    for pidfile in "$folder"postmaster.pid "$folder"*/postmaster.pid; do
      [ -f "$pidfile" ] && kill -INT "$(head -n 1 "$pidfile")" 2>/dev/null || true
    done
  done
}
trap stop_test_clusters EXIT

swift build --build-tests
# A crash of the test process itself (a signal, not a failed expectation) is retried once, loudly: a SIGSEGV inside
# libdispatch's event loop is seen about once in eight full runs on this machine and is not yet explained (see the
# issue tracker). Failed expectations are never retried.
log=$(mktemp)
if ! swift test 2>&1 | tee "$log"; then
  if grep -q "exited with unexpected signal code" "$log"; then
    echo "test.sh: THE TEST PROCESS CRASHED (signal, see above); running the tests once more" >&2
    swift test
  else
    rm -f "$log"
    exit 1
  fi
fi
rm -f "$log"

# The web UI in a real browser (Debian's headless chromium + chromedriver + python3-selenium, which install-deps
# installs): seed 002's walkthrough through the UI against a real `mloop standalone`. Screenshots: .build/ui-screenshots
if command -v chromium >/dev/null 2>&1 && [ -x /usr/bin/chromedriver ]; then
  /usr/bin/python3 Tests/UI/run_browser_tests.py
else
  echo "test.sh: SKIPPING the browser tests: chromium/chromium-driver are not installed (run scripts/install-deps.sh as root)" >&2
fi
