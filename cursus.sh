#!/usr/bin/env bash
# The two commands of README.md:
#   ./cursus.sh run    build everything and run Cursus on SQLite (demo curricula and accounts)
#   ./cursus.sh test   run the whole test suite (unit, API on SQLite and PostgreSQL, browser)
# Both install what they need, idempotently.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
source scripts/lib.sh

command -v cargo >/dev/null 2>&1 || die "Rust is needed: https://rustup.rs"

system_packages() {
  # poppler-utils reads PDFs back in tests; chromium runs the browser tests;
  # binaryen and brotli shrink the app.
  apt_install "$@"
}

ensure_postgres() {
  if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then return 0; fi
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    say "starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -1)" main start || true
    for _ in $(seq 1 20); do pg_isready -q -h 127.0.0.1 -p 5432 && return 0; sleep 0.5; done
  fi
  if [ "${CI:-}" = "true" ]; then die "PostgreSQL is not reachable at 127.0.0.1:5432 and CI requires it"; fi
  warn "PostgreSQL is not reachable at 127.0.0.1:5432: its half of the API tests will not run"
}

case "${1:-}" in
  run)
    system_packages binaryen brotli
    scripts/build-web.sh
    say "building the server (release)"
    cargo build --release -p cursus-server
    TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
    exec "$TARGET_DIR/release/cursus" serve
    ;;
  test)
    system_packages binaryen brotli poppler-utils zbar-tools chromium chromium-driver
    command -v pg_isready >/dev/null 2>&1 || system_packages postgresql-client
    command -v node >/dev/null 2>&1 || system_packages nodejs npm
    ensure_postgres
    scripts/build-web.sh
    say "unit and API tests (SQLite and PostgreSQL)"
    CURSUS_REQUIRE_POSTGRES="${CURSUS_REQUIRE_POSTGRES:-$([ "${CI:-}" = "true" ] && echo 1 || echo 0)}" \
      cargo test --no-fail-fast
    say "browser tests (headless Chromium)"
    cargo build -p cursus-server
    (cd tests/browser && npm ci --no-audit --no-fund --silent)
    node tests/browser/run.mjs
    say "all tests passed"
    ;;
  *)
    echo "usage: ./cursus.sh run | test" >&2
    exit 2
    ;;
esac
