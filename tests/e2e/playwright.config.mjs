// End-to-end tests against the release build (dist/), served under a sub-path.
// Chromium is Debian's /usr/bin/chromium: Playwright never downloads a browser.
import { defineConfig } from '@playwright/test';

const port = 4173;
export const baseURL = `http://127.0.0.1:${port}/tools/planform/`;
// Pages that embed the app from two other origins: the example wiki page and another site.
export const wikiURL = 'http://127.0.0.1:4174/wiki/';
export const otherURL = 'http://127.0.0.1:4175/other/';

export default defineConfig({
  testDir: './specs',
  outputDir: './test-results',
  workers: 2,
  timeout: 30_000,
  expect: { timeout: 5_000 },
  reporter: [['list']],
  use: {
    baseURL,
    browserName: 'chromium',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', '--no-first-run',
      ],
    },
    trace: 'off',
  },
  webServer: [
    { command: `node serve.mjs ${port}`, url: baseURL, reuseExistingServer: false, stdout: 'ignore' },
    { command: 'node serve.mjs 4174 /wiki/ examples/embed', url: `${wikiURL}host.html`, reuseExistingServer: false, stdout: 'ignore' },
    { command: 'node serve.mjs 4175 /other/ tests/e2e/hosts', url: `${otherURL}third.html`, reuseExistingServer: false, stdout: 'ignore' },
  ],
});
