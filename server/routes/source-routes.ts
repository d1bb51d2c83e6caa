import type { FastifyInstance } from 'fastify';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';
import { sourceEntries } from '../source/source-archive.ts';
import { writeTar } from '../source/tar-stream.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The corresponding source of the running server, as the AGPL (section 13) asks of a network service: a
 * redirect to SOURCE_URL when the operator publishes it elsewhere, else a tar.gz of this copy's own files,
 * made as it streams.
 */
export async function registerSourceRoutes(app: FastifyInstance, options: { sourceUrl: string | null }): Promise<void> {
  app.get('/api/source', async (_request, reply) => {
    if (options.sourceUrl) return reply.redirect(options.sourceUrl, 302);
    const { name, version } = JSON.parse(readFileSync(new URL('package.json', `file://${ROOT}/`), 'utf8')) as { name: string; version: string };
    const folder = `${name}-${version}`;
    const gzip = createGzip();
    void writeTar(sourceEntries(ROOT, folder), gzip).catch((error: Error) => gzip.destroy(error));
    return reply
      .header('content-type', 'application/gzip')
      .header('content-disposition', `attachment; filename="${folder}-source.tar.gz"`)
      .send(gzip);
  });
}
