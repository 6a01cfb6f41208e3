// Where start-up's time goes on the page's main thread: a Chrome trace of one first visit to the
// release build (not a test, not the benchmark). Prints the main thread's tasks and what ran in
// them (≥ MIN ms, default 2), when the first field was in the DOM and painted, and the time V8
// spent compiling wasm functions lazily, on their first call.
//
//   node tests/e2e/trace-load.mjs            # after a release build (dist/)
//   MIN=1 node tests/e2e/trace-load.mjs
import { chromium } from '@playwright/test';
import { firstFieldProbe, startedUp } from './probes.mjs';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const port = 4195;
const min = Number(process.env.MIN ?? 2);
const server = spawn(process.execPath, [fileURLToPath(new URL('serve.mjs', import.meta.url)), String(port)], { stdio: 'ignore' });
await new Promise((r) => setTimeout(r, 500));
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
try {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  await page.addInitScript(firstFieldProbe);
  const cdp = await context.newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  await cdp.send('Tracing.start', { categories: 'devtools.timeline,v8,v8.wasm,blink.user_timing', transferMode: 'ReportEvents' });
  await page.goto(`http://127.0.0.1:${port}/tools/planform/`, { waitUntil: 'commit' });
  await page.waitForFunction(startedUp);
  const marks = await page.evaluate(() => ({ field: window.__field, painted: window.__fieldPainted }));
  const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.end');
  await done;

  // The renderer's main thread: the one that parsed the page.
  const main = events.find((e) => e.name === 'ParseHTML')?.tid;
  // The trace's clock is not the page's: the mark made when the field appeared ties them.
  const mark = events.find((e) => e.name === 'pf-field');
  const t0 = mark ? mark.ts - marks.field * 1000 : events.find((e) => e.name === 'ParseHTML').ts;
  let lazy = 0;
  let lazyCount = 0;
  const rows = [];
  for (const e of events) {
    if (e.tid !== main || e.ph !== 'X' || e.dur === undefined) continue;
    if (e.name === 'wasm.CompileLazy') {
      lazy += e.dur / 1000;
      lazyCount += 1;
    }
    if (e.dur / 1000 < min) continue;
    const what = e.args?.data?.url?.split('/').pop() ?? e.args?.data?.functionName ?? '';
    rows.push([(e.ts - t0) / 1000, e.dur / 1000, e.name, what]);
  }
  rows.sort((a, b) => a[0] - b[0]);
  for (const [at, dur, name, what] of rows) {
    console.log(`${at.toFixed(0).padStart(6)} ms ${dur.toFixed(1).padStart(7)} ms  ${name} ${what}`);
  }
  console.log(`first field in the DOM at ${marks.field.toFixed(0)} ms, painted at ${marks.painted.toFixed(0)} ms`);
  console.log(`wasm functions compiled lazily on the main thread: ${lazyCount}, ${lazy.toFixed(1)} ms`);
} finally {
  await browser.close();
  server.kill();
}
