import type { FastifyInstance } from 'fastify';
import type { ServerConfig } from '../config.ts';
import { CONTENT_TYPES, ImageRejected, prepareUpright } from '../images/inspect-image.ts';
import { FetchError, guardedFetch, type FetchErrorKind } from '../net/guarded-fetch.ts';

const STATUS_BY_KIND: Record<FetchErrorKind, number> = { invalid: 400, refused: 403, 'too-large': 413, timeout: 504, upstream: 502 };

/** Lets the editor's canvas draw a remote image as same-origin (no tainted canvas), behind the SSRF guard. */
export async function registerFetchImageRoutes(app: FastifyInstance, deps: { config: ServerConfig }): Promise<void> {
  app.get<{ Querystring: { url?: string } }>('/api/fetch-image', async (request, reply) => {
    const target = request.query.url;
    if (!target) {
      return reply.code(400).send({ error: { message: 'url is required: the http(s) address of an image', fields: { url: 'required' } } });
    }
    let image;
    try {
      const fetched = await guardedFetch(target, { allowHosts: deps.config.fetchAllowHosts });
      image = await prepareUpright(fetched.body, 'the fetched file');
    } catch (error) {
      if (error instanceof FetchError) {
        return reply.code(STATUS_BY_KIND[error.kind]).send({ error: { message: error.message, fields: { url: error.message } } });
      }
      if (error instanceof ImageRejected) {
        return reply.code(error.statusCode).send({ error: { message: error.message, fields: { url: error.message } } });
      }
      throw error;
    }
    return reply
      .header('content-type', CONTENT_TYPES[image.format])
      .header('cache-control', 'private, max-age=300')
      .header('x-content-type-options', 'nosniff')
      .header('x-image-width', String(image.width))
      .header('x-image-height', String(image.height))
      .send(image.data);
  });
}
