import { test, expect } from '@playwright/test';
import { hydrated, signInByEmail } from './helpers';

const CHANNELS = ['whatsapp', 'sms', 'email'];

test('an owner chooses the clinic message channels, in Arabic', async ({ page, context, baseURL }) => {
  await signInByEmail(page, 'owner@nakheel.example');
  await expect(page).toHaveURL(/\/account/);
  await context.addCookies([{ name: 'lang', value: 'ar', url: baseURL! }]);
  await page.goto('/dashboard/nakheel/settings');
  await hydrated(page);
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  const form = page.getByTestId('channels-form');
  for (const c of CHANNELS) await expect(page.getByTestId(`channel-${c}`)).toBeChecked();

  // Every channel off: refused, in Arabic, and nothing saved.
  for (const c of CHANNELS) await page.getByTestId(`channel-${c}`).uncheck();
  await page.getByTestId('save-channels').click();
  await expect(form.getByTestId('form-error')).toContainText('قناة واحدة على الأقل');
  await page.reload();
  await hydrated(page);
  for (const c of CHANNELS) await expect(page.getByTestId(`channel-${c}`)).toBeChecked();

  // WhatsApp off: saved, and still off after a reload.
  await page.getByTestId('channel-whatsapp').uncheck();
  await page.getByTestId('save-channels').click();
  await expect(form.getByRole('status')).toBeVisible();
  await page.reload();
  await hydrated(page);
  await expect(page.getByTestId('channel-whatsapp')).not.toBeChecked();
  await expect(page.getByTestId('channel-sms')).toBeChecked();

  // Back as it was, for the other tests sharing the demo clinic.
  await page.getByTestId('channel-whatsapp').check();
  await page.getByTestId('save-channels').click();
  await expect(form.getByRole('status')).toBeVisible();
});
