import { expect, Locator, Page } from '@playwright/test';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const DEMO = '/c/nakheel';

/** Waits until the WASM bundle has hydrated the page (the app marks `<html>`). */
export async function hydrated(page: Page) {
  await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
}

/** Where the SMTP server on loopback writes each mail it receives, one JSON per line. */
const MAILBOX = path.join(__dirname, '..', '.mail', 'mail.jsonl');

type Mail = { to: string[]; parts: { type: string; text: string }[] };

function mailsTo(address: string): Mail[] {
  const lines = fs.existsSync(MAILBOX) ? fs.readFileSync(MAILBOX, 'utf8').trim().split('\n') : [];
  return lines
    .filter((l) => l)
    .map((l) => JSON.parse(l) as Mail)
    .filter((m) => m.to.some((t) => t.includes(address)));
}

/** Signs in (or starts signing up) with a code mailed to `address` through the real
 *  SMTP server; waits for a mail newer than any the address already had. A newer code
 *  replaces an older one, so when another test signs in as the same person at the same
 *  time and our code stops working, the whole exchange starts again. */
export async function signInByEmail(page: Page, address: string) {
  for (let attempt = 1; ; attempt++) {
    await sendAndEnterCode(page, address);
    try {
      await expect(page).not.toHaveURL(/\/sign-in\/code/, { timeout: 10_000 });
      return;
    } catch (e) {
      if (attempt >= 4) throw e;
    }
  }
}

async function sendAndEnterCode(page: Page, address: string) {
  const before = mailsTo(address).length;
  await page.goto('/sign-in');
  await hydrated(page);
  await page.getByTestId('destination').fill(address);
  await page.getByTestId('send-code').click();
  await expect(page).toHaveURL(/\/sign-in\/code/);
  let code = '';
  await expect(async () => {
    const mails = mailsTo(address);
    expect(mails.length).toBeGreaterThan(before);
    // The newest: when two sign-ins race, only the latest code still works.
    const mail = mails[mails.length - 1];
    const text = mail.parts.find((p) => p.type === 'text/plain')?.text ?? '';
    code = text.match(/\b\d{6}\b/)?.[0] ?? '';
    expect(code).toMatch(/^\d{6}$/);
  }).toPass({ timeout: 20_000 });
  await hydrated(page);
  await page.getByTestId('code-input').fill(code);
  await page.getByTestId('verify-code').click();
}

/** Creates an account for a new email address: code by mail, then the sign-up form. */
export async function signUpByEmail(page: Page, address: string, name: string) {
  await signInByEmail(page, address);
  await expect(page).toHaveURL(/\/sign-up/);
  await hydrated(page);
  await page.getByTestId('full-name').fill(name);
  await page.getByTestId('accept-privacy').check();
  await page.getByTestId('create-account').click();
  await expect(page).toHaveURL(/\/account/);
}

/** Once a service is chosen: takes the first branch and "any provider", up to the day
 *  strip. Each step is a page load; it waits for the next step to render. */
export async function walkToDays(page: Page) {
  const days = page.getByTestId('days');
  const branch = page.getByTestId('choose-branch');
  const any = page.getByTestId('choose-any');
  await expect(branch.or(any).or(days).first()).toBeVisible();
  if (await branch.count()) {
    await branch.first().click();
    await expect(any.or(days).first()).toBeVisible();
  }
  if (await any.count()) await any.click();
  await expect(days).toBeVisible();
}

/** From the demo clinic's first service to its hydrated booking form, for the
 *  `dayIndex`-th day and the time `pick` chooses among the day's slots. */
export async function openBookingForm(page: Page, dayIndex: number, pick: (slots: Locator) => Locator) {
  await page.goto(`${DEMO}/book`);
  await hydrated(page);
  await page.getByTestId('choose-service').first().click();
  await walkToDays(page);
  await page.getByTestId('day').nth(dayIndex).click();
  await expect(page).toHaveURL(/date=/);
  await pick(page.getByTestId('slot')).click();
  await expect(page.getByTestId('book-form')).toBeVisible();
  await hydrated(page);
}
