#!/usr/bin/env bash
# Installs what the project needs, idempotently and pinned. Usage: setup.sh [serve|test]
#   serve: Rust components, the wasm32 target, Trunk, wasm-bindgen-cli, wasm-opt
#   test:  all of that, plus Chromium and ChromeDriver (Debian) and the npm test packages
# Every tool is checked by its exact version first, so a second run installs nothing.
# Nothing here is needed at build time: Trunk finds these binaries on PATH and never downloads.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-test}

# Versions. wasm-bindgen-cli must equal the wasm-bindgen in Cargo.lock (read from it below);
# Trunk.toml's [tools] names the same versions so a mismatch fails the build instead of fetching.
TRUNK_VERSION=0.21.14      # 0.22 needs a newer rustc than this toolchain
WASM_OPT_VERSION=0.116.1   # the wasm-opt crate (binaryen 116); never Debian's binaryen 108
export PATH="$HOME/.cargo/bin:$PATH"

say() { echo "setup: $*"; }

have_component() { rustup component list --installed 2>/dev/null | grep -q "^$1"; }
for c in rustfmt clippy; do
  have_component "$c" || rustup component add "$c"
done
rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown \
  || rustup target add wasm32-unknown-unknown

# `cargo install` one crate at one version unless `$bin --version` already says it.
install_crate() {
  local crate=$1 version=$2 bin=$3 expect=$4
  shift 4
  if command -v "$bin" >/dev/null 2>&1 && "$bin" --version 2>/dev/null | grep -qF "$expect"; then
    return 0
  fi
  say "installing $crate $version"
  cargo install "$crate" --version "$version" --force "$@"
}

wasm_bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
if [ -z "$wasm_bindgen_version" ]; then
  echo "setup: cannot find wasm-bindgen in Cargo.lock" >&2
  exit 1
fi

install_crate trunk "$TRUNK_VERSION" trunk "trunk $TRUNK_VERSION" --locked
# Without --locked: its lock file pins a webpki-roots release the registry no longer serves.
install_crate wasm-bindgen-cli "$wasm_bindgen_version" wasm-bindgen "wasm-bindgen $wasm_bindgen_version"
install_crate wasm-opt "$WASM_OPT_VERSION" wasm-opt "wasm-opt version 116" --locked

[ "$mode" = serve ] && exit 0

# The emoji font lets screenshots show the template's ✅ 🔄 ⏳ as users see them.
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ] \
  || [ ! -f /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ]; then
  say "installing Chromium, ChromeDriver and an emoji font from Debian"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-noto-color-emoji
fi

# The Playwright project: npm ci only when the lock file changed since the last install.
e2e=tests/e2e
if [ -f "$e2e/package-lock.json" ]; then
  stamp="$e2e/node_modules/.planform-lock"
  if [ ! -f "$stamp" ] || ! cmp -s "$e2e/package-lock.json" "$stamp"; then
    say "installing the npm test packages"
    # Playwright must never fetch a browser of its own: it runs /usr/bin/chromium.
    (cd "$e2e" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
    cp "$e2e/package-lock.json" "$stamp"
  fi
fi
