#!/usr/bin/env bash
# Times bulk enrolment over HTTP, as a browser sends it, on a database seeded
# by `cursus bench seed` (or any other):
#   scripts/import-load.sh DATA_DIR [DATABASE_URL]
# For 10,000 and 100,000 rows (files as Excel on Windows saves a CSV): the dry
# run and the real run, each timed; then the server's memory: at rest before,
# at its peak, and a minute after.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/lib.sh"
DATA_DIR="$1"
DATABASE_URL_ARG="${2:-}"
BIN="${CURSUS_BIN:-${CARGO_TARGET_DIR:-$ROOT/target}/release/cursus}"
PORT="${CURSUS_LOAD_PORT:-18281}"
URL="http://127.0.0.1:$PORT"
work="$(mktemp -d)"
env_args=(CURSUS_DATA_DIR="$DATA_DIR" CURSUS_BIND="127.0.0.1:$PORT" CURSUS_ASSETS_DIR="$ROOT/assets" CURSUS_LOG=warn)
[ -n "$DATABASE_URL_ARG" ] && env_args+=(DATABASE_URL="$DATABASE_URL_ARG")

# Each run enrols people no earlier run enrolled.
stamp="$(date +%s)"
first=$(( (stamp % 100000) * 1000000 ))
"$BIN" bench file --rows 10000 --first "$first" "$work/10k.csv"
"$BIN" bench file --rows 100000 --first "$((first + 10000))" "$work/100k.csv"
password="banc-d-essai-$stamp"
email="bench-admin-$stamp@cursus.local"
printf '%s\n' "$password" | env "${env_args[@]}" "$BIN" user create --role admin --email "$email" --name "Banc d'essai" --password-stdin >/dev/null

curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && die "port $PORT is taken by another server (set CURSUS_LOAD_PORT)"
env "${env_args[@]}" "$BIN" serve > "$work/server.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null || true' EXIT
for _ in $(seq 1 300); do curl -sf "$URL/readyz" >/dev/null && break; sleep 0.2; done
mem() { awk -v k="$1" '$1 == k":" { print int($2 / 1024) " MB" }' "/proc/$pid/status"; }
curl -sf -c "$work/cookies" -H 'Content-Type: application/json' -d "{\"email\":\"$email\",\"password\":\"$password\"}" "$URL/api/v1/auth/login" > "$work/login.json"
csrf="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["csrf_token"])' "$work/login.json")"
auth=(-b "$work/cookies" -H "X-CSRF-Token: $csrf")
programme="$(curl -sf "${auth[@]}" "$URL/api/v1/programmes?per_page=200" | python3 -c 'import json,sys; print(next(p["id"] for p in json.load(sys.stdin)["items"] if p["code"] == "TAKWIA"))')"
cohort() {
  curl -sf "${auth[@]}" -H 'Content-Type: application/json' \
    -d "{\"programme_id\":$programme,\"name\":\"Import $1 $stamp\",\"region\":\"Rabat-Salé-Kénitra\",\"starts_on\":\"2027-01-04\",\"ends_on\":\"2027-12-17\",\"capacity\":100000}" \
    "$URL/api/v1/cohorts" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'
}
say "server up; RSS $(mem VmRSS) (anonymous $(mem RssAnon), file $(mem RssFile))"
# The peak of anonymous memory (the heap; file pages mapped by SQLite are
# the kernel's cache and are counted apart), sampled while the imports run.
( peak=0; while kill -0 "$pid" 2>/dev/null; do
    now="$(awk '$1 == "RssAnon:" { print $2 }' "/proc/$pid/status" 2>/dev/null || echo 0)"
    [ "${now:-0}" -gt "$peak" ] && peak="$now" && echo "$peak" > "$work/anon-peak"
    sleep 0.1
  done ) &
sampler=$!
printf '%-10s %-8s %8s %10s %s\n' rows run status seconds counts
for size in 10k 100k; do
  id="$(cohort "$size")"
  for dry in true false; do
    out="$work/$size-$dry.json"
    result="$(curl -s -o "$out" -w '%{http_code} %{time_total}' "${auth[@]}" -H 'Content-Type: text/csv' \
      --data-binary "@$work/$size.csv" "$URL/api/v1/cohorts/$id/enrolments/import?dry_run=$dry")"
    counts="$(python3 -c 'import json,sys; c=json.load(open(sys.argv[1])).get("counts", {}); print(" ".join(f"{k}={v}" for k, v in c.items()))' "$out" 2>/dev/null || true)"
    label="$([ "$dry" = true ] && echo "dry run" || echo "commit")"
    printf '%-10s %-8s %8s %10s %s\n' "$size" "$label" ${result} "$counts"
  done
done
echo "after the imports: RSS $(mem VmRSS) (anonymous $(mem RssAnon), file $(mem RssFile)); peak RSS $(mem VmHWM), peak anonymous $(( $(cat "$work/anon-peak") / 1024 )) MB"
sleep 60
echo "a minute later: RSS $(mem VmRSS) (anonymous $(mem RssAnon), file $(mem RssFile))"
kill "$sampler" 2>/dev/null || true
rm -rf "$work"
