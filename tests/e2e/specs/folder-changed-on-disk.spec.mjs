import { test, expect } from '../fixtures.mjs';
import { Planform } from '../planform.mjs';
import { openRepo, readRepo, writeBehind } from '../folder.mjs';

const PATH = 'docs/adr/0003-use-cockroachdb.md';

async function openAdr(page, app) {
  const files = await openRepo(page, app);
  await page.getByRole('navigation', { name: 'Plans' }).getByRole('button', { name: /Use CockroachDB/ }).click();
  await expect(app.title).toHaveValue('Use CockroachDB for orders');
  return files;
}

test('a file changed on disk is never overwritten: Keep mine writes over it, theirs goes to History', async ({ page }) => {
  const app = new Planform(page);
  const files = await openAdr(page, app);
  const theirs = files[PATH].replace('- Deciders: Ana, Chen', '- Deciders: Ana, Chen, Dee');
  await writeBehind(page, PATH, theirs);
  await app.markdownTab.click();
  const mine = files[PATH].replace('180 ms', '190 ms');
  await app.source.fill(mine);
  const notice = page.getByRole('alert', { name: 'Changed on disk' });
  await expect(notice).toContainText(`${PATH} changed on disk`);
  expect((await readRepo(page))[PATH][0]).toBe(theirs);
  await notice.getByRole('button', { name: 'Show difference' }).click();
  await expect(notice.getByRole('region', { name: /Difference/ })).toContainText('− - Deciders: Ana, Chen, Dee');
  await notice.getByRole('button', { name: 'Keep mine' }).click();
  await expect(notice).toBeHidden();
  await expect(app.status).toHaveText(`Saved to ${PATH}`);
  expect((await readRepo(page))[PATH][0]).toBe(mine);
  await page.getByRole('button', { name: 'History' }).click();
  await expect(page.getByRole('dialog', { name: /History/ })).toBeVisible();
});

test('Reload from disk takes the disk version when the window regains focus; this tab\'s goes to History', async ({ page }) => {
  const app = new Planform(page);
  const files = await openAdr(page, app);
  const theirs = files[PATH].replace('Use CockroachDB for orders', 'Use CockroachDB for orders and payments');
  await writeBehind(page, PATH, theirs);
  await page.evaluate(() => window.dispatchEvent(new Event('focus')));
  const notice = page.getByRole('alert', { name: 'Changed on disk' });
  await expect(notice).toContainText(`${PATH} changed on disk`);
  await notice.getByRole('button', { name: 'Reload from disk' }).click();
  await expect(app.title).toHaveValue('Use CockroachDB for orders and payments');
  await expect(app.status).toHaveText(`Saved to ${PATH}`);
  expect((await readRepo(page))[PATH][0]).toBe(theirs);
});
