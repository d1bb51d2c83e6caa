import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AKOOL_APP_PORT,
  AKOOL_APP_URL,
  CANARY_API_KEY,
  FAKE_AKOOL_PORT,
  FAKE_AKOOL_URL,
  FAKE_CLIENT_ID,
  FAKE_CLIENT_SECRET,
  FAKE_CONTROL_PORT,
  FAKE_CONTROL_URL,
  LOCAL_PORT,
} from './e2e/fixtures/e2e-servers.ts';
import { findBrowser } from './scripts/find-browser.mjs';

// CHROMIUM_PATH, Playwright's own Chromium or Debian's (scripts/find-browser.mjs; `npm test` installs one if none).
const executablePath = findBrowser().path ?? undefined;
const port = LOCAL_PORT;
// Where the test build is (npx vite build --mode test --outDir <dir>); a separate one lets two checkouts' runs not collide.
const appDir = process.env.E2E_APP_DIR ?? 'dist-test';
const dataDir = process.env.E2E_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'composer-e2e-'));
const akoolDataDir = process.env.E2E_AKOOL_DATA_DIR ?? mkdtempSync(join(tmpdir(), 'composer-e2e-akool-'));
// Far above what the suite creates in a minute: it must never meet a 429.
const rateLimits = { RATE_LIMIT_JOBS: '1000', RATE_LIMIT_UPLOADS: '1000' };

export default defineConfig({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
    trace: 'retain-on-failure',
  },
  webServer: [
    {
      command: 'npx tsx server/main.ts',
      url: `http://127.0.0.1:${port}/api/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      // The model loads on the first removal: most specs never need it.
      env: { PORT: String(port), HOST: '127.0.0.1', APP_DIR: appDir, DATA_DIR: dataDir, BACKGROUND_REMOVAL_PRELOAD: 'false', ...rateLimits },
    },
    {
      // The fake Akool, with its control API (e2e/fixtures/fake-akool.ts) that the akool journeys script.
      command: 'npx tsx e2e/fixtures/fake-akool.ts',
      url: `${FAKE_CONTROL_URL}/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: {
        PORT: String(FAKE_AKOOL_PORT),
        CONTROL_PORT: String(FAKE_CONTROL_PORT),
        HOST: '127.0.0.1',
        API_KEY: CANARY_API_KEY,
        CLIENT_ID: FAKE_CLIENT_ID,
        CLIENT_SECRET: FAKE_CLIENT_SECRET,
      },
    },
    {
      // The app with PROVIDER=akool against the fake, polling it often so that journeys take seconds.
      command: 'npx tsx server/main.ts',
      url: `${AKOOL_APP_URL}/api/health`,
      reuseExistingServer: false,
      timeout: 60_000,
      env: {
        PORT: String(AKOOL_APP_PORT),
        HOST: '127.0.0.1',
        APP_DIR: appDir,
        DATA_DIR: akoolDataDir,
        PROVIDER: 'akool',
        AKOOL_BASE_URL: FAKE_AKOOL_URL,
        AKOOL_API_KEY: CANARY_API_KEY,
        AKOOL_CLIENT_ID: FAKE_CLIENT_ID,
        AKOOL_CLIENT_SECRET: FAKE_CLIENT_SECRET,
        PUBLIC_BASE_URL: AKOOL_APP_URL,
        FETCH_ALLOW_HOSTS: '127.0.0.1,localhost',
        AKOOL_POLL_INITIAL_MS: '150',
        AKOOL_POLL_MAX_MS: '300',
        AKOOL_RETRY_BASE_MS: '100',
        AKOOL_RETRY_MAX_MS: '400',
        AKOOL_REQUEST_TIMEOUT: '5s',
        FETCH_TIMEOUT: '5s',
        JOB_TIMEOUT: '45s',
        BACKGROUND_REMOVAL_PRELOAD: 'false',
        ...rateLimits,
      },
    },
  ],
});
