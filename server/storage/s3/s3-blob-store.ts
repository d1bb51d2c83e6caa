import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { BlobNotFound, BlobStoreUnavailable, checkBlobKey, type BlobReader, type BlobStore, type BrowserUrlOptions } from '../blob-store.ts';

export interface S3BlobStoreOptions {
  bucket: string;
  region: string;
  /** An S3-compatible server (MinIO, Ceph, Swift's s3api...); absent for AWS itself. */
  endpoint?: string;
  /** Absent: the SDK's usual chain (environment, profile, instance role). */
  accessKeyId?: string;
  secretAccessKey?: string;
  /** `endpoint/bucket/key` instead of `bucket.endpoint/key`: what most S3-compatible servers need. */
  forcePathStyle?: boolean;
  /** Keys are stored as `<prefix>/<key>`, so several apps (or tests) can share a bucket. */
  prefix?: string;
  /**
   * A streamed put goes up in parts of this size (at least 5 MiB, S3's smallest part but the last), one part
   * in memory at a time; a stream shorter than one part is a single PutObject. Default 8 MiB.
   */
  partBytes?: number;
  /**
   * When set, `browserUrl` answers presigned URLs valid this long, and the result download redirects browsers
   * to the bucket instead of streaming through the server. The endpoint must then be reachable by browsers,
   * and the page's CSP must allow its origin for images. Absent: results are streamed through the server.
   */
  browserUrlSeconds?: number;
}

const MIN_PART_BYTES = 5 * 1024 * 1024;
const CONNECT_TIMEOUT_MS = 10_000;
const IDLE_TIMEOUT_MS = 60_000;
const VERIFY_TIMEOUT_MS = 15_000;

/** How S3 says an object is not there: GetObject's NoSuchKey, HeadObject's bare 404 (it has no body). */
function isMissingObject(error: unknown): boolean {
  return error instanceof S3ServiceException && (error.name === 'NoSuchKey' || (error.name === 'NotFound' && error.$metadata.httpStatusCode === 404));
}

/** Bytes hashed between two turns of the event loop: ~1.5 ms here (an 8-MiB part at once stalled it ~14 ms). */
const MD5_SLICE_BYTES = 1 << 20;

/** The Content-MD5 of `bytes`, hashed a slice at a time so that other requests are served in between. */
async function md5(bytes: Buffer): Promise<string> {
  const hash = createHash('md5');
  for (let at = 0; at < bytes.length; at += MD5_SLICE_BYTES) {
    if (at > 0) await new Promise((resolve) => setImmediate(resolve));
    hash.update(bytes.subarray(at, at + MD5_SLICE_BYTES));
  }
  return hash.digest('base64');
}

/**
 * Blobs as objects in an S3 bucket (AWS or an S3-compatible server), under the keys of blob-keys.ts.
 *
 * Checksums are sent only when an operation requires them ('WHEN_REQUIRED'): the SDK's default streams
 * uploads as aws-chunked with a trailing CRC, which several S3-compatible servers refuse or store wrongly. Every
 * upload carries a Content-MD5 instead, which S3 servers check (Swift's s3api answers BadDigest), so a body
 * damaged on the way is refused rather than stored.
 * A streamed put is a multipart upload that is completed only once the stream has ended; a stream that fails
 * aborts it, so nothing is stored and the previous object stays (S3's object writes are atomic).
 */
export class S3BlobStore implements BlobStore {
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;
  private readonly partBytes: number;

  constructor(private readonly options: S3BlobStoreOptions) {
    const { endpoint, region, accessKeyId, secretAccessKey, forcePathStyle } = options;
    if (options.prefix && !/^[A-Za-z0-9][A-Za-z0-9._-]*(?:\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/.test(options.prefix)) {
      throw new Error(`the S3 key prefix must be plain names separated by "/" (letters, digits, ".", "_", "-"), got ${JSON.stringify(options.prefix)}`);
    }
    this.bucket = options.bucket;
    this.prefix = options.prefix ? `${options.prefix}/` : '';
    this.partBytes = options.partBytes ?? 8 * 1024 * 1024;
    if (this.partBytes < MIN_PART_BYTES) throw new Error(`partBytes must be at least ${MIN_PART_BYTES} (S3's smallest part), got ${this.partBytes}`);
    this.client = new S3Client({
      region,
      endpoint,
      forcePathStyle,
      credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      // The SDK waits for ever by default: an endpoint that takes the connection and never answers would hold
      // start-up (verify) or a job's step. The request timeout is the socket's idle time, not the transfer's.
      requestHandler: { connectionTimeout: CONNECT_TIMEOUT_MS, requestTimeout: IDLE_TIMEOUT_MS },
    });
  }

  /** Checks that the bucket exists and these credentials reach it: for a clear error at start, not at the first upload. */
  async verify(): Promise<void> {
    try {
      // Bounded as a whole (the SDK retries): start-up must say what is wrong, not wait.
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }), { abortSignal: AbortSignal.timeout(VERIFY_TIMEOUT_MS) });
    } catch (error) {
      const status = (error as S3ServiceException).$metadata?.httpStatusCode;
      const reason = status === 404 ? 'no such bucket' : status === 403 ? 'access denied (check the access key and secret)' : (error as Error).message;
      throw new Error(`S3 bucket ${JSON.stringify(this.bucket)} at ${this.options.endpoint ?? 'AWS'} cannot be used: ${reason}`, { cause: error });
    }
  }

  /** Closes the client's idle connections. */
  close(): void {
    this.client.destroy();
  }

  private objectKey(key: string): string {
    return this.prefix + checkBlobKey(key);
  }

  /** A failure of the store (an answer of S3, a refused connection) named with the operation and object. */
  private failed(operation: string, Key: string, error: unknown): Error {
    const { name, message } = error as Error;
    return new BlobStoreUnavailable(`S3 ${operation} of ${this.bucket}/${Key} failed: ${name}: ${message}`, { cause: error });
  }

  async put(key: string, data: Buffer | Readable): Promise<void> {
    const Key = this.objectKey(key);
    try {
      if (Buffer.isBuffer(data)) await this.putWhole(Key, data);
      else await this.putStream(Key, data);
    } catch (error) {
      // The stream's own failure (a client gone, a size limit) passes unchanged: callers tell them apart.
      if (!Buffer.isBuffer(data) && data.errored === error) throw error;
      throw this.failed('put', Key, error);
    }
  }

  private async putWhole(Key: string, bytes: Buffer): Promise<void> {
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key, Body: bytes, ContentLength: bytes.length, ContentMD5: await md5(bytes) }));
  }

  /** Fills one part-sized buffer at a time from the stream: memory stays at one part, whatever the size. */
  private async putStream(Key: string, stream: Readable): Promise<void> {
    const part = Buffer.allocUnsafe(this.partBytes);
    let filled = 0;
    let uploadId: string | undefined;
    const parts: { PartNumber: number; ETag: string }[] = [];
    // The buffer is reused once the part's request has answered: the SDK holds it no longer.
    const sendPart = async (bytes: Buffer) => {
      uploadId ??= (await this.client.send(new CreateMultipartUploadCommand({ Bucket: this.bucket, Key }))).UploadId!;
      const PartNumber = parts.length + 1;
      const { ETag } = await this.client.send(
        new UploadPartCommand({ Bucket: this.bucket, Key, UploadId: uploadId, PartNumber, Body: bytes, ContentLength: bytes.length, ContentMD5: await md5(bytes) }),
      );
      parts.push({ PartNumber, ETag: ETag! });
    };
    try {
      for await (const chunk of stream) {
        const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as Uint8Array | string);
        for (let at = 0; at < bytes.length; ) {
          const copied = bytes.copy(part, filled, at);
          filled += copied;
          at += copied;
          if (filled === part.length) {
            await sendPart(part);
            filled = 0;
          }
        }
      }
      if (uploadId === undefined) {
        await this.putWhole(Key, part.subarray(0, filled));
        return;
      }
      if (filled > 0) await sendPart(part.subarray(0, filled));
      await this.client.send(new CompleteMultipartUploadCommand({ Bucket: this.bucket, Key, UploadId: uploadId, MultipartUpload: { Parts: parts } }));
    } catch (error) {
      // Stores nothing: the parts sent are dropped, and the key keeps its previous object (or none).
      if (uploadId !== undefined) {
        await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key, UploadId: uploadId })).catch(() => undefined);
      }
      throw error;
    }
  }

  async get(key: string): Promise<Buffer> {
    const { stream } = await this.open(key);
    const parts: Buffer[] = [];
    for await (const part of stream) parts.push(part as Buffer);
    return Buffer.concat(parts);
  }

  /** One GetObject: its length and its body, one version of the object even when a put replaces it meanwhile. */
  async open(key: string): Promise<BlobReader> {
    const Key = this.objectKey(key);
    try {
      const answer = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key }));
      return { size: answer.ContentLength ?? 0, stream: answer.Body as Readable };
    } catch (error) {
      if (isMissingObject(error)) throw new BlobNotFound(key);
      throw this.failed('get', Key, error);
    }
  }

  async stat(key: string): Promise<{ size: number } | null> {
    const Key = this.objectKey(key);
    try {
      const answer = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key }));
      return { size: answer.ContentLength ?? 0 };
    } catch (error) {
      if (isMissingObject(error)) return null;
      throw this.failed('stat', Key, error);
    }
  }

  async delete(key: string): Promise<void> {
    const Key = this.objectKey(key);
    try {
      await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key }));
    } catch (error) {
      if (isMissingObject(error)) return;
      throw this.failed('delete', Key, error);
    }
  }

  /**
   * A URL anyone holding it can GET the object from for `expiresInSeconds`, signed (SigV4) for this bucket,
   * key and the response headers asked: a changed key, header or signature is refused by the server.
   */
  async presignedUrl(key: string, options: BrowserUrlOptions & { expiresInSeconds: number }): Promise<string> {
    const command = new GetObjectCommand({
      Bucket: this.bucket,
      Key: this.objectKey(key),
      ResponseContentDisposition: options.contentDisposition,
      ResponseContentType: options.contentType,
      ResponseCacheControl: options.cacheControl,
    });
    return getSignedUrl(this.client, command, { expiresIn: options.expiresInSeconds });
  }

  /** A presigned URL when the store was made with `browserUrlSeconds`, else null (the caller streams). */
  async browserUrl(key: string, options: BrowserUrlOptions): Promise<string | null> {
    const seconds = this.options.browserUrlSeconds;
    return seconds === undefined ? null : this.presignedUrl(key, { ...options, expiresInSeconds: seconds });
  }
}
