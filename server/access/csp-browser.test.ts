import { chromium, type Browser, type Page } from '@playwright/test';
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBrowser } from '../../scripts/find-browser.mjs';
import { solidPng, startTestServer, type TestServer } from '../testing/test-server.ts';

// The production build in real Chromium, served with our security headers and ACCESS_TOKEN: the app asks for
// the token once, then works (canvas with a local file as a blob: URL, upload, render, result <img> and
// history thumbnail through the session cookie), and the browser reports no Content-Security-Policy violation.

const CHROMIUM = findBrowser().path ?? undefined;
const TOKEN = 'browser-token-0123456789';

let server: TestServer;
let browser: Browser;

beforeAll(async () => {
  const appDir = mkdtempSync(join(tmpdir(), 'csp-build-'));
  await promisify(execFile)(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--outDir', appDir, '--emptyOutDir', '--logLevel', 'error'], { timeout: 60_000 });
  server = await startTestServer({ appDir, accessToken: TOKEN }, { listen: true });
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
}, 90_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Records what the browser says about the page: CSP violations (event and console) and script errors. */
async function watch(page: Page) {
  const problems: string[] = [];
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}`);
    });
  });
  page.on('console', (message) => {
    const text = message.text();
    if (/Content Security Policy|CSP violation|Refused to/i.test(text)) problems.push(text);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  return problems;
}

describe.skipIf(!CHROMIUM)('the app under the CSP, in Chromium', () => {
  it('asks for the token once per tab, then composes, submits and shows the result with no CSP violation', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    const problems = await watch(page);
    const headers = (await page.goto(server.url))!.headers();
    expect(headers['content-security-policy']).toContain("script-src 'self'");
    expect(headers['content-security-policy']).not.toContain('unsafe-inline');

    // Asked for the token; a wrong one is refused with a reason.
    const gate = page.getByTestId('access-gate');
    await expect.poll(() => gate.isVisible(), { timeout: 15_000 }).toBe(true);
    await page.getByTestId('access-token-input').fill('not-the-token');
    await page.getByTestId('access-token-submit').click();
    await expect.poll(() => page.getByTestId('access-gate-error').textContent()).toContain('not the access token');
    await page.getByTestId('access-token-input').fill(TOKEN);
    await page.getByTestId('access-token-submit').click();
    await expect.poll(() => gate.count()).toBe(0);
    expect(await page.evaluate(() => sessionStorage.getItem('composer.accessToken'))).toBe(TOKEN);
    const cookies = await context.cookies();
    expect(cookies.find((cookie) => cookie.name === 'composer_session')).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api' });
    expect(JSON.stringify(cookies)).not.toContain(TOKEN);
    await expect.poll(() => page.locator('.app[data-ready]').count(), { timeout: 15_000 }).toBe(1);

    // A local file on the canvas (an object URL, drawn by Konva), then upload, render and the result.
    const png = await solidPng(120, 90, '#22aa44');
    await page.getByTestId('foreground-file').setInputFiles({ name: 'local.png', mimeType: 'image/png', buffer: png });
    await page.getByTestId('submit').click();
    await expect.poll(() => page.getByTestId('job-status').first().textContent(), { timeout: 30_000 }).toMatch(/done|completed|finished/i);
    await page.getByTestId('view-result').first().click();
    const result = page.getByTestId('result-image');
    await expect.poll(() => result.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth), { timeout: 15_000 }).toBeGreaterThan(0);
    await expect
      .poll(() => page.locator('[data-testid="history-item"] img').first().evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth), { timeout: 15_000 })
      .toBeGreaterThan(0);

    // The canvas painted pixels, and data: and blob: images draw without tainting or being blocked.
    const drawn = await page.evaluate(async () => {
      const load = (src: string) =>
        new Promise<boolean>((resolve) => {
          const image = new Image();
          image.onload = () => resolve(image.naturalWidth > 0);
          image.onerror = () => resolve(false);
          image.src = src;
        });
      const canvas = document.createElement('canvas');
      canvas.width = 4;
      canvas.height = 4;
      canvas.getContext('2d')!.fillRect(0, 0, 4, 4);
      const dataUrl = canvas.toDataURL('image/png');
      const blob = await new Promise<Blob>((resolve) => canvas.toBlob((b) => resolve(b!), 'image/png'));
      const stage = [...document.querySelectorAll('canvas')].find((c) => c.width > 100)!;
      const pixels = stage.getContext('2d')!.getImageData(0, 0, stage.width, stage.height).data;
      let painted = 0;
      for (let i = 3; i < pixels.length; i += 4 * 97) if (pixels[i]! > 0) painted += 1;
      return { data: await load(dataUrl), blob: await load(URL.createObjectURL(blob)), painted };
    });
    expect(drawn.data).toBe(true);
    expect(drawn.blob).toBe(true);
    expect(drawn.painted).toBeGreaterThan(10);

    // The shortcuts dialog (lazy-loaded chunk, React style props) opens and closes.
    await page.getByTestId('result-close').click();
    await page.keyboard.press('?');
    await expect.poll(() => page.getByTestId('shortcuts').isVisible()).toBe(true);
    await page.keyboard.press('Escape');

    // A reload in the same tab does not ask again.
    await page.reload();
    await expect.poll(() => page.locator('.app[data-ready]').count(), { timeout: 15_000 }).toBe(1);
    await page.waitForTimeout(500);
    expect(await page.getByTestId('access-gate').count()).toBe(0);

    // A new tab (a new browser session) asks again.
    const other = await (await browser.newContext()).newPage();
    await other.goto(server.url);
    await expect.poll(() => other.getByTestId('access-gate').isVisible(), { timeout: 15_000 }).toBe(true);
    await other.context().close();

    expect(problems).toEqual([]);
    await context.close();
  }, 90_000);
});
