// A page on a third origin that frames the editor with the wiki's embed URL gets nothing: its
// messages are ignored and nothing is posted to it. Framing it under its own origin gives it a
// document of its own, never the wiki's draft.
import { test, expect } from '../fixtures.mjs';
import { Planform } from '../planform.mjs';
import { otherURL, wikiURL } from '../playwright.config.mjs';

const wikiOrigin = new URL(wikiURL).origin;
const otherOrigin = new URL(otherURL).origin;
test.use({ hostOrigins: [wikiOrigin, otherOrigin] });

test('messages from a third origin are ignored and it receives nothing', async ({ page, context, baseURL }) => {
  // The wiki's embedded document, with words only the wiki should ever see.
  const wiki = await context.newPage();
  await wiki.goto(`${wikiURL}host.html?app=${encodeURIComponent(baseURL)}`);
  const wikiEditor = new Planform(wiki.getByTitle('Planform editor').contentFrame());
  await expect(wiki.getByRole('status')).toHaveText('Loaded');
  await wikiEditor.problem.fill('Wiki-only words.');
  await expect(wiki.getByRole('textbox', { name: 'Latest markdown from the editor' })).toHaveValue(/Wiki-only words/);
  await wiki.close();

  // Another site copies the wiki's embed URL (naming the wiki's origin) and tries to drive it.
  await page.goto(`${otherURL}third.html?app=${encodeURIComponent(baseURL)}&origin=${encodeURIComponent(wikiOrigin)}`);
  const frame = page.getByTitle('Embedded Planform').contentFrame();
  const editor = new Planform(frame);
  await expect(editor.title).toBeVisible();
  await page.getByRole('button', { name: 'Send messages' }).click();
  await page.getByRole('button', { name: 'Send messages' }).click();
  const got = page.getByRole('list', { name: 'Messages received' }).getByRole('listitem');
  // Give any answer time to arrive (the editor answers `get` at once when it answers at all).
  await page.waitForTimeout(1000);
  await expect(got).toHaveCount(0);
  await expect(frame.getByText('Hijacked by another site')).toHaveCount(0);

  // Under its own origin the site gets an editor of its own: a fresh document, not the wiki's draft.
  await page.goto(`${otherURL}third.html?app=${encodeURIComponent(baseURL)}&origin=${encodeURIComponent(otherOrigin)}`);
  await expect(got).toHaveCount(1);
  await expect(got).toContainText('"type":"ready"');
  await expect(editor.problem).toHaveValue('');
  await expect(frame.getByText('Wiki-only words.')).toHaveCount(0);
  await page.getByRole('button', { name: 'Send messages' }).click();
  await expect(got.filter({ hasText: '"type":"markdown"' }).first()).toBeVisible();
  const answers = await got.allTextContents();
  expect(answers.join('\n')).not.toContain('Wiki-only words');
  await expect(frame.getByRole('region', { name: 'Preview' })).toContainText('Hijacked by another site');
});
