import { test, expect, chromium, BrowserContext, Page } from '@playwright/test';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromiumArgs } from '../playwright.config';
import { hydrated, signUpByEmail } from './helpers';

// The installable app: Chromium's own installability check, and a signed-out browser
// that keeps no private page. (Reading kept pages offline is flaky in this test and is
// left to issue 11: see the closing note.)

/** A browser profile on disk: installability is not judged in an incognito profile. */
async function persistentContext(baseURL: string): Promise<{ context: BrowserContext; dir: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'calentify-pwa-'));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: chromiumArgs,
    baseURL,
    locale: 'en-GB',
  });
  return { context, dir };
}

/** Waits until the service worker controls the page. */
async function controlled(page: Page) {
  await expect
    .poll(() => page.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 20_000 })
    .toBe(true);
}

/** Waits until the worker keeps a copy of `pathname` (for the current viewer). */
async function kept(page: Page, pathname: string) {
  await expect
    .poll(
      () =>
        page.evaluate(async (p) => {
          for (const name of await caches.keys()) {
            if (!name.startsWith('pages-')) continue;
            const hit = await (await caches.open(name)).match(new URL(p, location.origin).href);
            if (hit) return true;
          }
          return false;
        }, pathname),
      { timeout: 20_000 },
    )
    .toBe(true);
}

/** Cuts the network: the page's and the service worker's own requests. */
async function goOffline(context: BrowserContext) {
  await context.setOffline(true);
  await context.route('**/*', (route) => route.abort('internetdisconnected'));
}

async function goOnline(context: BrowserContext) {
  await context.unroute('**/*');
  await context.setOffline(false);
}

test('Chromium finds the app installable', async ({ baseURL }) => {
  const { context, dir } = await persistentContext(baseURL!);
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto('/');
    await controlled(page);
    const cdp = await context.newCDPSession(page);
    await expect
      .poll(async () => {
        const answer = await cdp.send('Page.getInstallabilityErrors');
        return answer.installabilityErrors.map((e) => e.errorId);
      }, { timeout: 20_000 })
      .toEqual([]);
    const manifest = await cdp.send('Page.getAppManifest');
    expect(manifest.errors).toEqual([]);
    expect(manifest.url).toContain('/manifest.webmanifest');
  } finally {
    await context.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('signing out drops the kept private pages', async ({ baseURL }) => {
  const { context, dir } = await persistentContext(baseURL!);
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto('/');
    await controlled(page);
    await signUpByEmail(page, `signout-${Date.now()}@example.com`, 'Omar Shared');
    await page.goto('/appointments');
    await kept(page, '/appointments');
    await hydrated(page);
    await page.getByTestId('sign-out').click();
    await expect(page.getByTestId('nav-sign-in')).toBeVisible();
    await page.goto('/');
    await expect
      .poll(() => page.evaluate(async () => (await caches.keys()).filter((n) => n.startsWith('pages-') && n !== 'pages-public')))
      .toEqual([]);
    // Offline, the signed-out browser has no copy of the private page to show.
    await goOffline(context);
    const answer = await page.goto('/appointments').catch(() => null);
    expect(answer === null || !(await page.content()).includes('data-testid="upcoming"')).toBe(true);
    await goOnline(context);
  } finally {
    await context.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
