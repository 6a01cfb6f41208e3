// The renderer's script: it runs mermaid. scripts/diagrams.mjs inlines it, after mermaid, into
// frame.html, which diagram.html (the one hidden page the app embeds to draw diagrams) shows as
// the srcdoc of an iframe with sandbox="allow-scripts" and no allow-same-origin: an opaque
// origin that cannot read the app's storage. It takes one kind of message from its parent
// (diagram.js), {type: 'render', seq, source, theme}, renders the diagram with mermaid under
// securityLevel 'strict', and answers with the picture's SVG and size ({type: 'rendered'}) or
// mermaid's message ({type: 'error'}). Anything else is ignored. The app asks for one diagram
// at a time.
(() => {
  'use strict';
  const mermaid = globalThis.mermaid;
  const out = document.getElementById('diagram');
  // The parent is diagram.html (the app's origin); this document's origin is opaque, so its
  // messages can only be addressed to any origin, and the parent checks they come from here.
  const post = (message) => parent.postMessage(message, '*');

  const settings = (theme) => ({
    startOnLoad: false,
    securityLevel: 'strict',
    theme: theme === 'dark' ? 'dark' : 'default',
    htmlLabels: false,
    flowchart: { htmlLabels: false },
    class: { htmlLabels: false },
    state: { htmlLabels: false },
    fontFamily: '-apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif',
    maxTextSize: 200000,
  });

  addEventListener('message', async (event) => {
    if (event.source !== parent) return;
    const m = event.data;
    if (!m || m.type !== 'render' || typeof m.source !== 'string' || !Number.isSafeInteger(m.seq)) return;
    const seq = m.seq;
    try {
      mermaid.initialize(settings(m.theme));
      const { svg } = await mermaid.render(`planform-diagram-${seq}`, m.source);
      // Laid out at this frame's width (the preview's), to measure it.
      out.innerHTML = svg;
      const picture = out.querySelector('svg');
      const box = picture ? picture.getBoundingClientRect() : { width: 0, height: 0 };
      const kind = (picture && picture.getAttribute('aria-roledescription')) || '';
      out.replaceChildren();
      post({ type: 'rendered', seq, svg, kind, width: box.width, height: box.height });
    } catch (error) {
      out.replaceChildren();
      const message = String((error && (error.message || error.str)) || error).slice(0, 2000);
      post({ type: 'error', seq, message });
    }
  });
  post({ type: 'ready' });
})();
