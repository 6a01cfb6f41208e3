import { test, expect } from '../fixtures.mjs';
import { Planform } from '../planform.mjs';

// A plan written the way its team writes, not the way Planform would: compact table, `*`
// bullets, `**Label**:` fields with backslash breaks, no blank line after the front matter.
const FILE = `---
owner: platform
---
# Technical Plan: Retry queue
**Spec**: SPEC-41\\
**Created**: 2026-10-01\\
**Last Updated**: 2026-10-02

## Problem Statement
Jobs that fail are lost.

## Goals
* Retry failed jobs
* Keep order per tenant

## Timeline

|Milestone|Date|Status|
|-|-|-|
|Design|2026-10-05|✅|
|Build|2026-11-01|⏳|
`;

/** The lines of `after` that are not in `before` and those of `before` not in `after`. */
function changedLines(before, after) {
  const a = before.split('\n');
  const b = after.split('\n');
  return { removed: a.filter((l) => !b.includes(l)), added: b.filter((l) => !a.includes(l)) };
}

test('an imported file, untouched, exports as it was, byte for byte', async ({ page }) => {
  const app = new Planform(page);
  await app.open();
  await app.importFile('retry-queue.md', FILE);
  await expect(app.title).toHaveValue('Retry queue');
  // The Markdown tab shows the file as written.
  await app.markdownTab.click();
  await expect(app.source).toHaveValue(FILE);
  await app.formTab.click();
  const { text } = await app.exportAs('Markdown (.md)');
  expect(text).toBe(FILE);
});

test('an edit in one section changes only that section (and the Last Updated stamp)', async ({ page }) => {
  const app = new Planform(page);
  await app.open();
  await app.importFile('retry-queue.md', FILE);
  await expect(app.title).toHaveValue('Retry queue');
  await app.problem.fill('Jobs that fail are lost, and nobody is told.');
  await app.saved();
  const { text } = await app.exportAs('Markdown (.md)');
  const { removed, added } = changedLines(FILE, text);
  expect(removed).toEqual(['**Last Updated**: 2026-10-02', 'Jobs that fail are lost.']);
  expect(added).toHaveLength(2);
  // The stamp is written as the file writes its fields.
  expect(added[0]).toMatch(/^\*\*Last Updated\*\*: \d{4}-\d{2}-\d{2}$/);
  expect(added[1]).toBe('Jobs that fail are lost, and nobody is told.');
  // The compact table, the bullets and the front matter are as written; so says the tab.
  expect(text).toContain('|Milestone|Date|Status|\n|-|-|-|\n|Design|2026-10-05|✅|');
  await app.markdownTab.click();
  await expect(app.source).toHaveValue(text);
});

test('a status picked in the form rewrites its row alone', async ({ page }) => {
  const app = new Planform(page);
  await app.open();
  await app.importFile('retry-queue.md', FILE);
  await expect(app.title).toHaveValue('Retry queue');
  await page.getByRole('combobox', { name: 'Timeline row 2 status' }).selectOption({ label: '🔄 In progress' });
  await app.saved();
  const { text } = await app.exportAs('Markdown (.md)');
  const { removed, added } = changedLines(FILE, text);
  expect(removed).toEqual(['**Last Updated**: 2026-10-02', '|Build|2026-11-01|⏳|']);
  expect(added.filter((l) => !l.startsWith('**Last Updated**'))).toEqual(['| Build | 2026-11-01 | 🔄 |']);
});
