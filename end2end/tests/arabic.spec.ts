import { test, expect, Browser, Page } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { hydrated, signInByEmail, signUpByEmail, walkToDays } from './helpers';

// The Arabic booking flow and the Arabic confirmation email, with the demo clinic
// writing Arabic-Indic digits: month names in Arabic, plural forms by the CLDR rules
// ("٢٠ دقيقةً", never "٢٠ دقيقة"; "10 دقائق"), and ٠-٩ wherever the clinic's dates,
// times and durations are written.

const ARABIC_MONTHS = ['يناير', 'فبراير', 'مارس', 'أبريل', 'مايو', 'يونيو', 'يوليو', 'أغسطس', 'سبتمبر', 'أكتوبر', 'نوفمبر', 'ديسمبر'];
const MONTH = new RegExp(ARABIC_MONTHS.join('|'));
const ARABIC_DIGIT = /[٠-٩]/;
const WESTERN_DIGIT = /[0-9]/;
const MAILBOX = path.join(__dirname, '..', '.mail', 'mail.jsonl');

type Mail = { to: string[]; parts: { type: string; text: string }[] };

function textsTo(address: string): string[] {
  const lines = fs.existsSync(MAILBOX) ? fs.readFileSync(MAILBOX, 'utf8').trim().split('\n') : [];
  return lines
    .filter((l) => l)
    .map((l) => JSON.parse(l) as Mail)
    .filter((m) => m.to.some((t) => t.includes(address)))
    .map((m) => m.parts.find((p) => p.type === 'text/plain')?.text ?? '');
}

/** The demo clinic's owner switches Arabic-Indic digits on or off. */
async function setArabicDigits(browser: Browser, baseURL: string, on: boolean) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInByEmail(page, 'owner@nakheel.example');
  await expect(page).toHaveURL(/\/account/);
  await context.addCookies([{ name: 'lang', value: 'ar', url: baseURL }]);
  await page.goto('/dashboard/nakheel/settings');
  await hydrated(page);
  const box = page.getByTestId('arabic-digits');
  if (on) await box.check();
  else await box.uncheck();
  await page.getByTestId('save-display').click();
  await expect(page.getByTestId('display-form').getByRole('status')).toBeVisible();
  await context.close();
}

test('the Arabic booking flow and email show Arabic months, plural forms and the clinic digits', async ({ browser, baseURL }) => {
  await setArabicDigits(browser, baseURL!, true);
  try {
    const context = await browser.newContext();
    await context.addCookies([{ name: 'lang', value: 'ar', url: baseURL! }]);
    const page = await context.newPage();
    const address = `arabic-${Date.now()}@example.com`;
    await signUpByEmail(page, address, 'ريم');

    // The sign-in code mail counts its minutes in the plural form for 10.
    expect(textsTo(address)[0]).toContain('خلال 10 دقائق');

    await page.goto('/c/nakheel/book');
    await hydrated(page);
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    // General consultation takes 20 minutes: the form for 11-99, in Arabic-Indic digits.
    const consultation = page.getByTestId('choose-service').filter({ hasText: 'استشارة طب عام' });
    await expect(consultation).toContainText('٢٠ دقيقةً');
    await consultation.click();

    await walkToDays(page);
    const day = page.getByTestId('day').nth(3);
    await expect(day).toHaveText(MONTH);
    await expect(day).toHaveText(ARABIC_DIGIT);
    await expect(day).not.toHaveText(WESTERN_DIGIT);
    await day.click();
    await expect(page).toHaveURL(/date=/);
    const slot = page.getByTestId('slot').first();
    await expect(slot).toHaveText(/^[٠-٩]{1,2}:[٠-٩]{2} [صم]$/);
    await slot.click();
    await expect(page).toHaveURL(/start=/);
    await hydrated(page);
    await page.getByTestId('confirm-booking').click();
    await expect(page.getByTestId('booked-banner')).toContainText('تم حجز موعدك');
    // The appointment page writes the visit's date the same way.
    const when = page.getByTestId('when');
    await expect(when).toHaveText(MONTH);
    await expect(when).toHaveText(ARABIC_DIGIT);

    // The confirmation mail: the same date, with the Arabic month and the clinic's digits.
    let confirmation = '';
    await expect(async () => {
      confirmation = textsTo(address).find((t) => t.includes('تم حجز موعد')) ?? '';
      expect(confirmation).not.toBe('');
    }).toPass({ timeout: 20_000 });
    expect(confirmation).toMatch(MONTH);
    expect(confirmation).toMatch(/[٠-٩]+ [^ ]+ [٠-٩]{4}، [٠-٩]{1,2}:[٠-٩]{2} [صم]/);
    await context.close();
  } finally {
    // Back as it was, for the other tests sharing the demo clinic.
    await setArabicDigits(browser, baseURL!, false);
  }
});
