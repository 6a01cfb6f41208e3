// Every spec runs with these checks: no request leaves the app's origin, and the app causes no
// Content-Security-Policy violation.
import { test as base, expect } from '@playwright/test';

export const test = base.extend({
  // Console messages a spec provokes on purpose (it injects script to prove the policy works).
  provokedViolations: [[], { option: true }],
  // Origins of host pages a spec embeds the app in (the embedding specs' own test servers).
  hostOrigins: [[], { option: true }],
  context: async ({ context, baseURL, provokedViolations, hostOrigins }, use) => {
    const origins = [new URL(baseURL).origin, ...hostOrigins];
    const foreign = [];
    const violations = [];
    context.on('request', (request) => {
      const url = new URL(request.url());
      if (url.protocol === 'data:' || url.protocol === 'blob:') return;
      if (!origins.includes(url.origin)) foreign.push(request.url());
      // The app itself, even framed by a host page, asks nothing of the host's origin either.
      let from = null;
      try { from = new URL(request.frame().url()).origin; } catch { /* a worker, or no frame yet */ }
      if (from === origins[0] && !request.isNavigationRequest() && url.origin !== origins[0]) foreign.push(request.url());
    });
    context.on('console', (message) => {
      const text = message.text();
      if (provokedViolations.some((p) => p.test(text))) return;
      if (/Content[- ]Security[- ]Policy|Refused to (load|execute|apply|connect|frame)/i.test(text)) {
        violations.push(text);
      }
    });
    await use(context);
    expect(foreign, 'requests to other origins').toEqual([]);
    expect(violations, 'Content-Security-Policy violations').toEqual([]);
  },
});
export { expect };
