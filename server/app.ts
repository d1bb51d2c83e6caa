import fastifyMultipart from '@fastify/multipart';
import Fastify, { LogController, type FastifyInstance, type RouteOptions } from 'fastify';
import { registerAccessToken } from './access/access-token.ts';
import { registerOpenApi } from './api/openapi.ts';
import { ResultCompliance } from './compliance/result-compliance.ts';
import { registerRateLimits } from './access/rate-limits.ts';
import { registerSecurityHeaders } from './access/security-headers.ts';
import { urlSigner } from './access/signed-url.ts';
import type { ServerConfig } from './config.ts';
import { SourceLoader } from './images/source-loader.ts';
import { JobService } from './jobs/job-service.ts';
import { buildProvider } from './providers/provider-registry.ts';
import type { JobQueue } from './queue/job-queue.ts';
import { openJobQueue } from './queue/open-job-queue.ts';
import { openStorage } from './storage/open-storage.ts';
import { registerAkoolProtocolRoutes } from './routes/akool-protocol-routes.ts';
import { registerComplianceRoutes } from './routes/compliance-routes.ts';
import { BatchService } from './batches/batch-service.ts';
import { registerBatchesRoutes } from './routes/batches-routes.ts';
import { BackgroundRemover } from './cutout/background-remover.ts';
import { EffectsBaker } from './cutout/effects-baker.ts';
import { ForegroundService } from './cutout/foreground-service.ts';
import { QueuedRemovals } from './cutout/queued-removal.ts';
import { registerForegroundsRoutes } from './routes/foregrounds-routes.ts';
import { registerSourceRoutes } from './routes/source-routes.ts';
import { registerFetchImageRoutes } from './routes/fetch-image-routes.ts';
import { registerHealthRoutes } from './routes/health-routes.ts';
import { registerJobChangesRoutes } from './routes/job-changes-routes.ts';
import { registerJobsRoutes } from './routes/jobs-routes.ts';
import { registerPreviewRoutes } from './routes/preview-routes.ts';
import { registerThumbnailRoutes } from './routes/thumbnail-routes.ts';
import { ResultImages } from './results/result-images.ts';
import { registerUploadsRoutes } from './routes/uploads-routes.ts';
import { registerWebApp } from './routes/web-app.ts';

/** Builds the server without listening, so that tests can drive it through `inject`. Unfinished jobs
 * resume when the server becomes ready; closing it stops the providers and closes the database. */
export async function buildApp(
  config: ServerConfig,
  options: {
    logStream?: { write(line: string): void };
    logLevel?: string;
    /** Told of every route as it is registered (the OpenAPI test checks that each one is described). */
    onRoute?: (route: RouteOptions) => void;
    /** The work queue, when not this process's own (a shared one: BullMQ on Redis); closed with the app. */
    jobQueue?: JobQueue;
  } = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: options.logLevel ?? process.env.LOG_LEVEL ?? 'info',
      ...(options.logStream ? { stream: options.logStream } : {}),
      redact: {
        paths: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers["x-access-token"]', 'req.headers.cookie', 'res.headers["set-cookie"]'],
        censor: '[redacted]',
      },
    },
    bodyLimit: 1024 * 1024,
    // The app polls jobs every second: one line per change or error (onResponse below), not two per request.
    logController: new LogController({ disableRequestLogging: true }),
  });

  if (options.onRoute) app.addHook('onRoute', options.onRoute);

  let batches: BatchService | null = null;
  const storage = await openStorage({ engines: config.engines, dataDir: config.dataDir, log: app.log, jobChanged: (id) => batches?.jobChanged(id) });
  const { jobs: store, uploads, blobs, jobChanges: changes, batchChanges } = storage;
  const results = new ResultImages(blobs);
  // Limits count in Redis when replicas share it; a Redis that does not answer at once lets requests through
  // (no offline queue), rather than holding every request until it is back.
  const limitsRedis = storage.redis?.duplicate({ enableOfflineQueue: false }) ?? null;
  limitsRedis?.on('error', () => {}); // the shared connection already logs Redis trouble
  const signer = config.accessToken ? urlSigner(config.accessToken) : null;
  const https = (config.publicBaseUrl ?? '').startsWith('https:');
  const sources = new SourceLoader(blobs, config.appDir, config.fetchAllowHosts);

  const remover = new BackgroundRemover({ queueLimit: config.backgroundRemoval.queueLimit });
  const queue = options.jobQueue ?? openJobQueue(config, app.log);
  // The configured provider (PROVIDER), from the registry, with the routes it brings (Akool: its webhook).
  const { provider, routes: providerRoutes } = buildProvider({ config, deps: { store, blobs, log: app.log }, sources, remover, signer, webhookEvents: storage.webhookEvents });
  const jobs = new JobService({ store, uploads, blobs, sources, provider, queue, log: app.log, trashGraceMs: config.trashGraceMs });
  // An api replica only hands work to the queue (renders, removals, batch items); workers (and a process that is
  // both) take it, and only they load the background-removal model.
  const works = config.engines.role !== 'api';
  if (works) jobs.takeWork();
  const baker = new EffectsBaker();
  const queuedRemovals = new QueuedRemovals({ queue, blobs, uploads, changes, queueLimit: config.backgroundRemoval.queueLimit });
  const foregrounds = new ForegroundService({ uploads, blobs, sources, store, remover, cache: storage.foregroundCache, baker, ...(works ? {} : { handOff: queuedRemovals }) });
  if (works) queuedRemovals.takeWork((loaded) => foregrounds.prepareQueued(loaded), app.log);
  batches = new BatchService({
    batches: storage.batches,
    jobs,
    queue,
    prepare: { uploads, blobs, sources, store, foregrounds },
    changes: batchChanges,
    log: app.log,
    inFlight: config.batchInFlight,
  });
  const batchService = batches;
  if (works) batchService.takeWork();

  app.setErrorHandler((error: Error & { statusCode?: number }, request, reply) => {
    const status = error.statusCode && error.statusCode >= 400 ? error.statusCode : 500;
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    const message = status >= 500 ? 'the server failed to handle the request; see its log' : error.message;
    if (request.url.startsWith('/api/open/')) {
      // Akool's envelope: 1005 ("too frequent") for our rate limit, 1003 for a body we cannot read.
      if (status === 429) return reply.code(429).send({ code: 1005, msg: message, data: null });
      return reply.code(status >= 500 ? 500 : 200).send({ code: status >= 500 ? 500 : 1003, msg: `Parameter error: body: ${message}`, data: null });
    }
    // A 4xx the framework raised is about the body as a whole (unreadable JSON, too large, wrong type).
    return reply.code(status).send({ error: status >= 500 || status === 429 ? { message } : { message, fields: { body: message } } });
  });

  // Before every route: it describes them as they are registered.
  await registerOpenApi(app);
  registerSecurityHeaders(app, { https });
  registerAccessToken(app, {
    accessToken: config.accessToken,
    failedAuthPerMinute: config.rateLimits.failedAuthPerMinute,
    signer,
    secureCookies: https,
    ...(limitsRedis ? { redis: limitsRedis } : {}),
  });
  await registerRateLimits(app, config.rateLimits, limitsRedis ? { redis: limitsRedis } : {});
  // Before the routes, so that the plugin-scoped ones (uploads, static files) log too. A callback hook: no
  // promise for the many reads that log nothing.
  app.addHook('onResponse', (request, reply, done) => {
    if ((request.method !== 'GET' && request.method !== 'HEAD') || reply.statusCode >= 400) {
      request.log.info({ method: request.method, url: request.url.split('?')[0], statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime) }, 'request');
    }
    done();
  });
  await registerHealthRoutes(app, { provider: provider.name });
  await registerSourceRoutes(app, { sourceUrl: config.sourceUrl });
  // Multipart only where uploads arrive: registered for the whole app, it adds two async hooks to every request.
  await app.register(async (uploadsScope) => {
    await uploadsScope.register(fastifyMultipart);
    await registerUploadsRoutes(uploadsScope, { config, uploads, blobs });
  });
  await registerFetchImageRoutes(app, { config });
  await registerForegroundsRoutes(app, { config, foregrounds, modelState: () => (works ? remover.state : queuedRemovals.state()) });
  await registerJobsRoutes(app, { config, jobs, blobs, results });
  await registerJobChangesRoutes(app, { config, jobs, changes });
  await registerBatchesRoutes(app, { config, batches: batchService, jobs, blobs, changes: batchChanges });
  await registerPreviewRoutes(app, { jobs, results });
  await registerThumbnailRoutes(app, { jobs, results });
  await registerComplianceRoutes(app, { jobs, compliance: new ResultCompliance(blobs, sources) });
  await registerAkoolProtocolRoutes(app, { config, jobs });
  if (providerRoutes) await app.register(providerRoutes);
  await registerWebApp(app, config.appDir);

  app.addHook('onReady', async () => {
    // The trash first: a job deleted before a stop or crash is purged once its grace is over, never left behind.
    await jobs.startTrashSweep();
    await jobs.resume();
    // A Redis restarted without persistence has forgotten the queued steps (a render waiting for a worker, an
    // Akool job's next poll), whose jobs would wait for the next start of a replica: when the connection is
    // back, every unfinished job is enqueued again (idempotent: steps Redis still holds are not doubled).
    storage.redis?.on('ready', () => {
      jobs.resume().catch((error: unknown) => app.log.warn({ err: error }, 'could not resume work after Redis came back'));
      batchService.resumeWork().catch((error: unknown) => app.log.warn({ err: error }, 'could not resume batch items after Redis came back'));
    });
    await batchService.resumeWork();
    if (config.backgroundRemoval.preload && works) remover.start();
  });
  // Long polls answer now instead of holding the close for up to 30 s.
  app.addHook('preClose', async () => {
    queuedRemovals.close();
    changes.releaseAll();
    batchChanges.releaseAll();
  });
  app.addHook('onClose', async () => {
    // The provider learns it is closing first (jobs.close() tells it at once), then the remover rejects what
    // it holds: a job waiting for the model (up to ~15 s to load) ends quietly, to resume on the next start.
    const batchesClosed = batchService.close();
    const jobsClosed = jobs.close();
    // At once: a closing provider hands each step it is given back to the queue, which would give it again.
    const queueClosed = jobsClosed.then(() => queue.close());
    await remover.close();
    await baker.close();
    await queueClosed;
    await batchesClosed;
    limitsRedis?.disconnect();
    await storage.close();
  });
  return app;
}
