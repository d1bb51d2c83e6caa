import type { StatementSync } from 'node:sqlite';
import type { Db } from './database.ts';

/**
 * The database's statements, each prepared on first use and kept: preparing costs more than running a lookup
 * by id (bench/sqlite.ts), and the stores run the same few SQL texts again and again.
 */
export function statementCache(db: Db): (sql: string) => StatementSync {
  const prepared = new Map<string, StatementSync>();
  return (sql) => {
    let statement = prepared.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      prepared.set(sql, statement);
    }
    return statement;
  };
}
