import sharp from 'sharp';
import type { Route } from '@playwright/test';
import { expect, test } from './pages/editor-test.ts';
import { JobPanel } from './pages/job-panel.ts';

// Issue 14: a picked file's body names its upload as soon as it is on the server (never a blob: URL that only
// this tab can read), and the upload keeps the file's name, also for a job reopened from the history.

const AKOOL_PROTOCOL_PATH = '/api/open/v3/content/image/bg/replace';

test.use({ permissions: ['clipboard-read', 'clipboard-write'] });

/** The JSON body of a `curl ... -d '<body>'` command as buildCurlCommand writes it. */
function bodyOfCurl(command: string): unknown {
  const quoted = /-d '((?:[^']|'\\'')*)'$/.exec(command)?.[1];
  expect(quoted, `a -d '...' body in ${command}`).toBeDefined();
  return JSON.parse(quoted!.replaceAll(`'\\''`, `'`));
}

test('once the picked file is uploaded, the body and "Copy as cURL" name its server URL, and the server accepts that command', async ({
  editor,
  images,
  page,
}) => {
  await editor.images.loadImageFile('foreground', images.foreground, 'bottle.png');
  await expect(editor.byTestId('foreground-upload-status')).toHaveText('uploaded');

  // At once, without submitting: the panel shows the upload's URL, nowhere a blob: URL.
  const shown = await editor.requestPanel.shownBody();
  expect(shown.origin_img).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:\\d+/api/uploads/[0-9a-f]{24}$`));
  await expect(editor.requestPanel.json).not.toContainText('blob:');
  expect((await editor.requestBody()).origin_img).toBe(shown.origin_img);
  await expect(editor.byTestId('pending-uploads')).toHaveCount(0);

  await editor.byTestId('copy-curl').click();
  const command = await page.evaluate(() => navigator.clipboard.readText());
  expect(command).toContain(`curl -X POST '${new URL(page.url()).origin}${AKOOL_PROTOCOL_PATH}'`);
  expect(command).not.toContain('blob:');
  const body = bodyOfCurl(command);
  expect(body).toEqual(shown);
  // The command's body, sent as the command sends it, is a job for this server (code 1000, not 1003).
  const answer = await page.request.post(AKOOL_PROTOCOL_PATH, { headers: { authorization: 'Bearer YOUR_TOKEN' }, data: body });
  expect(await answer.json()).toMatchObject({ code: 1000 });

  await editor.byTestId('copy-json').click();
  expect(JSON.parse(await page.evaluate(() => navigator.clipboard.readText()))).toEqual(shown);
});

test('while the file is still uploading, the panel says so and the body is not offered for copying', async ({ editor, images, page }) => {
  // The test holds the upload until it has looked at the panel (a test control, not a wait).
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/uploads', async (route: Route) => {
    await released;
    await route.continue();
  });
  await editor.images.loadImageFile('foreground', images.foreground, 'bottle.png');

  await expect(editor.byTestId('foreground-upload-status')).toHaveText('uploading…');
  await expect(editor.byTestId('pending-uploads')).toContainText('origin_img: the foreground (bottle.png) is uploading');
  await expect(editor.byTestId('copy-curl')).toBeDisabled();
  await expect(editor.byTestId('copy-json')).toBeDisabled();
  await expect(editor.byTestId('request-not-ready')).toHaveText('Not ready to copy: the foreground (bottle.png) is still uploading.');

  release();
  await expect(editor.byTestId('foreground-upload-status')).toHaveText('uploaded');
  await expect(editor.requestPanel.json).toContainText('/api/uploads/');
  await expect(editor.requestPanel.json).not.toContainText('blob:');
  await expect(editor.byTestId('copy-curl')).toBeEnabled();
  await expect(editor.byTestId('copy-json')).toBeEnabled();
  await expect(editor.byTestId('request-not-ready')).toHaveCount(0);
});

test('a file the server refuses: the panel gives the server\'s reason and copying stays off', async ({ editor, page }) => {
  // A GIF: the browser shows it, the server takes PNG, JPEG, WebP and AVIF only.
  const gif = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#336699' } }).gif().toBuffer();
  await editor.byTestId('foreground-file').setInputFiles({ name: 'anim.gif', mimeType: 'image/gif', buffer: gif });

  await expect(editor.byTestId('foreground-upload-status')).toHaveAttribute('data-state', 'failed');
  await expect(editor.byTestId('pending-uploads')).toContainText(
    'origin_img: the foreground (anim.gif) could not be uploaded: the file is not a PNG, JPEG, WebP or AVIF image (judged by its content, not its name)',
  );
  await expect(editor.byTestId('request-not-ready')).toHaveText('Not ready to copy: the upload of the foreground (anim.gif) failed.');
  await expect(editor.byTestId('copy-curl')).toBeDisabled();
  await expect(page.getByTestId('request-json')).toContainText('blob:');
});

test('a job made from an upload, opened from the history after a reload, names the layer by the file name', async ({
  editor,
  images,
  page,
}) => {
  test.setTimeout(120_000); // a render and a reload on a shared machine
  const jobs = new JobPanel(page);
  await editor.images.loadImageFile('foreground', images.foreground, 'bottle.png');
  await expect(editor.byTestId('foreground-upload-status')).toHaveText('uploaded');
  const jobId = await jobs.submit();
  const card = editor.byTestId('layer-card-foreground');
  await expect(card).toContainText('bottle.png');
  const uploadId = ((await (await page.request.get(`/api/jobs/${jobId}`)).json()) as { request: { origin_img: string } }).request.origin_img
    .split('/')
    .pop()!;

  // A fresh page knows nothing of the file: all it has is the job's body, which names the upload by its id.
  await page.reload();
  page.once('dialog', (dialog) => void dialog.accept());
  await editor.byTestId('new-document').click();
  await expect(card).not.toContainText('bottle.png');
  await jobs.historyItem(jobId).getByTestId('history-open-editor').click();
  await expect.poll(async () => (await editor.document()).foreground?.source.url).toMatch(new RegExp(`/api/uploads/${uploadId}$`));
  await expect(card).toContainText('bottle.png');
  await expect(card).not.toContainText(uploadId.slice(-12));
});
