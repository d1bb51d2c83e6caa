import type { FastifyInstance, RouteOptions } from 'fastify';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { validateBatchRequest, validateRequest } from '../../src/core/index.ts';
import { buildApp } from '../app.ts';
import { testConfig } from '../config.ts';
import { makeAppDir, solidPng, upload, waitForFinal } from '../testing/test-server.ts';
import { backgroundChangeRequestBody } from './api-schemas.ts';
import { API_DOCS_PATH, isZodSchema, OPENAPI_PATH } from './openapi.ts';

type OpenApiDocument = {
  openapi: string;
  paths: Record<string, Record<string, { summary?: string; requestBody?: { content: Record<string, { schema: object; examples?: object }> } }>>;
};

let app: FastifyInstance;
let config: ReturnType<typeof testConfig>;
const routes: RouteOptions[] = [];
let document: OpenApiDocument;

beforeAll(async () => {
  process.env.LOG_LEVEL ??= 'silent';
  config = testConfig({ dataDir: mkdtempSync(join(tmpdir(), 'composer-data-')), appDir: await makeAppDir() });
  app = await buildApp(config, { onRoute: (route) => void routes.push(route) });
  await app.ready();
  const response = await app.inject({ url: OPENAPI_PATH });
  expect(response.statusCode).toBe(200);
  document = response.json();
});
afterAll(() => app.close());

/** "/api/jobs/:id" as OpenAPI writes it: "/api/jobs/{id}". */
const openApiPath = (url: string) => url.replace(/:([A-Za-z_]+)/g, '{$1}');
const methodsOf = (route: RouteOptions) => (Array.isArray(route.method) ? route.method : [route.method]);

/** The API's routes: what fastify adds by itself (HEAD for each GET) and the reference page's files aside. */
function apiRoutes() {
  return routes.filter((route) => route.url.startsWith('/api/') && !methodsOf(route).every((method) => method === 'HEAD') && !route.schema?.hide);
}

function route(method: string, url: string): RouteOptions {
  const found = routes.find((candidate) => candidate.url === url && methodsOf(candidate).includes(method));
  if (!found) throw new Error(`no route ${method} ${url}`);
  return found;
}

/** Every zod schema a route declares, by where it is used. */
function declaredSchemas(options: RouteOptions): Array<{ where: string; schema: z.ZodType }> {
  const schema = (options.schema ?? {}) as Record<string, unknown>;
  const found: Array<{ where: string; schema: z.ZodType }> = [];
  for (const part of ['body', 'querystring', 'params', 'headers']) if (isZodSchema(schema[part])) found.push({ where: part, schema: schema[part] });
  for (const [status, answer] of Object.entries((schema.response ?? {}) as Record<string, unknown>)) {
    if (isZodSchema(answer)) found.push({ where: `response ${status}`, schema: answer });
  }
  return found;
}

/** Parses a real answer with the schema its route documents for its status. */
function expectDocumentedAnswer(method: string, url: string, response: { statusCode: number; json(): unknown }) {
  const answers = (route(method, url).schema?.response ?? {}) as Record<string, unknown>;
  const schema = answers[String(response.statusCode)];
  if (!isZodSchema(schema)) throw new Error(`${method} ${url} does not document a JSON answer for ${response.statusCode}`);
  const parsed = schema.safeParse(response.json());
  expect(parsed.success ? [] : parsed.error.issues, `${method} ${url} ${response.statusCode}`).toEqual([]);
}

describe('GET /api/openapi.json', () => {
  it('is an OpenAPI 3.1 document', () => {
    expect(document.openapi).toBe('3.1.0');
  });

  it('describes every route the server registers under /api/, with a summary', () => {
    const api = apiRoutes();
    expect(api.length).toBeGreaterThan(20);
    const missing: string[] = [];
    for (const candidate of api) {
      for (const method of methodsOf(candidate)) {
        if (method === 'HEAD') continue;
        const operation = document.paths[openApiPath(candidate.url)]?.[method.toLowerCase()];
        if (!operation?.summary) missing.push(`${method} ${candidate.url}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('leaves out only the reference page\'s own files', () => {
    const hidden = routes.filter((candidate) => candidate.url.startsWith('/api/') && candidate.schema?.hide);
    expect(hidden.length).toBeGreaterThan(0);
    for (const candidate of hidden) expect(candidate.url === API_DOCS_PATH || candidate.url.startsWith(`${API_DOCS_PATH}/`), candidate.url).toBe(true);
  });

  it('has every example a route documents validate against the schema the route validates with', () => {
    let examples = 0;
    const failures: string[] = [];
    for (const candidate of apiRoutes()) {
      for (const { where, schema } of declaredSchemas(candidate)) {
        for (const example of (z.globalRegistry.get(schema)?.examples ?? []) as unknown[]) {
          examples += 1;
          const parsed = schema.safeParse(example);
          if (!parsed.success) failures.push(`${candidate.method} ${candidate.url} ${where}: ${parsed.error.issues.map((issue) => issue.message).join('; ')}`);
        }
      }
    }
    expect(failures).toEqual([]);
    expect(examples).toBeGreaterThanOrEqual(8);
  });

  it('shows the Background Change examples, which pass the rules between fields too', () => {
    const body = document.paths['/api/jobs']!.post!.requestBody!.content['application/json']!;
    const examples = z.globalRegistry.get(backgroundChangeRequestBody)?.examples as unknown[];
    expect(examples.length).toBe(4);
    expect(JSON.stringify(body)).toContain(JSON.stringify((examples[0] as { origin_img: string }).origin_img));
    for (const example of examples) expect(validateRequest(example)).toMatchObject({ ok: true });
  });

  it('shows an example batch, which the batch validation accepts whole', () => {
    const body = document.paths['/api/batches']!.post!.requestBody!.content['application/json']!;
    const schema = route('POST', '/api/batches').schema!.body;
    if (!isZodSchema(schema)) throw new Error('POST /api/batches documents no zod body');
    const examples = z.globalRegistry.get(schema)?.examples as unknown[];
    expect(examples.length).toBeGreaterThan(0);
    expect(JSON.stringify(body)).toContain(JSON.stringify((examples[0] as { items: unknown[] }).items[0]));
    for (const example of examples) {
      expect(schema.safeParse(example).success).toBe(true);
      expect(validateBatchRequest(example, config.batchMaxItems)).toMatchObject({ ok: true, value: { itemErrors: {} } });
    }
  });
});

describe('the answers are what the description says', () => {
  it('a job through its life, an upload, the jobs list and the errors', async () => {
    const stored = await upload(app, await solidPng(8, 6, '#ff0000'));
    expectDocumentedAnswer('POST', '/api/uploads', { statusCode: 201, json: () => stored.body });
    expectDocumentedAnswer('GET', '/api/uploads/:id/info', await app.inject({ url: `/api/uploads/${stored.body.id}/info` }));

    const body = { canvas_size: '20x20', color_code: '#ABC', origin_img: stored.body.url, modify_origin_img_size: '8x6', overlay_origin_x: 2, overlay_origin_y: 3 };
    const submitted = await app.inject({ method: 'POST', url: '/api/jobs', payload: body });
    expectDocumentedAnswer('POST', '/api/jobs', submitted);
    const id = submitted.json<{ id: string }>().id;
    await waitForFinal(app, id);
    expectDocumentedAnswer('GET', '/api/jobs/:id', await app.inject({ url: `/api/jobs/${id}` }));
    expectDocumentedAnswer('GET', '/api/jobs/:id/changes', await app.inject({ url: `/api/jobs/${id}/changes?wait=0` }));
    expectDocumentedAnswer('GET', '/api/jobs', await app.inject({ url: '/api/jobs' }));

    expectDocumentedAnswer('POST', '/api/jobs', await app.inject({ method: 'POST', url: '/api/jobs', payload: { canvas_size: 'big' } }));
    expectDocumentedAnswer('GET', '/api/jobs/:id', await app.inject({ url: '/api/jobs/000000000000000000000000' }));
    expectDocumentedAnswer('GET', '/api/jobs/:id/result', await app.inject({ url: `/api/jobs/${id}/result?format=gif` }));
    expectDocumentedAnswer('GET', '/api/jobs/:id/changes', await app.inject({ url: `/api/jobs/${id}/changes?wait=99` }));
  });

  it('a batch through its life, the batches list and the errors', async () => {
    const stored = await upload(app, await solidPng(8, 6, '#00ff00'), 'mug.png');
    const layout = { canvas_size: '40x30', color_code: '#ffffff', origin_img: 'https://example.com/slot.png', modify_origin_img_size: '10x20', overlay_origin_x: 15, overlay_origin_y: 5 };
    const items = [
      { image: stored.body.url, name: 'mug.png', box: { x: 2, y: 3, width: 16, height: 12 } },
      { image: 'not a url', name: 'broken' },
    ];
    const submitted = await app.inject({ method: 'POST', url: '/api/batches', payload: { layout, placement: { anchor: 'center' }, items } });
    expect(submitted.statusCode).toBe(202);
    expectDocumentedAnswer('POST', '/api/batches', submitted);
    const id = submitted.json<{ id: string }>().id;

    // Followed by long poll until nothing is left, every answer checked on the way.
    let batch = submitted.json<{ left: number; updatedAt: string; status: string; items: Array<{ status: string }> }>();
    for (let round = 0; batch.left > 0; round += 1) {
      if (round > 200) throw new Error(`batch ${id} still has ${batch.left} left`);
      const polled = await app.inject({ url: `/api/batches/${id}?since=${encodeURIComponent(batch.updatedAt)}&wait=10` });
      expectDocumentedAnswer('GET', '/api/batches/:id', polled);
      batch = polled.json();
    }
    expect(batch.status).toBe('done');
    expect(batch.items.map((item) => item.status)).toEqual(['completed', 'failed']);
    expectDocumentedAnswer('GET', '/api/batches/:id', await app.inject({ url: `/api/batches/${id}` }));
    expectDocumentedAnswer('GET', '/api/batches', await app.inject({ url: '/api/batches' }));
    expectDocumentedAnswer('POST', '/api/batches/:id/cancel', await app.inject({ method: 'POST', url: `/api/batches/${id}/cancel` }));
    expectDocumentedAnswer('POST', '/api/batches/:id/items/:index/retry', await app.inject({ method: 'POST', url: `/api/batches/${id}/items/1/retry` }));

    const errors = [
      ['POST', '/api/batches', await app.inject({ method: 'POST', url: '/api/batches', payload: { layout, items: [] } }), 400],
      ['GET', '/api/batches/:id', await app.inject({ url: `/api/batches/${id}?wait=99` }), 400],
      ['GET', '/api/batches/:id', await app.inject({ url: '/api/batches/000000000000000000000000' }), 404],
      ['POST', '/api/batches/:id/resume', await app.inject({ method: 'POST', url: `/api/batches/${id}/resume` }), 409],
      ['POST', '/api/batches/:id/items/:index/retry', await app.inject({ method: 'POST', url: `/api/batches/${id}/items/0/retry` }), 409],
      ['GET', '/api/batches/:id/items/:index/result', await app.inject({ url: `/api/batches/${id}/items/7/result` }), 404],
      ['GET', '/api/batches/:id/zip', await app.inject({ url: '/api/batches/000000000000000000000000/zip' }), 404],
    ] as const;
    for (const [method, url, response, status] of errors) {
      expect(response.statusCode, `${method} ${url}`).toBe(status);
      expectDocumentedAnswer(method, url, response);
    }
    expect((await app.inject({ method: 'DELETE', url: `/api/batches/${id}` })).statusCode).toBe(204);
    expectDocumentedAnswer('DELETE', '/api/batches/:id', await app.inject({ method: 'DELETE', url: `/api/batches/${id}` }));
  });

  it("Akool's protocol, the server's state and the session", async () => {
    const submitted = await app.inject({
      method: 'POST',
      url: '/api/open/v3/content/image/bg/replace',
      headers: { authorization: 'Bearer any' },
      payload: { canvas_size: '20x20', origin_img: 'https://example.com/a.png', modify_origin_img_size: '8x6', overlay_origin_x: 2, overlay_origin_y: 3 },
    });
    expectDocumentedAnswer('POST', '/api/open/v3/content/image/bg/replace', submitted);
    const _id = submitted.json<{ data: { _id: string } }>().data._id;
    const info = await app.inject({ url: `/api/open/v3/content/image/infobymodelid?image_model_id=${_id}`, headers: { 'x-api-key': 'any' } });
    expectDocumentedAnswer('GET', '/api/open/v3/content/image/infobymodelid', info);
    expectDocumentedAnswer('GET', '/api/open/v3/content/image/infobymodelid', await app.inject({ url: '/api/open/v3/content/image/infobymodelid' }));
    expectDocumentedAnswer('GET', '/api/health', await app.inject({ url: '/api/health' }));
    expectDocumentedAnswer('GET', '/api/foregrounds/model', await app.inject({ url: '/api/foregrounds/model' }));
    expectDocumentedAnswer('GET', '/api/session', await app.inject({ url: '/api/session' }));
    expectDocumentedAnswer('POST', '/api/foregrounds', await app.inject({ method: 'POST', url: '/api/foregrounds', payload: { margin: -1 } }));
    // A prepared foreground (a trim: no model needed), as the editor reads it.
    const tile = await upload(app, await solidPng(40, 30, '#0000ff'), 'tile.png');
    const prepared = await app.inject({ method: 'POST', url: '/api/foregrounds', payload: { image: tile.body.url, removeBackground: false } });
    expect(prepared.statusCode, prepared.body).toBe(201);
    expectDocumentedAnswer('POST', '/api/foregrounds', prepared);
  });
});

describe('the reference page', () => {
  it(`is served at ${API_DOCS_PATH} and reads the description`, async () => {
    const page = await app.inject({ url: API_DOCS_PATH });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    const read = await app.inject({ url: `${API_DOCS_PATH}/json` });
    expect(read.json()).toEqual(document);
  });
});
