import { test, expect } from '../fixtures.mjs';
import { Planform } from '../planform.mjs';
import { openRepo, readRepo } from '../folder.mjs';

const PATH = 'docs/adr/0001-record-architecture-decisions.md';

test('an edit reaches the file after a pause, and every other byte stays as it was', async ({ page }) => {
  const app = new Planform(page);
  const files = await openRepo(page, app);
  await page.getByRole('navigation', { name: 'Plans' }).getByRole('button', { name: /Record architecture decisions/ }).click();
  await expect(app.title).toHaveValue('Record architecture decisions');
  await app.markdownTab.click();
  const source = await app.source.inputValue();
  expect(source).toBe(files[PATH]);
  // One sentence changed, in the Markdown tab as a person types.
  await app.source.fill(source.replace('know why things are as they are.', 'know why things are as they are, and who decided.'));
  await expect(app.status).toHaveText(`Saved to ${PATH}`);
  const after = (await readRepo(page))[PATH][0];
  expect(after).toBe(files[PATH].replace('know why things are as they are.', 'know why things are as they are, and who decided.'));
});

test('a draft the file has not received survives a reload and then reaches the file', async ({ page }) => {
  const app = new Planform(page);
  const files = await openRepo(page, app);
  await page.getByRole('navigation', { name: 'Plans' }).getByRole('button', { name: /Record architecture decisions/ }).click();
  await app.markdownTab.click();
  // The file cannot be written now (another program holds it, say): the draft stays here.
  await page.evaluate(() => {
    window.__realCreateWritable = FileSystemFileHandle.prototype.createWritable;
    FileSystemFileHandle.prototype.createWritable = () => Promise.reject(new Error('the file is locked'));
  });
  await app.source.fill(files[PATH].replace('A wiki page', 'A wiki page (rejected)'));
  await expect(app.status).toHaveText(/Not saved to the file \(kept in this browser\): .*locked/);
  expect((await readRepo(page))[PATH][0]).toBe(files[PATH]);
  await page.reload();
  await page.getByRole('button', { name: 'Reopen repo' }).click();
  await expect(app.status).toHaveText(`Saved to ${PATH}`);
  expect((await readRepo(page))[PATH][0]).toBe(files[PATH].replace('A wiki page', 'A wiki page (rejected)'));
});
