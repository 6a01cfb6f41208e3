#!/usr/bin/env bash
# Installs what the project needs, idempotently and pinned. Usage: setup.sh test|serve
set -euo pipefail
cd "$(dirname "$0")/.."
rustup component add rustfmt clippy >/dev/null 2>&1 || true
