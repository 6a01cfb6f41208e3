import { test, expect } from '../fixtures.mjs';
import { Planform } from '../planform.mjs';

// The tab dies while typing, with no chance to run unload handlers or timers (its renderer
// process is killed, as in a crash); every typed key is kept.
test('a tab killed mid-typing loses nothing', async ({ context }) => {
  const page = await context.newPage();
  const app = new Planform(page);
  await app.open();
  await app.problem.click();
  await page.keyboard.type('Typed right up to the end');

  // Only this tab's renderer crashes (killing every renderer process by pid also took the spare
  // one Chromium keeps ready, and the next page then came up crashed: a flake in CI).
  const crashed = new Promise((resolve) => page.once('crash', resolve));
  const cdp = await context.newCDPSession(page);
  cdp.send('Page.crash').catch(() => {});
  await crashed;

  const again = await context.newPage();
  const reopened = new Planform(again);
  await reopened.open();
  await expect(reopened.problem).toHaveValue('Typed right up to the end');
});

test('a tab closed mid-typing without unload handlers loses nothing', async ({ context }) => {
  const page = await context.newPage();
  const app = new Planform(page);
  await app.open();
  await app.problem.click();
  await page.keyboard.type('Closed right after this');
  await page.close({ runBeforeUnload: false });
  const again = new Planform(await context.newPage());
  await again.open();
  await expect(again.problem).toHaveValue('Closed right after this');
});
