// Build A installed, build B deployed: the prompt appears, reloading gives B, A's cache is
// deleted, and edits made under A are kept. B is dist/ with one changed file, finished by the
// same post-build step as a real build (so its service worker has a new cache name).
import { test, expect } from '../fixtures.mjs';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Planform } from '../planform.mjs';

const dist = fileURLToPath(new URL('../../../dist/', import.meta.url));
const postbuild = fileURLToPath(new URL('../../../scripts/postbuild.mjs', import.meta.url));
const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.json': 'application/json', '.webmanifest': 'application/manifest+json', '.svg': 'image/svg+xml', '.png': 'image/png' };

function buildB(root) {
  const b = join(root, 'b');
  cpSync(dist, b, { recursive: true });
  const css = readdirSync(b).find((f) => f.startsWith('app-') && f.endsWith('.css'));
  writeFileSync(join(b, css), `${readFileSync(join(b, css), 'utf8')}\n/* build B */\n`);
  // Start from the pre-hook index.html: drop the policy the hook added, then run the hook again.
  const html = readFileSync(join(b, 'index.html'), 'utf8').replace(/\s*<meta http-equiv="Content-Security-Policy"[^>]*>/, '');
  writeFileSync(join(b, 'index.html'), html.replace('<head>', '<head>\n  <meta name="planform-build" content="B">'));
  execFileSync(process.execPath, [postbuild], { env: { ...process.env, TRUNK_STAGING_DIR: b, TRUNK_PROFILE: 'release' } });
  return b;
}

test('a new build is offered, never forced, and reloading to it keeps every edit', async ({ browser }) => {
  const root = mkdtempSync(join(tmpdir(), 'planform-update-'));
  const b = buildB(root);
  let served = dist;
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname.replace(/^\/app\//, '')) || 'index.html';
    try {
      const body = readFileSync(join(served, path));
      res.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${server.address().port}/app/`;
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const app = new Planform(page);
    await page.goto(url);
    await page.evaluate(() => navigator.serviceWorker.ready);
    await page.reload();
    await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
    const cachesA = await page.evaluate(() => caches.keys());
    await app.title.fill('Typed under build A');
    await app.saved();

    served = b; // deploy B
    await page.evaluate(() => navigator.serviceWorker.getRegistration().then((r) => r.update()));
    const notice = page.getByRole('status', { name: 'Update' });
    await expect(notice).toContainText('A new version of Planform is ready', { timeout: 15000 });
    await expect(page.locator('meta[name=planform-build]')).toHaveCount(0); // still A: nothing forced
    await expect(app.title).toHaveValue('Typed under build A');

    await notice.getByRole('button', { name: 'Reload to update' }).click();
    await expect(page.locator('meta[name=planform-build]')).toHaveAttribute('content', 'B', { timeout: 15000 });
    await expect(app.title).toHaveValue('Typed under build A');
    await expect.poll(() => page.evaluate(() => caches.keys())).not.toEqual(cachesA);
    const cachesB = await page.evaluate(() => caches.keys());
    expect(cachesB).toHaveLength(1);
    expect(cachesA).not.toContain(cachesB[0]);
  } finally {
    await context.close();
    server.close();
    rmSync(root, { recursive: true, force: true });
  }
});
