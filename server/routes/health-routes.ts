import type { FastifyInstance } from 'fastify';

export async function registerHealthRoutes(app: FastifyInstance, options: { provider: string }): Promise<void> {
  app.get('/api/health', async () => ({ ok: true, provider: options.provider }));
}
