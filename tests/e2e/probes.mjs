// In-page probes shared by the benchmark and the start-up trace (not tests).

/**
 * An init script: when the plan's first field enters the DOM, records `window.__field`, marks
 * `pf-field` (ties a Chrome trace's clock to the page's), and records `window.__fieldPainted`
 * after the frame that shows it (a frame, then a task: the stand-in for a painted frame the
 * keystroke figures use too). Long tasks are kept in `window.__long` as [start, duration].
 */
export function firstFieldProbe() {
  window.__long = [];
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__long.push([e.startTime, e.duration]); })
      .observe({ type: 'longtask', buffered: true });
  } catch {}
  new MutationObserver((_, observer) => {
    if (document.querySelector('[role=tabpanel] input, [role=tabpanel] textarea')) {
      observer.disconnect();
      window.__field = performance.now();
      performance.mark('pf-field');
      requestAnimationFrame(() => setTimeout(() => { window.__fieldPainted = performance.now(); }, 0));
    }
  }).observe(document, { subtree: true, childList: true });
}

/** True once the first field is painted and the form and the preview are whole. */
export const startedUp = () => window.__fieldPainted && !document.querySelector('.form[aria-busy], .preview[aria-busy]');
