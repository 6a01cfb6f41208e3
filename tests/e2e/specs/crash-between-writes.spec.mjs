import { test, expect } from '../fixtures.mjs';
import { Planform } from '../planform.mjs';

// A crash between the plan write and the index write leaves an orphan plan (or an index entry
// whose plan never landed); the next start lists the orphan and drops the dead entry.
test('orphan plans are listed again and dead index entries dropped on start', async ({ page }) => {
  const app = new Planform(page);
  await app.open();
  await app.title.fill('Listed plan');
  await app.saved();
  await page.evaluate(() => {
    const index = JSON.parse(localStorage.getItem('planform:index'));
    const listed = index.plans[0];
    const record = JSON.parse(localStorage.getItem(`planform:plan:${listed.id}`));
    record.markdown = record.markdown.replace('Listed plan', 'Orphan plan');
    delete record.plan;
    localStorage.setItem('planform:plan:orphan', JSON.stringify(record));
    index.plans.push({ id: 'ghost', title: 'Ghost', spec: '', updated: '', revision: 3 });
    localStorage.setItem('planform:index', JSON.stringify(index));
  });
  await page.reload();
  await expect(app.plans.getByRole('button', { name: /^Orphan plan/ })).toBeVisible();
  await expect(app.plans.getByRole('button', { name: /^Ghost/ })).toHaveCount(0);
  await expect(app.plans.getByRole('listitem')).toHaveCount(2);
  await expect(page.getByRole('alert', { name: 'Unreadable data' })).toBeHidden();
});

test('storage nearly full shows an early warning', async ({ page }) => {
  const app = new Planform(page);
  await app.open();
  // About 85 % of the 5 MB quota (2 bytes a character) held by another app on this origin.
  await page.evaluate(() => localStorage.setItem('other-app:data', 'x'.repeat(Math.floor(0.85 * 5 * 1024 * 1024 / 2))));
  await app.title.fill('Still saving');
  await app.saved();
  await expect(page.getByRole('status', { name: 'Storage nearly full' })).toContainText(/Browser storage is 8\d% full/, { timeout: 8000 });
});
