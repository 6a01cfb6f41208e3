// Opening the app renders a screenful first and the rest of the form and the preview a slice per
// frame (so a key typed at once waits for one slice at most). The app's frames and timers are
// Playwright's clock here: paused, start-up stops after its first screenful.
import { test, expect } from '../fixtures.mjs';
import { Planform } from '../planform.mjs';

async function pausedStart(page) {
  await page.clock.install({ time: new Date('2026-12-01T09:00:00Z') });
  await page.clock.pauseAt(new Date('2026-12-01T09:00:01Z'));
  const app = new Planform(page);
  await page.goto('./');
  await expect(app.title).toBeVisible();
  return app;
}

test('the first screenful is editable at once; the rest of the plan follows frame by frame', async ({ page }) => {
  const app = await pausedStart(page);
  const form = page.getByRole('tabpanel', { name: 'Form' });
  const lastCard = form.getByRole('heading', { name: 'References', exact: true });
  await expect(form.locator('.form')).toHaveAttribute('aria-busy', 'true');
  await expect(app.preview).toHaveAttribute('aria-busy', 'true');
  await expect(lastCard).toHaveCount(0);
  await app.title.fill('Typed during start-up');
  await expect(app.title).toHaveValue('Typed during start-up');

  await page.clock.runFor(2000);
  await expect(lastCard).toBeVisible();
  await expect(form.locator('.form')).not.toHaveAttribute('aria-busy', /.*/);
  await expect(app.preview).not.toHaveAttribute('aria-busy', /.*/);
  await expect(app.preview.getByRole('heading', { name: 'References', exact: true })).toBeVisible();
  await expect(app.preview.getByRole('heading', { name: 'Technical Plan: Typed during start-up' })).toBeVisible();
});

test('a jump from the outline during start-up shows that section at once, in the form and the preview', async ({ page }) => {
  const app = await pausedStart(page);
  const form = page.getByRole('tabpanel', { name: 'Form' });
  await expect(form.getByRole('heading', { name: 'Open Questions', exact: true })).toHaveCount(0);
  await page.getByRole('navigation', { name: 'Outline' }).getByRole('button', { name: /^Open Questions/ }).click();
  // Only the jump's own frames run: start-up's slices stay paused.
  await page.clock.runFor(50);
  await expect(form.getByRole('heading', { name: 'Open Questions', exact: true })).toBeInViewport();
  await expect(app.preview.getByRole('heading', { name: 'Open Questions', exact: true })).toBeInViewport();
  await expect(form.locator('.form')).not.toHaveAttribute('aria-busy', /.*/);
});
