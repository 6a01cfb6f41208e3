import { test, expect } from '../fixtures.mjs';
import { Planform } from '../planform.mjs';

/** Presses Tab until `locator` has focus (at most `limit` times); every stop shows a focus ring. */
async function tabTo(page, locator, limit = 120) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const ring = await page.evaluate(() => {
      const el = document.activeElement;
      if (!el || el === document.body) return 'none';
      const style = getComputedStyle(el);
      return style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2 ? 'ring' : `no ring on ${el.outerHTML.slice(0, 80)}`;
    });
    expect(ring).toBe('ring');
    if (await locator.evaluate((el) => el === document.activeElement)) return;
  }
  throw new Error('never reached by Tab');
}

test('a whole plan workflow works from the keyboard alone', async ({ page }) => {
  const app = new Planform(page);
  await app.open();
  await page.locator('body').focus();

  await tabTo(page, app.newPlan);
  await page.keyboard.press('Enter');
  // The first visit's plan, never typed in, is not kept beside the new one.
  await expect(app.plans.getByRole('listitem')).toHaveCount(1);

  await tabTo(page, app.title);
  await page.keyboard.type('Keyboard plan');
  await page.keyboard.press('Tab');
  await page.keyboard.type('SPEC-7');
  await page.keyboard.press('Control+s');
  await app.saved();
  await expect(app.preview.getByRole('heading', { level: 1 })).toHaveText('Technical Plan: Keyboard plan');

  // Reorder goals with Alt+Arrow.
  const goal1 = page.getByRole('textbox', { name: 'Goals item 1', exact: true });
  await goal1.focus();
  await page.keyboard.type('First goal');
  await page.keyboard.press('Alt+ArrowDown');
  await expect(page.getByRole('textbox', { name: 'Goals item 2', exact: true })).toHaveValue('First goal');
  await expect(page.getByRole('textbox', { name: 'Goals item 2', exact: true })).toBeFocused();

  // Tabs: arrow keys switch between Form and Markdown.
  await app.formTab.focus();
  await page.keyboard.press('ArrowRight');
  await expect(app.markdownTab).toHaveAttribute('aria-selected', 'true');
  await expect(app.source).toHaveValue(/Keyboard plan/);
  await page.keyboard.press('ArrowLeft');
  await expect(app.formTab).toHaveAttribute('aria-selected', 'true');

  // The Export menu opens on Enter, moves with arrows, closes on Escape back to its button.
  await app.exportMenu.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('menuitem', { name: 'Markdown (.md)' })).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('menuitem', { name: 'HTML (.html)' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('menu')).toBeHidden();
  await expect(app.exportMenu).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('menuitem', { name: 'Markdown (.md)' })).toBeFocused();
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  expect(download.suggestedFilename()).toBe('keyboard-plan.md');
});
