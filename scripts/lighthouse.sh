#!/usr/bin/env bash
# Lighthouse (mobile profile, Debian's Chromium) on the clinic page and a booking step,
# in English and Arabic, against a running release server. Not part of the tests: the
# scores depend on the machine, so they are recorded in BENCHMARKS.md with this command.
#
#   scripts/lighthouse.sh [base-url]        (default http://127.0.0.1:3000)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
base="${1:-http://127.0.0.1:3000}"
tools="$ROOT/target/lighthouse"
if [ ! -x "$tools/node_modules/.bin/lighthouse" ]; then
  say "installing lighthouse 12.2.3 (npm) into $tools"
  mkdir -p "$tools"
  (cd "$tools" && npm init -y >/dev/null && npm install --no-audit --no-fund lighthouse@12.2.3 >/dev/null)
fi
service=$(curl -fsS "$base/c/nakheel" | grep -o 'book?service=[0-9a-f-]*' | head -1)
out="$ROOT/target/lighthouse/reports"
mkdir -p "$out"
for lang in en ar; do
  for page in "c/nakheel" "c/nakheel/$service"; do
    name="$(echo "$page" | tr '/?=' '___')-$lang"
    CHROME_PATH=/usr/bin/chromium "$tools/node_modules/.bin/lighthouse" "$base/$page" \
      --quiet --output=json --output-path="$out/$name.json" \
      --only-categories=performance,accessibility,best-practices \
      --extra-headers="{\"Accept-Language\":\"$lang\"}" \
      --chrome-flags="--headless=new --no-sandbox --disable-gpu" >/dev/null
    node -e '
      const r = require(process.argv[1]);
      const c = r.categories, a = r.audits;
      const s = (k) => Math.round(c[k].score * 100);
      console.log([process.argv[2], s("performance"), s("accessibility"), s("best-practices"),
        a["largest-contentful-paint"].displayValue, a["total-blocking-time"].displayValue,
        a["cumulative-layout-shift"].displayValue].join(" | "));
    ' "$out/$name.json" "/$page ($lang)"
  done
done
