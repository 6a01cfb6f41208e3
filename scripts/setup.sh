#!/usr/bin/env bash
# Installs what the project needs, idempotently and pinned. Usage: setup.sh [base|serve|test]
#   base:  the Rust components (rustfmt, clippy) and the wasm32 target
#   serve: that, plus Trunk, wasm-bindgen-cli, wasm-split-cli, wasm-opt
#   test:  all of that, plus Chromium and ChromeDriver (Debian) and the npm test packages,
#          installed while the Rust tools compile (they wait on the network, not the CPU)
# Every tool is checked by its exact version first, so a second run installs nothing.
# Nothing here is needed at build time: Trunk finds these binaries on PATH and never downloads.
# Callers put the tools on PATH with: export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
#
# A fresh machine spends most of its set-up compiling these tools, so they are built for
# what they do here (measured in the README's "Set-up time"): without TLS or update check
# (nothing is downloaded) and unoptimised, which builds in half the time or less. Trunk spends
# its time in the processes it starts (cargo, wasm-bindgen, wasm-opt): unoptimised, a release
# build takes 3 s longer. wasm-bindgen does its own work on the wasm, so the crates that read
# and rewrite it are optimised (a test run's wasm: 3 s instead of 12 s unoptimised, 1.7 s
# fully optimised). wasm-opt is binaryen's own WebAssembly build from npm, which runs on Node:
# no C++ compile at all (it optimises to the same size as the wasm-opt crate's 116, 0.4 KB
# smaller).
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-test}

# Versions. wasm-bindgen-cli must equal the wasm-bindgen in Cargo.lock (read from it below);
# Trunk.toml's [tools] names the same versions so a mismatch fails the build instead of fetching.
TRUNK_VERSION=0.21.14      # 0.22 needs a newer rustc than this toolchain
WASM_SPLIT_VERSION=0.2.4   # the splitter for wasm_split_helpers 0.2 (Leptos's #[lazy])
# Mermaid's self-contained browser build, for the diagram frame (scripts/postbuild.mjs inlines
# it). Only its tarball is fetched, not its 116 dependencies (208 MB): they are bundled in it.
MERMAID_VERSION=12.4.0
MERMAID_INTEGRITY=sha512-j2gvsGUFeS/53WdYLl9H5G2YtMZX9G/PlCvV3E5Pf4j5XSnK19DwazU6wki7OTcKeYKed7+qujRDLhy8NV2zBg==
# wasm-opt: binaryen 132 from npm (tools/package.json, pinned by its lock file); never Debian's
# binaryen 108, which breaks the externref table.
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"

say() { echo "setup: $*"; }

have_component() { rustup component list --installed 2>/dev/null | grep -q "^$1"; }
for c in rustfmt clippy; do
  have_component "$c" || rustup component add "$c"
done
rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown \
  || rustup target add wasm32-unknown-unknown
[ "$mode" = base ] && exit 0

# `cargo install` one crate at one version, unoptimised and without debug info, unless `$bin
# --version` already says it (or, for a binary without --version, `cargo install --list` says
# `$expect`); packages named in $OPTIMISE are optimised all the same.
install_crate() {
  local crate=$1 version=$2 bin=$3 expect=$4
  shift 4
  if command -v "$bin" >/dev/null 2>&1 && { "$bin" --version 2>/dev/null | grep -qF "$expect" \
    || cargo install --list 2>/dev/null | grep -qxF "$expect"; }; then
    return 0
  fi
  say "installing $crate $version"
  local config=() package
  for package in ${OPTIMISE:-}; do
    config+=(--config "profile.dev.package.$package.opt-level=2")
  done
  CARGO_PROFILE_DEV_DEBUG=false \
    cargo "${config[@]}" install "$crate" --version "$version" --debug --force "$@"
}

# `npm ci` in `dir` only when its lock file changed since the last install there.
npm_install() {
  local dir=$1 stamp="$1/node_modules/.planform-lock"
  if [ ! -f "$stamp" ] || ! cmp -s "$dir/package-lock.json" "$stamp"; then
    say "installing the npm packages of $dir"
    # Playwright must never fetch a browser of its own: it runs /usr/bin/chromium.
    (cd "$dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
    cp "$dir/package-lock.json" "$stamp"
  fi
}

# The browser and the npm packages of the tests, in the background (see the end).
browser_and_packages() {
  # The emoji font lets screenshots show the template's ✅ 🔄 ⏳ as users see them.
  if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ] \
    || [ ! -f /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ]; then
    say "installing Chromium, ChromeDriver and an emoji font from Debian"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver fonts-noto-color-emoji
  fi
  # The Playwright project.
  npm_install tests/e2e
}
if [ "$mode" = test ]; then
  background_log=$(mktemp)
  browser_and_packages >"$background_log" 2>&1 &
  background=$!
fi

wasm_bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
if [ -z "$wasm_bindgen_version" ]; then
  echo "setup: cannot find wasm-bindgen in Cargo.lock" >&2
  exit 1
fi

install_crate trunk "$TRUNK_VERSION" trunk "trunk $TRUNK_VERSION" --locked --no-default-features
# Without --locked: its lock file pins a webpki-roots release the registry no longer serves.
# Without TLS: the test runner talks to ChromeDriver on loopback only.
OPTIMISE="walrus wasmparser gimli hashbrown indexmap id-arena wasm-bindgen-cli-support
  wasm-bindgen-wasm-interpreter wasm-bindgen-externref-xform wasm-bindgen-multi-value-xform
  wasm-bindgen-threads-xform wasm-bindgen-wasm-conventions" \
  install_crate wasm-bindgen-cli "$wasm_bindgen_version" wasm-bindgen "wasm-bindgen $wasm_bindgen_version" --no-default-features
# The release build cuts the dialogs out of the app's wasm with it (scripts/split.mjs). It has
# no --version: `cargo install --list` tells. Its wasm reader is optimised like wasm-bindgen's.
OPTIMISE="wasmparser wasm-encoder hashbrown indexmap" \
  install_crate wasm_split_cli_support "$WASM_SPLIT_VERSION" wasm-split-cli "wasm_split_cli_support v$WASM_SPLIT_VERSION:" \
  --locked --no-default-features --features build-binary
npm_install tools

# mermaid's dist/mermaid.min.js, LICENSE and THIRD_PARTY_NOTICES in tools/vendor/mermaid-<version>,
# from the registry's tarball, checked against the pinned hash before anything is kept.
vendor_mermaid() {
  local dir="tools/vendor/mermaid-$MERMAID_VERSION"
  [ -f "$dir/dist/mermaid.min.js" ] && return 0
  say "fetching mermaid $MERMAID_VERSION"
  local tmp
  tmp=$(mktemp -d)
  (cd "$tmp" && npm pack --silent "mermaid@$MERMAID_VERSION" >/dev/null)
  local tarball="$tmp/mermaid-$MERMAID_VERSION.tgz" got
  got=$(node -e 'const c = require("crypto"), f = require("fs");
    process.stdout.write("sha512-" + c.createHash("sha512").update(f.readFileSync(process.argv[1])).digest("base64"))' "$tarball")
  if [ "$got" != "$MERMAID_INTEGRITY" ]; then
    echo "setup: mermaid $MERMAID_VERSION's tarball is $got, not the pinned $MERMAID_INTEGRITY" >&2
    rm -rf "$tmp"
    exit 1
  fi
  rm -rf "$dir.part" && mkdir -p "$dir.part"
  tar xzf "$tarball" -C "$dir.part" --strip-components=1 \
    package/dist/mermaid.min.js package/LICENSE package/THIRD_PARTY_NOTICES package/package.json
  rm -rf "$tmp" "$dir" && mv "$dir.part" "$dir"
}
vendor_mermaid

if [ "$mode" = test ]; then
  status=0
  wait "$background" || status=$?
  cat "$background_log"
  rm -f "$background_log"
  exit "$status"
fi
