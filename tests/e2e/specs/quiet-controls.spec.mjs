import { test, expect } from '../fixtures.mjs';
import { Planform } from '../planform.mjs';

// Move and remove controls stay out of sight until their card or item is hovered or focused,
// yet every one is reachable by keyboard and by its accessible name.
test('card and item controls are quiet until hovered or focused, and still reachable', async ({ page }) => {
  await page.setViewportSize({ width: 1400, height: 900 });
  const app = new Planform(page);
  await app.open();
  // The tools' group carries the opacity.
  const quiet = (button) => button.locator('xpath=..');
  const moveUp = page.getByRole('button', { name: 'Move Goals up', exact: true });
  await expect(quiet(moveUp)).toHaveCSS('opacity', '0');
  await page.getByRole('group', { name: 'Goals', exact: true }).locator('header').hover();
  await expect(quiet(moveUp)).toHaveCSS('opacity', '1');

  const item = page.getByRole('button', { name: 'Remove Goals item 1', exact: true });
  await page.mouse.move(0, 0);
  await expect(quiet(item)).toHaveCSS('opacity', '0');
  await page.getByRole('textbox', { name: 'Goals item 1', exact: true }).focus();
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Move Goals item 1 up', exact: true })).toBeFocused();
  await expect(quiet(item)).toHaveCSS('opacity', '1');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(item).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('textbox', { name: /^Goals item \d+$/ })).toHaveCount(2);
});

test('the header card can be neither moved nor removed', async ({ page }) => {
  const app = new Planform(page);
  await app.open();
  const header = page.locator('section.card').first();
  await expect(header.getByRole('textbox', { name: 'Title', exact: true })).toBeVisible();
  await expect(header.getByRole('button', { name: /^(Move|Remove) / })).toHaveCount(0);
  // Nor can the section below it take its place.
  const first = page.locator('section.card').nth(1);
  const name = await first.getAttribute('aria-label');
  await page.getByRole('button', { name: `Move ${name} up`, exact: true }).click();
  await expect(page.locator('section.card').first().getByRole('textbox', { name: 'Title', exact: true })).toBeVisible();
});

test('the theme toggle shows its state', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  const app = new Planform(page);
  await app.open();
  const toggle = page.getByRole('button', { name: 'Dark theme' });
  await expect(toggle).toHaveAttribute('aria-pressed', 'false');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.reload();
  await expect(page.getByRole('button', { name: 'Dark theme' })).toHaveAttribute('aria-pressed', 'true');
});
