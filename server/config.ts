import { resolve } from 'node:path';

export interface ServerConfig {
  host: string;
  port: number;
  dataDir: string;
  /** The built web app this server serves (dist, or dist-test for the e2e suite). */
  appDir: string;
}

/** A setting that cannot work; start-up prints its message as one line and stops. */
export class ConfigError extends Error {}

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new ConfigError(`PORT must be a whole number from 0 to 65535 (got ${JSON.stringify(text)})`);
  }
  return port;
}

/** Reads the configuration from the environment, with defaults that work on a fresh machine. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  return {
    host: env.HOST || '127.0.0.1',
    port: parsePort(env.PORT || '8787'),
    dataDir: resolve(env.DATA_DIR || './data'),
    appDir: resolve(env.APP_DIR || './dist'),
  };
}
