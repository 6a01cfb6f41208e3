// An embedded editor keeps a draft per host origin and embed id: edits the host never received
// (the page was closed first) come back when the host loads the same document again, with the
// choice to use the page's version. A bad embed URL says what is wrong.
import { test, expect } from '../fixtures.mjs';
import { Planform } from '../planform.mjs';
import { wikiURL } from '../playwright.config.mjs';

test.use({ hostOrigins: [new URL(wikiURL).origin] });

test('an unsent draft is restored and sent to the host, or dropped for the page’s version', async ({ context, baseURL }) => {
  const host = `${wikiURL}host.html?app=${encodeURIComponent(baseURL)}`;
  const first = await context.newPage();
  await first.goto(host);
  let editor = new Planform(first.getByTitle('Planform editor').contentFrame());
  await expect(first.getByRole('status')).toHaveText('Loaded');
  await editor.problem.fill('Words the wiki never saved.');
  await first.close();

  const second = await context.newPage();
  await second.goto(host);
  const frame = second.getByTitle('Planform editor').contentFrame();
  editor = new Planform(frame);
  const notice = frame.getByRole('status', { name: 'Draft restored' });
  await expect(notice).toContainText('Your unsent draft was restored');
  await expect(editor.problem).toHaveValue('Words the wiki never saved.');
  await expect(second.getByRole('textbox', { name: 'Latest markdown from the editor' })).toHaveValue(/Words the wiki never saved\./);

  await notice.getByRole('button', { name: "Use the page's version" }).click();
  await expect(notice).toHaveCount(0);
  await expect(editor.problem).toHaveValue('Field engineers lose drafts when the connection drops.');
  await frame.getByRole('button', { name: 'Undo' }).click();
  await expect(editor.problem).toHaveValue('Words the wiki never saved.');
});

test('an embed URL without a valid host origin or id says what is wrong', async ({ page }) => {
  await page.goto('./?mode=embed');
  await expect(page.getByRole('alert')).toContainText('must name its origin');
  await page.goto(`./?mode=embed&origin=${encodeURIComponent('https://wiki.example.com/page')}`);
  await expect(page.getByRole('alert')).toContainText('is not an origin');
  await page.goto('./?mode=view&origin=javascript:alert(1)');
  await expect(page.getByRole('alert')).toContainText('is not an origin');
  await page.goto(`./?mode=embed&origin=https://wiki.example.com&id=${'x'.repeat(200)}`);
  await expect(page.getByRole('alert')).toContainText('embed id');
  await expect(page.getByRole('navigation', { name: 'Plans' })).toHaveCount(0);
});
