import type { Readable } from 'node:stream';

/** A stored blob opened for reading: its size, known before the first byte, and its bytes as a stream. */
export interface BlobReader {
  size: number;
  /** Must be read to the end or destroyed: it holds a file (or a connection) open until then. */
  stream: Readable;
}

/** The blob asked for is not stored (never was, or deleted). Other failures are errors of the store. */
export class BlobNotFound extends Error {
  constructor(readonly key: string) {
    super(`no stored blob ${key}`);
    this.name = 'BlobNotFound';
  }
}

/**
 * The store could not be reached or answered with an error (S3 down, a connection reset): nothing says the
 * blob is missing, and the same call may pass a moment later, so work that meets it is retried, not failed.
 */
export class BlobStoreUnavailable extends Error {}

export function isBlobNotFound(error: unknown): error is BlobNotFound {
  return error instanceof BlobNotFound;
}

/** The headers a blob fetched by a browser straight from the store is answered with (the store signs them in). */
export interface BrowserUrlOptions {
  contentType?: string;
  /** e.g. `attachment; filename="x.png"`: a download under that name. */
  contentDisposition?: string;
  cacheControl?: string;
}

/**
 * Bytes stored under a key (`uploads/<id>`, `results/<job>.png`...: see blob-keys.ts): uploads, cut-outs,
 * results, their previews and thumbnails. Nothing outside an implementation sees where or how they are kept,
 * so routes and services work unchanged whether the bytes are files or objects in a bucket.
 *
 * Implementations: on disk under DATA_DIR (server/storage/disk/disk-blob-store.ts), objects in an S3 bucket
 * (server/storage/s3/s3-blob-store.ts). Each passes server/storage/contracts/blob-store.contract.ts.
 */
export interface BlobStore {
  /**
   * Stores `data` under `key`, replacing what was there. A reader sees the whole old blob or the whole new
   * one, never part of it, and a crash leaves no half-written blob under the key.
   */
  put(key: string, data: Buffer | Readable): Promise<void>;
  /** The whole blob in memory: for what decodes it (sharp) or must have every byte first. BlobNotFound when absent. */
  get(key: string): Promise<Buffer>;
  /**
   * The blob as a stream, to send to a client or into a ZIP without holding it whole; `chunkBytes` is a hint
   * of the read size. BlobNotFound when absent. Size and bytes are of one version of the blob, even when it
   * is replaced while being read.
   */
  open(key: string, options?: { chunkBytes?: number }): Promise<BlobReader>;
  /** The blob's size, or null when it is not stored. */
  stat(key: string): Promise<{ size: number } | null>;
  /** Deletes the blob; a key that is not stored is not an error. */
  delete(key: string): Promise<void>;
  /**
   * Optional: a short-lived URL from which a browser fetches the blob itself (an object store's presigned URL),
   * so its bytes do not pass through the server; null when the store is not set up to hand them out. A route
   * serving a blob redirects there when it gets one, and streams with `open` otherwise (the disk store).
   */
  browserUrl?(key: string, options: BrowserUrlOptions): Promise<string | null>;
}

/** Keys are paths of plain names (letters, digits, `.`, `_`, `-`; no `..`, no empty part), at most 200 characters. */
const KEY = /^[A-Za-z0-9][A-Za-z0-9._-]*(?:\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/;

/** Throws unless `key` is a well-formed blob key: a caller's bug, not a user's error. */
export function checkBlobKey(key: string): string {
  if (key.length > 200 || !KEY.test(key) || key.endsWith('.tmp')) throw new Error(`not a blob key: ${JSON.stringify(key).slice(0, 220)}`);
  return key;
}
