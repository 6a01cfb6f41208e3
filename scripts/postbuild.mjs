// Trunk post-build hook (see Trunk.toml): finishes dist/ as an offline, locked-down app.
//  1. index.html gets a Content-Security-Policy <meta> whose script-src allows this origin, the
//     WebAssembly it needs and, by sha256, exactly the inline loader Trunk wrote — nothing else.
//  2. sw.js is written with the exact list of files in the build and a cache name derived from
//     their contents, so every build has its own cache (Trunk's file-name hashes come from the
//     pre-wasm-opt output and cannot be trusted to change whenever the bytes do).
// First, the dialogs are cut out of the app's wasm (scripts/split.mjs), and the diagram frame is
// made (scripts/diagrams.mjs), in every build.
// Debug builds (`trunk serve`) get nothing more: its live-reload script is inline and changes.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { split } from './split.mjs';
import { diagrams } from './diagrams.mjs';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) throw new Error('run by Trunk as a post_build hook (TRUNK_STAGING_DIR is not set)');
split(dir, process.env.TRUNK_PROFILE === 'release');
diagrams(dir);
if (process.env.TRUNK_PROFILE !== 'release') process.exit(0);

const sha256 = (data) => createHash('sha256').update(data).digest('base64');

// 1. Content-Security-Policy.
const indexPath = join(dir, 'index.html');
let html = readFileSync(indexPath, 'utf8');
const hashes = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)]
  .filter((m) => !/\bsrc=/.test(m[0].slice(0, m[0].indexOf('>'))))
  .map((m) => `'sha256-${sha256(m[1])}'`);
export const policy = [
  "default-src 'self'",
  `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(' ')}`.trim(),
  // Inline style attributes carry table alignment in the preview; styles cannot run code.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
  "manifest-src 'self'",
  "worker-src 'self'",
].join('; ');
html = html.replace('<head>', `<head>\n  <meta http-equiv="Content-Security-Policy" content="${policy}">`);
writeFileSync(indexPath, html);

// 2. Service worker with the precache list.
const files = [];
(function walk(d) {
  for (const name of readdirSync(d).sort()) {
    const p = join(d, name);
    if (statSync(p).isDirectory()) walk(p);
    else if (name !== 'sw.js') files.push(relative(dir, p).split(sep).join('/'));
  }
})(dir);
const version = createHash('sha256');
for (const f of files) version.update(f).update(readFileSync(join(dir, f)));
const template = readFileSync(new URL('../public/sw.template.js', import.meta.url), 'utf8');
const sw = template
  .replace('__CACHE__', `planform-${version.digest('hex').slice(0, 16)}`)
  .replace('__FILES__', JSON.stringify(['./', ...files.filter((f) => f !== 'index.html' && f !== 'sw.template.js')]));
writeFileSync(join(dir, 'sw.js'), sw);
console.log(`postbuild: CSP with ${hashes.length} script hash(es); sw.js precaches ${files.length} files`);
