import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { summarise, validateRequest } from '../../src/core/index.ts';
import { backgroundChangeRequestBody } from '../api/api-schemas.ts';
import { tokensMatch } from '../access/access-token.ts';
import type { ServerConfig } from '../config.ts';
import type { JobService } from '../jobs/job-service.ts';
import { akoolImageView } from '../jobs/job-view.ts';
import { isId } from '../storage/ids.ts';
import { storedRequest } from '../jobs/stored-request.ts';
import { baseUrl, ownOrigins } from './request-origin.ts';

const IMAGE_STATUS_WORDS = '1 queued, 2 processing, 3 completed, 4 failed';

/** An image (a job) as Akool shows it. */
const akoolImage = z.strictObject({
  _id: z.string(),
  create_time: z.int().meta({ description: 'Milliseconds since 1970' }),
  image_status: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]).meta({ description: IMAGE_STATUS_WORDS }),
  type: z.literal(3),
  error_reasons: z.array(z.string()),
  image: z.optional(z.url().meta({ description: 'The result, once image_status is 3' })),
});

/** Akool's envelope: `code` 1000 is success; 1003 a parameter error, 1101/1102 a wrong or missing credential,
 * 1005 too many requests. */
const akoolAnswer = z
  .strictObject({ code: z.int(), msg: z.string(), data: akoolImage.nullable() })
  .meta({ description: "Akool's envelope: code 1000 with the image, or an error code (1003 parameters, 1101/1102 credential) with data null" });

const infoQuery = z.object({
  image_model_id: z.string({ error: 'image_model_id is required' }).min(1, 'image_model_id is required').meta({ description: 'The `_id` that bg/replace answered' }),
});

/** Bearer token or x-api-key: with ACCESS_TOKEN set, the token; without, any non-empty value. */
const akoolCredential = z.object({
  authorization: z.string().optional().meta({ description: '"Bearer <token>" (wins over x-api-key, as at Akool)' }),
  'x-api-key': z.string().optional(),
});

/** Akool's envelope. Akool signals errors by `code`, so these answers are HTTP 200 like Akool's. */
function answer(reply: FastifyReply, code: number, msg: string, data: unknown = null) {
  return reply.code(200).send({ code, msg, data });
}

/** The credential an Akool client sends: `Authorization: Bearer <token>` (wins, as at Akool) or `x-api-key`. */
function presentedCredential(request: FastifyRequest): string | null {
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string' && authorization.trim()) return authorization.replace(/^Bearer\s+/i, '').trim();
  const apiKey = request.headers['x-api-key'];
  return typeof apiKey === 'string' && apiKey.trim() ? apiKey.trim() : null;
}

/**
 * Akool's own wire protocol, served by the configured provider, so that a client written from Akool's API
 * page works against this server unchanged. With ACCESS_TOKEN set, the token is the credential.
 */
export async function registerAkoolProtocolRoutes(app: FastifyInstance, deps: { config: ServerConfig; jobs: JobService }): Promise<void> {
  const { config, jobs } = deps;

  /** Answers 1102/1101 and returns false when the request may not go on. */
  function authorized(request: FastifyRequest, reply: FastifyReply): boolean {
    const credential = presentedCredential(request);
    if (!credential) {
      void answer(reply, 1102, 'Authorization cannot be empty');
      return false;
    }
    if (config.accessToken && !tokensMatch(credential, config.accessToken)) {
      void answer(reply, 1101, 'Invalid authorization or The request token has expired');
      return false;
    }
    return true;
  }

  app.post('/api/open/v3/content/image/bg/replace', {
    schema: {
      summary: 'Submit a Background Change job, as Akool does',
      tags: ['akool'],
      headers: akoolCredential,
      body: backgroundChangeRequestBody,
      response: { 200: akoolAnswer, 429: akoolAnswer },
    },
  }, async (request, reply) => {
    if (!authorized(request, reply)) return reply;
    const validation = validateRequest(request.body);
    if (!validation.ok) return answer(reply, 1003, `Parameter error: ${summarise(validation.errors)}`);
    const outcome = await jobs.submit(storedRequest(validation.value), ownOrigins(app, request, config));
    if (!outcome.ok) return answer(reply, 1003, `Parameter error: ${summarise(outcome.errors)}`);
    return answer(reply, 1000, 'OK', akoolImageView(outcome.job, baseUrl(request, config)));
  });

  app.get('/api/open/v3/content/image/infobymodelid', {
    schema: {
      summary: 'A job, as Akool shows an image',
      tags: ['akool'],
      headers: akoolCredential,
      querystring: infoQuery,
      response: { 200: akoolAnswer },
    },
  }, async (request, reply) => {
    if (!authorized(request, reply)) return reply;
    const query = infoQuery.safeParse(request.query);
    if (!query.success) return answer(reply, 1003, `Parameter error: ${query.error.issues[0]!.message}`);
    const id = query.data.image_model_id;
    const job = isId(id) ? await jobs.get(id) : null;
    if (!job) return answer(reply, 1003, `Parameter error: no image with _id ${JSON.stringify(id)}`);
    return answer(reply, 1000, 'OK', akoolImageView(job, baseUrl(request, config)));
  });
}
