import { test, expect } from '../fixtures.mjs';
import { Planform } from '../planform.mjs';

test('a first visit opens a new plan from the template, and New plan adds another', async ({ page }) => {
  const app = new Planform(page);
  await app.open();
  await expect(app.title).toHaveValue('');
  await expect(app.title).toHaveAttribute('placeholder', '[Feature Name]');
  await expect(app.preview.getByRole('heading', { name: 'Problem Statement' })).toBeVisible();
  await app.saved();
  await expect(app.plans.getByRole('listitem')).toHaveCount(1);

  await app.title.fill('Search service');
  await app.newPlan.click();
  await expect(app.title).toHaveValue('');
  await expect(app.plans.getByRole('listitem')).toHaveCount(2);
  await expect(app.plans.getByRole('button', { name: /^Search service/ })).toBeVisible();
});
