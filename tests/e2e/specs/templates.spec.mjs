import { test, expect } from '../fixtures.mjs';
import { Planform } from '../planform.mjs';

const POSTMORTEM = `<!-- planform: name Postmortem -->
# Postmortem: [Incident Title]

**Severity:** [SEV1-4]  
**Date:** YYYY-MM-DD

## Summary

[What happened, in two sentences]

## Investigations

### Investigation 1: [Question]

[What we looked at]

### Investigation 2: [Question]

[What we looked at]

## Action Items

- [ ] [Action 1]
- [ ] [Action 2]
`;

/** Opens the Templates dialog and adds a template from a file through its picker. */
const addTemplate = (page, name, text) => new Planform(page).addTemplate(name, text);

test('a team template from a file becomes a form, and a plan from it survives reload, export and re-import', async ({ page }) => {
  const app = new Planform(page);
  await app.open();
  const dialog = await addTemplate(page, 'postmortem.md', POSTMORTEM);
  await expect(dialog.getByRole('button', { name: 'New plan from Postmortem' })).toBeVisible();
  await dialog.getByRole('button', { name: 'New plan from Postmortem' }).click();
  await expect(dialog).toBeHidden();

  // Fields by their names: the title, a labelled field, a section's text.
  await app.title.fill('Queue stall');
  await page.getByRole('textbox', { name: 'Severity' }).fill('SEV2');
  await page.getByRole('textbox', { name: 'Summary', exact: true }).fill('The queue stalled for an hour.');
  // A repeated subsection grows.
  await page.getByRole('button', { name: 'Add investigation' }).click();
  await expect(app.preview.getByRole('heading', { name: /^Investigation 3/ })).toBeVisible();
  await expect(app.preview.getByRole('heading', { level: 1 })).toHaveText('Postmortem: Queue stall');
  await app.saved();
  const before = await app.markdown();
  expect(before).toContain('**Severity:** SEV2');
  expect(before).toContain('### Investigation 3');

  // Reload: the plan and its template are still there.
  await page.reload();
  await expect(app.title).toHaveValue('Queue stall');
  await expect(page.getByRole('textbox', { name: 'Severity' })).toHaveValue('SEV2');
  expect(await app.markdown()).toBe(before);

  // Markdown out and in: it imports under the same template, field for field.
  const { name, text } = await app.exportAs('Markdown (.md)');
  expect(text).toBe(before);
  await app.importFile(name, text);
  await expect(page.getByRole("note")).toContainText(`Imported ${name}`);
  // The postmortem and its import (the first visit's plan, never typed in, was not kept).
  await expect(app.plans.getByRole('listitem')).toHaveCount(2);
  await expect(page.getByRole('textbox', { name: 'Severity' })).toHaveValue('SEV2');
  expect(await app.markdown()).toBe(before);
});

test('a JSON export carries its team template into a browser that has never seen it', async ({ page, browser }) => {
  const app = new Planform(page);
  await app.open();
  const dialog = await addTemplate(page, 'postmortem.md', POSTMORTEM);
  await dialog.getByRole('button', { name: 'New plan from Postmortem' }).click();
  await page.getByRole('textbox', { name: 'Severity' }).fill('SEV1');
  await app.saved();
  const { name, text } = await app.exportAs('JSON (.json)');

  const fresh = await browser.newContext();
  const other = new Planform(await fresh.newPage());
  await other.open();
  await other.importFile(name, text, 'application/json');
  await expect(other.page.getByRole('textbox', { name: 'Severity' })).toHaveValue('SEV1');
  await fresh.close();
});

test('built-in templates start plans; the default, export, duplicate and delete with undo work', async ({ page }) => {
  const app = new Planform(page);
  await app.open();
  await page.getByRole('button', { name: 'Templates', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'Templates' });
  for (const name of ['Technical Plan', 'MADR', 'Rust RFC', 'Spec Kit Plan', 'Spec Kit Spec']) {
    await expect(dialog.getByRole('button', { name: `New plan from ${name}`, exact: true })).toBeVisible();
  }
  // Export a built-in as markdown.
  const { name, text } = await app.download(dialog.getByRole('button', { name: 'Export .md: MADR' }));
  expect(name).toBe('madr.md');
  expect(text).toContain('## Considered Options');

  // MADR becomes the default for New plan.
  await dialog.getByRole('button', { name: 'Default for new plans: MADR' }).click();
  await expect(dialog.getByRole('button', { name: 'Default for new plans: MADR' })).toHaveAttribute('aria-pressed', 'true');
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await app.newPlan.click();
  await expect(app.preview.getByRole('heading', { name: 'Considered Options' })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Context and Problem Statement' })).toBeVisible();

  // Duplicate a built-in: the editor shows the form it makes as one types; save; delete; undo.
  await page.getByRole('button', { name: 'Templates', exact: true }).click();
  await dialog.getByRole('button', { name: 'Duplicate Rust RFC' }).click();
  const source = dialog.getByRole('textbox', { name: 'Template markdown' });
  const form = dialog.getByRole('region', { name: 'Form preview' });
  await expect(form).toContainText('Rust RFC copy');
  await source.fill(`${await source.inputValue()}\n## Security Review\n\n- [ ] Threat model reviewed\n`);
  await expect(form).toContainText('Security Review');
  await dialog.getByRole('button', { name: 'Save template' }).click();
  await expect(dialog.getByRole('button', { name: 'New plan from Rust RFC copy' })).toBeVisible();
  await dialog.getByRole('button', { name: 'Delete Rust RFC copy' }).click();
  await expect(dialog.getByRole('button', { name: 'New plan from Rust RFC copy' })).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Undo' }).click();
  await expect(dialog.getByRole('button', { name: 'New plan from Rust RFC copy' })).toBeVisible();
});

test('a share link carries its team template: a fresh browser shows and saves the plan as that form', async ({ page, browser }) => {
  const app = new Planform(page);
  await app.open();
  const dialog = await addTemplate(page, 'postmortem.md', POSTMORTEM);
  await dialog.getByRole('button', { name: 'New plan from Postmortem' }).click();
  await app.title.fill('Disk full');
  await page.getByRole('textbox', { name: 'Severity' }).fill('SEV3');
  await app.saved();
  await app.exportMenu.click();
  await page.getByRole('menuitem', { name: 'Share link…' }).click();
  const share = page.getByRole('dialog', { name: 'Share link' });
  const link = await share.getByRole('textbox', { name: 'Share link' }).inputValue();
  expect(link).toMatch(/#plan=2\.[A-Za-z0-9_-]+$/);

  const fresh = await browser.newContext();
  const viewer = await fresh.newPage();
  await viewer.goto(link);
  await expect(viewer.getByRole('region', { name: 'Preview' }).getByRole('heading', { level: 1 })).toHaveText('Postmortem: Disk full');
  await viewer.getByRole('button', { name: 'Save a copy to my plans' }).click();
  await expect(viewer.getByRole('textbox', { name: 'Severity' })).toHaveValue('SEV3');
  await fresh.close();
});

test('a plan switches to another template without losing a word, and Undo switches back', async ({ page }) => {
  const app = new Planform(page);
  await app.open();
  await app.title.fill('Offline drafts');
  await app.problem.fill('Drafts vanish when the network drops.');
  const before = await app.markdown();
  await page.getByRole('button', { name: 'Templates', exact: true }).click();
  await page.getByRole('dialog', { name: 'Templates' }).getByRole('button', { name: 'Use for this plan: MADR' }).click();
  await expect(app.preview).toContainText('Drafts vanish when the network drops.');
  const switched = await app.markdown();
  for (const word of before.match(/[\p{L}\p{N}]+/gu)) expect(switched).toContain(word);
  await page.getByRole('button', { name: 'Undo' }).click();
  expect(await app.markdown()).toBe(before);
});

test('a backup brings the team templates along into a fresh browser', async ({ page, browser }) => {
  const app = new Planform(page);
  await app.open();
  const dialog = await addTemplate(page, 'postmortem.md', POSTMORTEM);
  await dialog.getByRole('button', { name: 'New plan from Postmortem' }).click();
  await app.title.fill('Backed up stall');
  await page.getByRole('textbox', { name: 'Severity' }).fill('SEV4');
  await app.saved();
  const { name, text } = await app.exportAs('Backup of all plans (.json)');

  const fresh = await browser.newContext();
  const other = new Planform(await fresh.newPage());
  await other.open();
  await other.importFile(name, text, 'application/json');
  // The first visit's plan, never typed in, was not kept: the postmortem alone.
  await expect(other.page.getByRole('alert')).toContainText('1 added');
  await other.plans.getByRole('button', { name: /^Backed up stall/ }).click();
  await expect(other.page.getByRole('textbox', { name: 'Severity' })).toHaveValue('SEV4');
  await other.page.getByRole('button', { name: 'Templates', exact: true }).click();
  await expect(other.page.getByRole('dialog', { name: 'Templates' }).getByRole('button', { name: 'New plan from Postmortem' })).toBeVisible();
  await fresh.close();
});

test('a hostile template gives a safe form: its markup is text, nothing runs, and the export has no script', async ({ page }) => {
  const dialogs = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    d.dismiss().catch(() => {});
  });
  const hostile = [
    '<!-- planform: name <img src=x onerror="window.__pwned=1"> -->',
    '# <script>window.__pwned=1</script>Incident: [Title <b onclick="window.__pwned=1">x</b>]',
    '',
    '**<img src=x onerror="window.__pwned=1">Severity:** [<script>window.__pwned=1</script>]',
    '',
    '## <svg onload="window.__pwned=1">Summary',
    '',
    '[<iframe src="javascript:window.__pwned=1"></iframe>]',
    '',
    `| ${Array.from({ length: 500 }, (_, i) => `c${i}`).join(' | ')} |`,
    `|${'---|'.repeat(500)}`,
    `| ${Array.from({ length: 500 }, () => 'x').join(' | ')} |`,
    '',
  ].join('\n');
  const app = new Planform(page);
  await app.open();
  const dialog = await addTemplate(page, 'hostile.md', hostile);
  const start = dialog.getByRole('button', { name: /^New plan from / });
  await expect(start).toHaveCount(6);
  await start.last().click();
  await expect(app.preview.getByRole('heading', { level: 1 })).toBeVisible();
  const { text } = await app.exportAs('HTML (.html)');
  // The template's markup is only ever text (escaped inside the embedded markdown).
  expect(text).not.toMatch(/<script>window|<[a-z]+[^<>]*\son(error|load|click)=/i);
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
  expect(await page.locator('.form script, .form img, .form svg, .form iframe').count()).toBe(0);
  expect(dialogs).toEqual([]);
});
