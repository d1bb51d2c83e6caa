import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import sharp from 'sharp';
import { afterAll, describe, expect as globalExpect, it } from 'vitest';
import { startFakeAkool, type FakeAkool } from '../e2e/fixtures/fake-akool.ts';
import { slowRenderBody } from './testing/slow-render.ts';
import { startChildServer, type ChildServer } from './testing/child-server.ts';
import { freePort, makeAppDir } from './testing/test-server.ts';

// The server as a real process, killed with SIGKILL while jobs are queued and processing, then started again
// on the same DATA_DIR: every job must reach its end, no result may be lost, and no half-written file may
// ever be served as a result.

const children: ChildServer[] = [];
const fakes: FakeAkool[] = [];
afterAll(async () => {
  await Promise.all(children.splice(0).map((child) => child.kill()));
  await Promise.all(fakes.splice(0).map((fake) => fake.close()));
});

async function start(env: Record<string, string>, base: string): Promise<ChildServer> {
  const child = await startChildServer(env, base);
  children.push(child);
  return child;
}

const status = async (base: string, id: string) => ((await (await fetch(`${base}/api/jobs/${id}`)).json()) as { status: string }).status;

async function submit(base: string, body: object): Promise<string> {
  const response = await fetch(`${base}/api/jobs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  globalExpect(response.status).toBe(202);
  return ((await response.json()) as { id: string }).id;
}

/** What the killed server left: job states from its database, and the files in results/. */
function leftBehind(dataDir: string) {
  const db = new DatabaseSync(join(dataDir, 'jobs.sqlite'), { readOnly: true });
  const jobs = Object.fromEntries((db.prepare('SELECT id, status FROM jobs').all() as Array<{ id: string; status: string }>).map((row) => [row.id, row.status]));
  db.close();
  return { jobs, results: readdirSync(join(dataDir, 'results')) };
}

/** How many of these jobs have Akool's `_id` stored (read from the database, as a restarted server would). */
function remoteIdsStored(dataDir: string, ids: readonly string[]): number {
  const db = new DatabaseSync(join(dataDir, 'jobs.sqlite'), { readOnly: true });
  const stored = ids.filter((id) => (db.prepare('SELECT remote_id FROM jobs WHERE id = ?').get(id) as { remote_id: string | null } | undefined)?.remote_id);
  db.close();
  return stored.length;
}

/** Every `<id>.png` in results/ is a whole PNG: it decodes to the end, with the expected size. */
async function expectWholeResults(dataDir: string, size: [number, number]) {
  for (const name of readdirSync(join(dataDir, 'results')).filter((file) => file.endsWith('.png'))) {
    const stats = await sharp(join(dataDir, 'results', name), { failOn: 'truncated' }).stats();
    globalExpect(stats.channels.length).toBeGreaterThan(0);
    const meta = await sharp(join(dataDir, 'results', name)).metadata();
    globalExpect([meta.width, meta.height]).toEqual(size);
  }
}

describe.concurrent('a server killed with SIGKILL', () => {
  it('local provider: queued and rendering jobs all finish after a restart, with whole results', async ({ expect }) => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const dataDir = mkdtempSync(join(tmpdir(), 'crash-local-'));
    const env = { PORT: String(port), DATA_DIR: dataDir, APP_DIR: await makeAppDir(), RENDER_CONCURRENCY: '1' };
    const first = await start(env, base);
    // Each render takes a while on one core, so one is rendering and the others queued.
    const body = (x: number) => slowRenderBody(base, x);
    const ids = [await submit(base, body(100)), await submit(base, body(200)), await submit(base, body(300))];
    await expect.poll(() => status(base, ids[0]!), { timeout: 10_000, interval: 20 }).toBe('processing');
    expect(await status(base, ids[2]!)).toBe('queued');
    await first.kill('SIGKILL');

    const left = leftBehind(dataDir);
    expect(Object.values(left.jobs).filter((s) => s === 'completed' || s === 'failed').length).toBeLessThan(3);
    for (const id of ids) if (left.jobs[id] !== 'completed') expect(left.results).not.toContain(`${id}.png`);
    // What a crash mid-write leaves is a temporary file; plant one more to be sure it is never served.
    writeFileSync(join(dataDir, 'results', `${ids[2]}.png.deadbeef0000.tmp`), Buffer.from([0x89, 0x50, 0x4e, 0x47]));

    const second = await start(env, base);
    expect(readdirSync(join(dataDir, 'results')).filter((name) => name.endsWith('.tmp'))).toEqual([]); // swept at start
    for (const id of ids) {
      await expect.poll(() => status(base, id), { timeout: 40_000, interval: 100 }).toBe('completed');
    }
    for (const id of ids) {
      const result = await fetch(`${base}/api/jobs/${id}/result`);
      expect(result.status).toBe(200);
      const meta = await sharp(Buffer.from(await result.arrayBuffer()), { failOn: 'truncated' }).metadata();
      expect([meta.width, meta.height]).toEqual([4000, 4000]);
    }
    await expectWholeResults(dataDir, [4000, 4000]);
    await second.kill('SIGTERM');
  }, 90_000);

  it('akool provider: jobs not yet submitted, being polled and mid-download all finish after a restart', async ({ expect }) => {
    const fake = await startFakeAkool();
    fakes.push(fake);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const dataDir = mkdtempSync(join(tmpdir(), 'crash-akool-'));
    const env = {
      PORT: String(port),
      DATA_DIR: dataDir,
      APP_DIR: await makeAppDir(),
      PROVIDER: 'akool',
      AKOOL_BASE_URL: fake.url,
      AKOOL_API_KEY: fake.apiKey,
      FETCH_ALLOW_HOSTS: '127.0.0.1',
      AKOOL_POLL_INITIAL_MS: '30',
      AKOOL_POLL_MAX_MS: '60',
      AKOOL_RETRY_BASE_MS: '20',
      AKOOL_REQUEST_TIMEOUT: '20s',
      JOB_TIMEOUT: '60s',
    };
    const first = await start(env, base);
    const body = (size: string) => ({ color_code: '#ff8800', canvas_size: size, origin_img: 'https://images.example.com/a.png', modify_origin_img_size: '10x10', overlay_origin_x: 0, overlay_origin_y: 0 });

    // 1. A job whose submit Akool never answers: queued, with no Akool _id yet.
    fake.faultNext('hang', 1, 'replace');
    const unsent = await submit(base, body('300x200'));
    await expect.poll(() => fake.hanging(), { timeout: 10_000 }).toBe(1);
    // 2. Jobs Akool has finished, whose result downloads stall half-way (half the PNG sent).
    fake.setProgression([3]);
    fake.setDownloadDelay(60_000);
    const downloading = [await submit(base, body('300x200')), await submit(base, body('300x200'))];
    await expect.poll(() => fake.hanging(), { timeout: 10_000 }).toBe(3);
    // 3. A job Akool has accepted and is still processing.
    fake.setProgression([2]);
    const polled = await submit(base, body('300x200'));
    await expect.poll(() => fake.jobs.size, { timeout: 10_000 }).toBe(3);
    // Akool has answered them; the kill comes once the server has stored those answers (Akool's _id), as the
    // test means: on a loaded machine the answer to the last submit can still be on its way.
    await expect.poll(() => remoteIdsStored(dataDir, [...downloading, polled]), { timeout: 10_000 }).toBe(3);
    await first.kill('SIGKILL');

    const left = leftBehind(dataDir);
    for (const id of [unsent, ...downloading, polled]) expect(['queued', 'processing']).toContain(left.jobs[id]);
    expect(left.results.filter((name) => name.endsWith('.png'))).toEqual([]); // nothing half-downloaded is named as a result

    fake.resetScript();
    fake.setProgression([3]);
    const submitsBefore = fake.requests.filter((r) => r.path.endsWith('/bg/replace')).length;
    const second = await start(env, base);
    for (const id of [unsent, ...downloading, polled]) {
      await expect.poll(() => status(base, id), { timeout: 20_000, interval: 50 }).toBe('completed');
    }
    // Only the job Akool never acknowledged was submitted again: no credits spent twice.
    expect(fake.requests.filter((r) => r.path.endsWith('/bg/replace')).length - submitsBefore).toBe(1);
    for (const id of [unsent, ...downloading, polled]) {
      const pixels = await sharp(Buffer.from(await (await fetch(`${base}/api/jobs/${id}/result`)).arrayBuffer()), { failOn: 'truncated' })
        .raw()
        .toBuffer({ resolveWithObject: true });
      expect([pixels.info.width, pixels.info.height]).toEqual([300, 200]);
      expect([...pixels.data.subarray(0, 3)]).toEqual([0xff, 0x88, 0x00]);
    }
    await expectWholeResults(dataDir, [300, 200]);
    await second.kill('SIGTERM');
  }, 90_000);

  it('listens on 127.0.0.1 only when HOST is not set', async ({ expect }) => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const child = await start({ PORT: String(port), DATA_DIR: mkdtempSync(join(tmpdir(), 'bind-')), APP_DIR: await makeAppDir() }, base);
    expect(child.output()).toContain(`http://127.0.0.1:${port}`);
    const external = Object.values(networkInterfaces())
      .flat()
      .find((address) => address && address.family === 'IPv4' && !address.internal);
    if (external) {
      const reached = await new Promise<boolean>((resolve) => {
        const socket = connect({ host: external.address, port, timeout: 2000 });
        socket.once('connect', () => (socket.destroy(), resolve(true)));
        socket.once('error', () => resolve(false));
        socket.once('timeout', () => (socket.destroy(), resolve(false)));
      });
      expect(reached, `reachable on ${external.address}`).toBe(false);
    }
    await child.kill('SIGTERM');
  }, 30_000);
});
