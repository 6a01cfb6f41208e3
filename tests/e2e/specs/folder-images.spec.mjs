// An image that is a file of the open folder, next to the plan, shows in the preview: read
// through the folder (a blob: URL), never asked of the app's own server; the HTML export
// carries it inlined.
import { test, expect } from '../fixtures.mjs';
import { Planform } from '../planform.mjs';
import { openRepo, repoFiles } from '../folder.mjs';

const SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="120" height="40" fill="#0969da"/></svg>';

test('an image of the plan\'s folder shows in the preview, read from the folder', async ({ page }) => {
  const files = repoFiles();
  files['docs/plans/multi-region-orders.md'] += '\n![Order flow](img/flow.svg)\n';
  files['docs/plans/img/flow.svg'] = SVG;
  const asked = [];
  page.on('request', (r) => { if (/flow\.svg/.test(r.url())) asked.push(r.url()); });
  const app = new Planform(page);
  await openRepo(page, app, files);
  await page.getByRole('navigation', { name: 'Plans' }).getByRole('button', { name: /Multi-region orders/ }).click();
  const image = app.preview.getByRole('img', { name: 'Order flow' });
  await expect(image).toBeVisible();
  // The picture itself is shown (its own size), not a broken image.
  await expect.poll(() => image.evaluate((img) => img.naturalWidth)).toBe(120);
  expect(asked.every((u) => u.startsWith('blob:'))).toBe(true);

  // The HTML export carries the picture itself, so the file shows it anywhere.
  const { text } = await app.exportAs('HTML (.html)');
  const inlined = `src="data:image/svg+xml;base64,${Buffer.from(SVG).toString('base64')}"`;
  expect(text).toContain(`<img ${inlined} alt="Order flow"`);
});
