import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAkool, type FakeAkool } from '../../e2e/fixtures/fake-akool.ts';
import { loadConfig } from '../config.ts';
import { solidPng, startTestServer, upload, waitForFinal, type TestServer } from '../testing/test-server.ts';
import { SESSION_COOKIE, SessionCookies } from './access-token.ts';
import { CONTENT_SECURITY_POLICY } from './security-headers.ts';

const TOKEN = 'correct-horse-battery-staple';
const auth = { 'x-access-token': TOKEN };
const ID = '0123456789abcdef01234567';

/** Every route the server has, as [method, path], read from Fastify's own route tree. */
function allRoutes(server: TestServer): Array<[string, string]> {
  const routes: Array<[string, string]> = [];
  const stack: string[] = [];
  for (const line of server.app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│ ]*)(?:├── |└── )(\S+) \(([^)]+)\)/.exec(line);
    if (!match) continue;
    const depth = match[1]!.length / 4;
    stack.length = depth;
    const parent = stack.join('');
    const segment = match[2]!;
    const path = depth === 0 ? segment : `${parent}${parent.endsWith('/') || segment.startsWith('/') ? '' : '/'}${segment}`;
    stack.push(depth === 0 ? segment : path.slice(parent.length));
    for (const method of match[3]!.split(', ')) if (method !== 'HEAD') routes.push([method, path]);
  }
  return routes;
}

describe('where the server listens', () => {
  it('binds 127.0.0.1 unless HOST says otherwise', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
  });
});

describe('ACCESS_TOKEN', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ accessToken: TOKEN, rateLimits: { failedAuthPerMinute: 1000 } });
  });
  afterAll(() => server.close());

  it('is required by every route except health, the session check and the app files', async () => {
    // (POST /api/session is reachable, but refuses 401 without the right token: it is how a browser logs in.)
    const routes = allRoutes(server);
    expect(routes.length).toBeGreaterThanOrEqual(15);
    const open: string[] = [];
    for (const [method, template] of routes) {
      const url = template.replace(/:id/g, ID);
      const bare = await server.app.inject({ method: method as 'GET', url, ...(method === 'POST' ? { payload: {} } : {}) });
      const refused =
        bare.statusCode === 401 || (url.startsWith('/api/open/') && bare.json().code === 1102); // Akool's "no credential"
      if (!refused) open.push(`${method} ${template}`);
      if (!url.startsWith('/api/')) continue;
      const wrong = await server.app.inject({ method: method as 'GET', url, headers: { 'x-access-token': 'nope-nope-nope' } });
      if (!open.includes(`${method} ${template}`) && !url.startsWith('/api/open/')) expect(wrong.statusCode, `${method} ${url}`).toBe(401);
    }
    expect(open.sort()).toEqual(
      [
        'DELETE /api/session',
        'GET /',
        'GET /api/health',
        'GET /api/session',
        'GET /index.html',
        'GET /samples/background.jpg',
        'GET /samples/foreground.png',
      ].sort(),
    );
    // ...and with the token, the guarded routes answer for real.
    expect((await server.app.inject({ url: '/api/jobs', headers: auth })).statusCode).toBe(200);
    expect((await server.app.inject({ url: '/api/jobs', headers: { authorization: `Bearer ${TOKEN}` } })).statusCode).toBe(200);
    expect((await server.app.inject({ url: `/api/open/v3/content/image/infobymodelid?image_model_id=${ID}`, headers: { authorization: `Bearer ${TOKEN}` } })).json().code).toBe(1003);
    expect((await server.app.inject({ url: `/api/open/v3/content/image/infobymodelid?image_model_id=${ID}`, headers: { authorization: 'Bearer wrong' } })).json().code).toBe(1101);
  });

  it("leaves Akool's callback open (it is signed) where the akool provider brings it; PROVIDER=local has none", async () => {
    expect((await server.app.inject({ method: 'POST', url: '/api/webhooks/akool', headers: auth, payload: {} })).statusCode).toBe(404);
    const akool = await startTestServer({
      accessToken: TOKEN,
      provider: 'akool',
      akool: { baseUrl: 'http://127.0.0.1:9', credentials: { kind: 'client', clientId: 'client-id', clientSecret: '0123456789abcdef' } },
    });
    try {
      expect(allRoutes(akool).map((route) => route.join(' '))).toContain('POST /api/webhooks/akool');
      const bare = await akool.app.inject({ method: 'POST', url: '/api/webhooks/akool', payload: {} });
      expect(bare.statusCode).toBe(400); // read and refused by the webhook itself, not by the token check
      expect(bare.json().error.message).toBe('the callback needs signature, dataEncrypt, timestamp and nonce');
    } finally {
      await akool.close();
    }
  });

  it('a browser session: the token buys an HttpOnly SameSite=Strict cookie that opens images and downloads, not writes', async () => {
    expect((await server.app.inject({ url: '/api/session' })).json()).toEqual({ required: true, authenticated: false });
    const wrong = await server.app.inject({ method: 'POST', url: '/api/session', headers: { 'x-access-token': 'guess-guess' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.headers['set-cookie']).toBeUndefined();

    const login = await server.app.inject({ method: 'POST', url: '/api/session', headers: auth });
    expect(login.statusCode).toBe(204);
    const setCookie = String(login.headers['set-cookie']);
    expect(setCookie).toMatch(new RegExp(`^${SESSION_COOKIE}=\\d+\\.[\\w-]{43}; Max-Age=43200; Path=/api; HttpOnly; SameSite=Strict$`));
    expect(setCookie).not.toContain(TOKEN);
    const cookie = setCookie.split(';')[0]!;

    const uploaded = await upload(server.app, await solidPng(4, 4, '#ff0000'));
    expect(uploaded.status).toBe(401); // no header: refused
    const form = await multipartOf();
    const stored = await server.app.inject({ method: 'POST', url: '/api/uploads', payload: form.payload, headers: { ...form.headers, ...auth } });
    expect(stored.statusCode).toBe(201);
    const id = stored.json().id;
    expect((await server.app.inject({ url: `/api/uploads/${id}`, headers: { cookie } })).statusCode).toBe(200);
    expect((await server.app.inject({ url: '/api/session', headers: { cookie } })).json()).toEqual({ required: true, authenticated: true });

    // The cookie does not authorise anything that changes state (cross-site request forgery stays harmless).
    const body = { canvas_size: '4x4', origin_img: `http://localhost/api/uploads/${id}`, modify_origin_img_size: '4x4', overlay_origin_x: 0, overlay_origin_y: 0 };
    expect((await server.app.inject({ method: 'POST', url: '/api/jobs', headers: { cookie }, payload: body })).statusCode).toBe(401);
    const created = await server.app.inject({ method: 'POST', url: '/api/jobs', headers: auth, payload: body });
    expect(created.statusCode).toBe(202);
    await waitForFinal(server.app, created.json().id, 10_000, auth);
    expect((await server.app.inject({ url: `/api/jobs/${created.json().id}/result?format=jpeg`, headers: { cookie } })).statusCode).toBe(200);
    expect((await server.app.inject({ method: 'DELETE', url: `/api/jobs/${created.json().id}`, headers: { cookie } })).statusCode).toBe(401);
    expect((await server.app.inject({ method: 'POST', url: `/api/jobs/${created.json().id}/restore`, headers: { cookie } })).statusCode).toBe(401);

    // Forged, expired, or minted under another token: refused.
    const forged = `${SESSION_COOKIE}=9999999999.${'A'.repeat(43)}`;
    const expired = `${SESSION_COOKIE}=${new SessionCookies(TOKEN).issue(Date.now() - 13 * 3_600_000)}`;
    const otherToken = `${SESSION_COOKIE}=${new SessionCookies('another-token-value').issue()}`;
    for (const bad of [forged, expired, otherToken]) {
      expect((await server.app.inject({ url: `/api/uploads/${id}`, headers: { cookie: bad } })).statusCode).toBe(401);
    }
    const logout = await server.app.inject({ method: 'DELETE', url: '/api/session' });
    expect(String(logout.headers['set-cookie'])).toContain(`${SESSION_COOKIE}=; Max-Age=0`);
  });
});

async function multipartOf() {
  const { multipart } = await import('../testing/test-server.ts');
  return multipart('file', 'x.png', await solidPng(4, 4, '#ff0000'));
}

describe('guessing the token', () => {
  it('is cut off with 429 and Retry-After after 20 wrong tokens a minute, per client', async () => {
    const server = await startTestServer({ accessToken: TOKEN });
    try {
      const attacker = { remoteAddress: '203.0.113.7' };
      for (let i = 0; i < 20; i += 1) {
        expect((await server.app.inject({ url: '/api/jobs', headers: { 'x-access-token': `guess-${i}` }, ...attacker })).statusCode).toBe(401);
      }
      const blocked = await server.app.inject({ url: '/api/jobs', headers: auth, ...attacker }); // even the right one, now
      expect(blocked.statusCode).toBe(429);
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(blocked.headers['retry-after'])).toBeLessThanOrEqual(60);
      expect((await server.app.inject({ method: 'POST', url: '/api/session', headers: auth, ...attacker })).statusCode).toBe(429);
      const akool = await server.app.inject({ url: `/api/open/v3/content/image/infobymodelid?image_model_id=${ID}`, headers: { authorization: `Bearer ${TOKEN}` }, ...attacker });
      expect([akool.statusCode, akool.json().code]).toEqual([429, 1005]);
      // Requests without any token (an expired cookie, a bare image load) are refused but not counted as guesses.
      const browser = { remoteAddress: '203.0.113.8' };
      for (let i = 0; i < 30; i += 1) expect((await server.app.inject({ url: `/api/uploads/${ID}`, ...browser })).statusCode).toBe(401);
      expect((await server.app.inject({ method: 'POST', url: '/api/session', headers: auth, ...browser })).statusCode).toBe(204);
      // Another client is not affected.
      expect((await server.app.inject({ url: '/api/jobs', headers: auth, remoteAddress: '198.51.100.9' })).statusCode).toBe(200);
    } finally {
      await server.close();
    }
  });
});

describe('rate limits on job creation and uploads', () => {
  let server: TestServer;
  let fake: FakeAkool;
  beforeAll(async () => {
    fake = await startFakeAkool();
    server = await startTestServer({ rateLimits: { jobsPerMinute: 3, uploadsPerMinute: 2 } });
  });
  afterAll(async () => {
    await server.close();
    await fake.close();
  });
  const job = { canvas_size: '4x4', origin_img: 'http://localhost/samples/foreground.png', modify_origin_img_size: '4x4', overlay_origin_x: 0, overlay_origin_y: 0 };

  it('answers 429 with Retry-After to the 4th job of a minute from one client, and not to another client', async () => {
    const a = { remoteAddress: '203.0.113.10' };
    for (let i = 0; i < 3; i += 1) expect((await server.app.inject({ method: 'POST', url: '/api/jobs', payload: job, ...a })).statusCode).toBe(202);
    const limited = await server.app.inject({ method: 'POST', url: '/api/jobs', payload: job, ...a });
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json().error.message).toMatch(/^too many requests from this address: at most 3 a minute; try again in \d+ (seconds?|minute)$/);
    expect((await server.app.inject({ url: '/api/jobs' })).json().jobs).toHaveLength(3); // the 4th was not stored
    expect((await server.app.inject({ method: 'POST', url: '/api/jobs', payload: job, remoteAddress: '203.0.113.11' })).statusCode).toBe(202);
    expect((await server.app.inject({ url: '/api/jobs', ...a })).statusCode).toBe(200); // reading is not limited
  });

  it("limits Akool's bg/replace the same way, answering Akool's 1005", async () => {
    const a = { remoteAddress: '203.0.113.20' };
    const send = () => server.app.inject({ method: 'POST', url: '/api/open/v3/content/image/bg/replace', headers: { authorization: 'Bearer x' }, payload: job, ...a });
    for (let i = 0; i < 3; i += 1) expect((await send()).json().code).toBe(1000);
    const limited = await send();
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBeDefined();
    expect(limited.json()).toMatchObject({ code: 1005, data: null });
  });

  it('answers 429 to the 3rd upload of a minute from one client', async () => {
    const a = { remoteAddress: '203.0.113.30' };
    const png = await solidPng(2, 2, '#00ff00');
    const { multipart } = await import('../testing/test-server.ts');
    const send = () => server.app.inject({ method: 'POST', url: '/api/uploads', ...multipart('file', 'a.png', png), ...a });
    expect((await send()).statusCode).toBe(201);
    expect((await send()).statusCode).toBe(201);
    const limited = await send();
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('answers 429 to the 3rd foreground of a minute from one client, counted apart from uploads', async () => {
    const a = { remoteAddress: '203.0.113.40' };
    const { multipart } = await import('../testing/test-server.ts');
    const photo = (await server.app.inject({ method: 'POST', url: '/api/uploads', ...multipart('file', 'a.png', await solidPng(40, 30, '#00ff00')), ...a })).json().url as string;
    const send = () => server.app.inject({ method: 'POST', url: '/api/foregrounds', payload: { image: photo, removeBackground: false, trim: false }, ...a });
    expect((await send()).statusCode).toBe(201);
    expect((await send()).statusCode).toBe(201);
    const limited = await send();
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json().error.message).toMatch(/^too many requests from this address: at most 2 a minute/);
  });
});

describe('security headers', () => {
  it('come with every answer: the app, the API, errors', async () => {
    const server = await startTestServer({ publicBaseUrl: 'https://composer.example.com' });
    try {
      for (const url of ['/', '/api/health', '/api/jobs/nope', '/api/nothing', '/samples/foreground.png']) {
        const response = await server.app.inject({ url });
        expect(response.headers['content-security-policy'], url).toBe(CONTENT_SECURITY_POLICY);
        expect(response.headers).toMatchObject({
          'x-content-type-options': 'nosniff',
          'x-frame-options': 'DENY',
          'referrer-policy': 'no-referrer',
          'cross-origin-opener-policy': 'same-origin',
          'strict-transport-security': 'max-age=31536000',
        });
      }
      expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
      expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe');
      expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    } finally {
      await server.close();
    }
  });
});

describe('URLs of our files handed to Akool', () => {
  it('carry a signature that opens exactly that file without the token, and nothing else', async () => {
    const fake = await startFakeAkool();
    const server = await startTestServer({
      provider: 'akool',
      accessToken: TOKEN,
      publicBaseUrl: 'https://composer.example.com',
      fetchAllowHosts: ['127.0.0.1'],
      akool: { baseUrl: fake.url, credentials: { kind: 'apiKey', apiKey: fake.apiKey }, pollInitialMs: 20, pollMaxMs: 40 },
    });
    try {
      const form = await multipartOf();
      const stored = await server.app.inject({ method: 'POST', url: '/api/uploads', payload: form.payload, headers: { ...form.headers, ...auth } });
      const other = await server.app.inject({ method: 'POST', url: '/api/uploads', payload: form.payload, headers: { ...form.headers, ...auth } });
      const { id } = stored.json();
      const created = await server.app.inject({
        method: 'POST',
        url: '/api/jobs',
        headers: auth,
        payload: { canvas_size: '4x4', origin_img: stored.json().url, modify_origin_img_size: '4x4', overlay_origin_x: 0, overlay_origin_y: 0 },
      });
      expect(created.statusCode).toBe(202);
      await expect.poll(() => fake.requests.some((r) => r.path.endsWith('/bg/replace'))).toBe(true);
      const sent = (fake.requests.find((r) => r.path.endsWith('/bg/replace'))!.body as { origin_img: string }).origin_img;
      expect(sent).toMatch(new RegExp(`^https://composer\\.example\\.com/api/uploads/${id}\\?sig=\\d+\\.[\\w-]{43}$`));
      expect(sent).not.toContain(TOKEN);
      const signed = sent.slice('https://composer.example.com'.length);
      expect((await server.app.inject({ url: signed })).statusCode).toBe(200);
      expect((await server.app.inject({ url: signed.replace(id, other.json().id) })).statusCode).toBe(401);
      expect((await server.app.inject({ url: `/api/uploads/${id}` })).statusCode).toBe(401);
      expect((await server.app.inject({ url: signed.replace(/sig=(\d+)/, (_m, n: string) => `sig=${Number(n) + 1}`) })).statusCode).toBe(401);
      expect((await server.app.inject({ method: 'DELETE', url: `/api/jobs/${created.json().id}?${signed.split('?')[1]}` })).statusCode).toBe(401);
    } finally {
      await server.close();
      await fake.close();
    }
  });
});
