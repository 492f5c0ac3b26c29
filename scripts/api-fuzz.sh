#!/usr/bin/env bash
# Fuzzes the served OpenAPI document with schemathesis, as each role and
# anonymously, each against a fresh server: fails on any 5xx, any answer that
# breaks its documented schema, content type or status.
#   scripts/api-fuzz.sh path/to/cursus [examples per operation]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/lib.sh"
BIN="$1"
EXAMPLES="${2:-25}"
PORT="${CURSUS_FUZZ_PORT:-18180}"
SEED=20261125
command -v st >/dev/null 2>&1 || die "schemathesis (st) is not installed"

failed=0
for role in anonymous admin partner trainer learner; do
  dir="$(mktemp -d)"
  CURSUS_DATA_DIR="$dir" CURSUS_BIND="127.0.0.1:$PORT" CURSUS_ASSETS_DIR="$ROOT/assets" CURSUS_WEB_DIR="$ROOT/frontend/dist" \
    CURSUS_LOG=warn "$BIN" serve > "$dir/server.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.2; done
  headers=()
  if [ "$role" != anonymous ]; then
    email="$(awk -v r="$role" '$1 == r { print $2 }' "$dir/server.log")"
    password="$(awk -v r="$role" '$1 == r { print $3 }' "$dir/server.log")"
    [ -n "$password" ] || die "no demo password for $role in $dir/server.log"
    curl -sf -c "$dir/cookies" -H 'Content-Type: application/json' \
      -d "{\"email\":\"$email\",\"password\":\"$password\"}" "http://127.0.0.1:$PORT/api/v1/auth/login" > "$dir/login.json"
    csrf="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["csrf_token"])' "$dir/login.json")"
    session="$(awk '$6 == "cursus_session" { print $7 }' "$dir/cookies")"
    headers=(-H "Cookie: cursus_session=$session" -H "X-CSRF-Token: $csrf")
  fi
  say "schemathesis as $role ($EXAMPLES examples per operation, seed $SEED)"
  if ! st run "http://127.0.0.1:$PORT/api/openapi.json" "${headers[@]}" \
      --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
      --max-examples "$EXAMPLES" --seed "$SEED" --generation-deterministic --no-color \
      --exclude-path /api/v1/auth/logout --exclude-path /api/v1/verify/pdf \
      --suppress-health-check all --report junit --report-dir "$dir/report" > "$dir/st.log" 2>&1; then
    tail -80 "$dir/st.log"
    warn "schemathesis found problems as $role: $dir/st.log"
    failed=1
  else
    grep -E "passed|failed" "$dir/st.log" | tail -2
  fi
  if grep -q "panicked" "$dir/server.log"; then warn "the server panicked as $role"; failed=1; fi
  kill "$pid"; wait "$pid" 2>/dev/null || true
done
[ "$failed" = 0 ] || die "the API does not match its OpenAPI document"
say "the API matches its OpenAPI document for every role"
