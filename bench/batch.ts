/**
 * Batch benchmark (issue "Batch: one layout over a whole catalogue"): 100 products, half 2000x2000 JPEG photos
 * and half PNG cut-outs of varied shapes (soft alpha, transparent margins), each a distinct image uploaded
 * first (ten originals, each product a distinct file), onto a 2048x2048 layout (colour + a 2048x2048 JPEG background, a slot for the product); local
 * provider; the real server (server/main.ts, allocator tuned as `npm start` runs it). Clocked from the
 * POST /api/batches to the ZIP fully downloaded; prints items per minute, the server's peak RSS (VmHWM, worker
 * threads included: they are threads of the one process), and the time to the ZIP's first byte.
 * Targets on a 2-core machine: 100 items in under 40 s, peak RSS under 1.5 GB.
 *
 *   npx tsx bench/batch.ts                 (BENCH_ITEMS=n, default 100; BENCH_REMOVE_BACKGROUND=1 removes
 *                                            every product's background first, which loads the ~2 GB model)
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { crc32 } from 'node:zlib';
import { join } from 'node:path';
import { withAllocatorTuning } from '../scripts/allocator-tuning.mjs';
import { cutoutPng, photoJpeg } from '../server/render/photo-fixtures.ts';
import { machine, table } from './lib.ts';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 100);
const REMOVE_BACKGROUND = process.env.BENCH_REMOVE_BACKGROUND === '1';
const CUTOUT_SHAPES: Array<[number, number]> = [
  [2000, 2000],
  [1200, 2000],
  [2000, 900],
  [700, 1800],
  [1600, 1100],
];

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** kB of a /proc/<pid>/status field (VmRSS, VmHWM). */
async function procStatus(pid: number, field: string): Promise<number> {
  const text = await readFile(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text);
  return match ? Number(match[1]) : 0;
}

/** The same pixels under different bytes: a JPEG comment or a PNG tEXt chunk naming the product. The renderer
 * caches decoded sources by their bytes' SHA-256, so each product is decoded as a distinct image would be,
 * without generating 100 photos (slow in plain JavaScript). */
function distinct(image: Buffer, label: string): Buffer {
  const text = Buffer.from(label, 'latin1');
  if (image[0] === 0xff && image[1] === 0xd8) {
    const segment = Buffer.alloc(4);
    segment.writeUInt16BE(0xfffe, 0);
    segment.writeUInt16BE(text.length + 2, 2);
    return Buffer.concat([image.subarray(0, 2), segment, text, image.subarray(2)]);
  }
  const data = Buffer.concat([Buffer.from('Comment\0', 'latin1'), text]);
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  chunk.write('tEXt', 4, 'latin1');
  data.copy(chunk, 8);
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + data.length)) >>> 0, 8 + data.length);
  const afterHeader = 8 + 25; // signature + IHDR
  return Buffer.concat([image.subarray(0, afterHeader), chunk, image.subarray(afterHeader)]);
}

async function uploadImage(base: string, bytes: Buffer, name: string, type: string): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
  const response = await fetch(`${base}/api/uploads`, { method: 'POST', body: form });
  if (response.status !== 201) throw new Error(`upload ${name}: HTTP ${response.status} ${await response.text()}`);
  return ((await response.json()) as { url: string }).url;
}

async function main(): Promise<void> {
  console.log(`bench/batch: ${ITEMS} products onto a 2048x2048 layout, local provider${REMOVE_BACKGROUND ? ', background removal' : ''}; ${machine()}`);
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-batch-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: {
      ...withAllocatorTuning(process.env),
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: dataDir,
      PROVIDER: 'local',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_UPLOADS: '100000',
      BACKGROUND_REMOVAL_PRELOAD: REMOVE_BACKGROUND ? 'true' : 'false',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const stop = async () => {
    if (child.exitCode === null) {
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    }
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    for (let i = 0; ; i += 1) {
      if (child.exitCode !== null || i > 600) throw new Error(`server did not start: ${stderr}`);
      if (await fetch(`${base}/api/health`).then((r) => r.ok, () => false)) break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    console.log(`making and uploading ${ITEMS} distinct products...`);
    const template = await uploadImage(base, await photoJpeg(2048, 2048, 999), 'background.jpg', 'image/jpeg');
    // Ten originals (five photos, five cut-outs of different shapes), each product a distinct file of one.
    const photos = await Promise.all([0, 1, 2, 3, 4].map((seed) => photoJpeg(2000, 2000, 1000 + seed)));
    const cutouts = await Promise.all([0, 1, 2, 3, 4].map((seed) => cutoutPng(...CUTOUT_SHAPES[seed % CUTOUT_SHAPES.length]!, 2000 + seed)));
    const items: Array<{ image: string; name: string }> = [];
    for (let i = 0; i < ITEMS; i += 1) {
      const photo = i % 2 === 0;
      const name = photo ? `photo-${i}.jpg` : `cutout-${i}.png`;
      const original = photo ? photos[(i >> 1) % photos.length]! : cutouts[(i >> 1) % cutouts.length]!;
      items.push({ image: await uploadImage(base, distinct(original, name), name, photo ? 'image/jpeg' : 'image/png'), name });
    }
    const rssBefore = await procStatus(child.pid!, 'VmRSS');
    const layout = {
      canvas_size: '2048x2048',
      color_code: '#f4f1ea',
      template_url: template,
      modify_template_size: '2048x2048',
      overlay_template_x: 0,
      overlay_template_y: 0,
      origin_img: template,
      modify_origin_img_size: '1200x1400',
      overlay_origin_x: 424,
      overlay_origin_y: 500,
    };
    let peakSampled = rssBefore;
    const sampler = setInterval(() => {
      void procStatus(child.pid!, 'VmRSS').then((kb) => (peakSampled = Math.max(peakSampled, kb)), () => {});
    }, 100);

    const started = performance.now();
    const response = await fetch(`${base}/api/batches`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ layout, placement: { anchor: 'bottom' }, removeBackground: REMOVE_BACKGROUND, items }),
    });
    if (response.status !== 202) throw new Error(`POST /api/batches: HTTP ${response.status} ${await response.text()}`);
    let batch = (await response.json()) as { id: string; left: number; updatedAt: string; completed: number; failed: number };
    while (batch.left > 0) {
      batch = (await (await fetch(`${base}/api/batches/${batch.id}?since=${encodeURIComponent(batch.updatedAt)}&wait=25`)).json()) as typeof batch;
    }
    const rendered = performance.now();
    const zipRequested = performance.now();
    const zip = await fetch(`${base}/api/batches/${batch.id}/zip`);
    const reader = zip.body!.getReader();
    let firstByte = 0;
    let bytes = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!firstByte) firstByte = performance.now();
      bytes += value.length;
    }
    const downloaded = performance.now();
    clearInterval(sampler);
    const peak = await procStatus(child.pid!, 'VmHWM');
    const seconds = (downloaded - started) / 1000;
    table([
      ['figure', 'value'],
      ['items (completed / failed)', `${batch.completed} / ${batch.failed}`],
      ['submit -> all rendered', `${((rendered - started) / 1000).toFixed(1)} s`],
      ['submit -> ZIP downloaded', `${seconds.toFixed(1)} s${REMOVE_BACKGROUND ? ' (target < 180 s for 100)' : ' (target < 40 s for 100)'}`],
      ['items per minute', ((ITEMS / seconds) * 60).toFixed(0)],
      ['ZIP requested -> first byte', `${(firstByte - zipRequested).toFixed(0)} ms`],
      ['ZIP size', `${(bytes / 1048576).toFixed(0)} MB`],
      ['server RSS after uploads', `${(rssBefore / 1024).toFixed(0)} MB`],
      ['server peak RSS (VmHWM, whole run)', `${(peak / 1024).toFixed(0)} MB (target < 1536 MB)`],
      ['server peak RSS sampled during the batch', `${(peakSampled / 1024).toFixed(0)} MB`],
    ]);
  } finally {
    await stop();
  }
}

await main();
