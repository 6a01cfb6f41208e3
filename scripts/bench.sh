#!/usr/bin/env bash
# Benchmarks that print figures (not tests):
#   1. the core's import + render throughput (divan, native), beside pulldown-cmark's own parse;
#   2. the web app: transfer size, load time and keystroke-to-preview latency in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh test
export PATH="$HOME/.cargo/bin:$PATH"
cargo bench --locked --bench import_render
TRUNK_OFFLINE=true TRUNK_SKIP_VERSION_CHECK=true trunk build --release --offline
node tests/e2e/bench.mjs
