// Shows a rendered plan's mermaid blocks as their pictures. Loaded by the app
// (src/web/diagrams.rs) the first time a plan it shows has one; scripts/postbuild.mjs gives this
// file and the renderer page content-hashed names.
//
// Drawing: one hidden renderer for the whole page, diagram.html (one of the app's files, with
// its own Content-Security-Policy), which runs mermaid (a large renderer fed with text anyone
// may have written) in a frame of its own with sandbox="allow-scripts" and no
// allow-same-origin: an opaque origin that cannot read the plans (see diagram.js for why two
// levels). It takes {type: 'render', seq, source, theme} and answers with the SVG and its size,
// or mermaid's message; nothing else is accepted either way. One diagram is drawn at a time;
// a diagram edited again while it is drawn has the older answer dropped.
//
// Showing: each picture is shown in a frame of its own with sandbox="" (no script at all, an
// opaque origin) whose document is the SVG (srcdoc, so it inherits the app's policy: nothing is
// fetched from elsewhere). A new picture is shown in a new frame, swapped in when it has
// loaded, so the old one stays until then. A piece of the preview is re-rendered as its own
// HTML on every keystroke: `swap` parks the piece's frames in a hidden holder while its HTML is
// replaced and moves them back with `moveBefore`, which keeps a frame's document (insertBefore
// reloads it: where the browser lacks moveBefore, a moved picture blinks).

const RENDERER = new URL('__FRAME__', import.meta.url).href;
/** Longest SVG taken (a diagram is tens of kilobytes). */
const MAX_SVG = 4 << 20;
/** How long one diagram may take to draw. */
const RENDER_WAIT_MS = 20000;
/** Pictures kept for re-use (by source and theme), most recent last. */
const CACHE_SIZE = 64;

/**
 * @typedef {{svg: string, kind: string, width: number, height: number}} Picture
 * @typedef {{figure: Element|null, frames: HTMLIFrameElement[], source: string, theme: string,
 *   shown: Picture|null, asked: number, print: HTMLIFrameElement|null, printed: string|null}} Diagram
 *   (frames: the one shown, then any still loading; print: the light copy a dark theme prints)
 */

/** @type {WeakMap<Element, Diagram>} figure → its diagram */
const of = new WeakMap();
/** @type {Map<string, Picture>} `${theme}\n${source}` → picture */
const cache = new Map();
/** @type {Diagram[]} diagrams parked while their piece's HTML is replaced, not claimed yet */
let parked = [];
let holder = null;
let seq = 0;

const dark = () => {
  const chosen = document.documentElement.getAttribute('data-theme');
  return chosen ? chosen === 'dark' : matchMedia('(prefers-color-scheme: dark)').matches;
};
const theme = () => (dark() ? 'dark' : 'light');

const move = (parent, node, before = null) => {
  if (typeof parent.moveBefore === 'function' && node.isConnected && parent.isConnected) {
    try {
      parent.moveBefore(node, before);
      return;
    } catch {
      // Not movable in place: inserted instead (the frame reloads).
    }
  }
  parent.insertBefore(node, before);
};

const hold = () => {
  if (!holder || !holder.isConnected) {
    holder = document.createElement('div');
    holder.className = 'mermaid-holder';
    holder.hidden = true;
    document.body.append(holder);
  }
  return holder;
};

// ---------------------------------------------------------------------------------------------
// The renderer.

/** @type {{frame: HTMLIFrameElement, ready: Promise<boolean>}|null} */
let renderer = null;
/** @type {Map<number, (answer: {picture?: Picture, error?: string}) => void>} */
const waiting = new Map();
let readyNow = null;
/** Requests not sent yet, one per diagram (a newer one replaces it), in order. */
const queue = [];
let busy = false;

const start = () => {
  if (renderer && renderer.frame.isConnected) return renderer;
  const frame = document.createElement('iframe');
  frame.setAttribute('referrerpolicy', 'no-referrer');
  frame.className = 'mermaid-renderer';
  frame.setAttribute('aria-hidden', 'true');
  frame.tabIndex = -1;
  frame.title = 'Diagram renderer';
  // True when the renderer says it is ready. Its page's load event waits for the sandboxed
  // frame inside it, so a page that loaded without saying so (an error page: offline before
  // the service worker had it) did not start: false, soon after, rather than a long wait.
  let settle = () => {};
  const ready = new Promise((resolve) => {
    settle = resolve;
  });
  readyNow = () => settle(true);
  frame.addEventListener('load', () => setTimeout(() => settle(false), 1000), { once: true });
  frame.src = RENDERER;
  document.body.append(frame);
  renderer = { frame, ready };
  return renderer;
};

addEventListener('message', (event) => {
  // diagram.html is of the app's origin; it relays the sandboxed frame's checked answers.
  if (!renderer || event.source !== renderer.frame.contentWindow || event.origin !== location.origin) return;
  const m = event.data;
  if (!m || typeof m !== 'object') return;
  if (m.type === 'ready') {
    if (readyNow) readyNow();
    return;
  }
  const answer = waiting.get(m.seq);
  if (!answer) return;
  waiting.delete(m.seq);
  if (m.type === 'rendered' && typeof m.svg === 'string' && m.svg.length <= MAX_SVG) {
    const kind = typeof m.kind === 'string' ? m.kind : '';
    answer({ picture: { svg: m.svg, kind, width: Number(m.width) || 0, height: Number(m.height) || 0 } });
  } else if (m.type === 'error' && typeof m.message === 'string') {
    answer({ error: m.message });
  } else {
    answer({ error: 'the diagram renderer gave no picture' });
  }
});

/** Draws `source` in `theme` (one at a time, from the cache when it was drawn before). */
const draw = async (source, themeName) => {
  const key = `${themeName}\n${source}`;
  const known = cache.get(key);
  if (known) {
    cache.delete(key);
    cache.set(key, known);
    return { picture: known };
  }
  const r = start();
  // A renderer that did not start is said, and the next diagram tries a new one.
  if (!(await r.ready)) {
    r.frame.remove();
    if (renderer === r) renderer = null;
    return { error: 'the diagram renderer could not be loaded (is the network down?)' };
  }
  // The renderer lays a picture out at the preview's width (a gantt chart fills it).
  const wide = document.querySelector('.preview .markdown-body');
  r.frame.style.width = `${Math.max(320, Math.round(wide ? wide.clientWidth : 800))}px`;
  const answer = await new Promise((resolve) => {
    const id = ++seq;
    const timer = setTimeout(() => {
      waiting.delete(id);
      resolve({ error: 'the diagram took too long to draw' });
    }, RENDER_WAIT_MS);
    waiting.set(id, (a) => {
      clearTimeout(timer);
      resolve(a);
    });
    r.frame.contentWindow.postMessage({ type: 'render', seq: id, source, theme: themeName }, location.origin);
  });
  if (answer.picture) {
    cache.set(key, answer.picture);
    while (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value);
  }
  return answer;
};

/** Asks for diagram `d`'s current source to be drawn; shows the answer if it is still wanted. */
const ask = (d) => {
  const at = queue.indexOf(d);
  if (at >= 0) queue.splice(at, 1);
  queue.push(d);
  d.asked++;
  pump();
};

const pump = async () => {
  if (busy) return;
  busy = true;
  try {
    while (queue.length) {
      const d = queue.shift();
      const asked = d.asked;
      const { source, theme: themeName } = d;
      const answer = await draw(source, themeName);
      // Edited again meanwhile: this answer is for an older source.
      if (d.asked !== asked) continue;
      if (answer.picture) show(d, answer.picture);
      else fail(d, answer.error || 'no picture');
      if (answer.picture) printCopy(d);
    }
    // The light copies a dark theme prints, once the pictures on screen are drawn.
    while (!queue.length && later.length) {
      const d = later.shift();
      if (!d.figure || d.theme !== 'dark' || d.printed === d.source) continue;
      const source = d.source;
      const answer = await draw(source, 'light');
      if (answer.picture && d.source === source && d.figure) printed(d, answer.picture);
    }
  } finally {
    busy = false;
  }
  if (queue.length) pump();
};

// ---------------------------------------------------------------------------------------------
// Print. Paper is light: a diagram the dark theme shows is printed from a light copy, drawn
// after the pictures on screen and shown only in print (app.css).

/** @type {Diagram[]} diagrams whose light print copy is still to draw */
const later = [];

const printCopy = (d) => {
  if (d.theme === 'light') {
    if (d.print) d.print.remove();
    d.print = null;
    d.printed = null;
    return;
  }
  if (d.printed !== d.source && !later.includes(d)) later.push(d);
};

const printed = (d, picture) => {
  const frame = document.createElement('iframe');
  frame.setAttribute('sandbox', '');
  frame.className = 'mermaid-print';
  frame.title = picture.kind ? `Diagram: ${picture.kind}` : 'Diagram';
  frame.setAttribute('aria-hidden', 'true');
  frame.tabIndex = -1;
  frame.style.height = `${heightOf(d.figure, picture)}px`;
  frame.srcdoc = page(picture.svg, 'light');
  if (d.print) d.print.replaceWith(frame);
  else d.figure.append(frame);
  d.print = frame;
  d.printed = d.source;
};

// ---------------------------------------------------------------------------------------------
// Showing pictures.

/** The picture's SVG without what a shown picture must not have: links (a click would take the
 *  frame elsewhere) and scripts (the frame runs none anyway). Parsed inertly. */
const inert = (svg) => {
  const doc = new DOMParser().parseFromString(`<body>${svg}</body>`, 'text/html');
  for (const el of doc.querySelectorAll('script, foreignObject, iframe')) el.remove();
  for (const a of doc.querySelectorAll('a')) {
    a.removeAttribute('href');
    a.removeAttributeNS('http://www.w3.org/1999/xlink', 'href');
  }
  return doc.body.innerHTML;
};

const page = (svg, themeName) =>
  '<!DOCTYPE html><html><head><meta charset="utf-8"><style>' +
  `:root{color-scheme:${themeName === 'dark' ? 'dark' : 'light'}}` +
  'html,body{margin:0;padding:0;background:transparent;overflow:hidden}' +
  'body{display:flex;justify-content:center}svg{display:block;max-width:100%;height:auto}' +
  `</style></head><body>${inert(svg)}</body></html>`;

/** The height a picture takes at the figure's width. */
const heightOf = (figure, p) => {
  if (!p.width || !p.height) return 0;
  const width = Math.min(figure.clientWidth || p.width, p.width);
  return Math.ceil((width * p.height) / p.width);
};

const resized = new ResizeObserver((entries) => {
  for (const e of entries) {
    const d = of.get(e.target);
    if (d && d.shown) for (const f of d.frames) f.style.height = `${heightOf(e.target, d.shown)}px`;
  }
});

const show = (d, picture) => {
  fail(d, null);
  const figure = d.figure;
  if (!figure) return;
  const frame = document.createElement('iframe');
  frame.setAttribute('sandbox', '');
  frame.className = 'mermaid-frame';
  frame.title = picture.kind ? `Diagram: ${picture.kind}` : 'Diagram';
  frame.style.height = `${heightOf(figure, picture)}px`;
  // The picture shown so far stays until this one has loaded.
  if (figure.querySelector(':scope > iframe.mermaid-frame')) frame.classList.add('mermaid-next');
  frame.addEventListener(
    'load',
    () => {
      const at = frame.parentElement;
      if (d.frames[d.frames.length - 1] !== frame || !at) return;
      frame.classList.remove('mermaid-next');
      for (const f of at.querySelectorAll(':scope > iframe.mermaid-frame')) if (f !== frame) f.remove();
      d.frames = [frame];
    },
    { once: true },
  );
  frame.srcdoc = page(picture.svg, d.theme);
  figure.insertBefore(frame, figure.firstChild);
  d.frames.push(frame);
  d.shown = picture;
  figure.classList.add('drawn');
  resized.observe(figure);
};

const fail = (d, message) => {
  const figure = d.figure;
  if (!figure) return;
  let line = figure.querySelector(':scope > .mermaid-error');
  if (message === null) {
    if (line) line.remove();
    return;
  }
  if (!line) {
    line = document.createElement('p');
    line.className = 'mermaid-error';
    figure.insertBefore(line, figure.querySelector(':scope > pre'));
  }
  line.textContent = `Diagram error: ${message}`;
};

const sweepSoon = () => {
  setTimeout(() => {
    for (const d of parked) for (const f of [...d.frames, d.print]) if (f) f.remove();
    parked = [];
  }, 0);
};

/**
 * Gives every mermaid block under `root` that has none its figure: the diagram of a parked
 * figure that showed the same source if there is one, else one of `mine` (the diagrams this
 * part of the page had, in order), else a new one.
 */
const enrich = (root, mine) => {
  const now = theme();
  for (const code of root.querySelectorAll('pre > code.language-mermaid')) {
    const pre = code.parentElement;
    if (!pre || !pre.parentElement || pre.parentElement.classList.contains('mermaid')) continue;
    const source = code.textContent || '';
    const figure = document.createElement('figure');
    figure.className = 'mermaid';
    pre.parentElement.insertBefore(figure, pre);
    figure.append(pre);
    const same = (d) => d.source === source;
    let d = null;
    for (const pool of [mine, parked]) {
      const at = pool.findIndex(same);
      if (at >= 0) {
        d = pool.splice(at, 1)[0];
        break;
      }
    }
    if (!d && mine.length) d = mine.shift();
    if (!d) d = { figure: null, frames: [], source, theme: now, shown: null, asked: 0, print: null, printed: null };
    d.figure = figure;
    of.set(figure, d);
    d.frames = d.frames.filter((f) => f.isConnected);
    for (const f of d.frames) move(figure, f, pre);
    if (d.print && d.print.isConnected) move(figure, d.print);
    else d.print = null;
    if (d.frames.length && d.shown) {
      figure.classList.add('drawn');
      resized.observe(figure);
    }
    if (d.source !== source || d.theme !== now || !d.shown) {
      d.source = source;
      d.theme = now;
      ask(d);
    }
  }
  parked.push(...mine);
  if (parked.length) sweepSoon();
};

/** Replaces `el`'s HTML with `html`, keeping the pictures of the diagrams it shows. */
export function swap(el, html) {
  const mine = [];
  for (const figure of el.querySelectorAll('figure.mermaid')) {
    const d = of.get(figure);
    if (!d) continue;
    resized.unobserve(figure);
    d.frames = d.frames.filter((f) => f.parentElement === figure);
    for (const f of d.frames) move(hold(), f);
    if (d.print && d.print.parentElement === figure) move(hold(), d.print);
    d.figure = null;
    mine.push(d);
  }
  el.innerHTML = html;
  enrich(el, mine);
}

/** Draws the diagrams under `root` that are not drawn yet (after this module first loads). */
export function attach(root) {
  enrich(root, []);
}

// The theme follows the app's choice and the system's: every diagram is drawn again in it.
const retheme = () => {
  const now = theme();
  for (const figure of document.querySelectorAll('figure.mermaid')) {
    const d = of.get(figure);
    if (d && d.theme !== now) {
      d.theme = now;
      ask(d);
    }
  }
};
new MutationObserver(retheme).observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
matchMedia('(prefers-color-scheme: dark)').addEventListener('change', retheme);

/**
 * The SVG of each source in the light theme (for the HTML export), or {error}: pictures drawn
 * before are re-used, the others drawn now.
 * @param {string[]} sources
 * @returns {Promise<Array<{svg?: string, error?: string}>>}
 */
export async function pictures(sources) {
  const out = [];
  for (const source of sources) {
    const answer = await draw(source, 'light');
    out.push(answer.picture ? { svg: answer.picture.svg } : { error: answer.error || 'no picture' });
  }
  return out;
}
