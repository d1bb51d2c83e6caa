import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { solidPng, startTestServer, upload, waitForFinal, type TestServer } from '../testing/test-server.ts';

const servers: TestServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

describe('LocalProvider', () => {
  it('a render whose result cannot be stored is tried again, then failed with the store\'s reason, never left processing', async () => {
    const server = await startTestServer();
    servers.push(server);
    const foreground = (await upload(server.app, await solidPng(6, 6, '#0000ff'))).body.url;
    // The results folder becomes a file: every store of a result fails, as a store that is down would.
    rmSync(join(server.config.dataDir, 'results'), { recursive: true, force: true });
    writeFileSync(join(server.config.dataDir, 'results'), 'not a folder');
    const created = await server.app.inject({
      method: 'POST',
      url: '/api/jobs',
      payload: { canvas_size: '30x20', color_code: '#ffffff', origin_img: foreground, modify_origin_img_size: '10x10', overlay_origin_x: 0, overlay_origin_y: 0 },
    });
    expect(created.statusCode).toBe(202);
    const job = await waitForFinal(server.app, created.json().id, 30_000);
    expect(job.status).toBe('failed');
    expect(job.error?.message).toMatch(/^the job failed after its retries: .*results/);
  });

});
