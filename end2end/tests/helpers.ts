import { expect, Page } from '@playwright/test';

export const DEMO = '/c/nakheel';

/** Waits until the WASM bundle has hydrated the page (the app marks `<html>`). */
export async function hydrated(page: Page) {
  await expect(page.locator('html')).toHaveAttribute('data-hydrated', 'true');
}
