import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { emptyAnswer, errorBody } from '../api/api-schemas.ts';
import { RedisFailedAuthCounter, type FailedAuthCounts } from './redis-failed-auth-counter.ts';
import { isSignedPath, type UrlSigner } from './signed-url.ts';

/** Compares in constant time (hashes first, so that the lengths leak nothing either). */
export function tokensMatch(given: string, expected: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

export const SESSION_COOKIE = 'composer_session';
/** How long a browser session (the cookie that lets <img> and download links through) lasts. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** Routes reachable without the token: health, the session check/login (they check the token themselves),
 * Akool's callback (it has its own signature), the Akool protocol (it answers 1102/1101 itself), and the web
 * app's own files (a browser cannot add a header to its first page load). */
function isOpen(request: FastifyRequest): boolean {
  const path = request.url.split('?')[0]!;
  if (!path.startsWith('/api/')) return true;
  if (path === '/api/health' || path === '/api/session') return true;
  if (path === '/api/webhooks/akool' && request.method === 'POST') return true;
  return path.startsWith('/api/open/');
}

function presentedToken(request: FastifyRequest): string | null {
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string' && /^Bearer\s+/i.test(authorization)) return authorization.replace(/^Bearer\s+/i, '').trim();
  const header = request.headers['x-access-token'];
  return typeof header === 'string' ? header.trim() : null;
}

/** The credential an Akool-protocol client sends (Bearer wins over x-api-key, as at Akool). */
function presentedAkoolCredential(request: FastifyRequest): string | null {
  const authorization = request.headers.authorization;
  if (typeof authorization === 'string' && authorization.trim()) return authorization.replace(/^Bearer\s+/i, '').trim();
  const apiKey = request.headers['x-api-key'];
  return typeof apiKey === 'string' && apiKey.trim() ? apiKey.trim() : null;
}

function cookieValue(request: FastifyRequest, name: string): string | null {
  const header = request.headers.cookie;
  if (typeof header !== 'string') return null;
  for (const part of header.split(';')) {
    const index = part.indexOf('=');
    if (index > 0 && part.slice(0, index).trim() === name) return part.slice(index + 1).trim();
  }
  return null;
}

/**
 * Browser sessions: `POST /api/session` with the token answers a cookie that carries no token, only an expiry
 * and an HMAC of it keyed by the token. It is HttpOnly (scripts cannot read it), SameSite=Strict (other sites
 * cannot make the browser send it) and scoped to /api; it only authorises GET/HEAD (images, downloads), so
 * anything that changes state still needs the header, which a cross-site form cannot send.
 */
export class SessionCookies {
  private readonly key: Buffer;

  constructor(accessToken: string) {
    this.key = createHmac('sha256', accessToken).update('composer-session-v1').digest();
  }

  private mac(expires: number): string {
    return createHmac('sha256', this.key).update(`session|${expires}`).digest('base64url');
  }

  issue(now = Date.now()): string {
    const expires = Math.floor((now + SESSION_TTL_MS) / 1000);
    return `${expires}.${this.mac(expires)}`;
  }

  verify(value: string | null, now = Date.now()): boolean {
    const match = value ? /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(value) : null;
    if (!match) return false;
    const expires = Number(match[1]);
    if (expires * 1000 <= now) return false;
    const expected = Buffer.from(this.mac(expires));
    const given = Buffer.from(match[2]!);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}

/** Counts wrong tokens (presented, not missing) per client in fixed one-minute windows; past the limit the client gets 429 until the
 * window ends, so the token cannot be guessed at network speed. */
class FailedAuthCounter implements FailedAuthCounts {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();

  constructor(private readonly limit: number) {}

  /** Seconds until the client may try again, or 0 when it may now. */
  blockedFor(client: string, now = Date.now()): number {
    const window = this.windows.get(client);
    if (!window || window.resetAt <= now) return 0;
    return window.count >= this.limit ? Math.ceil((window.resetAt - now) / 1000) : 0;
  }

  fail(client: string, now = Date.now()): void {
    if (this.windows.size > 10_000) {
      for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
    }
    const window = this.windows.get(client);
    if (!window || window.resetAt <= now) this.windows.set(client, { count: 1, resetAt: now + 60_000 });
    else window.count += 1;
  }
}

export interface AccessOptions {
  accessToken: string | null;
  /** Wrong tokens per client and minute before 429. */
  failedAuthPerMinute: number;
  /** Signs the URLs of our files that Akool must fetch without the token. */
  signer: UrlSigner | null;
  /** Secure cookies when the public address is https. */
  secureCookies: boolean;
  /** Counts wrong tokens in Redis, shared by every replica (else in this process); give it a connection that
   * fails fast (`enableOfflineQueue: false`). */
  redis?: Redis;
}

function tooMany(request: FastifyRequest, reply: FastifyReply, seconds: number) {
  reply.code(429).header('retry-after', String(seconds));
  const message = `too many wrong access tokens from this address: try again in ${seconds} s`;
  if (request.url.startsWith('/api/open/')) return reply.send({ code: 1005, msg: message, data: null });
  return reply.send({ error: { message } });
}

/**
 * With ACCESS_TOKEN set, every request to /api/ but the open ones must carry it as `Authorization: Bearer`
 * or `x-access-token`; a GET/HEAD may instead carry the session cookie, or (our files Akool must fetch) a
 * signature in the query. Also serves `/api/session`, whatever the setting, so that the app knows whether to
 * ask for the token.
 */
export function registerAccessToken(app: FastifyInstance, options: AccessOptions): void {
  const { accessToken, signer } = options;
  const sessions = accessToken ? new SessionCookies(accessToken) : null;
  const inMemory = new FailedAuthCounter(options.failedAuthPerMinute);
  const failures: FailedAuthCounts = options.redis ? new RedisFailedAuthCounter(options.redis, options.failedAuthPerMinute, inMemory) : inMemory;
  const cookieAttributes = `Path=/api; HttpOnly; SameSite=Strict${options.secureCookies ? '; Secure' : ''}`;

  const authenticated = (request: FastifyRequest): boolean => {
    if (!accessToken) return true;
    const token = presentedToken(request);
    if (token) return tokensMatch(token, accessToken);
    const safe = request.method === 'GET' || request.method === 'HEAD';
    if (safe && sessions!.verify(cookieValue(request, SESSION_COOKIE))) return true;
    return safe && signer !== null && isSignedPath(request.url, signer);
  };

  if (accessToken) {
    app.addHook('onRequest', async (request, reply) => {
      const path = request.url.split('?')[0]!;
      if (path.startsWith('/api/open/')) {
        // The Akool protocol checks its credential itself (1102/1101); wrong ones still count here.
        const blocked = await failures.blockedFor(request.ip);
        if (blocked) return tooMany(request, reply, blocked);
        const credential = presentedAkoolCredential(request);
        if (credential && !tokensMatch(credential, accessToken)) await failures.fail(request.ip);
        return;
      }
      if (isOpen(request)) return;
      const blocked = await failures.blockedFor(request.ip);
      if (blocked) return tooMany(request, reply, blocked);
      if (authenticated(request)) return;
      // Only a presented, wrong token counts as a guess: a browser whose cookie expired is not an attacker.
      if (presentedToken(request)) await failures.fail(request.ip);
      return reply.code(401).send({
        error: { message: 'this server requires its access token: send "Authorization: Bearer <ACCESS_TOKEN>" or "x-access-token"' },
      });
    });
  }

  const tokenHeaders = z.object({
    authorization: z.string().optional().meta({ description: '"Bearer <ACCESS_TOKEN>"' }),
    'x-access-token': z.string().optional(),
  });
  app.get('/api/session', {
    schema: {
      summary: 'Whether this server asks for an access token, and whether this client has it',
      tags: ['server'],
      response: { 200: z.strictObject({ required: z.boolean(), authenticated: z.boolean() }) },
    },
  }, async (request) => ({ required: accessToken !== null, authenticated: authenticated(request) }));

  app.post('/api/session', {
    schema: {
      summary: 'Trade the access token for a session cookie (lets images and downloads through)',
      tags: ['server'],
      headers: tokenHeaders,
      response: { 204: emptyAnswer('Signed in (or no token is needed)'), 401: errorBody, 429: errorBody },
    },
  }, async (request, reply) => {
    if (!accessToken) return reply.code(204).send();
    const blocked = await failures.blockedFor(request.ip);
    if (blocked) return tooMany(request, reply, blocked);
    const token = presentedToken(request);
    if (!token || !tokensMatch(token, accessToken)) {
      await failures.fail(request.ip);
      return reply.code(401).send({ error: { message: 'the access token is not right', fields: { token: 'not right' } } });
    }
    const maxAge = Math.floor(SESSION_TTL_MS / 1000);
    return reply.code(204).header('set-cookie', `${SESSION_COOKIE}=${sessions!.issue()}; Max-Age=${maxAge}; ${cookieAttributes}`).send();
  });

  app.delete('/api/session', { schema: { summary: 'Sign out: forget the session cookie', tags: ['server'], response: { 204: emptyAnswer('Signed out') } } }, async (_request, reply) =>
    reply.code(204).header('set-cookie', `${SESSION_COOKIE}=; Max-Age=0; ${cookieAttributes}`).send(),
  );
}
