import { test, expect } from '@playwright/test';
import { DEMO } from './helpers';

// Without JavaScript: everything public must already be in the server's HTML.
test.use({ javaScriptEnabled: false });

test('the home page lists the demo clinic', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
  const card = page.getByTestId('clinic-card');
  await expect(card).toHaveCount(1);
  await expect(card).toContainText('Nakheel Family Clinics');
  await expect(card).toContainText('Riyadh');
  await expect(card).toContainText('Cairo');
});

test('the clinic page shows its services, branches and team without JavaScript', async ({ page }) => {
  const response = await page.goto(DEMO);
  expect(response?.status()).toBe(200);
  await expect(page.getByTestId('clinic-name')).toHaveText('Nakheel Family Clinics');
  await expect(page.getByTestId('service')).toHaveCount(8);
  await expect(page.getByTestId('service-group')).toHaveCount(3);
  await expect(page.getByTestId('service').filter({ hasText: 'Teeth cleaning' })).toContainText('45 min');
  await expect(page.getByTestId('service').filter({ hasText: 'General consultation' })).toContainText('SAR 150.00');
  await expect(page.getByTestId('branch')).toHaveCount(2);
  await expect(page.getByTestId('branch').filter({ hasText: 'Zamalek' })).toContainText('Africa/Cairo');
  await expect(page.getByTestId('provider')).toHaveCount(5);
});

test('an Arabic-speaking browser gets the page right-to-left from the first byte', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: 'ar-SA', extraHTTPHeaders: { 'Accept-Language': 'ar-SA,ar;q=0.9' } });
  const page = await context.newPage();
  const response = await page.goto(DEMO);
  const html = await response!.text();
  expect(html).toMatch(/<html[^>]*\blang="ar"/);
  expect(html).toMatch(/<html[^>]*\bdir="rtl"/);
  await expect(page.getByTestId('clinic-name')).toHaveText('عيادات النخيل للعائلة');
  await expect(page.getByTestId('service').filter({ hasText: 'تنظيف الأسنان' })).toContainText('45 دقيقة');
  await context.close();
});

test('the language switch works as a plain form and is remembered', async ({ page }) => {
  await page.goto(DEMO);
  await page.getByTestId('language-switch').click();
  await expect(page).toHaveURL(new RegExp(`${DEMO}$`));
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.getByTestId('clinic-name')).toHaveText('عيادات النخيل للعائلة');
  // The cookie keeps Arabic on the next page, whatever the browser prefers.
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('اعثر على عيادة واحجز زيارتك');
});

test('an unknown clinic gets a 404 page in the visitor language', async ({ browser }) => {
  for (const [lang, title] of [
    ['en', 'We could not find that page'],
    ['ar', 'لم نعثر على هذه الصفحة'],
  ]) {
    const context = await browser.newContext({ javaScriptEnabled: false, locale: lang });
    const page = await context.newPage();
    const response = await page.goto('/c/no-such-clinic');
    expect(response?.status()).toBe(404);
    await expect(page.getByTestId('not-found')).toContainText(title);
    await context.close();
  }
});

test('a malformed language cookie falls back to the default language', async ({ browser, baseURL }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, locale: 'de-DE' });
  await context.addCookies([{ name: 'lang', value: '%%%zz', url: baseURL! }]);
  const page = await context.newPage();
  const response = await page.goto('/');
  expect(response?.status()).toBe(200);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await context.close();
});
