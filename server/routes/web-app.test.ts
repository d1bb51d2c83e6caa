import { afterAll, beforeAll, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

it('serves the app page for any page path', async () => {
  for (const url of ['/', '/some/page', '/jobs/abc?x=1']) {
    const response = await server.app.inject({ url });
    expect([url, response.statusCode, response.headers['content-type']]).toEqual([url, 200, 'text/html; charset=utf-8']);
  }
});

it('answers 404 for a file that is not there, so that a missing image is not taken for the page', async () => {
  const response = await server.app.inject({ url: '/samples/missing.png' });
  expect(response.statusCode).toBe(404);
  expect(response.json()).toEqual({ error: { message: 'no file /samples/missing.png' } });
  expect((await server.app.inject({ url: '/samples/foreground.png' })).statusCode).toBe(200);
});

it('answers 404 with our JSON error for an unknown API path', async () => {
  const response = await server.app.inject({ url: '/api/nothing.png' });
  expect(response.statusCode).toBe(404);
  expect(response.json()).toEqual({ error: { message: 'no route GET /api/nothing.png' } });
});
