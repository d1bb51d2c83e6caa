import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import type { PngEncoder } from './render/render-composition.ts';

export type ProviderName = 'local' | 'akool';

/** How the server authenticates to Akool: an API key, or a client id/secret pair that buys a token. */
export type AkoolCredentials =
  | { kind: 'apiKey'; apiKey: string; clientId?: string; clientSecret?: string }
  | { kind: 'client'; clientId: string; clientSecret: string };

export interface AkoolSettings {
  baseUrl: string;
  credentials: AkoolCredentials | null;
  /** First poll of infobymodelid after submitting; later polls back off to `pollMaxMs`. */
  pollInitialMs: number;
  pollMaxMs: number;
  /** Base delay of the retries after 1005 ("too frequent") and after a failed result download. */
  retryBaseMs: number;
  /** Longest wait between two retries (the doubling stops here; jitter takes up to half of it off). */
  retryMaxMs: number;
  /** How long one call to Akool's API may take before it counts as unanswered (and is retried). */
  requestTimeoutMs: number;
}

/** What this process does: `all` serves HTTP and works jobs; `api` only serves HTTP; `worker` only works jobs. */
export type Role = 'all' | 'api' | 'worker';

/** Where jobs, uploads' metadata and batches are kept: SQLite in DATA_DIR, or PostgreSQL (DATABASE_URL). */
export type DatabaseEngine = { kind: 'sqlite' } | { kind: 'postgres'; url: string };

/** Where work waits and long polls are woken: in this process, or Redis (REDIS_URL: BullMQ and pub/sub). */
export type QueueEngine = { kind: 'in-process' } | { kind: 'redis'; url: string };

/** An S3-compatible bucket (AWS S3, R2, GCS's interoperability API, MinIO, Swift's s3api). */
export interface S3Settings {
  bucket: string;
  /** The service's URL; null for AWS S3 itself (the SDK derives it from the region). */
  endpoint: string | null;
  region: string;
  /** Null: the SDK's own credential chain (AWS_* variables, an instance or pod role). */
  credentials: { accessKeyId: string; secretAccessKey: string } | null;
  /** `https://endpoint/bucket/key` instead of `https://bucket.endpoint/key` (MinIO, Swift, most self-hosted). */
  forcePathStyle: boolean;
}

/** Where uploads, cut-outs and results are kept: files in DATA_DIR, or an S3 bucket. */
export type BlobEngine = { kind: 'disk' } | ({ kind: 's3' } & S3Settings);

/** The engines this process uses, and its role (issue 18). */
export interface Engines {
  database: DatabaseEngine;
  queue: QueueEngine;
  blobs: BlobEngine;
  role: Role;
}

/** Requests per client (IP address) and minute on the routes that cost work or disk. */
export interface RateLimits {
  /** `POST /api/jobs` and Akool's `bg/replace`. */
  jobsPerMinute: number;
  /** `POST /api/uploads`. */
  uploadsPerMinute: number;
  /** Wrong access tokens (any route) before the client is answered 429 for the rest of the minute. */
  failedAuthPerMinute: number;
}

export interface ServerConfig {
  host: string;
  port: number;
  dataDir: string;
  /** The built web app this server serves (dist, or dist-test for the e2e suite). */
  appDir: string;
  provider: ProviderName;
  akool: AkoolSettings;
  /** How the outside world reaches this server, without a trailing slash; null when not set. */
  publicBaseUrl: string | null;
  /** When set, every route but health, the webhook and the app's files requires it. */
  accessToken: string | null;
  /** How long a job may take before it fails, in milliseconds. */
  jobTimeoutMs: number;
  /** Host names the guarded fetch lets through to private addresses (tests only). */
  fetchAllowHosts: string[];
  /** Renders at the same time; one per core. */
  renderConcurrency: number;
  /**
   * With REDIS_URL: how long a worker's claim on a step lasts unrenewed (QUEUE_CLAIM_MS), so how soon a step whose
   * worker died (killed, its machine gone) is taken by another. Null: the queue's default, 30 s.
   */
  queueClaimMs: number | null;
  /** How local renders deflate the PNG: the scanline encoder, or Node's zlib (level 1, RLE, the same filter). */
  pngEncoder: PngEncoder;
  /** Most items a batch may have (BATCH_MAX_ITEMS). */
  batchMaxItems: number;
  /** Batch items being prepared or rendered at once, over all batches and every process sharing the database
   * (BATCH_IN_FLIGHT); the rest wait as rows. */
  batchInFlight: number;
  rateLimits: RateLimits;
  /** Akool callbacks whose timestamp is further than this from now are refused (replays). */
  webhookMaxAgeMs: number;
  /** Cap on the time of one guarded fetch (remote layers, /api/fetch-image, Akool results). */
  fetchTimeoutMs: number;
  /** How long a deleted job can be restored (Undo) before it and its files are deleted for good. */
  trashGraceMs: number;
  /** Where the running code's source is published (AGPL section 13); null: the server serves its own copy. */
  sourceUrl: string | null;
  backgroundRemoval: {
    /** Load the model when the server starts (else on the first removal, which then waits ~5-15 s). */
    preload: boolean;
    /** Removals running or waiting at once; more get 503 with Retry-After. */
    queueLimit: number;
  };
  /** Database, queue and blob store, and what this process does. Holds secrets: log `shownEngines(engines)`. */
  engines: Engines;
  /** Settings that work but deserve a line in the log at start (e.g. several processes on files in DATA_DIR). */
  warnings: string[];
}

/** A setting that cannot work; start-up prints its message as one line and stops. */
export class ConfigError extends Error {}

function parsePort(text: string): number {
  const port = Number(text);
  if (!/^\d+$/.test(text) || !Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be a whole number from 0 to 65535 (got ${JSON.stringify(text)})`);
  }
  return port;
}

/** "10m", "90s", "1500ms", "1h", or a bare number of seconds. */
export function parseDuration(name: string, text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/.exec(text.trim());
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;
  const ms = match ? Number(match[1]) * unit[(match[2] ?? 's') as keyof typeof unit] : NaN;
  if (!Number.isFinite(ms) || ms <= 0) {
    throw new ConfigError(`${name} must be a duration like "10m", "90s" or "1500ms" (got ${JSON.stringify(text)})`);
  }
  return Math.round(ms);
}

/** A URL as an error message may show it: a user name, password, query or fragment (where a secret could
 * hide) replaced by "***". */
function shownUrl(text: string): string {
  let shown = text.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, '$1***@').replace(/[?#].*$/, (rest) => `${rest[0]}***`);
  if (shown.length > 200) shown = `${shown.slice(0, 200)}...`;
  return JSON.stringify(shown);
}

function parseBaseUrl(name: string, text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(`${name} must be an absolute http(s) URL like "https://example.com" (got ${shownUrl(text)})`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash || url.username || url.password) {
    throw new ConfigError(`${name} must be a plain http(s) URL without query, fragment or user (got ${shownUrl(text)})`);
  }
  return url.href.replace(/\/+$/, '');
}

function parseProvider(text: string): ProviderName {
  if (text === 'local' || text === 'akool') return text;
  throw new ConfigError(`PROVIDER must be "local" or "akool" (got ${JSON.stringify(text)})`);
}

function parseCredentials(env: NodeJS.ProcessEnv): AkoolCredentials | null {
  const apiKey = env.AKOOL_API_KEY?.trim() || undefined;
  const clientId = env.AKOOL_CLIENT_ID?.trim() || undefined;
  const clientSecret = env.AKOOL_CLIENT_SECRET?.trim() || undefined;
  if (Boolean(clientId) !== Boolean(clientSecret)) {
    const missing = clientId ? 'AKOOL_CLIENT_SECRET' : 'AKOOL_CLIENT_ID';
    throw new ConfigError(`AKOOL_CLIENT_ID and AKOOL_CLIENT_SECRET go together: ${missing} is not set`);
  }
  // The API key authenticates requests; a client id/secret given beside it still decrypts webhooks.
  if (apiKey) return { kind: 'apiKey', apiKey, clientId, clientSecret };
  if (clientId && clientSecret) return { kind: 'client', clientId, clientSecret };
  return null;
}

function parsePositiveInt(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1) throw new ConfigError(`${name} must be a whole number above 0 (got ${JSON.stringify(text)})`);
  return value;
}

/** Reads the configuration from the environment, with defaults that work on a fresh machine. */
function parseSourceUrl(text: string): string {
  try {
    const url = new URL(text);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.href;
  } catch {
    // reported below
  }
  throw new ConfigError(`SOURCE_URL must be an absolute http(s) URL (got ${shownUrl(text)})`);
}

function parsePngEncoder(text: string): PngEncoder {
  if (text === 'scanline' || text === 'zlib') return text;
  throw new ConfigError(`PNG_ENCODER must be "scanline" or "zlib" (got ${JSON.stringify(text)})`);
}

function parseSwitch(name: string, text: string | undefined, fallback: boolean): boolean {
  const value = text?.trim().toLowerCase();
  if (!value) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(value)) return true;
  if (['0', 'false', 'no', 'off'].includes(value)) return false;
  throw new ConfigError(`${name} must be true or false, not "${text}"`);
}

/** `text` as a URL, or null when it is not one. */
function urlOf(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

function parseDatabase(text: string | undefined): DatabaseEngine {
  const value = text?.trim();
  if (!value) return { kind: 'sqlite' };
  const url = urlOf(value);
  if (!url || (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:')) {
    throw new ConfigError(
      `DATABASE_URL must be a postgres:// or postgresql:// URL: PostgreSQL is the only database server supported; leave it unset for SQLite in DATA_DIR (got ${shownUrl(value)})`,
    );
  }
  return { kind: 'postgres', url: value };
}

function parseQueue(text: string | undefined): QueueEngine {
  const value = text?.trim();
  if (!value) return { kind: 'in-process' };
  const url = urlOf(value);
  if (!url || (url.protocol !== 'redis:' && url.protocol !== 'rediss:') || !url.hostname) {
    throw new ConfigError(`REDIS_URL must be a redis:// or rediss:// (TLS) URL with a host, e.g. "redis://cache:6379" (got ${shownUrl(value)})`);
  }
  return { kind: 'redis', url: value };
}

const S3_VARIABLES = ['S3_BUCKET', 'S3_ENDPOINT', 'S3_REGION', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY', 'S3_FORCE_PATH_STYLE'] as const;

function parseBlobs(env: NodeJS.ProcessEnv): BlobEngine {
  const value = (name: (typeof S3_VARIABLES)[number]) => env[name]?.trim() || undefined;
  const given = S3_VARIABLES.filter((name) => value(name) !== undefined);
  if (given.length === 0) return { kind: 'disk' };
  const bucket = value('S3_BUCKET');
  if (!bucket) throw new ConfigError(`${given.join(', ')} ${given.length === 1 ? 'is' : 'are'} set but S3_BUCKET is not: set S3_BUCKET to keep files in S3, or unset the S3_ variables to keep them in DATA_DIR`);
  if (!/^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$/i.test(bucket)) {
    throw new ConfigError(`S3_BUCKET must be a bucket name (letters, digits, ".", "-", "_"; 3 to 222 characters), not a path or URL (got ${shownUrl(bucket)})`);
  }
  const endpointText = value('S3_ENDPOINT');
  const endpoint = endpointText ? parseBaseUrl('S3_ENDPOINT', endpointText) : null;
  const regionText = value('S3_REGION');
  if (!endpoint && !regionText) {
    throw new ConfigError('S3_BUCKET needs S3_REGION (AWS S3) or S3_ENDPOINT (another S3-compatible service) to know where the bucket is');
  }
  if (regionText && !/^[a-z0-9-]+$/i.test(regionText)) throw new ConfigError(`S3_REGION must be a region name like "eu-west-1" or "auto" (got ${JSON.stringify(regionText)})`);
  const accessKeyId = value('S3_ACCESS_KEY_ID');
  const secretAccessKey = value('S3_SECRET_ACCESS_KEY');
  if (Boolean(accessKeyId) !== Boolean(secretAccessKey)) {
    const missing = accessKeyId ? 'S3_SECRET_ACCESS_KEY' : 'S3_ACCESS_KEY_ID';
    throw new ConfigError(`S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together: ${missing} is not set (set neither to use the SDK's own credentials, e.g. an instance role)`);
  }
  return {
    kind: 's3',
    bucket,
    endpoint,
    // Every S3-compatible service takes us-east-1 when it has no regions (MinIO, Swift); R2 also takes "auto".
    region: regionText ?? 'us-east-1',
    credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : null,
    forcePathStyle: parseSwitch('S3_FORCE_PATH_STYLE', env.S3_FORCE_PATH_STYLE, false),
  };
}

function parseRole(text: string | undefined): Role {
  const value = text?.trim() || 'all';
  if (value === 'all' || value === 'api' || value === 'worker') return value;
  throw new ConfigError(`ROLE must be "all", "api" or "worker" (got ${JSON.stringify(value)})`);
}

/** The engines and role, refusing combinations that cannot work; `warnings` gets those that work with care. */
function parseEngines(env: NodeJS.ProcessEnv, warnings: string[]): Engines {
  const engines: Engines = {
    database: parseDatabase(env.DATABASE_URL),
    queue: parseQueue(env.REDIS_URL),
    blobs: parseBlobs(env),
    role: parseRole(env.ROLE),
  };
  const { database, queue, blobs, role } = engines;
  if (role !== 'all' && queue.kind !== 'redis') {
    throw new ConfigError(
      `ROLE=${role} needs REDIS_URL: api and worker processes hand work to each other through the Redis queue; without it run ROLE=all (the default)`,
    );
  }
  if (queue.kind === 'redis' && database.kind !== 'postgres') {
    throw new ConfigError(
      'REDIS_URL needs DATABASE_URL (PostgreSQL): with a shared queue, jobs are worked by other processes, which cannot reach the SQLite file in DATA_DIR',
    );
  }
  if (queue.kind === 'redis' && blobs.kind === 'disk') {
    warnings.push(
      'REDIS_URL without S3_BUCKET: uploads and results stay files in DATA_DIR, so every api and worker process must see the same DATA_DIR (one machine, or a shared file system); on several machines set the S3_ variables',
    );
  }
  return engines;
}

/** The engines as a log line or health answer may show them: passwords, keys and queries replaced by "***". */
export function shownEngines(engines: Engines): Record<string, string> {
  const shown = (url: string) => JSON.parse(shownUrl(url)) as string;
  const { database, queue, blobs, role } = engines;
  return {
    role,
    database: database.kind === 'postgres' ? `postgres ${shown(database.url)}` : 'sqlite in DATA_DIR',
    queue: queue.kind === 'redis' ? `redis ${shown(queue.url)}` : 'in-process',
    blobs:
      blobs.kind === 's3'
        ? `s3 bucket ${blobs.bucket} at ${blobs.endpoint ?? `AWS ${blobs.region}`}${blobs.credentials ? ` as ${blobs.credentials.accessKeyId}` : ''}`
        : 'files in DATA_DIR',
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const provider = parseProvider(env.PROVIDER?.trim() || 'local');
  const credentials = parseCredentials(env);
  if (provider === 'akool' && !credentials) {
    throw new ConfigError(
      'PROVIDER=akool needs Akool credentials: set AKOOL_API_KEY, or AKOOL_CLIENT_ID and AKOOL_CLIENT_SECRET',
    );
  }
  const accessToken = env.ACCESS_TOKEN ?? '';
  if (accessToken !== '' && accessToken.trim().length < 8) {
    throw new ConfigError('ACCESS_TOKEN must be at least 8 characters when set (leave it empty to turn access control off)');
  }
  const retryBaseMs = parsePositiveInt('AKOOL_RETRY_BASE_MS', env.AKOOL_RETRY_BASE_MS, 1000);
  const retryMaxMs = parsePositiveInt('AKOOL_RETRY_MAX_MS', env.AKOOL_RETRY_MAX_MS, 30_000);
  if (retryMaxMs < retryBaseMs) {
    throw new ConfigError(`AKOOL_RETRY_MAX_MS (${retryMaxMs}) must not be below AKOOL_RETRY_BASE_MS (${retryBaseMs})`);
  }
  const pollInitialMs = parsePositiveInt('AKOOL_POLL_INITIAL_MS', env.AKOOL_POLL_INITIAL_MS, 2000);
  const pollMaxMs = parsePositiveInt('AKOOL_POLL_MAX_MS', env.AKOOL_POLL_MAX_MS, 10_000);
  if (pollMaxMs < pollInitialMs) {
    throw new ConfigError(`AKOOL_POLL_MAX_MS (${pollMaxMs}) must not be below AKOOL_POLL_INITIAL_MS (${pollInitialMs})`);
  }
  const warnings: string[] = [];
  const engines = parseEngines(env, warnings);
  return {
    host: env.HOST || '127.0.0.1',
    port: parsePort(env.PORT || '8787'),
    dataDir: resolve(env.DATA_DIR || './data'),
    appDir: resolve(env.APP_DIR || './dist'),
    provider,
    akool: {
      baseUrl: parseBaseUrl('AKOOL_BASE_URL', env.AKOOL_BASE_URL || 'https://openapi.akool.com'),
      credentials,
      pollInitialMs,
      pollMaxMs,
      retryBaseMs,
      retryMaxMs,
      requestTimeoutMs: parseDuration('AKOOL_REQUEST_TIMEOUT', env.AKOOL_REQUEST_TIMEOUT || '30s'),
    },
    publicBaseUrl: env.PUBLIC_BASE_URL ? parseBaseUrl('PUBLIC_BASE_URL', env.PUBLIC_BASE_URL) : null,
    accessToken: accessToken.trim() || null,
    jobTimeoutMs: parseDuration('JOB_TIMEOUT', env.JOB_TIMEOUT || '10m'),
    fetchAllowHosts: (env.FETCH_ALLOW_HOSTS ?? '')
      .split(',')
      .map((host) => host.trim().toLowerCase().replace(/^\[|\]$/g, ''))
      .filter(Boolean),
    renderConcurrency: parsePositiveInt('RENDER_CONCURRENCY', env.RENDER_CONCURRENCY, availableParallelism()),
    queueClaimMs: env.QUEUE_CLAIM_MS ? parsePositiveInt('QUEUE_CLAIM_MS', env.QUEUE_CLAIM_MS, 30_000) : null,
    pngEncoder: parsePngEncoder(env.PNG_ENCODER?.trim() || 'scanline'),
    batchMaxItems: parsePositiveInt('BATCH_MAX_ITEMS', env.BATCH_MAX_ITEMS, 500),
    // Local: one rendering per core plus two being prepared (decoded, placed) meanwhile. Akool: what its
    // rate limits take well; each item waits there most of its time.
    batchInFlight: parsePositiveInt(
      'BATCH_IN_FLIGHT',
      env.BATCH_IN_FLIGHT,
      provider === 'akool' ? 4 : parsePositiveInt('RENDER_CONCURRENCY', env.RENDER_CONCURRENCY, availableParallelism()) + 2,
    ),
    rateLimits: {
      jobsPerMinute: parsePositiveInt('RATE_LIMIT_JOBS', env.RATE_LIMIT_JOBS, 30),
      uploadsPerMinute: parsePositiveInt('RATE_LIMIT_UPLOADS', env.RATE_LIMIT_UPLOADS, 60),
      failedAuthPerMinute: parsePositiveInt('RATE_LIMIT_FAILED_AUTH', env.RATE_LIMIT_FAILED_AUTH, 20),
    },
    webhookMaxAgeMs: parseDuration('WEBHOOK_MAX_AGE', env.WEBHOOK_MAX_AGE || '10m'),
    fetchTimeoutMs: parseDuration('FETCH_TIMEOUT', env.FETCH_TIMEOUT || '15s'),
    trashGraceMs: parseDuration('TRASH_GRACE', env.TRASH_GRACE || '10m'),
    sourceUrl: env.SOURCE_URL ? parseSourceUrl(env.SOURCE_URL) : null,
    backgroundRemoval: {
      preload: parseSwitch('BACKGROUND_REMOVAL_PRELOAD', env.BACKGROUND_REMOVAL_PRELOAD, true),
      queueLimit: parsePositiveInt('BACKGROUND_REMOVAL_QUEUE', env.BACKGROUND_REMOVAL_QUEUE, 4),
    },
    engines,
    warnings,
  };
}

/** The config of tests and tools: defaults, with the given fields replaced. */
export function testConfig(
  overrides: Omit<Partial<ServerConfig>, 'akool' | 'rateLimits'> & { akool?: Partial<AkoolSettings>; rateLimits?: Partial<RateLimits> } = {},
): ServerConfig {
  // Test servers never load the ~2 GB model unless a test asks for it.
  const base = { ...loadConfig({}), backgroundRemoval: { preload: false, queueLimit: 4 } };
  return { ...base, ...overrides, akool: { ...base.akool, ...overrides.akool }, rateLimits: { ...base.rateLimits, ...overrides.rateLimits } };
}
