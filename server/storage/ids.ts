import { randomBytes } from 'node:crypto';

/** 24 hex characters like Akool's (MongoDB ObjectId) `_id`: seconds since 1970, then 8 random bytes.
 * Akool clients may check the shape of `_id`, so our job ids have the same one. */
export function newJobId(now = Date.now()): string {
  const time = Buffer.alloc(4);
  time.writeUInt32BE(Math.floor(now / 1000) >>> 0);
  return time.toString('hex') + randomBytes(8).toString('hex');
}

/** 24 random hex characters: an upload's URL is its only key, so it must not be guessable. */
export function newUploadId(): string {
  return randomBytes(12).toString('hex');
}

export const ID_PATTERN = /^[0-9a-f]{24}$/;

export function isId(text: string): boolean {
  return ID_PATTERN.test(text);
}
