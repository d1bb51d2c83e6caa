/**
 * SQLite drivers compared on the job repository's own statements (server/storage/sqlite/sqlite-job-repository.ts) and schema
 * (server/storage/sqlite/database.ts), WAL and synchronous=NORMAL, each on a database of its own in a temporary dir:
 * Node's built-in `node:sqlite` (what the server uses) against better-sqlite3 (what it used before), in one run.
 * Each job is inserted in its own transaction, as the server does. Reads by id bypass the store's in-memory cache.
 *
 *   npx tsx bench/sqlite.ts      (BENCH_JOBS=n, default 5000; BENCH_ROUNDS=n, default 3)
 *
 * better-sqlite3 is no dependency any more: to compare, `npm install --no-save better-sqlite3` first (it
 * compiles from source against the running Node's headers). Without it only node:sqlite is measured.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { MIGRATIONS } from '../server/storage/sqlite/database.ts';
import { newJobId } from '../server/storage/ids.ts';
import { EXAMPLE3, machine, table } from './lib.ts';

const JOBS = Number(process.env.BENCH_JOBS ?? 5000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const LIST_LIMIT = 200;

const INSERT = `INSERT INTO jobs (id, status, provider, request, sources, created_at, updated_at, error, result, remote_id)
  VALUES (@id, @status, @provider, @request, @sources, @createdAt, @updatedAt, @error, @result, @remoteId)`;
const GET = 'SELECT * FROM jobs WHERE id = ?';
const LIST = 'SELECT * FROM jobs ORDER BY created_at DESC, rowid DESC LIMIT ?';
const UPDATE = `UPDATE jobs SET updated_at = @now, status = @status, result = @result WHERE id = @id AND status IN ('queued', 'processing')`;

/** What both drivers offer, as the store uses it. */
interface Statement {
  run(params: Record<string, string | number | null>): unknown;
  get(value: string): unknown;
  all(value: number): unknown[];
}
interface Driver {
  name: string;
  open(file: string): { exec(sql: string): void; prepare(sql: string): Statement; close(): void };
}

const nodeSqlite: Driver = {
  name: 'node:sqlite',
  open: (file) => new DatabaseSync(file) as unknown as ReturnType<Driver['open']>,
};

function betterSqlite3(): Driver | null {
  try {
    const Database = createRequire(import.meta.url)('better-sqlite3') as new (file: string) => ReturnType<Driver['open']>;
    const version = (createRequire(import.meta.url)('better-sqlite3/package.json') as { version: string }).version;
    return { name: `better-sqlite3 ${version}`, open: (file) => new Database(file) };
  } catch {
    return null;
  }
}

type Figures = Record<'insert' | 'get' | 'list' | 'update', number>;

/** Microseconds per operation for each statement, on a new database. */
function measure(driver: Driver): Figures {
  const dir = mkdtempSync(join(tmpdir(), 'bench-sqlite-'));
  const db = driver.open(join(dir, 'jobs.sqlite'));
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA synchronous = NORMAL');
  for (const migration of MIGRATIONS) db.exec(migration);
  const insert = db.prepare(INSERT);
  const get = db.prepare(GET);
  const list = db.prepare(LIST);
  const update = db.prepare(UPDATE);
  const ids: string[] = [];
  const t0 = 1_700_000_000_000;
  const request = JSON.stringify(EXAMPLE3);
  const sources = JSON.stringify({ foreground: { kind: 'upload', id: 'u1' }, template: { kind: 'sample', name: 'background.jpg' } });
  const time = (count: number, body: (i: number) => void) => {
    const started = process.hrtime.bigint();
    for (let i = 0; i < count; i += 1) body(i);
    return Number(process.hrtime.bigint() - started) / 1000 / count;
  };
  const figures: Figures = {
    insert: time(JOBS, (i) => {
      const id = newJobId(t0 + i * 1000);
      ids.push(id);
      insert.run({ id, status: 'queued', provider: 'local', request, sources, createdAt: t0 + i * 1000, updatedAt: t0 + i * 1000, error: null, result: null, remoteId: null });
    }),
    get: time(JOBS * 4, (i) => {
      if (!get.get(ids[(i * 7919) % ids.length]!)) throw new Error('a stored job was not found');
    }),
    list: time(Math.max(1, JOBS / 20), () => {
      if (list.all(LIST_LIMIT).length !== Math.min(LIST_LIMIT, JOBS)) throw new Error('the list is short');
    }),
    update: time(JOBS, (i) => {
      update.run({ id: ids[i]!, now: t0 + i * 1000 + 800, status: 'completed', result: '{"width":3840,"height":3840,"bytes":19000000}' });
    }),
  };
  db.close();
  rmSync(dir, { recursive: true, force: true });
  return figures;
}

const drivers = [nodeSqlite, betterSqlite3()].filter((driver): driver is Driver => driver !== null);
console.log(`bench/sqlite: ${JOBS} jobs, WAL, synchronous=NORMAL, best of ${ROUNDS} rounds (drivers alternate); ${machine()}`);
if (drivers.length === 1) console.log('better-sqlite3 is not installed: only node:sqlite is measured (see the comment at the top)');
const best = new Map<string, Figures>();
for (let round = 0; round < ROUNDS; round += 1) {
  for (const driver of drivers) {
    const figures = measure(driver);
    const kept = best.get(driver.name);
    best.set(driver.name, kept ? { insert: Math.min(kept.insert, figures.insert), get: Math.min(kept.get, figures.get), list: Math.min(kept.list, figures.list), update: Math.min(kept.update, figures.update) } : figures);
  }
}
const us = (value: number) => `${value.toFixed(1)} us`;
table([
  ['driver', 'insert (own txn)', 'get by id', `list newest ${LIST_LIMIT}`, 'update'],
  ...[...best].map(([name, f]) => [name, us(f.insert), us(f.get), us(f.list), us(f.update)]),
]);
