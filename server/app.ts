import Fastify, { type FastifyInstance } from 'fastify';
import type { ServerConfig } from './config.ts';
import { registerHealthRoutes } from './routes/health-routes.ts';
import { registerWebApp } from './routes/web-app.ts';

/** Builds the server without listening, so that tests can drive it through `inject`. */
export async function buildApp(config: ServerConfig): Promise<FastifyInstance> {
  const app = Fastify({ logger: { level: process.env.LOG_LEVEL ?? 'info' } });
  await registerHealthRoutes(app, { provider: 'local' });
  await registerWebApp(app, config.appDir);
  return app;
}
