// The web app's speed and size benchmark (prints figures; not a test). Run through
// scripts/bench.sh, which builds the release first. Measures, in headless Chromium:
//  - the initial transfer (every file index.html loads: HTML, JS, wasm, CSS), raw/gzip/brotli;
//  - navigation → editable plan (a fresh profile each time), median of 10 loads;
//  - keystroke → preview DOM updated, p50/p95 over 200 keystrokes, in the Markdown tab and in a
//    form field, for the template plan and for a 172 KB real document imported.
import { chromium } from '@playwright/test';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import { spawn } from 'node:child_process';

const dist = fileURLToPath(new URL('../../dist/', import.meta.url));
const large = fileURLToPath(new URL('../../../shared/corpus/rust-rfc-3935-Project-Goals-2026.md', import.meta.url));
const port = 4199;
const base = `http://127.0.0.1:${port}/tools/planform/`;
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;

// 1. Transfer size of what index.html loads.
const html = readFileSync(`${dist}index.html`, 'utf8');
const loaded = new Set(['index.html']);
for (const m of html.matchAll(/(?:href|src)="\.?\/?([^"#?]+\.(?:js|wasm|css))"/g)) loaded.add(m[1]);
for (const f of readdirSync(dist)) if (/\.(js|wasm)$/.test(f)) loaded.add(f);
let raw = 0, gz = 0, br = 0;
console.log('initial transfer:');
for (const f of [...loaded].sort()) {
  const bytes = readFileSync(`${dist}${f}`);
  const g = gzipSync(bytes, { level: 9 }).length;
  const b = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  raw += bytes.length; gz += g; br += b;
  console.log(`  ${f.padEnd(44)} raw ${kb(bytes.length).padStart(9)}  gzip ${kb(g).padStart(9)}  brotli ${kb(b).padStart(9)}`);
}
console.log(`  ${'total'.padEnd(44)} raw ${kb(raw).padStart(9)}  gzip ${kb(gz).padStart(9)}  brotli ${kb(br).padStart(9)}  (budget: 250 KB gzip)`);
// The floor under it: the pure core alone, with no UI (scripts/bench.sh builds it first).
const floor = fileURLToPath(new URL('../../target/size-floor/core.wasm', import.meta.url));
if (existsSync(floor)) {
  const bytes = readFileSync(floor);
  const g = gzipSync(bytes, { level: 9 }).length;
  const b = brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
  console.log(`  ${'of which the core alone needs (size floor)'.padEnd(44)} raw ${kb(bytes.length).padStart(9)}  gzip ${kb(g).padStart(9)}  brotli ${kb(b).padStart(9)}`);
}

const server = spawn(process.execPath, [fileURLToPath(new URL('serve.mjs', import.meta.url)), String(port)], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 400));
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const ms = (x) => `${x.toFixed(1)} ms`;

try {
  // 2. Navigation → editable plan.
  const loads = [];
  for (let i = 0; i < 10; i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(base, { waitUntil: 'commit' });
    await page.getByRole('textbox', { name: 'Title', exact: true }).waitFor();
    loads.push(await page.evaluate(() => performance.now()));
    await context.close();
  }
  console.log(`navigation → editable plan: median ${ms(pct(loads, 50))} (min ${ms(Math.min(...loads))}, max ${ms(Math.max(...loads))}, 10 loads)`);

  // 3. Keystroke → preview latency.
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.goto(base);
  await page.getByRole('textbox', { name: 'Title', exact: true }).waitFor();
  await page.evaluate(() => {
    window.__lat = [];
    let start = null;
    document.addEventListener('keydown', () => { start = performance.now(); }, true);
    new MutationObserver(() => {
      if (start !== null) {
        window.__lat.push(performance.now() - start);
        start = null;
      }
    }).observe(document.querySelector('[aria-label=Preview]'), { subtree: true, childList: true, characterData: true, attributes: true });
  });

  async function measure(label, focus) {
    await focus();
    await page.evaluate(() => { window.__lat = []; });
    // Letters only: a trailing space changes no rendered HTML, so it would have no update to time.
    const keys = 'thequickbrownfoxjumpsoverthelazydog';
    for (let i = 0; i < 200; i++) {
      await page.keyboard.press(keys[i % keys.length]);
      await page.waitForFunction((n) => window.__lat.length >= n, i + 1, { polling: 'raf' });
    }
    const lat = await page.evaluate(() => window.__lat);
    console.log(`  ${label.padEnd(46)} p50 ${ms(pct(lat, 50)).padStart(9)}  p95 ${ms(pct(lat, 95)).padStart(9)}  max ${ms(Math.max(...lat)).padStart(9)}`);
  }
  const markdownTab = page.getByRole('tab', { name: 'Markdown' });
  const formTab = page.getByRole('tab', { name: 'Form' });
  const source = page.getByRole('textbox', { name: 'Markdown source' });
  const caretAfter = async (text) => {
    await source.focus();
    await source.evaluate((el, t) => {
      const at = el.value.indexOf(t) + t.length;
      el.setSelectionRange(at, at);
    }, text);
  };

  console.log('keystroke → preview updated (200 keystrokes each):');
  await measure('template plan, form field (Problem statement)', async () => {
    await formTab.click();
    await page.getByRole('textbox', { name: 'Problem statement' }).focus();
  });
  await measure('template plan, Markdown tab', async () => {
    await markdownTab.click();
    await caretAfter('## Goals\n\n1. ');
  });

  if (existsSync(large)) {
    const text = readFileSync(large, 'utf8');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Import' }).click()]);
    await chooser.setFiles({ name: 'large.md', mimeType: 'text/markdown', buffer: Buffer.from(text) });
    await page.getByRole('alert').filter({ hasText: 'Imported' }).waitFor();
    const firstLine = text.split('\n').find((l) => /^[A-Za-z]/.test(l)).slice(0, 20);
    await measure(`${kb(text.length)} document, form field (first section)`, async () => {
      await formTab.click();
      const field = page.getByRole('tabpanel', { name: 'Form' }).locator('textarea').first();
      await field.focus();
      await field.evaluate((el) => el.setSelectionRange(el.value.length, el.value.length));
    });
    await measure(`${kb(text.length)} document, Markdown tab`, async () => {
      await markdownTab.click();
      await caretAfter(firstLine);
    });
  } else {
    console.log(`  (no ${large}: the large-document figures need shared/corpus beside the repository)`);
  }
  await context.close();
} finally {
  await browser.close();
  server.kill();
}
