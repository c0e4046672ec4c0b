#!/usr/bin/env bash
# Fuzzes the HTTP API against its own OpenAPI document with schemathesis: starts `mloop standalone` on a scratch
# MLOOP_HOME (embedded PostgreSQL) with the example DAGs, signs in, runs schemathesis with a bounded number of
# examples per operation, and stops the server. Not part of the CI test command (it takes minutes).
#   scripts/api-fuzz.sh [extra schemathesis arguments]
# Environment: MAX_EXAMPLES (default 20), PORT (default 18765), MLOOP (default .build/debug/mloop),
# SCHEMATHESIS (default: schemathesis on PATH, else a venv under /tmp/mloop-schemathesis is made with pip).
set -euo pipefail
cd "$(dirname "$0")/.."
MAX_EXAMPLES="${MAX_EXAMPLES:-20}"
PORT="${PORT:-18765}"
MLOOP="${MLOOP:-.build/debug/mloop}"
PASSWORD="fuzz-admin-password-1"

if [[ -z "${SCHEMATHESIS:-}" ]]; then
    if command -v schemathesis >/dev/null; then
        SCHEMATHESIS=schemathesis
    else
        [[ -x /tmp/mloop-schemathesis/bin/schemathesis ]] ||
            { python3 -m venv /tmp/mloop-schemathesis && /tmp/mloop-schemathesis/bin/pip install -q schemathesis; }
        SCHEMATHESIS=/tmp/mloop-schemathesis/bin/schemathesis
    fi
fi
[[ -x "$MLOOP" ]] || swift build --product mloop

scratch="$(mktemp -d /tmp/mloop-fuzz.XXXXXX)"
chmod 0777 "$scratch"
cp -r dags "$scratch/dags"
MLOOP_ADMIN_PASSWORD="$PASSWORD" "$MLOOP" standalone --home "$scratch/home" --dags "$scratch/dags" \
    --api-port "$PORT" --log-level warning >"$scratch/server.log" 2>&1 &
server=$!
cleanup() {
    kill -TERM "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    rm -rf "$scratch"
}
trap cleanup EXIT

base="http://127.0.0.1:$PORT"
for _ in $(seq 1 120); do
    curl -fsS "$base/api/v1/monitoring/health" >/dev/null 2>&1 && break
    kill -0 "$server" 2>/dev/null || { cat "$scratch/server.log"; exit 1; }
    sleep 0.5
done
token="$(curl -fsS -X POST "$base/api/v1/auth/token" -H 'Content-Type: application/json' \
    -d "{\"username\":\"admin\",\"password\":\"$PASSWORD\",\"name\":\"fuzz\"}" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')"
# A run, so job routes have something to find.
curl -fsS -X POST "$base/api/v1/jobs/trigger/hello_world" -H "Authorization: Bearer $token" >/dev/null || true

# /api/v1/events never ends, so it is left out (the route tests cover it).
# Basic rather than the token: fuzzed logout and token revocation must not cut the run's own credentials off.
status=0
# The document needs credentials like every endpoint but health: fetch it first.
curl -fsS -u "admin:$PASSWORD" "$base/api/v1/openapi.json" -o "$scratch/openapi.json"
"$SCHEMATHESIS" run "$scratch/openapi.json" --url "$base" --auth "admin:$PASSWORD" \
    --checks not_a_server_error,status_code_conformance,response_schema_conformance,content_type_conformance \
    --exclude-operation-id streamEvents --request-timeout 20 \
    --max-examples "$MAX_EXAMPLES" --seed 1 --workers 1 "$@" || status=$?
if grep -q "failed:" "$scratch/server.log"; then
    echo "server errors logged:" >&2
    grep "failed:" "$scratch/server.log" | head -20 >&2
fi
exit "$status"
