import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

export async function registerHealthRoutes(app: FastifyInstance, options: { provider: string }): Promise<void> {
  app.get('/api/health', {
    schema: {
      summary: 'Whether the server is up, and which provider renders',
      tags: ['server'],
      response: { 200: z.strictObject({ ok: z.literal(true), provider: z.string().meta({ description: '"local" or "akool"' }) }) },
    },
  }, async () => ({ ok: true, provider: options.provider }));
}
