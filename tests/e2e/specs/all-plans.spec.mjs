import { test, expect } from '../fixtures.mjs';
import { Planform } from '../planform.mjs';
import { openRepo, readRepo } from '../folder.mjs';

test('All plans: a table of every plan that sorts, filters as one types, and shows both sides of a supersede', async ({ page }) => {
  const app = new Planform(page);
  await openRepo(page, app);
  await page.getByRole('button', { name: 'All plans' }).click();
  const dialog = page.getByRole('dialog', { name: 'All plans' });
  const table = dialog.getByRole('table');
  await expect(table.getByRole('columnheader', { name: 'Status' })).toBeVisible();
  await expect(table.getByRole('row')).toHaveCount(7);
  const cockroach = table.getByRole('row', { name: /Use CockroachDB for orders/ });
  // 0003 does not say it supersedes 0002; the index shows it all the same.
  await expect(cockroach.getByRole('cell', { name: 'Use PostgreSQL for orders' })).toBeVisible();
  await dialog.getByRole('combobox', { name: 'Status filter' }).selectOption('Accepted');
  await expect(table.getByRole('row')).toHaveCount(4);
  await dialog.getByRole('searchbox', { name: 'Filter plans' }).fill('queue');
  await expect(table.getByRole('row')).toHaveCount(2);
  await expect(table.getByRole('row', { name: /Keep one queue per region/ })).toBeVisible();
  await dialog.getByRole('searchbox', { name: 'Filter plans' }).fill('');
  await dialog.getByRole('combobox', { name: 'Status filter' }).selectOption('');
  await table.getByRole('button', { name: 'Title' }).click();
  await expect(table.getByRole('row').nth(1)).toContainText('Keep one queue per region');
  await expect(table.getByRole('columnheader', { name: 'Title' })).toHaveAttribute('aria-sort', 'ascending');
  // The timeline lists the dated decisions in order.
  const timeline = dialog.getByRole('region', { name: 'Timeline of decisions' });
  await expect(timeline.getByRole('listitem').first()).toContainText('2025-01-10 Record architecture decisions');
  // Export index writes index.md into the folder.
  await dialog.getByRole('button', { name: 'Export index' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Wrote index.md' })).toBeVisible();
  const index = (await readRepo(page))['index.md'][0];
  expect(index).toContain('| [Use PostgreSQL for orders](docs/adr/0002-use-postgres.md) | Superseded |');
  // A row opens its plan.
  await table.getByRole('button', { name: 'Multi-region orders' }).click();
  await expect(dialog).toBeHidden();
  await expect(app.title).toHaveValue('Multi-region orders');
});

test('All plans in the browser library, and its index downloaded', async ({ page }) => {
  const app = new Planform(page);
  await app.open();
  await app.title.fill('Offline drafts');
  await app.saved();
  await page.getByRole('button', { name: 'All plans' }).click();
  const dialog = page.getByRole('dialog', { name: 'All plans' });
  await expect(dialog.getByRole('row', { name: /Offline drafts/ })).toBeVisible();
  const { name, text } = await app.download(dialog.getByRole('button', { name: 'Export index' }));
  expect(name).toBe('index.md');
  expect(text).toContain('| [Offline drafts](offline-drafts.md) |');
});
