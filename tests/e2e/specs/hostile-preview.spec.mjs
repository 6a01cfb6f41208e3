import { test, expect } from '../fixtures.mjs';
import { Planform } from '../planform.mjs';

const hostile = `# Technical Plan: <img src=x onerror="window.__pwned=1">

## Problem Statement

<script>window.__pwned = 1; alert(1)</script>
<svg onload="window.__pwned=1"><a xlink:href="javascript:alert(1)">x</a></svg>
<iframe src="javascript:alert(1)"></iframe>
[click](javascript:window.__pwned=1) [tab](JaVaScRiPt&#58;alert(1)) [v](vbscript:msgbox(1))
![img](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)
<a href="  java\tscript:alert(1)">spaced</a> <details open ontoggle="window.__pwned=1">x</details>
\`<script>code spans show their text</script>\`
`;

test('hostile markdown in the preview runs nothing', async ({ page }) => {
  const dialogs = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    d.dismiss().catch(() => {});
  });
  const app = new Planform(page);
  await app.open();
  await app.markdownTab.click();
  await app.source.fill(hostile);
  await expect(app.preview).toContainText('code spans show their text');
  for (const link of await app.preview.getByRole('link').all()) {
    const href = (await link.getAttribute('href')) ?? '';
    expect(href.toLowerCase()).not.toMatch(/script:|^data:/);
    await link.click({ noWaitAfter: true, timeout: 1000 }).catch(() => {});
  }
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
  expect(dialogs).toEqual([]);
  expect(await app.preview.locator('script, iframe, [onerror], [onload], [ontoggle]').count()).toBe(0);
});
