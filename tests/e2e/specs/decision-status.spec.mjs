import { test, expect } from '../fixtures.mjs';
import { Planform } from '../planform.mjs';
import { openRepo, readRepo } from '../folder.mjs';

test('a status set on an ADR file changes only its status, where the file keeps it', async ({ page }) => {
  const app = new Planform(page);
  const files = await openRepo(page, app);
  const path = 'docs/decisions/0001-use-feature-flags.md';
  await page.getByRole('navigation', { name: 'Plans' }).getByRole('button', { name: /Use feature flags/ }).click();
  const status = page.getByRole('combobox', { name: 'Plan status' });
  await expect(status).toHaveValue('Proposed');
  await status.selectOption('Accepted');
  await expect(app.status).toHaveText(`Saved to ${path}`);
  expect((await readRepo(page))[path][0]).toBe(files[path].replace('status: proposed', 'status: accepted'));
  await expect(page.getByRole('navigation', { name: 'Plans' }).getByRole('button', { name: /Use feature flags/ })).toContainText('Accepted');
});

test('a plan without a status gets one as front matter only when the user sets it', async ({ page }) => {
  const app = new Planform(page);
  await app.open();
  const blank = await app.markdown();
  const status = page.getByRole('combobox', { name: 'Plan status' });
  await expect(status).toHaveValue('');
  // A new Technical Plan stays the template: no status line until one is chosen.
  expect(blank).not.toContain('status:');
  await status.selectOption('Accepted');
  await app.saved();
  expect(await app.markdown()).toBe(`---\nstatus: accepted\n---\n${blank}`);
  await expect(status).toHaveValue('Accepted');
  // One edit: Undo takes it back.
  await page.getByRole('button', { name: 'Undo' }).click();
  expect(await app.markdown()).toBe(blank);
});
