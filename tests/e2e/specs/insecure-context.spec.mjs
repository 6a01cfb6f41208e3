// Served over plain http from another machine (not localhost), a page is not a secure context:
// `navigator.serviceWorker`, `navigator.clipboard` and `navigator.storage` are missing. The app
// must open and work (online only), and copying must say why it cannot.
import { test, expect } from '../fixtures.mjs';
import { Planform } from '../planform.mjs';

test('without secure-context APIs the app opens, edits, saves and explains copying', async ({ page, context }) => {
  await context.addInitScript(() => {
    for (const name of ['serviceWorker', 'clipboard', 'storage']) {
      Object.defineProperty(Navigator.prototype, name, { configurable: true, get: () => undefined });
    }
  });
  const app = new Planform(page);
  await app.open();
  await app.title.fill('Over plain http');
  await app.saved();
  await expect(app.preview.getByRole('heading', { level: 1 })).toHaveText('Technical Plan: Over plain http');
  await app.exportMenu.click();
  await page.getByRole('menuitem', { name: 'Copy markdown' }).click();
  await expect(page.getByText('Could not copy: this page has no clipboard access')).toBeVisible();
  await page.reload();
  await expect(app.title).toHaveValue('Over plain http');
});
