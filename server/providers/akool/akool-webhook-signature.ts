import { createHash, timingSafeEqual } from 'node:crypto';

/** Akool's webhook signature: lowercase hex SHA-1 (plain, not HMAC) of clientId, timestamp, nonce and
 * dataEncrypt, sorted lexicographically and joined without a separator. */
export function akoolSignature(clientId: string, timestamp: string | number, nonce: string, dataEncrypt: string): string {
  const parts = [clientId, String(timestamp), nonce, dataEncrypt].sort();
  return createHash('sha1').update(parts.join('')).digest('hex');
}

export function isValidAkoolSignature(
  signature: string,
  clientId: string,
  timestamp: string | number,
  nonce: string,
  dataEncrypt: string,
): boolean {
  const expected = Buffer.from(akoolSignature(clientId, timestamp, nonce, dataEncrypt));
  const given = Buffer.from(signature.toLowerCase());
  return given.length === expected.length && timingSafeEqual(given, expected);
}
