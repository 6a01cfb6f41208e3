#!/usr/bin/env bash
# Installs what the project needs, idempotently and pinned. Usage: setup.sh [test|serve]
# Today: the Rust components and the wasm32 target. (The web app's tools — Trunk,
# wasm-bindgen-cli, wasm-opt, Chromium, the npm test packages — join this script with the app.)
set -euo pipefail
cd "$(dirname "$0")/.."

have_component() { rustup component list --installed 2>/dev/null | grep -q "^$1"; }
for c in rustfmt clippy; do
  have_component "$c" || rustup component add "$c"
done
rustup target list --installed 2>/dev/null | grep -qx wasm32-unknown-unknown \
  || rustup target add wasm32-unknown-unknown
