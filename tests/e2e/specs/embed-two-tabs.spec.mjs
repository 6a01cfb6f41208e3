// The same wiki page open in two tabs: an edit in one tab's embedded editor is followed live by
// the other (which was idle), and that tab's host page hears of it through `change` too.
import { test, expect } from '../fixtures.mjs';
import { Planform } from '../planform.mjs';
import { wikiURL } from '../playwright.config.mjs';

test.use({ hostOrigins: [new URL(wikiURL).origin] });

test('an idle tab of the same embedded document follows the other and tells its host', async ({ context, baseURL }) => {
  const host = `${wikiURL}host.html?app=${encodeURIComponent(baseURL)}`;
  const one = await context.newPage();
  await one.goto(host);
  await expect(one.getByRole('status')).toHaveText('Loaded');
  const two = await context.newPage();
  await two.goto(host);
  await expect(two.getByRole('status')).toHaveText('Loaded');

  const editorOne = new Planform(one.getByTitle('Planform editor').contentFrame());
  const editorTwo = new Planform(two.getByTitle('Planform editor').contentFrame());
  await editorOne.problem.fill('Edited in the first tab.');
  await expect(editorTwo.problem).toHaveValue('Edited in the first tab.');
  await expect(two.getByRole('textbox', { name: 'Latest markdown from the editor' })).toHaveValue(/Edited in the first tab\./);
});
