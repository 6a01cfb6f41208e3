import { test, expect } from '../fixtures.mjs';
import { Planform } from '../planform.mjs';

test('exported markdown imports again as an identical new plan', async ({ page }) => {
  const app = new Planform(page);
  await app.open();
  await app.title.fill('Round trip');
  await app.problem.fill('Markdown out, markdown in.\n\n- with a list');
  const before = await app.markdown();
  const { name, text } = await app.exportAs('Markdown (.md)');
  expect(name).toBe('round-trip.md');
  expect(text).toBe(before);

  await app.importFile(name, text);
  await expect(app.plans.getByRole('listitem')).toHaveCount(2);
  await expect(page.getByRole('note')).toContainText('Imported round-trip.md');
  expect(await app.markdown()).toBe(before);
});
