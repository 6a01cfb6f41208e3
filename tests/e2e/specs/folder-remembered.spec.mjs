import { test, expect } from '../fixtures.mjs';
import { Planform } from '../planform.mjs';
import { openRepo } from '../folder.mjs';

test('the folder is remembered: after a reload, Reopen brings back its plans and the one open', async ({ page }) => {
  const app = new Planform(page);
  await openRepo(page, app);
  await page.getByRole('navigation', { name: 'Plans' }).getByRole('button', { name: /Use feature flags/ }).click();
  await expect(app.title).toHaveValue('Use feature flags for risky releases');
  await page.reload();
  // The browser library again, with the folder offered.
  const reopen = page.getByRole('button', { name: 'Reopen repo' });
  await expect(reopen).toBeVisible();
  await reopen.click();
  await expect(page.getByRole('button', { name: 'Close folder' })).toBeVisible();
  await expect(app.title).toHaveValue('Use feature flags for risky releases');
  // Closing forgets it.
  await page.getByRole('button', { name: 'Close folder' }).click();
  await expect(page.getByRole('button', { name: 'Open folder' })).toBeVisible();
  // The browser forgets the handle in the background (IndexedDB): wait until it has.
  await expect.poll(() => page.evaluate(() => new Promise((resolve) => {
    const open = indexedDB.open('planform', 1);
    open.onsuccess = () => {
      const db = open.result;
      const get = db.transaction('handles').objectStore('handles').get('folder');
      get.onsuccess = () => { db.close(); resolve(get.result === undefined); };
      get.onerror = () => { db.close(); resolve(false); };
    };
    open.onerror = () => resolve(false);
  }))).toBe(true);
  await page.reload();
  await expect(app.title).toBeVisible();
  await expect(page.getByRole('button', { name: 'Open folder' })).toBeVisible();
  await expect(page.getByRole('button', { name: /Reopen/ })).toHaveCount(0);
});
