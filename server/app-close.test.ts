import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { expect, it } from 'vitest';
import { productPhoto } from './testing/product-photo.ts';
import { makeAppDir, startTestServer } from './testing/test-server.ts';

// Closing the server must not wait for the background-removal model (up to ~15 s to load) nor for the
// removals queued behind it: the remover is closed first, and a job it was working for stays unfinished,
// to resume on the next start.

it('closing the server while a removeBg job waits for the model leaves the job unfinished instead of waiting for it', { timeout: 120_000 }, async () => {
  // A photo the model finds a subject in: a removal that ran to its end would complete the job.
  const appDir = await makeAppDir();
  writeFileSync(join(appDir, 'samples', 'product.jpg'), (await productPhoto()).jpeg);
  const { app, config } = await startTestServer({ appDir });
  const created = await app.inject({
    method: 'POST',
    url: '/api/jobs',
    payload: { canvas_size: '40x30', color_code: '#ff0000', origin_img: 'http://localhost/samples/product.jpg', modify_origin_img_size: '40x30', overlay_origin_x: 0, overlay_origin_y: 0, removeBg: true },
  });
  expect(created.statusCode).toBe(202);
  const id = created.json().id as string;
  // The removal is queued while the model loads (preload is off in tests).
  await expect.poll(async () => (await app.inject({ url: '/api/foregrounds/model' })).json(), { timeout: 30_000 }).toMatchObject({ model: 'loading', queued: 1 });

  await app.close();

  const db = new DatabaseSync(join(config.dataDir, 'jobs.sqlite'), { readOnly: true });
  const row = db.prepare('SELECT status, error FROM jobs WHERE id = ?').get(id) as { status: string; error: string | null };
  db.close();
  expect(row).toEqual({ status: 'processing', error: null });
});
