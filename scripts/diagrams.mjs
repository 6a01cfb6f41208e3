// Finishes the diagram files in a build (called by postbuild.mjs, in every build; Trunk copies
// public/mermaid/ into the build as mermaid/):
//  - mermaid/diagram.html (the page the app embeds, one per diagram) gets its relay script
//    (diagram.js) inlined, and in a <template> the sandboxed frame's document: frame.html with
//    mermaid's browser build (tools/vendor, from scripts/setup.sh) and frame.js inlined. Its
//    Content-Security-Policy allows exactly those three scripts, by hash. Self-contained on
//    purpose: the sandboxed frame's origin is opaque, so the service worker serves neither its
//    navigation nor its requests; the page is a navigation of the app's origin, which it serves.
//  - host.js learns the page's name; both get content-hashed names.
//  - index.html names the host in <meta name="planform-diagrams"> (the app loads it when a plan
//    has a diagram, src/web/diagrams.rs).
//  - mermaid's licence and third-party notices ship beside them.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';

export const MERMAID_VERSION = '12.4.0';
const vendor = new URL(`../tools/vendor/mermaid-${MERMAID_VERSION}/`, import.meta.url);

const sha256 = (data) => createHash('sha256').update(data).digest('base64');
const short = (data) => createHash('sha256').update(data).digest('hex').slice(0, 16);

export function diagrams(dir) {
  const out = join(dir, 'mermaid');
  const inner = join(out, 'frame.html');
  if (!existsSync(inner)) return; // already done (or not a build of this app)
  const built = new URL('dist/mermaid.min.js', vendor);
  if (!existsSync(built)) {
    throw new Error(`mermaid ${MERMAID_VERSION} is not in tools/vendor: run scripts/setup.sh serve`);
  }
  // An inline script ends at the first "</script": mermaid has none today, and a JavaScript
  // string or regular expression reads "<\/script" the same. Nor may the frame's document,
  // held in the page's <template>, close that template early.
  const mermaid = readFileSync(built, 'utf8').replaceAll('</script', '<\\/script').replaceAll('</template', '<\\/template');
  const frameScript = readFileSync(join(out, 'frame.js'), 'utf8');
  const relay = readFileSync(join(out, 'diagram.js'), 'utf8');
  const scripts = [mermaid, frameScript, relay].map((s) => `'sha256-${sha256(s)}'`).join(' ');
  const policy = [
    "default-src 'none'",
    `script-src ${scripts}`,
    // mermaid writes its theme as <style> in the SVG; styles cannot run code.
    "style-src 'unsafe-inline'",
    'img-src data:',
    'font-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  // The sandboxed frame's document (its srcdoc inherits the page's policy; it repeats it).
  const frameDoc = readFileSync(inner, 'utf8')
    .replace('__CSP__', policy)
    .replace('<script>__MERMAID__</script>', () => `<script>${mermaid}</script>`)
    .replace('<script>__FRAME__</script>', () => `<script>${frameScript}</script>`);
  if (/<\/template/i.test(frameDoc)) throw new Error('the diagram frame would close its template early');
  const page = readFileSync(join(out, 'diagram.html'), 'utf8')
    .replace('__CSP__', policy)
    .replace('<template id="frame">__FRAME__</template>', () => `<template id="frame">${frameDoc}</template>`)
    .replace('<script>__RELAY__</script>', () => `<script>${relay}</script>`);
  const pageName = `diagram-${short(page)}.html`;
  writeFileSync(join(out, pageName), page);
  const host = readFileSync(join(out, 'host.js'), 'utf8').replace('__FRAME__', pageName);
  const hostName = `host-${short(host)}.js`;
  writeFileSync(join(out, hostName), host);
  for (const f of ['frame.html', 'frame.js', 'diagram.html', 'diagram.js', 'host.js']) rmSync(join(out, f));
  copyFileSync(new URL('LICENSE', vendor), join(out, 'LICENSE.txt'));
  copyFileSync(new URL('THIRD_PARTY_NOTICES', vendor), join(out, 'THIRD_PARTY_NOTICES.txt'));
  const index = join(dir, 'index.html');
  const html = readFileSync(index, 'utf8');
  if (!html.includes('name="planform-diagrams"')) {
    writeFileSync(index, html.replace('</head>', `  <meta name="planform-diagrams" content="mermaid/${hostName}">\n</head>`));
  }
  console.log(`postbuild: diagram page ${pageName} (${(page.length / 1e6).toFixed(1)} MB, mermaid ${MERMAID_VERSION})`);
}
