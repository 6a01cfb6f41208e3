#!/usr/bin/env bash
# Benchmarks that print figures (not tests):
#   1. the core's import + render throughput (divan, native), beside pulldown-cmark's own parse;
#   2. the web app: transfer size (beside the core's own size), load time and keystroke-to-preview
#      latency in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
export PATH="$HOME/.cargo/bin:$PATH"
cargo bench --locked --bench import_render
TRUNK_OFFLINE=true TRUNK_SKIP_VERSION_CHECK=true trunk build --release --offline
# The size floor: the core alone (examples/size_floor.rs), built and optimised as the app is.
cargo build --locked --release --example size_floor --target wasm32-unknown-unknown
rm -rf target/size-floor
wasm-bindgen --target web --no-typescript --out-dir target/size-floor \
  target/wasm32-unknown-unknown/release/examples/size_floor.wasm
wasm-opt -Oz --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals target/size-floor/size_floor_bg.wasm -o target/size-floor/core.wasm
node tests/e2e/bench.mjs
