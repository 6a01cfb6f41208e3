import { test, expect } from '../fixtures.mjs';
import { Planform } from '../planform.mjs';
import { openRepo, readRepo } from '../folder.mjs';

test('New plan in a folder names the file by its numbering, starts it Proposed and opens it', async ({ page }) => {
  const app = new Planform(page);
  const files = await openRepo(page, app);
  await page.getByRole('navigation', { name: 'Plans' }).getByRole('button', { name: /Use CockroachDB/ }).click();
  await app.newPlan.click();
  const dialog = page.getByRole('dialog', { name: 'New plan' });
  await dialog.getByRole('textbox', { name: 'Title' }).fill('Use a queue for retries');
  // The folder's own template is preselected; the name is shown before the file is made.
  await expect(dialog.getByRole('combobox', { name: 'Template' })).toHaveValue('folder:docs/adr/template.md');
  await expect(dialog.getByText('Saved as docs/adr/0004-use-a-queue-for-retries.md')).toBeVisible();
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(dialog).toBeHidden();
  await expect(app.title).toHaveValue('Use a queue for retries');
  const made = (await readRepo(page))['docs/adr/0004-use-a-queue-for-retries.md'][0];
  expect(made).toContain('# Use a queue for retries\n');
  expect(made).toContain('- Status: proposed\n');
  await expect(page.getByRole('navigation', { name: 'Plans' }).getByRole('button', { name: /Use a queue for retries/ })).toContainText('Proposed · 0004-use-a-queue-for-retries.md');
  // Nothing else was touched.
  const after = await readRepo(page);
  for (const [path, text] of Object.entries(files)) expect(after[path][0]).toBe(text);
});

test('a second plan of the same title gets a name of its own, never an existing file', async ({ page }) => {
  const app = new Planform(page);
  await openRepo(page, app);
  await page.getByRole('navigation', { name: 'Plans' }).getByRole('button', { name: /Multi-region orders/ }).click();
  for (const name of ['docs/plans/retry-budget.md', 'docs/plans/retry-budget-2.md']) {
    await app.newPlan.click();
    const dialog = page.getByRole('dialog', { name: 'New plan' });
    await dialog.getByRole('textbox', { name: 'Title' }).fill('Retry budget');
    await expect(dialog.getByText(`Saved as ${name}`)).toBeVisible();
    await dialog.getByRole('button', { name: 'Create' }).click();
    await expect(dialog).toBeHidden();
  }
  const after = await readRepo(page);
  expect(Object.keys(after).filter((p) => p.startsWith('docs/plans/retry-budget'))).toHaveLength(2);
});

test('an import while a folder is open becomes a file of the folder, next to the open plan', async ({ page }) => {
  const app = new Planform(page);
  const files = await openRepo(page, app);
  await page.getByRole('navigation', { name: 'Plans' }).getByRole('button', { name: /Use CockroachDB/ }).click();
  const text = '# Use Kafka for order events\n\n- Status: proposed\n\n## Context and Problem Statement\n\nOrders need events.\n';
  await app.importFile('kafka.md', text);
  await expect(app.title).toHaveValue('Use Kafka for order events');
  await expect(page.getByRole('navigation', { name: 'Plans' }).getByRole('button', { name: /Use Kafka for order events/ })).toContainText('Proposed · 0004-use-kafka-for-order-events.md');
  const after = await readRepo(page);
  expect(after['docs/adr/0004-use-kafka-for-order-events.md'][0]).toBe(text);
  for (const [path, was] of Object.entries(files)) expect(after[path][0]).toBe(was);
});
