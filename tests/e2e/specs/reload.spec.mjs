import { test, expect } from '../fixtures.mjs';
import { Planform } from '../planform.mjs';

test('a reload keeps every plan and reopens the last one', async ({ page }) => {
  const app = new Planform(page);
  await app.open();
  await app.title.fill('First plan');
  await app.newPlan.click();
  await app.title.fill('Second plan');
  await app.problem.fill('Kept across reloads.');
  await app.saved();
  await page.reload();
  await expect(app.title).toHaveValue('Second plan');
  await expect(app.problem).toHaveValue('Kept across reloads.');
  await expect(app.plans.getByRole('button', { name: /^First plan/ })).toBeVisible();
});
