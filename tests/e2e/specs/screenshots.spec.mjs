// Screenshots for the README: both themes, desktop and phone width (docs/screenshots/).
import { test, expect } from '../fixtures.mjs';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { Planform } from '../planform.mjs';

const out = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url));
const example = readFileSync(new URL('../../fixtures/markdown/finished-plan.md', import.meta.url), 'utf8');

for (const [name, viewport] of [['desktop', { width: 1440, height: 900 }], ['phone', { width: 360, height: 760 }]]) {
  for (const scheme of ['light', 'dark']) {
    test(`screenshot: ${name}, ${scheme}`, async ({ page }) => {
      await page.setViewportSize(viewport);
      await page.emulateMedia({ colorScheme: scheme });
      const app = new Planform(page);
      await app.open();
      await app.markdownTab.click();
      await app.source.fill(example);
      await app.formTab.click();
      await expect(app.title).not.toHaveValue('');
      await page.screenshot({ path: `${out}${name}-${scheme}.png` });
    });
  }
}
