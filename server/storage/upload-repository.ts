import type { UploadRecord } from '../domain/upload.ts';

/**
 * What is known about each uploaded image (and prepared cut-out); the bytes are a blob (BlobStore, uploadKey).
 *
 * Implementations: SQLite (server/storage/sqlite/sqlite-upload-repository.ts), PostgreSQL
 * (server/storage/postgres/postgres-upload-repository.ts). Another must pass
 * server/storage/contracts/upload-repository.contract.ts.
 */
export interface UploadRepository {
  /** Stores a new upload; an id already stored is an error (ids are random, so that is a bug). */
  insert(upload: UploadRecord): Promise<void>;
  get(id: string): Promise<UploadRecord | null>;
}
