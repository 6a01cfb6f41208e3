// A table with a date column (the Technical Plan's Timeline) is drawn under it as a chart.
import { test, expect } from '../fixtures.mjs';
import { Planform } from '../planform.mjs';

const PLAN = `# Technical Plan: Retry queue

## Timeline

| Milestone | Date | Status |
|-----------|------|--------|
| Design complete | 2026-01-10 | ✅ |
| Development start | 2026-02-01 | 🔄 |
| Testing complete | 2026-04-15 | ⏳ |
| Production deploy | TBD | ⏳ |

## Dependencies

| Library | Version | Purpose |
|---------|---------|---------|
| serde | 1.0 | Records |
`;

test('the timeline table is drawn as a chart with today marked, in the preview and the HTML export', async ({ page }) => {
  await page.clock.setFixedTime(new Date('2026-03-01T10:00:00'));
  const app = new Planform(page);
  await app.open();
  await app.importFile('retry-queue.md', PLAN);
  const chart = app.preview.getByRole('img', { name: 'Timeline chart' });
  await expect(chart).toBeVisible();
  // Its text alternative: every milestone in words, the one without a date too.
  await expect(app.preview.getByRole('figure')).toHaveAccessibleName(
    'Timeline: Design complete: 2026-01-10, done; Development start: 2026-02-01, in progress; ' +
      'Testing complete: 2026-04-15, planned; Production deploy: no date, planned',
  );
  await expect(chart.getByText('Today')).toBeVisible();
  await expect(chart.getByText('Design complete 2026-01-10', { exact: true })).toBeVisible();
  // A table without dates is no timeline: one chart only.
  await expect(app.preview.getByRole('img', { name: 'Timeline chart' })).toHaveCount(1);

  const { text } = await app.exportAs('HTML (.html)');
  expect(text).toContain('<svg role="img" aria-label="Timeline chart"');
  expect(text).not.toMatch(/<script/i);
});

test('a blank template draws no chart: its dates are placeholders', async ({ page }) => {
  const app = new Planform(page);
  await app.open();
  await expect(app.preview.getByRole('heading', { name: 'Timeline' })).toBeVisible();
  await expect(app.preview.getByRole('img', { name: 'Timeline chart' })).toHaveCount(0);
});

test('implementation phases with durations are drawn as bars after their section, and follow edits', async ({ page }) => {
  const app = new Planform(page);
  await app.open();
  await app.importFile('phases.md', `# Technical Plan: Phases

## Implementation Steps

### Phase 1: Foundation (Day 1-2)
1. Schema

### Phase 2: Core Logic (Day 3-4)
1. Rules

### Phase 3: Polish (Day 7)
1. Tests

## Dependencies

None.
`);
  const chart = app.preview.getByRole('img', { name: 'Phases chart' });
  await expect(chart).toBeVisible();
  await expect(chart.locator('rect')).toHaveCount(3);
  await expect(chart.locator('desc')).toHaveText('Phase 1: Foundation: Days 1 to 2; Phase 2: Core Logic: Days 3 to 4; Phase 3: Polish: Day 7');
  // Drawn after the section's last phase, before the next section.
  const below = await chart.evaluate((svg) => {
    const next = [...document.querySelectorAll('.preview h2')].find((h) => h.textContent.includes('Dependencies'));
    const last = [...document.querySelectorAll('.preview h3')].find((h) => h.textContent.includes('Polish'));
    return !!(last.compareDocumentPosition(svg) & Node.DOCUMENT_POSITION_FOLLOWING) && !!(svg.compareDocumentPosition(next) & Node.DOCUMENT_POSITION_FOLLOWING);
  });
  expect(below).toBe(true);

  await app.markdownTab.click();
  await app.source.fill((await app.source.inputValue()).replace('Polish (Day 7)', 'Polish (Day 5-9)'));
  await expect(chart.locator('desc')).toContainText('Phase 3: Polish: Days 5 to 9');

  const { text } = await app.exportAs('HTML (.html)');
  expect(text).toContain('aria-label="Phases chart"');
});
