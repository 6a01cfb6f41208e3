#!/usr/bin/env bash
# Runs every test layer and ends with one line: "tests: N passed, M failed".
# Idempotent set-up first (see scripts/setup.sh); nothing is downloaded at build time.
set -uo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"

log=$(mktemp)
# Tests that read ../shared (the corpus) and found no such folder write a line here.
export PLANFORM_SKIPPED=$(mktemp)
trap 'rm -f "$log" "$PLANFORM_SKIPPED"' EXIT
failed_steps=()

timings=()
step() {
  local name=$1 start=$SECONDS
  shift
  echo "== $name"
  if ! "$@" 2>&1 | tee -a "$log"; then
    failed_steps+=("$name")
  fi
  timings+=("$(printf '%4ss  %s' $((SECONDS - start)) "$name")")
}

start=$SECONDS
bash scripts/setup.sh base || { echo "tests: 0 passed, 1 failed"; exit 1; }
# The tools the browser tests need install (compile, on a fresh machine) while the host's
# tests, which need none of them, run: the CPU the tests leave idle goes to the compile.
setup_log=$(mktemp)
bash scripts/setup.sh test >"$setup_log" 2>&1 &
setup=$!

# clippy runs as the compiler of this crate in every build below (as `cargo clippy` runs it, but
# building, not only checking): each target is compiled once, linted on the way, instead of
# checked by clippy and then built again (the wasm32 check alone took two minutes on a fresh
# machine). A lint fails the build it is found in. Dependencies are compiled as usual.
export RUSTC_WORKSPACE_WRAPPER="$(command -v clippy-driver)"
export CLIPPY_ARGS="-D__CLIPPY_HACKERY__warnings__CLIPPY_HACKERY__"

step "rustfmt" cargo fmt --check
step "build, with clippy (host: every target)" cargo test --locked --all-targets --no-run
step "cargo test (host)" cargo test --locked

echo "== set-up (scripts/setup.sh test, begun beside the host's tests)"
setup_ok=true
wait "$setup" || setup_ok=false
cat "$setup_log"
rm -f "$setup_log"
timings+=("$(printf '%4ss  %s' $((SECONDS - start)) "set-up and the host's tests, side by side")")
if $setup_ok; then
  step "build, with clippy (wasm32: the size-floor example)" cargo build --locked --target wasm32-unknown-unknown --example size_floor
  # Components against a real DOM and localStorage, in headless Chromium (.cargo/config.toml).
  step "wasm-bindgen-test (Chromium)" cargo test --locked --target wasm32-unknown-unknown --test web
  # End to end against the release build, as users get it (clippy lints the app's binary here).
  step "trunk build --release" env TRUNK_OFFLINE=true TRUNK_SKIP_VERSION_CHECK=true trunk build --release --offline
  step "playwright (Chromium)" bash -c 'cd tests/e2e && npx --no-install playwright test'
else
  failed_steps+=("set-up")
fi

if [ -s "$PLANFORM_SKIPPED" ]; then
  echo "== skipped without ../shared ($(sort -u "$PLANFORM_SKIPPED" | wc -l) parts of corpus tests; CI runs them all):"
  sort -u "$PLANFORM_SKIPPED" | sed 's/^/  /'
fi
echo "== time per step"
printf '  %s\n' "${timings[@]}"
passed=$(grep -Eo '[0-9]+ passed' "$log" | awk '{s+=$1} END {print s+0}')
failed=$(grep -Eo '[0-9]+ failed' "$log" | awk '{s+=$1} END {print s+0}')
if [ ${#failed_steps[@]} -gt 0 ]; then
  echo "failed steps: ${failed_steps[*]}"
  # A step that failed without a test count (build, lint) still counts as a failure.
  [ "$failed" -eq 0 ] && failed=${#failed_steps[@]}
fi
echo "tests: $passed passed, $failed failed"
[ ${#failed_steps[@]} -eq 0 ] && [ "$failed" -eq 0 ]
