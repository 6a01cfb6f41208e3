// A folder of plan files for the specs. Playwright cannot click the browser's folder picker, so
// the page's `showDirectoryPicker` returns a folder of the Origin Private File System, filled
// here: its handles are the same API, so every read and write of the app is a real one.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const ROOT = new URL('../fixtures/repo/', import.meta.url).pathname;

/** The fixture repository (`tests/fixtures/repo`) as { path: text }, with what git cannot keep
 * and the walk must skip (`.git`, `node_modules`). */
export function repoFiles() {
  const files = {};
  (function walk(d) {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else files[relative(ROOT, p).split(sep).join('/')] = readFileSync(p, 'utf8');
    }
  })(ROOT);
  files['.git/0001-in-git.md'] = '# In git\n\n- Status: accepted\n';
  files['node_modules/pkg/0001-not-ours.md'] = '# Not ours\n\n- Status: accepted\n';
  return files;
}

/** Makes `showDirectoryPicker` hand the page the OPFS folder `repo` (from the first script on). */
export async function pickerGivesRepo(page) {
  await page.addInitScript(() => {
    window.showDirectoryPicker = async () =>
      (await navigator.storage.getDirectory()).getDirectoryHandle('repo', { create: true });
  });
}

/** Empties the OPFS folder `repo` and writes `files` ({ path: text }) into it. */
export async function fillRepo(page, files) {
  await page.evaluate(async (files) => {
    const root = await navigator.storage.getDirectory();
    await root.removeEntry('repo', { recursive: true }).catch(() => {});
    const repo = await root.getDirectoryHandle('repo', { create: true });
    for (const [path, text] of Object.entries(files)) {
      const parts = path.split('/');
      let dir = repo;
      for (const p of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(p, { create: true });
      const file = await dir.getFileHandle(parts[parts.length - 1], { create: true });
      const w = await file.createWritable();
      await w.write(text);
      await w.close();
    }
  }, files);
}

/** Every file of the OPFS folder `repo`: { path: [text, lastModified] }. */
export async function readRepo(page) {
  return page.evaluate(async () => {
    const out = {};
    async function walk(dir, prefix) {
      for await (const e of dir.values()) {
        if (e.kind === 'directory') await walk(e, `${prefix}${e.name}/`);
        else {
          const f = await e.getFile();
          out[prefix + e.name] = [await f.text(), f.lastModified];
        }
      }
    }
    const root = await navigator.storage.getDirectory();
    await walk(await root.getDirectoryHandle('repo', { create: true }), '');
    return out;
  });
}

/** Writes `text` to `path` in the OPFS folder, as another program would (a `git pull`). */
export async function writeBehind(page, path, text) {
  await fillRepoFile(page, path, text);
}

async function fillRepoFile(page, path, text) {
  await page.evaluate(async ([path, text]) => {
    const root = await navigator.storage.getDirectory();
    let dir = await root.getDirectoryHandle('repo', { create: true });
    const parts = path.split('/');
    for (const p of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(p, { create: true });
    const w = await (await dir.getFileHandle(parts[parts.length - 1], { create: true })).createWritable();
    await w.write(text);
    await w.close();
  }, [path, text]);
}

/** Opens the app with the fixture repository as the folder the picker gives, and opens it. */
export async function openRepo(page, app, files = repoFiles()) {
  await pickerGivesRepo(page);
  await app.open();
  await fillRepo(page, files);
  await page.getByRole('button', { name: 'Open folder' }).click();
  await page.getByRole('navigation', { name: 'Plans' }).getByText('repo', { exact: true }).waitFor();
  return files;
}
