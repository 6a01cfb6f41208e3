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
