#!/usr/bin/env bash
# Tests drive the background workers themselves (`TestApp::run_workers_once`)
# instead of sleeping until they have run: a sleep makes a test slow on a
# quiet machine and flaky on a busy one. Only waits for other processes are
# allowed, each named below with its reason.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/lib.sh
ALLOWED=(
  "tests/api/database.rs"    # another test binary is building the PostgreSQL template
  "server/tests/two_hosts.rs" # two real server processes, moto and their own workers
)
found=0
while IFS= read -r hit; do
  file="${hit%%:*}"
  allowed=0
  for a in "${ALLOWED[@]}"; do [ "$file" = "$a" ] && allowed=1; done
  if [ "$allowed" = 0 ]; then
    warn "a test sleeps: $hit"
    found=1
  fi
done < <(grep -rn --include='*.rs' -E 'sleep\(|Duration::from_(millis|secs)\([0-9]+\)\)\.await' tests/api server/tests server/benches 2>/dev/null | grep -E 'sleep\(' || true)
[ "$found" = 0 ] || die "tests must run the workers once (TestApp::run_workers_once), not sleep"
say "no test sleeps where it can run the workers once"
