// Data written by every stored format the app ever had loads (migrated where needed).
import { test, expect } from '../fixtures.mjs';
import { readFileSync } from 'node:fs';
import { Planform } from '../planform.mjs';

const fixture = (name) => JSON.parse(readFileSync(new URL(`../../fixtures/storage/${name}`, import.meta.url), 'utf8')).storage;

/** Stores `storage` on the app's origin before the app first starts (from a page of its origin
 * that is not the app, so no first visit's plan is stored meanwhile), then opens the app. */
async function seed(page, storage) {
  await page.goto('./manifest.webmanifest');
  await page.evaluate((storage) => {
    localStorage.clear();
    for (const [k, v] of Object.entries(storage)) localStorage.setItem(k, v);
  }, storage);
  await page.goto('./');
}

test('format 1: plans, trash, last plan and theme load as stored', async ({ page }) => {
  const app = new Planform(page);
  await seed(page, fixture('format-1.json'));
  await expect(app.title).toHaveValue('Search index');
  await expect(app.problem).toHaveValue('Search is slow.');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await expect(app.plans.getByRole('listitem')).toHaveCount(2);
  await app.plans.getByRole('button', { name: /^Offline drafts/ }).click();
  await expect(app.title).toHaveValue('Offline drafts');
  await expect(page.getByRole('button', { name: /^Trash \(1\)/ })).toBeVisible();
  await expect(page.getByRole('alert', { name: 'Unreadable data' })).toBeHidden();
  // Saving continues from the stored revision (no conflict with itself).
  await app.problem.fill('Edited after loading format 1');
  await app.saved();
  const rev = await page.evaluate(() => JSON.parse(localStorage.getItem('planform:plan:p-offline')).revision);
  expect(rev).toBe(5);
});

test('pre-release layout: the plan loads, the unknown index is set aside and rebuilt', async ({ page }) => {
  const app = new Planform(page);
  await seed(page, fixture('format-0-prerelease.json'));
  await expect(app.title).toHaveValue('Offline drafts');
  await expect(app.plans.getByRole('listitem')).toHaveCount(1);
  await app.problem.fill('Edited after loading the old layout');
  await app.saved();
  await page.reload();
  await expect(app.problem).toHaveValue('Edited after loading the old layout');
});
