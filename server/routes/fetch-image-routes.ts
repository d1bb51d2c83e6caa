import type { FastifyInstance } from 'fastify';
import { mediaType, notAnImageWords } from '../../src/core/index.ts';
import type { ServerConfig } from '../config.ts';
import { CONTENT_TYPES, ImageRejected, prepareUpright } from '../images/inspect-image.ts';
import { FetchError, guardedFetch, type FetchErrorKind } from '../net/guarded-fetch.ts';

const STATUS_BY_KIND: Record<FetchErrorKind, number> = { invalid: 400, refused: 403, 'too-large': 413, timeout: 504, upstream: 502 };

/** A body that is not an image and said so (a web page, JSON…): its type is the plainest reason to give. */
function declaredNotImage(contentType: string | null): boolean {
  const type = mediaType(contentType);
  return type !== null && !type.startsWith('image/') && type !== 'application/octet-stream';
}

/** Lets the editor's canvas draw a remote image as same-origin (no tainted canvas), behind the SSRF guard. */
export async function registerFetchImageRoutes(app: FastifyInstance, deps: { config: ServerConfig }): Promise<void> {
  app.get<{ Querystring: { url?: string } }>('/api/fetch-image', async (request, reply) => {
    const target = request.query.url;
    if (!target) {
      return reply.code(400).send({ error: { message: 'url is required: the http(s) address of an image', fields: { url: 'required' } } });
    }
    let image;
    let contentType: string | null = null;
    try {
      const fetched = await guardedFetch(target, { allowHosts: deps.config.fetchAllowHosts });
      contentType = fetched.contentType;
      image = await prepareUpright(fetched.body, 'the fetched file');
    } catch (error) {
      if (error instanceof FetchError) {
        return reply.code(STATUS_BY_KIND[error.kind]).send({ error: { message: error.message, fields: { url: error.message } } });
      }
      if (error instanceof ImageRejected) {
        const message = error.statusCode === 415 && declaredNotImage(contentType) ? notAnImageWords(contentType) : error.message;
        return reply.code(error.statusCode).send({ error: { message, fields: { url: message } } });
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
