import { createCipheriv, createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openAkoolWebhook, WebhookRejected } from './akool-webhook.ts';
import { akoolSignature } from './akool-webhook-signature.ts';

/** Our own test vector, made with Node's crypto as docs/AKOOL.md describes (Akool's docs' example does not verify). */
function callback(payload: object, clientId: string, clientSecret: string, ivSource = clientId) {
  const bits = clientSecret.length * 8;
  const iv = Buffer.from(ivSource.padEnd(16, ' ').slice(0, 16));
  const cipher = createCipheriv(`aes-${bits}-cbc`, Buffer.from(clientSecret), iv);
  const dataEncrypt = Buffer.concat([cipher.update(JSON.stringify(payload)), cipher.final()]).toString('base64');
  const timestamp = 1712133151184;
  const nonce = '4831';
  const signature = createHash('sha1').update([clientId, String(timestamp), nonce, dataEncrypt].sort().join('')).digest('hex');
  return { signature, dataEncrypt, timestamp, nonce };
}

const payload = { _id: '660d15b83ec46e810ca642f5', status: 3, type: 'background change', url: 'https://cdn.example/r.png' };

describe('openAkoolWebhook', () => {
  it.each([16, 24, 32])('verifies and decrypts with a %i-byte secret (AES-%i picked by length)', (length) => {
    const clientId = 'client-id-longer-than-16';
    const secret = 's'.repeat(length - 4) + 'abcd';
    expect(openAkoolWebhook(callback(payload, clientId, secret), clientId, secret)).toEqual({
      remoteId: payload._id,
      status: 3,
      url: payload.url,
    });
  });

  it('pads a client id shorter than 16 bytes with spaces for the IV', () => {
    const body = callback({ _id: 'a1', status: 2 }, 'short-id', '0123456789abcdef01234567');
    expect(openAkoolWebhook(body, 'short-id', '0123456789abcdef01234567')).toEqual({ remoteId: 'a1', status: 2, url: null });
  });

  it('signs the four values sorted, joined without separator', () => {
    expect(akoolSignature('b', 2, 'a', 'c')).toBe(createHash('sha1').update('2abc').digest('hex'));
  });

  it('rejects a bad signature with 401, a wrong key and missing fields with 400', () => {
    const clientId = 'client-id-0000001';
    const secret = '0123456789abcdef01234567';
    const body = callback(payload, clientId, secret);
    const reject = (input: unknown, key = secret) => {
      try {
        openAkoolWebhook(input, clientId, key);
      } catch (error) {
        return error as WebhookRejected;
      }
      throw new Error('accepted');
    };
    expect(reject({ ...body, signature: '0'.repeat(40) }).statusCode).toBe(401);
    expect(reject({ ...body, nonce: '9999' }).statusCode).toBe(401);
    expect(reject(body, 'another-secret-of-24-byte').message).toBe('dataEncrypt does not decrypt to JSON with this client secret');
    expect(reject({ dataEncrypt: 'x' }).statusCode).toBe(400);
  });
});
