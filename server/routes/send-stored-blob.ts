import type { FastifyReply } from 'fastify';
import type { BlobStore, BrowserUrlOptions } from '../storage/blob-store.ts';

/** The headers a stored blob is answered with, whichever way its bytes reach the browser. */
export type StoredBlobHeaders = BrowserUrlOptions & { contentType: string };

/**
 * Answers a stored blob without holding it in memory: a redirect (302) to the store's own short-lived URL when
 * the store hands them out (an S3 bucket set up for it), so the bytes do not pass through this server; else
 * streamed from the store with its length. Either way the browser gets the same type, name and caching.
 */
export async function sendStoredBlob(reply: FastifyReply, blobs: BlobStore, key: string, headers: StoredBlobHeaders): Promise<FastifyReply> {
  const url = await blobs.browserUrl?.(key, headers);
  // Not cached: the URL it points to expires, the route's answer does not.
  if (url) return reply.header('cache-control', 'no-store').redirect(url, 302);
  const { size, stream } = await blobs.open(key);
  reply.header('content-type', headers.contentType).header('content-length', size);
  if (headers.contentDisposition) reply.header('content-disposition', headers.contentDisposition);
  if (headers.cacheControl) reply.header('cache-control', headers.cacheControl);
  return reply.send(stream);
}
