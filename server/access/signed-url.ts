import { createHmac, timingSafeEqual } from 'node:crypto';

/** How long a signed URL handed to Akool stays valid: long enough for Akool's queue, short enough to be moot. */
export const SIGNED_URL_TTL_MS = 24 * 60 * 60 * 1000;

/** The paths a signature may open: our uploads and job results, which Akool fetches as layer images. */
const SIGNABLE = /^\/api\/(uploads\/[0-9a-f]{24}|jobs\/[0-9a-f]{24}\/result)$/;

export interface UrlSigner {
  key: Buffer;
}

/** The signing key, derived from ACCESS_TOKEN (so that changing the token revokes every signed URL). */
export function urlSigner(accessToken: string): UrlSigner {
  return { key: createHmac('sha256', accessToken).update('composer-url-signing-v1').digest() };
}

function mac(signer: UrlSigner, path: string, expires: number): string {
  return createHmac('sha256', signer.key).update(`${path}|${expires}`).digest('base64url');
}

/** `path` with `?sig=<expiry>.<hmac>` appended: GET/HEAD of exactly this path, until the expiry, without the token. */
export function signPath(signer: UrlSigner, path: string, now = Date.now()): string {
  if (!SIGNABLE.test(path)) throw new Error(`not a signable path: ${path}`);
  const expires = Math.floor((now + SIGNED_URL_TTL_MS) / 1000);
  return `${path}?sig=${expires}.${mac(signer, path, expires)}`;
}

/** Whether a request URL (path and query) carries a valid, unexpired signature for its own path. */
export function isSignedPath(requestUrl: string, signer: UrlSigner, now = Date.now()): boolean {
  const [path, query = ''] = requestUrl.split('?', 2) as [string, string?];
  if (!SIGNABLE.test(path)) return false;
  const sig = new URLSearchParams(query).get('sig');
  const match = sig ? /^(\d{1,12})\.([A-Za-z0-9_-]{43})$/.exec(sig) : null;
  if (!match) return false;
  const expires = Number(match[1]);
  if (expires * 1000 <= now) return false;
  const expected = Buffer.from(mac(signer, path, expires));
  const given = Buffer.from(match[2]!);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
