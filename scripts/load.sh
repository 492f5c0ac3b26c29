#!/usr/bin/env bash
# Measures a learner's map under load beside /readyz (the floor: one trivial
# query), in one run, on a database seeded by `cursus bench seed`:
#   scripts/load.sh DATA_DIR [DATABASE_URL]
# Prints requests per second, p50 and p99 of each, and their ratio; and the
# server's memory (RSS) before, after and at idle.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/lib.sh"
DATA_DIR="$1"
DATABASE_URL_ARG="${2:-}"
BIN="${CURSUS_BIN:-${CARGO_TARGET_DIR:-$ROOT/target}/release/cursus}"
PORT="${CURSUS_LOAD_PORT:-18280}"
CONNECTIONS="${CURSUS_LOAD_CONNECTIONS:-200}"
DURATION="${CURSUS_LOAD_SECONDS:-30}"
command -v wrk >/dev/null 2>&1 || apt_install wrk
[ -f "$DATA_DIR/bench-sessions.txt" ] || die "no $DATA_DIR/bench-sessions.txt: run cursus bench seed first"

env_args=(CURSUS_DATA_DIR="$DATA_DIR" CURSUS_BIND="127.0.0.1:$PORT" CURSUS_ASSETS_DIR="$ROOT/assets" CURSUS_LOG=warn)
[ -n "$DATABASE_URL_ARG" ] && env_args+=(DATABASE_URL="$DATABASE_URL_ARG")
curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && die "port $PORT is taken by another server (set CURSUS_LOAD_PORT)"
env "${env_args[@]}" "$BIN" serve > "$DATA_DIR/load-server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.2; done
rss() { awk '/VmRSS/ { print int($2 / 1024) " MB" }' "/proc/$pid/status"; }
say "server up; RSS $(rss)"
# Warm both paths (the programme structure is cached by the first map).
wrk -t2 -c20 -d3s -s "$ROOT/scripts/load/progress.lua" "http://127.0.0.1:$PORT" -- "$DATA_DIR/bench-sessions.txt" >/dev/null
wrk -t2 -c20 -d3s "http://127.0.0.1:$PORT/readyz" >/dev/null

floor="$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" -s "$ROOT/scripts/load/plain.lua" "http://127.0.0.1:$PORT/readyz" | grep '^RESULT')"
map="$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" -s "$ROOT/scripts/load/progress.lua" "http://127.0.0.1:$PORT" -- "$DATA_DIR/bench-sessions.txt" | grep '^RESULT')"
after="$(rss)"
field() { echo "$1" | tr ' ' '\n' | awk -F= -v k="$2" '$1 == k { print $2 }'; }
floor_rps="$(field "$floor" requests_per_s)"
map_rps="$(field "$map" requests_per_s)"
printf '%-12s %10s %10s %10s %8s %8s\n' route "req/s" "p50 ms" "p99 ms" errors non2xx
printf '%-12s %10s %10s %10s %8s %8s\n' /readyz "$floor_rps" "$(field "$floor" p50_ms)" "$(field "$floor" p99_ms)" "$(field "$floor" errors)" "$(field "$floor" non2xx)"
printf '%-12s %10s %10s %10s %8s %8s\n' map "$map_rps" "$(field "$map" p50_ms)" "$(field "$map" p99_ms)" "$(field "$map" errors)" "$(field "$map" non2xx)"
awk -v f="$floor_rps" -v m="$map_rps" 'BEGIN { printf "ratio /readyz ÷ map: %.2f\n", f / m }'
echo "RSS after the load: $after"
# Idle: what the server costs doing nothing for a minute.
ticks_before="$(awk '{ print $14 + $15 }' "/proc/$pid/stat")"
sleep 60
ticks_after="$(awk '{ print $14 + $15 }' "/proc/$pid/stat")"
hz="$(getconf CLK_TCK)"
awk -v d="$((ticks_after - ticks_before))" -v hz="$hz" 'BEGIN { printf "idle for 60 s: %.2f%% of one core\n", 100 * d / hz / 60 }'
echo "RSS at idle: $(rss)"
