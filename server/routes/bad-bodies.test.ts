import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAkool, type FakeAkool } from '../../e2e/fixtures/fake-akool.ts';
import { startTestServer, waitForFinal, type TestServer } from '../testing/test-server.ts';

// Hostile and broken request bodies, sent to our API and to Akool's protocol on a server that forwards to the
// fake Akool: each is refused naming the field and the reason, nothing is stored, and Akool hears nothing.

let fake: FakeAkool;
let server: TestServer;

beforeAll(async () => {
  fake = await startFakeAkool();
  server = await startTestServer({
    provider: 'akool',
    fetchAllowHosts: ['127.0.0.1'],
    rateLimits: { jobsPerMinute: 10_000 },
    akool: { baseUrl: fake.url, credentials: { kind: 'apiKey', apiKey: fake.apiKey }, pollInitialMs: 20, pollMaxMs: 40, retryBaseMs: 10 },
  });
});
afterAll(async () => {
  await server.close();
  await fake.close();
});

const valid = {
  canvas_size: '100x80',
  color_code: '#aafbe3',
  origin_img: 'https://images.example.com/foreground.png',
  modify_origin_img_size: '40x30',
  overlay_origin_x: 10,
  overlay_origin_y: 5,
};
const withTemplate = { ...valid, template_url: 'https://images.example.com/bg.jpg', modify_template_size: '100x80', overlay_template_x: 0, overlay_template_y: 0 };
const without = (field: keyof typeof valid) => Object.fromEntries(Object.entries(valid).filter(([key]) => key !== field));
const json = (value: unknown) => JSON.stringify(value);

interface BadCase {
  name: string;
  /** The raw body as sent. */
  payload: string | Buffer;
  contentType?: string;
  /** The field the answer must name, and a word of the reason. */
  field: string;
  reason: RegExp;
}

const cases: BadCase[] = [
  { name: 'canvas_size missing', payload: json(without('canvas_size')), field: 'canvas_size', reason: /required/ },
  { name: 'origin_img missing', payload: json(without('origin_img')), field: 'origin_img', reason: /required/ },
  { name: 'modify_origin_img_size missing', payload: json(without('modify_origin_img_size')), field: 'modify_origin_img_size', reason: /required/ },
  { name: 'overlay_origin_x missing', payload: json(without('overlay_origin_x')), field: 'overlay_origin_x', reason: /required/ },
  { name: 'overlay_origin_y missing', payload: json(without('overlay_origin_y')), field: 'overlay_origin_y', reason: /required/ },
  { name: 'canvas_size a number', payload: json({ ...valid, canvas_size: 3840 }), field: 'canvas_size', reason: /not a number/ },
  { name: 'canvas_size "3840x"', payload: json({ ...valid, canvas_size: '3840x' }), field: 'canvas_size', reason: /WIDTHxHEIGHT/ },
  { name: 'canvas_size "3840*3840"', payload: json({ ...valid, canvas_size: '3840*3840' }), field: 'canvas_size', reason: /WIDTHxHEIGHT/ },
  { name: 'canvas_size "0x10"', payload: json({ ...valid, canvas_size: '0x10' }), field: 'canvas_size', reason: /greater than 0/ },
  { name: 'canvas_size "3840X3840"', payload: json({ ...valid, canvas_size: '3840X3840' }), field: 'canvas_size', reason: /WIDTHxHEIGHT/ },
  { name: 'canvas_size with spaces', payload: json({ ...valid, canvas_size: ' 100 x 80' }), field: 'canvas_size', reason: /WIDTHxHEIGHT/ },
  { name: 'canvas_size negative', payload: json({ ...valid, canvas_size: '-100x80' }), field: 'canvas_size', reason: /WIDTHxHEIGHT/ },
  { name: 'canvas_size fractional', payload: json({ ...valid, canvas_size: '100.5x80' }), field: 'canvas_size', reason: /whole pixels/ },
  { name: 'canvas_size over the limit', payload: json({ ...valid, canvas_size: '9000x9000' }), field: 'canvas_size', reason: /at most 8192/ },
  { name: 'modify_origin_img_size over the limit', payload: json({ ...valid, modify_origin_img_size: '100000000x10' }), field: 'modify_origin_img_size', reason: /at most 8192/ },
  { name: 'modify_template_size over the limit', payload: json({ ...withTemplate, modify_template_size: '8193x10' }), field: 'modify_template_size', reason: /at most 8192/ },
  { name: 'overlay_origin_x fractional', payload: json({ ...valid, overlay_origin_x: 1.5 }), field: 'overlay_origin_x', reason: /whole number/ },
  { name: 'overlay_origin_x a string', payload: json({ ...valid, overlay_origin_x: '10' }), field: 'overlay_origin_x', reason: /not a string/ },
  { name: 'overlay_origin_y null', payload: json({ ...valid, overlay_origin_y: null }), field: 'overlay_origin_y', reason: /not null/ },
  { name: 'overlay_origin_y true', payload: json({ ...valid, overlay_origin_y: true }), field: 'overlay_origin_y', reason: /not true\/false/ },
  { name: 'overlay_origin_x out of range', payload: json({ ...valid, overlay_origin_x: 1e9 }), field: 'overlay_origin_x', reason: /between/ },
  { name: 'overlay_template_x a string', payload: json({ ...withTemplate, overlay_template_x: '0' }), field: 'overlay_template_x', reason: /not a string/ },
  { name: 'foreground outside the canvas', payload: json({ ...valid, overlay_origin_x: 5000 }), field: 'overlay_origin_x', reason: /outside the canvas/ },
  { name: 'color_code bad hex', payload: json({ ...valid, color_code: '#12345g' }), field: 'color_code', reason: /hex colour/ },
  { name: 'color_code a name', payload: json({ ...valid, color_code: 'red' }), field: 'color_code', reason: /hex colour/ },
  { name: 'color_code seven digits', payload: json({ ...valid, color_code: '#1234567' }), field: 'color_code', reason: /hex colour/ },
  { name: 'color_code a number', payload: json({ ...valid, color_code: 0xaafbe3 }), field: 'color_code', reason: /not a number/ },
  { name: 'modify_template_size without template_url', payload: json({ ...valid, modify_template_size: '10x10' }), field: 'modify_template_size', reason: /only .* with template_url/ },
  { name: 'overlay_template_x without template_url', payload: json({ ...valid, overlay_template_x: 0 }), field: 'overlay_template_x', reason: /only .* with template_url/ },
  { name: 'overlay_template_y without template_url', payload: json({ ...valid, overlay_template_y: 0 }), field: 'overlay_template_y', reason: /only .* with template_url/ },
  { name: 'origin_img file:', payload: json({ ...valid, origin_img: 'file:///etc/passwd' }), field: 'origin_img', reason: /http:\/\/ or https:\/\// },
  { name: 'origin_img data:', payload: json({ ...valid, origin_img: 'data:image/png;base64,iVBORw0KGgo=' }), field: 'origin_img', reason: /http:\/\/ or https:\/\// },
  { name: 'origin_img javascript:', payload: json({ ...valid, origin_img: 'javascript:alert(1)' }), field: 'origin_img', reason: /http:\/\/ or https:\/\// },
  { name: 'template_url ftp:', payload: json({ ...withTemplate, template_url: 'ftp://example.com/bg.jpg' }), field: 'template_url', reason: /http:\/\/ or https:\/\// },
  { name: 'template_url gopher:', payload: json({ ...withTemplate, template_url: 'gopher://127.0.0.1:6379/_FLUSHALL' }), field: 'template_url', reason: /http:\/\/ or https:\/\// },
  { name: 'origin_img empty', payload: json({ ...valid, origin_img: '' }), field: 'origin_img', reason: /http:\/\/ or https:\/\// },
  { name: 'origin_img not a URL', payload: json({ ...valid, origin_img: 'foreground.png' }), field: 'origin_img', reason: /http:\/\/ or https:\/\// },
  { name: 'origin_img with a space', payload: json({ ...valid, origin_img: 'https://a b.example/x.png' }), field: 'origin_img', reason: /http:\/\/ or https:\/\// },
  { name: 'origin_img 5000 characters', payload: json({ ...valid, origin_img: `https://x.example/${'a'.repeat(5000)}` }), field: 'origin_img', reason: /too long/ },
  { name: 'origin_img a list', payload: json({ ...valid, origin_img: ['https://x.example/a.png'] }), field: 'origin_img', reason: /not a list/ },
  { name: 'template_url a number', payload: json({ ...withTemplate, template_url: 42 }), field: 'template_url', reason: /not a number/ },
  { name: 'webhookUrl javascript:', payload: json({ ...valid, webhookUrl: 'javascript:alert(1)' }), field: 'webhookUrl', reason: /http:\/\/ or https:\/\// },
  { name: 'an unknown field', payload: json({ ...valid, prompt: 'a beach' }), field: 'prompt', reason: /not a field/ },
  // Prototype poisoning is stopped by Fastify's JSON parser (secure-json-parse) before validation sees it.
  { name: 'a __proto__ field', payload: `{"__proto__":{"isAdmin":true},${json(valid).slice(1)}`, field: 'body', reason: /not valid JSON/ },
  { name: 'a constructor.prototype field', payload: json({ ...valid, constructor: { prototype: { isAdmin: true } } }), field: 'body', reason: /not valid JSON/ },
  { name: 'a constructor field', payload: json({ ...valid, constructor: 'x' }), field: 'constructor', reason: /not a field/ },
  { name: 'a list instead of an object', payload: json([valid]), field: 'body', reason: /JSON object, not a list/ },
  { name: 'null instead of an object', payload: 'null', field: 'body', reason: /JSON object, not null/ },
  { name: 'a string instead of an object', payload: '"canvas_size=100x80"', field: 'body', reason: /JSON object, not a string/ },
  { name: 'a number instead of an object', payload: '42', field: 'body', reason: /JSON object, not a number/ },
  { name: 'a 10 MB body', payload: json({ ...valid, padding: 'x'.repeat(10 * 1024 * 1024) }), field: 'body', reason: /too large/ },
  { name: 'broken JSON', payload: '{"canvas_size": "100x80", ', field: 'body', reason: /JSON/ },
  { name: 'an empty body with a JSON type', payload: '', field: 'body', reason: /empty/ },
  { name: 'text/plain', payload: json(valid), contentType: 'text/plain', field: 'body', reason: /JSON object, not a string/ },
  { name: 'a form', payload: 'canvas_size=100x80&origin_img=x', contentType: 'application/x-www-form-urlencoded', field: 'body', reason: /Unsupported Media Type/ },
  { name: 'XML', payload: '<request><canvas_size>100x80</canvas_size></request>', contentType: 'application/xml', field: 'body', reason: /Unsupported Media Type/ },
];

function storedNothing() {
  const results = readdirSync(join(server.config.dataDir, 'results'));
  const uploads = readdirSync(join(server.config.dataDir, 'uploads'));
  return { results, uploads };
}

describe('bad request bodies', () => {
  it('has at least 40 distinct cases', () => {
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
    expect(new Set(cases.map((c) => c.payload.toString())).size).toBe(cases.length);
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  it.each(cases)('POST /api/jobs refuses $name with 4xx naming $field', async ({ payload, contentType, field, reason }) => {
    const since = fake.requests.length;
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/jobs',
      headers: { 'content-type': contentType ?? 'application/json' },
      payload,
    });
    expect(response.statusCode).toBeGreaterThanOrEqual(400);
    expect(response.statusCode).toBeLessThan(500);
    const error = response.json().error as { message: string; fields: Record<string, string> };
    expect(Object.keys(error.fields)).toContain(field);
    expect(error.fields[field]).toMatch(reason);
    expect(error.message).toMatch(reason);
    expect(fake.requests.length).toBe(since);
  });

  it.each(cases)("Akool's bg/replace refuses $name with code 1003 naming $field", async ({ payload, contentType, field, reason }) => {
    const since = fake.requests.length;
    const response = await server.app.inject({
      method: 'POST',
      url: '/api/open/v3/content/image/bg/replace',
      headers: { 'content-type': contentType ?? 'application/json', authorization: 'Bearer any' },
      payload,
    });
    const answer = response.json() as { code: number; msg: string; data: unknown };
    expect(answer.code).toBe(1003);
    expect(answer.data).toBeNull();
    expect(answer.msg).toContain(field === 'body' ? 'body' : field);
    expect(answer.msg).toMatch(reason);
    expect(fake.requests.length).toBe(since);
  });

  it('stored nothing and sent nothing to Akool; a valid body then goes through (the checks can see it)', async () => {
    expect((await server.app.inject({ url: '/api/jobs' })).json().jobs).toEqual([]);
    expect(storedNothing()).toEqual({ results: [], uploads: [] });
    expect(fake.requests).toEqual([]);

    const accepted = await server.app.inject({ method: 'POST', url: '/api/jobs', payload: valid });
    expect(accepted.statusCode).toBe(202);
    expect((await waitForFinal(server.app, accepted.json().id)).status).toBe('completed');
    expect(fake.requests.filter((r) => r.path.endsWith('/bg/replace'))).toHaveLength(1);
    expect((await server.app.inject({ url: '/api/health' })).statusCode).toBe(200);
  });
});
