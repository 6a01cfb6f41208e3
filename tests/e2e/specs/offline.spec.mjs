import { test, expect } from '../fixtures.mjs';
import { chromium } from '@playwright/test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Planform } from '../planform.mjs';

test('after one visit the app opens, edits and keeps edits with no network', async ({ context, page }) => {
  const app = new Planform(page);
  await app.open();
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload(); // now under the service worker's control
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);

  await context.setOffline(true);
  await page.reload();
  await expect(app.title).toBeVisible();
  await app.title.fill('Written on a train');
  await app.saved();
  await page.reload();
  await expect(app.title).toHaveValue('Written on a train');
  // The dialogs are fetched when first opened: the service worker has them too.
  await page.getByRole('button', { name: 'All plans' }).click();
  const dialog = page.getByRole('dialog', { name: 'All plans' });
  await expect(dialog.getByRole('row', { name: /Written on a train/ })).toBeVisible();
  await dialog.getByRole('button', { name: 'Close all plans' }).click();
  await page.getByRole('button', { name: 'Templates' }).click();
  await expect(page.getByRole('dialog', { name: 'Templates' })).toBeVisible();
  await context.setOffline(false);
});

// Installability needs a real (not incognito) profile: a persistent context in a fresh folder.
test('Chromium reports the app installable', async ({ baseURL, launchOptions }) => {
  const dir = mkdtempSync(join(tmpdir(), 'planform-profile-'));
  const context = await chromium.launchPersistentContext(dir, { ...launchOptions, headless: true });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(baseURL);
    await new Planform(page).title.waitFor();
    await page.evaluate(() => navigator.serviceWorker.ready);
    const cdp = await context.newCDPSession(page);
    await expect
      .poll(async () => (await cdp.send('Page.getInstallabilityErrors')).installabilityErrors.map((e) => e.errorId), { timeout: 10000 })
      .toEqual([]);
  } finally {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
