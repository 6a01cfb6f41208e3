import { test, expect } from '../fixtures.mjs';
import { Planform } from '../planform.mjs';

test('corrupt and future-format data is set aside, offered for download, and the rest loads', async ({ page }) => {
  const app = new Planform(page);
  await app.open();
  await app.title.fill('Healthy plan');
  await app.saved();
  const bad = {
    'planform:plan:broken-json': '{"format": "planform", "version": 1, "plan": {',
    'planform:plan:future': '{"format":"planform","version":99,"plan":{},"markdown":"# From the future"}',
    'planform:plan:wrong-shape': '[1, 2, 3]',
    'planform:plan:not-ours': '{"format":"something-else","version":1}',
  };
  await page.evaluate((bad) => {
    for (const [k, v] of Object.entries(bad)) localStorage.setItem(k, v);
    localStorage.setItem('planform:index', 'this is not an index');
  }, bad);
  await page.reload();

  await expect(app.title).toHaveValue('Healthy plan');
  await expect(app.plans.getByRole('listitem')).toHaveCount(1);
  const notice = page.getByRole('alert', { name: 'Unreadable data' });
  await expect(notice).toContainText('5 stored item(s) could not be read');
  const { text } = await app.download(notice.getByRole('button', { name: 'Download unreadable data' }));
  const saved = JSON.parse(text);
  for (const [k, v] of Object.entries(bad)) expect(saved[k]).toBe(v);
  expect(saved['planform:index']).toBe('this is not an index');

  // Nothing was deleted: the originals live on under recovery keys until discarded.
  const kept = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('planform:recovery:')).length);
  expect(kept).toBe(5);
  await app.title.fill('Still editable');
  await app.saved();
  await notice.getByRole('button', { name: 'Discard it' }).click();
  await expect(notice).toBeHidden();
});
