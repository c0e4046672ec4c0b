#!/usr/bin/env bash
# Installs what MLoop needs that this machine lacks, from Debian's packages only (as root): libpq-dev (headers and
# libpq), postgresql (initdb/postgres for the embedded default and the tests), pkg-config, python3, and for the
# browser tests of the web UI chromium, chromium-driver and python3-selenium; and wrk, the HTTP load generator of
# bench/run's api workload (optional: without it the bench uses a slower Python load generator).
# With --examples (what scripts/start.sh passes), also what the shipped example workflows import in the python3 that
# runs tasks: python3-pandas, python3-sklearn and python3-numpy (dags/ml_pipeline_example.yaml is seed 002's ML
# pipeline), so a new user's first scheduled run succeeds.
# Prints what it would install and exits non-zero when it is not root.
set -euo pipefail
examples=no
[ "${1:-}" = "--examples" ] && examples=yes

missing=()
pkg-config --version >/dev/null 2>&1 || missing+=(pkg-config)
pkg-config --exists libpq 2>/dev/null || missing+=(libpq-dev)
have_server=no
for dir in "${MLOOP_PG_BIN:-}" "$(pg_config --bindir 2>/dev/null || true)" /usr/lib/postgresql/*/bin; do
  if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/postgres" ]; then have_server=yes; break; fi
done
if [ "$have_server" = no ] && command -v initdb >/dev/null 2>&1 && command -v postgres >/dev/null 2>&1; then
  have_server=yes
fi
[ "$have_server" = yes ] || missing+=(postgresql)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
/usr/bin/python3 -c 'import selenium' >/dev/null 2>&1 || missing+=(python3-selenium)
if [ "$examples" = yes ]; then
  python3 -c 'import pandas' >/dev/null 2>&1 || missing+=(python3-pandas)
  python3 -c 'import sklearn' >/dev/null 2>&1 || missing+=(python3-sklearn)
  python3 -c 'import numpy' >/dev/null 2>&1 || missing+=(python3-numpy)
fi
optional=()
command -v wrk >/dev/null 2>&1 || optional+=(wrk)

if ! command -v swift >/dev/null 2>&1; then
  echo "install-deps: the Swift toolchain (swift 6.1 or newer) is not on PATH; install it first" >&2
  exit 1
fi

if [ ${#missing[@]} -eq 0 ] && { [ ${#optional[@]} -eq 0 ] || [ "$(id -u)" -ne 0 ]; }; then
  [ ${#optional[@]} -eq 0 ] || echo "install-deps: optional ${optional[*]} (bench/run --only api) is missing" >&2
  exit 0
fi
missing+=("${optional[@]}")
if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing ${missing[*]}; run as root: apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "install-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
