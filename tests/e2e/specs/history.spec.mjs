import { test, expect } from '../fixtures.mjs';
import { Planform } from '../planform.mjs';

test('history: snapshots when editing pauses, diff, view, restore, and undo the restore', async ({ page }) => {
  // The app's clock is Playwright's: the pause is skipped over, not waited for.
  await page.clock.install();
  const app = new Planform(page);
  await app.open();
  await app.title.fill('First title');
  await page.clock.runFor(2300); // editing pauses: a snapshot is taken
  await app.title.fill('Second title');
  await app.problem.fill('Added later');

  await page.getByRole('button', { name: 'History', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'History' });
  await expect(dialog).toBeVisible();
  const snapshots = dialog.getByRole('list', { name: 'Snapshots' }).getByRole('button');
  await expect(snapshots).toHaveCount(2); // the pause, and the one taken on opening
  await snapshots.nth(1).click();
  const diff = dialog.getByLabel('Differences from the current plan');
  await expect(diff).toContainText('− # Technical Plan: First title');
  await expect(diff).toContainText('+ # Technical Plan: Second title');
  await expect(diff).toContainText('+ Added later');
  await dialog.getByRole('button', { name: 'View' }).click();
  await expect(dialog.getByRole('heading', { name: 'Technical Plan: First title' })).toBeVisible();

  await dialog.getByRole('button', { name: 'Restore this version' }).click();
  await expect(dialog).toBeHidden();
  await expect(app.title).toHaveValue('First title');
  await expect(app.problem).toHaveValue('');
  await app.saved();
  await page.keyboard.press('Control+z');
  await expect(app.title).toHaveValue('Second title');
  await expect(app.problem).toHaveValue('Added later');

  await page.getByRole('button', { name: 'History', exact: true }).click();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});
