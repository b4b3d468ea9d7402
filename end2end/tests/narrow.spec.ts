import { test, expect, Page, BrowserContext } from '@playwright/test';
import { DEMO, hydrated, openBookingForm, signInByEmail, signUpByEmail } from './helpers';

// Phones: every page fits 360 and 390 px without scrolling sideways, in both languages,
// signed in or out, with the header's menu closed and open; what a thumb presses is at
// least 44 px.

const WIDTHS = [360, 390];
const LANGS = ['en', 'ar'];

async function fits(page: Page, what: string) {
  const { scroll, inner } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    inner: window.innerWidth,
  }));
  expect(scroll, `${what}: page is ${scroll}px wide in a ${inner}px window`).toBeLessThanOrEqual(inner);
}

async function tall(page: Page, testId: string, what: string) {
  const targets = page.getByTestId(testId);
  const n = await targets.count();
  expect(n, `${what}: no ${testId}`).toBeGreaterThan(0);
  for (let i = 0; i < n; i++) {
    const box = await targets.nth(i).boundingBox();
    if (!box) continue; // hidden (a closed menu)
    expect(box.height, `${what}: ${testId} #${i} is ${box.height}px tall`).toBeGreaterThanOrEqual(44);
    expect(box.width, `${what}: ${testId} #${i} is ${box.width}px wide`).toBeGreaterThanOrEqual(44);
  }
}

/** Visits `paths` at each width and language; checks the page, then the opened menu. */
async function checkAll(context: BrowserContext, baseURL: string, paths: string[]) {
  const page = await context.newPage();
  for (const lang of LANGS) {
    await context.addCookies([{ name: 'lang', value: lang, url: baseURL }]);
    for (const width of WIDTHS) {
      await page.setViewportSize({ width, height: 780 });
      for (const path of paths) {
        const what = `${path} (${lang}, ${width}px)`;
        await page.goto(path);
        await expect(page.locator('html')).toHaveAttribute('lang', lang);
        await fits(page, what);
        const menu = page.getByTestId('menu-button');
        await expect(menu, what).toBeVisible();
        await tall(page, 'menu-button', what);
        await menu.click();
        await expect(page.getByTestId('language-switch'), what).toBeVisible();
        await tall(page, 'language-switch', what);
        await fits(page, `${what}, menu open`);
      }
    }
  }
  await page.close();
}

test('signed-out pages fit a phone in both languages', async ({ browser, baseURL }) => {
  // Every page at two widths in two languages, menu closed and open: about 40 loads.
  test.setTimeout(120_000);
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.setViewportSize({ width: 390, height: 780 });
  // The booking steps, as a visitor reaches them.
  const steps: string[] = [];
  await page.goto(`${DEMO}/book`);
  await hydrated(page);
  steps.push(new URL(page.url()).pathname + new URL(page.url()).search);
  await page.getByTestId('choose-service').first().click();
  const days = page.getByTestId('days');
  const branch = page.getByTestId('choose-branch');
  const any = page.getByTestId('choose-any');
  await expect(branch.or(any).or(days).first()).toBeVisible();
  steps.push(new URL(page.url()).pathname + new URL(page.url()).search);
  if (await branch.count()) {
    await branch.first().click();
    await expect(any.or(days).first()).toBeVisible();
    steps.push(new URL(page.url()).pathname + new URL(page.url()).search);
  }
  if (await any.count()) await any.click();
  await expect(days).toBeVisible();
  await page.getByTestId('day').nth(1).click();
  await expect(page).toHaveURL(/date=/);
  await expect(page.getByTestId('day').nth(1)).toHaveAttribute('aria-current', 'date');
  await expect(page.getByTestId('slot').first()).toBeVisible();
  steps.push(new URL(page.url()).pathname + new URL(page.url()).search);
  // The slot picker and the day strip are thumb-sized.
  await tall(page, 'day', 'day strip');
  await tall(page, 'slot', 'slot picker');
  await page.close();
  await checkAll(context, baseURL!, ['/', DEMO, ...steps, '/sign-in', '/privacy', '/no/such/page']);
  await context.close();
});

test('signed-in pages fit a phone in both languages', async ({ browser, baseURL }) => {
  test.setTimeout(120_000);
  // A patient who books on a phone, then their pages.
  const patient = await browser.newContext();
  const page = await patient.newPage();
  await page.setViewportSize({ width: 390, height: 780 });
  await signUpByEmail(page, `narrow-${Date.now()}@example.com`, 'Lina Phone');
  // A day and a time no other test picks.
  await openBookingForm(page, 5, (slots) => slots.last());
  await fits(page, 'booking form (390px)');
  await tall(page, 'confirm-booking', 'booking form');
  await page.getByTestId('confirm-booking').click();
  await expect(page).toHaveURL(/\/appointments\/[0-9a-f-]+\?booked=1/);
  const details = new URL(page.url()).pathname;
  await page.close();
  await checkAll(patient, baseURL!, [
    '/appointments',
    details,
    '/account',
    '/account/dependents',
    '/account/security',
    '/account/messages',
  ]);
  await patient.close();

  // The demo clinic's receptionist: the dashboard.
  const staff = await browser.newContext();
  const staffPage = await staff.newPage();
  await signInByEmail(staffPage, 'reception@nakheel.example');
  await expect(staffPage).toHaveURL(/\/account/);
  await staffPage.close();
  await checkAll(staff, baseURL!, ['/dashboard/nakheel', '/dashboard/nakheel/settings']);
  await staff.close();
});
