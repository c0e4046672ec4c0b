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
# The examples' packages go into the interpreter that runs tasks (python3 on PATH, as MLoop resolves it): Debian's
# packages for Debian's python3, pip for another one (pyenv, a virtualenv), which Debian's packages do not reach.
example_pip=()
if [ "$examples" = yes ] && command -v python3 >/dev/null 2>&1; then
  task_python=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null || echo python3)
  for pair in pandas:pandas sklearn:scikit-learn numpy:numpy; do
    module=${pair%%:*}; package=${pair#*:}
    "$task_python" -c "import $module" >/dev/null 2>&1 && continue
    case "$task_python" in
      /usr/bin/python3*) missing+=("python3-$module") ;;
      *) example_pip+=("$package") ;;
    esac
  done
  if [ ${#example_pip[@]} -gt 0 ]; then
    echo "install-deps: installing ${example_pip[*]} for $task_python (the shipped ML example imports them)" >&2
    "$task_python" -m pip install --quiet "${example_pip[@]}" >&2 \
      || echo "install-deps: could not pip install ${example_pip[*]}; ml_pipeline_example will fail until they are" >&2
  fi
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
