// Draws the app icons (public/icons/*.png) from the SVG mark with Chromium, so the
// PNGs an installed app needs follow the one drawing. Run: node end2end/make-icons.mjs
import { chromium } from 'playwright-core';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const mark = (size, inset) => `
  <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32" width="${size}" height="${size}">
    <rect width="32" height="32" fill="${inset ? '#f0fdfa' : 'none'}"/>
    <g transform="translate(${16 - 16 * (1 - 2 * inset)} ${16 - 16 * (1 - 2 * inset)}) scale(${1 - 2 * inset})">
      <rect x="3" y="6" width="26" height="23" rx="5" fill="#ccfbf1" stroke="#0f766e" stroke-width="2"/>
      <path d="M10 3v6M22 3v6M3 13h26" stroke="#0f766e" stroke-width="2" stroke-linecap="round"/>
      <path d="M11 20l4 4 7-8" fill="none" stroke="#115e59" stroke-width="2.5" stroke-linecap="round" stroke-linejoin="round"/>
    </g>
  </svg>`;

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage();
// `any` icons use the whole square; a maskable one keeps the mark inside the central
// 80 % circle that every launcher's mask leaves visible.
for (const [name, size, inset] of [['icon-192.png', 192, 0], ['icon-512.png', 512, 0], ['maskable-512.png', 512, 0.16]]) {
  await page.setViewportSize({ width: size, height: size });
  await page.setContent(`<body style="margin:0;background:transparent">${mark(size, inset)}</body>`);
  await page.locator('svg').screenshot({ path: path.join(root, 'public', 'icons', name), omitBackground: !inset });
}
await browser.close();
