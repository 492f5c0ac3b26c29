#!/usr/bin/env bash
# Builds the browser app into frontend/dist, ready for `cursus serve`:
#   1. the Leptos crate's two bundles for wasm32 — rustup's target where the
#      machine has it, else Debian's rustc-web with std built from source;
#   2. wasm-opt (Debian's binaryen 108 before wasm-bindgen, newer ones after);
#   3. wasm-bindgen at exactly the version in Cargo.lock (installed once per machine);
#   4. content-hashed file names, brotli copies, index.html pointing at them.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source scripts/lib.sh

TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
PROFILE="${CURSUS_WASM_PROFILE:-wasm-release}"
DIST="$ROOT/frontend/dist"
WBG_VERSION="$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)"
[ -n "$WBG_VERSION" ] || die "cannot read the wasm-bindgen version from Cargo.lock"

# Size flags: component types erased, std rebuilt for size, panics abort
# without formatting a message. They need std's sources (and unstable flags,
# allowed for this build only); without the sources the app is built plainly,
# larger but working.
SIZE_RUSTFLAGS="--cfg erase_components -Zlocation-detail=none -Zfmt-debug=none -Zunstable-options -Cpanic=immediate-abort"
BUILD_STD=(-Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size)

build_wasm() {
  if rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown \
     || rustup target add wasm32-unknown-unknown >/dev/null 2>&1; then
    OUT="$TARGET_DIR/wasm"
    if rustup component list --installed 2>/dev/null | grep -q '^rust-src' || rustup component add rust-src >/dev/null 2>&1; then
      say "building the browser app (rustup wasm32 target, std rebuilt for size)"
      RUSTC_BOOTSTRAP=1 RUSTFLAGS="$SIZE_RUSTFLAGS" \
        cargo build -p cursus-frontend --bins --target wasm32-unknown-unknown --profile "$PROFILE" --target-dir "$OUT" "${BUILD_STD[@]}"
    else
      warn "rust-src is not available: building without the size flags (a larger app)"
      RUSTFLAGS="--cfg erase_components" cargo build -p cursus-frontend --bins --target wasm32-unknown-unknown --profile "$PROFILE" --target-dir "$OUT"
    fi
  else
    say "rustup cannot provide wasm32 here: using Debian's rustc-web with -Zbuild-std"
    apt_install rustc-web rust-web-src
    local lld
    lld="$(rustc --print sysroot)/lib/rustlib/x86_64-unknown-linux-gnu/bin/rust-lld"
    OUT="$TARGET_DIR/wasm-debian"
    RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_LINKER="$lld" RUSTFLAGS="$SIZE_RUSTFLAGS" \
      cargo build -p cursus-frontend --bins --profile "$PROFILE" --target wasm32-unknown-unknown "${BUILD_STD[@]}" --target-dir "$OUT"
  fi
  for bin in cursus account staff entry; do
    [ -f "$OUT/wasm32-unknown-unknown/$PROFILE/$bin.wasm" ] || die "no wasm file for $bin in $OUT"
  done
}

optimise() {
  # $1 = input, $2 = output, $3 = level (-Oz by default). Returns 1 when
  # wasm-opt is missing or fails (the app still works, only bigger).
  command -v wasm-opt >/dev/null 2>&1 || return 1
  wasm-opt "${3:--Oz}" --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
    --enable-mutable-globals --enable-reference-types --enable-multivalue "$1" -o "$2" 2>/dev/null
}

build_wasm
WBG="$(ensure_wasm_bindgen "$WBG_VERSION")"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

bindgen() {
  "$WBG" --target web --no-typescript --out-dir "$WORK/pkg" --out-name "$1" "$2" 2> "$WORK/wbg.err"
}

OPT_VERSION="$(command -v wasm-opt >/dev/null 2>&1 && wasm-opt --version | grep -o '[0-9]\+' | head -1 || echo 0)"
for bin in cursus account staff entry; do
  RAW="$OUT/wasm32-unknown-unknown/$PROFILE/$bin.wasm"
  if [ "$OPT_VERSION" -ge 116 ]; then
    bindgen "$bin" "$RAW" || { cat "$WORK/wbg.err" >&2; die "wasm-bindgen failed on $bin"; }
    optimise "$WORK/pkg/${bin}_bg.wasm" "$WORK/pkg/opt.wasm" && mv "$WORK/pkg/opt.wasm" "$WORK/pkg/${bin}_bg.wasm" || warn "wasm-opt failed"
    continue
  fi
  # An old wasm-opt (Debian's 108) runs before wasm-bindgen: after it, it
  # breaks the table of JavaScript references. Its -Oz merges similar
  # functions, which can leave a closure's descriptor wasm-bindgen cannot
  # read: -Os is then used (a few hundred bytes larger).
  done_bin=0
  for level in -Oz -Os; do
    if optimise "$RAW" "$WORK/$bin-opt.wasm" "$level" && bindgen "$bin" "$WORK/$bin-opt.wasm"; then
      done_bin=1
      [ "$level" = -Oz ] || say "$bin: wasm-opt $OPT_VERSION -Oz output is unreadable by wasm-bindgen, $level used"
      break
    fi
  done
  if [ "$done_bin" = 0 ]; then
    warn "wasm-opt failed on $bin; the app is larger than it should be"
    bindgen "$bin" "$RAW" || { cat "$WORK/wbg.err" >&2; die "wasm-bindgen failed on $bin"; }
  fi
done

# The words are not in the bundles (each page downloads its language's
# catalogue, beside them): a changed translation is a new build too.
HASH="$(cat "$WORK"/pkg/*.js "$WORK"/pkg/*.wasm assets/web/app.css assets/web/sw.js frontend/index.html shared/src/lib.rs assets/i18n/*.toml | sha256sum | cut -c1-12)"
STAGE="$WORK/dist"
mkdir -p "$STAGE/pkg/$HASH" "$STAGE/assets"
cp "$WORK"/pkg/*.js "$WORK"/pkg/*_bg.wasm "$STAGE/pkg/$HASH/"
say "writing the translation catalogues"
cargo run -q -p cursus-shared --bin cursus-i18n -- "$STAGE/pkg/$HASH/i18n"
cp assets/web/app.css "$STAGE/assets/app-$HASH.css"
cp assets/web/favicon.svg assets/web/icon-192.png assets/web/icon-512.png "$STAGE/assets/"
cp assets/web/manifest.webmanifest "$STAGE/manifest.webmanifest"
# What every signed-in screen asks first is asked for while the bundle
# downloads (on 3G each round trip waited for costs 300 ms): who is signed in
# (not language-dependent). The map's data is preloaded by index.html itself.
ME='<link rel="preload" href="/api/v1/me" as="fetch" crossorigin>'
# Each page downloads its bundle's word list (shared::i18n::WordList): the
# map page the map's, the account and sign-in pages the learner's, the staff
# page all its screens name.
for page in "index:cursus:map:$ME" "account:account:learner:$ME" "staff:staff:staff:$ME" "entry:entry:learner:"; do
  IFS=: read -r name bin words preload <<< "$page"
  sed -e "s|{{JS}}|/pkg/$HASH/$bin.js|g" -e "s|{{WASM}}|/pkg/$HASH/${bin}_bg.wasm|g" -e "s|{{CSS}}|/assets/app-$HASH.css|g" -e "s|{{BUILD}}|$HASH|g" \
    -e "s|{{WORDS}}|$words|g" -e "s|{{PRELOAD}}|$preload|g" frontend/index.html > "$STAGE/$name.html"
done
# The service worker keeps the learner's shell of this build, account screens
# included so that every screen of a learner opens offline (the staff and
# entry bundles are kept when first opened).
SHELL_FILES="\"/index.html\", \"/pkg/$HASH/cursus.js\", \"/pkg/$HASH/cursus_bg.wasm\", \"/account.html\", \"/pkg/$HASH/account.js\", \"/pkg/$HASH/account_bg.wasm\", \"/assets/app-$HASH.css\", \"/assets/favicon.svg\", \"/manifest.webmanifest\""
# Every language's words of the map and account pages, so the language can
# be switched offline (about 5 KB each; the staff lists are kept when first
# opened).
for lang in fr ar en; do SHELL_FILES="$SHELL_FILES, \"/pkg/$HASH/i18n/$lang.json\", \"/pkg/$HASH/i18n/$lang.learner.json\""; done
# The screens' lists, read from the shared crate (tested equal by the server).
STAFF="$(sed -n '/pub const STAFF_PREFIXES/,/;/p' shared/src/lib.rs | grep -o '"[^"]*"' | paste -sd, -)"
ENTRY="$(grep 'pub const ENTRY_SCREENS' shared/src/lib.rs | grep -o '"[^"]*"' | paste -sd, -)"
ACCOUNT="$(grep 'pub const ACCOUNT_PREFIXES' shared/src/lib.rs | grep -o '"[^"]*"' | paste -sd, -)"
[ -n "$STAFF" ] && [ -n "$ENTRY" ] && [ -n "$ACCOUNT" ] || die "cannot read the screens' lists from shared/src/lib.rs"
sed -e "s|{{BUILD}}|$HASH|g" -e "s|{{SHELL}}|$SHELL_FILES|g" -e "s|{{STAFF_PREFIXES}}|$STAFF|g" -e "s|{{ENTRY_SCREENS}}|$ENTRY|g" \
  -e "s|{{ACCOUNT_PREFIXES}}|$ACCOUNT|g" assets/web/sw.js > "$STAGE/sw.js"
if command -v brotli >/dev/null 2>&1; then
  find "$STAGE" -type f \( -name '*.js' -o -name '*.wasm' -o -name '*.css' -o -name '*.html' -o -name '*.svg' -o -name '*.webmanifest' -o -name '*.json' \) \
    -exec brotli -q 11 -f {} \;
else
  warn "brotli not installed: files are served uncompressed from disk (compressed on the fly)"
fi
rm -rf "$DIST.old"
[ -d "$DIST" ] && mv "$DIST" "$DIST.old"
mv "$STAGE" "$DIST"
rm -rf "$DIST.old"
for bin in cursus account staff entry; do
  say "browser app built: frontend/dist, $bin bundle $(du -sh "$DIST/pkg/$HASH/${bin}_bg.wasm" | cut -f1) ($(stat -c %s "$DIST/pkg/$HASH/${bin}_bg.wasm.br" 2>/dev/null || echo '?') bytes with brotli)"
done
