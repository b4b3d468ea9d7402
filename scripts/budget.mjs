// Fails when a patient's first visit would download more than the budget: the browser
// bundle (WASM, its JS loader, the stylesheet), /pwa.js and the service worker, each
// compressed as the server sends it (brotli, quality 11). Reads the built files, so the
// answer is the same on every run of the same build.
//
//   node scripts/budget.mjs [site-root]
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';

const BUDGET = 150_000;
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const site = process.argv[2] ?? join(root, 'target', 'site');
const pkg = join(site, 'pkg');

if (!existsSync(pkg)) {
  console.error(`budget: no build at ${pkg}; run \`cargo leptos build --release\` first`);
  process.exit(2);
}

const files = readdirSync(pkg)
  .filter((n) => /\.(wasm|js|css)$/.test(n))
  .map((n) => join(pkg, n));
files.push(join(root, 'public', 'pwa.js'), join(root, 'server', 'src', 'routes', 'pwa', 'service_worker.js'));
if (!files.some((f) => f.endsWith('.wasm'))) {
  console.error(`budget: no .wasm file in ${pkg}`);
  process.exit(2);
}

let total = 0;
for (const file of files) {
  const raw = readFileSync(file);
  const br = brotliCompressSync(raw, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length },
  }).length;
  total += br;
  console.log(`${String(raw.length).padStart(10)} B raw ${String(br).padStart(9)} B brotli  ${file.slice(root.length + 1)}`);
}
const verdict = total <= BUDGET ? 'within' : 'OVER';
console.log(`${String(total).padStart(30)} B brotli in total: ${verdict} the budget of ${BUDGET} B`);
process.exit(total <= BUDGET ? 0 : 1);
