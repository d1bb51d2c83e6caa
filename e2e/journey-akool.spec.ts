import type { Page } from '@playwright/test';
import sharp from 'sharp';
import { AKOOL_APP_URL, CANARY_API_KEY, FAKE_CLIENT_SECRET } from './fixtures/e2e-servers.ts';
import { FakeAkoolControl } from './fixtures/fake-akool-control.ts';
import { expect, sizeOf, test as base } from './pages/editor-test.ts';
import type { EditorPage } from './pages/editor-page.ts';
import { JobPanel } from './pages/job-panel.ts';
import type { TestImages } from './pages/editor-test.ts';

// Issue 4 ("Shown by"), akool provider: the app server with PROVIDER=akool against the fake Akool, both started
// by playwright.config.ts. Each test scripts the fake through its control API.

const test = base.extend<{ fake: FakeAkoolControl; jobs: JobPanel }>({
  // eslint-disable-next-line no-empty-pattern
  fake: async ({}, use) => {
    const fake = new FakeAkoolControl();
    await fake.reset();
    await use(fake);
    await fake.reset(); // listening again, whatever the test did
  },
  jobs: async ({ page }, use) => {
    await use(new JobPanel(page));
  },
});
test.use({ baseURL: AKOOL_APP_URL });

const WEBHOOK_URL = `${AKOOL_APP_URL}/api/webhooks/akool`;

async function composeFromFiles(editor: EditorPage, images: TestImages): Promise<void> {
  await editor.images.loadImageFile('template', images.template, 'beach.jpg');
  await editor.images.loadImageFile('foreground', images.foreground, 'person.png');
  await editor.canvas.dragLayerBy('foreground', 60, 40);
}

/** The request panel once Submit's uploads are in the layout (its images are the server's copies). */
async function shownRequestAfterUpload(editor: EditorPage): Promise<Record<string, unknown>> {
  await expect
    .poll(async () => {
      const shown = await editor.requestPanel.shownBody();
      return [shown.origin_img, shown.template_url].every((url) => typeof url === 'string' && url.startsWith(`${AKOOL_APP_URL}/api/uploads/`));
    })
    .toBe(true);
  return editor.requestPanel.shownBody();
}

/**
 * Records every request and response the browser sees (headers and bodies); `leaks(secret)` lists where the
 * secret appears.
 */
function watchTraffic(page: Page): { count(): number; leaks(secret: string): Promise<string[]> } {
  const seen: Array<Promise<{ where: string; text: string }>> = [];
  page.on('request', (request) => {
    seen.push(
      request.allHeaders().then((headers) => ({
        where: `request ${request.method()} ${request.url()}`,
        text: `${request.url()}\n${JSON.stringify(headers)}\n${request.postDataBuffer()?.toString('latin1') ?? ''}`,
      })),
    );
  });
  page.on('response', (response) => {
    seen.push(
      (async () => {
        const headers = JSON.stringify(await response.allHeaders());
        // Downloads and redirects have no body Playwright can read; their headers still count.
        const body = await response.body().then((buffer) => buffer.toString('latin1'), () => '');
        return { where: `response ${response.status()} ${response.url()}`, text: `${headers}\n${body}` };
      })(),
    );
  });
  return {
    count: () => seen.length,
    leaks: async (secret) => (await Promise.all(seen)).filter(({ text }) => text.includes(secret)).map(({ where }) => where),
  };
}

test('akool: Submit -> Queued -> Processing -> Completed; Akool gets the shown body; the stored result downloads with Akool down; the key stays on the server', async ({
  editor,
  images,
  page,
  fake,
  jobs,
}) => {
  const traffic = watchTraffic(page);
  await fake.setProgression([1]); // Akool keeps the job queued until told otherwise
  await expect(editor.byTestId('provider-badge')).toHaveText('Akool');
  await composeFromFiles(editor, images);

  const jobId = await jobs.submit();
  await jobs.expectStatus('queued');
  const shown = await shownRequestAfterUpload(editor);

  // What Akool received: exactly the body the request panel shows, plus our webhook.
  await expect.poll(async () => (await fake.replaceRequests()).length).toBe(1);
  const [received] = await fake.replaceRequests();
  expect(received!.body).toEqual({ ...shown, webhookUrl: WEBHOOK_URL });
  expect(received!.headers['x-api-key'], 'the server authenticates with its configured key').toBe(CANARY_API_KEY);

  await fake.setProgression([2]);
  await jobs.expectStatus('processing');
  await expect(editor.byTestId('job-elapsed')).toBeVisible();
  await fake.setProgression([3]);
  await jobs.expectStatus('completed');
  await expect(jobs.historyItem(jobId)).toHaveAttribute('data-status', 'completed');

  // Akool goes away: the result was stored by our server, so it still downloads.
  await fake.stopListening();
  const { url: akoolUrl, listening } = await fake.state();
  expect(listening).toBe(false);
  expect(await fetch(`${akoolUrl}/api/open/v3/content/image/infobymodelid`).then(() => 'answered', () => 'down')).toBe('down');
  const download = await jobs.download('download');
  expect(download.suggestedFilename()).toBe(`background-${jobId}-${shown.canvas_size as string}.png`);
  const path = await download.path();
  const meta = await sharp(path).metadata();
  expect(meta.format).toBe('png');
  expect({ width: meta.width, height: meta.height }).toEqual(sizeOf(shown.canvas_size as string));
  await editor.byTestId('view-result').click();
  await expect(editor.byTestId('result-image')).toBeVisible();
  await expect.poll(() => editor.byTestId('result-image').evaluate((image: HTMLImageElement) => image.naturalWidth)).toBeGreaterThan(0);

  // Nothing the browser sent or received carried the key (or the webhook secret).
  expect(traffic.count(), 'traffic was recorded').toBeGreaterThan(10);
  expect(await traffic.leaks(CANARY_API_KEY), 'requests and responses with the Akool key').toEqual([]);
  expect(await traffic.leaks(FAKE_CLIENT_SECRET), 'requests and responses with the Akool client secret').toEqual([]);
});

test('akool answers 1006: the user reads that the quota is used up', async ({ editor, images, fake, jobs }) => {
  await fake.answerNextReplace(1006);
  await editor.images.loadImageFile('foreground', images.dropped, 'cut-out.png');
  await jobs.submit();
  await jobs.expectStatus('failed');
  await expect(jobs.error).toContainText(/quota/i);
  await expect(jobs.error).toContainText('The Akool quota is used up');
  await expect(editor.byTestId('download')).toHaveCount(0);
});

test('akool answers 1005 twice, then accepts: the job still completes', async ({ editor, images, fake, jobs }) => {
  await fake.answerNextReplace(1005, 2);
  await editor.images.loadImageFile('foreground', images.dropped, 'cut-out.png');
  const jobId = await jobs.submit();
  await jobs.expectStatus('completed', 20_000);
  expect((await fake.replaceRequests()).length, 'two refusals and the accepted call').toBe(3);
  expect((await fake.jobs()).length).toBe(1);
  await expect(jobs.historyItem(jobId)).toHaveAttribute('data-status', 'completed');
});

test('a reload while the job is processing follows it to completion; "Open in editor" restores the layout', async ({
  editor,
  images,
  page,
  fake,
  jobs,
}) => {
  await fake.setProgression([2]); // processing until told otherwise
  await composeFromFiles(editor, images);
  const jobId = await jobs.submit();
  await jobs.expectStatus('processing');
  await shownRequestAfterUpload(editor);
  const submitted = await editor.requestBody();

  await page.reload();
  await jobs.expectStatus('processing');
  await expect(jobs.historyItem(jobId)).toHaveAttribute('data-status', 'processing');
  await fake.setProgression([3]);
  await jobs.expectStatus('completed');
  await expect(jobs.historyItem(jobId)).toHaveAttribute('data-status', 'completed');

  // Change the layout, then put the job's back.
  await editor.fillField('color-hex', '#123456');
  await expect.poll(async () => (await editor.request())?.color_code).toBe('#123456');
  expect(await editor.request()).not.toEqual(submitted);
  await jobs.historyItem(jobId).getByTestId('history-open-editor').click();
  await expect.poll(() => editor.request()).toEqual(submitted);
  await expect.poll(() => editor.requestPanel.shownBody()).toEqual(submitted);
});
