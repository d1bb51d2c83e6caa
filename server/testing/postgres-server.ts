// A throwaway PostgreSQL 15 server for tests: its own cluster in a temporary folder, on a free loopback port.
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { describeWithEngine } from './describe-with-engine.ts';

export const POSTGRES_BIN = process.env.POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin';

export interface PostgresServer {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  url: string;
  port: number;
  /** Makes a new, empty database and answers its URL (a suite's own, for isolation). */
  createDatabase(name?: string): Promise<string>;
  /** Stops the server at once and removes its folder. */
  stop(): Promise<void>;
}

/** Why PostgreSQL cannot be started here, or null when its binaries are installed. */
export function postgresMissing(): string | null {
  return existsSync(join(POSTGRES_BIN, 'initdb')) && existsSync(join(POSTGRES_BIN, 'pg_ctl'))
    ? null
    : `PostgreSQL 15 is not installed (no initdb in ${POSTGRES_BIN}; Debian: apt-get install postgresql-15)`;
}

/** A describe block that needs PostgreSQL: skipped saying why where it is missing, failed so under CI. */
export function describeWithPostgres(name: string, body: () => void): void {
  describeWithEngine('PostgreSQL 15', postgresMissing(), name, body);
}

/** PostgreSQL refuses to run as root: as root, every command runs as the `postgres` user. */
function asServerUser(command: string, args: string[]): [string, string[]] {
  return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

function run(command: string, args: string[]): void {
  const [file, argv] = asServerUser(join(POSTGRES_BIN, command), args);
  execFileSync(file, argv, { stdio: 'pipe' });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

function tail(file: string, lines = 30): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

function errorText(error: unknown): string {
  const failed = error as { stderr?: Buffer; message?: string };
  return failed.stderr?.toString().trim() || failed.message || String(error);
}

/**
 * Starts PostgreSQL: initdb in a fresh temporary folder (owned by `postgres` when we are root), fsync off (a test's
 * data need not survive a power cut), listening on 127.0.0.1 on a free port and on a socket in that folder, trust
 * authentication. Waits until it answers. Stop it in afterAll, also when the tests fail.
 */
export async function startPostgresServer(): Promise<PostgresServer> {
  const missing = postgresMissing();
  if (missing) throw new Error(missing);
  // As root the folder goes to /tmp, which the `postgres` user can reach whatever TMPDIR says.
  const dir = mkdtempSync(join(process.getuid?.() === 0 ? '/tmp' : tmpdir(), 'pg-test-'));
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  if (process.getuid?.() === 0) {
    const uid = Number(execFileSync('id', ['-u', 'postgres']).toString());
    const gid = Number(execFileSync('id', ['-g', 'postgres']).toString());
    chownSync(dir, uid, gid);
  }
  let stopped = false;
  const stopNow = () => {
    if (stopped) return;
    stopped = true;
    const [file, argv] = asServerUser(join(POSTGRES_BIN, 'pg_ctl'), ['stop', '-D', data, '-m', 'immediate', '-w']);
    if (existsSync(join(data, 'postmaster.pid'))) spawnSync(file, argv, { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  };
  // A test run that dies without afterAll must not leave a server behind.
  process.once('exit', stopNow);
  try {
    try {
      run('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C.UTF-8', '--no-sync']);
    } catch (error) {
      throw new Error(`initdb failed: ${errorText(error)}`);
    }
    let port = 0;
    // The port is free when probed but may be taken before the server binds it: try another then.
    for (let attempt = 1; ; attempt += 1) {
      port = await freePort();
      const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100`;
      try {
        run('pg_ctl', ['start', '-D', data, '-l', log, '-w', '-t', '60', '-o', options]);
        break;
      } catch (error) {
        const why = `${errorText(error)}\n--- server log ---\n${tail(log)}`;
        if (attempt < 3 && /could not bind|already in use/i.test(why)) continue;
        throw new Error(`PostgreSQL did not start on port ${port}: ${why}`);
      }
    }
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    await waitUntilAnswering(url, log);
    let databases = 0;
    return {
      url,
      port,
      createDatabase: async (name = `test_${process.pid}_${(databases += 1)}`) => {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
        } finally {
          await client.end();
        }
        return `postgres://postgres@127.0.0.1:${port}/${encodeURIComponent(name)}`;
      },
      stop: async () => {
        process.off('exit', stopNow);
        stopNow();
      },
    };
  } catch (error) {
    process.off('exit', stopNow);
    stopNow();
    throw error;
  }
}

/** pg_ctl -w has waited for the socket; this checks that a client really gets in over TCP. */
async function waitUntilAnswering(url: string, log: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.query('SELECT 1');
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => {});
      if (Date.now() > deadline) throw new Error(`PostgreSQL does not answer at ${url}: ${(error as Error).message}\n--- server log ---\n${tail(log)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
