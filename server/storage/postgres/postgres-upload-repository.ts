import type pg from 'pg';
import type { ImageFormat, UploadRecord } from '../../domain/upload.ts';
import type { UploadRepository } from '../upload-repository.ts';

interface UploadRow {
  id: string;
  format: ImageFormat;
  width: number;
  height: number;
  bytes: number;
  name: string | null;
  created_at: number;
}

/** Uploads' metadata in PostgreSQL. */
export class PostgresUploadRepository implements UploadRepository {
  constructor(private readonly pool: pg.Pool) {}

  async insert(upload: UploadRecord): Promise<void> {
    await this.pool.query('INSERT INTO uploads (id, format, width, height, bytes, name, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
      upload.id,
      upload.format,
      upload.width,
      upload.height,
      upload.bytes,
      upload.name,
      upload.createdAt,
    ]);
  }

  async get(id: string): Promise<UploadRecord | null> {
    const row = (await this.pool.query<UploadRow>('SELECT * FROM uploads WHERE id = $1', [id])).rows[0];
    return row
      ? { id: row.id, format: row.format, width: row.width, height: row.height, bytes: row.bytes, name: row.name, createdAt: row.created_at }
      : null;
  }
}
