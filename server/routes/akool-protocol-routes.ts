import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { validateRequest } from '../../src/core/index.ts';
import { tokensMatch } from '../access/access-token.ts';
import type { ServerConfig } from '../config.ts';
import type { JobService } from '../jobs/job-service.ts';
import { akoolImageView } from '../jobs/job-view.ts';
import { isId } from '../storage/ids.ts';
import { storedRequest, summarise } from './jobs-routes.ts';
import { baseUrl, ownOrigins } from './request-origin.ts';

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

  app.post('/api/open/v3/content/image/bg/replace', async (request, reply) => {
    if (!authorized(request, reply)) return reply;
    const validation = validateRequest(request.body);
    if (!validation.ok) return answer(reply, 1003, `Parameter error: ${summarise(validation.errors)}`);
    const outcome = jobs.submit(storedRequest(validation.value), ownOrigins(app, request, config));
    if (!outcome.ok) return answer(reply, 1003, `Parameter error: ${summarise(outcome.errors)}`);
    return answer(reply, 1000, 'OK', akoolImageView(outcome.job, baseUrl(request, config)));
  });

  app.get<{ Querystring: { image_model_id?: string } }>('/api/open/v3/content/image/infobymodelid', async (request, reply) => {
    if (!authorized(request, reply)) return reply;
    const id = request.query.image_model_id;
    if (!id) return answer(reply, 1003, 'Parameter error: image_model_id is required');
    const job = isId(id) ? jobs.get(id) : null;
    if (!job) return answer(reply, 1003, `Parameter error: no image with _id ${JSON.stringify(id)}`);
    return answer(reply, 1000, 'OK', akoolImageView(job, baseUrl(request, config)));
  });
}
