import type { LookupAddress } from 'node:dns';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FetchError, guardedFetch, type Resolver } from './guarded-fetch.ts';

// The SSRF guard against every forbidden range, other spellings of the same addresses, DNS answers that
// point inside, redirects into any of them, and bodies that are too large or too slow. A local server counts
// the requests that reach it, so "refused" means "never connected", not just "threw".

let server: Server;
let port: number;
const hits: string[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    hits.push(request.url ?? '');
    const url = new URL(request.url ?? '/', 'http://x');
    if (url.pathname === '/image') {
      response.writeHead(200, { 'content-type': 'image/png' });
      response.end('pretend-png');
    } else if (url.pathname === '/redirect') {
      response.writeHead(302, { location: url.searchParams.get('to')! });
      response.end();
    } else if (url.pathname === '/declared-huge') {
      response.writeHead(200, { 'content-type': 'image/png', 'content-length': String(500 * 1024 * 1024) });
      response.write(Buffer.alloc(1024));
    } else if (url.pathname === '/endless') {
      // chunked, no length: 64 KB every few ms until the client stops reading
      response.writeHead(200, { 'content-type': 'image/png' });
      const timer = setInterval(() => {
        if (!response.write(Buffer.alloc(64 * 1024))) return;
      }, 2);
      response.on('close', () => clearInterval(timer));
    } else if (url.pathname === '/trickle') {
      // headers at once, then one byte every 100 ms: a slowloris body
      response.writeHead(200, { 'content-type': 'image/png' });
      const timer = setInterval(() => response.write('x'), 100);
      response.on('close', () => clearInterval(timer));
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

async function refusal(promise: Promise<unknown>): Promise<FetchError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(FetchError);
  return error as FetchError;
}

/** A DNS that answers `addresses` for every name (as an attacker's own DNS server would). */
const dns = (...addresses: string[]): Resolver => async () =>
  addresses.map((address): LookupAddress => ({ address, family: address.includes(':') ? 6 : 4 }));

const FORBIDDEN_LITERALS = [
  ['127.0.0.0/8, first', 'http://127.0.0.1:PORT/image'],
  ['127.0.0.0/8, last', 'http://127.255.255.254/image'],
  ['0.0.0.0', 'http://0.0.0.0:PORT/image'],
  ['10/8', 'http://10.1.2.3/image'],
  ['172.16/12, low', 'http://172.16.0.1/image'],
  ['172.16/12, high', 'http://172.31.255.254/image'],
  ['192.168/16', 'http://192.168.1.1/image'],
  ['169.254/16 (cloud metadata)', 'http://169.254.169.254/latest/meta-data/'],
  ['100.64/10', 'http://100.64.0.1/image'],
  ['100.64/10, high', 'http://100.127.255.254/image'],
  ['::1', 'http://[::1]:PORT/image'],
  ['fc00::/7', 'http://[fc00::1]/image'],
  ['fd00::/8 (in fc00::/7)', 'http://[fd12:3456::1]/image'],
  ['fe80::/10', 'http://[fe80::1]/image'],
  ['IPv4-mapped ::ffff:127.0.0.1', 'http://[::ffff:127.0.0.1]:PORT/image'],
  ['IPv4-mapped in hex ::ffff:7f00:1', 'http://[::ffff:7f00:1]:PORT/image'],
  ['IPv4-mapped 10/8', 'http://[::ffff:10.0.0.1]/image'],
  ['IPv4-mapped metadata', 'http://[::ffff:169.254.169.254]/image'],
  ['NAT64 of loopback', 'http://[64:ff9b::7f00:1]/image'],
  ['6to4 of loopback', 'http://[2002:7f00:1::]/image'],
  ['decimal 2130706433', 'http://2130706433:PORT/image'],
  ['octal 0177.0.0.1', 'http://0177.0.0.1:PORT/image'],
  ['octal whole 017700000001', 'http://017700000001:PORT/image'],
  ['hex 0x7f.0.0.1', 'http://0x7f.0.0.1:PORT/image'],
  ['hex whole 0x7f000001', 'http://0x7f000001:PORT/image'],
  ['short 127.1', 'http://127.1:PORT/image'],
  ['bare 0', 'http://0:PORT/image'],
  ['decimal metadata 2852039166', 'http://2852039166/latest/meta-data/'],
  ['octal 10/8 012.0.0.1', 'http://012.0.0.1/image'],
  ['trailing dot 127.0.0.1.', 'http://127.0.0.1.:PORT/image'],
] as const;

describe('guardedFetch refuses forbidden addresses, however they are written', () => {
  it.each(FORBIDDEN_LITERALS)('%s: %s', async (_name, template) => {
    const before = hits.length;
    const error = await refusal(guardedFetch(template.replace('PORT', String(port)), { timeoutMs: 2000 }));
    expect(error.kind).toBe('refused');
    expect(error.message).toMatch(/^refused: /);
    expect(hits.length).toBe(before);
  });
});

describe('guardedFetch and DNS', () => {
  it.each([['127.0.0.1'], ['10.0.0.7'], ['169.254.169.254'], ['::1'], ['fd00::5'], ['::ffff:192.168.0.1'], ['8.8.8.8', '127.0.0.1']])(
    'refuses a host whose DNS answer includes %s, without connecting',
    async (...answer) => {
      const before = hits.length;
      const error = await refusal(guardedFetch(`http://innocent.example:${port}/image`, { resolve: dns(...answer), timeoutMs: 2000 }));
      expect(error.kind).toBe('refused');
      expect(error.message).toMatch(/^refused: innocent\.example resolves to /);
      expect(hits.length).toBe(before);
    },
  );

  it('connects to the address it checked (no second lookup to rebind): an allowed host resolved by the injected DNS', async () => {
    let lookups = 0;
    const resolver: Resolver = async () => {
      lookups += 1;
      return lookups === 1 ? [{ address: '127.0.0.1', family: 4 }] : [{ address: '10.0.0.1', family: 4 }];
    };
    const before = hits.length;
    const fetched = await guardedFetch(`http://pinned.test:${port}/image`, { resolve: resolver, allowHosts: ['pinned.test'] });
    expect(fetched.body.toString()).toBe('pretend-png');
    expect(lookups).toBe(1);
    expect(hits.length).toBe(before + 1);
  });

  it('reports a name that does not resolve', async () => {
    const failing: Resolver = async () => {
      throw Object.assign(new Error('not found'), { code: 'ENOTFOUND' });
    };
    const error = await refusal(guardedFetch('http://nowhere.example/x.png', { resolve: failing }));
    expect([error.kind, error.message]).toEqual(['upstream', 'cannot resolve nowhere.example: no such host']);
  });
});

describe('guardedFetch follows redirects only to allowed places', () => {
  const targets = [
    'http://127.0.0.1:PORT/image',
    'http://10.0.0.1/image',
    'http://172.20.0.1/image',
    'http://192.168.0.1/image',
    'http://169.254.169.254/latest/meta-data/',
    'http://100.64.0.1/image',
    'http://0.0.0.0:PORT/image',
    'http://[::1]:PORT/image',
    'http://[fd00::1]/image',
    'http://[fe80::1]/image',
    'http://[::ffff:127.0.0.1]:PORT/image',
    'http://2130706433:PORT/image',
    'http://0177.0.0.1:PORT/image',
    'http://innocent.example:PORT/image', // resolves to loopback through the injected DNS
  ];
  it.each(targets)('refuses a redirect to %s', async (template) => {
    const target = template.replace('PORT', String(port));
    const before = hits.length;
    const resolver = dns('127.0.0.1'); // start.test is allowed to be local; the others are not
    const error = await refusal(
      guardedFetch(`http://start.test:${port}/redirect?to=${encodeURIComponent(target)}`, { resolve: resolver, allowHosts: ['start.test'], timeoutMs: 2000 }),
    );
    expect(error.kind).toBe('refused');
    expect(hits.length).toBe(before + 1); // the redirect itself, never its target
  });

  it.each(['file:///etc/passwd', 'ftp://example.com/x.png', 'gopher://127.0.0.1:6379/_INFO', 'data:image/png;base64,AAAA', 'javascript:alert(1)'])(
    'refuses a redirect to the scheme of %s, and the URL itself',
    async (target) => {
      const direct = await refusal(guardedFetch(target));
      expect(direct.kind).toBe('invalid');
      expect(direct.message).toMatch(/only http:\/\/ and https:\/\//);
      const redirected = await refusal(guardedFetch(`http://127.0.0.1:${port}/redirect?to=${encodeURIComponent(target)}`, { allowHosts: ['127.0.0.1'] }));
      expect(redirected.kind).toBe('invalid');
    },
  );

  it('refuses a URL with credentials in it', async () => {
    expect((await refusal(guardedFetch(`http://user:pass@127.0.0.1:${port}/image`, { allowHosts: ['127.0.0.1'] }))).kind).toBe('invalid');
  });
});

describe('guardedFetch caps what it reads', () => {
  it('refuses a body declared larger than the cap without reading it', async () => {
    const error = await refusal(guardedFetch(`http://127.0.0.1:${port}/declared-huge`, { allowHosts: ['127.0.0.1'], maxBytes: 1024 * 1024 }));
    expect(error.kind).toBe('too-large');
    expect(error.message).toBe('the image is larger than 1 MB');
  });

  it('cuts an endless body at the cap', async () => {
    const started = Date.now();
    const error = await refusal(guardedFetch(`http://127.0.0.1:${port}/endless`, { allowHosts: ['127.0.0.1'], maxBytes: 2 * 1024 * 1024 }));
    expect(error.kind).toBe('too-large');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('cuts a body that trickles in past the time cap', async () => {
    const started = Date.now();
    const error = await refusal(guardedFetch(`http://127.0.0.1:${port}/trickle`, { allowHosts: ['127.0.0.1'], timeoutMs: 400 }));
    expect(error.kind).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(1500);
  });
});
