import { test, expect } from '../fixtures.mjs';
import { Planform } from '../planform.mjs';

for (const [item, mime] of [['HTML (.html)', 'text/html'], ['JSON (.json)', 'application/json']]) {
  test(`${item} export imports again with nothing lost`, async ({ page }) => {
    const app = new Planform(page);
    await app.open();
    await app.title.fill('Both ways');
    await app.problem.fill('Text with <angle brackets> & "quotes".');
    const before = await app.markdown();
    const { name, text } = await app.exportAs(item);
    if (mime === 'text/html') {
      expect(text).toContain('Content-Security-Policy');
      expect(text).not.toMatch(/<script[\s>]/i);
    } else {
      expect(JSON.parse(text).format).toBe('planform');
    }
    await app.importFile(name, text, mime);
    await expect(app.plans.getByRole('listitem')).toHaveCount(2);
    expect(await app.markdown()).toBe(before);
  });
}

test('a file that cannot be read changes nothing and says why', async ({ page }) => {
  const app = new Planform(page);
  await app.open();
  await app.title.fill('Untouched');
  await app.importFile('broken.json', '{"format": "planform", "version": 1, "plan": ', 'application/json');
  await expect(page.getByRole('alert')).toContainText('Could not import broken.json');
  await expect(app.plans.getByRole('listitem')).toHaveCount(1);
  await expect(app.title).toHaveValue('Untouched');
});
