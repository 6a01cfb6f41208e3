import { test, expect } from '../fixtures.mjs';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { Planform } from '../planform.mjs';

const realistic = readFileSync(new URL('../../fixtures/markdown/finished-plan.md', import.meta.url), 'utf8');

async function makeLink(app, markdown) {
  await app.markdownTab.click();
  await app.source.fill(markdown);
  await app.formTab.click();
  await app.exportMenu.click();
  await app.page.getByRole('menuitem', { name: 'Share link…' }).click();
  return app.page.getByRole('dialog', { name: 'Share link' });
}

test('a share link opens read-only in a fresh browser and saves a copy only when asked', async ({ page, browser }) => {
  const app = new Planform(page);
  await app.open();
  const dialog = await makeLink(app, realistic);
  const link = await dialog.getByRole('textbox', { name: 'Share link' }).inputValue();
  expect(link).toMatch(/#plan=1\.[A-Za-z0-9_-]+$/);
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  const expected = await app.markdown();

  const fresh = await browser.newContext();
  const viewer = await fresh.newPage();
  const requests = [];
  viewer.on('request', (r) => requests.push(r.url()));
  await viewer.goto(link);
  await expect(viewer.getByRole('region', { name: 'Preview' }).getByRole('heading', { level: 1 })).toHaveText('Technical Plan: Offline drafts');
  await expect(viewer.getByRole('textbox')).toHaveCount(0); // read-only
  expect(requests.every((u) => !u.includes('plan='))).toBe(true); // the fragment never leaves the browser
  // Viewing stored nothing.
  expect(await viewer.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('planform:plan:')).length)).toBe(0);
  await viewer.getByRole('button', { name: 'Save a copy to my plans' }).click();
  const other = new Planform(viewer);
  await expect(other.title).toHaveValue('Offline drafts');
  expect(await other.markdown()).toBe(expected);
  await expect(other.plans.getByRole('listitem')).toHaveCount(1);
  expect(viewer.url()).not.toContain('#plan=');
  await fresh.close();
});

test('a truncated link says so and opens the normal app', async ({ page }) => {
  const app = new Planform(page);
  await app.open();
  const dialog = await makeLink(app, realistic);
  const link = await dialog.getByRole('textbox', { name: 'Share link' }).inputValue();
  await page.goto(link.slice(0, link.length - 40));
  await page.reload();
  await expect(page.getByRole('alert', { name: 'Share link' })).toContainText('damaged or incomplete');
  await expect(app.title).toBeVisible();
});

test('a plan too long for a link is refused with a file export offered', async ({ page }) => {
  const app = new Planform(page);
  await app.open();
  const noise = randomBytes(60000).toString('base64'); // incompressible
  const dialog = await makeLink(app, `# Technical Plan: Huge\n\n## Notes\n\n${noise}\n`);
  await expect(dialog.getByRole('alert')).toContainText('export it as a file instead');
  await expect(dialog.getByRole('button', { name: 'Export markdown file' })).toBeVisible();
});
