import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encryptWebhookPayload, signWebhook, startFakeAkool, type FakeAkool } from '../../e2e/fixtures/fake-akool.ts';
import { runChildUntilExit, startChildServer, type ChildServer } from '../testing/child-server.ts';
import { freePort, makeAppDir, solidPng } from '../testing/test-server.ts';

// Canary secrets, configured for real: none may appear in a built asset, an HTTP response (errors included),
// a log line or an error message. Each check also proves it can see (a known string is found where it looks).

const CANARY_KEY = 'canaryKEY-7f3a9c1e5b2d4f60';
const CANARY_SECRET = 'canarySECRET-9d8c7b6a5e4'; // 24 characters: also the AES-192 webhook key
const CANARY_TOKEN = 'canaryTOKEN-1a2b3c4d5e6f7a8b';
const CANARIES = [CANARY_KEY, CANARY_SECRET, CANARY_TOKEN];

/** The canaries in every form a leak could take: as they are, base64, URL-encoded. */
const FORMS = CANARIES.flatMap((canary) => [canary, Buffer.from(canary).toString('base64').slice(0, 24), encodeURIComponent(canary)]);

function leaks(text: string): string[] {
  return FORMS.filter((form) => text.includes(form));
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('secrets stay out of the built app', () => {
  it('no canary in any file `vite build` writes, source maps included', async () => {
    expect(CANARY_SECRET).toHaveLength(24);
    const outDir = mkdtempSync(join(tmpdir(), 'secrets-build-'));
    await promisify(execFile)(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'error'], {
      env: {
        ...process.env,
        AKOOL_API_KEY: CANARY_KEY,
        AKOOL_CLIENT_ID: 'canary-client-id',
        AKOOL_CLIENT_SECRET: CANARY_SECRET,
        ACCESS_TOKEN: CANARY_TOKEN,
      },
      timeout: 60_000,
    });
    const files = filesUnder(outDir);
    expect(files.some((file) => file.endsWith('.js'))).toBe(true);
    const all = files.map((file) => readFileSync(file).toString('latin1')).join('\n');
    expect(all).toContain('Background Composer'); // the search sees the app's text
    expect(leaks(all)).toEqual([]);
  }, 90_000);
});

describe('secrets stay out of answers, logs and error messages', () => {
  let fake: FakeAkool;
  let child: ChildServer;
  let base: string;
  const answers: string[] = [];

  /** Sends a request and keeps everything that came back: status, headers and body. */
  async function call(path: string, init: RequestInit = {}): Promise<Response> {
    const response = await fetch(`${base}${path}`, init);
    const body = Buffer.from(await response.clone().arrayBuffer()).toString('latin1');
    answers.push(`${response.status} ${JSON.stringify([...response.headers])} ${body}`);
    return response;
  }
  const token = { 'x-access-token': CANARY_TOKEN };
  const json = { 'content-type': 'application/json' };

  beforeAll(async () => {
    fake = await startFakeAkool({ apiKey: CANARY_KEY, clientId: 'canary-client-id', clientSecret: CANARY_SECRET });
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    child = await startChildServer(
      {
        PORT: String(port),
        DATA_DIR: mkdtempSync(join(tmpdir(), 'secrets-')),
        APP_DIR: await makeAppDir(),
        PROVIDER: 'akool',
        AKOOL_BASE_URL: fake.url,
        AKOOL_API_KEY: CANARY_KEY,
        AKOOL_CLIENT_ID: 'canary-client-id',
        AKOOL_CLIENT_SECRET: CANARY_SECRET,
        ACCESS_TOKEN: CANARY_TOKEN,
        PUBLIC_BASE_URL: base,
        FETCH_ALLOW_HOSTS: '127.0.0.1',
        AKOOL_POLL_INITIAL_MS: '20',
        AKOOL_POLL_MAX_MS: '50',
        AKOOL_RETRY_BASE_MS: '20',
        AKOOL_REQUEST_TIMEOUT: '300ms',
        JOB_TIMEOUT: '3s',
        LOG_LEVEL: 'debug',
      },
      base,
    );
  }, 30_000);
  afterAll(async () => {
    await child?.kill('SIGTERM'); // absent when it did not start: that failure is the one to report
    await fake?.close();
  });

  it('exercises the server the way users, attackers and Akool do, then finds no canary anywhere', async () => {
    await call('/');
    await call('/api/health');
    await call('/api/session');
    await call('/api/jobs');
    await call('/api/jobs', { headers: { 'x-access-token': 'wrong-token-here' } });
    await call('/api/jobs', { headers: { authorization: `Bearer ${CANARY_TOKEN}x` } });
    const login = await call('/api/session', { method: 'POST', headers: token });
    expect(login.status).toBe(204);
    await call('/api/jobs', { headers: { cookie: String(login.headers.get('set-cookie')).split(';')[0]! } });
    await call('/api/jobs', { method: 'POST', headers: { ...token, ...json }, body: '{"canvas_size": ' });
    // Over the 1 MB body limit: the server answers 413 as soon as it knows, and may close the connection before
    // the client has sent the whole body, which fetch then reports as a failure (EPIPE). Either way nothing is
    // stored, and what the logs say is checked below.
    await call('/api/jobs', { method: 'POST', headers: { ...token, ...json }, body: JSON.stringify({ canvas_size: 'x', padding: 'y'.repeat(2 * 1024 * 1024) }) }).catch(
      (error: Error) => {
        if (!/fetch failed/.test(error.message)) throw error;
      },
    );
    await call('/api/jobs', { method: 'POST', headers: { ...token, ...json }, body: JSON.stringify({ api_key: CANARY_KEY.replace('canary', 'not') }) });
    await call('/api/fetch-image?url=http://169.254.169.254/latest/meta-data/', { headers: token });
    await call('/api/nothing-here', { headers: token });

    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(await solidPng(8, 8, '#ff0000'))]), 'a.png');
    const uploaded = await call('/api/uploads', { method: 'POST', headers: token, body: form });
    const uploadUrl = ((await uploaded.json()) as { url: string }).url;
    await call(uploadUrl.slice(base.length));

    const body = { canvas_size: '20x10', origin_img: uploadUrl, modify_origin_img_size: '8x8', overlay_origin_x: 0, overlay_origin_y: 0 };
    const run = async (): Promise<{ id: string; status: string }> => {
      const response = await call('/api/jobs', { method: 'POST', headers: { ...token, ...json }, body: JSON.stringify(body) });
      const { id } = (await response.json()) as { id: string };
      for (let i = 0; i < 200; i += 1) {
        const job = (await (await call(`/api/jobs/${id}`, { headers: token })).json()) as { id: string; status: string };
        if (job.status === 'completed' || job.status === 'failed') return job;
        await new Promise((resolve) => setTimeout(resolve, 30));
      }
      throw new Error(`job ${id} did not end`);
    };
    expect((await run()).status).toBe('completed'); // Akool (the fake) accepted our key: the secret was in use
    fake.answerNextReplace(1101); // Akool refuses the key
    expect((await run()).status).toBe('failed');
    fake.answerNextReplace(1200);
    expect((await run()).status).toBe('failed');
    fake.faultNext('hang', 100, 'replace'); // Akool never answers: timeout messages
    expect((await run()).status).toBe('failed');
    fake.resetScript();
    await call('/api/jobs', { headers: token });

    // Akool's protocol, with right and wrong credentials.
    await call('/api/open/v3/content/image/bg/replace', { method: 'POST', headers: { authorization: `Bearer ${CANARY_TOKEN}`, ...json }, body: JSON.stringify(body) });
    await call('/api/open/v3/content/image/bg/replace', { method: 'POST', headers: { 'x-api-key': CANARY_KEY, ...json }, body: '{}' });
    await call('/api/open/v3/content/image/infobymodelid?image_model_id=0123456789abcdef01234567', { headers: { authorization: `Bearer ${CANARY_TOKEN}` } });

    // Webhooks: forged, stale, valid for an unknown job, garbage.
    const payload = encryptWebhookPayload(JSON.stringify({ _id: 'ffffffffffffffffffffffff', status: 3, url: `${fake.url}/results/ffffffffffffffffffffffff.png` }), 'canary-client-id', CANARY_SECRET);
    const now = Date.now();
    for (const [timestamp, signature] of [
      [now, 'f'.repeat(40)],
      [now - 3_600_000, signWebhook('canary-client-id', now - 3_600_000, '1', payload)],
      [now, signWebhook('canary-client-id', now, '1', payload)],
    ] as const) {
      await call('/api/webhooks/akool', { method: 'POST', headers: json, body: JSON.stringify({ signature, dataEncrypt: payload, timestamp, nonce: '1' }) });
    }
    await call('/api/webhooks/akool', { method: 'POST', headers: json, body: JSON.stringify({ signature: 'x', dataEncrypt: 'AAAA', timestamp: now, nonce: '1' }) });

    const responses = answers.join('\n');
    expect(responses).toContain('the signature does not match'); // the search sees the error texts
    expect(responses).toContain('the API key or token is invalid or expired');
    expect(leaks(responses)).toEqual([]);

    await new Promise((resolve) => setTimeout(resolve, 200)); // let the log flush
    const log = child.output();
    expect(log).toContain('submitted to Akool'); // the log was captured, at debug level
    expect(log).toContain('webhook rejected');
    expect(leaks(log)).toEqual([]);
  }, 60_000);

  it('configuration errors do not echo secrets either', async () => {
    const failures = await Promise.all([
      runChildUntilExit({ PROVIDER: 'akool', AKOOL_API_KEY: '', AKOOL_CLIENT_ID: '', AKOOL_CLIENT_SECRET: CANARY_SECRET }),
      runChildUntilExit({ PROVIDER: 'akool', AKOOL_API_KEY: CANARY_KEY, AKOOL_BASE_URL: `https://user:${CANARY_KEY}@akool.example` }),
      runChildUntilExit({ PROVIDER: 'akool', AKOOL_API_KEY: CANARY_KEY, PUBLIC_BASE_URL: `https://composer.example.com/?token=${CANARY_TOKEN}` }),
      runChildUntilExit({ ACCESS_TOKEN: ' short ', AKOOL_API_KEY: CANARY_KEY }),
    ]);
    for (const { code, output } of failures) {
      expect(code).toBe(1);
      expect(output).toMatch(/^configuration error: /);
      expect(leaks(output)).toEqual([]);
    }
  }, 60_000);
});
