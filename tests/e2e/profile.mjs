// Where a keystroke's time goes: Chrome's sampling profiler over keys typed at the end of a
// document in the release build, with the wasm's function names kept (not a test, not the
// benchmark: the tool that says what to make faster).
//
//   bash scripts/bench.sh                 # once: builds dist/ and the named wasm
//   node tests/e2e/profile.mjs [markdown|form] [file.md] [keys]
//
// The release dist/ is copied to target/profile-dist/ with its wasm and JS glue replaced by the
// wasm-bindgen output that keeps names ($CARGO_TARGET_DIR/bench-names, through `wasm-opt -Oz -g`),
// then served and profiled.
// Prints self and inclusive time per function (inclusive counts a function once per sample).
import { chromium } from '@playwright/test';
import { readFileSync, readdirSync, existsSync, writeFileSync, mkdirSync, copyFileSync, rmSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { spawn, spawnSync } from 'node:child_process';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const target = `${process.env.CARGO_TARGET_DIR ?? `${repo}target`}/`;
const names = `${target}bench-names/`;
const out = `${repo}target/profile-dist/`;
const [where = 'markdown', file = `${repo}../shared/corpus/rust-rfc-3935-Project-Goals-2026.md`, keys = '60'] =
  process.argv.slice(2);

// The named wasm optimised as Trunk optimises the app (`wasm-opt -Oz`), names kept (`-g`): the
// profile then times the code that ships.
const named = `${names}planform-web_bg.wasm`;
const optimised = `${names}planform-web_bg.opt.wasm`;
if (!existsSync(optimised) || statSync(optimised).mtimeMs < statSync(named).mtimeMs) {
  const features = ['bulk-memory', 'nontrapping-float-to-int', 'sign-ext', 'mutable-globals', 'reference-types', 'multivalue'];
  const r = spawnSync('wasm-opt', ['-Oz', '-g', ...features.map((f) => `--enable-${f}`), named, '-o', optimised], { stdio: 'inherit' });
  if (r.status !== 0) throw new Error('wasm-opt failed (is it on PATH?)');
}
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
for (const f of readdirSync(`${repo}dist`)) {
  if (f === 'icons') continue;
  if (/\.wasm$/.test(f)) copyFileSync(optimised, `${out}${f}`);
  else if (/^planform-web.*\.js$/.test(f)) copyFileSync(`${names}planform-web.js`, `${out}${f}`);
  else copyFileSync(`${repo}dist/${f}`, `${out}${f}`);
}
// The named build's hashes differ from the ones trunk wrote: drop the integrity checks.
const index = readFileSync(`${out}index.html`, 'utf8').replace(/ integrity="[^"]*"/g, '');
writeFileSync(`${out}index.html`, index);
rmSync(`${out}sw.js`, { force: true });

const port = 4198;
const server = spawn(process.execPath, [fileURLToPath(new URL('serve.mjs', import.meta.url)), String(port), '/tools/planform/', 'target/profile-dist'], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 500));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  let page = await context.newPage();
  const url = `http://127.0.0.1:${port}/tools/planform/`;
  if (where === 'load' || where === 'reopen') {
    // Start-up: a first visit, or a reload with `file` open (node profile.mjs reopen [file]).
    if (where === 'reopen') {
      await page.goto(url);
      await page.getByRole('tabpanel', { name: 'Form' }).getByRole('textbox').first().waitFor();
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Import' }).click()]);
      await chooser.setFiles({ name: 'doc.md', mimeType: 'text/markdown', buffer: readFileSync(file) });
      await page.getByRole('note').filter({ hasText: 'Imported' }).waitFor();
      await page.getByRole('status').filter({ hasText: /^Saved/ }).waitFor();
      await page.close();
      page = await context.newPage();
    }
    const cdp = await context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
    await cdp.send('Profiler.start');
    await page.goto(url, { waitUntil: 'commit' });
    await page.getByRole('tabpanel', { name: 'Form' }).getByRole('textbox').first().waitFor();
    const ready = await page.evaluate(() => performance.now());
    const { profile } = await cdp.send('Profiler.stop');
    summarize(profile, 1, `${where}: editable at ${ready.toFixed(0)} ms`);
    await browser.close();
    server.kill();
    process.exit(0);
  }
  await page.goto(url);
  await page.getByRole('tabpanel', { name: 'Form' }).getByRole('textbox').first().waitFor();
  if (existsSync(file)) {
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Import' }).click()]);
    await chooser.setFiles({ name: 'doc.md', mimeType: 'text/markdown', buffer: readFileSync(file) });
    await page.getByRole('note').filter({ hasText: 'Imported' }).waitFor();
  }
  let box;
  if (where === 'markdown') {
    await page.getByRole('tab', { name: 'Markdown' }).click();
    box = page.getByRole('textbox', { name: 'Markdown source' });
  } else {
    box = page.getByRole('tabpanel', { name: 'Form' }).locator('textarea').last();
  }
  await box.focus();
  await box.evaluate((el) => el.setSelectionRange(el.value.length, el.value.length));
  const cdp = await context.newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  const t0 = Date.now();
  for (let i = 1; i <= Number(keys); i++) {
    await page.keyboard.press(i % 40 === 0 ? 'Enter' : i % 5 === 0 ? 'Space' : 'x');
    await page.waitForTimeout(20);
  }
  await page.waitForTimeout(300);
  const { profile } = await cdp.send('Profiler.stop');
  summarize(profile, Number(keys), `${where}, ${keys} keys, ${Date.now() - t0} ms wall`);
} finally {
  await browser.close();
  server.kill();
}

/** Prints self and inclusive time per function, divided by `per` (keys typed, or 1). */
function summarize(profile, per, title) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (n) => {
    const f = n.callFrame;
    const name = f.functionName || '(anonymous)';
    return f.url.endsWith('.wasm') || f.url.startsWith('wasm://') ? name : `${name} ${f.url.split('/').pop()}:${f.lineNumber}`;
  };
  const self = new Map();
  const incl = new Map();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    const l = label(byId.get(id));
    if (l.startsWith('(idle)')) return;
    // FOCUS=name: only the samples under a function whose name contains it.
    if (process.env.FOCUS) {
      let under = false;
      for (let cur = id; cur !== undefined && !under; cur = parent.get(cur)) under = label(byId.get(cur)).includes(process.env.FOCUS);
      if (!under) return;
    }
    total += dt;
    self.set(l, (self.get(l) ?? 0) + dt);
    const seen = new Set();
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const name = label(byId.get(cur));
      if (seen.has(name)) continue;
      seen.add(name);
      incl.set(name, (incl.get(name) ?? 0) + dt);
    }
  });
  const fmt = (x) => (x / per).toFixed(2).padStart(8);
  // TIMELINE=ms: what ran in each window of that many ms (start-up's order of events).
  if (process.env.TIMELINE) {
    const win = Number(process.env.TIMELINE);
    const windows = new Map();
    let t = 0;
    profile.samples.forEach((id, i) => {
      t += (profile.timeDeltas[i] ?? 0) / 1000;
      const path = [];
      for (let cur = id; cur !== undefined; cur = parent.get(cur)) path.unshift(label(byId.get(cur)));
      const what = path.slice(1, 3).map((p) => p.slice(0, 40)).join(' > ') || '(root)';
      const w = Math.floor(t / win);
      const m = windows.get(w) ?? new Map();
      m.set(what, (m.get(what) ?? 0) + (profile.timeDeltas[i + 1] ?? 0) / 1000);
      windows.set(w, m);
    });
    for (const [w, m] of [...windows].sort((a, b) => a[0] - b[0])) {
      const top = [...m].filter(([k]) => !k.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, 3);
      console.log(`${String(w * win).padStart(6)} ms  ${top.map(([k, v]) => `${v.toFixed(0)} ${k}`).join(' | ')}`);
    }
  }
  console.log(`${title}, ${total.toFixed(0)} ms busy (ms${per > 1 ? ' per key' : ''} below)`);
  console.log('inclusive:');
  for (const [k, v] of [...incl].sort((a, b) => b[1] - a[1]).slice(0, 60)) console.log(`${fmt(v)}  ${k.slice(0, 150)}`);
  console.log('self:');
  for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`${fmt(v)}  ${k.slice(0, 150)}`);
}
