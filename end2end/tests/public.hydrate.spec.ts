import { test, expect } from '@playwright/test';
import { DEMO, hydrated } from './helpers';

test('the language switch reloads the page in the other language, right-to-left', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));

  await page.goto(DEMO);
  await hydrated(page);
  await page.getByTestId('language-switch').click();
  await expect(page).toHaveURL(new RegExp(`${DEMO}$`));
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
  await expect(page.getByTestId('clinic-name')).toHaveText('عيادات النخيل للعائلة');
  await expect(page.getByRole('heading', { name: 'الخدمات' })).toBeVisible();
  // The islands hydrate on the Arabic page as well.
  await hydrated(page);

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

test('the category filter works in place once hydrated', async ({ page }) => {
  await page.goto(DEMO);
  await hydrated(page);
  await page.evaluate(() => ((window as any).__stayed = true));
  await expect(page.getByTestId('service')).toHaveCount(8);
  await page.getByRole('link', { name: 'Dentistry' }).click();
  await expect(page.getByRole('link', { name: 'Dentistry' })).toHaveAttribute('aria-current', 'true');
  // No page load: the island hid the other groups in place.
  expect(await page.evaluate(() => (window as any).__stayed)).toBe(true);
  await expect(page.locator('[data-testid="service"]:visible')).toHaveCount(3);
  await expect(page.locator('[data-testid="service"]:visible').first()).toContainText('Dental check-up');
  await page.getByTestId('filter-all').click();
  await expect(page.locator('[data-testid="service"]:visible')).toHaveCount(8);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the category chips are links the server answers', async ({ page }) => {
    await page.goto(DEMO);
    await page.getByRole('link', { name: 'Dentistry' }).click();
    await expect(page).toHaveURL(/\?category=/);
    await expect(page.getByRole('link', { name: 'Dentistry' })).toHaveAttribute('aria-current', 'true');
    await expect(page.locator('[data-testid="service"]:visible')).toHaveCount(3);
    await page.getByTestId('filter-all').click();
    await expect(page.locator('[data-testid="service"]:visible')).toHaveCount(8);
  });
});
