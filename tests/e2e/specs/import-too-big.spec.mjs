import { test, expect } from '../fixtures.mjs';
import { Planform } from '../planform.mjs';

test('a file over 16 MB is refused before it is read, and nothing changes', async ({ page }) => {
  const app = new Planform(page);
  await app.open();
  await app.title.fill('Kept as it is');
  await app.saved();
  // Plans and the library, not the revision history (a snapshot lands when typing pauses).
  const stored = () => page.evaluate(() => JSON.stringify(Object.entries(localStorage).filter(([k]) => !k.startsWith('planform:history:')).sort()));
  const before = await stored();

  await app.importFile('huge.md', `# Technical Plan: Huge\n\n${'word '.repeat(3_400_000)}`);
  await expect(page.getByRole('alert')).toContainText('huge.md is too big to import (17 MB; the limit is 16 MB). Nothing was changed.');
  await expect(app.plans.getByRole('listitem')).toHaveCount(1);
  await expect(app.title).toHaveValue('Kept as it is');
  expect(await stored()).toBe(before);
});

test('after an import the hint says what happened, not how to start', async ({ page }) => {
  const app = new Planform(page);
  await app.open();
  const hint = page.getByRole('note');
  await expect(hint).toContainText('A new plan from the Technical Plan template');
  await app.importFile('notes.md', '# Technical Plan: Imported notes\n\n## Problem Statement\n\nSlow pages.\n\n## Appendix\n\nKept.\n');
  await expect(hint).toContainText('Imported notes.md as a new plan: 3 sections read.');
  await expect(hint).not.toContainText('Technical Plan template');
  await expect(app.title).toHaveValue('Imported notes');
});
