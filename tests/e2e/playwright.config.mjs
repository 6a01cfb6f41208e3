// End-to-end tests against the release build (dist/), served under a sub-path.
// Chromium is Debian's /usr/bin/chromium: Playwright never downloads a browser.
import { defineConfig } from '@playwright/test';

const port = 4173;
export const baseURL = `http://127.0.0.1:${port}/tools/planform/`;

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
  webServer: {
    command: `node serve.mjs ${port}`,
    url: baseURL,
    reuseExistingServer: false,
    stdout: 'ignore',
  },
});
