import type { StatementSync } from 'node:sqlite';
import type { ImageFormat, UploadRecord } from '../../domain/upload.ts';
import type { UploadRepository } from '../upload-repository.ts';
import type { Db } from './database.ts';

/** Uploads' metadata in SQLite. */
export class SqliteUploadRepository implements UploadRepository {
  // Prepared once: preparing costs several times what running the statement does.
  private readonly insertStatement: StatementSync;
  private readonly selectById: StatementSync;

  constructor(db: Db) {
    this.insertStatement = db.prepare(
      'INSERT INTO uploads (id, format, width, height, bytes, name, created_at) VALUES (@id, @format, @width, @height, @bytes, @name, @createdAt)',
    );
    this.selectById = db.prepare('SELECT * FROM uploads WHERE id = ?');
  }

  async insert(upload: UploadRecord): Promise<void> {
    this.insertStatement.run({ ...upload });
  }

  async get(id: string): Promise<UploadRecord | null> {
    const row = this.selectById.get(id) as
      | { id: string; format: ImageFormat; width: number; height: number; bytes: number; name: string | null; created_at: number }
      | undefined;
    return row
      ? { id: row.id, format: row.format, width: row.width, height: row.height, bytes: row.bytes, name: row.name, createdAt: row.created_at }
      : null;
  }
}
