import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { errorBody } from '../../api/api-schemas.ts';
import type { AkoolProvider } from './akool-provider.ts';
import { akoolWebhookBody, openAkoolWebhook, WebhookRejected } from './akool-webhook.ts';

export interface WebhookKeys {
  clientId: string;
  clientSecret: string;
}

/** Akool's callback: registered only with PROVIDER=akool (the provider brings it). Verified, decrypted, applied idempotently, and answered 200 at once (Akool retries
 * anything else). A result download it triggers runs after the answer. */
export async function registerAkoolWebhookRoutes(
  app: FastifyInstance,
  deps: { provider: AkoolProvider; keys: WebhookKeys | null; maxAgeMs: number },
): Promise<void> {
  app.post('/api/webhooks/akool', {
    schema: {
      summary: "Akool's callback about a job it renders (PROVIDER=akool)",
      description: 'Verified with AKOOL_CLIENT_ID, decrypted with AKOOL_CLIENT_SECRET (docs/AKOOL.md). An unknown job is answered 200 too, so that Akool stops retrying.',
      tags: ['akool'],
      body: akoolWebhookBody,
      response: { 200: z.strictObject({ ok: z.literal(true) }), 400: errorBody, 401: errorBody },
    },
  }, async (request, reply) => {
    if (!deps.keys) {
      return reply.code(401).send({ error: { message: 'webhooks cannot be verified: AKOOL_CLIENT_ID and AKOOL_CLIENT_SECRET are not set' } });
    }
    try {
      const event = openAkoolWebhook(request.body, deps.keys.clientId, deps.keys.clientSecret, { maxAgeMs: deps.maxAgeMs });
      const outcome = await deps.provider.handleWebhook(event);
      if (outcome === 'unknown') {
        // 200 all the same: Akool retries anything else, and a retry would not make the _id known.
        request.log.warn({ remoteId: event.remoteId.slice(0, 64), status: event.status }, 'webhook for an unknown Akool _id: answered 200 so that Akool stops; kept briefly in case our submit\'s answer is still on its way');
      }
      return reply.code(200).send({ ok: true });
    } catch (error) {
      if (!(error instanceof WebhookRejected)) throw error;
      request.log.warn(`webhook rejected: ${error.message}`);
      return reply.code(error.statusCode).send({ error: { message: error.message } });
    }
  });
}
