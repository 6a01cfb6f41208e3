// The example wiki page (examples/embed/host.html, on a second origin) embeds the editor and a
// read-only viewer: it loads its document, edits reach it through `change`, `get` answers with
// the markdown, and the embedded editor never shows or touches the user's own plan library.
import { test, expect } from '../fixtures.mjs';
import { Planform } from '../planform.mjs';
import { wikiURL } from '../playwright.config.mjs';

test.use({ hostOrigins: [new URL(wikiURL).origin] });

const library = (page) => page.evaluate(() =>
  JSON.stringify(Object.entries(localStorage).filter(([k]) => !k.startsWith('planform:embed')).sort()));

test('a wiki page on another origin loads a plan, hears edits, gets the markdown; no library in sight', async ({ page, context, baseURL }) => {
  // The user's own library, in the first-party app.
  const own = new Planform(page);
  await own.open();
  await own.title.fill('Secret roadmap');
  await own.saved();
  // Read storage from a page that never writes it (the viewer), once the app's tab is closed
  // (its revision history takes a snapshot when typing pauses).
  await page.close();
  const reader = await context.newPage();
  await reader.goto('./?mode=view');
  const before = await library(reader);

  const wiki = await context.newPage();
  await wiki.goto(`${wikiURL}host.html?app=${encodeURIComponent(baseURL)}`);
  const frame = wiki.getByTitle('Planform editor').contentFrame();
  const editor = new Planform(frame);
  await expect(wiki.getByRole('status')).toHaveText('Loaded');
  await expect(editor.title).toHaveValue('Offline drafts');
  await expect(editor.problem).toHaveValue('Field engineers lose drafts when the connection drops.');

  // No library, trash, history, backups or share links in the embedded editor.
  await expect(frame.getByRole('navigation', { name: 'Plans' })).toHaveCount(0);
  await expect(frame.getByText('Secret roadmap')).toHaveCount(0);
  await expect(frame.getByRole('button', { name: 'New plan' })).toHaveCount(0);
  await expect(frame.getByRole('button', { name: 'History' })).toHaveCount(0);
  await editor.exportMenu.click();
  await expect(frame.getByRole('menuitem', { name: 'Markdown (.md)' })).toBeVisible();
  await expect(frame.getByRole('menuitem', { name: /Backup|Share/ })).toHaveCount(0);
  await wiki.keyboard.press('Escape');

  // Edits reach the host through `change` (debounced), and the host's viewer follows.
  await editor.problem.fill('Field engineers lose drafts when the train enters a tunnel.');
  const live = wiki.getByRole('textbox', { name: 'Latest markdown from the editor' });
  await expect(live).toHaveValue(/when the train enters a tunnel\./);
  await expect(wiki.getByRole('status')).toHaveText('Unsaved changes');
  const viewer = wiki.getByTitle('Planform viewer').contentFrame();
  await expect(viewer.getByRole('region', { name: 'Preview' })).toContainText('when the train enters a tunnel.');
  await expect(viewer.getByRole('textbox')).toHaveCount(0);
  const changes = await wiki.getByRole('list', { name: 'Messages received' }).getByText('editor: change').count();
  expect(changes).toBeLessThanOrEqual(2);

  // `get` → `markdown` with the request's id: the page saves exactly what the editor holds.
  await wiki.getByRole('button', { name: 'Save page' }).click();
  await expect(wiki.getByRole('status')).toHaveText('Saved');
  const savedDoc = await wiki.getByRole('textbox', { name: 'Saved document' }).inputValue();
  expect(savedDoc).toContain('# Technical Plan: Offline drafts');
  expect(savedDoc).toContain('when the train enters a tunnel.');
  expect(savedDoc).toBe(await live.inputValue());

  // `load` replaces the document.
  await wiki.getByRole('button', { name: 'Revert to saved' }).click();
  await expect(editor.problem).toHaveValue('Field engineers lose drafts when the train enters a tunnel.');

  // The library is exactly as it was.
  expect(await library(reader)).toBe(before);
  const app = new Planform(reader);
  await app.open();
  await expect(app.title).toHaveValue('Secret roadmap');
});
