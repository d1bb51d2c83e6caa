import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { reflectionInputSchema, shadowsInputSchema } from '../../src/core/layer-effects.ts';
import type { ServerConfig } from '../config.ts';
import { ModelUnavailable, RemovalQueueFull, RemoverClosed } from '../cutout/background-remover.ts';
import { doubtWarning } from '../cutout/cutout-doubt.ts';
import { ForegroundRefused, type ForegroundService } from '../cutout/foreground-service.ts';
import { RemovalUnanswered } from '../cutout/queued-removal.ts';
import { errorBody, uploadSchema } from '../api/api-schemas.ts';
import { fieldErrors } from './field-errors.ts';
import { summarise } from '../../src/core/index.ts';
import { ownOrigins } from './request-origin.ts';
import { uploadView } from './uploads-routes.ts';

const foregroundBody = z.object({
  image: z.string({ error: 'image must be the URL of a photo' }).min(1, 'image must be the URL of a photo'),
  removeBackground: z.boolean({ error: 'removeBackground must be true or false' }).default(true),
  trim: z.boolean({ error: 'trim must be true or false' }).default(true),
  margin: z.number({ error: 'margin must be a number of pixels' }).int('margin must be a whole number of pixels').min(0, 'margin must be 0 or more').max(10_000, 'margin must be at most 10000').default(0),
  shadow: z.optional(shadowsInputSchema),
  reflection: z.optional(reflectionInputSchema),
}).meta({ examples: [{ image: 'https://example.com/portrait.jpg' }, { image: 'https://example.com/product.png', removeBackground: false, trim: true, margin: 16 }, { image: 'https://example.com/bottle.jpg', shadow: { type: 'contact' }, reflection: { opacity: 0.3 } }] });

const box = z.strictObject({ x: z.int(), y: z.int(), width: z.int(), height: z.int() });

const preparedForeground = uploadSchema.extend({
  subject: box.meta({ description: "The subject's box inside the new image" }),
  source: z.strictObject({ width: z.int(), height: z.int() }).meta({ description: 'The size of the photo, upright' }),
  crop: box.meta({ description: 'The part of the photo the new image is' }),
  padding: z
    .strictObject({ left: z.int(), top: z.int(), right: z.int(), bottom: z.int() })
    .meta({ description: 'How far the baked shadow and reflection reach past the cut-out on each side (0 without effects)' }),
  halfTransparent: z
    .number()
    .nullable()
    .meta({ description: "Half-transparent pixels (alpha 0.1-0.9) of the removal's matte per mostly opaque one (alpha >= 0.5): 0.01-0.1 for a clean cut-out, high when the model was unsure; null when not measured (no background removed)" }),
  warning: z
    .string()
    .nullable()
    .meta({ description: 'Why the cut-out may not be usable (from halfTransparent 0.5), in words to show the user; null for a clean one' }),
});

const modelState = z.strictObject({
  // 'remote': an api replica (ROLE=api), which removes nothing itself; `queued` counts the workers' line.
  model: z.enum(['idle', 'loading', 'ready', 'failed', 'remote']),
  loadMs: z.number().nullable(),
  queued: z.int(),
  error: z.string().nullable(),
});

export async function registerForegroundsRoutes(
  app: FastifyInstance,
  deps: { config: ServerConfig; foregrounds: ForegroundService; modelState: () => z.infer<typeof modelState> | Promise<z.infer<typeof modelState>> },
): Promise<void> {
  app.post('/api/foregrounds', {
    schema: {
      summary: 'Make a foreground from a photo: its background removed, trimmed to the subject, stored as an upload',
      tags: ['images'],
      body: foregroundBody,
      response: { 201: preparedForeground, 400: errorBody, 413: errorBody, 415: errorBody, 422: errorBody, 429: errorBody, 503: errorBody },
    },
  }, async (request, reply) => {
    const parsed = foregroundBody.safeParse(request.body ?? {});
    if (!parsed.success) {
      const fields = fieldErrors(parsed.error);
      return reply.code(400).send({ error: { message: summarise(fields), fields } });
    }
    try {
      const prepared = await deps.foregrounds.prepare(parsed.data, ownOrigins(app, request, deps.config));
      const { upload } = prepared;
      // Rounded once, so the answer's share and its warning never disagree at the threshold.
      const share = prepared.halfTransparent === null ? null : Math.round(prepared.halfTransparent * 1000) / 1000;
      return reply.code(201).send({
        ...uploadView(upload, request, deps.config),
        subject: prepared.subject,
        source: prepared.source,
        crop: prepared.crop,
        padding: prepared.padding,
        halfTransparent: share,
        warning: doubtWarning(share),
      });
    } catch (error) {
      if (error instanceof ForegroundRefused) {
        return reply.code(error.statusCode).send({ error: { message: error.message, fields: { [error.field]: error.message } } });
      }
      if (error instanceof RemovalQueueFull) {
        return reply.code(503).header('retry-after', String(error.retryAfterSeconds)).send({ error: { message: error.message } });
      }
      if (error instanceof ModelUnavailable || error instanceof RemoverClosed || error instanceof RemovalUnanswered) return reply.code(503).send({ error: { message: error.message } });
      throw error;
    }
  });

  // What the editor shows while the first removal waits for the model.
  app.get('/api/foregrounds/model', {
    schema: { summary: 'The state of the background-removal model', tags: ['images'], response: { 200: modelState } },
  }, async () => deps.modelState());
}
