// While the app downloads (about 400 KB gzip over a slow link), the page says it is loading
// instead of staying blank; the line goes once the app runs.
import { test, expect } from '../fixtures.mjs';
import { Planform } from '../planform.mjs';

test('a loading line shows until the app starts, then goes', async ({ page }) => {
  let release;
  const held = new Promise((resolve) => { release = resolve; });
  await page.route('**/*.wasm', async (route) => {
    await held;
    await route.continue();
  });
  await page.goto('./', { waitUntil: 'domcontentloaded' });
  await expect(page.getByText('Loading Planform…')).toBeVisible();
  release();
  const app = new Planform(page);
  await expect(app.title).toBeVisible();
  await expect(page.getByText('Loading Planform…')).toHaveCount(0);
});
