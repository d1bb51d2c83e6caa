import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';

/** Serves the built web app (and its samples/), with index.html for any other non-API path (the app has
 * one page). Unknown API paths get our JSON error. */
export async function registerWebApp(app: FastifyInstance, appDir: string): Promise<void> {
  const built = existsSync(appDir);
  if (built) {
    await app.register(fastifyStatic, { root: appDir, prefix: '/', wildcard: false });
  } else {
    app.log.warn(`no built app in ${appDir}: run "npm run build" (npm start does it)`);
  }
  app.setNotFoundHandler((request, reply) => {
    if (built && request.method === 'GET' && !request.url.startsWith('/api/')) {
      return reply.sendFile('index.html');
    }
    return reply.code(404).send({ error: { message: `no route ${request.method} ${request.url.split('?')[0]}` } });
  });
}
