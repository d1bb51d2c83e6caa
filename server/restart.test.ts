import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort, makeAppDir } from './testing/test-server.ts';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

/** Starts `server/main.ts` as a real process, as `npm start` does, and waits for /api/health. */
async function startProcess(env: Record<string, string>, base: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  for (let i = 0; i < 200; i += 1) {
    if (child.exitCode !== null) throw new Error(`server exited: ${stderr}`);
    const ok = await fetch(`${base}/api/health`).then((r) => r.ok, () => false);
    if (ok) return child;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`server did not start: ${stderr}`);
}

async function status(base: string, id: string): Promise<{ status: string; result?: { width: number; height: number } }> {
  return (await fetch(`${base}/api/jobs/${id}`)).json() as Promise<{ status: string }>;
}

describe('a server killed during a job', () => {
  it('finishes the job after it is started again', async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const env = { PORT: String(port), HOST: '127.0.0.1', DATA_DIR: mkdtempSync(join(tmpdir(), 'restart-')), APP_DIR: await makeAppDir() };
    const first = await startProcess(env, base);
    // Large enough that the render takes seconds, so the kill lands in the middle of it.
    const submitted = await fetch(`${base}/api/jobs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        color_code: '#336699',
        canvas_size: '6000x6000',
        template_url: `${base}/samples/background.jpg`,
        modify_template_size: '6000x6000',
        overlay_template_x: 0,
        overlay_template_y: 0,
        origin_img: `${base}/samples/foreground.png`,
        modify_origin_img_size: '5000x4000',
        overlay_origin_x: 500,
        overlay_origin_y: 1000,
      }),
    });
    expect(submitted.status).toBe(202);
    const { id } = (await submitted.json()) as { id: string };
    await expect.poll(async () => (await status(base, id)).status, { timeout: 5000, interval: 20 }).toBe('processing');
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));

    await startProcess(env, base);
    await expect.poll(async () => (await status(base, id)).status, { timeout: 30_000, interval: 100 }).toBe('completed');
    const result = await fetch(`${base}/api/jobs/${id}/result`);
    const meta = await sharp(Buffer.from(await result.arrayBuffer())).metadata();
    expect([meta.width, meta.height]).toEqual([6000, 6000]);
  }, 60_000);
});
