import type { FastifyInstance } from 'fastify';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';
import { binaryAnswer } from '../api/api-schemas.ts';
import { readSourceArchive, type SourceArchive } from '../source/source-archive.ts';
import { writeTar } from '../source/tar-stream.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * The corresponding source of the running server, as the AGPL (section 13) asks of a network service: a
 * redirect to SOURCE_URL when the operator publishes it elsewhere, else a tar.gz of this copy's own files,
 * made as it streams. The list of files is read once, on the first request: the code does not change while
 * the server runs.
 */
export async function registerSourceRoutes(app: FastifyInstance, options: { sourceUrl: string | null }): Promise<void> {
  let archive: Promise<SourceArchive> | null = null;
  app.get('/api/source', {
    schema: {
      summary: "The running server's source code (AGPL section 13)",
      tags: ['server'],
      response: { 200: binaryAnswer('A tar.gz of the source', 'application/gzip'), 302: { description: 'Redirect to SOURCE_URL, where the operator publishes it', type: 'null' } },
    },
  }, async (_request, reply) => {
    if (options.sourceUrl) return reply.redirect(options.sourceUrl, 302);
    archive ??= readSourceArchive(ROOT).catch((error: unknown) => {
      archive = null; // read again next time
      throw error;
    });
    const { folder, entries } = await archive;
    const gzip = createGzip();
    void writeTar(entries, gzip).catch((error: Error) => gzip.destroy(error));
    return reply
      .header('content-type', 'application/gzip')
      .header('content-disposition', `attachment; filename="${folder}-source.tar.gz"`)
      .send(gzip);
  });
}
