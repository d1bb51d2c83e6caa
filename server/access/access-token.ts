import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/** Compares in constant time (hashes first, so that the lengths leak nothing either). */
export function tokensMatch(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

/** Routes reachable without the token: health, Akool's callback (it has its own signature), the Akool
 * protocol (it answers 1102/1101 itself), uploads by their unguessable id (Akool must fetch them), and
 * the web app's own files (a browser cannot add a header to its first page load). */
function isOpen(request: FastifyRequest): boolean {
  const path = request.url.split('?')[0]!;
  if (!path.startsWith('/api/')) return true;
  if (path === '/api/health') return true;
  if (path === '/api/webhooks/akool' && request.method === 'POST') return true;
  if (path.startsWith('/api/open/')) return true;
  return request.method === 'GET' && /^\/api\/uploads\/[0-9a-f]{24}$/.test(path);
}

function presentedToken(request: FastifyRequest): string | null {
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string' && /^Bearer\s+/i.test(authorization)) return authorization.replace(/^Bearer\s+/i, '').trim();
  const header = request.headers['x-access-token'];
  return typeof header === 'string' ? header.trim() : null;
}

/** With ACCESS_TOKEN set, every other request must carry it as `Authorization: Bearer` or `x-access-token`. */
export function registerAccessToken(app: FastifyInstance, accessToken: string | null): void {
  if (!accessToken) return;
  app.addHook('onRequest', async (request, reply) => {
    if (isOpen(request)) return;
    const token = presentedToken(request);
    if (token && tokensMatch(token, accessToken)) return;
    return reply.code(401).send({
      error: { message: 'this server requires its access token: send "Authorization: Bearer <ACCESS_TOKEN>" or "x-access-token"' },
    });
  });
}
