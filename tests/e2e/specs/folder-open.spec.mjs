import { test, expect } from '../fixtures.mjs';
import { Planform } from '../planform.mjs';
import { openRepo, readRepo } from '../folder.mjs';

test('Open folder lists every plan by folder with its title and status, and nothing else', async ({ page }) => {
  const app = new Planform(page);
  await openRepo(page, app);
  const plans = page.getByRole('navigation', { name: 'Plans' });
  // Grouped by the folder each plan is in.
  for (const folder of ['docs/adr/', 'docs/decisions/', 'docs/plans/']) {
    await expect(plans.getByRole('heading', { name: folder })).toBeVisible();
  }
  const adr = plans.getByRole('button', { name: /Use PostgreSQL for orders/ });
  await expect(adr).toContainText('Superseded · 0002-use-postgres.md');
  await expect(plans.getByRole('button', { name: /Use feature flags/ })).toContainText('Proposed · 0001-use-feature-flags.md');
  await expect(plans.getByRole('button', { name: /Keep one queue per region/ })).toContainText('Accepted');
  await expect(plans.getByRole('button', { name: /Multi-region orders/ })).toBeVisible();
  // Six plans: no README, no folder template, no note, nothing from .git, node_modules,
  // target, dist or a hidden folder.
  await expect(plans.locator('.plan-link')).toHaveCount(6);
  for (const absent of ['Not ours', 'In git', 'Example service', 'Meeting notes', 'short title']) {
    await expect(plans.getByText(absent)).toHaveCount(0);
  }
});

test('reading is never writing: opening, reading and closing plans leaves every file untouched', async ({ page }) => {
  const app = new Planform(page);
  await openRepo(page, app);
  const before = await readRepo(page);
  const plans = page.getByRole('navigation', { name: 'Plans' });
  for (const name of [/Use PostgreSQL/, /Use feature flags/, /Multi-region orders/, /Keep one queue/]) {
    await plans.getByRole('button', { name }).click();
    await expect(app.status).toHaveText(/^Saved to docs\//);
    await app.markdownTab.click();
    await app.formTab.click();
  }
  await page.getByRole('button', { name: 'Close folder' }).click();
  await expect(page.getByRole('button', { name: 'Open folder' })).toBeVisible();
  expect(await readRepo(page)).toEqual(before);
});

test('without the File System Access API, the app says why there is no Open folder', async ({ page }) => {
  await page.addInitScript(() => { delete window.showDirectoryPicker; });
  const app = new Planform(page);
  await app.open();
  await expect(page.getByText(/Open folder needs the File System Access API/)).toBeVisible();
  await expect(page.getByRole('button', { name: 'Open folder' })).toHaveCount(0);
  // The browser library works as before.
  await expect(app.newPlan).toBeVisible();
});
