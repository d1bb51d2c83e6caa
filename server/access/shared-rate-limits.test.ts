import { once } from 'node:events';
import Fastify, { type FastifyInstance } from 'fastify';
import { Redis, type RedisOptions } from 'ioredis';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { testConfig } from '../config.ts';
import { freePort } from '../testing/free-port.ts';
import { describeWithRedis, startRedis, type TestRedis } from '../testing/redis-server.ts';
import { registerAccessToken } from './access-token.ts';
import { registerRateLimits } from './rate-limits.ts';

const limits = { ...testConfig().rateLimits, jobsPerMinute: 3, uploadsPerMinute: 2 };

/** A replica as far as the limits go: its own Fastify and its own connection to the shared Redis. */
async function replica(redis?: Redis): Promise<FastifyInstance> {
  const app = Fastify();
  await registerRateLimits(app, limits, { redis });
  app.post('/api/jobs', async (_request, reply) => reply.code(202).send({ ok: true }));
  app.post('/api/uploads', async (_request, reply) => reply.code(201).send({ ok: true }));
  await app.ready();
  return app;
}

const TOKEN = 'the-right-token';

/** A replica guarding its routes with ACCESS_TOKEN, counting wrong tokens (3 a minute) with `redis` if given. */
async function guardedReplica(redis?: Redis): Promise<FastifyInstance> {
  const app = Fastify();
  // The routes' zod schemas are descriptions; the app's handlers validate (as registerOpenApi sets up).
  app.setValidatorCompiler(() => (value) => ({ value }));
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  registerAccessToken(app, { accessToken: TOKEN, failedAuthPerMinute: 3, signer: null, secureCookies: false, redis });
  app.get('/api/jobs', async () => ({ jobs: [] }));
  await app.ready();
  return app;
}

const withToken = (app: FastifyInstance, token: string, remoteAddress: string) =>
  app.inject({ url: '/api/jobs', headers: { authorization: `Bearer ${token}` }, remoteAddress });

const post = (app: FastifyInstance, url: string, remoteAddress: string) => app.inject({ method: 'POST', url, remoteAddress });

describeWithRedis('rate limits shared through Redis', () => {
  let server: TestRedis;
  const connections: Redis[] = [];
  const apps: FastifyInstance[] = [];
  const connect = (url: string, options: RedisOptions = {}) => {
    const redis = new Redis(url, options);
    connections.push(redis);
    return redis;
  };
  /** A connection that fails fast, once ready (before that it would let requests through uncounted). */
  const connected = async (url: string) => {
    const redis = connect(url, { enableOfflineQueue: false });
    if (redis.status !== 'ready') await once(redis, 'ready');
    return redis;
  };
  beforeAll(async () => {
    server = await startRedis();
  });
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
    for (const redis of connections.splice(0)) redis.disconnect();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('count requests over every replica: the 4th job of a minute is refused whichever replica it reaches', async () => {
    const a = await replica(await connected(server.url));
    const b = await replica(await connected(server.url));
    apps.push(a, b);
    const client = '203.0.113.10';
    expect((await post(a, '/api/jobs', client)).statusCode).toBe(202);
    expect((await post(b, '/api/jobs', client)).statusCode).toBe(202);
    expect((await post(a, '/api/jobs', client)).statusCode).toBe(202);
    const limited = await post(b, '/api/jobs', client);
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json().message).toMatch(/^too many requests from this address: at most 3 a minute/);
    expect((await post(a, '/api/jobs', client)).statusCode).toBe(429);
    // Another client, and another route of the same client, count apart.
    expect((await post(b, '/api/jobs', '203.0.113.11')).statusCode).toBe(202);
    expect((await post(a, '/api/uploads', client)).statusCode).toBe(201);
  });

  it('without Redis each replica counts alone (the one-process default)', async () => {
    const a = await replica();
    const b = await replica();
    apps.push(a, b);
    for (let i = 0; i < 3; i += 1) expect((await post(a, '/api/jobs', '203.0.113.20')).statusCode).toBe(202);
    expect((await post(a, '/api/jobs', '203.0.113.20')).statusCode).toBe(429);
    expect((await post(b, '/api/jobs', '203.0.113.20')).statusCode).toBe(202);
  });

  it('count wrong access tokens over every replica: after 3 guesses spread over two, both answer 429', async () => {
    const a = await guardedReplica(await connected(server.url));
    const b = await guardedReplica(await connected(server.url));
    apps.push(a, b);
    const guesser = '203.0.113.50';
    expect((await withToken(a, 'guess-1', guesser)).statusCode).toBe(401);
    expect((await withToken(b, 'guess-2', guesser)).statusCode).toBe(401);
    expect((await withToken(a, 'guess-3', guesser)).statusCode).toBe(401);
    const blocked = await withToken(b, 'guess-4', guesser);
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    // Blocked for the rest of the minute, the right token included; another client is not.
    expect((await withToken(a, TOKEN, guesser)).statusCode).toBe(429);
    expect((await withToken(b, TOKEN, '203.0.113.51')).statusCode).toBe(200);
  });

  it('without Redis, or with Redis unreachable, each replica counts wrong tokens alone', async () => {
    const nobody = connect(`redis://127.0.0.1:${await freePort()}`, { enableOfflineQueue: false, lazyConnect: true, retryStrategy: () => null });
    nobody.on('error', () => {});
    for (const redis of [undefined, nobody]) {
      const a = await guardedReplica(redis);
      const b = await guardedReplica(redis);
      apps.push(a, b);
      const guesser = redis ? '203.0.113.61' : '203.0.113.60';
      for (let i = 0; i < 3; i += 1) expect((await withToken(a, `guess-${i}`, guesser)).statusCode).toBe(401);
      expect((await withToken(a, 'guess-4', guesser)).statusCode).toBe(429);
      expect((await withToken(b, 'guess-5', guesser)).statusCode).toBe(401);
    }
  });

  it('a Redis that cannot be reached lets requests through uncounted instead of failing them', async () => {
    const nobody = `redis://127.0.0.1:${await freePort()}`;
    const redis = connect(nobody, { enableOfflineQueue: false, lazyConnect: true, retryStrategy: () => null });
    redis.on('error', () => {});
    const app = await replica(redis);
    apps.push(app);
    for (let i = 0; i < 5; i += 1) expect((await post(app, '/api/jobs', '203.0.113.30')).statusCode).toBe(202);
  });
});
