import { test, expect } from '@playwright/test';
import { DEMO, hydrated } from './helpers';

test('after hydration the language switches in place, right-to-left', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));

  await page.goto(DEMO);
  await hydrated(page);
  // A marker that a full page load would wipe out.
  await page.evaluate(() => ((window as any).__stayed = true));

  await page.getByTestId('language-switch').click();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
  await expect(page.getByTestId('clinic-name')).toHaveText('عيادات النخيل للعائلة');
  await expect(page.getByRole('heading', { name: 'الخدمات' })).toBeVisible();
  expect(await page.evaluate(() => (window as any).__stayed)).toBe(true);

  // The choice was saved: a fresh load is still Arabic.
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');

  // And back.
  await hydrated(page);
  await page.getByTestId('language-switch').click();
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
  await expect(page.getByTestId('clinic-name')).toHaveText('Nakheel Family Clinics');
  expect(errors).toEqual([]);
});

test('the category filter works once hydrated', async ({ page }) => {
  await page.goto(DEMO);
  await hydrated(page);
  await expect(page.getByTestId('service')).toHaveCount(8);
  await page.getByRole('button', { name: 'Dentistry' }).click();
  await expect(page.getByRole('button', { name: 'Dentistry' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('[data-testid="service"]:visible')).toHaveCount(3);
  await expect(page.locator('[data-testid="service"]:visible').first()).toContainText('Dental check-up');
  await page.getByTestId('filter-all').click();
  await expect(page.locator('[data-testid="service"]:visible')).toHaveCount(8);
});
