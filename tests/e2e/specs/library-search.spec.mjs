import { test, expect } from '../fixtures.mjs';
import { Planform } from '../planform.mjs';

test('searching the library shows only the plans that match, and says when none does', async ({ page }) => {
  const app = new Planform(page);
  await app.open();
  await app.title.fill('Checkout speed');
  await app.problem.fill('Pages load slowly at peak.');
  await app.saved();
  await app.newPlan.click();
  await app.title.fill('Editor rewrite');
  await app.problem.fill('Paste markdown into the editor.');
  await app.saved();

  const rows = app.plans.getByRole('listitem', { includeHidden: true });
  const checkout = rows.filter({ hasText: 'Checkout speed' });
  const editor = rows.filter({ hasText: 'Editor rewrite' });
  await expect(rows).toHaveCount(2);
  await expect(checkout).toBeVisible();
  await expect(editor).toBeVisible();

  const search = page.getByRole('searchbox', { name: 'Search plans' });
  const none = app.plans.getByRole('status');
  await search.fill('zzzz');
  await expect(checkout).toBeHidden();
  await expect(editor).toBeHidden();
  await expect(none).toHaveText('No plan matches “zzzz”.');
  await expect(rows).toHaveCount(2); // hidden, not removed

  await search.fill('peak');
  await expect(checkout).toBeVisible();
  await expect(editor).toBeHidden();
  await expect(none).toBeHidden();

  await search.fill('');
  await expect(checkout).toBeVisible();
  await expect(editor).toBeVisible();
});
