#!/usr/bin/env bash
# Installs what is missing (idempotently, pinned), then serves the app with live reload at
# http://127.0.0.1:8080/. Extra arguments go to `trunk serve` (e.g. --port 9000).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh serve
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH" TRUNK_OFFLINE=true TRUNK_SKIP_VERSION_CHECK=true
exec trunk serve --offline "$@"
