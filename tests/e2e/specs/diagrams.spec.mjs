// Mermaid blocks render as their diagrams: drawn by mermaid in a sandboxed frame (an opaque
// origin, inside the app's own renderer page), each shown in a sandboxed frame without script.
import { test, expect } from '../fixtures.mjs';
import { Planform } from '../planform.mjs';
import { wikiURL } from '../playwright.config.mjs';

const fence = (source) => '```mermaid\n' + source + '\n```\n';

/** One diagram of each kind GitHub renders that plans use, with a label each must show. */
const KINDS = [
  ['flowchart', 'flowchart TD\n  Client[Web client] --> Api{Gateway}\n  Api --> Store[(Orders DB)]', 'Gateway'],
  ['sequence', 'sequenceDiagram\n  participant App\n  participant Queue\n  App->>Queue: enqueue order\n  Queue-->>App: ack', 'enqueue order'],
  ['class', 'classDiagram\n  class OrderService {\n    +place(order) Receipt\n  }\n  OrderService --> Ledger', 'OrderService'],
  ['state', 'stateDiagram-v2\n  [*] --> Pending\n  Pending --> Shipped: paid\n  Shipped --> [*]', 'Shipped'],
  ['ER', 'erDiagram\n  CUSTOMER ||--o{ ORDER : places\n  ORDER ||--|{ LINE_ITEM : contains', 'CUSTOMER'],
  ['gantt', 'gantt\n  title Rollout\n  dateFormat YYYY-MM-DD\n  section Build\n  Schema migration :a1, 2026-03-01, 5d\n  Backfill :after a1, 3d', 'Schema migration'],
  ['pie', 'pie title Traffic by region\n  "EU" : 45\n  "US" : 40\n  "APAC" : 15', 'APAC'],
];

/** The frame that shows diagram `i` of the preview (not one still loading a newer picture). */
const shown = (app, i = 0) => app.preview.locator('figure.mermaid').nth(i).locator('iframe.mermaid-frame:not(.mermaid-next)');
/** The sandboxed frame mermaid runs in, inside the renderer page. */
const renderer = (page) => page.locator('iframe.mermaid-renderer').contentFrame().locator('iframe[sandbox="allow-scripts"]');
const drawn = (app, i = 0) => shown(app, i);

const plan = (body) => `# Technical Plan: Diagrams\n\n## Architecture\n\nThe picture:\n\n${body}\nAfter the picture.\n`;

test('every diagram kind renders as a picture in a sandboxed frame, with its labels', async ({ page }) => {
  const app = new Planform(page);
  await app.open();
  await app.importFile('diagrams.md', plan(KINDS.map(([, source]) => fence(source)).join('\n')));
  await expect(app.preview.getByText('After the picture.')).toBeVisible();
  await expect(app.preview.locator('figure.mermaid')).toHaveCount(KINDS.length);
  for (let i = 0; i < KINDS.length; i++) {
    const [kind, , label] = KINDS[i];
    const frame = shown(app, i);
    const picture = frame.contentFrame().locator('svg').first();
    await expect(picture, kind).toBeVisible({ timeout: 15000 });
    await expect(picture.getByText(label).first(), kind).toBeVisible();
    await expect(frame, kind).toHaveAttribute('sandbox', '');
    await expect(frame, kind).toHaveAttribute('title', /^Diagram: /);
    expect((await frame.boundingBox()).height, kind).toBeGreaterThan(40);
  }
  // One renderer for them all, sandboxed.
  await expect(page.locator('iframe.mermaid-renderer')).toHaveCount(1);
  await expect(renderer(page)).toHaveCount(1);
  // The code gives way to the picture.
  await expect(app.preview.locator('pre code.language-mermaid').first()).toBeHidden();
  // A sandboxed frame without allow-same-origin cannot reach the app's storage.
  const reach = await renderer(page).contentFrame().locator('body').evaluate(() => {
    try { return String(window.localStorage.length); } catch (e) { return e.name; }
  });
  expect(reach).toBe('SecurityError');
});

test('typing redraws the diagram in the same frame; a broken diagram says why and the rest renders', async ({ page }) => {
  const app = new Planform(page);
  await app.open();
  const good = 'flowchart LR\n  Client --> Gateway';
  const broken = 'flowchart LR\n  Client -->';
  await app.importFile('live.md', plan(fence(good) + '\n' + fence('sequenceDiagram\n  A->>B: hello')));
  const picture = shown(app).contentFrame().locator('svg').first();
  await expect(picture.getByText('Gateway')).toBeVisible({ timeout: 15000 });
  await expect(drawn(app, 1).contentFrame().getByText('hello')).toBeVisible();

  // Text edited around the diagram re-renders its piece: the picture's frame is kept as it is
  // (no frame loads anything again), the renderer too.
  const navigations = [];
  page.on('framenavigated', (f) => { if (f !== page.mainFrame()) navigations.push(f.url()); });
  const before = await shown(app).elementHandle();
  await app.markdownTab.click();
  const text = await app.source.inputValue();
  await app.source.fill(text.replace('The picture:', 'The new picture:'));
  await expect(app.preview.getByText('The new picture:')).toBeVisible();
  await expect(picture.getByText('Gateway')).toBeVisible();
  expect(await before.evaluate((f) => f.isConnected && f.closest('.preview') !== null)).toBe(true);
  expect(navigations).toEqual([]);

  // The diagram edited: redrawn, and the picture changes when the new one is there.
  await app.source.fill((await app.source.inputValue()).replace('Gateway', 'Router'));
  await expect(picture.getByText('Router')).toBeVisible();
  await expect(picture.getByText('Gateway')).toHaveCount(0);
  await expect(app.preview.locator('figure.mermaid').first().locator('iframe.mermaid-frame')).toHaveCount(1);

  // Mid-edit, the source does not parse: mermaid's message shows, the last picture stays, and
  // so does everything after it.
  await app.source.fill((await app.source.inputValue()).replace('Client --> Router', 'Client -->'));
  await expect(app.preview.getByText(/^Diagram error: .*Parse error/s)).toBeVisible();
  await expect(picture.getByText('Router')).toBeVisible();
  await expect(app.preview.getByText('After the picture.')).toBeVisible();
  await expect(drawn(app, 1).contentFrame().getByText('hello')).toBeVisible();
  // Fixed again: the message goes.
  await app.source.fill((await app.source.inputValue()).replace('Client -->\n', 'Client --> Cache\n'));
  await expect(picture.getByText('Cache')).toBeVisible();
  await expect(app.preview.getByText(/^Diagram error:/)).toHaveCount(0);

  // A diagram that never parsed shows its message and its code.
  await app.source.fill(plan(fence(broken)));
  await expect(app.preview.getByText(/^Diagram error:/)).toBeVisible();
  await expect(app.preview.locator('pre code.language-mermaid')).toHaveText(`${broken}\n`);
  await expect(app.preview.getByText('After the picture.')).toBeVisible();
});

test.describe('a hostile diagram', () => {
  // The frame's own policy refuses the inline handler mermaid's label sanitising meets.
  test.use({ provokedViolations: [/inline event handler/] });
  test('runs nothing in the app or the frame, and follows no link', async ({ page }) => {
    const app = new Planform(page);
    await app.open();
    const dialogs = [];
    page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
    const hostile = [
      '%%{init: {"securityLevel": "loose", "flowchart": {"htmlLabels": true}}}%%',
      'flowchart TD',
      '  A["<img src=x onerror=top.planformPwned=1>Label A"] --> B["<script>parent.planformPwned=2</script>Label B"]',
      '  B --> C[Label C]',
      '  click A call alert("callback")',
      '  click B "javascript:alert(3)"',
      '  click C "https://example.com/" _top',
    ].join('\n');
    await app.importFile('hostile.md', plan(fence(hostile)));
    const frame = shown(app);
    const picture = frame.contentFrame().locator('svg').first();
    await expect(picture.getByText('Label C')).toBeVisible({ timeout: 15000 });
    await picture.getByText('Label A').click();
    await picture.getByText('Label B').click();
    await picture.getByText('Label C').click();
    await expect(picture.getByText('Label C')).toBeVisible();
    // No HTML label: the picture holds no <img> or <script> from the source, and nothing ran.
    expect(await frame.contentFrame().locator('img, script, foreignObject').count()).toBe(0);
    expect(await page.evaluate(() => window.planformPwned)).toBeUndefined();
    expect(await renderer(page).contentFrame().locator('body').evaluate(() => window.planformPwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
    await expect(app.title).toBeVisible();
  });
});

test('the diagram follows the theme', async ({ page }) => {
  const app = new Planform(page);
  await app.open();
  await app.importFile('theme.md', plan(fence('flowchart LR\n  Client --> Gateway')));
  const frame = shown(app).contentFrame();
  const node = frame.locator('svg .node rect, svg .node path').first();
  await expect(frame.getByText('Gateway')).toBeVisible({ timeout: 15000 });
  const fill = () => node.evaluate((e) => getComputedStyle(e).fill).catch(() => null);
  const light = await fill();
  await page.getByRole('button', { name: 'Dark theme' }).click();
  await expect.poll(fill).not.toBe(light);
  expect(await fill()).not.toBeNull();
  await expect(frame.getByText('Gateway')).toBeVisible();

  // Paper is light: printed, the dark theme's diagram is its light copy.
  const copy = app.preview.locator('figure.mermaid iframe.mermaid-print');
  await expect(copy).toHaveCount(1);
  await expect(copy).toBeHidden();
  await page.emulateMedia({ media: 'print' });
  await expect(copy).toBeVisible();
  await expect(shown(app)).toBeHidden();
  const printedFill = await copy.contentFrame().locator('svg .node rect, svg .node path').first().evaluate((e) => getComputedStyle(e).fill);
  expect(printedFill).toBe(light);
  await page.emulateMedia({ media: 'screen' });
  await expect(shown(app)).toBeVisible();
});

test('the HTML export carries each diagram as inline SVG and no script', async ({ page }) => {
  const app = new Planform(page);
  await app.open();
  await app.importFile('export.md', plan(fence(KINDS[0][1]) + '\n' + fence(KINDS[1][1])));
  await expect(drawn(app).contentFrame().getByText('Gateway')).toBeVisible({ timeout: 15000 });
  const { text } = await app.exportAs('HTML (.html)');
  const body = text.slice(text.indexOf('<body>'), text.indexOf('<template'));
  expect(body.match(/<figure class="mermaid-diagram"><svg /g)).toHaveLength(2);
  expect(body).toContain('>Gateway<');
  expect(body).toContain('enqueue order');
  expect(text).not.toMatch(/<script|\son[a-z]+=|javascript:/i);
  expect(body).not.toContain('language-mermaid');

  // The file shows the pictures with nothing else: open it as it is.
  const file = await page.context().newPage();
  await file.setContent(text);
  await expect(file.locator('figure svg').first().getByText('Gateway')).toBeVisible();
  await file.close();
});

test('after one visit, diagrams render with no network', async ({ context, page }) => {
  const app = new Planform(page);
  await app.open();
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await expect.poll(() => page.evaluate(() => !!navigator.serviceWorker.controller)).toBe(true);
  await context.setOffline(true);
  await page.reload();
  await expect(app.title).toBeVisible();
  await app.importFile('offline.md', plan(fence('flowchart LR\n  Client --> Gateway')));
  await expect(drawn(app).contentFrame().getByText('Gateway')).toBeVisible({ timeout: 15000 });
  await context.setOffline(false);
});

test('a share link shows the diagram, read-only', async ({ page, browser }) => {
  const app = new Planform(page);
  await app.open();
  await app.importFile('shared.md', plan(fence('flowchart LR\n  Client --> Gateway')));
  await app.exportMenu.click();
  await page.getByRole('menuitem', { name: 'Share link…' }).click();
  const link = await page.getByRole('dialog', { name: 'Share link' }).getByRole('textbox', { name: 'Share link' }).inputValue();
  const fresh = await browser.newContext();
  const viewer = await fresh.newPage();
  await viewer.goto(link);
  const preview = viewer.getByRole('region', { name: 'Preview' });
  await expect(preview.getByRole('heading', { name: 'Technical Plan: Diagrams' })).toBeVisible();
  await expect(preview.locator('figure.mermaid iframe.mermaid-frame').contentFrame().getByText('Gateway')).toBeVisible({ timeout: 15000 });
  await fresh.close();
});

test.describe('in a wiki page on another origin', () => {
  test.use({ hostOrigins: [new URL(wikiURL).origin] });
  test('the embedded editor and viewer show the diagram', async ({ page, baseURL }) => {
    const host = `${wikiURL}host.html?app=${encodeURIComponent(baseURL)}&doc=diagram`;
    await page.goto(host);
    await page.evaluate((md) => localStorage.setItem('wiki-page:diagram', md), plan(fence('flowchart LR\n  Client --> Gateway')));
    await page.reload();
    for (const title of ['Planform editor', 'Planform viewer']) {
      const app = page.getByTitle(title).contentFrame();
      const preview = app.getByRole('region', { name: 'Preview' });
      await expect(preview.getByText('After the picture.'), title).toBeVisible();
      await expect(preview.locator('figure.mermaid iframe.mermaid-frame').contentFrame().getByText('Gateway'), title).toBeVisible({ timeout: 15000 });
    }
  });
});

test('a version in History shows its diagram', async ({ page }) => {
  // The app's clock is Playwright's: the pause that takes a snapshot is skipped over.
  await page.clock.install();
  const app = new Planform(page);
  await app.open();
  await app.importFile('history.md', plan(fence('flowchart LR\n  Client --> Gateway')));
  await expect(app.preview.getByText('After the picture.')).toBeVisible();
  await page.clock.runFor(2300);
  await app.title.fill('Diagrams, revised');
  await page.getByRole('button', { name: 'History', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: 'History' });
  await dialog.getByRole('list', { name: 'Snapshots' }).getByRole('button').last().click();
  await dialog.getByRole('button', { name: 'View' }).click();
  await expect(dialog.locator('figure.mermaid iframe.mermaid-frame').contentFrame().getByText('Gateway')).toBeVisible({ timeout: 15000 });
});

test.describe('without the network', () => {
  // No service worker: the page's own requests are the ones that fail.
  test.use({ serviceWorkers: 'block' });
  test('a renderer that cannot be fetched leaves the code, says why, and the export goes on', async ({ page }) => {
    await page.clock.install();
    await page.route(/\/mermaid\/diagram-[0-9a-f]+\.html$/, (route) => route.abort('internetdisconnected'));
    const app = new Planform(page);
    await app.open();
    await app.importFile('offline.md', plan(fence('flowchart LR\n  Client --> Gateway')));
    await expect(app.preview.getByText('After the picture.')).toBeVisible();
    await page.clock.runFor(1500);
    await expect(app.preview.getByText(/^Diagram error: the diagram renderer could not be loaded/)).toBeVisible();
    await expect(app.preview.locator('pre code.language-mermaid')).toBeVisible();
    // The export tries a renderer too: its short wait is run through on the page's clock.
    let done = false;
    const exported = app.exportAs('HTML (.html)').finally(() => { done = true; });
    for (let i = 0; i < 20 && !done; i++) await page.clock.runFor(500);
    const { text } = await exported;
    expect(text).toContain('<code class="language-mermaid">');
    await expect(page.getByText(/Exported; 1 diagram kept as code/)).toBeVisible();
  });
});
