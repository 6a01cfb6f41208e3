// The hidden page the app embeds to draw diagrams (diagram.html, a file of the app's origin, so
// the service worker serves it offline). It runs no renderer itself: it holds the sandboxed
// frame that does (its <template>, frame.html with mermaid inlined, as the srcdoc of an iframe
// with sandbox="allow-scripts" and no allow-same-origin, which inherits this page's policy:
// exactly the scripts it carries, by hash) and passes messages between the app and that frame,
// checked both ways.
//
// Why not embed the sandboxed frame from the app directly: a navigation into an opaque origin
// is not handed to the service worker (Chromium, measured: net::ERR_INTERNET_DISCONNECTED
// offline after a visit), and a srcdoc frame of the app's own page would inherit the app's
// policy, which allows no inline script.
(() => {
  'use strict';
  const app = location.origin;
  const frame = document.createElement('iframe');
  frame.setAttribute('sandbox', 'allow-scripts');
  frame.setAttribute('referrerpolicy', 'no-referrer');
  frame.title = 'Diagram renderer';
  frame.srcdoc = document.getElementById('frame').innerHTML;
  document.body.append(frame);

  const seqOk = (n) => Number.isSafeInteger(n) && n >= 0;
  const size = (n) => (Number.isFinite(n) && n >= 0 ? Math.min(n, 100000) : 0);
  addEventListener('message', (event) => {
    const m = event.data;
    if (!m || typeof m !== 'object') return;
    if (event.source === parent && event.origin === app) {
      if (m.type === 'render' && seqOk(m.seq) && typeof m.source === 'string' && (m.theme === 'light' || m.theme === 'dark')) {
        if (frame.contentWindow) frame.contentWindow.postMessage({ type: 'render', seq: m.seq, source: m.source, theme: m.theme }, '*');
      }
      return;
    }
    // The sandboxed frame's origin is opaque: its messages say "null".
    if (event.source !== frame.contentWindow || event.origin !== 'null') return;
    let out = null;
    if (m.type === 'ready') out = { type: 'ready' };
    else if (m.type === 'rendered' && seqOk(m.seq) && typeof m.svg === 'string') {
      const kind = typeof m.kind === 'string' ? m.kind.slice(0, 60) : '';
      out = { type: 'rendered', seq: m.seq, svg: m.svg, kind, width: size(m.width), height: size(m.height) };
    } else if (m.type === 'error' && seqOk(m.seq) && typeof m.message === 'string') {
      out = { type: 'error', seq: m.seq, message: m.message.slice(0, 2000) };
    }
    if (out) parent.postMessage(out, app);
  });
})();
