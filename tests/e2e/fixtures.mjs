// Every spec runs with these checks: no request leaves the app's origin, and the app causes no
// Content-Security-Policy violation.
import { test as base, expect } from '@playwright/test';

export const test = base.extend({
  // Console messages a spec provokes on purpose (it injects script to prove the policy works).
  provokedViolations: [[], { option: true }],
  context: async ({ context, baseURL, provokedViolations }, use) => {
    const origin = new URL(baseURL).origin;
    const foreign = [];
    const violations = [];
    context.on('request', (request) => {
      const url = new URL(request.url());
      if (url.protocol !== 'data:' && url.protocol !== 'blob:' && url.origin !== origin) foreign.push(request.url());
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
