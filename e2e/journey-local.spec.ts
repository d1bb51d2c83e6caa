import sharp from 'sharp';
import { expect, sizeOf, test } from './pages/editor-test.ts';
import { JobPanel } from './pages/job-panel.ts';
import { previewGeometry } from '../server/render/render-composition.ts';
import { RESULT_PREVIEW_SIDE } from '../server/results/result-images.ts';

// Issue 4 ("Shown by"), local provider: compose from files, Submit, follow the job, download the result.

/** The RGBA of one pixel of a PNG. */
async function pixelAt(png: Buffer, x: number, y: number): Promise<number[]> {
  const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const offset = (Math.round(y) * info.width + Math.round(x)) * info.channels;
  return [...data.subarray(offset, offset + 4)];
}

function expectColour(actual: number[], expected: { r: number; g: number; b: number }, what: string): void {
  const [r, g, b, a] = actual;
  const distance = Math.max(Math.abs(r! - expected.r), Math.abs(g! - expected.g), Math.abs(b! - expected.b));
  expect(distance, `${what}: got rgba(${actual.join(', ')}), expected rgb(${expected.r}, ${expected.g}, ${expected.b})`).toBeLessThanOrEqual(8);
  expect(a, `${what} is opaque`).toBe(255);
}

const FOREGROUND_COLOUR = { r: 220, g: 40, b: 60 };
const TEMPLATE_COLOUR = { r: 40, g: 120, b: 200 };

test('local: files, a moved foreground, Submit, Completed, and the downloaded PNG is the layout', async ({ editor, images, page }) => {
  const jobs = new JobPanel(page);
  const uploads: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && new URL(request.url()).pathname === '/api/uploads') uploads.push(request.url());
  });
  await expect(editor.byTestId('provider-badge')).toHaveText('local renderer');
  await expect(editor.byTestId('submit')).toBeDisabled();
  await expect(editor.byTestId('submit-blocked')).toBeVisible();
  await editor.images.loadImageFile('template', images.template, 'beach.jpg');
  await editor.images.loadImageFile('foreground', images.foreground, 'person.png');
  // Each file goes to the server as soon as it is placed, before anyone presses Submit.
  await expect(editor.byTestId('template-upload-status')).toHaveText('uploaded');
  await expect(editor.byTestId('foreground-upload-status')).toHaveText('uploaded');
  expect(uploads).toHaveLength(2);
  const placed = (await editor.document()).foreground!;
  await editor.canvas.dragLayerBy('foreground', 90, 60);
  const { canvas, template, foreground } = await editor.document();
  expect(foreground!.x, 'the foreground moved').not.toBe(placed.x);

  const jobId = await jobs.submit();
  await jobs.expectStatus('completed', 30_000);
  // The layout now points at the server's copies, and Submit did not upload the files a second time.
  expect(uploads).toHaveLength(2);
  const sent = await editor.requestBody();
  expect(sent.origin_img).toMatch(/\/api\/uploads\/[\w-]+$/);
  expect(sent.template_url).toMatch(/\/api\/uploads\/[\w-]+$/);
  expect(sent.overlay_origin_x).toBe(foreground!.x);
  expect(sent.overlay_origin_y).toBe(foreground!.y);

  const download = await jobs.download('download');
  expect(download.suggestedFilename()).toBe(`background-${jobId}-${sent.canvas_size}.png`);
  const png = await download.createReadStream().then(
    (stream) =>
      new Promise<Buffer>((resolve, reject) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => resolve(Buffer.concat(chunks)));
        stream.on('error', reject);
      }),
  );
  // The card shows the result's screen preview: the whole canvas, at most RESULT_PREVIEW_SIDE a side.
  const { width: previewWidth, height: previewHeight } = previewGeometry(sizeOf(sent.canvas_size), RESULT_PREVIEW_SIDE);
  expect(await jobs.resultImageSize()).toEqual({ width: previewWidth, height: previewHeight });
  const meta = await sharp(png).metadata();
  expect(meta.format).toBe('png');
  expect({ width: meta.width, height: meta.height }).toEqual(sizeOf(sent.canvas_size));
  expect(sizeOf(sent.canvas_size)).toEqual(canvas);

  // The centre of the foreground is its opaque body; a point on the template away from the foreground is the template.
  const centre = { x: foreground!.x + foreground!.width / 2, y: foreground!.y + foreground!.height / 2 };
  expectColour(await pixelAt(png, centre.x, centre.y), FOREGROUND_COLOUR, 'the centre of the foreground');
  // A point of the canvas that the template covers and the foreground's box does not: near a canvas corner.
  const inside = (point: { x: number; y: number }, box: { x: number; y: number; width: number; height: number }) =>
    point.x >= box.x && point.y >= box.y && point.x < box.x + box.width && point.y < box.y + box.height;
  const corners = [20, canvas.width - 21].flatMap((x) => [20, canvas.height - 21].map((y) => ({ x, y })));
  const outside = corners.find((point) => inside(point, template!) && !inside(point, foreground!));
  expect(outside, 'a canvas corner shows the template and not the foreground').toBeDefined();
  expectColour(await pixelAt(png, outside!.x, outside!.y), TEMPLATE_COLOUR, 'the template outside the foreground');
});

test('history shows a finished job with its thumbnail, and Delete removes it', async ({ editor, images, page }) => {
  const jobs = new JobPanel(page);
  await editor.images.loadImageFile('foreground', images.dropped, 'cut-out.png');
  const jobId = await jobs.submit();
  await jobs.expectStatus('completed', 30_000);

  const item = jobs.historyItem(jobId);
  await expect(item).toHaveAttribute('data-status', 'completed');
  // Newest first.
  await expect(jobs.history.getByTestId('history-item').first()).toHaveAttribute('data-job-id', jobId);
  const thumbnail = item.getByTestId('history-thumbnail');
  await expect(thumbnail).toBeVisible();
  await expect.poll(() => thumbnail.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth > 0)).toBe(true);

  await item.getByTestId('history-delete').click();
  await expect(item).toHaveCount(0);
  // Gone on the server too: a reload does not bring it back.
  await page.reload();
  await expect(jobs.history).toBeVisible();
  await expect(jobs.historyItem(jobId)).toHaveCount(0);
  expect((await page.request.get(`/api/jobs/${jobId}`)).status()).toBe(404);
});
