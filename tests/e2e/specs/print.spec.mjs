// Printing (Ctrl+P, Export ▸ Print / PDF) shows the plan alone.
import { test, expect } from '../fixtures.mjs';
import { Planform } from '../planform.mjs';

test('print media shows the plan alone: no sidebar, toolbar, form or status line', async ({ page }) => {
  const app = new Planform(page);
  await app.open();
  await app.title.fill('Printed plan');
  await page.emulateMedia({ media: 'print' });
  await expect(app.preview.getByRole('heading', { name: 'Technical Plan: Printed plan' })).toBeVisible();
  await expect(app.exportMenu).toBeHidden();
  await expect(app.plans).toBeHidden();
  await expect(app.title).toBeHidden();
  await expect(page.getByRole('status').filter({ hasText: /Saved/ })).toBeHidden();
  await page.emulateMedia({ media: 'screen' });
  await expect(app.exportMenu).toBeVisible();
});

test('Export ▸ Print / PDF opens the browser\'s print dialog', async ({ page }) => {
  const app = new Planform(page);
  await app.open();
  await page.evaluate(() => { window.printed = 0; window.print = () => { window.printed += 1; }; });
  await app.exportMenu.click();
  await page.getByRole('menuitem', { name: 'Print / PDF' }).click();
  await expect.poll(() => page.evaluate(() => window.printed)).toBe(1);
});
