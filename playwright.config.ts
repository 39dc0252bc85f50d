import { defineConfig } from '@playwright/test';

/**
 * E2E: the real browser host (services in Node, built renderer) driven in Debian's Chromium. No browser is
 * downloaded: CHROMIUM_PATH or /usr/bin/chromium.
 */
export default defineConfig({
  testDir: 'test/e2e',
  outputDir: 'artifacts/e2e/results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  reporter: [['list'], ['json', { outputFile: 'artifacts/e2e/report.json' }]],
  use: {
    viewport: { width: 1280, height: 800 },
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
