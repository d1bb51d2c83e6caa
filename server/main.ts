import { existsSync } from 'node:fs';
import { buildApp } from './app.ts';
import { ConfigError, loadConfig, shownEngines } from './config.ts';

/** Stops start-up with one line on stderr: the operator sees what to fix, not a stack trace. */
function fatal(message: string): never {
  console.error(message);
  process.exit(1);
}

async function main(): Promise<void> {
  // Settings in the environment win over the file (process.loadEnvFile does not overwrite).
  if (existsSync('.env')) process.loadEnvFile('.env');
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) fatal(`configuration error: ${error.message}`);
    throw error;
  }
  let app;
  try {
    app = await buildApp(config);
    for (const warning of config.warnings) app.log.warn(warning);
    app.log.info({ engines: shownEngines(config.engines) }, `starting as ROLE=${config.engines.role}`);
    if (config.engines.role === 'worker') {
      // No HTTP: ready() runs the start-up hooks (resuming work, the trash sweep) and the workers take work.
      await app.ready();
      app.log.info('worker: not listening for HTTP; taking work from the queue');
    } else {
      await app.listen({ host: config.host, port: config.port });
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') fatal(`cannot start: port ${config.port} on ${config.host} is in use (set PORT)`);
    if (code === 'EACCES') fatal(`cannot start: no permission for ${config.host}:${config.port} or DATA_DIR ${config.dataDir}`);
    fatal(`cannot start: ${(error as Error).message}`);
  }
  const shutdown = async (): Promise<void> => {
    await app.close();
    process.exit(0);
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

await main();
