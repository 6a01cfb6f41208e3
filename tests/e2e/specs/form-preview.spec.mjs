import { test, expect } from '../fixtures.mjs';
import { Planform } from '../planform.mjs';

test('filling the form shows in the live preview', async ({ page }) => {
  const app = new Planform(page);
  await app.open();
  await app.title.fill('Rate limiting');
  await app.problem.fill('Bursts of **traffic** take the API down.');
  await expect(app.preview.getByRole('heading', { level: 1 })).toHaveText('Technical Plan: Rate limiting');
  await expect(app.preview.locator('strong', { hasText: 'traffic' })).toBeVisible();
  await app.saved();
});
