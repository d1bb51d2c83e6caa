import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseDuration, shownEngines } from './config.ts';

function errorOf(env: NodeJS.ProcessEnv): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('no error');
}

describe('loadConfig', () => {
  it('works with nothing set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      host: '127.0.0.1',
      port: 8787,
      provider: 'local',
      pngEncoder: 'scanline',
      publicBaseUrl: null,
      accessToken: null,
      jobTimeoutMs: 600_000,
      fetchAllowHosts: [],
      akool: { baseUrl: 'https://openapi.akool.com', credentials: null, pollInitialMs: 2000, pollMaxMs: 10_000 },
    });
    expect(config.dataDir).toMatch(/\/data$/);
    expect(config.appDir).toMatch(/\/dist$/);
  });

  it('reads credentials, URLs and lists', () => {
    const config = loadConfig({
      PROVIDER: 'akool',
      AKOOL_CLIENT_ID: 'id',
      AKOOL_CLIENT_SECRET: 'secret',
      PUBLIC_BASE_URL: 'https://composer.example.com/',
      FETCH_ALLOW_HOSTS: ' 127.0.0.1, [::1] ,Localhost',
      JOB_TIMEOUT: '90s',
      APP_DIR: 'dist-test',
      PNG_ENCODER: 'zlib',
    });
    expect(config.pngEncoder).toBe('zlib');
    expect(config.akool.credentials).toEqual({ kind: 'client', clientId: 'id', clientSecret: 'secret' });
    expect(config.publicBaseUrl).toBe('https://composer.example.com');
    expect(config.fetchAllowHosts).toEqual(['127.0.0.1', '::1', 'localhost']);
    expect(config.jobTimeoutMs).toBe(90_000);
    expect(config.appDir).toMatch(/\/dist-test$/);
    expect(loadConfig({ PROVIDER: 'akool', AKOOL_API_KEY: 'k' }).akool.credentials).toEqual({ kind: 'apiKey', apiKey: 'k' });
  });

  it.each([
    [{ PROVIDER: 'akool' }, 'PROVIDER=akool needs Akool credentials: set AKOOL_API_KEY, or AKOOL_CLIENT_ID and AKOOL_CLIENT_SECRET'],
    [{ AKOOL_CLIENT_ID: 'id' }, 'AKOOL_CLIENT_ID and AKOOL_CLIENT_SECRET go together: AKOOL_CLIENT_SECRET is not set'],
    [{ PROVIDER: 'remote' }, 'PROVIDER must be "local" or "akool" (got "remote")'],
    [{ PNG_ENCODER: 'libpng' }, 'PNG_ENCODER must be "scanline" or "zlib" (got "libpng")'],
    [{ PORT: '80a' }, 'PORT must be a whole number from 0 to 65535 (got "80a")'],
    [{ PORT: '70000' }, 'PORT must be a whole number from 0 to 65535 (got "70000")'],
    [{ PUBLIC_BASE_URL: 'composer.example.com' }, 'PUBLIC_BASE_URL must be an absolute http(s) URL like "https://example.com" (got "composer.example.com")'],
    [{ AKOOL_BASE_URL: 'ftp://x' }, 'AKOOL_BASE_URL must be a plain http(s) URL without query, fragment or user (got "ftp://x")'],
    [{ AKOOL_BASE_URL: 'https://me:s3cret-pass@akool.example' }, 'AKOOL_BASE_URL must be a plain http(s) URL without query, fragment or user (got "https://***@akool.example")'],
    [{ PUBLIC_BASE_URL: 'https://composer.example.com/?key=s3cret' }, 'PUBLIC_BASE_URL must be a plain http(s) URL without query, fragment or user (got "https://composer.example.com/?***")'],
    [{ JOB_TIMEOUT: 'soon' }, 'JOB_TIMEOUT must be a duration like "10m", "90s" or "1500ms" (got "soon")'],
    [{ ACCESS_TOKEN: 'abc' }, 'ACCESS_TOKEN must be at least 8 characters when set (leave it empty to turn access control off)'],
    [{ AKOOL_POLL_INITIAL_MS: '5000', AKOOL_POLL_MAX_MS: '100' }, 'AKOOL_POLL_MAX_MS (100) must not be below AKOOL_POLL_INITIAL_MS (5000)'],
  ])('refuses %j with one clear line', (env, message) => {
    expect(errorOf(env)).toBe(message);
  });

  it('parses durations', () => {
    expect(parseDuration('X', '10m')).toBe(600_000);
    expect(parseDuration('X', '1500ms')).toBe(1500);
    expect(parseDuration('X', '30')).toBe(30_000);
    expect(parseDuration('X', '1h')).toBe(3_600_000);
  });
});

const POSTGRES = 'postgres://composer:pg-s3cret@db.internal:5432/composer';
const REDIS = 'rediss://:redis-s3cret@cache.internal:6380';
const S3 = { S3_BUCKET: 'composer-files', S3_REGION: 'eu-west-1', S3_ACCESS_KEY_ID: 'AKIAEXAMPLE', S3_SECRET_ACCESS_KEY: 's3-s3cret' };

describe('engines and role (issue 18)', () => {
  it('default to one process on SQLite, in-process work and files in DATA_DIR', () => {
    const config = loadConfig({});
    expect(config.engines).toEqual({ database: { kind: 'sqlite' }, queue: { kind: 'in-process' }, blobs: { kind: 'disk' }, role: 'all' });
    expect(config.warnings).toEqual([]);
  });

  it('read PostgreSQL, Redis, S3 and the role', () => {
    const config = loadConfig({ DATABASE_URL: POSTGRES, REDIS_URL: REDIS, ...S3, ROLE: 'worker' });
    expect(config.engines).toEqual({
      database: { kind: 'postgres', url: POSTGRES },
      queue: { kind: 'redis', url: REDIS },
      blobs: {
        kind: 's3',
        bucket: 'composer-files',
        endpoint: null,
        region: 'eu-west-1',
        credentials: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 's3-s3cret' },
        forcePathStyle: false,
      },
      role: 'worker',
    });
    expect(config.warnings).toEqual([]);
    expect(loadConfig({ DATABASE_URL: 'postgresql:///composer?host=/run/postgresql' }).engines.database.kind).toBe('postgres');
  });

  it('take an S3-compatible endpoint without region or keys (the SDK finds its credentials), path-style on request', () => {
    const { blobs } = loadConfig({ S3_BUCKET: 'files', S3_ENDPOINT: 'http://127.0.0.1:8080/', S3_FORCE_PATH_STYLE: 'true' }).engines;
    expect(blobs).toEqual({ kind: 's3', bucket: 'files', endpoint: 'http://127.0.0.1:8080', region: 'us-east-1', credentials: null, forcePathStyle: true });
    // S3 and PostgreSQL also serve a single process; only a shared queue needs them together.
    expect(loadConfig({ S3_BUCKET: 'files', S3_REGION: 'auto', DATABASE_URL: POSTGRES }).engines.queue.kind).toBe('in-process');
  });

  it('warn, not refuse, when processes sharing a queue keep files in DATA_DIR (works on one machine or a shared file system)', () => {
    const config = loadConfig({ DATABASE_URL: POSTGRES, REDIS_URL: REDIS, ROLE: 'api' });
    expect(config.engines.blobs.kind).toBe('disk');
    expect(config.warnings).toEqual([
      'REDIS_URL without S3_BUCKET: uploads and results stay files in DATA_DIR, so every api and worker process must see the same DATA_DIR (one machine, or a shared file system); on several machines set the S3_ variables',
    ]);
  });

  it.each([
    [{ DATABASE_URL: 'mysql://root:hunter2@db/composer' }, 'DATABASE_URL must be a postgres:// or postgresql:// URL: PostgreSQL is the only database server supported; leave it unset for SQLite in DATA_DIR (got "mysql://***@db/composer")'],
    [{ DATABASE_URL: './data/jobs.sqlite' }, 'DATABASE_URL must be a postgres:// or postgresql:// URL: PostgreSQL is the only database server supported; leave it unset for SQLite in DATA_DIR (got "./data/jobs.sqlite")'],
    [{ REDIS_URL: 'cache.internal:6379' }, 'REDIS_URL must be a redis:// or rediss:// (TLS) URL with a host, e.g. "redis://cache:6379" (got "cache.internal:6379")'],
    [{ REDIS_URL: 'http://:pw@cache.internal' }, 'REDIS_URL must be a redis:// or rediss:// (TLS) URL with a host, e.g. "redis://cache:6379" (got "http://***@cache.internal")'],
    [{ ROLE: 'web' }, 'ROLE must be "all", "api" or "worker" (got "web")'],
    [{ ROLE: 'worker' }, 'ROLE=worker needs REDIS_URL: api and worker processes hand work to each other through the Redis queue; without it run ROLE=all (the default)'],
    [{ ROLE: 'api', DATABASE_URL: POSTGRES, ...S3 }, 'ROLE=api needs REDIS_URL: api and worker processes hand work to each other through the Redis queue; without it run ROLE=all (the default)'],
    [{ REDIS_URL: REDIS }, 'REDIS_URL needs DATABASE_URL (PostgreSQL): with a shared queue, jobs are worked by other processes, which cannot reach the SQLite file in DATA_DIR'],
    [{ REDIS_URL: REDIS, ROLE: 'worker', ...S3 }, 'REDIS_URL needs DATABASE_URL (PostgreSQL): with a shared queue, jobs are worked by other processes, which cannot reach the SQLite file in DATA_DIR'],
    [{ S3_REGION: 'eu-west-1' }, 'S3_REGION is set but S3_BUCKET is not: set S3_BUCKET to keep files in S3, or unset the S3_ variables to keep them in DATA_DIR'],
    [{ S3_ACCESS_KEY_ID: 'AKIA', S3_SECRET_ACCESS_KEY: 'x' }, 'S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY are set but S3_BUCKET is not: set S3_BUCKET to keep files in S3, or unset the S3_ variables to keep them in DATA_DIR'],
    [{ S3_BUCKET: 'files' }, 'S3_BUCKET needs S3_REGION (AWS S3) or S3_ENDPOINT (another S3-compatible service) to know where the bucket is'],
    [{ S3_BUCKET: 's3://files/path', S3_REGION: 'eu-west-1' }, 'S3_BUCKET must be a bucket name (letters, digits, ".", "-", "_"; 3 to 222 characters), not a path or URL (got "s3://files/path")'],
    [{ S3_BUCKET: 'files', S3_ENDPOINT: 'minio:9000' }, 'S3_ENDPOINT must be a plain http(s) URL without query, fragment or user (got "minio:9000")'],
    [{ S3_BUCKET: 'files', S3_ENDPOINT: 'https://key:s3cret@minio.internal' }, 'S3_ENDPOINT must be a plain http(s) URL without query, fragment or user (got "https://***@minio.internal")'],
    [{ S3_BUCKET: 'files', S3_REGION: 'eu west' }, 'S3_REGION must be a region name like "eu-west-1" or "auto" (got "eu west")'],
    [{ S3_BUCKET: 'files', S3_REGION: 'eu-west-1', S3_ACCESS_KEY_ID: 'AKIA' }, 'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together: S3_SECRET_ACCESS_KEY is not set (set neither to use the SDK\'s own credentials, e.g. an instance role)'],
    [{ S3_BUCKET: 'files', S3_REGION: 'eu-west-1', S3_SECRET_ACCESS_KEY: 's3-s3cret' }, 'S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY go together: S3_ACCESS_KEY_ID is not set (set neither to use the SDK\'s own credentials, e.g. an instance role)'],
    [{ S3_BUCKET: 'files', S3_REGION: 'eu-west-1', S3_FORCE_PATH_STYLE: 'sometimes' }, 'S3_FORCE_PATH_STYLE must be true or false, not "sometimes"'],
  ])('refuses %j with one line naming the variable', (env, message) => {
    expect(errorOf(env)).toBe(message);
  });

  it('never show a password, key or query: not in errors, not in the summary logged at start', () => {
    const secrets = ['pg-s3cret', 'redis-s3cret', 's3-s3cret', 'hunter2', 'qs-s3cret'];
    const errors = [
      errorOf({ DATABASE_URL: 'mysql://root:hunter2@db/composer' }),
      errorOf({ REDIS_URL: 'http://:redis-s3cret@cache' }),
      errorOf({ DATABASE_URL: 'postgres://db/composer?password=qs-s3cret', REDIS_URL: REDIS, ROLE: 'bad' }),
      errorOf({ S3_BUCKET: 'files', S3_ENDPOINT: 'https://minio?secret=qs-s3cret' }),
    ];
    const config = loadConfig({ DATABASE_URL: POSTGRES, REDIS_URL: REDIS, ...S3 });
    const shown = shownEngines(config.engines);
    expect(shown).toEqual({
      role: 'all',
      database: 'postgres postgres://***@db.internal:5432/composer',
      queue: 'redis rediss://***@cache.internal:6380',
      blobs: 's3 bucket composer-files at AWS eu-west-1 as AKIAEXAMPLE',
    });
    expect(shownEngines(loadConfig({ DATABASE_URL: 'postgres://db/composer?password=qs-s3cret' }).engines).database).toBe('postgres postgres://db/composer?***');
    const everything = JSON.stringify([errors, shown, config.warnings]);
    for (const secret of secrets) expect(everything).not.toContain(secret);
  });
});
