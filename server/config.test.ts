import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseDuration } from './config.ts';

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
