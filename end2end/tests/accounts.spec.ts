import { test, expect, Page } from '@playwright/test';
import { hydrated, signInByEmail } from './helpers';

/** Finishes a sign-up: the name (maybe suggested by the provider) and the privacy notice. */
async function createAccount(page: Page, expectedName?: string) {
  await expect(page).toHaveURL(/\/sign-up/);
  await hydrated(page);
  if (expectedName) await expect(page.getByTestId('full-name')).toHaveValue(expectedName);
  else await page.getByTestId('full-name').fill('Mail Person');
  await page.getByTestId('accept-privacy').check();
  await page.getByTestId('create-account').click();
  await expect(page).toHaveURL(/\/account/);
}

test('signs in with Google through a real OpenID Connect provider', async ({ page }) => {
  await page.goto('/sign-in');
  await hydrated(page);
  await page.getByTestId('sign-in-google').click();
  // The provider (on loopback) approves at once and sends the browser back with a code;
  // our server verifies the signed ID token and, for a new person, asks for consent.
  await createAccount(page, 'Amal Saleh');
  await expect(page.getByTestId('sign-out')).toBeVisible();

  // Signed out and back in: the same Google account finds the same person.
  await page.getByTestId('sign-out').click();
  await expect(page.getByTestId('sign-out')).toHaveCount(0);
  await page.goto('/sign-in');
  await hydrated(page);
  await page.getByTestId('sign-in-google').click();
  await expect(page).toHaveURL(/\/account$/);
  await expect(page.getByTestId('sign-out')).toBeVisible();
});

test('signs in with an email code that arrives over SMTP', async ({ page }) => {
  // The delivery worker hands the code to the SMTP server on loopback; it is read there.
  await signInByEmail(page, `e2e-${Date.now()}@mail.example`);
  await createAccount(page);
});

test('turns email reminders off and on again', async ({ page }) => {
  await signInByEmail(page, `quiet-${Date.now()}@mail.example`);
  await createAccount(page);
  await page.goto('/account/messages');
  await hydrated(page);
  const reminders = page.getByTestId('reminder-email');
  await expect(reminders).toBeChecked();
  await reminders.uncheck();
  await page.getByTestId('save-reminders').click();
  await expect(page.getByTestId('reminder-form').getByRole('status')).toBeVisible();
  await page.reload();
  await hydrated(page);
  await expect(page.getByTestId('reminder-email')).not.toBeChecked();
  await page.getByTestId('reminder-email').check();
  await page.getByTestId('save-reminders').click();
  await expect(page.getByTestId('reminder-form').getByRole('status')).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('reminder-email')).toBeChecked();
});
