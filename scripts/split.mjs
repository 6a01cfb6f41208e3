// Cuts the app's dialogs out of its wasm into modules fetched when first opened (called by
// scripts/postbuild.mjs, Trunk's post-build hook). Trunk has no step for this (trunk-rs/trunk
// #1022): the cut must happen between the linker and wasm-bindgen, on the relocations the
// linker kept (build.rs asks for them when the `split` feature is on, as index.html sets it).
// So this takes cargo's output again and redoes what Trunk did after it, with the same pinned
// tools:
//  1. wasm-split-cli (pinned in scripts/setup.sh) cuts it at the `#[lazy]` functions: the app,
//     one module per dialog, chunks the dialogs share, and `__wasm_split.js`, their loader;
//  2. wasm-bindgen makes the app's JS and wasm under the names Trunk gave them;
//  3. wasm-opt -Oz optimises every module (release; Trunk's own pass is off: data-wasm-opt="0");
//  4. the pieces get content-hashed names, and index.html's integrity attributes are redone.
// The service worker (written next by postbuild.mjs) precaches the pieces with the rest.
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// Runs a tool; its stderr is shown but for wasm-opt's notes on the splitter's name section
// ("unknown name subsection"), which are harmless and would fill the log.
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'pipe'], encoding: 'utf8' });
  const said = (r.stderr || '').split('\n').filter((l) => l && !/unknown name subsection/.test(l));
  if (said.length) process.stderr.write(`${said.join('\n')}\n`);
  if (r.status !== 0) throw new Error(`split: ${cmd} failed (${r.error?.message ?? r.status ?? r.signal})`);
};
const digest = (algorithm, data) => createHash(algorithm).update(data).digest();

// wasm-opt's features: what the linker and wasm-bindgen emit (Trunk passes the same).
const FEATURES = [
  '--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext',
  '--enable-mutable-globals', '--enable-reference-types', '--enable-multivalue',
];

export function split(dir, release) {
  const html = readFileSync(join(dir, 'index.html'), 'utf8');
  const js = html.match(/\.\/(planform-web-[0-9a-f]+)\.js/);
  if (!js) throw new Error('split: index.html loads no planform-web-<hash>.js');
  const name = js[1];
  // Trunk's own wasm-bindgen output of the uncut wasm imports the splitter's placeholder; a
  // folder already cut (a test finishing a copy of dist/ again) is left as it is.
  if (!readFileSync(join(dir, `${name}.js`), 'utf8').includes('__wasm_split_placeholder__')) {
    console.log('split: already cut');
    return;
  }
  const root = fileURLToPath(new URL('..', import.meta.url));
  const target = resolve(root, process.env.CARGO_TARGET_DIR || 'target');
  const input = join(target, 'wasm32-unknown-unknown', release ? 'release' : 'debug', 'planform-web.wasm');

  const work = mkdtempSync(join(tmpdir(), 'planform-split-'));
  try {
    // 1. Cut. The loader imports `initSync` from the app's JS, so it is told its real name.
    run('wasm-split-cli', ['--target', 'web', '--out-name', name, input, work]);
    // 2. The app's JS and wasm, as Trunk names them (its wasm-bindgen output is replaced).
    const bound = join(work, 'bound');
    run('wasm-bindgen', ['--target', 'web', '--no-typescript', '--keep-lld-exports', '--no-demangle',
      '--out-name', name, '--out-dir', bound, join(work, `${name}.wasm`)]);
    copyFileSync(join(bound, `${name}.js`), join(dir, `${name}.js`));
    cpSync(join(bound, 'snippets'), join(dir, 'snippets'), { recursive: true });
    const pieces = readdirSync(work).filter((f) => f.endsWith('.wasm') && f !== `${name}.wasm`);
    const wasm = [[join(bound, `${name}_bg.wasm`), join(dir, `${name}_bg.wasm`)],
      ...pieces.map((f) => [join(work, f), join(work, f)])];
    // 3. Optimise (one wasm-opt per module; the app's is the slow one).
    for (const [from, to] of wasm) {
      if (release) run('wasm-opt', ['-Oz', ...FEATURES, from, '-o', to]);
      else copyFileSync(from, to);
    }
    // 4. Content-hashed names: a piece changes name whenever its bytes do.
    let loader = readFileSync(join(work, '__wasm_split.js'), 'utf8');
    for (const f of pieces) {
      const bytes = readFileSync(join(work, f));
      const hashed = f.replace(/\.wasm$/, `-${digest('sha256', bytes).toString('hex').slice(0, 16)}.wasm`);
      if (!loader.includes(`"./${f}"`)) throw new Error(`split: the loader does not load ${f}`);
      loader = loader.replaceAll(`"./${f}"`, `"./${hashed}"`);
      writeFileSync(join(dir, hashed), bytes);
    }
    const loaderName = `__wasm_split-${digest('sha256', loader).toString('hex').slice(0, 16)}.js`;
    writeFileSync(join(dir, loaderName), loader);
    const appJs = join(dir, `${name}.js`);
    const app = readFileSync(appJs, 'utf8');
    // Only the `import … from` lines: the wasm's own import names stay as they are.
    if (!app.includes('from "./__wasm_split.js"')) throw new Error('split: the app imports no __wasm_split.js');
    writeFileSync(appJs, app.replaceAll('from "./__wasm_split.js"', `from "./${loaderName}"`));
    // index.html's subresource integrity, for the files just rewritten.
    writeFileSync(join(dir, 'index.html'), html.replace(
      /href="\.\/([^"]+)"([^>]*?) integrity="sha384-[^"]+"/g,
      (_, file, between) => `href="./${file}"${between} integrity="sha384-${digest('sha384', readFileSync(join(dir, file))).toString('base64')}"`,
    ));
    console.log(`split: ${pieces.length} modules loaded on demand beside ${name}_bg.wasm`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
