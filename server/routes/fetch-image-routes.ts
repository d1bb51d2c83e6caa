import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { binaryAnswer, errorBody } from '../api/api-schemas.ts';
import { mediaType, notAnImageWords } from '../../src/core/index.ts';
import type { ServerConfig } from '../config.ts';
import { CONTENT_TYPES, ImageRejected, prepareUpright } from '../images/inspect-image.ts';
import { FetchError, guardedFetch, type FetchErrorKind } from '../net/guarded-fetch.ts';

const URL_REQUIRED = 'url is required: the http(s) address of an image';
const fetchImageQuery = z.object({
  url: z.string({ error: URL_REQUIRED }).min(1, URL_REQUIRED).meta({ description: 'The http(s) address of an image' }),
});

const STATUS_BY_KIND: Record<FetchErrorKind, 400 | 403 | 413 | 502 | 504> = { invalid: 400, refused: 403, 'too-large': 413, timeout: 504, upstream: 502 };

/** A body that is not an image and said so (a web page, JSON…): its type is the plainest reason to give. */
function declaredNotImage(contentType: string | null): boolean {
  const type = mediaType(contentType);
  return type !== null && !type.startsWith('image/') && type !== 'application/octet-stream';
}

/** Lets the editor's canvas draw a remote image as same-origin (no tainted canvas), behind the SSRF guard. */
export async function registerFetchImageRoutes(app: FastifyInstance, deps: { config: ServerConfig }): Promise<void> {
  app.get('/api/fetch-image', {
    schema: {
      summary: 'A remote image, fetched through the server (for a canvas that is not tainted)',
      description: 'Refuses private and loopback addresses unless FETCH_ALLOW_HOSTS lists them; the answer carries x-image-width and x-image-height.',
      tags: ['images'],
      querystring: fetchImageQuery,
      response: {
        200: binaryAnswer('The image, turned upright', ...Object.values(CONTENT_TYPES)),
        400: errorBody, 403: errorBody, 413: errorBody, 415: errorBody, 422: errorBody, 502: errorBody, 504: errorBody,
      },
    },
  }, async (request, reply) => {
    const query = fetchImageQuery.safeParse(request.query);
    if (!query.success) return reply.code(400).send({ error: { message: URL_REQUIRED, fields: { url: 'required' } } });
    const target = query.data.url;
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
