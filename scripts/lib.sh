# Shared helpers of the project's scripts (sourced, not run).
say() { printf '\033[1;32m==>\033[0m %s\n' "$*" >&2; }
warn() { printf '\033[1;33mwarning:\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31merror:\033[0m %s\n' "$*" >&2; exit 1; }

# Installs Debian packages that are missing; idempotent, never asks.
apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null 2>&1 || die "missing packages (${missing[*]}) and no apt-get to install them"
  local sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  say "installing ${missing[*]}"
  $sudo apt-get update -qq || warn "apt-get update failed; trying the install anyway"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null || die "could not install ${missing[*]}"
}

# Prints the path of a wasm-bindgen CLI of exactly version $1, installing it
# once per machine under $CURSUS_TOOLS_DIR (default ~/.cache/cursus-tools).
ensure_wasm_bindgen() {
  local version="$1" tools="${CURSUS_TOOLS_DIR:-$HOME/.cache/cursus-tools}"
  for candidate in "$tools/bin/wasm-bindgen" "$(command -v wasm-bindgen 2>/dev/null || true)"; do
    if [ -n "$candidate" ] && [ -x "$candidate" ] && "$candidate" --version 2>/dev/null | grep -q " $version\$"; then
      echo "$candidate"; return 0
    fi
  done
  say "installing wasm-bindgen-cli $version (once per machine, a few minutes)"
  # No --locked: its lock file pins a crate the index lacks (docs/BUILDING.md).
  cargo install wasm-bindgen-cli --version "$version" --root "$tools" >&2 || die "could not install wasm-bindgen-cli $version"
  echo "$tools/bin/wasm-bindgen"
}
