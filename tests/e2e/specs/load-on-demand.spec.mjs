// Dialogs, exports and the folder code are fetched the first time they are used (split
// modules). One that cannot be fetched is said in words, and the app goes on.
import { test, expect } from '../fixtures.mjs';
import { Planform } from '../planform.mjs';

// No service worker: the page's own requests are the ones that fail.
test.use({ serviceWorkers: 'block' });

test('a dialog whose module cannot be fetched says so; the app goes on, and a retry opens it', async ({ page }) => {
  const history = /\/split_history-[0-9a-f]+\.wasm$/;
  await page.route(history, (route) => route.abort('internetdisconnected'));
  const app = new Planform(page);
  await app.open();
  await page.getByRole('button', { name: 'History', exact: true }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Could not open the dialog' }))
    .toContainText('could not be loaded (is the network down?)');
  await expect(page.getByRole('dialog', { name: 'History' })).toBeHidden();

  await app.title.fill('Written while the network was down');
  await app.saved();

  await page.unroute(history);
  await page.getByRole('button', { name: 'History', exact: true }).click();
  await expect(page.getByRole('dialog', { name: 'History' })).toBeVisible();
});

test('a start without a dialog, export or folder fetches none of their modules', async ({ page }) => {
  const fetched = [];
  page.on('request', (r) => { if (/\/(split|chunk)_[a-z_0-9]+-[0-9a-f]+\.wasm$/.test(r.url())) fetched.push(r.url()); });
  const app = new Planform(page);
  await app.open();
  await app.title.fill('Just typing');
  await app.saved();
  // The template's plan shows code: the highlighter (and the chart drawing) come, nothing else.
  await expect(app.preview.locator('pre code.language-sql .pl-k').first()).toBeVisible();
  expect(fetched.filter((u) => /\/split_/.test(u)).map((u) => u.replace(/^.*\/(split_[a-z_]+)-.*$/, '$1'))).toEqual(['split_painters']);
  fetched.length = 0;
  await page.getByRole('button', { name: 'All plans' }).click();
  await expect(page.getByRole('dialog', { name: 'All plans' })).toBeVisible();
  expect(fetched.some((u) => /split_index-/.test(u))).toBe(true);
});

test('a plan without code or dates fetches no module at start', async ({ page }) => {
  const app = new Planform(page);
  await app.open();
  await app.importFile('plain.md', '# Technical Plan: Plain\n\n## Problem Statement\n\nWords only.\n\n| Item | Owner |\n| --- | --- |\n| Schema | Ana |\n');
  await expect(app.preview.getByText('Words only.')).toBeVisible();
  const fetched = [];
  page.on('request', (r) => { if (/\/(split|chunk)_[a-z_0-9]+-[0-9a-f]+\.wasm$/.test(r.url())) fetched.push(r.url()); });
  await page.reload();
  await expect(app.preview.getByText('Words only.')).toBeVisible();
  await expect(app.preview.getByRole('cell', { name: 'Ana' })).toBeVisible();
  await app.title.fill('Still plain');
  await app.saved();
  expect(fetched).toEqual([]);
});

test('highlighting that cannot be fetched leaves the code plain and the app working', async ({ page }) => {
  await page.route(/\/split_painters-[0-9a-f]+\.wasm$/, (route) => route.abort('internetdisconnected'));
  const app = new Planform(page);
  await app.open();
  await expect(app.preview.locator('pre code.language-sql').first()).toContainText('CREATE TABLE');
  await expect(app.preview.locator('pre code.language-sql .pl-k')).toHaveCount(0);
  await app.title.fill('Typed without the highlighter');
  await app.saved();
  await expect(app.preview.getByRole('heading', { name: 'Typed without the highlighter' })).toBeVisible();
});

test('Escape while a dialog is still being fetched dismisses it: it does not pop up later', async ({ page }) => {
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route(/\/split_history-[0-9a-f]+\.wasm$/, async (route) => { await held; await route.continue(); });
  const app = new Planform(page);
  await app.open();
  const opened = page.waitForRequest(/\/split_history-[0-9a-f]+\.wasm$/);
  await page.getByRole('button', { name: 'History', exact: true }).click();
  await opened;
  await page.keyboard.press('Escape');
  release();
  await page.waitForResponse(/\/split_history-[0-9a-f]+\.wasm$/);
  // Typing goes on in the plan; the dialog never appears.
  await app.title.fill('Still here');
  await app.saved();
  await expect(page.getByRole('dialog', { name: 'History' })).toHaveCount(0);
});
