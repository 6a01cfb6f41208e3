// A browser that blocks site data (or third-party storage, for the app framed by a wiki on
// another site) makes the `localStorage` getter throw. The app must still open and edit, say
// that nothing is stored, and export; framed, its edits still reach the host page.
import { test, expect } from '../fixtures.mjs';
import { Planform } from '../planform.mjs';
import { wikiURL } from '../playwright.config.mjs';

test.use({ hostOrigins: [new URL(wikiURL).origin] });

/** Makes `localStorage` throw, as a blocking browser does, in every frame at `origin`. */
async function blockStorage(context, origin) {
  await context.addInitScript((blocked) => {
    if (location.origin !== blocked) return;
    Object.defineProperty(window, 'localStorage', {
      configurable: true,
      get() { throw new DOMException('The operation is insecure.', 'SecurityError'); },
    });
  }, origin);
}

test('with storage blocked the app still edits and exports, and says nothing is stored', async ({ page, context, baseURL }) => {
  await blockStorage(context, new URL(baseURL).origin);
  const app = new Planform(page);
  await app.open();
  await app.title.fill('Kept in memory only');
  await expect(app.preview.getByRole('heading', { level: 1 })).toHaveText('Technical Plan: Kept in memory only');
  await expect(page.getByRole('status').filter({ hasText: 'Not saved' })).toContainText('storage is not available');
  const { text } = await app.exportAs('Markdown (.md)');
  expect(text).toContain('# Technical Plan: Kept in memory only');
});

test('embedded with storage blocked, edits still reach the host page', async ({ context, baseURL }) => {
  await blockStorage(context, new URL(baseURL).origin);
  const wiki = await context.newPage();
  await wiki.goto(`${wikiURL}host.html?app=${encodeURIComponent(baseURL)}`);
  const editor = new Planform(wiki.getByTitle('Planform editor').contentFrame());
  await expect(wiki.getByRole('status')).toHaveText('Loaded');
  await expect(editor.title).toHaveValue('Offline drafts');
  await editor.problem.fill('Typed with storage blocked.');
  await expect(wiki.getByRole('textbox', { name: 'Latest markdown from the editor' })).toHaveValue(/Typed with storage blocked\./);
  await wiki.getByRole('button', { name: 'Save page' }).click();
  await expect(wiki.getByRole('textbox', { name: 'Saved document' })).toHaveValue(/Typed with storage blocked\./);
});
