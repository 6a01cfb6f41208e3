import { test, expect } from '../fixtures.mjs';
import { Planform } from '../planform.mjs';

// The chosen option's card is highlighted, and laid out like every other option card: its header
// across the top, its fields below it at full width.
test('the chosen option card lays out like the others', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  const app = new Planform(page);
  await app.open();
  const layout = async (name) => {
    const card = page.getByRole('group', { name, exact: true });
    const [box, head, field] = await Promise.all([
      card.boundingBox(),
      card.locator('header').boundingBox(),
      card.getByRole('textbox').first().boundingBox(),
    ]);
    return { box, head, field };
  };
  const chosen = await layout('Option B');
  const other = await layout('Option A');
  await expect(page.getByRole('group', { name: 'Option B', exact: true })).toHaveClass(/chosen/);
  for (const { box, head, field } of [chosen, other]) {
    expect(head.width).toBeGreaterThan(box.width * 0.8);
    expect(field.y).toBeGreaterThanOrEqual(head.y + head.height - 1);
  }
  expect(Math.abs(chosen.field.x - chosen.box.x - (other.field.x - other.box.x))).toBeLessThan(8);
  expect(Math.abs(chosen.field.width - other.field.width)).toBeLessThan(8);
});
