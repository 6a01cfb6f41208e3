import { test, expect } from '../fixtures.mjs';
import { Planform } from '../planform.mjs';
import { openRepo, readRepo } from '../folder.mjs';

test('Supersede in a folder: the new file says what it supersedes, the old one what supersedes it', async ({ page }) => {
  const app = new Planform(page);
  const files = await openRepo(page, app);
  const old = 'docs/adr/0001-record-architecture-decisions.md';
  await page.getByRole('navigation', { name: 'Plans' }).getByRole('button', { name: /Record architecture decisions/ }).click();
  await page.getByRole('button', { name: 'Supersede', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'New plan' });
  await dialog.getByRole('textbox', { name: 'Title' }).fill('Record decisions in the wiki');
  await expect(dialog.getByText('Saved as docs/adr/0004-record-decisions-in-the-wiki.md')).toBeVisible();
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(dialog).toBeHidden();
  await expect(app.title).toHaveValue('Record decisions in the wiki');
  await expect(page.getByRole('combobox', { name: 'Plan status' })).toHaveValue('Proposed');
  await expect.poll(async () => (await readRepo(page))[old][0]).toBe(
    files[old].replace('- Status: accepted', '- Status: superseded by [Record decisions in the wiki](0004-record-decisions-in-the-wiki.md)'));
  const made = (await readRepo(page))['docs/adr/0004-record-decisions-in-the-wiki.md'][0];
  expect(made).toContain('- Status: proposed\n- Supersedes: [Record architecture decisions](0001-record-architecture-decisions.md)\n');
  // The link opens the plan it names.
  await page.getByRole('region', { name: 'Preview' }).getByRole('link', { name: 'Record architecture decisions' }).click();
  await expect(app.title).toHaveValue('Record architecture decisions');
  await expect(page.getByRole('combobox', { name: 'Plan status' })).toHaveValue('Superseded');
});

test('Supersede in the browser library links the two plans by their file names', async ({ page }) => {
  const app = new Planform(page);
  await app.open();
  await page.getByRole('button', { name: 'Templates' }).click();
  await page.getByRole('dialog', { name: 'Templates' }).getByRole('button', { name: /New plan from MADR/ }).click();
  await app.title.fill('Use Postgres');
  await app.saved();
  await page.getByRole('button', { name: 'Supersede', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'New plan' });
  await expect(dialog.getByRole('combobox', { name: 'Template' })).toHaveValue('madr');
  await dialog.getByRole('textbox', { name: 'Title' }).fill('Use CockroachDB');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(dialog).toBeHidden();
  await expect(app.title).toHaveValue('Use CockroachDB');
  expect(await app.markdown()).toContain('Supersedes [Use Postgres](use-postgres.md)');
  await page.getByRole('region', { name: 'Preview' }).getByRole('link', { name: 'Use Postgres' }).click();
  await expect(app.title).toHaveValue('Use Postgres');
  expect(await app.markdown()).toContain('status: "superseded by [Use CockroachDB](use-cockroachdb.md)"');
});
