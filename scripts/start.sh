#!/usr/bin/env bash
# One command from a fresh clone: install what is missing, build, and start `mloop standalone` on its embedded
# private PostgreSQL (under ./.mloop) — or on MLOOP_DATABASE_URL when set. Extra arguments go to standalone.
set -euo pipefail
cd "$(dirname "$0")/.."
# --examples: also pandas and scikit-learn, which the shipped ML example's tasks import.
bash scripts/install-deps.sh --examples
echo "building mloop (release; the first build takes a few minutes)..." >&2
swift build -c release --product mloop
exec .build/release/mloop standalone "$@"
