import { test, expect } from '../fixtures.mjs';

// This spec injects an inline script on purpose; the refusal it logs is the point.
test.use({ provokedViolations: [/Executing inline script violates/] });

test('the page carries a Content-Security-Policy that forbids foreign and inline script', async ({ page }) => {
  await page.goto('./');
  const policy = await page.locator('meta[http-equiv=Content-Security-Policy]').getAttribute('content');
  expect(policy).toContain("default-src 'self'");
  expect(policy).toMatch(/script-src 'self' 'wasm-unsafe-eval' 'sha256-[^']+'(;|$)/);
  expect(policy).not.toContain("'unsafe-eval'");
  expect(policy).toContain("object-src 'none'");
  // An injected inline script is refused.
  const ran = await page.evaluate(() => {
    window.__injected = false;
    const s = document.createElement('script');
    s.textContent = 'window.__injected = true';
    document.body.appendChild(s);
    return window.__injected;
  });
  expect(ran).toBe(false);
});
