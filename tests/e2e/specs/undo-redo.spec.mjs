import { test, expect } from '../fixtures.mjs';
import { Planform } from '../planform.mjs';

test('undo and redo work across form and markdown edits, by keyboard and buttons', async ({ page }) => {
  // The app's clock is Playwright's: the pause is skipped over, not waited for.
  await page.clock.install();
  const app = new Planform(page);
  await app.open();
  await app.title.fill('Step one');
  await page.clock.runFor(900); // a pause makes the next edit its own undo step
  await app.markdownTab.click();
  const text = await app.source.inputValue();
  await app.source.fill(text.replace('Step one', 'Step two'));
  await app.formTab.click();
  await expect(app.title).toHaveValue('Step two');

  await page.keyboard.press('Control+z');
  await expect(app.title).toHaveValue('Step one');
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(app.title).toHaveValue('');
  await page.keyboard.press('Control+Shift+z');
  await expect(app.title).toHaveValue('Step one');
  await page.getByRole('button', { name: 'Redo' }).click();
  await expect(app.title).toHaveValue('Step two');
  await page.keyboard.press('Control+z');
  await page.keyboard.press('Control+y');
  await expect(app.title).toHaveValue('Step two');
});
