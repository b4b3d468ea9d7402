#!/usr/bin/env bash
# Builds and serves Calentify on http://127.0.0.1:3000 with the demo clinic on SQLite.
# Installs whatever is missing first; a second run only rebuilds what changed.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
cd "$ROOT"

ensure_wasm_target
ensure_cargo_leptos
ensure_wasm_bindgen
ensure_wasm_opt

say "building (release)"
cargo leptos build --release --precompress

export CALENTIFY_SEED_DEMO="${CALENTIFY_SEED_DEMO:-true}"
export CALENTIFY_DEV_TOOLS="${CALENTIFY_DEV_TOOLS:-true}"
# Keys made on the first run and kept (mode 600), so notes and files stay readable.
export CALENTIFY_LOCAL_KEYS_DIR="${CALENTIFY_LOCAL_KEYS_DIR:-$ROOT/data}"
say "serving on ${CALENTIFY_PUBLIC_URL:-http://${CALENTIFY_HOST:-127.0.0.1}:${CALENTIFY_PORT:-3000}} (Ctrl-C to stop)"
exec "$ROOT/target/release/server"
