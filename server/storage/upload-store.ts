import type { StatementSync } from 'node:sqlite';
import type { Db } from './database.ts';

export type ImageFormat = 'png' | 'jpeg' | 'webp' | 'avif';

export interface UploadRecord {
  id: string;
  format: ImageFormat;
  width: number;
  height: number;
  bytes: number;
  /** The file name the client sent, made safe to show (see uploadName); null when it sent none. */
  name: string | null;
  createdAt: number;
}

/** What is known about each uploaded image; the bytes themselves are files (see FileStore). */
export class UploadStore {
  // Prepared once: preparing costs several times what running the statement does.
  private readonly insertStatement: StatementSync;
  private readonly selectById: StatementSync;

  constructor(db: Db) {
    this.insertStatement = db.prepare(
      'INSERT INTO uploads (id, format, width, height, bytes, name, created_at) VALUES (@id, @format, @width, @height, @bytes, @name, @createdAt)',
    );
    this.selectById = db.prepare('SELECT * FROM uploads WHERE id = ?');
  }

  insert(upload: UploadRecord): void {
    this.insertStatement.run({ ...upload });
  }

  get(id: string): UploadRecord | null {
    const row = this.selectById.get(id) as
      | { id: string; format: ImageFormat; width: number; height: number; bytes: number; name: string | null; created_at: number }
      | undefined;
    return row
      ? { id: row.id, format: row.format, width: row.width, height: row.height, bytes: row.bytes, name: row.name, createdAt: row.created_at }
      : null;
  }
}
