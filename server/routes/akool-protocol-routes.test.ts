import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AKOOL_EXAMPLES } from '../../src/core/index.ts';
import { solidPng, startTestServer, type TestServer } from '../testing/test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({}, { listen: true });
});
afterAll(() => server.close());

/** A client written from Akool's API page: fetch, a Bearer header, `code`/`data` in the answer. */
async function akool(path: string, init: { method?: string; body?: unknown; headers?: Record<string, string> } = {}) {
  const response = await fetch(`${server.url}${path}`, {
    method: init.method ?? 'GET',
    headers: { authorization: 'Bearer any-token', 'content-type': 'application/json', ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  return { http: response.status, ...((await response.json()) as { code: number; msg: string; data: Record<string, unknown> | null }) };
}

async function uploadOverHttp(png: Buffer): Promise<string> {
  const form = new FormData();
  form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'x.png');
  const response = await fetch(`${server.url}/api/uploads`, { method: 'POST', body: form });
  expect(response.status).toBe(201);
  return ((await response.json()) as { url: string }).url;
}

describe("Akool's protocol, served by the local provider over real HTTP", () => {
  it('runs example 2 of the API page with uploaded images: submit, poll, download', async () => {
    const foreground = await uploadOverHttp(await solidPng(30, 40, '#ff0000'));
    const body = { ...AKOOL_EXAMPLES.color, origin_img: foreground, canvas_size: '400x300', modify_origin_img_size: '306x282', overlay_origin_x: 38, overlay_origin_y: 8 };
    const submitted = await akool('/api/open/v3/content/image/bg/replace', { method: 'POST', body });
    expect(submitted).toMatchObject({ http: 200, code: 1000, msg: 'OK', data: { image_status: 1 } });
    const id = submitted.data!._id as string;
    expect(id).toMatch(/^[0-9a-f]{24}$/);

    let info;
    const seen = new Set<unknown>();
    for (let i = 0; i < 200; i += 1) {
      info = await akool(`/api/open/v3/content/image/infobymodelid?image_model_id=${id}`);
      expect(info.code).toBe(1000);
      seen.add(info.data!.image_status);
      if (info.data!.image_status === 3 || info.data!.image_status === 4) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(info!.data).toMatchObject({ _id: id, image_status: 3, image: `${server.url}/api/jobs/${id}/result` });
    const image = await fetch(info!.data!.image as string);
    const meta = await sharp(Buffer.from(await image.arrayBuffer())).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 400, 300]);
  });

  it('answers 1102 without credentials and 1003 with the reason for a bad body', async () => {
    const bare = await fetch(`${server.url}/api/open/v3/content/image/bg/replace`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(await bare.json()).toEqual({ code: 1102, msg: 'Authorization cannot be empty', data: null });
    const withKey = await akool('/api/open/v3/content/image/bg/replace', { method: 'POST', headers: { authorization: '', 'x-api-key': 'k' }, body: { canvas_size: '3840x3840' } });
    expect(withKey.code).toBe(1003);
    expect(withKey.msg).toContain('Parameter error: origin_img is required');
    const broken = await fetch(`${server.url}/api/open/v3/content/image/bg/replace`, { method: 'POST', headers: { authorization: 'Bearer t', 'content-type': 'application/json' }, body: '{"canvas' });
    expect(await broken.json()).toMatchObject({ code: 1003 });
    const unknown = await akool('/api/open/v3/content/image/infobymodelid?image_model_id=ffffffffffffffffffffffff');
    expect(unknown).toMatchObject({ code: 1003, msg: 'Parameter error: no image with _id "ffffffffffffffffffffffff"' });
    expect((await akool('/api/open/v3/content/image/infobymodelid')).msg).toBe('Parameter error: image_model_id is required');
  });
});

describe('ACCESS_TOKEN', () => {
  it('guards our API, uploads and the Akool protocol, and leaves health and the app open', async () => {
    const guarded = await startTestServer({ accessToken: 'secret-token-1' });
    try {
      const inject = guarded.app.inject.bind(guarded.app);
      expect((await inject({ url: '/api/health' })).statusCode).toBe(200);
      expect((await inject({ url: '/' })).statusCode).toBe(200);
      const denied = await inject({ url: '/api/jobs' });
      expect(denied.statusCode).toBe(401);
      expect(denied.json().error.message).toContain('access token');
      expect((await inject({ url: '/api/jobs', headers: { authorization: 'Bearer secret-token-1' } })).statusCode).toBe(200);
      expect((await inject({ url: '/api/jobs', headers: { 'x-access-token': 'secret-token-1' } })).statusCode).toBe(200);
      expect((await inject({ url: '/api/jobs', headers: { 'x-access-token': 'wrong-token' } })).statusCode).toBe(401);
      const wrong = await inject({ url: '/api/open/v3/content/image/infobymodelid?image_model_id=x', headers: { 'x-api-key': 'wrong' } });
      expect(wrong.json()).toMatchObject({ code: 1101 });
      const right = await inject({ url: '/api/open/v3/content/image/infobymodelid?image_model_id=x', headers: { 'x-api-key': 'secret-token-1' } });
      expect(right.json()).toMatchObject({ code: 1003 });
      expect((await inject({ url: '/api/uploads/0123456789abcdef01234567' })).statusCode).toBe(401); // uploads need it too
    } finally {
      await guarded.close();
    }
  });
});
