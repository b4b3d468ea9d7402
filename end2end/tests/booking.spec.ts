import { test, expect, Page } from '@playwright/test';
import { hydrated, walkToDays } from './helpers';

// These tests book real times in one shared demo clinic: run them one after another so
// one test's booking never takes the time another is about to choose.
test.describe.configure({ mode: 'serial' });

/** Signs a new person up with a phone code read from the development messages page. */
async function signUp(page: Page, phone: string, name: string, js = true) {
  await page.goto('/sign-in');
  if (js) await hydrated(page);
  await page.getByTestId('destination').fill(phone);
  await page.getByTestId('send-code').click();
  await expect(page).toHaveURL(/\/sign-in\/code/);
  const dev = await page.context().newPage();
  let code = '';
  await expect(async () => {
    await dev.goto('/dev/messages');
    const text = await dev
      .getByTestId('dev-message')
      .filter({ hasText: phone })
      .filter({ hasText: 'Calentify' })
      .first()
      .getByTestId('dev-message-text')
      .textContent({ timeout: 1000 });
    code = (text ?? '').match(/\d{6}/)?.[0] ?? '';
    expect(code).toMatch(/^\d{6}$/);
  }).toPass({ timeout: 15_000 });
  await dev.close();
  if (js) await hydrated(page);
  await page.getByTestId('code-input').fill(code);
  await page.getByTestId('verify-code').click();
  await expect(page).toHaveURL(/\/sign-up/);
  if (js) await hydrated(page);
  await page.getByTestId('full-name').fill(name);
  await page.getByTestId('accept-privacy').check();
  await page.getByTestId('create-account').click();
  await expect(page).toHaveURL(/\/account/);
}

async function addDependent(page: Page, name: string, js = true) {
  await page.goto('/account/dependents');
  if (js) await hydrated(page);
  await page.getByTestId('dependent-name').fill(name);
  await page.getByTestId('dependent-dob').fill('2018-05-04');
  await page.getByTestId('add-dependent-submit').click();
  await expect(page.getByTestId('dependent').filter({ hasText: name })).toBeVisible();
}

/** Walks the booking steps up to the confirmation form; `dayIndex` picks a free day.
 */
async function pickTime(page: Page, dayIndex = 0) {
  await walkToDays(page);
  const day = page.getByTestId('day').nth(dayIndex);
  await day.click();
  await expect(day).toHaveAttribute('aria-current', 'date');
  await expect(page).toHaveURL(/date=/);
  await page.getByTestId('slot').first().click();
  await expect(page).toHaveURL(/start=/);
}

async function bookForDependentAndManage(page: Page, phone: string, js: boolean) {
  await signUp(page, phone, 'Mona Guardian', js);
  await addDependent(page, 'Yousef Child', js);

  await page.goto('/c/nakheel');
  await page.getByTestId('book-cta').click();
  await expect(page).toHaveURL(/\/c\/nakheel\/book/);
  await page.getByTestId('choose-service').first().click();
  // A few days ahead, so the visit can still be moved online (24-hour cutoff).
  await pickTime(page, 2);
  await expect(page.getByTestId('book-form')).toBeVisible();
  if (js) await hydrated(page);
  await page.getByTestId('patient-dependent').first().check();
  await page.getByTestId('note').fill('Needs a quiet room');
  await page.getByTestId('confirm-booking').click();
  await expect(page).toHaveURL(/\/appointments\/[0-9a-f-]+\?booked=1/);
  await expect(page.getByTestId('booked-banner')).toBeVisible();
  await expect(page.getByTestId('note-text')).toHaveText('Needs a quiet room');
  const detailsUrl = page.url().split('?')[0];

  await page.goto('/appointments');
  const card = page.getByTestId('upcoming').getByTestId('appointment');
  await expect(card).toHaveCount(1);
  await expect(card).toContainText('Yousef Child');

  await page.goto(detailsUrl);
  const icsHref = await page.getByTestId('ics').getAttribute('href');
  const ics = await page.request.get(icsHref!);
  expect(ics.status()).toBe(200);
  const text = await ics.text();
  expect(text).toContain('BEGIN:VCALENDAR');
  expect(text).toMatch(/DTSTART;TZID=(Asia\/Riyadh|Africa\/Cairo):/);

  const before = await page.getByTestId('when').textContent();
  await page.getByTestId('reschedule').click();
  await expect(page).toHaveURL(/reschedule=/);
  await pickTime(page, 3);
  if (js) await hydrated(page);
  await page.getByTestId('confirm-move').click();
  await expect(page).toHaveURL(/\?moved=1/);
  await expect(page.getByTestId('when')).not.toHaveText(before!);
  await expect(page.getByTestId('history')).toContainText('Rescheduled');

  if (js) await hydrated(page);
  await page.getByTestId('cancel').click();
  await expect(page.getByTestId('status')).toHaveText('Cancelled');
  await page.goto('/appointments');
  await expect(page.getByTestId('past').getByTestId('appointment')).toHaveCount(1);
}

test('a guardian books for a child, downloads the .ics, reschedules and cancels', async ({ page }) => {
  await bookForDependentAndManage(page, '+966551230001', true);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });
  test('the same flow works with plain links and forms', async ({ page }) => {
    await bookForDependentAndManage(page, '+966551230002', false);
  });
});

test('the Arabic flow is right-to-left and books', async ({ page, context }) => {
  await context.addCookies([{ name: 'lang', value: 'ar', url: 'http://127.0.0.1' }]);
  await signUp(page, '+966551230003', 'سلمى', true);
  await page.goto('/c/nakheel/book');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByRole('heading', { level: 1 })).toContainText('احجز');
  await page.getByTestId('choose-service').first().click();
  await pickTime(page);
  await hydrated(page);
  await page.getByTestId('confirm-booking').click();
  await expect(page.getByTestId('booked-banner')).toContainText('تم حجز موعدك');
});
