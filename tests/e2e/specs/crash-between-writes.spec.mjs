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

test('storage nearly full shows an early warning, measured, not guessed', async ({ page, context }) => {
  const app = new Planform(page);
  await app.open();
  // Another app on this origin, in another tab, fills storage to the brim, then frees about
  // 5 % of it: what the browser really allows is measured, whatever the browser.
  const other = await context.newPage();
  await other.goto('./manifest.webmanifest');
  await Planform.fillStorage(other);
  await other.evaluate(() => localStorage.removeItem('other-app:0'));
  await app.title.fill('Still saving');
  await app.saved();
  await expect(page.getByRole('status', { name: 'Storage nearly full' })).toContainText(/Browser storage is 9\d% full/);
  await expect(page.getByText(/9\d% of storage used/)).toBeVisible();
});

test('a large library is not taken for a full storage', async ({ page, context }) => {
  const app = new Planform(page);
  await app.open();
  // 2.7 million characters stored by another tab: "102% full" under the old guess (5 MiB at two
  // bytes a character), about half of what Chromium allows (5 Mi characters). No alarm.
  const other = await context.newPage();
  await other.goto('./manifest.webmanifest');
  await other.evaluate(() => {
    for (let i = 0; i < 30; i++) localStorage.setItem(`other-app:${i}`, 'x'.repeat(90_000));
  });
  await app.title.fill('Plenty of room');
  await app.saved();
  await expect(page.getByText(/^\d+% of storage used$/)).toBeVisible();
  await expect(page.getByRole('status', { name: 'Storage nearly full' })).toHaveCount(0);
});
