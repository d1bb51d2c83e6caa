import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../testing/test-server.ts';

describe('GET /api/source', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('serves this copy of the code as a tar.gz that tar unpacks, licence and server included', async () => {
    const response = await server.app.inject({ url: '/api/source' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-disposition']).toMatch(/attachment; filename="background-composer-[\d.]+-source\.tar\.gz"/);
    const dir = mkdtempSync(join(tmpdir(), 'source-'));
    writeFileSync(join(dir, 'source.tar.gz'), response.rawPayload);
    execFileSync('tar', ['-xzf', 'source.tar.gz'], { cwd: dir });
    const unpacked = readdirSync(dir).filter((name) => name.startsWith('background-composer-'));
    expect(unpacked).toHaveLength(1);
    const folder = join(dir, unpacked[0]!);
    expect(readFileSync(join(folder, 'LICENSE'), 'utf8')).toMatch(/GNU AFFERO GENERAL PUBLIC LICENSE/);
    expect(readFileSync(join(folder, 'server', 'routes', 'source-routes.ts'), 'utf8')).toBe(readFileSync(new URL('./source-routes.ts', import.meta.url), 'utf8'));
    expect(execFileSync('tar', ['-tzf', 'source.tar.gz'], { cwd: dir }).toString()).not.toMatch(/node_modules|\/data\/|dist-test/);
  });

  it('sends the user to SOURCE_URL when the operator publishes the code there', async () => {
    const other = await startTestServer({ sourceUrl: 'https://example.org/composer/' });
    try {
      const response = await other.app.inject({ url: '/api/source' });
      expect(response.statusCode).toBe(302);
      expect(response.headers.location).toBe('https://example.org/composer/');
    } finally {
      await other.close();
    }
  });
});
