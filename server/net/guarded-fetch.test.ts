import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchError, guardedFetch } from './guarded-fetch.ts';

let server: Server;
let port: number;
const hits: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    hits.push(request.url ?? '');
    const url = new URL(request.url ?? '/', 'http://x');
    if (url.pathname === '/image') {
      response.writeHead(200, { 'content-type': 'image/png' });
      response.end(Buffer.from('pretend-png'));
    } else if (url.pathname === '/redirect') {
      response.writeHead(302, { location: url.searchParams.get('to') ?? '/image' });
      response.end();
    } else if (url.pathname === '/loop') {
      const n = Number(url.searchParams.get('n') ?? 0);
      response.writeHead(301, { location: `/loop?n=${n + 1}` });
      response.end();
    } else if (url.pathname === '/big') {
      response.writeHead(200, { 'content-type': 'image/png' });
      response.end(Buffer.alloc(4096));
    } else if (url.pathname === '/hang') {
      // never answers
    } else {
      response.writeHead(404);
      response.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function failure(promise: Promise<unknown>): Promise<FetchError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(FetchError);
  return error as FetchError;
}

describe('guardedFetch', () => {
  it.each(['http://127.0.0.1:PORT/image', 'http://10.0.0.1/x', 'http://169.254.169.254/latest/meta-data/', 'http://[::1]:PORT/image', 'http://[::ffff:127.0.0.1]:PORT/image', 'http://2130706433:PORT/image'])(
    'refuses %s without connecting',
    async (address) => {
      const before = hits.length;
      const error = await failure(guardedFetch(address.replace('PORT', String(port))));
      expect(error.kind).toBe('refused');
      expect(error.message).toMatch(/refused: .*address/);
      expect(hits.length).toBe(before);
    },
  );

  it('refuses a host name that resolves to loopback (checked at lookup)', async () => {
    const error = await failure(guardedFetch(`http://localhost:${port}/image`));
    expect(error.kind).toBe('refused');
    expect(error.message).toMatch(/localhost resolves to/);
  });

  it('fetches from a host in allowHosts', async () => {
    const fetched = await guardedFetch(`http://127.0.0.1:${port}/image`, { allowHosts: ['127.0.0.1'] });
    expect(fetched.body.toString()).toBe('pretend-png');
    expect(fetched.contentType).toBe('image/png');
  });

  it('follows a redirect and checks its target again', async () => {
    const ok = await guardedFetch(`http://localhost:${port}/redirect?to=/image`, { allowHosts: ['localhost'] });
    expect(ok.body.toString()).toBe('pretend-png');
    expect(ok.url).toBe(`http://localhost:${port}/image`);
    for (const target of [`http://127.0.0.1:${port}/image`, `http://[::1]:${port}/image`, 'http://169.254.169.254/', 'http://10.0.0.1/']) {
      const before = hits.length;
      const error = await failure(
        guardedFetch(`http://localhost:${port}/redirect?to=${encodeURIComponent(target)}`, { allowHosts: ['localhost'] }),
      );
      expect(error.kind).toBe('refused');
      expect(hits.length).toBe(before + 1); // the redirect itself, never its target
    }
  });

  it('stops after 3 redirects', async () => {
    const error = await failure(guardedFetch(`http://127.0.0.1:${port}/loop`, { allowHosts: ['127.0.0.1'] }));
    expect(error.message).toBe('more than 3 redirects');
  });

  it('caps the size and the time', async () => {
    const big = await failure(guardedFetch(`http://127.0.0.1:${port}/big`, { allowHosts: ['127.0.0.1'], maxBytes: 1000 }));
    expect(big.kind).toBe('too-large');
    const started = Date.now();
    const slow = await failure(guardedFetch(`http://127.0.0.1:${port}/hang`, { allowHosts: ['127.0.0.1'], timeoutMs: 200 }));
    expect(slow.kind).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('refuses other schemes and reports HTTP errors', async () => {
    expect((await failure(guardedFetch('file:///etc/passwd'))).kind).toBe('invalid');
    expect((await failure(guardedFetch('ftp://example.com/x.png'))).kind).toBe('invalid');
    const missing = await failure(guardedFetch(`http://127.0.0.1:${port}/nothing`, { allowHosts: ['127.0.0.1'] }));
    expect(missing.message).toBe(`127.0.0.1:${port} answered HTTP 404 Not Found`);
  });

  it('says in words why a connection failed', async () => {
    // A port that was just listened on and closed again: nothing answers there.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const refused = await failure(guardedFetch(`http://127.0.0.1:${closedPort}/x.png`, { allowHosts: ['127.0.0.1'] }));
    expect([refused.kind, refused.message]).toEqual([
      'upstream',
      `cannot fetch 127.0.0.1:${closedPort}: the connection was refused (nothing listens on that port)`,
    ]);
  });
});
