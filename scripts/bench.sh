#!/usr/bin/env bash
# Benchmarks that print figures beside issue 11's targets (not tests):
#   1. the core's import + render throughput (divan, native), beside pulldown-cmark's own parse;
#   2. the web app and the CLI (tests/e2e/bench.mjs): transfer size and its biggest contributors
#      (twiggy), load time, keystroke → preview (work and paint) beside EasyMDE measured the same
#      way, the library with 300 plans, and `planform convert` beside pulldown-cmark.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
TWIGGY_VERSION=0.7.0
if ! twiggy --version 2>/dev/null | grep -qF "$TWIGGY_VERSION"; then
  cargo install twiggy --version "$TWIGGY_VERSION" --locked
fi
cargo bench --locked --bench import_render
TRUNK_OFFLINE=true TRUNK_SKIP_VERSION_CHECK=true trunk build --release --offline
cargo build --locked --release --bin planform --example pulldown_html
# The size profile: the app's wasm through wasm-bindgen but not wasm-opt, so names are kept.
# The wasm Trunk just built (with the split points; the profile is of the whole app, uncut).
cargo build --locked --release --bin planform-web --target wasm32-unknown-unknown --features split
out=${CARGO_TARGET_DIR:-target}
rm -rf "$out/bench-names"
wasm-bindgen --target web --no-typescript --keep-debug --out-dir "$out/bench-names" \
  "$out/wasm32-unknown-unknown/release/planform-web.wasm"
twiggy top -n 20 "$out/bench-names/planform-web_bg.wasm" > "$out/bench-names/twiggy.txt"
# The size floor: the pure core alone (examples/size_floor.rs: import, render, preview HTML,
# checks, records, share links, file formats; no UI), built and optimised as the app is.
cargo build --locked --release --example size_floor --target wasm32-unknown-unknown
rm -rf "$out/size-floor"
wasm-bindgen --target web --no-typescript --out-dir "$out/size-floor" \
  "$out/wasm32-unknown-unknown/release/examples/size_floor.wasm"
wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue \
  "$out/size-floor/size_floor_bg.wasm" -o "$out/size-floor/core.wasm"
node tests/e2e/bench.mjs
