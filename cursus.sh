#!/usr/bin/env bash
# The two commands of README.md:
#   ./cursus.sh run    build everything and run Cursus on SQLite (demo curricula and accounts)
#   ./cursus.sh test   check and test everything: format, lints, unit and API tests on
#                      SQLite and PostgreSQL, the OpenAPI document fuzzed, the browser
# Both install what they need, idempotently. `test` prints how long each stage took.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$ROOT"
source scripts/lib.sh

command -v cargo >/dev/null 2>&1 || die "Rust is needed: https://rustup.rs"

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

# The Python tools of tests/tools/requirements.txt (schemathesis, moto, cbor2,
# Pillow), from PyPI, in a virtual environment kept between runs and
# reinstalled when the list changes.
ensure_python_tools() {
  local venv="${CURSUS_TOOLS_DIR:-$HOME/.cache/cursus-tools}/python" wanted="$ROOT/tests/tools/requirements.txt"
  if ! cmp -s "$wanted" "$venv/requirements.txt"; then
    say "installing the Python test tools (when their list changes)"
    [ -x "$venv/bin/pip" ] || python3 -m venv "$venv" 2>/dev/null || { apt_install python3-venv; python3 -m venv "$venv"; }
    "$venv/bin/pip" install -q --disable-pip-version-check -r "$wanted" || die "could not install the Python test tools"
    cp "$wanted" "$venv/requirements.txt"
  fi
  export PATH="$venv/bin:$PATH"
}

TIMINGS=()
stage() {
  local name="$1"; shift
  local started=$SECONDS
  say "$name"
  "$@"
  TIMINGS+=("$(printf '  %-46s %4d s' "$name" $((SECONDS - started)))")
  printf '\033[1;34m--> %s: %d s\033[0m\n' "$name" $((SECONDS - started)) >&2
}

summary() {
  local status=$?
  if [ ${#TIMINGS[@]} -gt 0 ]; then
    printf '\nstage durations:\n' >&2
    printf '%s\n' "${TIMINGS[@]}" >&2
    printf '  %-46s %4d s\n' "total" "$SECONDS" >&2
  fi
  return $status
}

browser_tests() {
  cargo build -p cursus-server
  (cd tests/browser && npm ci --no-audit --no-fund --silent)
  node tests/browser/run.mjs
}

case "${1:-}" in
  run)
    apt_install binaryen brotli
    scripts/build-web.sh
    say "building the server (release)"
    cargo build --release -p cursus-server
    TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
    exec "$TARGET_DIR/release/cursus" serve
    ;;
  test)
    trap summary EXIT
    TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
    stage "system packages" apt_install binaryen brotli poppler-utils zbar-tools chromium chromium-driver
    command -v pg_isready >/dev/null 2>&1 || apt_install postgresql-client
    command -v node >/dev/null 2>&1 || apt_install nodejs npm
    stage "python tools (tests/tools/requirements.txt)" ensure_python_tools
    ensure_postgres
    rustup component add rustfmt clippy >/dev/null 2>&1 || true
    stage "format (cargo fmt --check)" cargo fmt --all --check
    stage "no test sleeps" scripts/check-no-sleeps.sh
    stage "lints (clippy, warnings are errors)" cargo clippy --workspace --all-targets -- -D warnings
    stage "browser app (WebAssembly)" scripts/build-web.sh
    export CURSUS_REQUIRE_POSTGRES="${CURSUS_REQUIRE_POSTGRES:-$([ "${CI:-}" = "true" ] && echo 1 || echo 0)}"
    stage "unit and API tests (SQLite and PostgreSQL)" cargo test --no-fail-fast
    stage "OpenAPI document fuzzed (schemathesis, 5 roles)" scripts/api-fuzz.sh "$TARGET_DIR/debug/cursus" "${CURSUS_FUZZ_EXAMPLES:-20}"
    stage "browser tests (headless Chromium)" browser_tests
    say "all tests passed"
    ;;
  *)
    echo "usage: ./cursus.sh run | test" >&2
    exit 2
    ;;
esac
