// Takes a Chromium screenshot of a running app: npx tsx scripts/screenshot.ts [url] [out.png]
import { chromium } from '@playwright/test';
import { findBrowser } from './find-browser.mjs';

const url = process.argv[2] ?? 'http://127.0.0.1:8787/';
const out = process.argv[3] ?? 'screenshot.png';
const browser = await chromium.launch({
  executablePath: findBrowser().path ?? undefined,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
});
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
page.on('console', (message) => console.log(`[browser ${message.type()}] ${message.text()}`));
page.on('pageerror', (error) => console.log(`[page error] ${error.message}`));
await page.goto(url);
await page.waitForTimeout(Number(process.env.WAIT_MS ?? 1500));
await page.screenshot({ path: out });
await browser.close();
console.log(`saved ${out}`);
