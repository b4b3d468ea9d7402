import { test, expect } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { DEMO, hydrated } from './helpers';

for (const lang of ['en', 'ar']) {
  for (const path of ['/', DEMO, `${DEMO}/book`]) {
    test(`no serious accessibility violations on ${path} in ${lang}`, async ({ browser }) => {
      const context = await browser.newContext({ locale: lang });
      const page = await context.newPage();
      await page.goto(path);
      await hydrated(page);
      await expect(page.locator('html')).toHaveAttribute('lang', lang);
      const results = await new AxeBuilder({ page }).analyze();
      const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
      await context.close();
    });
  }
}
