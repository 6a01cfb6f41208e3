import { test, expect } from '../fixtures.mjs';
import { Planform } from '../planform.mjs';

test('a new plan reads as progress; real problems are grouped by section with counts', async ({ page }) => {
  const app = new Planform(page);
  await app.open();
  const toggle = page.getByRole('button', { name: /^Health: \d+ of \d+ fields filled/ });
  await expect(toggle).not.toContainText('error');
  await toggle.click();
  const panel = page.getByRole('region', { name: 'Health' });
  await expect(panel.getByRole('heading', { name: 'Health', level: 2 })).toBeVisible();
  await expect(panel).not.toContainText('error:');
  const goals = panel.getByRole('group', { name: 'Goals', exact: true });
  await expect(goals.getByRole('button', { name: /^\d+ fields? to fill$/ })).toBeVisible();

  // A field to fill jumps to it.
  await goals.getByRole('button', { name: /fields? to fill$/ }).click();
  await expect(page.getByRole('textbox', { name: /^Goals item 1$/ })).toBeFocused();

  // A real problem: counted and grouped under its section.
  await app.markdownTab.click();
  const md = await app.source.inputValue();
  await app.source.fill(md.replace('**Created:** ' + md.match(/\*\*Created:\*\* (\S+)/)[1], '**Created:** 2026-02-30'));
  await app.formTab.click();
  await expect(toggle).toContainText('1 error');
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
  const header = panel.locator('section.health-group').first();
  await expect(header.getByRole('heading', { level: 3 })).toContainText('1 error');
  await expect(header.getByRole('button', { name: /^error: .*2026-02-30/ })).toBeVisible();
});
