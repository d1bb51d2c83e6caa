import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';

/** A path whose last segment has an extension ("/samples/missing.png") asks for a file, not for a page. */
function asksForFile(path: string): boolean {
  return /\.[A-Za-z0-9]+$/.test(path.slice(path.lastIndexOf('/') + 1));
}

/** Serves the built web app (and its samples/), with index.html for any other non-API path (the app has
 * one page). Unknown API paths and missing files get our JSON error: an image that is not there is a 404,
 * not the app's page. */
export async function registerWebApp(app: FastifyInstance, appDir: string): Promise<void> {
  const built = existsSync(appDir);
  if (built) {
    await app.register(fastifyStatic, { root: appDir, prefix: '/', wildcard: false });
  } else {
    app.log.warn(`no built app in ${appDir}: run "npm run build" (npm start does it)`);
  }
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]!;
    if (built && request.method === 'GET' && !path.startsWith('/api/') && !asksForFile(path)) {
      return reply.sendFile('index.html');
    }
    return reply.code(404).send({ error: { message: path.startsWith('/api/') ? `no route ${request.method} ${path}` : `no file ${path}` } });
  });
}
