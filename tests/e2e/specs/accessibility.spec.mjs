import { test, expect } from '../fixtures.mjs';
import { createRequire } from 'node:module';
import { Planform } from '../planform.mjs';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

// axe-core is injected as a script, which the app's Content-Security-Policy rightly refuses.
test.use({ bypassCSP: true });

async function seriousViolations(page) {
  await page.addScriptTag({ path: axePath });
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] }),
  );
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

for (const scheme of ['light', 'dark']) {
  test(`axe finds no serious violation on the main screens (${scheme})`, async ({ page }) => {
    // Four full axe scans of the whole editor: 20–28 s on two busy cores, too close to 30 s.
    test.slow();
    await page.emulateMedia({ colorScheme: scheme });
    const app = new Planform(page);
    await app.open();
    await app.title.fill('Accessible plan');
    expect(await seriousViolations(page), 'form tab').toEqual([]);
    await app.markdownTab.click();
    expect(await seriousViolations(page), 'markdown tab').toEqual([]);
    await app.formTab.click();
    await app.exportMenu.click();
    expect(await seriousViolations(page), 'export menu').toEqual([]);
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: /Health/ }).click();
    expect(await seriousViolations(page), 'health panel').toEqual([]);
  });
}

test('axe finds no serious violation in the embedded editor and the viewer', async ({ page }) => {
  // Opened top-level here (nothing is posted: there is no parent); the page is the same framed.
  await page.goto(`./?mode=embed&origin=${encodeURIComponent('https://wiki.example.com')}&id=a11y`);
  const app = new Planform(page);
  await expect(app.title).toBeVisible();
  expect(await seriousViolations(page), 'embedded editor').toEqual([]);
  await page.goto(`./?mode=view&origin=${encodeURIComponent('https://wiki.example.com')}`);
  await expect(page.getByRole('status')).toContainText('Waiting for the page');
  expect(await seriousViolations(page), 'viewer waiting').toEqual([]);
});
