import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { reflectionInputSchema, shadowsInputSchema } from '../../src/core/layer-effects.ts';
import type { ServerConfig } from '../config.ts';
import { ModelUnavailable, RemovalQueueFull, RemoverClosed, type BackgroundRemover } from '../cutout/background-remover.ts';
import { ForegroundRefused, type ForegroundService } from '../cutout/foreground-service.ts';
import { summarise } from './jobs-routes.ts';
import { ownOrigins } from './request-origin.ts';
import { uploadView } from './uploads-routes.ts';

const foregroundBody = z.object({
  image: z.string({ error: 'image must be the URL of a photo' }).min(1, 'image must be the URL of a photo'),
  removeBackground: z.boolean({ error: 'removeBackground must be true or false' }).default(true),
  trim: z.boolean({ error: 'trim must be true or false' }).default(true),
  margin: z.number({ error: 'margin must be a number of pixels' }).int('margin must be a whole number of pixels').min(0, 'margin must be 0 or more').max(10_000, 'margin must be at most 10000').default(0),
  shadow: z.optional(shadowsInputSchema),
  reflection: z.optional(reflectionInputSchema),
});

export async function registerForegroundsRoutes(
  app: FastifyInstance,
  deps: { config: ServerConfig; foregrounds: ForegroundService; remover: BackgroundRemover },
): Promise<void> {
  app.post('/api/foregrounds', async (request, reply) => {
    const parsed = foregroundBody.safeParse(request.body ?? {});
    if (!parsed.success) {
      const fields: Record<string, string> = {};
      for (const issue of parsed.error.issues) fields[String(issue.path[0] ?? 'body')] ??= issue.message;
      return reply.code(400).send({ error: { message: summarise(fields), fields } });
    }
    try {
      const prepared = await deps.foregrounds.prepare(parsed.data, ownOrigins(app, request, deps.config));
      const { upload } = prepared;
      return reply.code(201).send({
        ...uploadView(upload, request, deps.config),
        subject: prepared.subject,
        source: prepared.source,
        crop: prepared.crop,
        padding: prepared.padding,
      });
    } catch (error) {
      if (error instanceof ForegroundRefused) {
        return reply.code(error.statusCode).send({ error: { message: error.message, fields: { [error.field]: error.message } } });
      }
      if (error instanceof RemovalQueueFull) {
        return reply.code(503).header('retry-after', String(error.retryAfterSeconds)).send({ error: { message: error.message } });
      }
      if (error instanceof ModelUnavailable || error instanceof RemoverClosed) return reply.code(503).send({ error: { message: error.message } });
      throw error;
    }
  });

  // What the editor shows while the first removal waits for the model.
  app.get('/api/foregrounds/model', async () => deps.remover.state);
}
