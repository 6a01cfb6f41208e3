import { test, expect } from '../fixtures.mjs';
import { readFileSync } from 'node:fs';
import { Planform } from '../planform.mjs';

const realistic = readFileSync(new URL('../../fixtures/markdown/finished-plan.md', import.meta.url), 'utf8');

test('?mode=view shows the plan read-only, with no library or editing chrome, touching no storage', async ({ page, context }) => {
  const app = new Planform(page);
  await app.open();
  await app.markdownTab.click();
  await app.source.fill(realistic);
  await app.exportMenu.click();
  await page.getByRole('menuitem', { name: 'Share link…' }).click();
  const link = await page.getByRole('dialog', { name: 'Share link' }).getByRole('textbox', { name: 'Share link' }).inputValue();
  const fragment = link.slice(link.indexOf('#'));

  await page.keyboard.press('Escape');
  // The editor's own writes are over (its record is written once typing pauses).
  await app.saved();
  const stored = () => page.evaluate(() => JSON.stringify(Object.entries(localStorage).sort()));
  const before = await stored();
  const viewer = await context.newPage();
  await viewer.goto(`./?mode=view${fragment}`);
  const preview = viewer.getByRole('region', { name: 'Preview' });
  await expect(preview.getByRole('heading', { level: 1 })).toHaveText('Technical Plan: Offline drafts');
  await expect(viewer.getByRole('navigation', { name: 'Plans' })).toHaveCount(0);
  await expect(viewer.getByRole('textbox')).toHaveCount(0);
  await expect(viewer.getByRole('button')).toHaveCount(0);
  expect(await stored()).toBe(before);

  const empty = await context.newPage();
  await empty.goto('./?mode=view');
  await expect(empty.getByRole('alert')).toContainText('no plan was given');
});
