import { test, expect } from '../fixtures.mjs';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { Planform } from '../planform.mjs';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

// A real, filled plan, with what real plans have and the blank template has not: a code line
// and a table wider than the preview (both scroll sideways), front matter, a task list.
const finished = readFileSync(new URL('../../fixtures/markdown/finished-plan.md', import.meta.url), 'utf8');
const FILLED = `${finished}
## Appendix: wide things

\`\`\`sql
SELECT drafts.id, drafts.owner_id, drafts.body, drafts.updated_at, drafts.device_id, drafts.revision FROM drafts JOIN owners ON owners.id = drafts.owner_id WHERE drafts.updated_at > now() - interval '30 days';
\`\`\`

| Device | Browser | Network | Queue length | Replay time | Conflicts | Lost drafts | Notes from the field study |
|--------|---------|---------|--------------|-------------|-----------|-------------|----------------------------|
| Pixel 7 | Chrome 131 | 3G, flaky | 12 | 1.8 s | 0 | 0 | Replayed after the tunnel, in order |

\`\`\`mermaid
sequenceDiagram
  participant Editor
  participant Queue
  Editor->>Queue: save draft
  Queue-->>Editor: stored
\`\`\`
`;

// axe-core is injected as a script, which the app's Content-Security-Policy rightly refuses.
test.use({ bypassCSP: true });

/**
 * What axe finds that a person would be hindered by: every serious or critical violation, and
 * landmarks that repeat a name (a screen reader's list of landmarks would repeat them).
 */
async function violations(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }),
  );
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical' || v.id.startsWith('landmark-'))
    .map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

/**
 * Opens the app with the filled plan imported and edited twice, with a pause in editing
 * between (so History holds a version that differs from the plan now). The app's clock is
 * Playwright's: the pause is skipped over.
 */
async function openFilled(page, scheme) {
  await page.clock.install();
  await page.emulateMedia({ colorScheme: scheme });
  const app = new Planform(page);
  await app.open();
  await app.importFile('offline-drafts.md', FILLED);
  await expect(app.title).toHaveValue('Offline drafts');
  // The diagram drawn (its frame is part of what axe reads).
  await expect(app.preview.locator('figure.mermaid.drawn')).toHaveCount(1);
  await app.title.fill('Offline drafts, revised');
  await page.clock.runFor(3000);
  await app.problem.fill('Drafts are lost when the network drops mid-edit.');
  await page.clock.runFor(1000);
  await app.saved();
  return app;
}

for (const scheme of ['light', 'dark']) {
  test(`axe: the editor with a filled plan, every tab and panel (${scheme})`, async ({ page }) => {
    // Several full axe scans of the whole editor on two busy cores.
    test.slow();
    const app = await openFilled(page, scheme);
    await expect(app.preview.getByRole('cell', { name: 'Pixel 7' })).toBeVisible();
    expect(await violations(page), 'form tab').toEqual([]);
    await app.markdownTab.click();
    expect(await violations(page), 'markdown tab').toEqual([]);
    await app.formTab.click();
    await app.exportMenu.click();
    expect(await violations(page), 'export menu').toEqual([]);
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: /Health/ }).click();
    await expect(page.getByRole('region', { name: 'Health' })).toBeVisible();
    expect(await violations(page), 'health panel').toEqual([]);
    await page.getByRole('button', { name: /Health/ }).click();
    // The trash, with a plan in it.
    await app.newPlan.click();
    await app.title.fill('Short-lived');
    await page.clock.runFor(1000);
    await app.saved();
    await app.plans.getByRole('button', { name: 'Delete Short-lived' }).click();
    await page.getByRole('button', { name: /^Trash/ }).click();
    await expect(page.getByRole('region', { name: 'Trash' })).toBeVisible();
    expect(await violations(page), 'trash').toEqual([]);
  });

  test(`axe: every dialog over a filled plan (${scheme})`, async ({ page }) => {
    test.slow();
    await openFilled(page, scheme);

    await page.getByRole('button', { name: 'History', exact: true }).click();
    const history = page.getByRole('dialog', { name: 'History' });
    await history.getByRole('list', { name: 'Snapshots' }).getByRole('button').last().click();
    await expect(history.getByRole('region', { name: 'Differences from the current plan' })).toBeVisible();
    expect(await violations(page), 'history: changes').toEqual([]);
    await history.getByRole('button', { name: 'View' }).click();
    expect(await violations(page), 'history: view').toEqual([]);
    await page.keyboard.press('Escape');
    await expect(history).toBeHidden();

    await page.getByRole('button', { name: 'Templates', exact: true }).click();
    const templates = page.getByRole('dialog', { name: 'Templates' });
    await expect(templates).toBeVisible();
    expect(await violations(page), 'templates').toEqual([]);
    await page.keyboard.press('Escape');
    await expect(templates).toBeHidden();

    await page.getByRole('button', { name: 'Export' }).click();
    await page.getByRole('menuitem', { name: /Share link/ }).click();
    const share = page.getByRole('dialog', { name: 'Share link' });
    await expect(share).toBeVisible();
    expect(await violations(page), 'share link').toEqual([]);
    await page.keyboard.press('Escape');
    await expect(share).toBeHidden();

    await page.getByRole('button', { name: 'All plans' }).click();
    const index = page.getByRole('dialog', { name: 'All plans' });
    await expect(index.getByRole('table')).toBeVisible();
    expect(await violations(page), 'all plans').toEqual([]);
    await page.keyboard.press('Escape');
    await expect(index).toBeHidden();

    await page.getByRole('button', { name: 'Supersede', exact: true }).click();
    const supersede = page.getByRole('dialog', { name: 'New plan' });
    await expect(supersede.getByRole('textbox', { name: 'Title' })).toBeVisible();
    expect(await violations(page), 'new plan (supersede)').toEqual([]);
  });
}

test('a code block or table that scrolls sideways can be reached and scrolled from the keyboard', async ({ page }) => {
  const app = await openFilled(page, 'light');
  for (const block of [
    app.preview.getByText(/^SELECT drafts\.id/).locator('xpath=ancestor::pre'),
    app.preview.getByRole('table').filter({ hasText: 'Pixel 7' }).locator('xpath=..'),
  ]) {
    await block.focus();
    await expect(block).toBeFocused();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => block.evaluate((b) => b.scrollLeft)).toBeGreaterThan(0);
  }
});

test('axe finds no serious violation in the embedded editor and the viewer', async ({ page }) => {
  // Opened top-level here (nothing is posted: there is no parent); the page is the same framed.
  await page.goto(`./?mode=embed&origin=${encodeURIComponent('https://wiki.example.com')}&id=a11y`);
  const app = new Planform(page);
  await expect(app.title).toBeVisible();
  expect(await violations(page), 'embedded editor').toEqual([]);
  await page.goto(`./?mode=view&origin=${encodeURIComponent('https://wiki.example.com')}`);
  await expect(page.getByRole('status')).toContainText('Waiting for the page');
  expect(await violations(page), 'viewer waiting').toEqual([]);
});
