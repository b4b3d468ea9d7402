import { test, expect, Page } from '@playwright/test';
import { DEMO, hydrated, signUpByEmail } from './helpers';

// The download budget is checked on the built files by scripts/budget.mjs. This checks
// the other half: that the pages a patient opens fetch nothing but those files, so the
// budget counts everything a first visit downloads.

/** The files scripts/budget.mjs counts. */
const BUDGETED = /^\/(pkg\/calentify[\w.-]*\.(wasm|js|css)|pwa\.js|sw\.js)$/;

/** Every script, stylesheet and WASM file the page asks for, from any site. */
function recordCode(page: Page, origin: string): string[] {
  const fetched: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    const code = ['script', 'stylesheet'].includes(request.resourceType()) || /\.(wasm|js|css|mjs)$/.test(url.pathname);
    if (code) fetched.push(url.origin === origin ? url.pathname : url.href);
  });
  return fetched;
}

test('the pages a patient opens fetch only the budgeted bundle', async ({ page, baseURL }) => {
  const fetched = recordCode(page, new URL(baseURL!).origin);
  const compressed: string[] = [];
  page.on('response', (response) => {
    if (new URL(response.url()).pathname.endsWith('.wasm')) {
      compressed.push(response.headers()['content-encoding'] ?? 'none');
    }
  });

  for (const path of ['/', DEMO, `${DEMO}/book`, '/sign-in', '/privacy']) {
    await page.goto(path);
    await hydrated(page);
  }
  await page.goto(`${DEMO}/book`);
  await page.getByTestId('choose-service').first().click();
  await hydrated(page);

  await signUpByEmail(page, `budget-${Date.now()}@example.com`, 'Budget Patient');
  await page.goto('/appointments');
  await hydrated(page);

  expect(fetched.length).toBeGreaterThan(0);
  expect(fetched.filter((p) => !BUDGETED.test(p))).toEqual([]);
  // One bundle for every page: the same WASM file each time, sent compressed.
  expect(new Set(fetched.filter((p) => p.endsWith('.wasm'))).size).toBe(1);
  expect(compressed.length).toBeGreaterThan(0);
  expect(compressed.every((e) => e === 'br' || e === 'gzip')).toBe(true);
});
