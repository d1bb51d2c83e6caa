import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { solidPng, startTestServer, type TestServer } from '../testing/test-server.ts';

let origin: Server;
let originUrl: string;
let open: TestServer;
let strict: TestServer;

beforeAll(async () => {
  const png = await solidPng(6, 4, '#00ff00');
  origin = createServer((request, response) => {
    if (request.url === '/ok.png') {
      response.writeHead(200, { 'content-type': 'image/png' });
      response.end(png);
    } else if (request.url === '/to-metadata') {
      response.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
      response.end();
    } else if (request.url === '/page.html') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end('<html>a web page</html>');
    } else if (request.url === '/missing.png') {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('not here');
    } else {
      response.writeHead(200, { 'content-type': 'image/png' });
      response.end('<html>not an image</html>');
    }
  });
  await new Promise<void>((resolve) => origin.listen(0, '127.0.0.1', resolve));
  originUrl = `http://127.0.0.1:${(origin.address() as AddressInfo).port}`;
  open = await startTestServer({ fetchAllowHosts: ['127.0.0.1'] });
  strict = await startTestServer();
});
afterAll(async () => {
  await Promise.all([open.close(), strict.close()]);
  await new Promise((resolve) => origin.close(resolve));
});

const get = (server: TestServer, url: string) => server.app.inject({ url: `/api/fetch-image?url=${encodeURIComponent(url)}` });

describe('GET /api/fetch-image', () => {
  it('returns a remote image same-origin', async () => {
    const response = await get(open, `${originUrl}/ok.png`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('image/png');
    expect((await sharp(response.rawPayload).metadata()).width).toBe(6);
  });

  it('refuses a body that is not an image, whatever its content type says', async () => {
    const response = await get(open, `${originUrl}/page`);
    expect(response.statusCode).toBe(415);
    expect(response.json().error.message).toContain('the fetched file is not a PNG, JPEG, WebP or AVIF image');
  });

  it('names the type of a body that says it is not an image', async () => {
    const response = await get(open, `${originUrl}/page.html`);
    expect(response.statusCode).toBe(415);
    expect(response.json().error).toEqual({ message: 'not an image: text/html', fields: { url: 'not an image: text/html' } });
  });

  it("passes on the remote's HTTP status in words", async () => {
    const response = await get(open, `${originUrl}/missing.png`);
    expect(response.statusCode).toBe(502);
    expect(response.json().error.message).toBe(`${new URL(originUrl).host} answered HTTP 404 Not Found`);
  });

  it.each(['http://127.0.0.1:1/x.png', 'http://10.0.0.1/x.png', 'http://169.254.169.254/latest/meta-data/', 'http://[::1]/x.png'])(
    'refuses %s with 403 (no FETCH_ALLOW_HOSTS)',
    async (url) => {
      const response = await get(strict, url);
      expect(response.statusCode).toBe(403);
      expect(response.json().error.fields.url).toMatch(/^refused: /);
    },
  );

  it('refuses a redirect to the metadata address even from an allowed host', async () => {
    const response = await get(open, `${originUrl}/to-metadata`);
    expect(response.statusCode).toBe(403);
    expect(response.json().error.message).toContain('169.254.169.254');
  });

  it('needs an http(s) url', async () => {
    expect((await strict.app.inject({ url: '/api/fetch-image' })).json().error.fields).toEqual({ url: 'required' });
    expect((await get(strict, 'file:///etc/passwd')).statusCode).toBe(400);
  });
});
