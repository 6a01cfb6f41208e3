// The File System Access API and IndexedDB, for web/folder: a thin layer of promises over the
// browser's handles, so the wasm keeps only the decisions (which files, what to write, when).
// Paths are relative to the folder opened, '/'-separated.

export function supported() {
  return typeof window.showDirectoryPicker === 'function';
}

export function pick() {
  return window.showDirectoryPicker({ id: 'planform', mode: 'readwrite' });
}

export function handleName(handle) {
  return handle.name;
}

// Every markdown file under `root`, read: [[path, text, lastModified], …]. `skip(name)` says a
// folder is not entered, `wanted(name)` that a file is read (the core's rules).
export async function readAll(root, skip, wanted, maxBytes) {
  const out = [];
  const failed = [];
  async function walk(dir, prefix) {
    for await (const entry of dir.values()) {
      const path = prefix + entry.name;
      if (entry.kind === 'directory') {
        if (!skip(entry.name)) await walk(entry, path + '/');
      } else if (wanted(entry.name)) {
        try {
          const file = await entry.getFile();
          if (file.size > maxBytes) { failed.push([path, `over ${maxBytes >> 20} MB`]); continue; }
          out.push([path, await file.text(), file.lastModified]);
        } catch (e) {
          failed.push([path, String(e && e.message || e)]);
        }
      }
    }
  }
  await walk(root, '');
  out.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return [out, failed];
}

async function fileHandle(root, path, create) {
  const parts = path.split('/');
  let dir = root;
  for (const part of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(part, { create });
  return dir.getFileHandle(parts[parts.length - 1], { create });
}

// [text, lastModified] of the file at `path`, or null when it is gone.
export async function read(root, path) {
  try {
    const file = await (await fileHandle(root, path, false)).getFile();
    return [await file.text(), file.lastModified];
  } catch (e) {
    if (e && e.name === 'NotFoundError') return null;
    throw e;
  }
}

// The image file at `path` as a Blob typed by its name (an SVG shows in <img> only when typed
// so), or null when it cannot be read.
const IMAGE_TYPES = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', avif: 'image/avif', svg: 'image/svg+xml', bmp: 'image/bmp' };
export async function readImage(root, path) {
  const type = IMAGE_TYPES[path.split('.').pop().toLowerCase()];
  if (!type) return null;
  try {
    const file = await (await fileHandle(root, path, false)).getFile();
    return new Blob([file], { type });
  } catch (e) {
    return null;
  }
}

// Writes `text` to the file at `path` (made when `create`; then it must not exist yet).
export async function write(root, path, text, create) {
  if (create && (await read(root, path)) !== null) throw new Error(`${path} already exists`);
  const handle = await fileHandle(root, path, create);
  const stream = await handle.createWritable();
  await stream.write(text);
  await stream.close();
  return (await handle.getFile()).lastModified;
}

// 'granted', 'prompt' or 'denied'; with `ask`, asks the user (needs a click).
export async function permission(handle, ask) {
  const mode = { mode: 'readwrite' };
  if (typeof handle.queryPermission !== 'function') return 'granted';
  const now = await handle.queryPermission(mode);
  if (now === 'granted' || !ask) return now;
  return handle.requestPermission(mode);
}

// The folder handle kept between visits (IndexedDB: a handle cannot be kept in localStorage).
function db() {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open('planform', 1);
    req.onupgradeneeded = () => req.result.createObjectStore('handles');
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function tx(mode, run) {
  const d = await db();
  return new Promise((resolve, reject) => {
    const t = d.transaction('handles', mode);
    const req = run(t.objectStore('handles'));
    t.oncomplete = () => { d.close(); resolve(req.result); };
    t.onerror = () => { d.close(); reject(t.error); };
  });
}

export function remember(handle) {
  return tx('readwrite', (s) => s.put(handle, 'folder'));
}

export function remembered() {
  return tx('readonly', (s) => s.get('folder')).then((h) => h || null);
}

export function forget() {
  return tx('readwrite', (s) => s.delete('folder'));
}
