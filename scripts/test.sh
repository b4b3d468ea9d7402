#!/usr/bin/env bash
# Runs every check CI runs: formatting, lints (server and browser builds), unit and
# integration tests on SQLite and PostgreSQL, then the browser tests against the
# release build. Installs whatever is missing first.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"
started=$(date +%s)
# Incremental caches double the size of a build directory and a one-off run never reuses them.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"

ensure_wasm_target
ensure_cargo_leptos
ensure_wasm_bindgen
ensure_wasm_opt
ensure_chromium
ensure_smtp_sink
npm_ci_if_needed "$ROOT/end2end"
ensure_postgres

say "cargo fmt"
cargo fmt --all --check

say "clippy (server)"
cargo clippy -p app -p server --all-targets --locked -- -D warnings
say "clippy (browser)"
cargo clippy -p frontend --target wasm32-unknown-unknown --locked -- -D warnings

say "unit and integration tests (SQLite and PostgreSQL)"
# Tests run in parallel (one per core): the render stalls that once forced one at a time
# came from page titles reading a request's locale outside its reactive arena, now fixed.
cargo test -p app -p server --locked

say "release build"
cargo leptos build --release --precompress

say "download budget (a patient's first visit)"
node scripts/budget.mjs

say "browser tests (release build, Chromium)"
(cd end2end && npx playwright test)

say "all checks passed in $(( $(date +%s) - started ))s"
