import { test, expect } from '../fixtures.mjs';
import { Planform } from '../planform.mjs';

test('a deleted plan can be undone, restored from the trash, and the trash emptied', async ({ page }) => {
  const app = new Planform(page);
  await app.open();
  await app.title.fill('Keeper');
  await app.newPlan.click();
  await app.title.fill('Doomed');
  await app.plans.getByRole('button', { name: 'Delete Doomed' }).click();
  await expect(page.getByRole('alert')).toContainText('Moved “Doomed” to the trash');
  await expect(app.plans.getByRole('listitem')).toHaveCount(1);
  await page.getByRole('alert').getByRole('button', { name: 'Undo' }).click();
  await expect(app.title).toHaveValue('Doomed');
  await expect(app.plans.getByRole('listitem')).toHaveCount(2);

  await app.plans.getByRole('button', { name: 'Delete Doomed' }).click();
  await page.getByRole('button', { name: /^Trash \(1\)/ }).click();
  const trash = page.getByRole('region', { name: 'Trash' });
  await trash.getByRole('button', { name: 'Restore Doomed' }).click();
  await expect(app.title).toHaveValue('Doomed');
  await page.reload();
  await expect(app.plans.getByRole('listitem')).toHaveCount(2);

  await app.plans.getByRole('button', { name: 'Delete Doomed' }).click();
  await page.getByRole('button', { name: /^Trash \(1\)/ }).click();
  await page.getByRole('region', { name: 'Trash' }).getByRole('button', { name: 'Empty trash' }).click();
  await expect(page.getByRole('button', { name: /^Trash \(0\)/ })).toBeVisible();
  await page.reload();
  await expect(app.plans.getByRole('listitem')).toHaveCount(1);
  await expect(app.title).toHaveValue('Keeper');
});
