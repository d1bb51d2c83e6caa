import { z } from 'zod';
import { isValidAkoolSignature } from './akool-webhook-signature.ts';
import { decryptAkoolPayload } from './akool-webhook-cipher.ts';

/** What Akool reports about a job: 2 processing, 3 completed (with `url`), 4 failed. */
export interface AkoolWebhookEvent {
  remoteId: string;
  status: number;
  url: string | null;
}

export class WebhookRejected extends Error {
  constructor(
    message: string,
    readonly statusCode: 400 | 401,
  ) {
    super(message);
  }
}

export interface FreshnessCheck {
  /** Callbacks whose timestamp is further than this from `now` (either way) are refused as replays. */
  maxAgeMs: number;
  now?: number;
}

/** The body of Akool's callback (docs/AKOOL.md): the payload encrypted, and what its signature covers. */
export const akoolWebhookBody = z.object({
  signature: z.string().meta({ description: 'SHA-1 over clientId, timestamp, nonce and dataEncrypt, sorted' }),
  dataEncrypt: z.string().meta({ description: 'The payload, AES-CBC with the client secret, base64' }),
  timestamp: z.union([z.number(), z.string()]).meta({ description: 'When it was sent, in milliseconds since 1970' }),
  nonce: z.string(),
});

/** Checks the signature of Akool's callback body and, when asked, the age of its timestamp (milliseconds
 * since 1970, as Akool sends it); then decrypts and reads it. */
export function openAkoolWebhook(body: unknown, clientId: string, clientSecret: string, freshness?: FreshnessCheck): AkoolWebhookEvent {
  const fields = akoolWebhookBody.safeParse(body);
  if (!fields.success) throw new WebhookRejected('the callback needs signature, dataEncrypt, timestamp and nonce', 400);
  const { signature, dataEncrypt, timestamp, nonce } = fields.data;
  if (!isValidAkoolSignature(signature, clientId, timestamp, nonce, dataEncrypt)) {
    throw new WebhookRejected('the signature does not match', 401);
  }
  if (freshness) {
    const sent = Number(timestamp);
    const age = (freshness.now ?? Date.now()) - sent;
    if (!Number.isFinite(sent) || Math.abs(age) > freshness.maxAgeMs) {
      const minutes = Math.round(freshness.maxAgeMs / 60_000);
      throw new WebhookRejected(
        Number.isFinite(sent)
          ? `the callback's timestamp is ${Math.round(Math.abs(age) / 1000)} s ${age >= 0 ? 'old' : 'in the future'}; at most ${minutes} min are accepted (a replay?)`
          : 'the callback\'s timestamp is not a number of milliseconds',
        401,
      );
    }
  }
  let payload: Record<string, unknown>;
  try {
    payload = JSON.parse(decryptAkoolPayload(dataEncrypt, clientId, clientSecret)) as Record<string, unknown>;
  } catch {
    throw new WebhookRejected('dataEncrypt does not decrypt to JSON with this client secret', 400);
  }
  const remoteId = payload._id;
  const status = Number(payload.status);
  if (typeof remoteId !== 'string' || ![1, 2, 3, 4].includes(status)) {
    throw new WebhookRejected('the decrypted payload lacks _id or a status of 1..4', 400);
  }
  return { remoteId, status, url: typeof payload.url === 'string' ? payload.url : null };
}
